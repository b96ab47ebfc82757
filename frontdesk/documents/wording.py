"""The handout's wording per language, read from resources/handouts/<lang>.json (editable without code)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from string import Formatter
from typing import Any

from frontdesk.resources import resource_path
from frontdesk.rules.handout import clock_text, duration_parts

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


def normalise_language(lang: str | None) -> str:
    """A supported language code for `lang` ("es-MX" → "es"); English otherwise."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


class Wording:
    """One language's texts, with the date, time and duration formats that go with them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.language = str(data.get("language", DEFAULT_LANGUAGE))

    def text(self, *path: str) -> Any:
        """The value at `path` ("sections", "visit", "heading"); KeyError names the missing key."""
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                raise KeyError(f"handout wording ({self.language}) has no {'.'.join(path)}")
            node = node[key]
        return node

    def has(self, *path: str) -> bool:
        try:
            self.text(*path)
        except KeyError:
            return False
        return True

    def clock(self, moment: dt.datetime | dt.time) -> str:
        return clock_text(moment, self.data["time"]["am"], self.data["time"]["pm"])

    def date(self, day: dt.date) -> str:
        return str(self.data["date_format"]).format(
            weekday=self.data["weekdays"][day.weekday()], month=self.data["months"][day.month - 1],
            day=day.day, year=day.year)

    def session(self, moment: dt.datetime) -> str:
        """A later session of a series, day and time without the year: "Wednesday, December 2, 10:00 AM"."""
        return str(self.data.get("session_format", "{date}, {time}")).format(
            weekday=self.data["weekdays"][moment.weekday()], month=self.data["months"][moment.month - 1],
            day=moment.day, time=self.clock(moment), date=self.date(moment.date()))

    def duration(self, minutes: int) -> str:
        hours, rest = duration_parts(minutes)
        formats = self.data["duration"]
        if hours and rest:
            return str(formats["hours_minutes"]).format(hours=hours, minutes=rest)
        if hours:
            return str(formats["hours"]).format(hours=hours)
        return str(formats["minutes"]).format(minutes=rest)

    def moment(self, at: dt.datetime, day: str) -> str:
        """A cut-off as read: "9:00 PM the evening before (Monday, …)" or just "7:00 AM"."""
        return str(self.data["day"][day]).format(time=self.clock(at), date=self.date(at.date()))


@functools.cache
def load_wording(lang: str | None = None) -> Wording:
    """The wording for `lang` (falls back to English for an unknown language)."""
    code = normalise_language(lang)
    path = resource_path("handouts", f"{code}.json")
    with path.open(encoding="utf-8") as handle:
        return Wording(json.load(handle))


def template_fields(template: str) -> list[tuple[str, str | None]]:
    """A wording line split into (literal text, placeholder name or None) pieces."""
    return [(literal, name) for literal, name, _spec, _conv in Formatter().parse(template)]
