"""Printing use cases against a real database: language, intake topics, audit and "sheet printed"."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.services import printing
from frontdesk.values import Actor
from tests.print_helpers import add_intake, add_patient, book, pdf_pages, pdf_text

DAY = dt.date(2026, 12, 1)
DESK = Actor("desk1", "desk")


def _at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def test_sheet_in_the_patients_language_unless_overridden(db: peewee.Database) -> None:
    patient = add_patient("Lucía", "Hernández", language="es")
    appointment = book(patient, "iv_mood", _at(9))
    spanish = pdf_text(printing.handout_job(appointment, actor=DESK, invariant=True).pdf)
    assert "Su cita" in spanish and "Para: Lucía Hernández" in spanish
    assert "Llegue a más tardar a las 8:45 a. m. para registrarse." in " ".join(spanish.split())
    english = pdf_text(printing.handout_job(appointment, "en", actor=DESK, invariant=True).pdf)
    assert "Your appointment" in english and "arrive by 8:45 AM" in english


def test_medication_topics_come_from_the_latest_intake(db: peewee.Database) -> None:
    patient = add_patient("Minh", "Nguyễn")
    add_intake(patient, ["opioid"], version=1)
    add_intake(patient, ["benzodiazepine", "maoi"], version=2, reason={"depression": True},
               phq9={"total": 17, "band": "moderately severe"})
    text = pdf_text(printing.handout_job(book(patient, "iv_mood", _at(13)), actor=DESK, invariant=True).pdf)
    assert "Benzodiazepines" in text and "MAO inhibitors" in text and "Opioid" not in text
    assert "For: Minh Nguyễn" in text
    lowered = text.lower()
    assert "depress" not in lowered and "17" not in text and "severe" not in lowered and "mood" not in lowered


def test_patient_without_intake_gets_no_topics(db: peewee.Database) -> None:
    text = pdf_text(printing.handout_job(book(add_patient("Ana", "Ruiz"), "esketamine", _at(10)),
                                         actor=DESK, invariant=True).pdf)
    assert "Keep taking your usual medicines" in text and "Please talk with the clinician" not in text
    assert "observation for at least 2 h" in text


def test_unknown_appointment_and_language_are_refused(db: peewee.Database) -> None:
    with pytest.raises(printing.PrintError, match="no appointment with id 999"):
        printing.handout_job(999, actor=DESK)
    appointment = book(add_patient("Ana", "Ruiz"), "iv_mood", _at(9))
    with pytest.raises(printing.PrintError, match="language must be en or es"):
        printing.handout_job(appointment, "fr", actor=DESK)


def test_printing_records_audit_and_sheet_printed(db: peewee.Database) -> None:
    patient = add_patient("Ana", "Ruiz")
    appointment = book(patient, "iv_mood", _at(9))
    assert printing.sheet_printed_on([appointment]) == {}
    printing.handout_pdf(appointment, actor=DESK)
    entries = list(m.AuditEntry.select().where(m.AuditEntry.action == "print"))
    assert [(e.user, e.entity, e.entity_id, e.patient_id) for e in entries] == [
        ("desk1", "appointment", str(appointment), patient)]
    assert entries[0].detail == "handout print"
    printed = printing.sheet_printed_on([appointment])
    assert list(printed) == [appointment] and printed[appointment].tzinfo is not None
    event = m.AppointmentEvent.get(m.AppointmentEvent.kind == "sheet_printed")
    assert event.user == "desk1"


def test_building_for_a_preview_records_nothing(db: peewee.Database) -> None:
    appointment = book(add_patient("Ana", "Ruiz"), "iv_mood", _at(9))
    printing.handout_job(appointment, actor=DESK)
    assert m.AuditEntry.select().count() == 0 and m.AppointmentEvent.select().count() == 0


def test_day_batch_has_one_page_set_per_appointment_in_time_order(db: peewee.Database) -> None:
    names = [("Zoë", "Cohen", "Chair 2", 11), ("李", "伟", "Chair 1", 8), ("José", "Núñez", None, 10)]
    for first, last, chair, hour in names:
        book(add_patient(first, last), "consult" if chair is None else "iv_mood", _at(hour), chair)
    cancelled = book(add_patient("Gone", "Away"), "iv_mood", _at(14), "Chair 3")
    m.Appointment.update(outcome="cancelled").where(m.Appointment.id == cancelled).execute()
    book(add_patient("Other", "Day"), "iv_mood", _at(9, day=DAY + dt.timedelta(days=1)))
    seen: list[tuple[int, int]] = []
    job = printing.day_handouts_job(DAY, actor=DESK, invariant=True,
                                    progress=lambda done, total: seen.append((done, total)) is None)
    pages = pdf_pages(job.pdf)
    assert len(pages) == 3 and len(job.appointments) == 3
    assert ["李 伟" in pages[0], "José Núñez" in pages[1], "Zoë Cohen" in pages[2]] == [True] * 3
    assert seen == [(step, 6) for step in range(6)]


def test_cancelling_a_batch_stops_it(db: peewee.Database) -> None:
    for hour in (8, 10, 12):
        book(add_patient("P", str(hour)), "iv_mood", _at(hour))
    with pytest.raises(printing.PrintCancelledError):
        printing.day_handouts_job(DAY, actor=DESK, progress=lambda done, total: done < 1)


def test_day_sheet_lists_every_chair(db: peewee.Database) -> None:
    book(add_patient("Nguyễn", "An"), "iv_mood", _at(8), "Chair 2")
    book(add_patient("Ana", "Ruiz"), "consult", _at(10), None)
    text = pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf)
    for n in range(1, 7):
        assert f"Chair {n} (" in text
    assert "Chair 2 (1)" in text and "Nguyễn An" in text and "Office (no chair) (1)" in text


def test_day_sheet_shows_each_patients_open_flags_and_what_their_visit_still_misses(db: peewee.Database) -> None:
    from frontdesk.services import flags, intake

    flagged = add_patient("Ben", "Okafor")
    m.Flag.create(patient=flagged, kind="clinician_review", detail="screening answer: unsure", source="intake")
    visit = book(flagged, "iv_mood", _at(9), "Chair 1")
    text = " ".join(pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf).split())
    label = flags.open_flags([flagged])[flagged][0].label
    missing = intake.readiness([visit])[visit]
    assert f"Flag: {label}" in text and "screening answer" not in text  # the label, never the detail
    assert missing and all(item in text for item in missing)


def test_day_sheet_names_each_patients_driver_and_a_needed_interpreter(db: peewee.Database) -> None:
    spanish = add_patient("Ana", "Ruiz")
    m.Patient.update(language="es", interpreter_needed=True, driver_name="Luis Ruiz", driver_relationship="brother",
                     driver_phone="+18285550150").where(m.Patient.id == spanish).execute()
    book(spanish, "iv_mood", _at(9), "Chair 1")
    book(add_patient("Ben", "Okafor"), "iv_mood", _at(9), "Chair 2")  # English, no driver on file
    text = " ".join(pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf).split())
    assert "Ana Ruiz Spanish · interpreter needed Driver: Luis Ruiz (brother), (828) 555-0150" in text
    assert "Ben Okafor Driver: none on file" in text  # no language line for English
    assert "English" not in text


def test_save_pdf_writes_whole_file_and_records_export(db: peewee.Database, tmp_path: Path) -> None:
    appointment = book(add_patient("Ana", "Ruiz"), "iv_mood", _at(9))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "sheet.pdf"
    printing.save_pdf(printing.handout_job(appointment, actor=DESK), target, DESK)
    assert target.read_bytes().startswith(b"%PDF")
    assert [(e.action, e.detail) for e in m.AuditEntry.select()] == [("print", "handout export")]
    assert [p.name for p in out.iterdir()] == ["sheet.pdf"]


def test_unwritable_output_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(printing.PrintError, match="does not exist"):
        printing.check_writable(tmp_path / "missing" / "x.pdf")
    with pytest.raises(printing.PrintError, match="is a folder"):
        printing.check_writable(tmp_path)


def test_private_folder_is_owner_only_and_removed() -> None:
    with printing.private_folder() as folder:
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        (folder / "x.pdf").write_bytes(b"%PDF")
    assert not folder.exists()


def test_desk_role_may_print_but_an_unknown_role_may_not(db: peewee.Database) -> None:
    from frontdesk.services.permissions import NotPermittedError

    appointment = book(add_patient("Ana", "Ruiz"), "iv_mood", _at(9))
    with pytest.raises(NotPermittedError):
        printing.handout_job(appointment, actor=Actor("visitor", "guest"))


def _series(patient: int, days: list[int], hour: int = 10) -> list[int]:
    """A four-session mood series for `patient` on December `days`, each its own appointment "n of 4"."""
    kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
    series = m.Series.create(patient=patient, type=kind, planned_count=len(days))
    ids = []
    for index, day in enumerate(days, start=1):
        appointment = book(patient, "iv_mood", _at(hour, day=dt.date(2026, 12, day)))
        m.Appointment.update(series=series, series_index=index).where(m.Appointment.id == appointment).execute()
        ids.append(appointment)
    return ids


def test_a_series_sheet_names_the_session_and_lists_the_ones_still_to_come(db: peewee.Database) -> None:
    sessions = _series(add_patient("Ana", "Ruiz"), [1, 3, 7, 9])
    m.Appointment.update(outcome="cancelled").where(m.Appointment.id == sessions[2]).execute()  # 7 Dec called off

    text = pdf_text(printing.handout_job(sessions[1], actor=DESK, invariant=True).pdf)

    assert "This visit is session 2 of 4 in your treatment series." in text
    assert "Your next sessions: Wednesday, December 9, 10:00 AM." in text
    assert "December 1," not in text and "December 7" not in text  # earlier and cancelled ones are not listed
    spanish = pdf_text(printing.handout_job(sessions[0], "es", actor=DESK, invariant=True).pdf)
    assert "Esta visita es la sesión 1 de 4 de su serie de tratamiento." in spanish
    assert "Sus próximas sesiones: jueves 3 de diciembre, 10:00 a. m.; miércoles 9 de diciembre, 10:00 a. m." in spanish


def test_the_last_session_and_a_single_visit_list_no_next_sessions(db: peewee.Database) -> None:
    patient = add_patient("Ana", "Ruiz")
    last = _series(patient, [1, 3])[1]
    text = pdf_text(printing.handout_job(last, actor=DESK, invariant=True).pdf)
    assert "This visit is session 2 of 2" in text and "Your next sessions" not in text
    single = pdf_text(printing.handout_job(book(patient, "iv_mood", _at(9, day=dt.date(2026, 12, 10))),
                                           actor=DESK, invariant=True).pdf)
    assert "treatment series" not in single and "Your next sessions" not in single


def test_a_day_of_series_sheets_reads_the_series_in_one_query(db: peewee.Database) -> None:
    first = _series(add_patient("Ana", "Ruiz"), [1, 3, 7])[0]
    second = _series(add_patient("Ben", "Okafor"), [1, 2], hour=13)[0]
    queries: list[str] = []
    original = db.execute_sql

    def counting(sql: str, *args: object, **kwargs: object) -> object:
        queries.append(sql)
        return original(sql, *args, **kwargs)

    db.execute_sql = counting  # type: ignore[method-assign]
    try:
        job = printing.day_handouts_job(DAY, actor=DESK, invariant=True)
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    pages = pdf_pages(job.pdf)
    assert len(pages) == 2 and {first, second} == {pair[0] for pair in job.appointments}
    assert "Your next sessions: Thursday, December 3, 10:00 AM; Monday, December 7, 10:00 AM." in pages[0]
    assert "Your next sessions: Wednesday, December 2, 1:00 PM." in pages[1]
    assert sum('"series_id" IN' in sql for sql in queries) == 1


def test_the_call_list_on_paper_has_each_booking_to_confirm_and_room_for_the_outcome(db: peewee.Database) -> None:
    from frontdesk.services import confirmations

    day = dt.date.today() + dt.timedelta(days=10)  # bookings still ahead, whatever today is
    ana = add_patient("Ana", "Núñez", language="es")
    m.PatientPhone.create(patient=ana, number_e164="+18285550102", digits="8285550102", is_primary=True)
    m.Patient.update(preferred_contact="text", ok_text=True, ok_voicemail=False).where(m.Patient.id == ana).execute()
    ben = add_patient("Ben", "Okafor")
    first = book(ana, "iv_mood", _at(9, day=day), "Chair 1")
    book(ben, "iv_mood", _at(10, 30, day=day), "Chair 2")
    confirmations.record_attempt(DESK, first, "text", "confirmed")
    job = printing.call_list_job(day, actor=DESK, invariant=True)
    assert job.kind == "call_list" and len(job.appointments) == 2 and job.label == f"calls-{day.isoformat()}"
    text = pdf_text(job.pdf)
    assert f"Confirmation calls: {day:%A, %B} {day.day}, {day.year}" in text
    assert "2 bookings · 1 confirmed · 1 to call" in text
    for words in ("Outcome", "09:00", "arrive 08:45", "Ana Núñez", "(828) 555-0102", "prefers text",
                  "speaks Spanish", "Confirmed", "10:30", "Ben Okafor", "none on file · no voicemail", "To call"):
        assert words in text, words
    assert "IV ketamine" not in text  # who and when, not what for


def test_a_call_list_of_a_day_without_bookings_says_so(db: peewee.Database) -> None:
    text = pdf_text(printing.call_list_job(dt.date.today() + dt.timedelta(days=10), actor=DESK, invariant=True).pdf)
    assert "No bookings to confirm on this day." in text


def test_day_sheet_gives_the_treatment_and_recovery_times_and_no_driver_for_a_consultation(
        db: peewee.Database) -> None:
    infusion = add_patient("Ana", "Ruiz")
    consult = add_patient("Ben", "Okafor")
    for patient in (infusion, consult):
        m.Patient.update(driver_name="Luis Ruiz", driver_phone="+18285550150").where(m.Patient.id == patient).execute()
    book(infusion, "iv_mood", _at(9), "Chair 1")  # 15 prep, 40 treatment, 30 recovery
    book(consult, "consult", _at(10), None)
    text = " ".join(pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf).split())
    assert "09:00–10:40 100 min treatment 09:15 recovery to 10:25" in text
    assert text.count("Driver: Luis Ruiz") == 1  # the consultation's patient drives home themselves
    assert text.count("pre ____") == 3  # the infusion's BP, pulse and SpO₂ lines; the consultation takes none


def test_day_sheet_gives_the_intakes_weight_for_dosing(db: peewee.Database) -> None:
    from frontdesk.services import intake
    from tests.services.intake_helpers import DESK as INTAKE_DESK
    from tests.services.intake_helpers import complete_data

    weighed = add_patient("Ana", "Ruiz")
    intake.submit_intake(INTAKE_DESK, weighed, complete_data("2026-11-20"))  # 150 lb, as 68.0388555 kg
    book(weighed, "iv_mood", _at(9), "Chair 1")
    book(add_patient("Ben", "Okafor"), "iv_mood", _at(9), "Chair 2")  # no intake yet
    text = " ".join(pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf).split())
    assert "Ana Ruiz Weight 68.0 kg (11/20/2026)" in text
    assert text.count("Weight ") == 1


def test_pre_visit_sheets_wait_for_the_clinics_own_name_and_phone(db: peewee.Database) -> None:
    """A new clinic's profile has no name or phone until an admin enters them: its sheets would tell
    patients nobody to call. They are refused with what to do; nothing is recorded as printed."""
    from dataclasses import replace

    from frontdesk.data import clinic_repo

    appointment = book(add_patient("Ana", "Ruiz"), "iv_mood", _at(9))
    clinic_repo.save_profile(clinic_repo.load_profile().without_contact())
    refusal = "the clinic's name and phone are not set yet: an administrator enters them in Clinic settings"
    with pytest.raises(printing.PrintError, match=refusal):
        printing.handout_job(appointment, actor=DESK)
    with pytest.raises(printing.PrintError, match=refusal):
        printing.handouts_job([appointment], actor=DESK)
    with pytest.raises(printing.PrintError, match=refusal):
        printing.day_handouts_job(DAY, actor=DESK)
    with pytest.raises(printing.PrintError, match=refusal):
        printing.handout_pdf(appointment, actor=DESK)
    assert printing.sheet_printed_on([appointment]) == {}
    assert not m.AuditEntry.select().where(m.AuditEntry.action == "print").exists()

    clinic_repo.save_profile(replace(clinic_repo.load_profile(), name="Piedmont Infusion"))
    with pytest.raises(printing.PrintError, match="the clinic's phone is not set yet"):
        printing.handout_job(appointment, actor=DESK)
    clinic_repo.save_profile(replace(clinic_repo.load_profile(), phone="+13365550142"))
    text = pdf_text(printing.handout_job(appointment, actor=DESK, invariant=True).pdf)
    assert "Piedmont Infusion" in text and "(336) 555-0142" in text
    assert "Example Street" not in text and "desk@example.org" not in text  # no example details left over
    # The nurses' day sheet is the clinic's own paper: it prints meanwhile.
    assert "Chair 1" in pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf)


def test_the_day_sheet_heads_the_days_blocked_times_and_marks_what_the_board_marks_collides(
        db: peewee.Database) -> None:
    """The nurses read the day's lunch, a chair out of service and the prescriber's absence at the top,
    and, on a booking the board marks Collides (esketamine while the prescriber is away), why."""
    from frontdesk.data import clinic_repo
    from frontdesk.rules.clock import local_to_utc

    tz = clinic_repo.load_profile().tz
    chair3 = m.Chair.get(m.Chair.name == "Chair 3").id
    for chair, start, end, kind, reason in ((None, _at(12), _at(13), "lunch", ""),
                                            (chair3, _at(0), _at(23, 59), "out_of_service", "new recliner"),
                                            (None, _at(13), _at(18), "prescriber_away", "hospital round")):
        m.Block.create(chair=chair, start_utc=local_to_utc(start, tz), end_utc=local_to_utc(end, tz), kind=kind,
                       reason=reason)
    book(add_patient("Malik", "Sharma"), "esketamine", _at(14), "Chair 2")
    book(add_patient("Ana", "Ruiz"), "iv_mood", _at(8), "Chair 1")
    text = pdf_text(printing.day_sheet_job(DAY, actor=DESK, invariant=True).pdf)
    assert "⚠ Lunch 12:00–13:00, all chairs" in text
    assert "⚠ Chair 3 out of service 00:00–23:59 (new recliner)" in text
    assert "⚠ Prescriber away 13:00–18:00 (hospital round): no esketamine then" in text
    malik = text[text.index("Malik Sharma"):text.index("Chair 3 (")]
    assert "⚠" in malik and "prescriber" in malik.lower()  # why the board marks it
    ana = text[text.index("Ana Ruiz"):text.index("Chair 2 (")]
    assert "⚠" not in ana
