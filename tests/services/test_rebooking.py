"""The patients to rebook, on a real database (each backend): who missed or cancelled a visit and is still
waiting for a new booking; a series session until its make-up."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.rules.clock import local_to_utc
from frontdesk.services import rebooking
from tests.services.intake_helpers import DESK, make_appointment, make_patient

TZ = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 30, 11, 0, tzinfo=TZ)  # a Monday, mid-morning


def _miss(patient_id: int, start: dt.datetime, outcome: str, by: str | None = None, *, late: bool = False,
          code: str = "iv_mood") -> int:
    appointment_id = make_appointment(patient_id, local_to_utc(start, TZ), code)
    m.Appointment.update(outcome=outcome, cancelled_by=by, late_cancel=late).where(
        m.Appointment.id == appointment_id).execute()
    return appointment_id


def _held(patient_id: int, start: dt.datetime, outcome: str | None = None) -> int:
    appointment_id = make_appointment(patient_id, local_to_utc(start, TZ))
    m.Appointment.update(outcome=outcome, flow="discharged" if outcome else "booked").where(
        m.Appointment.id == appointment_id).execute()
    return appointment_id


def _rebook(**kwargs: object) -> list[tuple[str, str, str, int]]:
    return [(r.patient_name, f"{r.missed:%d %b %H:%M}", r.why, r.misses)
            for r in rebooking.to_rebook(DESK, now=NOW, **kwargs)]  # type: ignore[arg-type]


def _on(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour)


def test_patients_who_missed_or_cancelled_and_booked_nothing_since_are_to_rebook(db: peewee.Database) -> None:
    ana, ben, cy, di, ed, fay = (make_patient(first, "Test") for first in ("Ana", "Ben", "Cy", "Di", "Ed", "Fay"))
    _miss(ana, _on(20), "no_show")
    _miss(ana, _on(25), "cancelled", "patient", late=True)  # her latest: shown, with both counted
    _miss(ben, _on(24), "cancelled", "clinic")
    _miss(cy, _on(23), "no_show")
    _held(cy, _on(26), "completed")  # came back since: not listed
    _miss(di, dt.datetime(2026, 12, 3, 9), "cancelled", "patient")  # a visit ahead, cancelled, nothing else ahead
    _miss(ed, dt.datetime(2026, 12, 3, 9), "cancelled", "patient")
    _held(ed, dt.datetime(2026, 12, 8, 9))  # booked again for later: not listed
    _miss(fay, _on(10), "no_show")  # three weeks ago: past the two weeks looked at
    m.Patient.update(archived=True).where(m.Patient.id == fay).execute()
    assert _rebook() == [
        ("Di Test", "03 Dec 09:00", "cancelled by the patient", 1),
        ("Ana Test", "25 Nov 09:00", "cancelled by the patient (late)", 2),
        ("Ben Test", "24 Nov 09:00", "cancelled by the clinic", 1),
    ]
    assert [name for name, *_ in _rebook(days=30)] == ["Di Test", "Ana Test", "Ben Test"]  # Fay is archived
    _held(ana, dt.datetime(2026, 12, 2, 9))  # the desk booked her again
    assert [name for name, *_ in _rebook()] == ["Di Test", "Ben Test"]


def test_a_missed_series_session_waits_for_its_make_up_whatever_the_later_sessions(db: peewee.Database) -> None:
    ana = make_patient("Ana", "Test")
    series = m.Series.create(patient=ana, type=m.AppointmentType.get(m.AppointmentType.code == "iv_mood"),
                             planned_count=6)
    sessions = [_held(ana, _on(day)) for day in (20, 23, 25, 27)] + [_held(ana, dt.datetime(2026, 12, day, 9))
                                                                         for day in (2, 4)]
    for number, appointment_id in enumerate(sessions, start=1):
        m.Appointment.update(series=series, series_index=number).where(m.Appointment.id == appointment_id).execute()
    m.Appointment.update(outcome="completed", flow="discharged").where(m.Appointment.id.in_(sessions[:2])).execute()
    m.Appointment.update(outcome="no_show").where(m.Appointment.id == sessions[2]).execute()  # session 3 missed
    # sessions 4 (27 Nov, never closed) and 5, 6 (booked ahead) do not make up for session 3
    assert [(r.patient_name, r.why, r.series_session) for r in rebooking.to_rebook(DESK, now=NOW)] == [
        ("Ana Test", "no-show", 3)]
    make_up = _held(ana, dt.datetime(2026, 12, 7, 9))
    m.Appointment.update(series=series, series_index=3).where(m.Appointment.id == make_up).execute()
    assert rebooking.to_rebook(DESK, now=NOW) == []


def test_a_visit_not_closed_does_not_count_as_booked_again_and_the_same_time_elsewhere_does(
        db: peewee.Database) -> None:
    ben, cy = make_patient("Ben", "Test"), make_patient("Cy", "Test")
    _miss(ben, _on(20), "no_show")
    _held(ben, _on(24))  # booked for Tuesday, never checked in nor closed: no visit
    first = _miss(cy, dt.datetime(2026, 12, 2, 9), "cancelled", "patient")
    assert [name for name, *_ in _rebook()] == ["Cy Test", "Ben Test"]
    again = _held(cy, dt.datetime(2026, 12, 2, 9))  # the same time, in another chair
    m.Appointment.update(chair=m.Chair.get(m.Chair.name == "Chair 2")).where(m.Appointment.id == again).execute()
    assert first != again and [name for name, *_ in _rebook()] == ["Ben Test"]


def test_a_patient_not_booked_again_leaves_the_list_with_the_reason_kept(db: peewee.Database) -> None:
    ana, ben = make_patient("Ana", "Test"), make_patient("Ben", "Test")
    first, second = _miss(ana, _on(20), "no_show"), _miss(ana, _on(25), "cancelled", "patient")
    _miss(ben, _on(24), "cancelled", "clinic")
    listed = {r.patient_name: r for r in rebooking.to_rebook(DESK, now=NOW)}
    assert listed["Ana Test"].waiting_ids == (second, first)
    with pytest.raises(rebooking.RebookError, match="reason: say why the patient is not booked again"):
        rebooking.close(DESK, listed["Ana Test"], "  ")
    assert m.RebookClosed.select().count() == 0
    assert rebooking.close(DESK, listed["Ana Test"], "stopping  treatment\n") == 2
    assert [r.patient_name for r in rebooking.to_rebook(DESK, now=NOW)] == ["Ben Test"]
    assert {(c.appointment_id, c.user, c.reason) for c in m.RebookClosed.select()} == {
        (first, "desk1", "stopping treatment"), (second, "desk1", "stopping treatment")}
    entry = m.AuditEntry.get(m.AuditEntry.action == "appointment.rebook_closed")
    assert (entry.entity_id, entry.detail) == (str(ana), "2 visits")
    assert rebooking.close(DESK, listed["Ana Test"], "again") == 0  # closed at another desk already: nothing twice


def test_a_patient_taken_off_by_mistake_is_put_back(db: peewee.Database) -> None:
    ana, ben = make_patient("Ana", "Test"), make_patient("Ben", "Test")
    first, second = _miss(ana, _on(20), "no_show"), _miss(ana, _on(25), "cancelled", "patient")
    _miss(ben, _on(24), "cancelled", "clinic")
    listed = {r.patient_name: r for r in rebooking.to_rebook(DESK, now=NOW)}
    rebooking.close(DESK, listed["Ana Test"], "moving away")
    closings = rebooking.closed_recently(DESK, now=NOW)
    assert [(c.patient_name, c.user, c.reason, c.appointment_ids) for c in closings] == [
        ("Ana Test", "desk1", "moving away", tuple(sorted((first, second))))]
    assert rebooking.reopen(DESK, closings[0]) == 2
    assert sorted(r.patient_name for r in rebooking.to_rebook(DESK, now=NOW)) == ["Ana Test", "Ben Test"]
    assert rebooking.closed_recently(DESK, now=NOW) == []
    entry = m.AuditEntry.get(m.AuditEntry.action == "appointment.rebook_reopened")
    assert (entry.entity_id, entry.patient_id, entry.detail) == (str(ana), ana, "2 visits")
    assert rebooking.reopen(DESK, closings[0]) == 0  # put back at another desk already: nothing twice
    assert m.AuditEntry.select().where(m.AuditEntry.action == "appointment.rebook_reopened").count() == 1


def test_a_stale_put_back_leaves_a_newer_closing_alone(db: peewee.Database) -> None:
    import time

    ana = make_patient("Ana", "Test")
    _miss(ana, _on(20), "no_show")
    rebooking.close(DESK, rebooking.to_rebook(DESK, now=NOW)[0], "moving away")
    stale = rebooking.closed_recently(DESK, now=NOW)[0]  # desk A reads the list …
    assert rebooking.reopen(DESK, stale) == 1  # … desk B puts Ana back,
    time.sleep(1.1)  # (a closing is kept to the second)
    rebooking.close(DESK, rebooking.to_rebook(DESK, now=NOW)[0], "transferred, letter on file")  # and closes again
    assert rebooking.reopen(DESK, stale) == 0  # desk A's stale pick undoes nothing
    assert [c.reason for c in rebooking.closed_recently(DESK, now=NOW)] == ["transferred, letter on file"]
