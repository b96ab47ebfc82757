"""Patients to rebook: the missed and cancelled visits, each patient's latest visit, the series
sessions that hold their time, and the visits the desk closed as not to be booked again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.database import database_proxy
from frontdesk.data.prepared import as_datetime


@dataclass(frozen=True)
class MissedRow:
    appointment_id: int
    patient_id: int
    start_utc: dt.datetime
    outcome: str  # no_show | cancelled
    cancelled_by: str  # patient | clinic | "" for a no-show
    late_cancel: bool
    series_id: int | None
    series_index: int | None
    type_code: str
    type_name: str
    first: str
    last: str
    preferred: str


def missed_since(since_utc: dt.datetime) -> list[MissedRow]:
    """No-shows and cancellations starting from `since_utc` on (later ones too: a visit ahead cancelled),
    of patients not archived, the desk has not closed as not to be rebooked; newest first."""
    a, kind, p = m.Appointment, m.AppointmentType, m.Patient
    closed = m.RebookClosed
    query = (a.select(a.id, a.patient, a.start_utc, a.outcome, a.cancelled_by, a.late_cancel, a.series,
                      a.series_index, kind.code, kind.name, p.legal_first, p.legal_last, p.preferred_name)
             .join(kind, on=(a.type == kind.id)).switch(a).join(p, on=(a.patient == p.id))
             .switch(a).join(closed, pw.JOIN.LEFT_OUTER, on=(closed.appointment == a.id))
             .where((a.start_utc >= since_utc) & a.outcome.in_(("no_show", "cancelled"))
                    & (p.archived == False) & closed.id.is_null())  # noqa: E712
             .order_by(a.start_utc.desc(), a.id.desc()).tuples())
    return [MissedRow(int(i), int(patient), as_datetime(start), str(outcome), str(by or ""), bool(late),
                      int(series) if series is not None else None, int(index) if index is not None else None,
                      str(code), str(name), str(first), str(last), str(preferred or ""))
            for i, patient, start, outcome, by, late, series, index, code, name, first, last, preferred in query]


def latest_visits(patient_ids: Iterable[int], now_utc: dt.datetime) -> dict[int, dt.datetime]:
    """Each patient's latest visit that happened or is booked ahead, by id: completed, or not ended and
    starting from `now_utc` on (a past booking nobody closed is no visit)."""
    ids = sorted(set(patient_ids))
    if not ids:
        return {}
    a = m.Appointment
    latest = pw.fn.MAX(a.start_utc)
    visit = (a.outcome == "completed") | (a.outcome.is_null() & (a.start_utc >= now_utc))
    query = (a.select(a.patient, latest.python_value(a.start_utc.python_value))
             .where(a.patient.in_(ids) & visit).group_by(a.patient).tuples())
    return {int(patient): as_datetime(start) for patient, start in query}


def held_sessions(series_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(series, session number) of the sessions of these series that hold their time: a missed session
    whose number is among them has its make-up."""
    ids = sorted(set(series_ids))
    if not ids:
        return set()
    a = m.Appointment
    holds = a.outcome.is_null() | (a.outcome == "completed")
    query = a.select(a.series, a.series_index).where(a.series.in_(ids) & a.series_index.is_null(False) & holds).tuples()
    return {(int(series), int(index)) for series, index in query}


def close_rebook(appointment_ids: Iterable[int], user: str, reason: str) -> int:
    """Mark these missed visits as not to be booked again; how many were newly closed (one already
    closed at another desk is left as it was)."""
    closed = 0
    at = m.utcnow().replace(microsecond=0)  # one time for the whole closing: it is listed (and put back) as one
    for appointment_id in sorted(set(appointment_ids)):
        try:
            with database_proxy.atomic():  # a savepoint: the caller's transaction goes on
                m.RebookClosed.create(appointment=appointment_id, user=user, reason=reason, at_utc=at)
        except pw.IntegrityError:
            continue
        closed += 1
    return closed


@dataclass(frozen=True)
class ClosedRow:
    appointment_id: int
    patient_id: int
    at_utc: dt.datetime
    user: str
    reason: str
    first: str
    last: str
    preferred: str


def closed_since(since_utc: dt.datetime) -> list[ClosedRow]:
    """The missed visits the desk closed from `since_utc` on, newest closing first."""
    closed, a, p = m.RebookClosed, m.Appointment, m.Patient
    query = (closed.select(closed.appointment, a.patient, closed.at_utc, closed.user, closed.reason, p.legal_first,
                           p.legal_last, p.preferred_name)
             .join(a, on=(closed.appointment == a.id)).join(p, on=(a.patient == p.id))
             .where(closed.at_utc >= since_utc).order_by(closed.at_utc.desc(), closed.id.desc()).tuples())
    return [ClosedRow(int(i), int(patient), as_datetime(at), str(user or ""), str(reason or ""), str(first),
                      str(last), str(preferred or ""))
            for i, patient, at, user, reason, first, last, preferred in query]


def reopen(appointment_ids: Iterable[int], at_utc: dt.datetime, user: str) -> int:
    """Take back the closing of these missed visits made at `at_utc` by `user`: they may be listed to
    rebook again. A closing made since (another desk put them back and closed them again, with its own
    reason) is left alone. How many."""
    ids = sorted(set(appointment_ids))
    if not ids:
        return 0
    closed = m.RebookClosed
    return int(closed.delete().where(closed.appointment.in_(ids) & (closed.at_utc == at_utc) & (closed.user == user))
               .execute())
