"""Series planning and openings on plain values: spacing, per-week cap, same chair, alternatives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from frontdesk.rules.availability import day_openings, time_of_day_filter
from frontdesk.rules.booking import Checker, Problem, Proposal, check
from frontdesk.rules.series import SeriesRequest, plan_series
from frontdesk.rules.spans import add_minutes
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment, BlockedTime, Chair
from tests.rules.test_booking import C1, C2, C3, MONDAY, MOOD, at, booked

PROFILE = ClinicProfile()
CHAIRS = [C1, C2, C3]


def checker(existing: list[Appointment], blocks: list[BlockedTime] | None = None):  # type: ignore[no-untyped-def]
    def is_free(chair: Chair | None, start: dt.datetime) -> list[Problem]:
        return check(Proposal(1, MOOD, chair, start), existing, blocks or [], PROFILE)
    return is_free


def request(**kw: object) -> SeriesRequest:
    base: dict[str, object] = dict(type=MOOD, count=6, first_day=MONDAY, preferred_time=dt.time(9), min_days=2)
    base.update(kw)
    return SeriesRequest(**base)  # type: ignore[arg-type]


def test_six_sessions_two_days_apart_same_chair_skipping_sunday() -> None:
    sessions = plan_series(request(), CHAIRS, checker([]), PROFILE)
    days = [s.slot.start.date().isoformat() for s in sessions if s.slot]
    assert days == ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-11", "2026-03-13"]
    assert {s.slot.chair for s in sessions if s.slot} == {C1}
    assert [s.label for s in sessions] == [f"{n} of 6" for n in range(1, 7)]
    assert all(s.conflict == "" for s in sessions)


def test_at_most_k_a_week() -> None:
    sessions = plan_series(request(count=4, min_days=1, max_per_week=2), CHAIRS, checker([]), PROFILE)
    days = [s.slot.start.date() for s in sessions if s.slot]
    assert [d.isoformat() for d in days] == ["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10"]


def test_taken_slot_is_marked_and_the_same_time_in_another_chair_offered() -> None:
    wed = MONDAY + dt.timedelta(days=2)
    existing = [booked(9, 2, C1, at(9, day=wed))]
    sessions = plan_series(request(count=3), CHAIRS, checker(existing), PROFILE)
    second = sessions[1]
    assert second.conflict == "Chair 1 is taken 09:00–10:40 by Patient 2, IV ketamine, mood"
    assert second.slot is not None and (second.slot.chair, second.slot.start) == (C2, at(9, day=wed))
    assert second.alternatives, "more than one way out is offered"
    assert sessions[2].slot is not None and sessions[2].slot.chair == C1  # back to the series' chair


def test_on_a_full_day_passing_over_the_starts_a_booking_covers_plans_the_same_with_fewer_questions() -> None:
    wed = MONDAY + dt.timedelta(days=2)
    # every chair booked back to back (100 min of chair time each) from 08:00 until 13:00 on Wednesday
    existing = [booked(100 * chair.id + n, 10 + n, chair, add_minutes(at(8, day=wed), 100 * n))
                for chair in CHAIRS for n in range(3)]
    rules = Checker(existing, [], PROFILE)
    asked: list[tuple[Chair | None, dt.datetime]] = []

    def is_free(chair: Chair | None, start: dt.datetime) -> Iterator[Problem]:
        asked.append((chair, start))
        return rules.problems(Proposal(1, MOOD, chair, start))

    def taken_until(chair: Chair | None, start: dt.datetime) -> dt.datetime | None:
        return rules.chair_taken_until(Proposal(1, MOOD, chair, start))

    plan = request(count=2, first_day=wed, preferred_time=dt.time(10))
    one_by_one = plan_series(plan, CHAIRS, is_free, PROFILE)
    asked_one_by_one = len(asked)
    asked.clear()
    passing_over = plan_series(plan, CHAIRS, is_free, PROFILE, taken_until)
    assert passing_over == one_by_one
    first = passing_over[0]
    assert first.conflict == "Chair 1 is taken 09:40–11:20 by Patient 11, IV ketamine, mood"
    assert first.slot is not None and (first.slot.chair, first.slot.start) == (C1, at(13, day=wed))
    assert [(a.chair, a.start) for a in first.alternatives] == [(C2, at(13, day=wed)), (C3, at(13, day=wed)),
                                                                (C1, at(13, 15, day=wed))]
    assert len(asked) < 0.6 * asked_one_by_one, (len(asked), asked_one_by_one)  # 32 against 65 here


def test_invalid_request_names_the_field() -> None:
    with pytest.raises(ValueError, match="days between"):
        plan_series(request(min_days=0), CHAIRS, checker([]), PROFILE)


def test_openings_first_free_per_chair_and_time_of_day() -> None:
    existing = [booked(1, 2, C1, at(8)), booked(2, 3, C2, at(8))]
    found = day_openings(MONDAY, MOOD, CHAIRS, existing, [], PROFILE)
    assert [(o.chair_name, f"{o.start:%H:%M}") for o in found] == [
        ("Chair 3", "08:15"), ("Chair 1", "09:45"), ("Chair 2", "09:45")]  # two 08:00 starts already
    afternoon = day_openings(MONDAY, MOOD, CHAIRS, existing, [], PROFILE, wanted=time_of_day_filter("afternoon"))
    assert all(o.start.hour >= 12 for o in afternoon)


def test_openings_none_on_closed_day() -> None:
    assert day_openings(MONDAY - dt.timedelta(days=1), MOOD, CHAIRS, [], [], PROFILE) == []


def test_time_of_day_filter_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="time of day"):
        time_of_day_filter("teatime")


def test_a_make_up_comes_after_the_series_last_session_and_its_spacing_on_an_open_day() -> None:
    from frontdesk.rules.series import make_up_day

    weekdays = {0, 1, 2, 3, 4}  # Monday to Friday
    # missed Tue 1 Dec; the series still has Thu 3 and Mon 7; two days apart: Wed 9 Dec
    assert make_up_day(dt.date(2026, 12, 1), [dt.date(2026, 12, 3), dt.date(2026, 12, 7)], 2, weekdays) == \
        dt.date(2026, 12, 9)
    # the last session on a Friday, one day apart: not the closed Saturday or Sunday, Monday
    assert make_up_day(dt.date(2026, 12, 1), [dt.date(2026, 12, 4)], 1, weekdays) == dt.date(2026, 12, 7)
    # the missed session was the last one: never on or before its own day
    assert make_up_day(dt.date(2026, 12, 9), [dt.date(2026, 12, 7)], 0, weekdays) == dt.date(2026, 12, 10)


def test_a_booster_is_due_the_interval_after_the_last_visit_of_someone_who_had_a_series() -> None:
    from dataclasses import replace

    from frontdesk.rules.series import booster_state

    session = replace(booked(7, 2, C1, at(9)), series_id=5)  # Mon 02 Mar 2026, the series' last session
    today = dt.date(2026, 3, 20)
    state = booster_state([session], 42, today)
    assert state is not None and state.due == dt.date(2026, 4, 13)
    assert state.words(today) == "Booster due Mon 13 Apr 2026 (42 days after the last visit, Mon 02 Mar)"
    assert not state.overdue(today)
    late = dt.date(2026, 4, 14)
    assert state.overdue(late) and state.words(late) == (
        "Booster overdue since Mon 13 Apr 2026: last visit Mon 02 Mar, nothing booked since")
    ahead = replace(booked(8, 2, C1, at(9, day=dt.date(2026, 4, 20))), series_id=None)  # a booster, booked
    assert booster_state([session, ahead], 42, late) is None  # in hand: nothing to say
    assert booster_state([replace(session, series_id=None)], 42, today) is None  # never had a series
    assert booster_state([replace(session, outcome="cancelled")], 42, today) is None
