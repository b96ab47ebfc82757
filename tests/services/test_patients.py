"""Patient use cases on SQLite and PostgreSQL: search, records, duplicates, merge, CSV in and out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.rules.contact import CareTeamEntry, InvalidPatientError, PatientDetails, PhoneEntry
from frontdesk.services import patients
from frontdesk.services.permissions import NotPermittedError
from frontdesk.values import Actor

ADMIN = Actor("tester", "admin")
DESK = Actor("desk1", "desk")
TODAY = dt.date(2026, 11, 27)


def add(first: str, last: str, dob: str | None = "1985-03-07", phone: str = "828-555-0123", **more: object) -> int:
    details = PatientDetails(legal_first=first, legal_last=last, date_of_birth=dob,
                             phones=(PhoneEntry(phone),) if phone else (), **more)  # type: ignore[arg-type]
    return patients.create_patient(ADMIN, details, today=TODAY)


def names(found: list[patients.PatientSummary]) -> list[str]:
    return [p.name for p in found]


def book(patient_id: int, start: dt.datetime, **more: object) -> int:
    kind = m.AppointmentType.select().where(m.AppointmentType.needs_chair == False).first()  # noqa: E712
    row = m.Appointment.create(patient=patient_id, type=kind, chair=None, start_utc=start,
                               end_utc=start + dt.timedelta(minutes=30), **more)
    return int(row.id)


# --- search -------------------------------------------------------------------------------------


def test_search_ignores_accents_and_case(db: peewee.Database) -> None:
    add("José", "García")
    add("Nguyễn", "Thị Lan", phone="828-555-0124")
    add("Joseph", "Smith", phone="828-555-0125")
    assert names(patients.search("jose")) == ["José García", "Joseph Smith"]
    assert names(patients.search("JOSÉ G")) == ["José García"]
    assert names(patients.search("NGUYEN")) == ["Nguyễn Thị Lan"]
    assert names(patients.search("garcía")) == ["José García"]


def test_search_by_any_part_of_the_name_and_by_prefix(db: peewee.Database) -> None:
    add("Mary", "O'Brien")
    add("José-María", "Peña", phone="828-555-0124")
    assert names(patients.search("brien")) == ["Mary O'Brien"]
    assert names(patients.search("o'bri")) == ["Mary O'Brien"]
    assert names(patients.search("maria pe")) == ["José-María Peña"]
    assert names(patients.search("Pe")) == ["José-María Peña"]
    assert patients.search("xyz") == []


def test_exact_name_words_rank_before_prefixes(db: peewee.Database) -> None:
    add("Annabel", "Lee", phone="828-555-0101")
    add("Anna", "Lee", phone="828-555-0102")
    add("Ann", "Ng", phone="828-555-0103")
    found = names(patients.search("ann"))
    assert found[0] == "Ann Ng"
    assert set(found) == {"Annabel Lee", "Anna Lee", "Ann Ng"}
    assert names(patients.search("anna"))[0] == "Anna Lee"


@pytest.mark.parametrize("typed", ["5550123", "(828) 555-01", "828-555-0123", "8285550123", "+1 828 555 0123",
                                   "555-0123", "0123"])
def test_search_by_phone_digits_in_any_format(db: peewee.Database, typed: str) -> None:
    add("Ana", "Rivera", phone="(828) 555-0123")
    add("Bo", "Chen", phone="(704) 555-0199")
    assert names(patients.search(typed)) == ["Ana Rivera"]


@pytest.mark.parametrize("typed", ["3/7/1985", "03/07/1985", "1985-03-07"])
def test_search_by_date_of_birth(db: peewee.Database, typed: str) -> None:
    add("Ana", "Rivera", dob="1985-03-07")
    add("Bo", "Chen", dob="1985-07-03", phone="828-555-0124")
    assert names(patients.search(typed)) == ["Ana Rivera"]


def test_search_by_chart_number_exact_first(db: peewee.Database) -> None:
    add("Ana", "Rivera", chart_number="C100")
    add("Bo", "Chen", chart_number="C1001", phone="828-555-0124")
    assert names(patients.search("C100")) == ["Ana Rivera", "Bo Chen"]
    assert names(patients.search("c1001")) == ["Bo Chen"]


def test_id_by_chart_is_exact(db: peewee.Database) -> None:
    ana = add("Ana", "Rivera", chart_number="C100")
    assert (patients.id_by_chart("C100"), patients.id_by_chart("C10")) == (ana, None)


def test_archived_patients_are_hidden_unless_asked(db: peewee.Database) -> None:
    pid = add("Ana", "Rivera")
    patients.set_archived(ADMIN, pid)
    assert patients.search("ana") == []
    found = patients.search("ana", include_archived=True)
    assert [(p.name, p.archived) for p in found] == [("Ana Rivera", True)]


def test_search_result_shows_phone_dob_chart_and_next_appointment(db: peewee.Database) -> None:
    pid = add("Ana", "Rivera", chart_number="C7")
    soon = m.utcnow().replace(second=0) + dt.timedelta(days=2)
    book(pid, soon + dt.timedelta(days=5))
    book(pid, soon)
    book(pid, soon - dt.timedelta(days=30))
    book(pid, soon - dt.timedelta(days=1), outcome="cancelled")
    (row,) = patients.search("rivera")
    data = row.to_json()
    assert data["phone"] == "(828) 555-0123"
    assert data["date_of_birth"] == "1985-03-07"
    assert data["chart_number"] == "C7"
    assert row.next_appointment is not None
    assert row.next_appointment.astimezone(dt.UTC).replace(tzinfo=None) == soon


def test_search_renames_follow_the_index(db: peewee.Database) -> None:
    pid = add("Ana", "Rivera")
    record = patients.open_record(ADMIN, pid)
    patients.update_patient(ADMIN, pid, PatientDetails(**{**record.details.__dict__, "legal_last": "Zamora"}),
                            today=TODAY)
    assert patients.search("rivera") == []
    assert names(patients.search("zamora")) == ["Ana Zamora"]


def test_search_respects_limit_and_permission(db: peewee.Database) -> None:
    for n in range(5):
        add("Ana", f"Lopez{chr(97 + n)}", phone=f"828-555-01{n:02d}")
    assert len(patients.search("ana", limit=3)) == 3
    with pytest.raises(NotPermittedError):
        patients.search("ana", actor=Actor("x", "nobody"))


# --- records ------------------------------------------------------------------------------------


def test_create_and_open_record_keeps_every_field_and_audits_the_view(db: peewee.Database) -> None:
    pid = add("李", "Wei", preferred_name="Wendy", email="li@example.org", state="nc", postal_code="28801",
              care_team=(CareTeamEntry("therapist", "Dr. Lee", phone="828-555-0150"),),
              emergency_name="Bo Wei", emergency_phone="828-555-0111", contact_restriction="text only")
    record = patients.open_record(DESK, pid)
    d = record.details
    assert (d.legal_first, d.preferred_name, d.state, d.chart_number) == ("李", "Wendy", "NC", f"P{pid:06d}")
    assert d.phones == (PhoneEntry("+18285550123", "mobile", True, ""),)
    assert d.care_team == (CareTeamEntry("therapist", "Dr. Lee", "", "+18285550150", ""),)
    assert d.emergency_phone == "+18285550111"
    views = list(m.AuditEntry.select().where(m.AuditEntry.action == "patient.view"))
    assert [(v.user, v.patient_id) for v in views] == [("desk1", pid)]
    assert "李" not in "".join(v.detail for v in views)


def test_record_splits_past_and_upcoming_appointments(db: peewee.Database) -> None:
    pid = add("Ana", "Rivera")
    now = m.utcnow()
    book(pid, now - dt.timedelta(days=3))
    book(pid, now + dt.timedelta(days=3))
    record = patients.open_record(ADMIN, pid)
    assert (len(record.past), len(record.upcoming)) == (1, 1)


def test_invalid_record_saves_nothing(db: peewee.Database) -> None:
    with pytest.raises(InvalidPatientError) as caught:
        add("Ana", "", email="nope")
    assert set(caught.value.problems) == {"legal_last", "email"}
    assert m.Patient.select().count() == 0
    pid = add("Ana", "Rivera")
    before = patients.open_record(ADMIN, pid).details
    with pytest.raises(InvalidPatientError):
        patients.update_patient(ADMIN, pid, PatientDetails(**{**before.__dict__, "postal_code": "12"}), today=TODAY)
    assert patients.open_record(ADMIN, pid).details == before


def test_saving_a_patient_that_is_not_there_says_so_and_writes_nothing(db: peewee.Database) -> None:
    add("Ana", "Rivera")
    details = PatientDetails(legal_first="Bo", legal_last="Zamora", date_of_birth="1990-01-02",
                             phones=(PhoneEntry("828-555-0124"),))
    audited = m.AuditEntry.select().count()
    with pytest.raises(patients.PatientNotFoundError, match="no patient with id 9999"):
        patients.update_patient(ADMIN, 9999, details, today=TODAY)
    assert m.AuditEntry.select().count() == audited
    assert m.Patient.select().where(m.Patient.legal_last == "Zamora").count() == 0


def test_chart_number_must_be_unique(db: peewee.Database) -> None:
    add("Ana", "Rivera", chart_number="C1")
    with pytest.raises(InvalidPatientError, match="another patient has this chart number"):
        add("Bo", "Chen", chart_number="C1", phone="828-555-0124")


# --- duplicates and merge -----------------------------------------------------------------------


def test_duplicates_by_name_and_dob_or_phone(db: peewee.Database) -> None:
    same_name = add("José", "García", phone="828-555-0101")
    same_phone = add("Maria", "Lopez", dob="1970-01-01", phone="828-555-0150")
    add("José", "García", dob="1990-01-01", phone="828-555-0102")
    candidate = PatientDetails(legal_first="Jose", legal_last="GARCIA", date_of_birth="3/7/1985",
                               phones=(PhoneEntry("+18285550150"),))
    assert {p.id for p in patients.find_duplicates(candidate)} == {same_name, same_phone}


def test_merge_moves_everything_and_archives_the_other(db: peewee.Database) -> None:
    keep = add("José", "García", phone="828-555-0101", desk_notes="prefers mornings")
    other = add("Jose", "Garcia", phone="828-555-0102", desk_notes="uses a walker")
    now = m.utcnow()
    appointment = book(other, now + dt.timedelta(days=2), notes="bring glasses")
    m.Intake.create(patient=keep, version=1)
    m.Intake.create(patient=other, version=1)
    m.Flag.create(patient=other, kind="clinician_review")
    moved = patients.merge(ADMIN, keep, other)
    assert moved["Appointment"] == 1 and moved["Intake"] == 1 and moved["Flag"] == 1
    assert m.Appointment.get_by_id(appointment).patient_id == keep
    assert sorted(i.version for i in m.Intake.select().where(m.Intake.patient == keep)) == [1, 2]
    kept = patients.open_record(ADMIN, keep).details
    assert "uses a walker" in kept.desk_notes and "prefers mornings" in kept.desk_notes
    assert {p.number for p in kept.phones} == {"+18285550101", "+18285550102"}
    assert [p.is_primary for p in kept.phones].count(True) == 1
    gone = m.Patient.get_by_id(other)
    assert gone.archived and gone.merged_into_id == keep
    assert patients.open_record(ADMIN, other).merged_into == keep
    assert m.AuditEntry.select().where(m.AuditEntry.action == "patient.merge").count() == 1
    assert [p.id for p in patients.search("garcia")] == [keep]


def test_merge_needs_the_permission_and_two_patients(db: peewee.Database) -> None:
    keep = add("Ana", "Rivera")
    with pytest.raises(NotPermittedError):
        patients.merge(DESK, keep, keep)
    with pytest.raises(ValueError, match="itself"):
        patients.merge(ADMIN, keep, keep)
    with pytest.raises(patients.PatientNotFoundError):
        patients.merge(ADMIN, keep, 9999)


# --- CSV import and export ----------------------------------------------------------------------

MESSY = (
    "\ufeffFirst Name,Surname,D.O.B.,Cell,Home Phone,E-mail,Street,Zip Code,State,OK to text,Favourite colour\r\n"
    "José,García,3/7/1985,(828) 555-0123,,jose@example.org,12 Elm St,28801,nc,yes,blue\r\n"
    "Ana,,1990-01-01,828.555.0124,,,,,,,\r\n"
    "Li,Wei,13/45/1990,,,,,,,,\r\n"
    "Bo,Chen,1980-05-05,555-0100,,,,,,,\r\n"
    "Mary,O'Brien,01-02-1960,,828 555 0125 x9,mary@example,,,,,\r\n"
    "Zoë,Nguyễn,2/2/1972,+1 704 555 0126,,,,288011234,NC,no,\r\n"
    ",,,,,,,,,,\r\n"
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "patients.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_file_with_a_refused_row_writes_nothing_unless_the_desk_takes_the_good_rows(
        db: peewee.Database, tmp_path: Path) -> None:
    held = patients.import_csv(ADMIN, write(tmp_path, MESSY), today=TODAY)
    assert (held.imported, held.held_back, held.bad_rows, m.Patient.select().count()) == (0, 2, 4, 0)
    assert held.summary() == ("nothing imported: 4 rows refused, so the 2 good rows were not written either; "
                              "skipped 0 already present")
    report = patients.import_csv(ADMIN, write(tmp_path, MESSY), today=TODAY, skip_bad_rows=True)
    assert [str(p) for p in report.problems] == [
        "row 3: legal_last: required",
        "row 4: date_of_birth: there is no month 13 (write the month first: MM/DD/YYYY, or YYYY-MM-DD)",
        "row 5: phone: a US phone needs 10 digits: area code and number",
        "row 6: email: not an email address (name@example.org)",
    ]
    assert report.imported == 2
    assert report.ignored_columns == ["Favourite colour"]
    jose = patients.open_record(ADMIN, patients.search("garcia")[0].id).details
    assert (jose.state, jose.ok_text, jose.phones[0].number) == ("NC", True, "+18285550123")
    zoe = patients.open_record(ADMIN, patients.search("nguyen")[0].id).details
    assert (zoe.legal_first, zoe.postal_code) == ("Zoë", "28801-1234")
    assert m.Patient.select().count() == 2


def test_dry_run_writes_nothing(db: peewee.Database, tmp_path: Path) -> None:
    report = patients.import_csv(ADMIN, write(tmp_path, MESSY), dry_run=True, today=TODAY)
    assert report.imported == 2 and report.bad_rows == 4
    assert report.summary() == ("would import 2 patients, skipped 0 already present, 4 rows refused; the import "
                                "writes nothing until they are fixed or skipped")
    assert m.Patient.select().count() == 0


def test_a_patient_under_18_is_imported_and_named_to_check(db: peewee.Database, tmp_path: Path) -> None:
    path = write(tmp_path, "First Name,Last Name,DOB\r\nMia,Stone,2010-11-28\r\nLeo,Stone,2008-11-27\r\n")
    report = patients.import_csv(ADMIN, path, today=TODAY)
    assert report.imported == 2 and report.problems == []
    assert [str(p) for p in report.to_check] == [  # Leo turned 18 today; Mia is a day short of 16
        "row 2: date_of_birth: under 18 (15 years old): the clinic treats adults; check the date of birth"]
    assert report.summary() == "imported 2 patients, skipped 0 already present, 0 rows refused, 1 row to check"


def test_reimport_creates_no_duplicates(db: peewee.Database, tmp_path: Path) -> None:
    path = write(tmp_path, MESSY)
    patients.import_csv(ADMIN, path, today=TODAY, skip_bad_rows=True)
    again = patients.import_csv(ADMIN, path, today=TODAY, skip_bad_rows=True)
    assert (again.imported, again.skipped_existing) == (0, 2)
    assert m.Patient.select().count() == 2


def test_windows_1252_file(db: peewee.Database, tmp_path: Path) -> None:
    path = write(tmp_path, "Last Name,First Name,DOB\r\nPeña,José,1985-03-07\r\n", "cp1252")
    assert patients.import_csv(ADMIN, path, today=TODAY).imported == 1
    assert names(patients.search("pena")) == ["José Peña"]


def test_same_patient_twice_in_one_file_is_reported_with_the_row_it_repeats(db: peewee.Database,
                                                                            tmp_path: Path) -> None:
    path = write(tmp_path, "first,last,dob,chart\nAna,Rivera,1985-03-07,\nBo,Chen,1980-05-05,C7\n"
                           "ana,rivera,3/7/1985,\nBen,Chen,1981-06-06,C7\n")
    report = patients.import_csv(ADMIN, path, today=TODAY, skip_bad_rows=True)
    assert report.imported == 2
    assert [str(p) for p in report.problems] == [
        "row 4: legal_last: the same patient as row 2 (name and date of birth)",
        "row 5: chart_number: the same patient as row 3 (chart number C7)"]


def test_a_row_with_its_own_chart_number_but_a_known_name_and_birth_date_is_imported_to_check(
        db: peewee.Database, tmp_path: Path) -> None:
    """Another system's two chart numbers for one person went in as two patients without a word."""
    add("Dana", "Whitfield", chart_number="C9", dob=dt.date(1979, 3, 14))
    path = write(tmp_path, "chart,first,last,dob\nBR-1,Dana,Whitfield,3/14/1979\nBR-2,Eli,Moss,1/2/1970\n"
                           "BR-3,eli,moss,1970-01-02\nBR-4,Ana,Reyes,\nBR-5,Ana,Reyes,\n")
    report = patients.import_csv(ADMIN, path, today=TODAY)
    assert report.imported == 5 and report.problems == []
    assert [str(p) for p in report.to_check] == [
        "row 2: chart_number: same name and date of birth as patient C9 already in the clinic, with another chart "
        "number: if it is the same person, merge the two records",
        "row 4: chart_number: same name and date of birth as row 3, with another chart number: if it is the same "
        "person, merge the two records"]  # no date of birth (rows 5 and 6): too common to say
    dry = patients.import_csv(ADMIN, write(tmp_path, MESSY), dry_run=True, skip_bad_rows=True, today=TODAY)
    assert dry.summary() == ("would import 2 patients, skipped 0 already present, 4 rows refused; the import writes "
                             "the good rows and leaves those out")


@pytest.mark.parametrize(("written", "problem"), [
    ("1980-02-30", "February 1980 has no day 30"),
    ("2/29/1981", "February 1981 has no day 29"),
    ("4/31/1975", "April 1975 has no day 31"),
    ("13/07/1985", "there is no month 13 (write the month first: MM/DD/YYYY, or YYYY-MM-DD)"),
    ("next tuesday", "not a date (use MM/DD/YYYY or YYYY-MM-DD)"),
])
def test_a_date_of_birth_that_does_not_exist_says_what_is_wrong_with_it(db: peewee.Database, tmp_path: Path,
                                                                        written: str, problem: str) -> None:
    report = patients.import_csv(ADMIN, write(tmp_path, f"first,last,dob\nAna,Rivera,{written}\n"), today=TODAY)
    assert [str(p) for p in report.problems] == [f"row 2: date_of_birth: {problem}"]
    assert m.Patient.select().count() == 0


def test_export_then_import_round_trip(db: peewee.Database, tmp_path: Path) -> None:
    add("José", "García", chart_number="C1", preferred_name="Pepe", sex="male", pronouns="he/him", language="es",
        interpreter_needed=True, email="j@example.org", address_line1="12 Elm St", address_line2="Apt 2",
        city="Asheville", state="NC", postal_code="28801-1234", preferred_contact="text", ok_text=True,
        ok_voicemail=True, contact_restriction="text only, never voicemail", alternate_contact="sister's house",
        emergency_name="Ana García", emergency_relationship="sister", emergency_phone="828-555-0111 x2",
        driver_name="Bo Chen", driver_relationship="friend", driver_phone="828-555-0112",
        desk_notes="line one\nline two, with \"quotes\"",
        care_team=(CareTeamEntry("referring", "Dr. Ray", "Ray Clinic", "828-555-0140", "828-555-0141"),
                   CareTeamEntry("primary_care", "Dr. Po")))
    pid = add("李", "Wei", dob=None, phone="", chart_number="C2")
    patients.create_patient(ADMIN, PatientDetails(
        legal_first="Mary", legal_last="O'Brien", date_of_birth="1960-01-02", chart_number="C3",
        phones=(PhoneEntry("828-555-0120", "home"), PhoneEntry("828-555-0121 ext. 5", "work", True))), today=TODAY)
    patients.set_archived(ADMIN, pid)
    first = tmp_path / "first.csv"
    assert patients.export_csv(ADMIN, first) == 3
    before = [patients.open_record(ADMIN, p.id).details for p in patients.search("C", include_archived=True)]
    for model in (m.PatientPhone, m.CareTeamMember):  # the audit trail stays: the database refuses deletes
        model.delete().execute()
    m.Patient.delete().execute()
    report = patients.import_csv(ADMIN, first, today=TODAY)
    assert (report.imported, report.problems) == (3, [])
    second = tmp_path / "second.csv"
    patients.export_csv(ADMIN, second)
    assert second.read_bytes() == first.read_bytes()
    after = [patients.open_record(ADMIN, p.id).details for p in patients.search("C", include_archived=True)]
    strip = [{**d.__dict__, "id": None} for d in before]
    assert [{**d.__dict__, "id": None} for d in after] == strip


def test_export_and_import_are_audited_without_names(db: peewee.Database, tmp_path: Path) -> None:
    add("Ana", "Rivera")
    patients.export_csv(ADMIN, tmp_path / "out.csv")
    entry = m.AuditEntry.get(m.AuditEntry.action == "patients.export")
    assert "Rivera" not in entry.detail


def test_names_in_any_script_are_found(db: peewee.Database) -> None:
    add("李", "Wei", phone="828-555-0131")
    add("Ольга", "Петрова", phone="828-555-0132")
    add("Siobhán", "Ó Briain", phone="828-555-0133")
    assert names(patients.search("李")) == ["李 Wei"]
    assert names(patients.search("ольга")) == ["Ольга Петрова"]
    assert names(patients.search("o briain")) == ["Siobhán Ó Briain"]
    assert names(patients.search("siobhan")) == ["Siobhán Ó Briain"]


# --- two workstations editing one record ---------------------------------------------------------


def test_a_save_made_elsewhere_since_opening_is_never_overwritten(db: peewee.Database) -> None:

    pid = add("Ana", "Diaz")
    here = patients.open_record(DESK, pid)
    there = patients.open_record(DESK, pid)
    patients.update_patient(DESK, pid, replace(there.details, email="ana@example.org"), today=TODAY,
                            seen_utc=there.saved_utc)
    stale = replace(here.details, email="typo@example.org", phones=(PhoneEntry("704-555-0150"),))
    with pytest.raises(patients.ChangedElsewhereError, match="another workstation"):
        patients.update_patient(DESK, pid, stale, today=TODAY, seen_utc=here.saved_utc)
    saved = patients.open_record(DESK, pid).details
    assert saved.email == "ana@example.org"  # the other workstation's change stands
    assert [p.digits for p in saved.phones] == ["8285550123"]  # nothing of the refused save was written
    again = patients.open_record(DESK, pid)  # opened again: the change goes through
    patients.update_patient(DESK, pid, replace(again.details, email="new@example.org"), today=TODAY,
                            seen_utc=again.saved_utc)
    assert patients.open_record(DESK, pid).details.email == "new@example.org"


def test_a_phone_search_is_told_from_a_date_a_name_and_a_chart_number() -> None:
    assert patients.is_phone_search("555 0121") and patients.is_phone_search("(336) 555-0121")
    assert not patients.is_phone_search("2/11/1998")  # a date of birth
    assert not patients.is_phone_search("johansson") and not patients.is_phone_search("C000149")
    assert not patients.is_phone_search("55")  # too few digits to search phones by
