"""Intake use cases: intake versions, questionnaires, consents, readiness and what needs attention.

Each write runs in one transaction, checks the actor's permission and leaves an audit entry that
names the record, never its content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from frontdesk.data import attention_repo, clinic_repo, intake_repo, patients_repo
from frontdesk.data.database import database_proxy
from frontdesk.private_files import write_private
from frontdesk.rules import intake as intake_rules
from frontdesk.rules import readiness as readiness_rules
from frontdesk.rules.clock import day_bounds_utc, now_local, utc_to_local
from frontdesk.rules.flag_kinds import CLINICIAN_REVIEW, URGENT_KINDS
from frontdesk.rules.intake_records import (
    AppointmentBasics,
    ConsentRecord,
    FlagInfo,
    IntakeFormData,
    IntakeSummaryData,
    IntakeVersion,
    QuestionnaireRecord,
)
from frontdesk.rules.questionnaires import INSTRUMENT_NAMES, URGENT_SELF_HARM, score, self_harm_unanswered
from frontdesk.rules.text import display_name
from frontdesk.services import audit, flags
from frontdesk.services.attention import IntakeSettings, Need, intake_settings, missing_items
from frontdesk.services.clinic_settings import missing_contact_words
from frontdesk.services.permissions import allowed, require
from frontdesk.settings import ClinicProfile
from frontdesk.values import Actor, Appointment


@dataclass(frozen=True)
class ConsentStatus:
    form: str
    label: str
    current_version: str
    signed: ConsentRecord | None
    state: str  # current | consent missing | consent to renew


@dataclass(frozen=True)
class AttentionItem:
    """One line of the "needs attention today" list."""

    patient_id: int
    patient: str
    chart: str
    when: str  # "09:30" of the first appointment that day, or "" when not booked that day
    items: list[str] = field(default_factory=list)  # readiness words
    flags: list[FlagInfo] = field(default_factory=list)
    phone: str = ""  # "(828) 555-0102 (mobile) · no voicemail": for calling ahead about what is missing

    @property
    def urgent(self) -> bool:
        return any(f.urgent for f in self.flags)


@dataclass(frozen=True)
class ScoreHistory:
    """A patient's questionnaires over time and the dates of their sessions, for the chart."""

    questionnaires: list[QuestionnaireRecord]
    sessions: list[tuple[dt.date, str]]  # (local date, "2 of 6" or "")


# --- settings ---------------------------------------------------------------------------------


def settings() -> IntakeSettings:
    return intake_settings(clinic_repo.load_profile())


def set_consent_version(actor: Actor, form: str, version: str) -> None:
    """The clinic changed a consent form: patients who signed an older version must renew."""
    require(actor, "settings.change")
    if form not in readiness_rules.CONSENT_FORMS:
        raise ValueError(f"form: unknown consent form {form!r}")
    if not version.strip():
        raise ValueError("version: may not be empty")
    with database_proxy.atomic():
        stored = intake_repo.load_settings()
        stored.setdefault("consent_versions", {})[form] = version.strip()
        intake_repo.save_settings(stored)
        audit.record(actor, "settings.consent_version", entity="consent_form", entity_id=form)


# --- intake versions --------------------------------------------------------------------------


def form_start(actor: Actor, patient_id: int) -> dict[str, Any]:
    """What the intake form opens with: the latest version's answers (none yet: an empty form), its
    driver and emergency contact (and an empty care team) as the patient record has them now."""
    require(actor, "patients.view")
    record = patients_repo.get(patient_id)
    if record is None:
        raise ValueError(f"patient: no patient with id {patient_id}")
    latest = intake_repo.latest_intakes([patient_id]).get(patient_id)
    return intake_rules.with_record_contacts(latest.data if latest else {}, record)


def submit_intake(actor: Actor, patient_id: int, data: dict[str, Any]) -> IntakeVersion:
    """Store the form as a new version (draft while answers are missing) and raise its flags.

    The driver and emergency contact it names are saved to the patient record too, where they differ
    (one transaction): the record is what the pre-visit sheet and the nurses' day sheet print."""
    require(actor, "intake.enter")
    clean = intake_rules.checked_contact_phones(data)
    status = "complete" if intake_rules.is_complete(clean) else "draft"
    with database_proxy.atomic():
        _require_patient(patient_id)
        version = intake_repo.add_intake(patient_id, status, clean, actor.username)
        _contacts_to_record(actor, patient_id, clean)
        for raised in intake_rules.flags_for(clean):
            flags.raise_flag(actor, patient_id, raised.kind, raised.detail, f"intake:{version.id}",
                             once_reviewed=True)
        audit.record(actor, "intake.submit", entity="intake", entity_id=version.id, patient_id=patient_id,
                     detail=f"version {version.version} {status}")
    return version


def _contacts_to_record(actor: Actor, patient_id: int, data: dict[str, Any]) -> None:
    record = patients_repo.get(patient_id)
    changes = intake_rules.record_contact_changes(data, record) if record else {}
    if record is None or not changes:
        return
    patients_repo.update(patient_id, replace(record, **changes))  # type: ignore[arg-type]
    audit.record(actor, "patient.change", entity="patient", entity_id=patient_id, patient_id=patient_id,
                 detail="driver / emergency contact from the intake")


def intake_versions(actor: Actor, patient_id: int) -> list[IntakeVersion]:
    require(actor, "patients.view")
    audit.record(actor, "intake.view", entity="patient", entity_id=patient_id, patient_id=patient_id)
    return intake_repo.intake_versions(patient_id)


def latest_intake(actor: Actor, patient_id: int) -> IntakeVersion | None:
    require(actor, "patients.view")
    return intake_repo.latest_intakes([patient_id]).get(patient_id)


def medication_classes(patient_id: int) -> list[str]:
    """The medication classes of the latest intake (the handout's medication topics)."""
    latest = intake_repo.latest_intakes([patient_id]).get(patient_id)
    return intake_rules.medication_classes(latest.data) if latest else []


def _require_patient(patient_id: int) -> None:
    if not intake_repo.patient_exists(patient_id):
        raise ValueError(f"patient: no patient with id {patient_id}")


# --- questionnaires ---------------------------------------------------------------------------


def record_questionnaire(actor: Actor, patient_id: int, instrument: str, answers: Sequence[int | None],
                         taken_on: dt.date) -> QuestionnaireRecord:
    """Score and store one questionnaire; PHQ-9 item 9 above 0 raises an urgent flag, and left blank in a
    PHQ-9 otherwise begun a flag for the clinician's review before treatment."""
    require(actor, "intake.enter")
    result = score(instrument, answers)
    if taken_on > now_local(clinic_repo.load_profile().tz).date():
        raise ValueError(f"date: {taken_on.isoformat()} is in the future")
    with database_proxy.atomic():
        _require_patient(patient_id)
        record = intake_repo.add_questionnaire(patient_id, result.instrument, taken_on, result.answers,
                                               result.total, result.band, actor.username)
        if URGENT_SELF_HARM in result.flags:
            detail = f"{INSTRUMENT_NAMES['phq9']} item 9 answered {result.answers[8]} on {taken_on:%m/%d/%Y}"
            flags.raise_flag(actor, patient_id, URGENT_SELF_HARM, detail, f"questionnaire:{record.id}",
                             dedupe=False)
        elif self_harm_unanswered(result.instrument, result.answers):  # saved with no word of it, before
            detail = (f"{INSTRUMENT_NAMES['phq9']} item 9 (thoughts of self-harm) left unanswered on "
                      f"{taken_on:%m/%d/%Y}: ask it before treatment")
            flags.raise_flag(actor, patient_id, CLINICIAN_REVIEW, detail, f"questionnaire:{record.id}",
                             dedupe=False)
        audit.record(actor, "questionnaire.enter", entity="questionnaire", entity_id=record.id,
                     patient_id=patient_id, detail=result.instrument)
    return record


def score_history(actor: Actor, patient_id: int) -> ScoreHistory:
    require(actor, "patients.view")
    tz = clinic_repo.load_profile().tz
    sessions = []
    for start_utc, series_id, index in intake_repo.series_session_dates(patient_id):
        sessions.append((utc_to_local(start_utc, tz).date(), f"session {index}" if series_id and index else ""))
    return ScoreHistory(_questionnaires_as_seen_by(actor, patient_id), sessions)


# --- consents ---------------------------------------------------------------------------------


def record_consent(actor: Actor, patient_id: int, form: str, signer: str, signed_on: dt.date, *,
                   signature: str = "", form_version: str | None = None) -> ConsentRecord:
    """A signed consent, at the clinic's current form version unless one is given."""
    require(actor, "intake.enter")
    if form not in readiness_rules.CONSENT_FORMS:
        raise ValueError(f"form: unknown consent form {form!r}")
    if not signer.strip():
        raise ValueError("signer: may not be empty")
    if signed_on > now_local(clinic_repo.load_profile().tz).date():
        raise ValueError(f"signed on: {signed_on.isoformat()} is in the future")
    version = form_version or settings().consent_versions[form]
    with database_proxy.atomic():
        _require_patient(patient_id)
        record = intake_repo.add_consent(patient_id, form, version, signer.strip(), signed_on, signature,
                                         actor.username)
        audit.record(actor, "consent.record", entity="consent", entity_id=record.id, patient_id=patient_id,
                     detail=form)
    return record


def consent_status(patient_id: int) -> list[ConsentStatus]:
    """Each consent form with the latest signature and whether it is current."""
    current = settings().consent_versions
    signed = intake_repo.latest_consents([patient_id]).get(patient_id, {})
    out = []
    for form, label in readiness_rules.CONSENT_FORMS.items():
        record = signed.get(form)
        state = readiness_rules.consent_state(form, record.form_version if record else None, current[form])
        out.append(ConsentStatus(form, label, current[form], record, state or "current"))
    return out


# --- readiness and attention ------------------------------------------------------------------


def readiness(appointment_ids: list[int]) -> dict[int, list[str]]:
    """appointment id -> what is still missing for it (empty list when ready)."""
    basics = intake_repo.appointment_basics(appointment_ids)
    return _missing(basics, clinic_repo.load_profile()) if basics else {}


def _missing(basics: Sequence[AppointmentBasics], profile: ClinicProfile) -> dict[int, list[str]]:
    tz = profile.tz
    return missing_items([Need(b.id, b.patient_id, utc_to_local(b.start_utc, tz).date(), b.kind, b.needs_chair)
                          for b in basics], profile)


def needs_attention(actor: Actor, day: dt.date) -> list[AttentionItem]:
    """Patients booked on `day` with open flags or missing items, plus every open urgent flag; urgent first."""
    require(actor, "flags.see_exists")
    profile = clinic_repo.load_profile()
    tz = profile.tz
    start_utc, end_utc = day_bounds_utc(day, tz)
    appointment_ids = intake_repo.appointment_ids_between(start_utc, end_utc)
    basics = {b.id: b for b in intake_repo.appointment_basics(appointment_ids)}
    missing = _missing(list(basics.values()), profile) if basics else {}
    per_patient: dict[int, tuple[str, list[str]]] = {}
    for appointment_id in appointment_ids:
        b = basics[appointment_id]
        when, items = per_patient.setdefault(b.patient_id, (utc_to_local(b.start_utc, tz).strftime("%H:%M"), []))
        items.extend(word for word in missing.get(appointment_id, []) if word not in items)
    # Only the flags of the patients listed are read: the day's, and whoever has an urgent one open.
    urgent_elsewhere = attention_repo.patients_with_open_flags(URGENT_KINDS)
    open_by_patient = flags.open_flags(set(per_patient) | urgent_elsewhere, actor)
    patient_ids = {pid for pid, (_, items) in per_patient.items() if items or pid in open_by_patient}
    patient_ids |= urgent_elsewhere
    labels = intake_repo.patient_labels(patient_ids)
    phones = _phones_to_call(patient_ids)
    rows = []
    for pid in patient_ids:
        first, last, preferred, chart = labels.get(pid, ("", "", "", ""))
        when, items = per_patient.get(pid, ("", []))
        rows.append(AttentionItem(pid, display_name(first, last, preferred), chart, when, items,
                                  open_by_patient.get(pid, []), phones.get(pid, "")))
    rows.sort(key=lambda r: (not r.urgent, r.when == "", r.when, r.patient))
    return rows


def _phones_to_call(patient_ids: set[int]) -> dict[int, str]:
    """Each patient's phone with how they want to be reached ("no voicemail"), as the desk dials it."""
    return {pid: reach.line for pid, reach in patients_repo.reach_of(patient_ids).items()}


def readiness_for_day(actor: Actor, day: dt.date) -> list[tuple[Appointment, list[str]]]:
    """The day's appointments (not cancelled) with what each still misses, for calling ahead."""
    require(actor, "schedule.view")
    from frontdesk.services.schedule import load_day

    return [(a, list(a.readiness)) for a in load_day(day).appointments]  # the board has worked it out



def summary_pdf(actor: Actor, patient_id: int, *, invariant: bool = False) -> bytes:
    """The printable intake summary for the paper chart (flag detail only for clinical roles)."""
    require(actor, "print")
    from frontdesk.documents.intake_summary import render

    data = summary_data(actor, patient_id)
    pdf = render(data, invariant=invariant)
    audit.record(actor, "print.intake_summary", entity="patient", entity_id=patient_id, patient_id=patient_id)
    return pdf


def save_summary(actor: Actor, patient_id: int, path: Path) -> Path:
    """The intake summary written to `path`, whole or not at all, readable by this user only (OSError
    when the folder is not writable)."""
    pdf = summary_pdf(actor, patient_id)
    target = path.expanduser()
    write_private(target, pdf)
    return target


def paper_form_refusal(profile: ClinicProfile | None = None) -> str | None:
    """Why no paper intake form can be printed yet (the clinic's name and phone not set), or None: asked
    before the desk picks where to save one."""
    return missing_contact_words(profile or clinic_repo.load_profile(), "intake forms are printed")


def paper_form_pdf(actor: Actor, patient_id: int | None = None, lang: str | None = None, *,
                   invariant: bool = False) -> bytes:
    """The paper intake form: blank, or for a patient (their name, date of birth, the record's driver
    and emergency contact to confirm; in their language unless `lang` says otherwise)."""
    require(actor, "print")
    from frontdesk.documents.intake_form import render
    from frontdesk.rules.contact import format_phone

    profile = clinic_repo.load_profile()
    missing = paper_form_refusal(profile)
    if missing:
        raise ValueError(missing)
    form = IntakeFormData(clinic_name=profile.name, clinic_phone=format_phone(profile.phone), language=lang or "en")
    if patient_id is not None:
        record = patients_repo.get(patient_id)
        if record is None:
            raise ValueError(f"patient: no patient with id {patient_id}")
        people = intake_rules.with_record_contacts({}, record)
        form = replace(form, language=lang or record.language or "en",
                       patient_name=f"{record.legal_first} {record.legal_last}".strip(), date_of_birth=record.dob,
                       driver=people["driver"], emergency=people["emergency"])
    pdf = render(form, invariant=invariant)
    if patient_id is not None:
        audit.record(actor, "print.intake_form", entity="patient", entity_id=patient_id, patient_id=patient_id)
    return pdf


def save_paper_form(actor: Actor, patient_id: int | None, path: Path, lang: str | None = None) -> Path:
    """The paper intake form written to `path`, whole or not at all, this user's only (OSError when the
    folder is not writable)."""
    target = path.expanduser()
    write_private(target, paper_form_pdf(actor, patient_id, lang))
    return target


def summary_data(actor: Actor, patient_id: int) -> IntakeSummaryData:
    """Everything about a patient's intake that the summary and the intake screen show."""
    basics = intake_repo.patient_basics(patient_id)
    if basics is None:
        raise ValueError(f"patient: no patient with id {patient_id}")
    first, last, preferred, chart, dob = basics
    profile = clinic_repo.load_profile()
    return IntakeSummaryData(
        clinic_name=profile.name, patient_name=display_name(first, last, preferred), chart_number=chart,
        date_of_birth=dob, printed_on=now_local(profile.tz).date(), printed_by=actor.username,
        unit_system=profile.weight_unit, intake=intake_repo.latest_intakes([patient_id]).get(patient_id),
        questionnaires=_questionnaires_as_seen_by(actor, patient_id),
        flags=flags.in_order([flags.describe(r, actor) for r in intake_repo.flags_for_patient(patient_id)]),
        consents=[(c.label, c.signed, c.state) for c in consent_status(patient_id)],
        tz=profile.tz,
    )


def _questionnaires_as_seen_by(actor: Actor, patient_id: int) -> list[QuestionnaireRecord]:
    """The patient's questionnaires; their item answers only for clinical roles: PHQ-9 item 9 is what an
    urgent flag's hidden detail says (the desk sees the totals and bands, as it sees that a flag exists)."""
    records = intake_repo.questionnaires(patient_id)
    return records if allowed(actor, "clinical.view") else [replace(q, answers=()) for q in records]


def overview(actor: Actor, patient_id: int) -> IntakeSummaryData:
    """The patient's intake screen: the same content as the summary, the view recorded in the audit trail."""
    require(actor, "patients.view")
    data = summary_data(actor, patient_id)
    audit.record(actor, "intake.view", entity="patient", entity_id=patient_id, patient_id=patient_id)
    return data


def today() -> dt.date:
    return now_local(clinic_repo.load_profile().tz).date()
