"""The intake summary PDF, read back with pypdf: answers, scores with bands, flags, who entered them."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from frontdesk.documents.intake_summary import render
from frontdesk.rules.intake import SCREENING, empty_data
from frontdesk.rules.intake_records import (
    ConsentRecord,
    FlagInfo,
    IntakeSummaryData,
    IntakeVersion,
    QuestionnaireRecord,
)

WHEN = dt.datetime(2026, 11, 20, 15, 0)


def _data() -> IntakeSummaryData:
    answers = empty_data()
    answers["reason"]["kind"] = "depression"
    answers["medications"] = {"none": False, "classes": ["benzodiazepine"],
                              "list": [{"name": "<Lorazepam & co>", "dose": "1 mg", "frequency": "prn"}]}
    answers["allergies"] = {"none": True, "list": [], "ketamine": "no"}
    answers["screening"] = {code: "no" for code in SCREENING} | {"seizures": "unsure"}
    answers["measurements"] = {"height_cm": 170.18, "weight_kg": 68.0388555, "measured_on": "2026-11-20"}
    intake = IntakeVersion(1, 1, 3, "draft", answers, "desk1", WHEN)
    phq = QuestionnaireRecord(1, 1, "phq9", dt.date(2026, 11, 20), (1,) * 8 + (2, 0), 10, "moderate", "desk1", WHEN)
    gad = QuestionnaireRecord(2, 1, "gad7", dt.date(2026, 11, 20), (1, None, 1, 1, 1, 1, 1), None, None, "nurse1",
                              WHEN)
    flag = FlagInfo(1, 1, "urgent_self_harm", "Urgent: clinician review", True, "Tell the clinician on duty now",
                    WHEN, detail="PHQ-9 item 9 answered 2 on 2026-11-20", reviewed_by="nurse1", reviewed_utc=WHEN)
    consent = ConsentRecord(1, 1, "treatment", "1", "Zoë O'Brien", dt.date(2026, 11, 19), "", "desk1", WHEN)
    return IntakeSummaryData("Test Clinic", "Zoë O'Brien", "C000001", dt.date(1980, 5, 4), dt.date(2026, 11, 27),
                             "desk1", "imperial", intake, [phq, gad], [flag],
                             [("Treatment", consent, "current"), ("Privacy notice", None, "consent missing")])


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_summary_shows_answers_scores_flags_and_who() -> None:
    text = _text(render(_data(), invariant=True))
    for words in ["Intake summary", "Zoë O'Brien", "version 3 (draft), entered by desk1", "Seizures", "unsure",
                  "10 moderate", "incomplete", "Urgent: clinician review", "item 9 answered 2", "nurse1",
                  "150.0 lb", "68.0 kg", "Benzodiazepine", "consent missing", "Still missing"]:
        assert words in text, words


def test_dates_read_as_the_screens_write_them() -> None:
    """Month first, as the record, the intake screen and the desk write dates: ISO dates ("2026-11-19")
    read as another format beside them."""
    text = " ".join(_text(render(_data(), invariant=True)).split())
    assert "Date of birth 05/04/1980" in text and "Printed 11/27/2026 by desk1" in text
    assert "measured 11/20/2026" in text  # stored as ISO in the intake's answers
    assert "11/19/2026" in text  # the consent's signing day
    assert "1980-05-04" not in text and "2026-11-19" not in text and "2026-11-27" not in text


def test_user_text_is_escaped_not_dropped() -> None:
    assert "<Lorazepam & co>" in _text(render(_data(), invariant=True))


def test_attribution_line_printed_with_phq9() -> None:
    text = " ".join(_text(render(_data(), invariant=True)).split())
    assert "Spitzer" in text and "Pfizer Inc." in text


def test_invariant_output_is_byte_stable() -> None:
    assert render(_data(), invariant=True) == render(_data(), invariant=True)



def test_names_in_any_script_print() -> None:
    import dataclasses

    text = _text(render(dataclasses.replace(_data(), patient_name="Nguyễn Thị 李")))
    assert "Nguyễn Thị" in text and "李" in text


def test_times_are_the_clinics_local_time_not_utc() -> None:
    import dataclasses
    from zoneinfo import ZoneInfo

    text = " ".join(_text(render(dataclasses.replace(_data(), tz=ZoneInfo("America/New_York")),
                                 invariant=True)).split())
    # stored 2026-11-20 15:00 UTC: 10:00 in New York, and no "UTC" left for the reader to convert
    assert "entered by desk1 on 11/20/2026 10:00" in text and "nurse1 11/20/2026 10:00" in text
    assert "UTC" not in text


def test_contact_phones_print_as_the_desk_reads_them() -> None:
    import dataclasses

    data = _data()
    assert data.intake is not None
    answers = dict(data.intake.data)
    answers["driver"] = {"name": "Demo Driver", "relationship": "friend", "phone": "+18285550150"}
    answers["emergency"] = {"name": "Demo Contact", "relationship": "sibling", "phone": "ask at the desk"}
    answers["care_team"] = [{"role": "psychiatrist", "name": "Dr Demo", "practice": "Demo Care",
                             "phone": "828-555-0160", "fax": "8285550161"}]
    intake = dataclasses.replace(data.intake, data=answers)
    text = " ".join(_text(render(dataclasses.replace(data, intake=intake))).split())
    assert "Demo Driver, friend, (828) 555-0150" in text
    assert "Demo Contact, sibling, ask at the desk" in text  # not a number: printed as typed
    assert "Dr Demo, Demo Care, (828) 555-0160, fax (828) 555-0161" in text
    assert "+1828" not in text


def test_a_section_heading_never_ends_a_page_alone() -> None:
    import dataclasses

    # Enough questionnaires to push the later sections down the page, at every length in turn.
    data = _data()
    for extra in range(0, 40):
        records = [dataclasses.replace(data.questionnaires[0], id=100 + i) for i in range(extra)]
        pdf = render(dataclasses.replace(data, questionnaires=[*data.questionnaires, *records]), invariant=True)
        for page in PdfReader(io.BytesIO(pdf)).pages:
            lines = [line for line in page.extract_text().splitlines() if line.strip()]
            body = [line for line in lines if not line.startswith("Confidential health information")]
            assert body[-1] not in {"Questionnaires", "Flags", "Consents"}, (extra, body[-3:])


def test_questionnaire_answers_are_numbered_item_by_item() -> None:
    """A nurse looking for PHQ-9 item 9 counted digits in "1 1 1 1 1 1 1 1 2 0" (helper-44)."""
    text = " ".join(_text(render(_data(), invariant=True)).split())
    assert "1:1 2:1 3:1 4:1 5:1 6:1 7:1 8:1 9:2 10:0" in text
    assert "1:1 2:– 3:1" in text  # a GAD-7 item left blank


def test_a_form_stored_complete_that_the_rules_now_find_lacking_reads_as_a_draft() -> None:
    """Stored "complete" before 'no allergies' beside a ketamine allergy counted as missing: it read
    "(complete)" above "Still missing: …"."""
    import dataclasses

    data = _data()
    assert data.intake is not None
    answers = dict(data.intake.data)
    answers["allergies"] = {"none": True, "list": [], "ketamine": "yes"}
    stored = dataclasses.replace(data.intake, status="complete", data=answers)
    text = " ".join(_text(render(dataclasses.replace(data, intake=stored), invariant=True)).split())
    assert "version 3 (draft)" in text and "(complete)" not in text
    assert "'no allergies' ticked, yet ketamine allergy yes" in text
