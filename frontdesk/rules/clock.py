"""Clinic wall-clock time versus stored UTC instants.

The clinic has one time zone. Instants are stored as naive UTC; people see local wall-clock time.
Converting through zoneinfo keeps daylight-saving days right: a 09:00 booking stays 09:00 local.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_to_utc(local: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Naive UTC instant for a wall-clock time in the clinic (naive or aware input)."""
    aware = local if local.tzinfo else local.replace(tzinfo=tz)
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def utc_to_local(utc: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Aware clinic-local date-time for a stored naive UTC instant."""
    return utc.replace(tzinfo=dt.UTC).astimezone(tz)


def day_bounds_utc(day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where the local calendar day starts and the next one starts (23–25 h apart)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return _naive_utc(start), _naive_utc(end)


def now_local(tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.now(tz).replace(microsecond=0)


def parse_local_datetime(text: str) -> dt.datetime:
    """'YYYY-MM-DD HH:MM' (or ISO with T) as a naive local date-time; ValueError names the format."""
    try:
        return dt.datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise ValueError(f"not a date and time: {text!r} (use YYYY-MM-DD HH:MM)") from None


def parse_date(text: str) -> dt.date:
    """'YYYY-MM-DD' as a date; ValueError names the expected format."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _naive_utc(aware: dt.datetime) -> dt.datetime:
    return aware.astimezone(dt.UTC).replace(tzinfo=None)
