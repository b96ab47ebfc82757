"""The paper intake form's wording: every language says everything the English form says."""

from __future__ import annotations

from typing import Any

from frontdesk.documents.intake_form import load_form_wording
from frontdesk.documents.wording import LANGUAGES
from frontdesk.rules import intake as rules
from frontdesk.rules.contact import CARE_TEAM_ROLES


def _keys(node: Any, prefix: str = "") -> set[str]:
    if not isinstance(node, dict):
        return {prefix}
    return set().union(*(_keys(value, f"{prefix}.{key}") for key, value in node.items()))


def test_every_language_has_every_line_of_the_english_form() -> None:
    english = _keys(load_form_wording("en"))
    for lang in LANGUAGES:
        assert _keys(load_form_wording(lang)) == english, lang


def test_the_form_asks_what_the_intake_screen_records() -> None:
    words = load_form_wording("es")
    assert set(words["screening"]["questions"]) == set(rules.SCREENING)
    assert set(words["reason"]["choices"]) == set(rules.REASONS)
    assert set(words["medications"]["class_names"]) == set(rules.MEDICATION_CLASSES)
    assert set(words["answers"]) == set(rules.ANSWERS)
    assert set(words["care_team"]["roles"]) == set(CARE_TEAM_ROLES)


def test_a_box_stays_with_its_words_and_weight_height_ask_their_units() -> None:
    """A box at a line's end with its words on the next was ticked for the choice before it; a bare
    "70" for weight read as pounds or kilograms; a clinician's fax had no place."""
    import datetime as dt
    import re

    from frontdesk.documents.intake_form import render
    from frontdesk.services.intake import IntakeFormData
    from tests.print_helpers import pdf_pages, pdf_text

    for lang, units, fax in (("en", ("ft", "in", "cm", "lb", "kg", "Date measured"), "Fax"),
                             ("es", ("pies", "pulgadas", "cm", "libras", "kg", "Fecha en que se pesó"), "Fax")):
        pdf = render(IntakeFormData(clinic_name="Piedmont Infusion", clinic_phone="(336) 555-0142", language=lang,
                                    date_of_birth=dt.date(1971, 5, 19)), invariant=True)
        pages = pdf_pages(pdf)
        assert len(pages) <= 3 and "7. " in pages[-1], lang  # the signature is never alone on its page
        text = pdf_text(pdf)
        assert not re.search(r"\u2610\s*\n", text), lang  # no box ends a line: its words follow on it
        for unit in units:
            assert unit in text, (lang, unit)
        assert fax in text
    assert "Check one:" in pdf_text(render(IntakeFormData(clinic_name="X", clinic_phone="1", language="en")))


def test_a_new_patient_on_a_clipboard_can_give_what_the_record_holds() -> None:
    """The paper form asked the clinical intake only: a new patient had nowhere to write a phone, an
    email, an address, how they want to be contacted or the kind of chronic pain (DOMAIN's sections)."""
    from frontdesk.documents.intake_form import render
    from frontdesk.services.intake import IntakeFormData
    from tests.print_helpers import pdf_text

    for lang, words in (("en", ("Preferred name", "Sex / pronouns", "Preferred language", "Interpreter needed",
                                "Mobile phone", "Email", "Address", "How may we contact you?",
                                "OK to leave a voicemail", "OK to text me", "If chronic pain: what kind")),
                        ("es", ("Nombre que prefiere", "Idioma preferido", "Necesita intérprete", "Teléfono celular",
                                "Correo electrónico", "Dirección", "¿Cómo podemos comunicarnos con usted?",
                                "Se puede dejar mensaje de voz", "Si es dolor crónico"))):
        text = " ".join(pdf_text(render(IntakeFormData(clinic_name="X", clinic_phone="1", language=lang))).split())
        for word in words:
            assert word in text, (lang, word)
