"""The times and sections a pre-visit sheet states, computed from the booking."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from frontdesk.rules.contact import format_us_phone
from frontdesk.rules.handout import (
    calendar_event,
    clock_text,
    medication_topics,
    plan_handout,
)
from tests.handout_types import TYPE_MINUTES

TZ = ZoneInfo("America/New_York")


def _plan(kind: str, hour: int, minute: int = 0, **kw: object) -> object:
    defaults = TYPE_MINUTES[kind]
    args = {**defaults, **kw}
    return plan_handout(kind=kind, start=dt.datetime(2026, 12, 1, hour, minute, tzinfo=TZ), **args)  # type: ignore[arg-type]


def test_morning_infusion_arrive_by_and_fasting_same_day() -> None:
    plan = _plan("iv_mood", 10, 30)
    assert clock_text(plan.arrive_by) == "10:15 AM"
    assert (clock_text(plan.food.at), plan.food.day) == ("4:30 AM", "night")
    assert (clock_text(plan.liquids.at), plan.liquids.day) == ("8:30 AM", "same_day")
    assert plan.total_minutes == 15 + 15 + 40 + 30
    assert plan.needs_driver and plan.no_driving_until == dt.date(2026, 12, 2)


def test_afternoon_infusion_fasting_in_the_morning() -> None:
    plan = _plan("iv_mood", 14)
    assert clock_text(plan.food.at) == "8:00 AM" and plan.food.day == "same_day"
    assert clock_text(plan.liquids.at) == "12:00 PM"


def test_early_morning_food_cutoff_falls_the_evening_before() -> None:
    plan = _plan("iv_mood", 7, 30, food_cutoff_minutes=480)
    assert plan.food.at.date() == dt.date(2026, 11, 30)
    assert (clock_text(plan.food.at), plan.food.day) == ("11:30 PM", "evening_before")
    assert plan.liquids.day == "same_day"


def test_cutoff_in_the_previous_morning_is_day_before() -> None:
    plan = _plan("iv_mood", 7, food_cutoff_minutes=24 * 60)
    assert plan.food.day == "day_before"


def test_esketamine_observes_two_hours_with_its_own_fasting() -> None:
    plan = _plan("esketamine", 9)
    assert plan.observation_minutes == 120
    assert clock_text(plan.food.at) == "7:00 AM" and clock_text(plan.liquids.at) == "8:30 AM"
    assert plan.visit_kind == "nasal"


def test_consultation_has_no_fasting_no_driver_no_alcohol() -> None:
    plan = _plan("consult", 11)
    assert plan.food is None and plan.liquids is None and plan.alcohol_from is None
    assert not plan.needs_driver
    assert "fasting" not in plan.sections and "driver" not in plan.sections
    assert plan.visit_kind == "consult"


def test_medication_topics_keep_only_known_classes_in_sheet_order() -> None:
    assert medication_topics(["sleep", "Benzodiazepine", "aspirin", "sleep"]) == ("benzodiazepine", "sleep")
    assert medication_topics([]) == ()


def test_clock_text_noon_and_midnight() -> None:
    assert clock_text(dt.time(0, 5)) == "12:05 AM"
    assert clock_text(dt.time(12, 0)) == "12:00 PM"
    assert clock_text(dt.time(13, 0), "a. m.", "p. m.") == "1:00 p. m."


def test_phone_shown_the_us_way() -> None:
    assert format_us_phone("+18285550100") == "(828) 555-0100"
    assert format_us_phone("ext 12") == "ext 12"
    assert format_us_phone("+18285550143 x7") == "(828) 555-0143 ext. 7"  # as settings store an extension


def test_calendar_event_is_utc_and_escaped() -> None:
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ)
    text = calendar_event(uid="a-1", start=start, end=start + dt.timedelta(hours=2),
                          summary="Visit; clinic", location="12 Main St, Asheville")
    assert "DTSTART:20261201T140000Z" in text and "DTEND:20261201T160000Z" in text
    assert "SUMMARY:Visit\\; clinic" in text and "LOCATION:12 Main St\\, Asheville" in text
    assert text.startswith("BEGIN:VCALENDAR\r\n")


def test_fasting_counts_real_hours_across_the_spring_daylight_saving_change() -> None:
    start = dt.datetime(2026, 3, 8, 7, 30, tzinfo=TZ)  # clocks went from 2:00 to 3:00 that night
    plan = plan_handout(kind="iv_mood", start=start, prep_minutes=15, treatment_minutes=40, recovery_minutes=30,
                        food_cutoff_minutes=360, liquid_cutoff_minutes=120)
    assert clock_text(plan.food.at) == "12:30 AM"  # six real hours, not the wall clock's 1:30
    assert plan.food.at.astimezone(dt.UTC) == dt.datetime(2026, 3, 8, 5, 30, tzinfo=dt.UTC)
    assert clock_text(plan.liquids.at) == "5:30 AM"
