"""What the board shows beside each appointment: its patient's open flags (labels only) and what the
appointment still misses before it can go ahead.

Read for a whole day in one query per fact set, and light to load: the board's first paint needs it;
the intake area's records, scoring rules and screens are not needed for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from frontdesk.data import attention_repo
from frontdesk.rules import readiness as readiness_rules
from frontdesk.rules.flag_kinds import kind_words
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment


@dataclass(frozen=True)
class IntakeSettings:
    """Clinic choices for the intake area (consent form versions, how recent a weight must be)."""

    consent_versions: dict[str, str]
    weight_recent_days: int
    questionnaire_due_days: int
    unit_system: str


def intake_settings(profile: ClinicProfile) -> IntakeSettings:
    stored = attention_repo.load_settings()
    versions = dict(readiness_rules.DEFAULT_CONSENT_VERSIONS)
    versions.update(stored.get("consent_versions", {}))
    return IntakeSettings(
        consent_versions=versions,
        weight_recent_days=int(stored.get("weight_recent_days", readiness_rules.DEFAULT_WEIGHT_RECENT_DAYS)),
        questionnaire_due_days=profile.questionnaire_due_days,
        unit_system=profile.weight_unit,
    )


def with_attention(appointments: list[Appointment], profile: ClinicProfile) -> list[Appointment]:
    """Each appointment with its patient's open flags (labels only) and what it still misses (the board's
    pills, the nurses' day sheet)."""
    if not appointments:
        return appointments
    labels = open_flag_labels({a.patient_id for a in appointments})
    gaps = readiness_of(appointments, profile)
    return [
        replace(a, flags=tuple(label for label, _ in labels.get(a.patient_id, [])),
                urgent_flag=any(urgent for _, urgent in labels.get(a.patient_id, [])),
                readiness=tuple(gaps.get(a.id, [])))
        for a in appointments
    ]


def open_flag_labels(patient_ids: Iterable[int]) -> dict[int, list[tuple[str, bool]]]:
    """patient id -> (label, urgent) of each open flag, urgent first, then oldest first: what every role
    may read (never the clinical detail)."""
    found: dict[int, list[tuple[bool, dt.datetime, int, str]]] = {}
    for flag_id, patient_id, kind, _detail, _source, raised_utc, _by, _at in attention_repo.open_flag_rows(
            list(patient_ids)):
        label, urgent, _ = kind_words(kind)
        found.setdefault(patient_id, []).append((not urgent, raised_utc, flag_id, label))
    return {patient_id: [(label, not not_urgent) for not_urgent, _, _, label in sorted(flags)]
            for patient_id, flags in found.items()}


def readiness_of(appointments: Sequence[Appointment], profile: ClinicProfile) -> dict[int, list[str]]:
    """What each appointment already read (the board) still misses; what they say is not asked again."""
    return missing_items([Need(a.id, a.patient_id, a.start.date(), a.type.kind, a.type.needs_chair)
                          for a in appointments], profile)


@dataclass(frozen=True)
class Need:
    """The little about an appointment that readiness needs."""

    appointment_id: int
    patient_id: int
    day: dt.date  # clinic-local
    kind: str
    needs_chair: bool


def missing_items(needs: list[Need], profile: ClinicProfile) -> dict[int, list[str]]:
    """appointment id -> what is still missing for it (empty list when ready). One query per fact set
    (settings, intake with driver, consents, questionnaires), never one per patient."""
    if not needs:
        return {}
    patient_ids = {n.patient_id for n in needs}
    conf = intake_settings(profile)
    intakes = attention_repo.intake_facts(patient_ids)
    consents = attention_repo.latest_consent_versions(patient_ids)
    dates = attention_repo.latest_questionnaire_dates(patient_ids)
    out = {}
    for n in needs:
        facts = intakes.get(n.patient_id) or attention_repo.IntakeFacts("", None, None)
        out[n.appointment_id] = readiness_rules.missing_items(readiness_rules.ReadinessFacts(
            day=n.day, kind=n.kind, needs_chair=n.needs_chair,
            intake_complete=facts.latest_complete is not None,
            signed_versions=consents.get(n.patient_id, {}),
            current_versions=conf.consent_versions,
            questionnaire_dates=dates.get(n.patient_id, {}),
            questionnaire_days=conf.questionnaire_due_days,
            driver_named=bool(facts.driver_name or _intake_driver(facts.latest)),
            weight_on=_weight_date(facts.latest if facts.latest_complete is None else facts.latest_complete),
            weight_recent_days=conf.weight_recent_days,
        ))
    return out


def weights_of(patient_ids: Iterable[int]) -> dict[int, str]:
    """patient id -> the weight the latest intake gives, for dosing: "68.0 kg (11/20/2026)"; patients
    with none on file are left out."""
    found = {}
    for patient_id, facts in attention_repo.intake_facts(patient_ids).items():
        measured = (facts.latest or {}).get("measurements") or {}
        if measured.get("weight_kg") not in (None, ""):
            on = _weight_date(facts.latest)
            found[patient_id] = f"{float(measured['weight_kg']):.1f} kg" + (f" ({on:%m/%d/%Y})" if on else "")
    return found


def _intake_driver(data: dict[str, Any] | None) -> str:
    return str(((data or {}).get("driver") or {}).get("name") or "")


def _weight_date(data: dict[str, Any] | None) -> dt.date | None:
    measured = ((data or {}).get("measurements") or {})
    if measured.get("weight_kg") in (None, "") or not measured.get("measured_on"):
        return None
    return dt.date.fromisoformat(measured["measured_on"])
