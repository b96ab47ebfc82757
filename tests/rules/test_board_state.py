"""Late arrivals and overdue recovery, as the board flags them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from frontdesk.rules.board_state import LATE, OVERDUE, alert, chair_not_free_yet, chair_occupant, recovery_due
from frontdesk.values import Appointment, AppointmentType

TZ = ZoneInfo("America/New_York")
IV_MOOD = AppointmentType(id=1, code="iv_mood", name="IV ketamine, mood", kind="iv_mood", prep_minutes=15,
                          treatment_minutes=40, recovery_minutes=30, turnover_minutes=15, needs_chair=True)
START = dt.datetime(2026, 3, 4, 9, 0, tzinfo=TZ)
BOOKED = Appointment(id=1, patient_id=1, patient_name="Ana Núñez", type=IV_MOOD, chair_id=1, chair_name="Chair 1",
                     start=START, end=START + dt.timedelta(minutes=100))


def at(hour: int, minute: int) -> dt.datetime:
    return START.replace(hour=hour, minute=minute)


def test_a_patient_not_arrived_by_the_start_is_late() -> None:
    assert alert(BOOKED, at(8, 59)) is None
    assert alert(BOOKED, at(9, 0)) == LATE
    assert alert(replace(BOOKED, flow="arrived"), at(9, 5)) is None


def test_recovery_past_its_planned_end_is_overdue() -> None:
    recovering = replace(BOOKED, flow="recovery")
    assert recovery_due(recovering) == at(10, 25)  # 15 prep + 40 treatment + 30 recovery
    assert alert(recovering, at(10, 25)) is None
    assert alert(recovering, at(10, 26)) == OVERDUE


def test_a_late_start_of_recovery_moves_its_due_time() -> None:
    recovering = replace(BOOKED, flow="recovery")
    assert recovery_due(recovering, at(10, 10)) == at(10, 40)
    assert alert(recovering, at(10, 30), recovery_started=at(10, 10)) is None


def test_cancelled_and_completed_appointments_raise_nothing() -> None:
    assert alert(replace(BOOKED, outcome="cancelled"), at(12, 0)) is None
    assert alert(replace(BOOKED, flow="discharged", outcome="completed"), at(12, 0)) is None


def test_the_next_booking_in_a_chair_whose_patient_stays_past_their_time_is_told_the_chair_is_not_free() -> None:
    staying = replace(BOOKED, flow="recovery")  # due out of the chair at 10:25 (100 min less 15 turnover)
    next_one = replace(BOOKED, id=2, patient_name="Ben Okafor", start=at(10, 40), end=at(12, 20))
    elsewhere = replace(next_one, id=3, chair_id=2, chair_name="Chair 2")
    board = [staying, next_one, elsewhere]
    assert chair_not_free_yet(board, at(10, 24)) == {}  # not yet past their time
    assert chair_not_free_yet(board, at(10, 30)) == {
        2: "Chair 1 still has Ana Núñez (in recovery, due out at 10:25): the chair is not free yet"}
    assert chair_not_free_yet([replace(staying, flow="discharged", outcome="completed"), next_one], at(10, 30)) == {}
    far = replace(next_one, start=at(13, 0), end=at(14, 40))
    assert chair_not_free_yet([staying, far], at(10, 30)) == {}  # hours away: they will have left
    waiting = replace(next_one, flow="arrived")  # here, in the waiting room, for the chair
    assert chair_not_free_yet([staying, waiting], at(10, 30)) == {2: chair_not_free_yet(board, at(10, 30))[2]}
    seated = replace(next_one, flow="in_chair")
    assert chair_not_free_yet([staying, seated], at(10, 30)) == {}


def test_the_patient_sitting_in_a_chair_is_its_occupant_whatever_the_clock_says() -> None:
    staying = replace(BOOKED, flow="recovery")
    next_one = replace(BOOKED, id=2, patient_name="Ben Okafor", start=at(10, 40), end=at(12, 20), flow="arrived")
    assert chair_occupant([staying, next_one], next_one) == staying
    assert chair_occupant([replace(staying, flow="arrived"), next_one], next_one) is None  # not seated yet
    assert chair_occupant([replace(staying, flow="discharged", outcome="completed"), next_one], next_one) is None
    assert chair_occupant([staying, replace(next_one, chair_id=2)], replace(next_one, chair_id=2)) is None
    assert chair_occupant([staying], replace(next_one, chair_id=None)) is None  # the office has no chair


def test_booking_into_a_chair_whose_patient_is_still_there_is_a_soft_limit() -> None:
    from frontdesk.rules.booking import Proposal, check
    from frontdesk.settings import ClinicProfile
    from frontdesk.values import Chair

    staying = replace(BOOKED, flow="in_chair")
    proposal = Proposal(9, IV_MOOD, Chair(1, "Chair 1", 1), at(10, 45))
    problems = check(proposal, [staying], [], ClinicProfile(), now=at(10, 35))
    assert [(p.hard, p.message) for p in problems] == [
        (False, "Chair 1 still has Ana Núñez (in the chair, due out at 10:25): the chair is not free yet")]
    assert check(proposal, [staying], [], ClinicProfile()) == []  # without the clock: the plan only
