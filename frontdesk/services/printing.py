"""Printing use cases: pre-visit sheets (one, or a day's batch), the nurses' day sheet, saving PDFs.

Building a PDF (a `PrintJob`) records nothing, so a preview is free; `record_printed` — called by
`save_pdf`, by the convenience functions and by the UI after the print dialog — writes the audit
entries and the appointment's "sheet printed" event in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk import values
from frontdesk.data import clinic_repo, patients_repo, print_repo
from frontdesk.data.database import database_proxy
from frontdesk.documents.wording import normalise_language
from frontdesk.private_files import write_private
from frontdesk.rules.clock import day_bounds_utc, now_local, utc_to_local
from frontdesk.rules.contact_card import ContactCard, contact_card
from frontdesk.rules.handout import plan_for, series_dates
from frontdesk.services import attention, audit, clinic_settings, schedule
from frontdesk.services.permissions import require
from frontdesk.settings import ClinicProfile
from frontdesk.values import SYSTEM_ACTOR, Actor

if TYPE_CHECKING:  # reportlab loads only when a document is built (start-up time)
    from frontdesk.documents.day_sheet import DaySheetChair, DaySheetRow
    from frontdesk.documents.handout import HandoutSheet

# progress(steps done, total steps) -> False to cancel the batch
Progress = Callable[[int, int], bool]


class PrintError(ValueError):
    """A sheet cannot be made (unknown appointment, bad language); the message names the field."""


class PrintCancelledError(Exception):
    """The user cancelled a batch while it was being built."""


@dataclass(frozen=True)
class PrintJob:
    """A built PDF and the appointments (with their patients) whose details it shows."""

    pdf: bytes
    kind: str  # handout | handouts | day_sheet | call_list | rems_forms
    appointments: tuple[tuple[int, int], ...]  # (appointment id, patient id)
    label: str  # for file names and the printer's queue: never a patient name
    heading: str = ""  # for window titles, in words ("Pre-visit sheet · Mon 30 Nov 10:15 · Chair 2"): no name either

    @property
    def title(self) -> str:
        return self.heading or self.label

    @property
    def appointment_ids(self) -> list[int]:
        return [appointment for appointment, _ in self.appointments]


# --- building ----------------------------------------------------------------------------------


def handout_job(appointment_id: int, lang: str | None = None, *, actor: Actor = SYSTEM_ACTOR,
                invariant: bool = False, printed_on: dt.date | None = None) -> PrintJob:
    """One appointment's pre-visit sheet, in `lang` or else the patient's preferred language."""
    from frontdesk.documents.handout import render_handout

    require(actor, "print")
    _check_language(lang)
    profile = _patient_sheets_profile()
    sources = print_repo.sheet_sources([appointment_id], profile.tz)
    if not sources:
        raise PrintError(f"no appointment with id {appointment_id}")
    series = _series_starts(sources, profile)
    sheet = _sheet(sources[0], profile, lang, printed_on or now_local(profile.tz).date(), series)
    appointment = sources[0].appointment
    where = f" · {appointment.chair_name}" if appointment.chair_name else ""
    return PrintJob(render_handout(sheet, invariant=invariant), "handout",
                    ((appointment.id, appointment.patient_id),), f"sheet-{appointment.id}",
                    f"Pre-visit sheet · {appointment.start:%a %d %b %H:%M}{where}")


def day_handouts_job(day: dt.date, *, actor: Actor = SYSTEM_ACTOR, invariant: bool = False,
                     printed_on: dt.date | None = None, progress: Progress | None = None) -> PrintJob:
    """Every pre-visit sheet of `day` in one PDF, each sheet starting on its own page, in start order."""
    require(actor, "print")
    profile = _patient_sheets_profile()
    sources = print_repo.day_sheet_sources(*day_bounds_utc(day, profile.tz), profile.tz)
    job = _batch(sources, profile, f"sheets-{day.isoformat()}", f"No appointments on {day.isoformat()}.",
                 invariant=invariant, printed_on=printed_on, progress=progress)
    return replace(job, heading=f"Pre-visit sheets · {day:%a %d %b %Y} ({_sheets(len(sources))})")


def handouts_job(appointment_ids: list[int], *, actor: Actor = SYSTEM_ACTOR, invariant: bool = False,
                 printed_on: dt.date | None = None, progress: Progress | None = None,
                 lang: str | None = None) -> PrintJob:
    """The sheets of the chosen appointments in one PDF, in start order (unknown ids refused);
    each in its patient's language unless `lang` is given."""
    require(actor, "print")
    _check_language(lang)
    profile = _patient_sheets_profile()
    sources = print_repo.sheet_sources(appointment_ids, profile.tz)
    missing = sorted(set(appointment_ids) - {s.appointment.id for s in sources})
    if missing:
        raise PrintError(f"no appointment with id {missing[0]}")
    job = _batch(sources, profile, f"sheets-{len(sources)}", "No appointments chosen.",
                 invariant=invariant, printed_on=printed_on, progress=progress, lang=lang)
    return replace(job, heading=f"Pre-visit sheets · {_sheets(len(sources))} chosen")


def _patient_sheets_profile() -> ClinicProfile:
    """The clinic profile, refused while it lacks what a patient's sheet needs (whom to call)."""
    profile = clinic_repo.load_profile()
    missing = clinic_settings.missing_contact_words(profile, "pre-visit sheets are printed")
    if missing:
        raise PrintError(missing)
    return profile


def _sheets(count: int) -> str:
    return "1 sheet" if count == 1 else f"{count} sheets"


def _batch(sources: list[print_repo.SheetSource], profile: ClinicProfile, label: str, empty_text: str, *,
           invariant: bool, printed_on: dt.date | None, progress: Progress | None,
           lang: str | None = None) -> PrintJob:
    from frontdesk.documents.handout import render_handouts

    printed = printed_on or now_local(profile.tz).date()
    series = _series_starts(sources, profile)
    sheets = [_sheet(source, profile, lang, printed, series) for source in sources]
    pdf = render_handouts(sheets, invariant=invariant, on_sheet=_progress_hook(progress, 2 * len(sheets)),
                          empty_text=empty_text)
    pairs = tuple((s.appointment.id, s.appointment.patient_id) for s in sources)
    return PrintJob(pdf, "handouts", pairs, label)


def day_sheet_job(day: dt.date, *, actor: Actor = SYSTEM_ACTOR, invariant: bool = False,
                  printed_at: dt.datetime | None = None) -> PrintJob:
    """The nurses' day sheet for `day`: every chair, then office visits, each in time order."""
    from frontdesk.documents.day_sheet import DaySheet, render_day_sheet

    require(actor, "print")
    profile = clinic_repo.load_profile()
    appointments = attention.with_attention(print_repo.day_appointments(*day_bounds_utc(day, profile.tz), profile.tz),
                                           profile)
    cards = {pid: contact_card(details)
             for pid, details in patients_repo.details_of([a.patient_id for a in appointments]).items()}
    weights = attention.weights_of({a.patient_id for a in appointments if a.type.needs_chair})
    board = schedule.load_day(day, profile)  # the day's blocks, and what the board marks Collides
    sheet = DaySheet(clinic_name=profile.name, day=day, printed_at=printed_at or now_local(profile.tz),
                     chairs=_day_sheet_chairs(appointments, cards, weights, board.warnings),
                     notices=tuple(_block_notice(block, board.chairs, day) for block in board.blocks))
    pairs = tuple((a.id, a.patient_id) for a in appointments)
    return PrintJob(render_day_sheet(sheet, invariant=invariant), "day_sheet", pairs, f"day-sheet-{day.isoformat()}",
                    f"Day sheet · {day:%a %d %b %Y}")


def _check_language(lang: str | None) -> None:
    if lang is not None and normalise_language(lang) != lang.strip().lower():
        raise PrintError(f"language must be en or es, not {lang!r}")


def _series_starts(sources: list[print_repo.SheetSource], profile: ClinicProfile) -> dict[int, list[dt.datetime]]:
    series_ids = [s.appointment.series_id for s in sources if s.appointment.series_id is not None]
    return print_repo.series_session_starts(series_ids, profile.tz)


def _sheet(source: print_repo.SheetSource, profile: ClinicProfile, lang: str | None,
           printed_on: dt.date, series_starts: dict[int, list[dt.datetime]]) -> HandoutSheet:
    from frontdesk.documents.handout import HandoutSheet

    appointment = source.appointment
    plan = plan_for(appointment.type, appointment.start, profile, source.medication_classes)
    series = series_dates(appointment.series_index, appointment.series_total, appointment.start,
                          series_starts.get(appointment.series_id, []) if appointment.series_id else [])
    return HandoutSheet(appointment_id=appointment.id, patient_name=appointment.patient_name,
                        language=normalise_language(lang or source.language), plan=plan, clinic=profile,
                        printed_on=printed_on, series=series)


def _progress_hook(progress: Progress | None, total: int) -> Callable[[], None] | None:
    if progress is None:
        return None
    done = [0]

    def on_sheet() -> None:
        if progress(done[0], total) is False:
            raise PrintCancelledError("printing cancelled")
        done[0] += 1

    return on_sheet


def call_list_job(day: dt.date, *, actor: Actor = SYSTEM_ACTOR, invariant: bool = False,
                  printed_at: dt.datetime | None = None) -> PrintJob:
    """The confirmation call list of `day` on paper: the bookings still ahead, how to reach each patient,
    where each stands, and a blank column for the outcome."""
    from frontdesk.documents.call_list import CallList, CallListRow, render_call_list
    from frontdesk.services import confirmations

    require(actor, "print")
    profile = clinic_repo.load_profile()
    calls = confirmations.calls_for_day(actor, day)
    rows = [CallListRow(c.start, c.arrive_by, c.patient_name, c.reach.line,
                        f"speaks {c.language}" if c.language else "", c.standing.words, c.missing,
                        act=c.standing.awaits_desk) for c in calls]
    sheet = CallList(profile.name, day, printed_at or now_local(profile.tz), confirmations.summary_words(calls), rows)
    pairs = tuple((c.appointment_id, c.patient_id) for c in calls)
    return PrintJob(render_call_list(sheet, invariant=invariant), "call_list", pairs, f"calls-{day.isoformat()}",
                    f"Confirmation calls · {day:%a %d %b %Y}")


def rems_forms_job(*, actor: Actor = SYSTEM_ACTOR, include_sent: bool = False, today: dt.date | None = None,
                   invariant: bool = False, printed_at: dt.datetime | None = None) -> PrintJob:
    """The REMS monitoring forms still to send on paper, most overdue first (with `include_sent`, the
    last month's sent ones after them, with their confirmations), and a column to tick each one off."""
    from frontdesk.documents.rems_forms import RemsFormRow, RemsFormsSheet, render_rems_forms
    from frontdesk.services import rems

    require(actor, "print")
    profile = clinic_repo.load_profile()
    forms = rems.monitoring_forms(actor, today=today, include_sent=include_sent)
    rows = [RemsFormRow(f.session, f.patient_name, f.chart_number, f.chair_name, f.due, f.state.words,
                        overdue=f.state.overdue, reference=f.reference) for f in forms]
    printed = printed_at or now_local(profile.tz)
    sheet = RemsFormsSheet(profile.name, printed, rems.summary_words(forms), rows)
    pairs = tuple((f.appointment_id, f.patient_id) for f in forms)
    return PrintJob(render_rems_forms(sheet, invariant=invariant), "rems_forms", pairs,
                    f"rems-forms-{printed:%Y-%m-%d}", f"REMS monitoring forms · {printed:%a %d %b %Y}")


# --- the day sheet's rows -----------------------------------------------------------------------


def _block_notice(block: values.BlockedTime, chairs: list[values.Chair], day: dt.date) -> str:
    """A blocked time as the day sheet heads it: "Lunch 12:00–13:00, all chairs", "Chair 3 out of
    service all day (new recliner)", "Prescriber away 13:00–18:00: no esketamine then"."""
    from frontdesk.rules.day_board import span_on

    span = span_on(block.start, block.end, day)
    reason = f" ({block.reason})" if block.reason else ""
    if block.kind == values.PRESCRIBER_AWAY:
        return f"Prescriber away {span}{reason}: no esketamine then"
    chair = next((c.name for c in chairs if c.id == block.chair_id), "") if block.chair_id is not None else ""
    what = {"lunch": "Lunch", "closed": "Clinic closed", "out_of_service": "Out of service"}.get(block.kind,
                                                                                                block.kind)
    if chair and block.kind == "out_of_service":
        return f"{chair} out of service {span}{reason}"
    return f"{what} {span}, {chair or 'all chairs'}{reason}"


def _day_sheet_chairs(appointments: list[values.Appointment], cards: dict[int, ContactCard],
                      weights: dict[int, str], warnings: dict[int, str] | None = None) -> list[DaySheetChair]:
    from frontdesk.documents.day_sheet import DaySheetChair

    chairs = [DaySheetChair(c.name, []) for c in clinic_repo.chairs() if c.in_service]
    by_name = {chair.name: chair for chair in chairs}
    office = DaySheetChair("Office (no chair)", [])
    for appointment in appointments:
        name = appointment.chair_name
        target = by_name.get(name) if name else office
        if target is None:  # a chair now out of service still shows what is booked in it
            target = by_name.setdefault(name or "", DaySheetChair(name or "", []))
            chairs.append(target)
        warning = (warnings or {}).get(appointment.id, "")
        target.rows.append(_day_sheet_row(appointment, cards.get(appointment.patient_id),
                                          weights.get(appointment.patient_id, ""), warning))
    return chairs + ([office] if office.rows else [])


def _day_sheet_row(appointment: values.Appointment, card: ContactCard | None, weight: str = "",
                   warning: str = "") -> DaySheetRow:
    """One appointment's row; under the name, a language other than English or an interpreter, and the
    driver the nurses hand the patient over to (their phone, to call when recovery is nearly over)."""
    from frontdesk.documents.day_sheet import DaySheetRow
    from frontdesk.rules.day_board import phases

    language = card.language_note if card is not None else ""
    takes_ketamine = appointment.type.needs_chair  # a consultation in the office: nobody drives them home
    parts = {p.name: p for p in phases(appointment)}
    times = tuple(f"{label} {parts[name].start if name == 'Treatment' else parts[name].end:%H:%M}"
                  for name, label in (("Treatment", "treatment"), ("Recovery", "recovery to")) if name in parts)
    return DaySheetRow(start=appointment.start, end=appointment.end, patient=appointment.patient_name,
                       visit=appointment.type.name, series=appointment.series_label,
                       readiness=appointment.readiness, flags=appointment.flags, status=appointment.status,
                       language=language, driver=card.driver if card is not None and takes_ketamine else "",
                       times=times if takes_ketamine else (), weight=weight if takes_ketamine else "",
                       vitals=takes_ketamine, warning=warning)


# --- recording and saving -----------------------------------------------------------------------


def record_printed(job: PrintJob, actor: Actor, *, how: str = "print") -> None:
    """Audit a print or export of `job` (one "print" entry per appointment; `how` and the document in
    the detail) and mark handouts as printed."""
    require(actor, "print")
    with database_proxy.atomic():
        for appointment_id, patient_id in job.appointments:
            audit.record(actor, "print", entity="appointment", entity_id=appointment_id, patient_id=patient_id,
                         detail=f"{job.kind} {how}")
        if job.kind in ("handout", "handouts"):
            print_repo.record_sheet_printed(job.appointment_ids, actor.username)


def save_pdf(job: PrintJob, path: str | os.PathLike[str], actor: Actor) -> Path:
    """Write the PDF to `path` (whole or not at all) and record the export."""
    target = Path(path)
    write_private(target, job.pdf)
    record_printed(job, actor, how="export")
    return target


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Refuse an output path whose folder is missing or not writable, before any work is done."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise PrintError(f"output {str(target)!r} is a folder; give a file name ending in .pdf")
    if folder.exists() and not folder.is_dir():
        raise PrintError(f"output folder {str(folder)!r} is not a folder")
    if not folder.is_dir():
        raise PrintError(f"output folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise PrintError(f"output {str(target)!r} is not writable")
    return target


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A folder only this user can read (0700), removed with everything in it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-print-"))
    os.chmod(folder, 0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the interface the brief names (each call builds, records and returns the bytes) ---------------


def handout_pdf(appointment_id: int, lang: str | None = None, *, actor: Actor = SYSTEM_ACTOR,
                record: bool = True, invariant: bool = False) -> bytes:
    return _recorded(handout_job(appointment_id, lang, actor=actor, invariant=invariant), actor, record)


def day_handouts_pdf(day: dt.date, *, actor: Actor = SYSTEM_ACTOR, record: bool = True,
                     invariant: bool = False) -> bytes:
    return _recorded(day_handouts_job(day, actor=actor, invariant=invariant), actor, record)


def day_sheet_pdf(day: dt.date, *, actor: Actor = SYSTEM_ACTOR, record: bool = True,
                  invariant: bool = False) -> bytes:
    return _recorded(day_sheet_job(day, actor=actor, invariant=invariant), actor, record)


def _recorded(job: PrintJob, actor: Actor, record: bool) -> bytes:
    """The job's PDF, its printing recorded first unless `record` is False (a preview)."""
    if record:
        record_printed(job, actor)
    return job.pdf


@dataclass(frozen=True)
class SheetListRow:
    """One line of the "sheets to print" list."""

    appointment_id: int
    start: dt.datetime
    chair: str
    patient: str
    language: str
    visit: str
    printed_on: dt.datetime | None


def sheet_list(day: dt.date, *, actor: Actor = SYSTEM_ACTOR) -> list[SheetListRow]:
    """The day's appointments with their language and when each sheet was last printed."""
    require(actor, "schedule.view")
    profile = clinic_repo.load_profile()
    sources = print_repo.day_sheet_sources(*day_bounds_utc(day, profile.tz), profile.tz)
    printed = sheet_printed_on([s.appointment.id for s in sources])
    return [SheetListRow(s.appointment.id, s.appointment.start, s.appointment.chair_name or "Office",
                         s.appointment.patient_name, normalise_language(s.language), s.appointment.type.name,
                         printed.get(s.appointment.id)) for s in sources]


def sheet_printed_on(appointment_ids: list[int]) -> dict[int, dt.datetime]:
    """When each appointment's sheet was last printed, in clinic time ("sheet printed on …")."""
    tz = clinic_repo.load_profile().tz
    return {k: utc_to_local(v, tz) for k, v in print_repo.last_sheet_printed(appointment_ids).items()}
