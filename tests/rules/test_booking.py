"""Booking rules on plain values: edges, turnover, blocks, hours, DST days, soft limits."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from frontdesk.rules.availability import NOBODY, day_openings, starts_of_day
from frontdesk.rules.booking import (
    BookingConflict,
    Checker,
    Proposal,
    SoftLimitWarning,
    by_day,
    check,
    is_late_cancel,
    raise_for,
)
from frontdesk.rules.spans import add_minutes
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment, AppointmentType, BlockedTime, Chair

TZ = ZoneInfo("America/New_York")
MOOD = AppointmentType(1, "iv_mood", "IV ketamine, mood", "iv_mood", 15, 40, 30, 15, True)
ESK = AppointmentType(2, "esketamine", "Esketamine nasal spray", "esketamine", 15, 15, 120, 15, True)
CONSULT = AppointmentType(3, "consult", "New-patient consultation", "consult", 0, 30, 0, 0, False)
C1, C2, C3 = Chair(1, "Chair 1", 0), Chair(2, "Chair 2", 1), Chair(3, "Chair 3", 2)
MONDAY = dt.date(2026, 3, 2)


def at(hh: int, mm: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=TZ)


def booked(aid: int, patient: int, chair: Chair | None, start: dt.datetime, kind: AppointmentType = MOOD,
           outcome: str | None = None) -> Appointment:
    return Appointment(aid, patient, f"Patient {patient}", kind, chair.id if chair else None,
                       chair.name if chair else None, start, add_minutes(start, kind.chair_minutes),
                       outcome=outcome)


def messages(p: Proposal, existing: list[Appointment] = (), blocks: list[BlockedTime] = (),  # type: ignore[assignment]
             profile: ClinicProfile | None = None) -> list[str]:
    return [x.message for x in check(p, existing, blocks, profile or ClinicProfile())]


def test_overlap_in_the_same_chair_names_the_booking() -> None:
    existing = [booked(7, 2, C3, at(10, 15))]
    assert messages(Proposal(1, MOOD, C3, at(11)), existing) == [
        "Chair 3 is taken 10:15–11:55 by Patient 2, IV ketamine, mood"]


def test_touching_at_the_edges_is_fine_both_ways() -> None:
    existing = [booked(7, 2, C3, at(10))]  # 10:00–11:40 including turnover
    assert messages(Proposal(1, MOOD, C3, at(11, 40)), existing) == []
    assert messages(Proposal(1, MOOD, C3, at(8, 20)), existing) == []  # ends 10:00 exactly


def test_turnover_counts_as_chair_time() -> None:
    existing = [booked(7, 2, C3, at(10))]
    assert messages(Proposal(1, MOOD, C3, at(11, 30)), existing)  # 10 minutes into the turnover


def test_other_chair_and_cancelled_bookings_do_not_collide() -> None:
    existing = [booked(7, 2, C2, at(10)), booked(8, 3, C3, at(10), outcome="cancelled")]
    assert messages(Proposal(1, MOOD, C3, at(10)), existing) == []


def test_patient_cannot_be_in_two_places() -> None:
    existing = [booked(7, 1, C2, at(10))]
    assert messages(Proposal(1, CONSULT, None, at(11)), existing) == [
        "The patient is already booked 10:00–11:25 (IV ketamine, mood, Chair 2)"]


def test_patient_may_start_during_the_previous_turnover() -> None:
    existing = [booked(7, 1, C2, at(10))]  # leaves at 11:25, turnover until 11:40
    assert messages(Proposal(1, CONSULT, None, at(11, 25)), existing) == []


def test_a_second_treatment_the_same_day_asks_first_and_a_consultation_beside_one_does_not() -> None:
    """A patient booked for esketamine at 09:00 was booked for more at 13:00 without a word (and a series
    plan put a session on a day they already had one): a dose is doubled only on the clinician's word."""
    existing = [booked(7, 1, C2, at(9), ESK), booked(8, 1, None, at(16), CONSULT)]
    second = "The patient already has a treatment that day: Esketamine nasal spray 09:00–11:45 (Chair 2); a " \
             "second one only on the clinician's word"
    assert messages(Proposal(1, ESK, C3, at(13)), existing) == [second]
    assert messages(Proposal(1, MOOD, C3, at(13)), existing) == [second]  # whatever the kind of treatment
    with pytest.raises(SoftLimitWarning, match="already has a treatment that day"):
        raise_for(check(Proposal(1, MOOD, C3, at(13)), existing, [], ClinicProfile()))
    assert raise_for(check(Proposal(1, MOOD, C3, at(13)), existing, [], ClinicProfile()), override=True) == [second]
    assert messages(Proposal(1, CONSULT, None, at(12)), existing) == []  # a consultation the same day is fine
    assert messages(Proposal(1, ESK, C3, at(9, 0, MONDAY + dt.timedelta(days=1))), existing) == []  # next day
    assert messages(Proposal(2, ESK, C3, at(13)), existing) == []  # another patient
    cancelled = [booked(7, 1, C2, at(9), ESK, outcome="cancelled")]
    assert messages(Proposal(1, ESK, C3, at(13)), cancelled) == []  # a cancelled one is no treatment


def test_consult_needs_no_chair_but_patient_rule_applies() -> None:
    existing = [booked(7, 1, C2, at(10))]
    assert messages(Proposal(1, CONSULT, None, at(10, 30)), existing)[0].startswith("The patient is already booked")
    assert messages(Proposal(2, CONSULT, None, at(10, 30)), existing) == []


def test_chair_block_and_clinic_block_refuse() -> None:
    blocks = [BlockedTime(1, 3, at(8), at(18), "out_of_service", "pump repair"),
              BlockedTime(2, None, at(12), at(13), "lunch")]
    assert messages(Proposal(1, MOOD, C3, at(9)), blocks=blocks) == [
        "Chair 3 is out of service 08:00–18:00 (pump repair)"]
    assert messages(Proposal(1, MOOD, C2, at(11, 30)), blocks=blocks) == ["The clinic is closed for lunch 12:00–13:00"]
    assert messages(Proposal(1, MOOD, C2, at(13)), blocks=blocks) == []


def test_chair_out_of_service_refuses() -> None:
    assert messages(Proposal(1, MOOD, Chair(4, "Chair 4", 3, in_service=False), at(9))) == [
        "Chair 4 is out of service"]


def test_closed_day_and_outside_hours() -> None:
    sunday = MONDAY - dt.timedelta(days=1)
    assert messages(Proposal(1, MOOD, C1, at(10, day=sunday))) == ["The clinic is closed on Sunday 2026-03-01"]
    assert messages(Proposal(1, MOOD, C1, at(7, 45)))[0].startswith("Outside opening hours (08:00–18:00")
    assert messages(Proposal(1, MOOD, C1, at(16, 40)))  # the patient would leave at 18:05
    assert messages(Proposal(1, MOOD, C1, at(16, 35))) == []  # leaves 18:00; turnover may run after closing


def test_daylight_saving_day_keeps_wall_clock_and_real_length() -> None:
    spring = dt.date(2026, 3, 8)  # US clocks go forward at 02:00 (a Sunday; open it for the test)
    profile = ClinicProfile(hours={d: ("00:00", "23:59") for d in range(7)})
    start = dt.datetime.combine(spring, dt.time(1, 30), tzinfo=TZ)
    end = Proposal(1, MOOD, C1, start).end
    assert (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)) == dt.timedelta(minutes=100)
    assert end.strftime("%H:%M") == "04:10"  # 100 real minutes; the clock skipped an hour
    existing = [booked(7, 2, C1, start)]
    assert messages(Proposal(1, MOOD, C1, dt.datetime.combine(spring, dt.time(4, 0), tzinfo=TZ)),
                    existing, profile=profile)
    assert messages(Proposal(1, MOOD, C1, end), existing, profile=profile) == []


def test_starts_in_the_same_slot_are_a_soft_limit() -> None:
    existing = [booked(7, 2, C1, at(9)), booked(8, 3, C2, at(9, 5))]
    problems = check(Proposal(1, MOOD, C3, at(9, 10)), existing, [], ClinicProfile())
    assert [(p.hard, p.message) for p in problems] == [(False, "3 IV starts in 09:00–09:15 (the limit is 2)")]
    with pytest.raises(SoftLimitWarning, match="3 IV starts"):
        raise_for(problems)
    assert raise_for(problems, override=True) == ["3 IV starts in 09:00–09:15 (the limit is 2)"]


def test_iv_starts_are_counted_in_any_15_minutes_not_per_quarter_hour_on_the_clock() -> None:
    existing = [booked(7, 2, C1, at(9, 10)), booked(8, 3, C2, at(9, 14))]
    assert messages(Proposal(1, MOOD, C3, at(9, 20)), existing) == [
        "3 IV starts in 09:10–09:25 (the limit is 2)"]  # 09:10 and 09:14 straddle no quarter hour with it
    assert messages(Proposal(1, MOOD, C3, at(9, 25)), existing) == []  # 09:10 is 15 minutes before: out
    apart = [booked(7, 2, C1, at(9, 0)), booked(8, 3, C2, at(9, 20))]
    assert messages(Proposal(1, MOOD, C3, at(9, 10)), apart) == []  # no 15 minutes hold all three


def test_esketamine_sessions_start_no_line_and_do_not_count_as_iv_starts() -> None:
    profile = ClinicProfile(nurse_capacity=9)
    existing = [booked(7, 2, C1, at(9), ESK), booked(8, 3, C2, at(9, 5), ESK)]
    assert messages(Proposal(1, MOOD, C3, at(9, 10)), existing, profile=profile) == []
    two_lines = [booked(7, 2, C1, at(9)), booked(8, 3, C2, at(9, 5))]
    assert messages(Proposal(1, ESK, C3, at(9, 10)), two_lines, profile=profile) == []


def test_nurse_capacity_counts_monitored_patients() -> None:
    profile = ClinicProfile(nurse_capacity=2, nurses_on_duty=1, max_starts_per_slot=0)
    existing = [booked(7, 2, C1, at(9)), booked(8, 3, C2, at(9, 30))]
    assert messages(Proposal(1, MOOD, C3, at(9, 45)), existing, profile=profile) == [
        "3 patients monitored at once (nurse capacity 2)"]
    assert messages(Proposal(1, MOOD, C3, at(10, 30)), existing, profile=profile) == []


def test_esketamine_without_prescriber_warns() -> None:
    saturday = MONDAY + dt.timedelta(days=5)
    profile = ClinicProfile(prescriber_hours={5: None})
    assert messages(Proposal(1, ESK, C1, at(9, day=saturday)), profile=profile) == [
        "No prescriber on site for the whole esketamine block 09:00–11:30"]
    assert messages(Proposal(1, ESK, C1, at(9))) == []


def test_hard_problem_wins_over_override() -> None:
    existing = [booked(7, 2, C3, at(10))]
    with pytest.raises(BookingConflict, match="Chair 3 is taken"):
        raise_for(check(Proposal(1, MOOD, C3, at(10)), existing, [], ClinicProfile()), override=True)


def test_late_cancel_is_within_24_hours() -> None:
    assert is_late_cancel(at(10), at(10) - dt.timedelta(hours=23, minutes=59))
    assert not is_late_cancel(at(10), at(10) - dt.timedelta(hours=24))


def test_allows_says_what_check_says_for_every_start_of_a_crowded_day() -> None:
    """Finding an opening asks `Checker.allows` (it stops at the first problem): it must agree with `check` on
    every start and chair, whichever rule is the one that objects."""
    profile = ClinicProfile(nurse_capacity=2, nurses_on_duty=1, max_starts_per_slot=1,
                            prescriber_hours={0: ("10:00", "13:00")})
    existing = [booked(1, 2, C1, at(9)), booked(2, 3, C2, at(9, 30)), booked(3, 1, None, at(12), CONSULT),
                booked(4, 4, C3, at(14)), booked(5, 5, C1, at(11), outcome="cancelled")]
    blocks = [BlockedTime(1, 3, at(8), at(10), "out_of_service", "pump"),
              BlockedTime(2, None, at(13), at(13, 30), "lunch")]
    rules = Checker(existing, blocks, profile)
    answers, said = set(), set()
    for kind in (MOOD, ESK, CONSULT):
        for chair in (C1, C2, C3, Chair(4, "Chair 4", 3, in_service=False)) if kind.needs_chair else (None,):
            for start in starts_of_day(MONDAY, profile, TZ):
                proposal = Proposal(1, kind, chair, start)
                problems = check(proposal, existing, blocks, profile)
                assert rules.allows(proposal) is (not problems), (kind.code, chair, start)
                answers.add(not problems)
                said.update(problem.message for problem in problems)
    assert answers == {True, False}
    for rule in ("Outside opening hours", "out of service 08:00–10:00 (pump)", "Chair 4 is out of service", "is taken",
                 "already booked", "starts in", "monitored at once", "No prescriber", "closed for lunch"):
        assert any(rule in message for message in said), rule  # every rule objected somewhere


def test_by_day_gives_each_day_every_appointment_a_booking_that_day_could_meet() -> None:
    late = booked(1, 2, C1, at(23, 30))  # runs past midnight into Tuesday
    morning = booked(2, 3, C2, at(9, day=MONDAY + dt.timedelta(days=1)))
    days = by_day([late, morning])
    tuesday = MONDAY + dt.timedelta(days=1)
    assert days[MONDAY - dt.timedelta(days=1)] == [late]  # a Sunday-night booking could reach into it
    assert days[MONDAY] == [late, morning] and days[tuesday] == [late, morning]
    assert tuesday + dt.timedelta(days=1) not in days  # nothing reaches Wednesday



def _first_free_start_of_each_chair(kind: AppointmentType, chairs: list[Chair], existing: list[Appointment],
                                    blocks: list[BlockedTime], profile: ClinicProfile,
                                    patient_id: int) -> list[tuple[dt.datetime, int]]:
    """Every start of the day asked in turn, chair by chair: what finding an opening must find."""
    rules = Checker(existing, blocks, profile)
    found = []
    for chair in chairs:
        free = (s for s in starts_of_day(MONDAY, profile, TZ) if rules.allows(Proposal(patient_id, kind, chair, s)))
        start = next(free, None)
        if start is not None:
            found.append((start, chair.id))
    return sorted(found)


@pytest.mark.parametrize("patient_id", [NOBODY, 10])
@pytest.mark.parametrize("kind", [MOOD, ESK])
def test_an_opening_search_that_skips_past_bookings_finds_what_asking_every_start_finds(
        kind: AppointmentType, patient_id: int) -> None:
    """day_openings goes on from the end of the booking in a chair's way instead of asking every start
    before it: on a crowded day (back-to-back bookings, a block, lunch, a patient in the office meanwhile,
    soft limits) it must find the same first start in every chair."""
    profile = ClinicProfile(nurse_capacity=3, nurses_on_duty=1, max_starts_per_slot=2,
                            prescriber_hours={0: ("08:30", "16:00")})
    chairs = [C1, C2, C3, Chair(4, "Chair 4", 3)]
    existing = [booked(1, 2, C1, at(8)), booked(2, 3, C1, at(9, 40)), booked(3, 4, C1, at(11, 20), ESK),
                booked(4, 5, C2, at(8, 15), ESK), booked(5, 6, C2, at(11, 30)), booked(6, 7, C3, at(12)),
                booked(7, 8, chairs[3], at(8)), booked(8, 9, chairs[3], at(9, 45)),
                booked(9, 9, C3, at(15), outcome="cancelled"), booked(10, 10, None, at(8), CONSULT),
                booked(11, 10, None, at(12), CONSULT)]  # patient 10 is in the office 08:00–08:30 and 12:00–12:30
    blocks = [BlockedTime(1, 3, at(8), at(11), "out_of_service", "pump"),
              BlockedTime(2, None, at(13), at(13, 30), "lunch")]
    openings = day_openings(MONDAY, kind, chairs, existing, blocks, profile, patient_id=patient_id, per_day=10)
    assert [(o.start, o.chair_id) for o in openings] == _first_free_start_of_each_chair(
        kind, chairs, existing, blocks, profile, patient_id)
    assert openings and all(o.start > at(8) for o in openings)  # every chair was in the way at first
