"""Patients to rebook: a no-show or a cancellation of the last two weeks (or a visit ahead cancelled)
still waiting for a new booking. The desk calls them; a series session gets its make-up.

Four queries for the whole clinic: the missed visits, each patient's latest visit, the series sessions
that hold their time, and how to reach the patients listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontdesk.data import clinic_repo, patients_repo, rebook_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules.clock import local_to_utc, now_local, utc_to_local
from frontdesk.rules.contact_card import Reach
from frontdesk.rules.text import display_name
from frontdesk.services import audit
from frontdesk.services.permissions import require
from frontdesk.values import Actor

REBOOK_DAYS = 14  # the no-shows and cancellations of the last two weeks (and any cancelled visit ahead)
REASON_LIMIT = 120


class RebookError(ValueError):
    """A closing the desk cannot record; the message names no patient."""


@dataclass(frozen=True)
class Rebook:
    """A patient whose visit was missed or cancelled and who is still waiting for a new booking: the desk
    calls to book again (a series session gets its make-up, keeping its place in the series)."""

    appointment_id: int  # the latest visit missed or cancelled
    patient_id: int
    patient_name: str
    missed: dt.datetime  # clinic-local start of that visit
    type_code: str
    type_name: str
    why: str  # "no-show", "cancelled by the patient (late)", "cancelled by the clinic"
    series_session: int | None  # its session number in a series
    misses: int  # visits missed or cancelled in the period (this one included)
    reach: Reach
    waiting_ids: tuple[int, ...] = ()  # every missed visit of the patient still waiting (closed together)


def to_rebook(actor: Actor, *, now: dt.datetime | None = None, days: int = REBOOK_DAYS) -> list[Rebook]:
    """Patients with a no-show or cancellation in the last `days` days (or a cancelled visit ahead) still
    waiting for a new booking, the latest first. A series session waits for its make-up (the same
    session number booked again), whatever the later sessions; any other visit for a visit after it
    (or, for one ahead, from now on) that took place or is booked. Four queries for the whole clinic."""
    require(actor, "schedule.view")
    tz = clinic_repo.load_profile().tz
    now = now or now_local(tz)
    now_utc = local_to_utc(now, tz)
    rows = rebook_repo.missed_since(local_to_utc(now - dt.timedelta(days=days), tz))
    visits = rebook_repo.latest_visits({row.patient_id for row in rows}, now_utc)
    made_up = rebook_repo.held_sessions({row.series_id for row in rows if row.series_id is not None})

    def waiting(row: rebook_repo.MissedRow) -> bool:
        if row.series_id is not None and row.series_index is not None:
            return (row.series_id, row.series_index) not in made_up
        latest = visits.get(row.patient_id)
        return latest is None or latest < min(row.start_utc, now_utc)

    per_patient: dict[int, list[rebook_repo.MissedRow]] = {}
    for row in rows:  # newest first
        per_patient.setdefault(row.patient_id, []).append(row)
    found = {pid: (open_rows, len(misses)) for pid, misses in per_patient.items()
             if (open_rows := [row for row in misses if waiting(row)])}
    reaches = patients_repo.reach_of(found)
    return [_rebook(rows, count, reaches.get(pid, Reach(None)), tz) for pid, (rows, count) in found.items()]


def close(actor: Actor, rebook: Rebook, reason: str) -> int:
    """The desk will not book this patient again for now (they stop, or go elsewhere): each of their
    missed visits still waiting leaves the list, with who, when and why; audited. Returns how many."""
    require(actor, "schedule.change")
    reason = " ".join(reason.split())
    if not reason:
        raise RebookError("reason: say why the patient is not booked again (one line)")
    if len(reason) > REASON_LIMIT:
        raise RebookError(f"reason: at most {REASON_LIMIT} characters")
    with database_proxy.atomic():
        closed = rebook_repo.close_rebook(rebook.waiting_ids, actor.username, reason)
        audit.record(actor, "appointment.rebook_closed", entity="patient", entity_id=rebook.patient_id,
                     patient_id=rebook.patient_id, detail=f"{closed} visit{'s' if closed != 1 else ''}")
    return closed


@dataclass(frozen=True)
class Closing:
    """One "not booking again": the patient, when, by whom and why, and the missed visits it closed."""

    patient_id: int
    patient_name: str
    closed_at: dt.datetime  # clinic-local
    user: str
    reason: str
    appointment_ids: tuple[int, ...]
    closed_at_utc: dt.datetime | None = None  # as stored: which closing, should the visits be closed again since


CLOSED_DAYS = 30  # how far back the desk can put a closing right


def closed_recently(actor: Actor, *, now: dt.datetime | None = None, days: int = CLOSED_DAYS) -> list[Closing]:
    """The desk's "not booking again" of the last `days` days, newest first (to put one right)."""
    require(actor, "schedule.view")
    tz = clinic_repo.load_profile().tz
    now = now or now_local(tz)
    grouped: dict[tuple[int, dt.datetime, str, str], list[rebook_repo.ClosedRow]] = {}
    for row in rebook_repo.closed_since(local_to_utc(now - dt.timedelta(days=days), tz)):
        grouped.setdefault((row.patient_id, row.at_utc, row.user, row.reason), []).append(row)
    return [Closing(pid, display_name(rows[0].first, rows[0].last, rows[0].preferred), utc_to_local(at, tz), user,
                    reason, tuple(sorted(r.appointment_id for r in rows)), at)
            for (pid, at, user, reason), rows in grouped.items()]


def reopen(actor: Actor, closing: Closing) -> int:
    """Put a closing right (the patient will be booked again after all): its missed visits may be listed
    to rebook again, while they are recent and still waiting. Audited; returns how many were reopened
    (none when another desk did it first)."""
    require(actor, "schedule.change")
    with database_proxy.atomic():
        if closing.closed_at_utc is None:
            raise RebookError("put back: that closing is not known (read the list again)")
        reopened = rebook_repo.reopen(closing.appointment_ids, closing.closed_at_utc, closing.user)
        if reopened:
            audit.record(actor, "appointment.rebook_reopened", entity="patient", entity_id=closing.patient_id,
                         patient_id=closing.patient_id, detail=f"{reopened} visit{'s' if reopened != 1 else ''}")
    return reopened


def _rebook(waiting: list[rebook_repo.MissedRow], misses: int, reach: Reach, tz: dt.tzinfo) -> Rebook:
    latest = waiting[0]
    return Rebook(latest.appointment_id, latest.patient_id, display_name(latest.first, latest.last, latest.preferred),
                  utc_to_local(latest.start_utc, tz), latest.type_code, latest.type_name, _why(latest),
                  latest.series_index, misses, reach, tuple(row.appointment_id for row in waiting))


def _why(row: rebook_repo.MissedRow) -> str:
    if row.outcome == "no_show":
        return "no-show"
    late = " (late)" if row.late_cancel else ""
    return f"cancelled by the {row.cancelled_by or 'patient'}{late}"


__all__ = ["CLOSED_DAYS", "REASON_LIMIT", "REBOOK_DAYS", "Closing", "Rebook", "RebookError", "close", "closed_recently",
           "reopen", "to_rebook"]
