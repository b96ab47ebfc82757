"""Patient use cases: the search box, opening and saving a record, duplicates, merge, CSV in and out.

`search(text, limit=...)` is the one search the box, `frontdesk find` and the benchmark use.
Every write runs in one transaction, checks the actor's permission and is audited (ids only).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontdesk import values
from frontdesk.data import appointments_repo, clinic_repo, patients_repo
from frontdesk.data.database import database_proxy
from frontdesk.data.models import utcnow
from frontdesk.private_files import write_private
from frontdesk.rules.clock import now_local, utc_to_local
from frontdesk.rules.contact import (
    InvalidPatientError,
    PatientDetails,
    format_phone,
    minor_warning,
    parse_date_text,
    phone_digits,
    validate_patient,
)
from frontdesk.rules.contact_card import ContactCard
from frontdesk.rules.contact_card import contact_card as card_of
from frontdesk.rules.series import BoosterState, booster_state
from frontdesk.rules.text import fold, search_key
from frontdesk.services import audit
from frontdesk.services.permissions import require

if TYPE_CHECKING:  # imported where a CSV is read or written, not at start-up
    from frontdesk.rules import csv_import

DEFAULT_LIMIT = 20
_PHONE_LIKE = re.compile(r"^[\d\s()+.\-–/x]+$")


@dataclass(frozen=True)
class PatientSummary:
    """One search result as the box and `frontdesk find --json` show it."""

    id: int
    name: str
    date_of_birth: dt.date | None
    phone: str  # as the desk reads it: (828) 555-0123
    chart_number: str
    next_appointment: dt.datetime | None  # clinic-local
    archived: bool = False
    legal_name: str = ""  # "first last" as on the ID, when the desk calls the patient otherwise

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "phone": self.phone,
            "chart_number": self.chart_number,
            "next_appointment": (self.next_appointment.replace(tzinfo=None).isoformat(timespec="minutes")
                                 if self.next_appointment else None),
            "archived": self.archived,
            "legal_name": self.legal_name,
        }


# --- search -------------------------------------------------------------------------------------


def search(text: str, limit: int = DEFAULT_LIMIT, *, include_archived: bool = False,
           actor: values.Actor | None = None) -> list[PatientSummary]:
    """Patients matching `text` by name words, phone digits, date of birth or chart number.

    Exact matches come first (chart number, whole name words), then prefixes. Each tier is one
    indexed query, so a keystroke costs a few milliseconds at 100,000 patients.
    """
    if actor is not None:
        require(actor, "patients.view")
    query = text.strip()
    if not query or limit < 1:
        return []
    rank: dict[int, int] = {}
    with patients_repo.searching():
        for number, tier in enumerate(_tiers(query, limit, include_archived)):
            for pid in tier():
                rank.setdefault(pid, number)
            if len(rank) >= limit:
                break
        return _summaries(list(rank)[:limit], rank)


Tier = Callable[[], list[int]]


def _tiers(query: str, limit: int, archived: bool) -> list[Tier]:
    """The searches to run for `query`, best matches first."""
    opts: dict[str, Any] = {"limit": limit, "include_archived": archived}
    day = parse_date_text(query)
    if day is not None:
        return [lambda: patients_repo.ids_by_dob(day, **opts)]
    chart_exact: Tier = lambda: patients_repo.ids_by_chart(query, prefix=False, **opts)  # noqa: E731
    chart_prefix: Tier = lambda: patients_repo.ids_by_chart(query, prefix=True, **opts)  # noqa: E731
    digits = phone_digits(query)
    if _PHONE_LIKE.match(query) and digits:
        national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
        phone: list[Tier] = [lambda: patients_repo.ids_by_phone(national, **opts)] if len(digits) >= 3 else []
        return [chart_exact, *phone, chart_prefix]
    words = search_words(query)
    return [
        chart_exact,
        lambda: patients_repo.ids_by_name_words(words, prefix=False, **opts),
        lambda: patients_repo.ids_by_name_words(words, prefix=True, **opts),
        chart_prefix,
    ]


def is_phone_search(text: str) -> bool:
    """Whether `text` is searched as a phone number ("555 0121", "(336) 555-0121"), not a date or a name:
    the list then shows the phone numbers before the dates of birth."""
    query = text.strip()
    return (parse_date_text(query) is None and bool(_PHONE_LIKE.match(query))
            and len(phone_digits(query)) >= 3)


def search_words(text: str) -> list[str]:
    """The folded words of a name query: "García-López, Jo" -> ["garcia", "lopez", "jo"]."""
    folded = fold(text)
    return "".join(ch if ch.isalnum() else " " for ch in folded).split()


def _summaries(ids: list[int], rank: dict[int, int] | None = None) -> list[PatientSummary]:
    """Result rows for `ids`; with `rank`, by rank and then by last and first name."""
    if not ids:
        return []
    rows = patients_repo.rows_for(ids, utcnow())
    if rank is not None:
        rows.sort(key=lambda r: (rank[r.id], fold(r.legal_last), fold(r.legal_first), r.id))
    # the clinic's time zone only matters (and is only read) when someone has an appointment coming
    tz = clinic_repo.load_profile().tz if any(r.next_appointment_utc for r in rows) else None
    return [
        PatientSummary(
            id=row.id, name=row.name, date_of_birth=row.date_of_birth,
            phone=format_phone(row.phone_e164, row.phone_extension), chart_number=row.chart_number,
            next_appointment=utc_to_local(row.next_appointment_utc, tz) if row.next_appointment_utc and tz else None,
            archived=row.archived, legal_name=f"{row.legal_first} {row.legal_last}",
        )
        for row in rows
    ]


# --- one record ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientRecord:
    """What the patient screen shows: the contact details and the appointments beside them."""

    details: PatientDetails
    past: list[values.Appointment]
    upcoming: list[values.Appointment]
    merged_into: int | None = None
    open_flags: int = 0  # flags waiting for clinical review: the desk tells the clinician
    saved_utc: dt.datetime | None = None  # when the record was last saved, to notice a save made elsewhere since
    booster: BoosterState | None = None  # after a treatment series: when the next booster is due
    today: dt.date | None = None  # the clinic's, when the record was read


class ChangedElsewhereError(Exception):
    """The record was saved on another workstation after this one opened it: nothing was written."""


class PatientNotFoundError(LookupError):
    pass


def id_by_chart(chart_number: str) -> int | None:
    """The patient with exactly this chart number (P000123), or None."""
    return patients_repo.id_by_chart(chart_number)


def open_record(actor: values.Actor, patient_id: int) -> PatientRecord:
    """Load a patient's record for the screen and record that `actor` viewed it."""
    require(actor, "patients.view")
    details = patients_repo.get(patient_id)
    if details is None:
        raise PatientNotFoundError(f"no patient with id {patient_id}")
    profile = clinic_repo.load_profile()
    now = now_local(profile.tz)
    appointments = appointments_repo.for_patient(patient_id, profile.tz)
    with database_proxy.atomic():
        audit.record(actor, "patient.view", entity="patient", entity_id=patient_id, patient_id=patient_id)
    return PatientRecord(
        details=details,
        past=[a for a in appointments if a.start < now],
        upcoming=[a for a in appointments if a.start >= now],
        merged_into=patients_repo.merged_into(patient_id),
        open_flags=patients_repo.open_flag_count(patient_id),
        saved_utc=patients_repo.updated_utc(patient_id),
        booster=booster_state(appointments, profile.booster_interval_days, now.date()),
        today=now.date(),
    )


def contact_card(actor: values.Actor, patient_id: int) -> ContactCard | None:
    """How to reach the patient, their language and their driver, in words, for the board's details
    (None if the patient is gone). Not audited as a view: like a search result's phone, a summary
    beside a booking the desk already sees; opening the record is."""
    require(actor, "patients.view")
    details = patients_repo.get(patient_id)
    return None if details is None else card_of(details)


def open_flag_count(patient_id: int) -> int:
    """How many of the patient's flags wait for clinical review (the desk sees the count, not the detail)."""
    return patients_repo.open_flag_count(patient_id)


def validate(details: PatientDetails, *, today: dt.date | None = None,
             patient_id: int | None = None) -> PatientDetails:
    """`details` in stored form, or InvalidPatientError naming each bad field (chart number uniqueness too)."""
    today = today or dt.date.today()
    try:
        clean = validate_patient(details, today)
    except InvalidPatientError as exc:
        problems = exc.problems
        clean = None
    else:
        problems = {}
    chart = details.chart_number.strip()
    if chart and "chart_number" not in problems and patients_repo.chart_number_taken(chart, patient_id):
        problems["chart_number"] = "another patient has this chart number"
    if problems or clean is None:
        raise InvalidPatientError(problems)
    return clean


def find_duplicates(details: PatientDetails, *, exclude: int | None = None) -> list[PatientSummary]:
    """Existing patients that look like `details`: same first and last name and DOB, or a same phone."""
    ids: list[int] = []
    first, last = search_words(details.legal_first), search_words(details.legal_last)
    dob = details.dob or (parse_date_text(details.date_of_birth) if isinstance(details.date_of_birth, str) else None)
    if first and last and dob:
        ids.extend(patients_repo.ids_by_name_and_dob(" ".join(first), " ".join(last), dob, exclude))
    digits = [p.digits for p in details.phones if p.number.startswith("+1")]
    ids.extend(i for i in patients_repo.ids_by_exact_phones(digits, exclude) if i not in ids)
    return _summaries(ids)


def create_patient(actor: values.Actor, details: PatientDetails, *, today: dt.date | None = None) -> int:
    """Validate and add a patient; returns its id. Duplicates are the caller's to show first."""
    require(actor, "patients.edit")
    clean = validate(details, today=today)
    with database_proxy.atomic():
        patient_id = patients_repo.insert(clean)
        audit.record(actor, "patient.create", entity="patient", entity_id=patient_id, patient_id=patient_id)
    return patient_id


def update_patient(actor: values.Actor, patient_id: int, details: PatientDetails, *,
                   today: dt.date | None = None, seen_utc: dt.datetime | None = None) -> None:
    """Validate and save a changed record; nothing is written unless every field is valid.

    `seen_utc` is the record's `saved_utc` when the form was filled: if another workstation saved the
    record since, ChangedElsewhereError and nothing is written (its change is never overwritten unseen)."""
    require(actor, "patients.edit")
    clean = validate(details, today=today, patient_id=patient_id)
    with database_proxy.atomic():
        if patients_repo.updated_utc(patient_id) is None:  # one lean read, not the whole record
            raise PatientNotFoundError(f"no patient with id {patient_id}")
        if not patients_repo.update(patient_id, clean, seen_utc=seen_utc):
            raise ChangedElsewhereError(
                "Not saved: someone changed this record on another workstation after you opened it.")
        audit.record(actor, "patient.change", entity="patient", entity_id=patient_id, patient_id=patient_id)


def set_archived(actor: values.Actor, patient_id: int, archived: bool = True) -> None:
    """Archive (or bring back) a patient: hidden from search, never deleted."""
    require(actor, "patients.edit")
    with database_proxy.atomic():
        if not patients_repo.set_archived(patient_id, archived):
            raise PatientNotFoundError(f"no patient with id {patient_id}")
        action = "patient.archive" if archived else "patient.unarchive"
        audit.record(actor, action, entity="patient", entity_id=patient_id, patient_id=patient_id)


def merge(actor: values.Actor, keep_id: int, other_id: int) -> dict[str, int]:
    """Move every appointment, intake, note… of `other_id` to `keep_id`; archive `other_id`."""
    require(actor, "patients.merge")
    if keep_id == other_id:
        raise ValueError("cannot merge a patient with itself")
    with database_proxy.atomic():
        for pid in (keep_id, other_id):
            if patients_repo.get(pid) is None:
                raise PatientNotFoundError(f"no patient with id {pid}")
        moved = patients_repo.merge_into(keep_id, other_id)
        detail = f"merged patient {other_id} into {keep_id}; " + ", ".join(f"{k}={v}" for k, v in moved.items() if v)
        audit.record(actor, "patient.merge", entity="patient", entity_id=keep_id, patient_id=keep_id, detail=detail)
        audit.record(actor, "patient.merged_away", entity="patient", entity_id=other_id, patient_id=other_id,
                     detail=f"merged into patient {keep_id}")
    return moved


# --- CSV import and export ----------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    imported: int = 0
    skipped_existing: int = 0
    problems: list[csv_import.RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    to_check: list[csv_import.RowProblem] = field(default_factory=list)  # imported, but worth a second look
    held_back: int = 0  # good rows not written because others were refused (the file is all or nothing)
    skip_bad_rows: bool = False  # the good rows go in whatever is refused (the desk's choice)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})

    def summary(self) -> str:
        if self.held_back:
            good = "the good row was" if self.held_back == 1 else f"the {self.held_back} good rows were"
            return (f"nothing imported: {_count(self.bad_rows, 'row')} refused, so {good} not written either; "
                    f"skipped {self.skipped_existing} already present")
        verb = "would import" if self.dry_run else "imported"
        check = f", {_count(len(self.to_check), 'row')} to check" if self.to_check else ""
        held = ""
        if self.dry_run and self.problems:
            held = ("; the import writes the good rows and leaves those out" if self.skip_bad_rows
                    else "; the import writes nothing until they are fixed or skipped")
        return (f"{verb} {_count(self.imported, 'patient')}, skipped {self.skipped_existing} already present, "
                f"{_count(self.bad_rows, 'row')} refused{check}{held}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


Progress = Callable[[int, int], None]


def import_csv(actor: values.Actor, path: Path | str, *, dry_run: bool = False, today: dt.date | None = None,
               progress: Progress | None = None, skip_bad_rows: bool = False) -> ImportReport:
    """Import patients from a CSV file in one transaction, each bad row reported.

    All or nothing: while any row is refused, nothing is written (`held_back` counts the good rows),
    unless `skip_bad_rows`, the desk's choice once it has seen the refusals, imports the good ones.
    A row matches an existing patient by chart number, else by name and date of birth; matched rows
    are skipped, so importing the same file twice adds nobody twice.
    """
    from frontdesk.rules import csv_import

    require(actor, "patients.import")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise csv_import.ImportFileError(f"cannot read {path}: {exc.strerror}") from None
    parsed = csv_import.parse_text(csv_import.decode(data))
    report = ImportReport(problems=list(parsed.problems), ignored_columns=parsed.ignored_columns, dry_run=dry_run,
                          skip_bad_rows=skip_bad_rows)
    to_insert = _rows_to_insert(parsed.rows, report, today or dt.date.today())
    report.imported = len(to_insert)
    if dry_run:
        return report
    if report.problems and not skip_bad_rows:
        report.held_back, report.imported, report.to_check = len(to_insert), 0, []
        return report
    with database_proxy.atomic():
        for done, details in enumerate(to_insert, start=1):
            patients_repo.insert(details)
            if progress and (done % 50 == 0 or done == len(to_insert)):
                progress(done, len(to_insert))
        audit.record(actor, "patients.import", entity="patient", detail=f"{len(to_insert)} imported")
    return report


def _rows_to_insert(rows: list[tuple[int, PatientDetails]], report: ImportReport,
                    today: dt.date) -> list[PatientDetails]:
    from frontdesk.rules import csv_import

    charts, names = patients_repo.existing_keys()
    seen_charts: dict[str, int] = {}  # chart number -> the row that brought it
    seen_names: dict[tuple[str, dt.date | None], int] = {}
    accepted = []
    for number, raw in rows:
        try:
            clean = validate_patient(raw, today)
        except InvalidPatientError as exc:
            report.problems.extend(csv_import.RowProblem(number, _column(k), v) for k, v in exc.problems.items())
            continue
        name_key = (search_key(clean.legal_first, clean.legal_last), clean.dob)
        chart = clean.chart_number
        if chart in charts or (not chart and name_key in names):
            report.skipped_existing += 1
            continue
        earlier = seen_charts.get(chart) if chart else seen_names.get(name_key)
        if earlier is not None:
            same = f"chart number {chart}" if chart else "name and date of birth"
            report.problems.append(csv_import.RowProblem(number, "chart_number" if chart else "legal_last",
                                                         f"the same patient as row {earlier} ({same})"))
            continue
        twin = _same_person_words(name_key, names, charts, seen_names) if chart and clean.dob else None
        if twin:  # another chart number, the same name and date of birth: imported, to be looked at
            report.to_check.append(csv_import.RowProblem(number, "chart_number", twin))
        seen_charts[chart] = number
        seen_names.setdefault(name_key, number)
        accepted.append(clean)
        young = minor_warning(clean.dob, today)
        if young:
            report.to_check.append(csv_import.RowProblem(number, "date_of_birth", young))
    return accepted


def _same_person_words(name_key: tuple[str, dt.date | None], names: dict[tuple[str, dt.date | None], int],
                       charts: dict[str, int], seen_names: dict[tuple[str, dt.date | None], int]) -> str | None:
    """Who a row with its own chart number may be the same person as (same name and date of birth)."""
    if name_key in seen_names:
        where = f"row {seen_names[name_key]}"
    elif name_key in names:
        chart = next((c for c, pid in charts.items() if pid == names[name_key]), "")
        where = f"patient {chart} already in the clinic" if chart else "a patient already in the clinic"
    else:
        return None
    return (f"same name and date of birth as {where}, with another chart number: if it is the same person, "
            "merge the two records")


def _column(problem_field: str) -> str:
    """A validation field name as the CSV column a person looks for."""
    if problem_field.startswith("phones"):
        return "phone"
    return problem_field.replace("care_team.", "").replace(".", "_")


def export_csv(actor: values.Actor, path: Path | str) -> int:
    """Write every patient (archived ones too) with every field; returns the number written."""
    from frontdesk.rules import csv_import

    require(actor, "patients.export")
    rows = [csv_import.details_to_row(d) for d in patients_repo.all_details()]
    text = csv_import.write_csv(rows)
    write_private(Path(path), text.encode("utf-8"))
    with database_proxy.atomic():
        audit.record(actor, "patients.export", entity="patient", detail=f"{len(rows)} exported")
    return len(rows)


__all__ = ["DEFAULT_LIMIT", "ImportReport", "InvalidPatientError", "PatientNotFoundError", "PatientRecord",
           "PatientSummary", "create_patient", "export_csv", "find_duplicates", "import_csv", "merge", "open_record",
           "search", "search_words", "set_archived", "update_patient", "validate"]
