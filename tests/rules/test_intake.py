"""Intake sections: what is required, what is missing, which flags the answers ask for."""

from __future__ import annotations

from typing import Any

import pytest

from frontdesk.rules.intake import (
    CLINICIAN_REVIEW,
    DISCUSS_MEDICATIONS,
    SCREENING,
    empty_data,
    flags_for,
    is_complete,
    missing,
    normalise,
)


def complete_data() -> dict[str, Any]:
    data = empty_data()
    data["reason"]["kind"] = "depression"
    data["medications"] = {"none": False, "list": [{"name": "Sertraline", "dose": "50 mg", "frequency": "daily"}],
                           "classes": []}
    data["allergies"] = {"none": True, "list": [], "ketamine": "no"}
    data["screening"] = {code: "no" for code in SCREENING}
    data["measurements"] = {"height_cm": 170.18, "weight_kg": 68.0388555, "measured_on": "2026-11-20"}
    data["driver"] = {"name": "Sam Driver", "relationship": "friend", "phone": "+18285550111"}
    data["emergency"] = {"name": "Ann Contact", "relationship": "sister", "phone": "+18285550112"}
    return data


def test_empty_form_lists_every_required_answer() -> None:
    words = missing(empty_data())
    assert words[:4] == ["reason for treatment", "medications (or none)", "allergies (or none)", "ketamine allergy"]
    assert "screening: Seizures" in words
    assert "driver name and phone" in words
    assert not is_complete(empty_data())


def test_complete_form_has_nothing_missing() -> None:
    assert missing(complete_data()) == []
    assert is_complete(complete_data())


def test_allergies_none_is_an_explicit_answer() -> None:
    data = complete_data()
    data["allergies"]["none"] = False
    assert missing(data) == ["allergies (or none)"]


def test_no_allergies_ticked_beside_a_ketamine_allergy_is_not_complete() -> None:
    """It counted complete, and the summary printed "Allergies: none" above "Ketamine allergy: yes"."""
    for answer in ("yes", "unsure"):
        data = complete_data()
        data["allergies"].update(none=True, ketamine=answer)
        assert missing(data) == [f"allergies: 'no allergies' ticked, yet ketamine allergy {answer}"]
        assert not is_complete(data)
    data = complete_data()
    data["allergies"].update(none=True, ketamine="no")
    assert is_complete(data)


def test_one_unanswered_screening_question_is_named() -> None:
    data = complete_data()
    del data["screening"]["pregnancy"]
    assert missing(data) == ["screening: Pregnant, possibly pregnant or breastfeeding"]


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_screening_yes_or_unsure_asks_for_clinician_review(answer: str) -> None:
    data = complete_data()
    data["screening"]["seizures"] = answer
    flags = flags_for(data)
    assert [f.kind for f in flags] == [CLINICIAN_REVIEW]
    assert flags[0].detail == f"Seizures: {answer}"


def test_all_no_raises_no_flag() -> None:
    assert flags_for(complete_data()) == []


def test_listed_medication_class_asks_to_discuss_medications() -> None:
    data = complete_data()
    data["medications"]["classes"] = ["opioid", "benzodiazepine"]
    flags = flags_for(data)
    assert [(f.kind, f.detail) for f in flags] == [(DISCUSS_MEDICATIONS, "Benzodiazepine, Opioid")]


def test_unknown_screening_answer_refused_with_field() -> None:
    data = complete_data()
    data["screening"]["liver"] = "maybe"
    with pytest.raises(ValueError, match=r"screening.liver: answer must be yes, no or unsure"):
        normalise(data)


def test_unknown_medication_class_refused() -> None:
    data = complete_data()
    data["medications"]["classes"] = ["antibiotic"]
    with pytest.raises(ValueError, match=r"medications.classes: unknown 'antibiotic'"):
        normalise(data)


def test_what_is_missing_is_told_by_the_section_that_asks_for_it() -> None:
    from frontdesk.rules.intake import empty_data, missing, missing_by_section

    by_section = missing_by_section(empty_data())
    assert {key: len(items) for key, items in by_section.items()} == {
        "reason": 1, "medications": 1, "allergies": 2, "screening": 11, "measurements": 3, "driver": 2}
    assert by_section["driver"] == ["driver name and phone", "emergency contact name and phone"]
    assert [item for items in by_section.values() for item in items] == missing(empty_data())  # form order
