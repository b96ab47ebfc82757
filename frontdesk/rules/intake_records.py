"""Plain records of the intake area, as the data layer returns them and the screens show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from frontdesk.rules.clock import utc_to_local


@dataclass(frozen=True)
class IntakeVersion:
    """One submitted intake form; each submission is a new version, never an overwrite."""

    id: int
    patient_id: int
    version: int
    status: str  # draft | complete
    data: dict[str, Any]
    entered_by: str
    entered_utc: dt.datetime


@dataclass(frozen=True)
class QuestionnaireRecord:
    id: int
    patient_id: int
    instrument: str
    taken_on: dt.date
    answers: tuple[int | None, ...]
    total: int | None
    band: str | None
    entered_by: str
    entered_utc: dt.datetime

    @property
    def label(self) -> str:
        return "incomplete" if self.total is None else f"{self.total} {self.band}"


@dataclass(frozen=True)
class FlagRecord:
    id: int
    patient_id: int
    kind: str
    detail: str
    source: str
    raised_utc: dt.datetime
    reviewed_by: str | None = None
    reviewed_utc: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.reviewed_utc is None


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    patient_id: int
    form: str
    form_version: str
    signer: str
    signed_on: dt.date
    signature: str
    entered_by: str
    entered_utc: dt.datetime


@dataclass(frozen=True)
class AppointmentBasics:
    """The little about an appointment that readiness needs."""

    id: int
    patient_id: int
    start_utc: dt.datetime
    kind: str
    needs_chair: bool


@dataclass(frozen=True)
class FlagInfo:
    """A flag as the board, the day sheet and the lists show it.

    `label` and `tell` are safe for every role (THAT a flag exists and whom to tell); `detail` is the
    clinical content and is empty unless the reader may see clinical detail.
    """

    id: int
    patient_id: int
    kind: str
    label: str
    urgent: bool
    tell: str
    raised_utc: dt.datetime
    detail: str = ""
    reviewed_by: str | None = None
    reviewed_utc: dt.datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IntakeSummaryData:
    """Everything the intake summary and the patient's intake screen show."""

    clinic_name: str
    patient_name: str
    chart_number: str
    date_of_birth: dt.date | None
    printed_on: dt.date
    printed_by: str
    unit_system: str
    intake: IntakeVersion | None
    questionnaires: list[QuestionnaireRecord] = field(default_factory=list)
    flags: list[FlagInfo] = field(default_factory=list)
    consents: list[tuple[str, ConsentRecord | None, str]] = field(default_factory=list)  # label, record, state
    tz: dt.tzinfo = dt.UTC  # the clinic's: stored instants are shown in its local time

    def local(self, utc: dt.datetime) -> dt.datetime:
        """A stored (naive UTC) instant in the clinic's local time."""
        return utc_to_local(utc, self.tz)


@dataclass(frozen=True)
class IntakeFormData:
    """What the paper intake form prints: blank, or with a known patient's name, date of birth and the
    record's driver and emergency contact ({name, relationship, phone}) to confirm."""

    clinic_name: str
    clinic_phone: str
    language: str = "en"
    patient_name: str = ""
    date_of_birth: dt.date | None = None
    driver: dict[str, str] = field(default_factory=dict)
    emergency: dict[str, str] = field(default_factory=dict)
