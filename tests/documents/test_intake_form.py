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
