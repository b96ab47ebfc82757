"""The few contact facts the desk needs at hand beside a booking, in words: how to reach the patient
(and how not to), their language and whether an interpreter is needed, and who drives them home.

Shown in the board's appointment details: the desk calls a late patient, books an interpreter, and
rings the driver as recovery ends, without opening the whole record.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.rules.contact import PatientDetails, PhoneEntry, format_phone, format_us_phone, language_name

NOT_ON_FILE = "none on file"


@dataclass(frozen=True)
class ContactCard:
    phone: str  # "(828) 555-0123 (mobile)", or NOT_ON_FILE
    reach: str  # "prefers text · no voicemail · Only call after 5 pm" ("prefers email: a@b.org"), or ""
    language: str  # "Spanish · interpreter needed"
    driver: str  # "Maria Lopez (sister), (828) 555-0150", or NOT_ON_FILE
    email: str = ""  # the address `reach` names, if it names one (a screen may give it a line of its own)

    @property
    def language_note(self) -> str:
        """The language worth a line beside a name on paper: none for English without an interpreter."""
        return "" if self.language == language_name("en") else self.language


@dataclass(frozen=True)
class Reach:
    """What calling a patient needs, and no more (a list of many patients reads only this)."""

    phone: PhoneEntry | None  # the primary one
    preferred_contact: str = "phone"
    ok_voicemail: bool = False
    ok_text: bool = False
    restriction: str = ""  # the patient's own words
    email: str = ""
    language: str = "en"  # the code: the language to speak or write in

    @property
    def phone_words(self) -> str:
        """"(828) 555-0123 (mobile)", or NOT_ON_FILE."""
        if self.phone is None:
            return NOT_ON_FILE
        return f"{format_phone(self.phone.number, self.phone.extension)} ({self.phone.kind})"

    @property
    def words(self) -> str:
        """How the patient wants to be reached, then what the desk must not do; their own words last."""
        parts = []
        if self.preferred_contact == "email" and self.email:
            parts.append(f"prefers email: {self.email}")
        elif self.preferred_contact and self.preferred_contact != "phone":
            parts.append(f"prefers {self.preferred_contact}")
        if not self.ok_voicemail:
            parts.append("no voicemail")
        if not self.ok_text and self.preferred_contact != "text":
            parts.append("no texts")
        if self.restriction.strip():
            parts.append(self.restriction.strip())
        return " · ".join(parts)

    @property
    def line(self) -> str:
        """The phone with the words: "(828) 555-0102 (mobile) · no voicemail", as a list shows it."""
        return " · ".join(part for part in (self.phone_words, self.words) if part)


def reach_of(details: PatientDetails) -> Reach:
    return Reach(details.primary_phone, details.preferred_contact, details.ok_voicemail, details.ok_text,
                 details.contact_restriction, details.email, details.language or "en")


def contact_card(details: PatientDetails) -> ContactCard:
    reach = reach_of(details)
    words = reach.words
    return ContactCard(phone=reach.phone_words, reach=words, language=_language(details),
                       driver=_driver(details), email=reach.email if reach.email and reach.email in words else "")


def _language(details: PatientDetails) -> str:
    name = language_name(details.language or "en")
    return f"{name} · interpreter needed" if details.interpreter_needed else name


def _driver(details: PatientDetails) -> str:
    name = details.driver_name.strip()
    if not name:
        return NOT_ON_FILE
    who = f"{name} ({details.driver_relationship.strip()})" if details.driver_relationship.strip() else name
    return f"{who}, {format_us_phone(details.driver_phone)}" if details.driver_phone else who
