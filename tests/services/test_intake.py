"""Intake services on SQLite and PostgreSQL: versions kept, flags raised and kept, readiness."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.rules.clock import local_to_utc, now_local
from frontdesk.services import attention, flags
from frontdesk.services import intake as service
from frontdesk.services.permissions import NotPermittedError
from frontdesk.settings import ClinicProfile
from tests.services.intake_helpers import ADMIN, DESK, NURSE, complete_data, make_appointment, make_patient

TZ = ClinicProfile().tz


def today() -> dt.date:
    return now_local(TZ).date()


def test_each_submission_is_a_new_version_never_an_overwrite(db: peewee.Database) -> None:
    pid = make_patient()
    first = service.submit_intake(DESK, pid, {"reason": {"kind": "depression"}})
    second = service.submit_intake(DESK, pid, complete_data())
    versions = service.intake_versions(DESK, pid)
    assert [(v.version, v.status) for v in versions] == [(1, "draft"), (2, "complete")]
    assert versions[0].data["reason"]["kind"] == "depression"
    assert first.id != second.id and versions[1].entered_by == "desk1"


def test_screening_yes_raises_clinician_review_once(db: peewee.Database) -> None:
    pid = make_patient()
    data = complete_data()
    data["screening"]["seizures"] = "yes"
    service.submit_intake(DESK, pid, data)
    service.submit_intake(DESK, pid, data)
    open_ = flags.open_flags([pid])[pid]
    assert [f.label for f in open_] == ["Clinician review before treatment"]


def test_a_reviewed_finding_does_not_come_back_when_the_intake_is_saved_again(db: peewee.Database) -> None:
    pid = make_patient()
    data = complete_data()
    data["screening"]["seizures"] = "yes"
    service.submit_intake(DESK, pid, data)
    [flag] = flags.open_flags([pid])[pid]
    flags.review(NURSE, flag.id)
    data["measurements"]["weight_kg"] = 70.0  # the desk corrects something else and saves again
    service.submit_intake(DESK, pid, data)
    assert flags.open_flags([pid]) == {}
    data["screening"]["psychosis"] = "yes"  # a new answer: the finding changed, so it is raised again
    service.submit_intake(DESK, pid, data)
    [again] = flags.open_flags([pid], NURSE)[pid]
    assert "Seizure" in again.detail and "sychosis" in again.detail
    assert m.Flag.select().where(m.Flag.patient == pid).count() == 2


def test_a_first_intake_opens_with_the_records_driver_emergency_contact_and_care_team(db: peewee.Database) -> None:
    pid = make_patient()
    m.Patient.update(driver_name="Mei Sharma", driver_relationship="partner", driver_phone="+18285550140",
                     emergency_name="Omar Lee", emergency_phone="+18285550141").where(m.Patient.id == pid).execute()
    m.CareTeamMember.create(patient=pid, role="therapist", name="Dr. Lee")
    start = service.form_start(DESK, pid)
    assert start["driver"] == {"name": "Mei Sharma", "relationship": "partner", "phone": "(828) 555-0140"}
    assert start["emergency"]["name"] == "Omar Lee"
    assert [(c["role"], c["name"]) for c in start["care_team"]] == [("therapist", "Dr. Lee")]
    assert start["reason"]["kind"] == ""  # nothing else is made up


def test_a_driver_named_on_the_intake_is_saved_to_the_record_the_sheets_print(db: peewee.Database) -> None:
    from frontdesk.services import patients

    pid = make_patient(driver="Old Driver")
    data = complete_data()
    data["driver"] = {"name": "Sam Driver", "relationship": "friend", "phone": "(828) 555-0111"}
    service.submit_intake(DESK, pid, data)
    record = patients.open_record(ADMIN, pid).details
    assert (record.driver_name, record.driver_relationship, record.driver_phone) == (
        "Sam Driver", "friend", "+18285550111")
    assert record.emergency_name == "Ann Contact"
    assert service.latest_intake(DESK, pid).data["driver"]["phone"] == "+18285550111"  # stored as the record's
    entry = m.AuditEntry.get(m.AuditEntry.detail == "driver / emergency contact from the intake")
    assert (entry.action, entry.patient_id) == ("patient.change", pid)


def test_a_bad_driver_phone_on_the_intake_is_refused_and_nothing_is_written(db: peewee.Database) -> None:
    pid = make_patient(driver="Old Driver")
    data = complete_data()
    data["driver"]["phone"] = "555-01"
    with pytest.raises(ValueError) as caught:
        service.submit_intake(DESK, pid, data)
    assert str(caught.value).startswith("driver phone: ")
    assert m.Intake.select().count() == 0 and m.Patient.get_by_id(pid).driver_name == "Old Driver"


def test_medication_class_raises_discuss_medications_and_feeds_topics(db: peewee.Database) -> None:
    pid = make_patient()
    data = complete_data()
    data["medications"] = {"none": False, "list": [{"name": "Lorazepam", "dose": "1 mg", "frequency": "prn"}],
                           "classes": ["benzodiazepine"]}
    service.submit_intake(DESK, pid, data)
    assert [f.kind for f in flags.open_flags([pid])[pid]] == ["discuss_medications"]
    assert service.medication_classes(pid) == ["benzodiazepine"]


def test_phq9_item9_raises_urgent_flag_kept_until_reviewed(db: peewee.Database) -> None:
    pid = make_patient()
    record = service.record_questionnaire(DESK, pid, "phq9", [1] * 8 + [2], today())
    assert (record.total, record.band) == (10, "moderate")
    # Later calm answers never clear it.
    service.record_questionnaire(DESK, pid, "phq9", [0] * 9, today())
    [flag] = flags.open_flags([pid])[pid]
    assert flag.urgent and flag.label == "Urgent: clinician review"
    assert flag.detail == ""  # no clinical detail without a clinical reader
    assert flags.open_flags([pid], DESK)[pid][0].kind == "urgent_clinician_review"  # the kind's name says why
    assert flags.open_flags([pid], NURSE)[pid][0].kind == "urgent_self_harm"
    assert flags.open_flags([pid], NURSE)[pid][0].detail == f"PHQ-9 item 9 answered 2 on {today():%m/%d/%Y}"
    assert flags.open_flags([pid], DESK)[pid][0].detail == ""
    reviewed = flags.review(NURSE, flag.id)
    assert reviewed.reviewed_by == "nurse1" and reviewed.reviewed_utc is not None
    assert flags.open_flags([pid]) == {}
    assert [f.reviewed_by for f in flags.patient_flags(DESK, pid)] == ["nurse1"]


def test_phq9_with_item9_left_blank_is_flagged_for_the_clinician(db: peewee.Database) -> None:
    """The risk is unknown: saved with no flag and no word before (helper-44). Not urgent (nobody said yes),
    a review before treatment; its detail, as every flag's, for clinical readers only."""
    pid = make_patient()
    record = service.record_questionnaire(DESK, pid, "phq9", [1, 2, 1, 2, 1, 2, 1, 2, None], today())
    assert record.total is None
    [flag] = flags.open_flags([pid])[pid]
    assert not flag.urgent and flag.label == "Clinician review before treatment"
    assert flags.open_flags([pid], NURSE)[pid][0].detail == (
        f"PHQ-9 item 9 (thoughts of self-harm) left unanswered on {today():%m/%d/%Y}: ask it before treatment")
    assert flags.open_flags([pid], DESK)[pid][0].detail == ""
    other = make_patient("Ben", "Okafor")
    service.record_questionnaire(DESK, other, "phq9", [None] * 9, today())  # nothing asked at all: no flag
    service.record_questionnaire(DESK, other, "gad7", [1, 1, 1, None, 1, 1, 1], today())  # not a PHQ-9
    assert flags.open_flags([other]) == {}


def test_desk_may_not_review_a_flag(db: peewee.Database) -> None:
    pid = make_patient()
    service.record_questionnaire(DESK, pid, "phq9", [0] * 8 + [1], today())
    [flag] = flags.open_flags([pid])[pid]
    with pytest.raises(NotPermittedError):
        flags.review(DESK, flag.id)
    assert flags.open_flags([pid])[pid][0].reviewed_by is None


def test_reviewing_twice_is_refused_and_keeps_the_first_review(db: peewee.Database) -> None:
    pid = make_patient()
    service.record_questionnaire(DESK, pid, "phq9", [0] * 8 + [3], today())
    [flag] = flags.open_flags([pid])[pid]
    flags.review(NURSE, flag.id)
    with pytest.raises(flags.FlagError, match=f"flag {flag.id}: already reviewed"):
        flags.review(ADMIN, flag.id)
    assert flags.patient_flags(NURSE, pid)[0].reviewed_by == "nurse1"


def test_out_of_range_questionnaire_writes_nothing(db: peewee.Database) -> None:
    pid = make_patient()
    with pytest.raises(ValueError, match="PHQ-9 item 9: 4 is out of range"):
        service.record_questionnaire(DESK, pid, "phq9", [0] * 8 + [4], today())
    assert m.QuestionnaireResponse.select().count() == 0 and m.Flag.select().count() == 0


def test_future_questionnaire_date_refused(db: peewee.Database) -> None:
    pid = make_patient()
    with pytest.raises(ValueError, match=r"date: .* is in the future"):
        service.record_questionnaire(DESK, pid, "gad7", [0] * 7, today() + dt.timedelta(days=2))
    assert m.QuestionnaireResponse.select().count() == 0


def test_unknown_patient_writes_nothing(db: peewee.Database) -> None:
    with pytest.raises(ValueError, match="patient: no patient with id 999"):
        service.record_questionnaire(DESK, 999, "phq9", [0] * 9 + [3], today())
    assert m.QuestionnaireResponse.select().count() == 0


def test_incomplete_questionnaire_stored_without_total(db: peewee.Database) -> None:
    pid = make_patient()
    record = service.record_questionnaire(DESK, pid, "gad7", [1, 1, None, 1, 1, 1, 1], today())
    assert (record.total, record.band, record.label) == (None, None, "incomplete")
    assert service.score_history(NURSE, pid).questionnaires[0].answers[2] is None
    assert service.score_history(DESK, pid).questionnaires[0].answers == ()  # item answers: clinical staff only


def test_changed_consent_version_shows_consent_to_renew(db: peewee.Database) -> None:
    pid = make_patient()
    for form in ("treatment", "privacy", "financial", "communication"):
        service.record_consent(DESK, pid, form, "Ada Example", today())
    states = {c.form: c.state for c in service.consent_status(pid)}
    assert states["privacy"] == "current" and states["rems"] == "consent missing"
    service.set_consent_version(ADMIN, "privacy", "2026-2")
    states = {c.form: c.state for c in service.consent_status(pid)}
    assert states["privacy"] == "consent to renew"


def _appointment_tomorrow(pid: int, kind: str = "iv_mood") -> int:
    start = dt.datetime.combine(today() + dt.timedelta(days=1), dt.time(10, 0))
    return make_appointment(pid, local_to_utc(start, TZ), kind)


def test_readiness_names_every_missing_item(db: peewee.Database) -> None:
    pid = make_patient()
    appointment = _appointment_tomorrow(pid)
    assert service.readiness([appointment]) == {appointment: [
        "intake incomplete", "consent missing", "no PHQ-9 in 7 days", "no driver", "no weight"]}


def test_readiness_empty_when_everything_is_on_file(db: peewee.Database) -> None:
    pid = make_patient()
    appointment = _appointment_tomorrow(pid)
    service.submit_intake(DESK, pid, complete_data(measured_on=today().isoformat()))
    for form in ("treatment", "privacy", "financial", "communication"):
        service.record_consent(DESK, pid, form, "Ada Example", today())
    service.record_questionnaire(DESK, pid, "phq9", [0] * 9, today())
    assert service.readiness([appointment]) == {appointment: []}
    service.set_consent_version(ADMIN, "treatment", "2")
    assert service.readiness([appointment]) == {appointment: ["consent to renew"]}


def test_esketamine_booking_without_rems_is_flagged_once(db: peewee.Database) -> None:
    pid = make_patient()
    first = flags.check_esketamine_booking(DESK, pid)
    second = flags.check_esketamine_booking(DESK, pid)
    assert first is not None and second is not None and first.id == second.id
    assert first.label == "REMS enrolment not on file"
    service.record_consent(DESK, pid, "rems", "Ada Example", today())
    assert flags.check_esketamine_booking(DESK, pid) is None
    assert flags.rems_missing(pid) is False


def test_needs_attention_lists_urgent_first(db: peewee.Database) -> None:
    calm, urgent = make_patient("Cal", "Calm"), make_patient("Una", "Urgent")
    _appointment_tomorrow(calm)
    service.record_questionnaire(DESK, urgent, "phq9", [0] * 8 + [1], today())
    rows = service.needs_attention(DESK, today() + dt.timedelta(days=1))
    assert [r.patient for r in rows] == ["Una Urgent", "Cal Calm"]
    assert rows[0].urgent and rows[0].when == ""
    assert rows[1].when == "10:00" and "intake incomplete" in rows[1].items


def test_needs_attention_lists_other_days_patients_only_for_an_urgent_flag_and_then_with_all_theirs(
        db: peewee.Database) -> None:
    urgent, quiet = make_patient("Una", "Urgent"), make_patient("Quinn", "Quiet")
    flags.raise_flag(ADMIN, urgent, "discuss_medications", "", "test")
    flags.raise_flag(ADMIN, urgent, "urgent_self_harm", "", "test")
    flags.raise_flag(ADMIN, quiet, "discuss_medications", "", "test")  # not urgent, not booked that day
    [row] = service.needs_attention(DESK, today() + dt.timedelta(days=1))
    assert (row.patient, row.when, row.urgent) == ("Una Urgent", "", True)
    assert [f.label for f in row.flags] == ["Urgent: clinician review", "Discuss medications"]


def test_audit_names_records_never_names_or_clinical_content(db: peewee.Database) -> None:
    pid = make_patient("Zed", "Secretname")
    data = complete_data()
    data["screening"]["seizures"] = "yes"
    service.submit_intake(DESK, pid, data)
    service.record_questionnaire(DESK, pid, "phq9", [0] * 8 + [2], today())
    rows = list(m.AuditEntry.select().order_by(m.AuditEntry.id))
    assert {r.action for r in rows} >= {"intake.submit", "questionnaire.enter", "flag.raise"}
    text = " ".join(f"{r.detail} {r.entity} {r.entity_id}" for r in rows)
    assert "Secretname" not in text and "Seizures" not in text and "item 9" not in text
    assert all(r.patient_id == pid for r in rows)


def test_desk_may_not_change_consent_versions(db: peewee.Database) -> None:
    with pytest.raises(NotPermittedError):
        service.set_consent_version(DESK, "privacy", "3")
    assert service.settings().consent_versions["privacy"] == "1"


def test_readiness_of_the_boards_appointments_matches_readiness_by_id(db: peewee.Database) -> None:
    from frontdesk.data.appointments_repo import get
    from frontdesk.data.clinic_repo import load_profile

    ready, drafted, esketamine = make_patient(driver="Dan"), make_patient(), make_patient()
    service.submit_intake(DESK, ready, complete_data(measured_on=today().isoformat()))
    for form in ("treatment", "privacy", "financial", "communication"):
        service.record_consent(DESK, ready, form, "Ada Example", today())
    service.record_questionnaire(DESK, ready, "phq9", [0] * 9, today())
    service.submit_intake(DESK, drafted, complete_data(measured_on="2020-01-01"))
    service.submit_intake(DESK, drafted, {"reason": {"kind": "depression"}})  # a newer draft
    tomorrow = today() + dt.timedelta(days=1)
    ids = [make_appointment(pid, local_to_utc(dt.datetime.combine(tomorrow, dt.time(hour)), TZ), kind)
           for pid, hour, kind in ((ready, 8, "iv_mood"), (drafted, 11, "iv_mood"), (esketamine, 14, "esketamine"))]
    profile = load_profile()
    by_id = service.readiness(ids)
    board = [appointment for i in ids if (appointment := get(i, profile.tz)) is not None]
    assert attention.readiness_of(board, profile) == by_id
    assert by_id[ids[0]] == []
    # An older complete version counts as the intake and gives the weight; the newer draft names no driver,
    # but the older one's went to the patient record, which is where the driver is kept.
    assert by_id[ids[1]] == ["consent missing", "no PHQ-9 in 7 days", "weight not recent"]
    assert "REMS enrolment missing" in by_id[ids[2]]


def test_the_desk_sees_questionnaire_totals_but_not_the_item_answers_an_urgent_flag_hides(
        db: peewee.Database) -> None:
    import io

    from pypdf import PdfReader

    pid = make_patient("Una", "Urgent")
    service.record_questionnaire(DESK, pid, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2], service.today())
    desk_view = service.summary_data(DESK, pid).questionnaires[0]
    nurse_view = service.summary_data(NURSE, pid).questionnaires[0]
    assert (desk_view.label, desk_view.answers) == ("10 moderate", ())  # item 9 (= 2) is the flag's detail
    assert nurse_view.answers[8] == 2
    desk_pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        service.summary_pdf(DESK, pid))).pages)
    assert "10 moderate" in desk_pdf and "clinical staff only" in desk_pdf and "1 1 1 1 1 1 1 1 2" not in desk_pdf


def test_a_phq9_with_an_item_left_blank_does_not_count_as_taken(db: peewee.Database) -> None:
    pid = make_patient()
    appointment = _appointment_tomorrow(pid)
    service.record_questionnaire(DESK, pid, "phq9", [1, 1, 1, 1, 1, 1, 1, None, 0], today())  # no total
    assert "no PHQ-9 in 7 days" in service.readiness([appointment])[appointment]
    service.record_questionnaire(DESK, pid, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0], today())
    assert "no PHQ-9 in 7 days" not in service.readiness([appointment])[appointment]


def test_the_patients_flags_list_the_open_urgent_one_first(db: peewee.Database) -> None:
    pid = make_patient()
    with db.atomic():
        flags.raise_flag(DESK, pid, "discuss_medications", "benzodiazepine", "intake")
    service.record_questionnaire(DESK, pid, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], today())  # raised later
    assert [f.label for f in flags.patient_flags(NURSE, pid)] == ["Urgent: clinician review", "Discuss medications"]
    assert [f.label for f in service.summary_data(NURSE, pid).flags] == [
        "Urgent: clinician review", "Discuss medications"]
