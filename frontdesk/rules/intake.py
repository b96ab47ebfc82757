"""The intake form: its sections, the answers it requires, and what is still missing.

`Intake.data` is JSON with these keys (other helpers read some of them, keep the shape):
- "reason": {"kind": one of REASONS, "pain_type": str, "notes": str}
- "medications": {"none": bool, "list": [{"name", "dose", "frequency"}...], "classes": [MEDICATION_CLASSES subset]}
- "allergies": {"none": bool, "list": [str...], "ketamine": "yes" | "no" | "unsure"}
- "screening": {SCREENING code: "yes" | "no" | "unsure"}
- "measurements": {"height_cm": float | None, "weight_kg": float | None, "measured_on": "YYYY-MM-DD" | ""}
- "driver": {"name", "relationship", "phone"}
- "emergency": {"name", "relationship", "phone"}
- "care_team": [{"role", "name", "practice", "phone", "fax"}...]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontdesk.rules.contact import FieldError, PatientDetails, optional_phone, show_optional_phone
from frontdesk.rules.flag_kinds import CLINICIAN_REVIEW as CLINICIAN_REVIEW  # the kinds flags_for() raises
from frontdesk.rules.flag_kinds import DISCUSS_MEDICATIONS as DISCUSS_MEDICATIONS

SECTIONS = (
    ("reason", "Reason for treatment"),
    ("medications", "Medications"),
    ("allergies", "Allergies"),
    ("screening", "Screening"),
    ("measurements", "Height and weight"),
    ("driver", "Driver and emergency contact"),
    ("care_team", "Care team"),
)

REASONS = {
    "depression": "Depression",
    "other_mood": "Other mood condition",
    "ptsd": "PTSD",
    "chronic_pain": "Chronic pain",
}

MEDICATION_CLASSES = {
    "benzodiazepine": "Benzodiazepine",
    "lamotrigine": "Lamotrigine",
    "stimulant": "Stimulant",
    "maoi": "MAOI",
    "opioid": "Opioid",
    "sleep": "Sleep medicine",
}

SCREENING = {
    "bp_uncontrolled": "High blood pressure not under control",
    "heart": "Heart disease, arrhythmia, recent heart attack or stroke",
    "aneurysm": "Aneurysm or vascular malformation",
    "brain_bleed": "Brain bleed",
    "head_eye_pressure": "Raised pressure in the head or eyes (glaucoma)",
    "liver": "Severe liver disease",
    "seizures": "Seizures",
    "psychosis": "Psychosis, schizophrenia or mania",
    "substance_use": "Active substance use",
    "pregnancy": "Pregnant, possibly pregnant or breastfeeding",
    "hyperthyroid": "Hyperthyroidism",
}

ANSWERS = ("yes", "no", "unsure")
CARE_ROLES = {"referring": "Referring provider", "psychiatrist": "Psychiatrist", "therapist": "Therapist",
              "primary_care": "Primary care"}



@dataclass(frozen=True)
class RaisedFlag:
    """A flag the rules ask for: its kind and the clinical detail (shown to clinical staff only)."""

    kind: str
    detail: str


def empty_data() -> dict[str, Any]:
    return {
        "reason": {"kind": "", "pain_type": "", "notes": ""},
        "medications": {"none": False, "list": [], "classes": []},
        "allergies": {"none": False, "list": [], "ketamine": ""},
        "screening": {},
        "measurements": {"height_cm": None, "weight_kg": None, "measured_on": ""},
        "driver": {"name": "", "relationship": "", "phone": ""},
        "emergency": {"name": "", "relationship": "", "phone": ""},
        "care_team": [],
    }


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """A copy with every section present, unknown values refused with the field named."""
    result = empty_data()
    for key, value in (data or {}).items():
        if key in result and isinstance(result[key], dict) and isinstance(value, dict):
            result[key].update(value)
        else:
            result[key] = value
    _validate(result)
    return result


def _validate(data: dict[str, Any]) -> None:
    kind = data["reason"].get("kind", "")
    if kind and kind not in REASONS:
        raise ValueError(f"reason: unknown {kind!r}")
    for name in data["medications"].get("classes", []):
        if name not in MEDICATION_CLASSES:
            raise ValueError(f"medications.classes: unknown {name!r}")
    for code, answer in data["screening"].items():
        if code not in SCREENING:
            raise ValueError(f"screening: unknown question {code!r}")
        if answer not in ANSWERS and answer not in ("", None):
            raise ValueError(f"screening.{code}: answer must be yes, no or unsure")
    ketamine = data["allergies"].get("ketamine", "")
    if ketamine not in ANSWERS and ketamine not in ("", None):
        raise ValueError("allergies.ketamine: answer must be yes, no or unsure")
    _validate_date(data["measurements"].get("measured_on", ""))


def _validate_date(text: str | None) -> None:
    if not text:
        return
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"measurements.measured_on: not a date (YYYY-MM-DD): {text!r}") from None


def missing(data: dict[str, Any]) -> list[str]:
    """The required answers not yet given, in form order, as short words for the desk."""
    return [item for items in missing_by_section(data).values() for item in items]


def missing_by_section(data: dict[str, Any]) -> dict[str, list[str]]:
    """missing(), by the section (SECTIONS key) whose tab asks for it; sections with nothing missing
    are left out."""
    d = normalise(data)
    out: dict[str, list[str]] = {}
    if not d["reason"].get("kind"):
        out["reason"] = ["reason for treatment"]
    meds = d["medications"]
    if not meds.get("none") and not meds.get("list"):
        out["medications"] = ["medications (or none)"]
    allergies = d["allergies"]
    if not allergies.get("none") and not allergies.get("list"):
        out.setdefault("allergies", []).append("allergies (or none)")
    if allergies.get("ketamine") not in ANSWERS:
        out.setdefault("allergies", []).append("ketamine allergy")
    elif allergies.get("none") and allergies.get("ketamine") in ("yes", "unsure"):
        # "Allergies: none" printed above "Ketamine allergy: yes", and the form counted complete
        out.setdefault("allergies", []).append(
            f"allergies: 'no allergies' ticked, yet ketamine allergy {allergies['ketamine']}")
    screening = [f"screening: {label}" for code, label in SCREENING.items() if d["screening"].get(code) not in ANSWERS]
    measurements = _missing_measurements(d["measurements"])
    people = [f"{words} name and phone" for key, words in (("driver", "driver"), ("emergency", "emergency contact"))
              if not d[key].get("name") or not d[key].get("phone")]
    for key, items in (("screening", screening), ("measurements", measurements), ("driver", people)):
        if items:
            out[key] = items
    return out


def _missing_measurements(m: dict[str, Any]) -> list[str]:
    out = []
    if m.get("height_cm") in (None, ""):
        out.append("height")
    if m.get("weight_kg") in (None, ""):
        out.append("weight")
    if not m.get("measured_on"):
        out.append("date measured")
    return out


# --- the driver and emergency contact: the patient record's ------------------------------------------
# The record is where the desk keeps them (the pre-visit sheet, the day sheet and the board read it);
# the intake form shows them as the record has them and a change made there is saved to the record.

CONTACT_PEOPLE = ("driver", "emergency")
PERSON_KEYS = ("name", "relationship", "phone")


def with_record_contacts(data: dict[str, Any], record: PatientDetails) -> dict[str, Any]:
    """The intake's answers with its driver and emergency contact as the record has them (where the
    record names one) and, where the intake lists no care team, the record's."""
    d = normalise(data)
    for who in CONTACT_PEOPLE:
        if getattr(record, f"{who}_name").strip():
            d[who] = {key: getattr(record, f"{who}_{key}") for key in PERSON_KEYS}
            d[who]["phone"] = show_optional_phone(d[who]["phone"])
    if not d["care_team"] and record.care_team:
        d["care_team"] = [{"role": e.role, "name": e.name, "practice": e.practice, "phone": e.phone, "fax": e.fax}
                          for e in record.care_team]
    return d


class ContactPhoneError(ValueError):
    """A driver's or emergency contact's phone that is not one; `who` is "driver" or "emergency"."""

    def __init__(self, who: str, reason: str) -> None:
        super().__init__(f"{who} phone: {reason}")
        self.who = who


def checked_contact_phones(data: dict[str, Any]) -> dict[str, Any]:
    """The answers with the driver's and emergency contact's phones as stored (E.164);
    ContactPhoneError names a phone that is not one ("driver phone: a US phone needs 10 digits…")."""
    d = normalise(data)
    for who in CONTACT_PEOPLE:
        try:
            d[who]["phone"] = optional_phone(str(d[who].get("phone") or ""))
        except FieldError as exc:
            raise ContactPhoneError(who, str(exc)) from None
    return d


def record_contact_changes(data: dict[str, Any], record: PatientDetails) -> dict[str, str]:
    """The record's fields that the intake's driver and emergency contact change (a person the intake
    names and the record has otherwise); an intake section left empty changes nothing."""
    changes: dict[str, str] = {}
    for who in CONTACT_PEOPLE:
        person = data.get(who) or {}
        if not str(person.get("name") or "").strip():
            continue
        for key in PERSON_KEYS:
            value = str(person.get(key) or "").strip()
            if value != getattr(record, f"{who}_{key}"):
                changes[f"{who}_{key}"] = value
    return changes


def is_complete(data: dict[str, Any]) -> bool:
    return not missing(data)


def screening_concerns(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, answer) for every screening question answered yes or unsure."""
    screening = (data or {}).get("screening", {}) or {}
    return [(code, screening[code]) for code in SCREENING if screening.get(code) in ("yes", "unsure")]


def flags_for(data: dict[str, Any]) -> list[RaisedFlag]:
    """What this intake asks clinical staff to look at (the app never decides for them)."""
    flags = []
    concerns = screening_concerns(data)
    allergy = ((data or {}).get("allergies") or {}).get("ketamine")
    if allergy in ("yes", "unsure"):
        concerns.append(("ketamine_allergy", allergy))
    if concerns:
        words = "; ".join(f"{SCREENING.get(code, 'Ketamine allergy')}: {answer}" for code, answer in concerns)
        flags.append(RaisedFlag(CLINICIAN_REVIEW, words))
    classes = medication_classes(data)
    if classes:
        flags.append(RaisedFlag(DISCUSS_MEDICATIONS, ", ".join(MEDICATION_CLASSES[c] for c in classes)))
    return flags


def medication_classes(data: dict[str, Any]) -> list[str]:
    """The listed medication classes in a stable order (what the handout's topics read)."""
    chosen = set(((data or {}).get("medications") or {}).get("classes") or [])
    return [name for name in MEDICATION_CLASSES if name in chosen]
