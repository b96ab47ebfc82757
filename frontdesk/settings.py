"""The clinic profile: plain data, stored as JSON by the data layer.

Where the database lives is frontdesk/database_target.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _default_hours() -> dict[int, tuple[str, str] | None]:
    weekdays: dict[int, tuple[str, str] | None] = {d: ("08:00", "18:00") for d in range(5)}
    weekdays[5] = ("09:00", "13:00")
    weekdays[6] = None
    return weekdays


_WEEKDAY_MAPS = ("hours", "prescriber_hours")
CONTACT_FIELDS = ("name", "address_lines", "phone", "after_hours_phone", "email")
CONTACT_WORDS = {"name": "name", "address_lines": "address", "phone": "phone", "after_hours_phone": "after-hours phone",
                 "email": "email"}


@dataclass
class ClinicProfile:
    """Everything about the clinic that the schedule and the printed sheets depend on."""

    name: str = "Blue Ridge Infusion Clinic"
    # What reminder texts call the clinic when its name says what it treats ("Blue Ridge Ketamine
    # Wellness"): a text on a lock screen must not. Blank: the name.
    text_name: str = ""
    address_lines: tuple[str, ...] = ("12 Example Street, Suite 100", "Asheville, NC 28801")
    phone: str = "+18285550100"
    after_hours_phone: str = "+18285550199"
    email: str = "desk@example.org"
    timezone: str = "America/New_York"
    # weekday (0 = Monday) -> ("HH:MM", "HH:MM") or None when closed
    hours: dict[int, tuple[str, str] | None] = field(default_factory=_default_hours)
    slot_minutes: int = 15
    arrival_lead_minutes: int = 15
    max_starts_per_slot: int = 2
    nurse_capacity: int = 3  # patients one nurse monitors at once
    nurses_on_duty: int = 2
    # weekday -> ("HH:MM", "HH:MM") when a prescriber is on site (esketamine needs one), or None
    prescriber_hours: dict[int, tuple[str, str] | None] = field(default_factory=_default_hours)
    idle_lock_minutes: int = 10
    alcohol_hours_before: int = 24
    booster_interval_days: int = 42
    questionnaire_due_days: int = 7
    weight_unit: str = "imperial"  # imperial (lb, ft/in) or metric (kg, cm)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def example_contact_fields(self) -> list[str]:
        """Which of the clinic's name, address, phones and email are still the example clinic's (the
        demo's, and what every new database starts with)."""
        example = ClinicProfile()
        return [name for name in CONTACT_FIELDS if getattr(self, name) == getattr(example, name)]

    def without_contact(self, fields: tuple[str, ...] | list[str] = CONTACT_FIELDS) -> ClinicProfile:
        """The profile with `fields` of the clinic's contact (all by default) left blank, to be filled in."""
        blank: dict[str, object] = {"address_lines": ()}
        return replace(self, **{name: blank.get(name, "") for name in fields})  # type: ignore[arg-type]

    @property
    def name_in_texts(self) -> str:
        return self.text_name.strip() or self.name

    def contact_gaps(self) -> list[str]:
        """What a patient's sheet needs that is not set: "name", "phone" (it tells them whom to call)."""
        return [label for label, value in (("name", self.name), ("phone", self.phone)) if not value.strip()]

    def opening(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """Opening and closing wall-clock time on `day`, or None when the clinic is closed."""
        hours = self.hours.get(day.weekday())
        if not hours:
            return None
        return dt.time.fromisoformat(hours[0]), dt.time.fromisoformat(hours[1])

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["address_lines"] = list(self.address_lines)
        for key in _WEEKDAY_MAPS:
            data[key] = {str(k): (list(v) if v else None) for k, v in getattr(self, key).items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClinicProfile:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "address_lines" in values:
            values["address_lines"] = tuple(values["address_lines"])
        for key in _WEEKDAY_MAPS:
            if key in values:
                values[key] = {int(k): (tuple(v) if v else None) for k, v in values[key].items()}
        return cls(**values)
