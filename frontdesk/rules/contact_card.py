"""The few contact facts the desk needs at hand beside a booking, in words: how to reach the patient
(and how not to), their language and whether an interpreter is needed, and who drives them home.

Shown in the board's appointment details: the desk calls a late patient, books an interpreter, and
rings the driver as recovery ends, without opening the whole record.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.rules.contact import PatientDetails, format_phone, language_name
from frontdesk.rules.handout import format_us_phone

NOT_ON_FILE = "none on file"


@dataclass(frozen=True)
class ContactCard:
    phone: str  # "(828) 555-0123 (mobile)", or NOT_ON_FILE
    reach: str  # "prefers text · no voicemail · Only call after 5 pm" ("prefers email: a@b.org"), or ""
    language: str  # "Spanish · interpreter needed"
    driver: str  # "Maria Lopez (sister), (828) 555-0150", or NOT_ON_FILE

    @property
    def language_note(self) -> str:
        """The language worth a line beside a name on paper: none for English without an interpreter."""
        return "" if self.language == language_name("en") else self.language


def contact_card(details: PatientDetails) -> ContactCard:
    return ContactCard(phone=_phone(details), reach=_reach(details), language=_language(details),
                       driver=_driver(details))


def _phone(details: PatientDetails) -> str:
    phone = details.primary_phone
    if phone is None:
        return NOT_ON_FILE
    return f"{format_phone(phone.number, phone.extension)} ({phone.kind})"


def _reach(details: PatientDetails) -> str:
    """How the patient wants to be reached, then what the desk must not do; the patient's own words last."""
    parts = []
    if details.preferred_contact == "email" and details.email:
        parts.append(f"prefers email: {details.email}")
    elif details.preferred_contact and details.preferred_contact != "phone":
        parts.append(f"prefers {details.preferred_contact}")
    if not details.ok_voicemail:
        parts.append("no voicemail")
    if not details.ok_text and details.preferred_contact != "text":
        parts.append("no texts")
    if details.contact_restriction.strip():
        parts.append(details.contact_restriction.strip())
    return " · ".join(parts)


def _language(details: PatientDetails) -> str:
    name = language_name(details.language or "en")
    return f"{name} · interpreter needed" if details.interpreter_needed else name


def _driver(details: PatientDetails) -> str:
    name = details.driver_name.strip()
    if not name:
        return NOT_ON_FILE
    who = f"{name} ({details.driver_relationship.strip()})" if details.driver_relationship.strip() else name
    return f"{who}, {format_us_phone(details.driver_phone)}" if details.driver_phone else who
