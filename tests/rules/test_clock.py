"""Clinic wall-clock time and UTC, including daylight-saving days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from frontdesk.rules.clock import day_bounds_utc, local_to_utc, parse_date, parse_local_datetime, utc_to_local

NEW_YORK = ZoneInfo("America/New_York")


def test_nine_oclock_stays_nine_oclock_across_the_spring_change() -> None:
    before = local_to_utc(dt.datetime(2026, 3, 7, 9, 0), NEW_YORK)
    after = local_to_utc(dt.datetime(2026, 3, 9, 9, 0), NEW_YORK)
    assert (before.hour, after.hour) == (14, 13)
    assert utc_to_local(after, NEW_YORK).hour == 9


def test_daylight_saving_days_are_23_and_25_hours_long() -> None:
    spring = day_bounds_utc(dt.date(2026, 3, 8), NEW_YORK)
    autumn = day_bounds_utc(dt.date(2026, 11, 1), NEW_YORK)
    assert spring[1] - spring[0] == dt.timedelta(hours=23)
    assert autumn[1] - autumn[0] == dt.timedelta(hours=25)


def test_bad_dates_are_named_with_the_expected_format() -> None:
    with pytest.raises(ValueError, match="use YYYY-MM-DD"):
        parse_date("13/2026")
    with pytest.raises(ValueError, match="YYYY-MM-DD HH:MM"):
        parse_local_datetime("tomorrow at ten")
    assert parse_local_datetime("2026-03-02 09:15") == dt.datetime(2026, 3, 2, 9, 15)
