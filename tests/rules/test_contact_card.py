"""The contact facts beside a booking, in the words the desk reads."""

from __future__ import annotations

from frontdesk.rules.contact import PatientDetails, PhoneEntry
from frontdesk.rules.contact_card import NOT_ON_FILE, contact_card


def _details(**changes: object) -> PatientDetails:
    base: dict[str, object] = {
        "legal_first": "Ana", "legal_last": "Núñez", "language": "es", "interpreter_needed": True,
        "phones": (PhoneEntry("+18285550101", "home"), PhoneEntry("+18285550102", "mobile", is_primary=True)),
        "preferred_contact": "text", "ok_text": True, "ok_voicemail": False,
        "driver_name": "Luis Núñez", "driver_relationship": "brother", "driver_phone": "+18285550150",
    }
    return PatientDetails(**(base | changes))  # type: ignore[arg-type]


def test_the_card_reads_as_the_desk_would_say_it() -> None:
    card = contact_card(_details())
    assert card.phone == "(828) 555-0102 (mobile)"  # the primary phone, not the first
    assert card.reach == "prefers text · no voicemail"
    assert card.language == "Spanish · interpreter needed"
    assert card.driver == "Luis Núñez (brother), (828) 555-0150"


def test_what_is_missing_says_so() -> None:
    card = contact_card(_details(phones=(), driver_name="", driver_relationship="", driver_phone=""))
    assert card.phone == NOT_ON_FILE
    assert card.driver == NOT_ON_FILE


def test_a_restriction_is_passed_on_in_the_patients_own_words() -> None:
    card = contact_card(_details(preferred_contact="phone", ok_voicemail=True, ok_text=False,
                                 contact_restriction="  Do not call at work  "))
    assert card.reach == "no texts · Do not call at work"


def test_a_patient_who_allows_everything_needs_no_contact_line() -> None:
    assert contact_card(_details(preferred_contact="phone", ok_voicemail=True, ok_text=True)).reach == ""


def test_a_language_without_sheets_reads_as_a_name_and_english_needs_no_interpreter_note() -> None:
    assert contact_card(_details(language="vietnamese")).language == "Vietnamese · interpreter needed"
    english = contact_card(_details(language="en", interpreter_needed=False))
    assert english.language == "English" and english.language_note == ""  # nothing to say on paper
    spanish = contact_card(_details(language="es", interpreter_needed=False))
    assert spanish.language_note == "Spanish"


def test_a_driver_without_relationship_or_phone_is_still_named() -> None:
    card = contact_card(_details(driver_relationship="", driver_phone=""))
    assert card.driver == "Luis Núñez"


def test_a_patient_who_prefers_email_gets_the_address_with_it() -> None:
    card = contact_card(_details(preferred_contact="email", email="ana@example.org", ok_voicemail=True))
    assert card.reach == "prefers email: ana@example.org"
    assert card.email == "ana@example.org"  # named, so a screen can give it a line of its own
    # An address the words do not name (the patient prefers calls) is not the card's to show.
    assert contact_card(_details(preferred_contact="phone", email="ana@example.org")).email == ""
    assert contact_card(_details(preferred_contact="mail", ok_voicemail=True)).reach == "prefers mail"


def test_a_list_line_puts_the_phone_before_how_to_reach() -> None:
    from frontdesk.rules.contact_card import reach_of

    assert reach_of(_details()).line == "(828) 555-0102 (mobile) · prefers text · no voicemail"
    assert reach_of(_details(phones=(), ok_voicemail=True, preferred_contact="phone")).line == "none on file"
