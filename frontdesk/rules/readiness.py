"""Is a patient ready for an appointment? The missing items, in short words the desk can act on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CONSENT_FORMS = {
    "treatment": "Treatment",
    "privacy": "Privacy notice",
    "financial": "Financial policy",
    "communication": "Communication",
    "rems": "Esketamine REMS enrolment",
}
REQUIRED_CONSENTS = ("treatment", "privacy", "financial", "communication")
DEFAULT_CONSENT_VERSIONS = {form: "1" for form in CONSENT_FORMS}
DEFAULT_WEIGHT_RECENT_DAYS = 30

INTAKE_INCOMPLETE = "intake incomplete"
CONSENT_MISSING = "consent missing"
CONSENT_TO_RENEW = "consent to renew"
REMS_MISSING = "REMS enrolment missing"
NO_DRIVER = "no driver"
NO_WEIGHT = "no weight"
WEIGHT_NOT_RECENT = "weight not recent"


@dataclass(frozen=True)
class ReadinessFacts:
    """What the records say about one patient before one appointment."""

    day: dt.date
    kind: str  # appointment type kind: consult | iv_mood | iv_pain | esketamine
    needs_chair: bool
    intake_complete: bool
    signed_versions: dict[str, str] = field(default_factory=dict)  # form -> latest signed version
    current_versions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CONSENT_VERSIONS))
    questionnaire_dates: dict[str, dt.date] = field(default_factory=dict)  # instrument -> latest taken_on
    questionnaire_days: int = 7
    driver_named: bool = False
    weight_on: dt.date | None = None
    weight_recent_days: int = DEFAULT_WEIGHT_RECENT_DAYS


def consent_state(form: str, signed: str | None, current: str) -> str | None:
    """None when current; else 'consent missing' or 'consent to renew'."""
    if signed is None:
        return CONSENT_MISSING
    return None if signed == current else CONSENT_TO_RENEW


def required_forms(kind: str) -> tuple[str, ...]:
    return (*REQUIRED_CONSENTS, "rems") if kind == "esketamine" else REQUIRED_CONSENTS


def missing_items(facts: ReadinessFacts) -> list[str]:
    """Every item still missing for this appointment (empty when ready)."""
    out: list[str] = []
    if not facts.intake_complete:
        out.append(INTAKE_INCOMPLETE)
    out.extend(_consent_items(facts))
    if not facts.needs_chair:
        return out
    item = _questionnaire_item(facts)
    if item:
        out.append(item)
    if not facts.driver_named:
        out.append(NO_DRIVER)
    item = _weight_item(facts)
    if item:
        out.append(item)
    return out


def _consent_items(facts: ReadinessFacts) -> list[str]:
    states = []
    for form in REQUIRED_CONSENTS:
        current = facts.current_versions.get(form, "1")
        states.append(consent_state(form, facts.signed_versions.get(form), current))
    out = [word for word in (CONSENT_MISSING, CONSENT_TO_RENEW) if word in states]
    if facts.kind == "esketamine":
        rems = consent_state("rems", facts.signed_versions.get("rems"), facts.current_versions.get("rems", "1"))
        if rems == CONSENT_MISSING:
            out.append(REMS_MISSING)
        elif rems and CONSENT_TO_RENEW not in out:
            out.append(CONSENT_TO_RENEW)
    return out


def due_instrument(kind: str) -> str:
    """Which questionnaire counts before this kind of session: pain for pain infusions, else PHQ-9."""
    return "nrs" if kind == "iv_pain" else "phq9"


def _questionnaire_item(facts: ReadinessFacts) -> str | None:
    instrument = due_instrument(facts.kind)
    taken = facts.questionnaire_dates.get(instrument)
    if taken is not None and 0 <= (facts.day - taken).days <= facts.questionnaire_days:
        return None
    name = "pain score" if instrument == "nrs" else "PHQ-9"
    return f"no {name} in {facts.questionnaire_days} days"


def _weight_item(facts: ReadinessFacts) -> str | None:
    if facts.weight_on is None:
        return NO_WEIGHT
    if (facts.day - facts.weight_on).days > facts.weight_recent_days:
        return WEIGHT_NOT_RECENT
    return None
