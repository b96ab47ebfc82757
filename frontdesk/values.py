"""Plain values passed between the layers (no Qt, no peewee, no reportlab).

The data layer returns these, the services hand them on, the UI and the documents read them.
Date-times here are aware and in the clinic's time zone unless a name ends in `_utc`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chair:
    """A treatment chair; one not in service takes no bookings."""

    id: int
    name: str
    position: int
    in_service: bool = True


@dataclass(frozen=True)
class AppointmentType:
    """An appointment type with its chair-time parts, all in minutes."""

    id: int
    code: str
    name: str
    kind: str  # consult | iv_mood | iv_pain | esketamine
    prep_minutes: int
    treatment_minutes: int
    recovery_minutes: int
    turnover_minutes: int
    needs_chair: bool
    colour: str = "#6a8caf"
    food_cutoff_minutes: int | None = None
    liquid_cutoff_minutes: int | None = None
    series_default_count: int = 1
    series_min_days: int = 1
    active: bool = True

    @property
    def chair_minutes(self) -> int:
        """Minutes the chair (or office) is held: prep + treatment + recovery + turnover."""
        return self.prep_minutes + self.treatment_minutes + self.recovery_minutes + self.turnover_minutes


# Day-of flow and booking outcome are separate (DESIGN.md "Day-of flow").
FLOW_STEPS = ("booked", "arrived", "in_chair", "recovery", "discharged")
OUTCOMES = ("completed", "cancelled", "no_show")
# Outcomes that free the chair again.
RELEASING_OUTCOMES = ("cancelled", "no_show")


@dataclass(frozen=True)
class Appointment:
    """One booking as the board, the CLI and the documents see it."""

    id: int
    patient_id: int
    patient_name: str
    type: AppointmentType
    chair_id: int | None
    chair_name: str | None
    start: dt.datetime
    end: dt.datetime
    flow: str = "booked"
    outcome: str | None = None
    series_id: int | None = None
    series_index: int | None = None
    series_total: int | None = None
    notes: str = ""
    # Open flags' labels (urgent first; never the clinical detail) and readiness gaps ("no driver").
    flags: tuple[str, ...] = field(default_factory=tuple)
    urgent_flag: bool = False
    readiness: tuple[str, ...] = field(default_factory=tuple)
    interpreter: str = ""  # the language an interpreter is needed for ("Spanish"); "" when none is
    confirmed: bool = False  # the patient confirmed this booking's time (confirmation calls); the board reads it
    pickup: str = ""  # in recovery: where the call to the driver stands (rules.pickup: to_call, settled, …)

    @property
    def status(self) -> str:
        """One word for lists and JSON: the outcome when there is one that ended it, else the flow step."""
        if self.outcome in RELEASING_OUTCOMES:
            return self.outcome or ""
        if self.outcome == "completed":
            return "completed"
        return self.flow

    @property
    def series_label(self) -> str:
        if self.series_index is None or self.series_total is None:
            return ""
        return f"{self.series_index} of {self.series_total}"


@dataclass(frozen=True)
class BlockedTime:
    """Time nobody can book: one chair (chair_id set) or the whole clinic (chair_id None); or, kind
    `prescriber_away`, time the prescriber is not on site (chairs stay bookable; esketamine is warned)."""

    id: int
    chair_id: int | None
    start: dt.datetime  # clinic-local
    end: dt.datetime
    kind: str  # out_of_service | closed | lunch | prescriber_away
    reason: str = ""

    @property
    def holds_chairs(self) -> bool:
        return self.kind != PRESCRIBER_AWAY


PRESCRIBER_AWAY = "prescriber_away"


@dataclass(frozen=True)
class FlowStamp:
    """One day-of step of an appointment: which step, when (clinic-local) and by whom."""

    step: str
    at: dt.datetime
    user: str


@dataclass(frozen=True)
class Actor:
    """Who is doing something: stamped on flow steps, bookings and the audit trail."""

    username: str
    role: str = "admin"  # desk | clinical | admin


SYSTEM_ACTOR = Actor("system", "admin")
