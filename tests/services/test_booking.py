"""Booking use cases on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk.data import booking_repo, clinic_repo
from frontdesk.data import models as m
from frontdesk.data.appointments_repo import get
from frontdesk.rules.contact import PatientDetails, PhoneEntry
from frontdesk.rules.series import SeriesRequest, Slot
from frontdesk.services import booking, patients
from frontdesk.services.booking import BookingConflict, BookingError, SoftLimitWarning
from frontdesk.services.permissions import NotPermittedError
from frontdesk.values import Actor

DESK = Actor("desk1", "desk")
ADMIN = Actor("admin1", "admin")
MONDAY = dt.date(2026, 3, 2)


def add_patient(first: str = "Ana", last: str = "Diaz") -> int:
    from frontdesk.rules.text import search_key

    row = m.Patient.create(chart_number=f"T{m.Patient.select().count() + 1:05d}", legal_first=first,
                           legal_last=last, search_name=search_key(first, last))
    return int(row.id)


def at(hh: int, mm: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm))


def chair(name: str) -> int:
    found = booking_repo.find_chair(name)
    assert found is not None
    return found.id


def test_book_writes_appointment_event_and_audit(db: peewee.Database) -> None:
    pid = add_patient()
    new_id = booking.book(pid, "iv_mood", chair("Chair 3"), at(10, 15), DESK)
    a = get(new_id, clinic_repo.load_profile().tz)
    assert a is not None and a.chair_name == "Chair 3"
    assert (f"{a.start:%H:%M}", f"{a.end:%H:%M}") == ("10:15", "11:55")
    assert [e.kind for e in booking.history(new_id)] == ["booked"]
    assert m.AuditEntry.select().where(m.AuditEntry.action == "appointment.book").count() == 1


def test_conflict_names_what_it_collides_with_and_writes_nothing(db: peewee.Database) -> None:
    first, second = add_patient(), add_patient("Ben", "Okafor")
    booking.book(first, "IV ketamine, mood", chair("Chair 3"), at(10, 15), DESK)
    with pytest.raises(BookingConflict) as caught:
        booking.book(second, "iv_mood", chair("Chair 3"), at(11), DESK)
    assert str(caught.value) == "Chair 3 is taken 10:15–11:55 by Ana Diaz, IV ketamine, mood"
    assert m.Appointment.select().count() == 1


def test_patient_double_booking_refused(db: peewee.Database) -> None:
    pid = add_patient()
    booking.book(pid, "iv_mood", chair("Chair 1"), at(10), DESK)
    with pytest.raises(BookingConflict, match="The patient is already booked 10:00–11:25"):
        booking.book(pid, "iv_mood", chair("Chair 2"), at(10, 30), DESK)


def test_without_chair_takes_the_first_free_one(db: peewee.Database) -> None:
    pid, other = add_patient(), add_patient("Ben", "Okafor")
    booking.book(other, "iv_mood", chair("Chair 1"), at(10), DESK)
    new_id = booking.book(pid, "iv_mood", None, at(10), DESK)
    assert get(new_id, clinic_repo.load_profile().tz).chair_name == "Chair 2"  # type: ignore[union-attr]


def test_block_and_closed_day_refuse(db: peewee.Database) -> None:
    pid = add_patient()
    tz = clinic_repo.load_profile().tz
    from frontdesk.rules.clock import local_to_utc

    booking_repo.add_block(chair_id=chair("Chair 2"), start_utc=local_to_utc(at(8), tz),
                           end_utc=local_to_utc(at(18), tz), kind="out_of_service", reason="repair")
    with pytest.raises(BookingConflict, match=r"Chair 2 is out of service 08:00–18:00 \(repair\)"):
        booking.book(pid, "iv_mood", chair("Chair 2"), at(9), DESK)
    with pytest.raises(BookingConflict, match="closed on Sunday"):
        booking.book(pid, "iv_mood", chair("Chair 1"), at(9, day=MONDAY - dt.timedelta(days=1)), DESK)


def test_soft_limit_warns_and_override_is_recorded(db: peewee.Database) -> None:
    ids = [add_patient(f"P{n}", "Test") for n in range(3)]
    booking.book(ids[0], "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.book(ids[1], "iv_mood", chair("Chair 2"), at(9), DESK)
    with pytest.raises(SoftLimitWarning, match="3 IV starts in 09:00–09:15"):
        booking.book(ids[2], "iv_mood", chair("Chair 3"), at(9), DESK)
    new_id = booking.book(ids[2], "iv_mood", chair("Chair 3"), at(9), DESK, override=True)
    row = m.Appointment.get_by_id(new_id)
    assert row.override_note == "desk1 overrode: 3 IV starts in 09:00–09:15 (the limit is 2)"
    assert [e.kind for e in booking.history(new_id)] == ["booked", "override"]


def test_unknown_type_chair_patient_are_bad_input(db: peewee.Database) -> None:
    pid = add_patient()
    with pytest.raises(BookingError, match="type: no appointment type 'yoga'"):
        booking.book(pid, "yoga", None, at(9), DESK)
    with pytest.raises(BookingError, match="chair: no chair 'Chair 9'"):
        booking.book(pid, "iv_mood", "Chair 9", at(9), DESK)
    with pytest.raises(BookingError, match="patient: no patient with id 999"):
        booking.book(999, "iv_mood", None, at(9), DESK)
    assert m.Appointment.select().count() == 0


def test_clinical_role_may_book_but_unknown_role_may_not(db: peewee.Database) -> None:
    pid = add_patient()
    with pytest.raises(NotPermittedError):
        booking.book(pid, "iv_mood", None, at(9), Actor("x", "visitor"))


def test_move_checks_rules_and_records_event(db: peewee.Database) -> None:
    a, b = add_patient(), add_patient("Ben", "Okafor")
    first = booking.book(a, "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.book(b, "iv_mood", chair("Chair 2"), at(13), DESK)
    with pytest.raises(BookingConflict, match="Chair 2 is taken 13:00–14:40 by Ben Okafor"):
        booking.move(first, chair("Chair 2"), at(13, 30), DESK)
    booking.move(first, chair("Chair 1"), at(9, 30), DESK)  # moving within its own time is fine
    moved = get(first, clinic_repo.load_profile().tz)
    assert moved is not None and f"{moved.start:%H:%M}" == "09:30"
    assert [e.kind for e in booking.history(first)] == ["booked", "moved"]


def _series(pid: int, count: int = 4) -> tuple[int, list[int]]:
    offsets = (0, 2, 4, 7, 9, 11)[:count]  # Monday, Wednesday, Friday, Monday...: never a Sunday
    slots = [Slot(at(9, day=MONDAY + dt.timedelta(days=d)).replace(tzinfo=clinic_repo.load_profile().tz),
                  booking_repo.find_chair("Chair 1")) for d in offsets]
    return booking.book_series(pid, "iv_mood", slots, DESK, min_days=2)


def test_book_series_links_each_session(db: peewee.Database) -> None:
    series_id, ids = _series(add_patient())
    tz = clinic_repo.load_profile().tz
    labels = [get(i, tz).series_label for i in ids]  # type: ignore[union-attr]
    assert labels == ["1 of 4", "2 of 4", "3 of 4", "4 of 4"]
    assert booking_repo.get_series(series_id).min_days == 2  # type: ignore[union-attr]


def test_series_conflict_names_the_session_and_writes_nothing(db: peewee.Database) -> None:
    other = add_patient("Ben", "Okafor")
    booking.book(other, "iv_mood", chair("Chair 1"), at(9, day=MONDAY + dt.timedelta(days=4)), DESK)
    with pytest.raises(BookingConflict, match="Session 3 of 4: Chair 1 is taken 09:00–10:40 by Ben Okafor"):
        _series(add_patient())
    assert m.Appointment.select().count() == 1
    assert m.Series.select().count() == 0


def test_move_this_one_leaves_the_others(db: peewee.Database) -> None:
    _, ids = _series(add_patient())
    tz = clinic_repo.load_profile().tz
    before = [get(i, tz).start for i in ids]  # type: ignore[union-attr]
    booking.move(ids[1], chair("Chair 1"), at(11, day=MONDAY + dt.timedelta(days=2)), DESK)
    after = [get(i, tz).start for i in ids]  # type: ignore[union-attr]
    assert after[0] == before[0] and after[2:] == before[2:]
    assert f"{after[1]:%H:%M}" == "11:00"


def test_move_this_and_following_shifts_later_sessions_only(db: peewee.Database) -> None:
    _, ids = _series(add_patient())
    tz = clinic_repo.load_profile().tz
    booking.move_following(ids[1], None, at(9, day=MONDAY + dt.timedelta(days=3)), DESK)
    days = [get(i, tz).start.date().isoformat() for i in ids]  # type: ignore[union-attr]
    assert days == ["2026-03-02", "2026-03-05", "2026-03-07", "2026-03-10"]


def test_move_following_refusal_names_session_and_moves_none(db: peewee.Database) -> None:
    pid = add_patient()
    _, ids = _series(pid)
    tz = clinic_repo.load_profile().tz
    monday_after = MONDAY + dt.timedelta(days=7)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(10, 45, day=monday_after), DESK)
    with pytest.raises(BookingConflict, match="Session 4 of 4: Chair 1 is taken"):
        booking.move_following(ids[1], None, at(10, day=MONDAY + dt.timedelta(days=2)), DESK)
    assert [f"{get(i, tz).start:%H:%M}" for i in ids] == ["09:00"] * 4  # type: ignore[union-attr]


def test_cancel_late_and_following(db: peewee.Database) -> None:
    _, ids = _series(add_patient())
    tz = clinic_repo.load_profile().tz
    now = at(12, day=MONDAY + dt.timedelta(days=1)).replace(tzinfo=tz)
    assert booking.cancel(ids[1], "patient", "sick", DESK, now=now) == [ids[1]]
    row = m.Appointment.get_by_id(ids[1])
    assert (row.outcome, row.cancelled_by, row.late_cancel) == ("cancelled", "patient", True)
    assert get(ids[2], tz).outcome is None  # type: ignore[union-attr]
    assert booking.cancel(ids[2], "clinic", "nurse ill", DESK, following=True, now=now) == ids[2:]
    assert not m.Appointment.get_by_id(ids[3]).late_cancel


def test_cancel_needs_reason_and_who(db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", None, at(9), DESK)
    with pytest.raises(BookingError, match="reason"):
        booking.cancel(new_id, "patient", "  ", DESK)
    with pytest.raises(BookingError, match="cancelled by"):
        booking.cancel(new_id, "nobody", "x", DESK)


def test_cancelled_chair_is_free_again(db: peewee.Database) -> None:
    first = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.cancel(first, "patient", "sick", DESK)
    assert booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(9), DESK)


def test_day_of_flow_steps_are_stamped(db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", None, at(9), DESK)
    steps = [booking.advance(new_id, DESK) for _ in range(4)]
    assert steps == ["arrived", "in_chair", "recovery", "discharged"]
    assert m.Appointment.get_by_id(new_id).outcome == "completed"
    assert [(e.kind, e.user) for e in booking.history(new_id)][1:] == [(s, "desk1") for s in steps]
    with pytest.raises(BookingError, match="no next step"):
        booking.advance(new_id, DESK)


def test_no_show_frees_the_chair(db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.mark_no_show(new_id, DESK)
    assert m.Appointment.get_by_id(new_id).outcome == "no_show"
    with pytest.raises(BookingError, match="no-show"):
        booking.mark_no_show(new_id, DESK)


def _local(hh: int, mm: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return at(hh, mm, day).replace(tzinfo=clinic_repo.load_profile().tz)


def test_day_of_steps_wait_for_the_appointments_day_and_a_no_show_for_its_start(db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    with pytest.raises(BookingError) as caught:
        booking.advance(new_id, DESK, now=_local(17, day=MONDAY - dt.timedelta(days=3)))
    assert str(caught.value) == (f"appointment {new_id}: it is on Mon 02 Mar: arrival and the steps after it "
                                 "are recorded on the day")
    with pytest.raises(BookingError, match="it starts at 09:00: it is not a no-show before then"):
        booking.mark_no_show(new_id, DESK, now=_local(8, 50))
    assert m.Appointment.get_by_id(new_id).flow == "booked" and booking.history(new_id)[-1].kind == "booked"
    booking.mark_no_show(new_id, DESK, now=_local(9, 20))
    assert booking.advance(booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 2"), at(9), DESK),
                           DESK, now=_local(23, day=MONDAY + dt.timedelta(days=1))) == "arrived"  # closing up late


def test_an_esketamine_session_without_rems_enrolment_asks_before_the_patient_is_in_the_chair(
        db: peewee.Database) -> None:
    session = booking.book(add_patient(), "esketamine", chair("Chair 1"), at(9), DESK, override=True)
    assert booking.advance(session, DESK) == "arrived"
    with pytest.raises(SoftLimitWarning) as caught:
        booking.advance(session, DESK)
    assert str(caught.value) == ("Ana Diaz has no esketamine REMS enrolment on file: the session may not start "
                                 "until the prescriber has enrolled them")
    assert m.Appointment.get_by_id(session).flow == "arrived"
    assert booking.advance(session, DESK, override=True) == "in_chair"
    assert [(e.kind, e.detail) for e in booking.history(session)][-1] == (
        "override", "in chair without REMS enrolment")


def test_seating_a_patient_in_a_chair_another_still_sits_in_asks_first(db: peewee.Database) -> None:
    ana = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    ben = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(10, 40), DESK)
    for _ in ("arrived", "in_chair", "recovery"):
        booking.advance(ana, DESK)
    assert booking.advance(ben, DESK) == "arrived"  # arriving is fine: Ben waits
    with pytest.raises(SoftLimitWarning) as caught:
        booking.advance(ben, DESK)
    assert str(caught.value) == ("Chair 1 still has Ana Diaz (in recovery, due out at 10:25): the chair is not free "
                                 "yet; seat Ben Okafor in another chair (drag the block there) or discharge Ana Diaz "
                                 "first")
    assert m.Appointment.get_by_id(ben).flow == "arrived"
    assert booking.advance(ben, DESK, override=True) == "in_chair"
    assert [(e.kind, e.detail) for e in booking.history(ben)][-1] == (
        "override", "in chair while Chair 1 still had another patient")
    booking.advance(ana, DESK)  # discharged: the chair is free for the next one without a question
    carl = booking.book(add_patient("Carl", "Moss"), "iv_mood", chair("Chair 2"), at(10, 40), DESK)
    assert [booking.advance(carl, DESK) for _ in range(2)] == ["arrived", "in_chair"]


def test_a_step_taken_back_returns_to_the_one_before_and_its_stamp_goes(db: peewee.Database) -> None:
    from frontdesk.data.board_repo import flow_stamps

    tz = clinic_repo.load_profile().tz
    new_id = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.advance(new_id, DESK)
    booking.advance(new_id, DESK)  # in chair: pressed on the wrong block
    assert booking.undo_step(new_id, DESK, now=_local(11)) == "arrived"
    assert m.Appointment.get_by_id(new_id).flow == "arrived"
    assert [s.step for s in flow_stamps([new_id], tz)[new_id]] == ["booked", "arrived"]
    entry = m.AuditEntry.get(m.AuditEntry.action == "appointment.step_undone")
    assert (entry.entity_id, entry.detail) == (str(new_id), "in_chair")
    assert booking.advance(new_id, DESK) == "in_chair"
    assert [s.step for s in flow_stamps([new_id], tz)[new_id]] == ["booked", "arrived", "in_chair"]
    assert [e.kind for e in booking.history(new_id)] == [
        "booked", "arrived", "in_chair", "undone:in_chair", "in_chair"]  # the log keeps everything


def test_a_discharge_a_no_show_and_a_cancellation_can_be_taken_back_a_booking_cannot(
        db: peewee.Database) -> None:
    done = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    for _ in range(4):
        booking.advance(done, DESK)
    assert booking.undo_step(done, DESK, now=_local(11)) == "recovery"
    assert (m.Appointment.get_by_id(done).flow, m.Appointment.get_by_id(done).outcome) == ("recovery", None)
    missed = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 2"), at(9), DESK)
    booking.mark_no_show(missed, DESK)
    assert booking.undo_step(missed, DESK, now=_local(11)) == "booked"
    assert m.Appointment.get_by_id(missed).outcome is None
    with pytest.raises(BookingError, match=f"appointment {missed} is booked: no step to take back"):
        booking.undo_step(missed, DESK, now=_local(11))
    booking.cancel(missed, "patient", "flu", DESK)
    assert booking.undo_step(missed, DESK, now=_local(11)) == "booked"  # cancelled on the wrong line of the list
    row = m.Appointment.get_by_id(missed)
    assert (row.outcome, row.cancelled_by, row.late_cancel, row.cancel_reason) == (None, None, False, "")
    assert [e.kind for e in booking.history(missed)][-2:] == ["cancelled", "undone:cancelled"]


def test_a_step_is_taken_back_at_the_desk_on_its_day_or_the_next_and_later_by_an_admin(db: peewee.Database) -> None:
    done = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    for _ in range(3):
        booking.advance(done, DESK, now=_local(10))
    booking.advance(done, DESK, now=_local(12))  # once the 30 minutes of recovery are over
    later = _local(9, day=MONDAY + dt.timedelta(days=2))
    with pytest.raises(BookingError) as caught:
        booking.undo_step(done, DESK, now=later)
    assert str(caught.value) == (f"appointment {done}: it was on Mon 02 Mar: a step is taken back on the "
                                 "appointment's day or the day after; later, an admin corrects the record")
    assert m.Appointment.get_by_id(done).outcome == "completed"
    assert booking.undo_step(done, DESK, now=_local(18, day=MONDAY + dt.timedelta(days=1))) == "recovery"
    booking.advance(done, DESK, now=_local(12))
    assert booking.undo_step(done, ADMIN, now=later) == "recovery"  # an admin corrects an older record


def test_a_cancellation_whose_time_was_given_away_is_not_taken_back(db: peewee.Database) -> None:
    cancelled = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.cancel(cancelled, "clinic", "nurse off sick", DESK)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(9), DESK)  # from the waiting list
    with pytest.raises(BookingConflict, match=f"appointment {cancelled}: not booked again after the cancellation: "
                                              "Chair 1 is taken 09:00–10:40 by Ben Okafor"):
        booking.undo_step(cancelled, DESK, now=_local(11))
    assert m.Appointment.get_by_id(cancelled).outcome == "cancelled"


def test_a_no_show_whose_chair_was_booked_again_is_not_taken_back(db: peewee.Database) -> None:
    missed = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.mark_no_show(missed, DESK)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(9, 30), DESK)
    with pytest.raises(BookingConflict) as caught:
        booking.undo_step(missed, DESK, now=_local(11))
    assert str(caught.value) == (
        f"appointment {missed}: not booked again after the no-show: Chair 1 is taken 09:30–11:10 by Ben Okafor, "
        "IV ketamine, mood; book the patient at another time instead")
    assert m.Appointment.get_by_id(missed).outcome == "no_show"
    assert [e.kind for e in booking.history(missed)] == ["booked", "no_show"]


def test_a_patient_already_in_the_chair_moves_to_a_free_chair_keeping_the_times(db: peewee.Database) -> None:
    here = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 2"), at(8), DESK, override=True)
    with pytest.raises(BookingError, match=f"appointment {here} is booked: move it instead"):
        booking.change_chair(here, "Chair 3", DESK)
    booking.advance(here, DESK)
    booking.advance(here, DESK)  # in the chair when its pump fails
    with pytest.raises(BookingConflict, match="Chair 2 is taken 08:00–09:40 by Ben Okafor"):
        booking.change_chair(here, "Chair 2", DESK)
    assert booking.change_chair(here, "Chair 3", DESK).name == "Chair 3"
    moved = booking.appointment(here)
    assert (moved.chair_name, f"{moved.start:%H:%M}", f"{moved.end:%H:%M}", moved.flow) == (
        "Chair 3", "09:00", "10:40", "in_chair")
    assert booking.history(here)[-1].detail == "Chair 1 -> Chair 3 (in_chair)"


def test_openings_skip_taken_times(db: peewee.Database) -> None:
    for name in ("Chair 1", "Chair 2", "Chair 3", "Chair 4", "Chair 5", "Chair 6"):
        booking.book(add_patient(name, "Test"), "iv_mood", chair(name), at(8, 15 * (int(name[-1]) % 2)), DESK,
                     override=True)
    found = booking.openings("iv_mood", MONDAY, days=2, now=at(7).replace(tzinfo=clinic_repo.load_profile().tz))
    assert found[0].start.date() == MONDAY and f"{found[0].start:%H:%M}" == "09:45"
    assert {o.start.date() for o in found} == {MONDAY, MONDAY + dt.timedelta(days=1)}


def test_database_guard_refuses_overlap_even_without_the_check(db: peewee.Database) -> None:
    pid = add_patient()
    booking.book(pid, "iv_mood", chair("Chair 1"), at(9), DESK)
    row = m.Appointment.get()
    with pytest.raises(booking_repo.ChairGuardError), booking_repo.write_lock():
        booking_repo.insert_appointment(patient_id=pid, type_id=row.type_id, chair_id=row.chair_id,
                                        start_utc=row.start_utc, end_utc=row.end_utc, created_by="x")
    assert m.Appointment.select().count() == 1


def test_plan_preview_marks_conflicts(db: peewee.Database) -> None:
    pid = add_patient()
    kind = booking.resolve_type("iv_mood")
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(9, day=MONDAY + dt.timedelta(days=2)),
                 DESK)
    sessions = booking.plan(pid, SeriesRequest(kind, 3, MONDAY, dt.time(9), min_days=2))
    assert sessions[1].conflict.startswith("Chair 1 is taken 09:00–10:40 by Ben Okafor")
    assert sessions[1].slot is not None and sessions[1].slot.chair_name == "Chair 2"
    assert m.Appointment.select().count() == 1  # a preview writes nothing


def test_a_series_plan_passes_over_a_day_the_patient_already_has_a_treatment(db: peewee.Database) -> None:
    """The planner put a session on a day the patient already had an esketamine dose (the note blamed a
    chair); booking a second treatment that day by hand asks first."""
    pid = add_patient()
    wednesday = MONDAY + dt.timedelta(days=2)
    booking.book(pid, "esketamine", chair("Chair 3"), at(13, day=wednesday), DESK)
    sessions = booking.plan(pid, SeriesRequest(booking.resolve_type("iv_mood"), 3, MONDAY, dt.time(9), min_days=2))
    days = [s.slot.start.date() for s in sessions if s.slot is not None]
    assert len(days) == 3 and wednesday not in days
    with pytest.raises(SoftLimitWarning, match="The patient already has a treatment that day: Esketamine"):
        booking.book(pid, "iv_mood", chair("Chair 1"), at(9, day=wednesday), DESK)
    booking.book(pid, "consult", None, at(9, day=wednesday), DESK)  # a consultation that morning is fine


def test_openings_never_offer_past_times(db: peewee.Database) -> None:
    tz = clinic_repo.load_profile().tz
    found = booking.openings("iv_mood", MONDAY, days=1, now=at(13, 5).replace(tzinfo=tz))
    assert found and all(f"{o.start:%H:%M}" >= "13:05" for o in found)
    assert booking.openings("iv_mood", MONDAY, days=1, now=at(9, day=MONDAY + dt.timedelta(days=1)).replace(
        tzinfo=tz)) == []


def test_type_made_longer_keeps_bookings_and_shows_collision(db: peewee.Database) -> None:
    first = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    second = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(10, 40), DESK)
    m.AppointmentType.update(treatment_minutes=60).where(m.AppointmentType.code == "iv_mood").execute()
    tz = clinic_repo.load_profile().tz
    assert f"{get(first, tz).end:%H:%M}" == "10:40"  # type: ignore[union-attr]
    collisions = booking.collisions_for_day(MONDAY)
    assert [(c.appointment_id, c.other_id) for c in collisions] == [(first, second)]
    assert collisions[0].message == ("Chair 1: IV ketamine, mood at 09:00 now runs to 11:00 "
                                     "and collides with the booking at 10:40")


def test_booster_due_after_interval_when_nothing_booked_since(db: peewee.Database) -> None:
    pid = add_patient()
    _series(pid, count=2)  # last session Wednesday 2026-03-04
    interval = clinic_repo.load_profile().booster_interval_days
    due_day = dt.date(2026, 3, 4) + dt.timedelta(days=interval)
    assert booking.boosters_due(due_day - dt.timedelta(days=1)) == []
    due = booking.boosters_due(due_day)
    assert [(b.patient_id, b.patient_name, b.due) for b in due] == [(pid, "Ana Diaz", due_day)]
    booster = dt.date(2026, 4, 6)
    booking.book(pid, "iv_mood", chair("Chair 2"), at(9, day=booster), DESK)
    assert booking.boosters_due(due_day) == []
    after_booster = booster + dt.timedelta(days=interval)  # the next booster: counted from this one
    assert [(b.last_session, b.due) for b in booking.boosters_due(after_booster)] == [(booster, after_booster)]
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 3"), at(9), DESK)  # never had a series
    assert [b.patient_name for b in booking.boosters_due(after_booster + dt.timedelta(days=400))] == ["Ana Diaz"]


def test_waitlist_fit_puts_slipping_series_first(db: peewee.Database) -> None:
    waiting = add_patient("Wen", "Li")
    series_patient = add_patient("Sam", "Reyes")
    _, ids = _series(series_patient, count=3)
    booking.cancel(ids[2], "clinic", "nurse ill", DESK)  # session 3 gone: the series would slip
    freed = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 4"), at(9, day=dt.date(2026, 3, 6)),
                         DESK)
    booking.add_to_waitlist(waiting, "iv_mood", "any morning", DESK)
    booking.add_to_waitlist(series_patient, "iv_mood", "", DESK)
    booking.cancel(freed, "patient", "travel", DESK)
    fits = booking.who_fits(freed)
    assert [f.entry.patient_id for f in fits] == [series_patient, waiting]
    assert fits[0].reason == "series spacing would slip"


def test_daylight_saving_week_keeps_wall_clock_times(db: peewee.Database) -> None:
    """US clocks go forward on Sunday 2026-03-08: 09:00 stays 09:00 local on both sides, UTC shifts."""
    pid = add_patient()
    before = booking.book(pid, "iv_mood", chair("Chair 1"), at(9, day=dt.date(2026, 3, 7)), DESK)
    after = booking.book(pid, "iv_mood", chair("Chair 1"), at(9, day=dt.date(2026, 3, 9)), DESK)
    rows = [m.Appointment.get_by_id(i) for i in (before, after)]
    assert [f"{r.start_utc:%H:%M}" for r in rows] == ["14:00", "13:00"]
    tz = clinic_repo.load_profile().tz
    assert [f"{get(i, tz).start:%H:%M}–{get(i, tz).end:%H:%M}" for i in (before, after)] == [  # type: ignore[union-attr]
        "09:00–10:40", "09:00–10:40"]
    found = booking.openings("iv_mood", dt.date(2026, 3, 7), days=3, chair="Chair 2",
                             now=at(7, day=dt.date(2026, 3, 7)).replace(tzinfo=tz))
    assert [f"{o.start:%Y-%m-%d %H:%M}" for o in found] == ["2026-03-07 09:00", "2026-03-09 08:00"]


def test_demo_clinic_has_a_waiting_list(db: peewee.Database) -> None:
    from frontdesk.services.demo import build_demo

    report = build_demo(patients=12, days=1, seed=4)
    assert report.extra["waitlist"] == 3
    assert len(booking.waitlist()) == 3


def test_blocks_and_chairs_out_of_service_over_bookings_are_collisions(db: peewee.Database) -> None:
    from frontdesk.services import clinic_settings

    admin = Actor("boss", "admin")
    first = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    second = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 2"), at(12), DESK)
    clinic_settings.add_block(None, at(12, 30), at(13, 30), "lunch", "", DESK)
    clinic_settings.set_chair_in_service(chair("Chair 1"), False, admin)
    found = {(c.appointment_id, c.message) for c in booking.collisions_for_day(MONDAY)}
    assert found == {(first, "Chair 1 is out of service"),
                     (second, "The clinic is closed for lunch 12:30–13:30")}
    assert m.Appointment.select().where(m.Appointment.outcome.is_null()).count() == 2  # nothing moved


def test_database_guard_refusal_becomes_a_named_conflict(db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer whose check saw nothing (an older workstation without the lock) still meets the guard."""
    booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    monkeypatch.setattr(booking, "check", lambda *args, **kwargs: [])
    with pytest.raises(BookingConflict) as caught:
        booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(9, 30), DESK)
    assert str(caught.value) == "Chair 1 is taken 09:00–10:40 by Ana Diaz, IV ketamine, mood"
    assert m.Appointment.select().count() == 1
    assert m.AppointmentEvent.select().count() == 1  # nothing of the refused booking was written


def test_change_type_recomputes_chair_time_and_checks_the_chair(db: peewee.Database) -> None:
    mine = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(12), DESK)
    with pytest.raises(BookingConflict, match="Chair 1 is taken 12:00–13:40 by Ben Okafor"):
        booking.change_type(mine, "IV ketamine, pain 2 h", DESK)  # 09:00–12:30
    booking.change_type(mine, "esketamine", DESK)  # 09:00–11:45 fits
    tz = clinic_repo.load_profile().tz
    changed = get(mine, tz)
    assert changed is not None and changed.type.code == "esketamine" and f"{changed.end:%H:%M}" == "11:45"
    assert [e.kind for e in booking.history(mine)] == ["booked", "type_changed"]


def test_notes_are_saved_with_an_event(db: peewee.Database) -> None:
    mine = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    booking.set_notes(mine, "  prefers the window chair ", DESK)
    assert m.Appointment.get_by_id(mine).notes == "prefers the window chair"
    assert [e.kind for e in booking.history(mine)] == ["booked", "notes"]


def test_appointment_look_up_for_the_screens(db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", chair("Chair 3"), at(10, 15), DESK)
    found = booking.appointment(new_id)
    assert (found.chair_name, f"{found.start:%H:%M}") == ("Chair 3", "10:15")
    assert booking.find_appointment(new_id + 1) is None
    with pytest.raises(BookingError, match=f"appointment: no appointment {new_id + 1}"):
        booking.appointment(new_id + 1)


def test_booking_esketamine_without_rems_enrolment_flags_the_patient_once(db: peewee.Database) -> None:
    from frontdesk.services import flags

    pid = add_patient("Linh", "Trần")
    booking.book(pid, "esketamine", chair("Chair 1"), at(9), DESK)
    booking.book(pid, "esketamine", chair("Chair 1"), at(9, day=MONDAY + dt.timedelta(days=3)), DESK)
    open_kinds = [f.kind for f in flags.open_flags([pid]).get(pid, [])]
    assert open_kinds == [flags.REMS_ENROLMENT]


def test_booking_iv_raises_no_rems_flag(db: peewee.Database) -> None:
    from frontdesk.services import flags

    pid = add_patient()
    booking.book(pid, "iv_mood", chair("Chair 1"), at(9), DESK)
    assert flags.open_flags([pid]) == {}


def test_the_booking_picker_finds_what_the_patient_box_finds(db: peewee.Database) -> None:
    ana = patients.create_patient(Actor("admin", "admin"), PatientDetails(
        legal_first="Ana", legal_last="García", date_of_birth="1985-03-07", phones=(PhoneEntry("828-555-0123"),)))
    add_patient("Ben", "Okafor")
    for text in ("garc", "Ana Gar", "1985-03-07", "5550123", "828-555-0123"):
        found = booking.search_patients(text, DESK)
        assert [c.id for c in found] == [s.id for s in patients.search(text)] == [ana], text
        assert (found[0].name, found[0].date_of_birth) == ("Ana García", dt.date(1985, 3, 7))



def test_a_taken_chair_and_time_come_with_what_is_free_instead(db: peewee.Database) -> None:
    booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(10), DESK)  # Chair 1 until 11:40
    ben = add_patient("Ben", "Okafor")
    found = booking.alternatives(ben, "iv_mood", chair("Chair 1"), at(10, 15))
    assert [name for _, name in found.free_chairs] == [f"Chair {n}" for n in range(2, 7)]
    assert found.chair_free_at is not None and f"{found.chair_free_at:%H:%M}" == "11:45"  # the next slot on the grid
    assert found.first_free is None  # other choices exist


def test_when_no_chair_is_free_then_the_first_free_chair_that_day_is_offered(db: peewee.Database) -> None:
    for n in range(1, 7):  # every chair taken from 10:00 to 11:40
        booking.book(add_patient("P", f"Chair{n}"), "iv_mood", chair(f"Chair {n}"), at(10), DESK, override=True)
    from frontdesk.rules.clock import local_to_utc

    tz = clinic_repo.load_profile().tz
    booking_repo.add_block(chair_id=chair("Chair 1"), start_utc=local_to_utc(at(11, 40), tz),
                           end_utc=local_to_utc(at(18), tz), kind="out_of_service", reason="repair")
    found = booking.alternatives(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(10, 30))
    assert found.free_chairs == () and found.chair_free_at is None  # Chair 1 blocked for the rest of the day
    assert found.first_free is not None
    assert (found.first_free.chair_name, f"{found.first_free.start:%H:%M}") == ("Chair 2", "11:45")


def test_a_sooner_time_in_another_chair_is_offered_beside_the_chosen_chairs_own(db: peewee.Database) -> None:
    booking.book(add_patient(), "esketamine", chair("Chair 1"), at(10), DESK)  # Chair 1: a long one
    for n in range(2, 7):  # the others taken until 11:40
        booking.book(add_patient("P", f"Chair{n}"), "iv_mood", chair(f"Chair {n}"), at(10), DESK, override=True)
    found = booking.alternatives(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(10, 30))
    assert found.free_chairs == ()
    assert found.chair_free_at is not None and found.first_free is not None
    assert found.first_free.chair_name != "Chair 1" and found.first_free.start < found.chair_free_at


def _series_of_four(patient: int) -> list[int]:
    """Mood sessions Tue 1, Thu 3, Mon 7 and Wed 9 Dec 2026 at 10:00 in Chair 2, two days apart."""
    slots = [Slot(dt.datetime(2026, 12, day, 10, 0), booking.resolve_chair("Chair 2")) for day in (1, 3, 7, 9)]
    _, ids = booking.book_series(patient, "iv_mood", slots, DESK, min_days=2)
    return ids


def test_a_cancelled_series_session_gets_a_make_up_in_its_place_after_the_series(db: peewee.Database) -> None:
    ids = _series_of_four(add_patient())
    booking.cancel(ids[1], "patient", "flu", DESK)

    plan = booking.make_up(ids[1])

    assert (plan.start, plan.chair_id, plan.series[1]) == (dt.datetime(2026, 12, 11, 10, 0),
                                                           booking.resolve_chair("Chair 2").id, 2)
    assert plan.label == "Make-up for session 2 of 4 (missed Thu 03 Dec)"
    made = booking.book(plan.missed.patient_id, "iv_mood", plan.chair_id, plan.start, DESK, series=plan.series)
    assert booking.appointment(made).series_label == "2 of 4"
    with pytest.raises(booking.BookingError, match="session 2 of 4 already has a make-up on Fri 11 Dec 10:00"):
        booking.make_up(ids[1])


def test_a_cancelled_session_with_a_make_up_booked_is_not_brought_back(db: peewee.Database) -> None:
    """Undo cancel after a make-up was booked put "2 of 4" on two days (five bookings of a four-session
    series): it is refused by name, and the session comes back once the make-up is cancelled."""
    ids = _series_of_four(add_patient())
    booking.cancel(ids[1], "patient", "flu", DESK)
    plan = booking.make_up(ids[1])
    made = booking.book(plan.missed.patient_id, "iv_mood", plan.chair_id, plan.start, DESK, series=plan.series)
    now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=clinic_repo.load_profile().tz)

    with pytest.raises(booking.BookingConflict, match=rf"appointment {ids[1]}: session 2 of 4 is booked again on "
                                                      r"Fri 11 Dec 10:00 \(a make-up\); cancel that booking first"):
        booking.undo_step(ids[1], DESK, now=now)
    assert booking.appointment(ids[1]).outcome == "cancelled"  # nothing half-done

    booking.cancel(made, "patient", "better on the Thursday after all", DESK)
    assert booking.undo_step(ids[1], DESK, now=now) == "booked"
    series_id = booking.appointment(ids[1]).series_id
    assert series_id is not None
    sessions = booking_repo.series_sessions(series_id, clinic_repo.load_profile().tz)
    assert sorted(a.series_label for a in sessions if a.outcome is None) == ["1 of 4", "2 of 4", "3 of 4", "4 of 4"]


def test_only_a_cancelled_or_missed_series_session_gets_a_make_up(db: peewee.Database) -> None:
    patient = add_patient()
    ids = _series_of_four(patient)
    single = booking.book(patient, "iv_mood", "Chair 3", dt.datetime(2026, 12, 14, 10, 0), DESK)
    booking.cancel(single, "patient", "away", DESK)
    for appointment in (ids[0], single):  # still booked; cancelled but in no series
        with pytest.raises(booking.BookingError, match=f"appointment {appointment}: only a cancelled or missed"):
            booking.make_up(appointment)


def test_a_make_up_is_suggested_in_a_chair_free_at_that_time(db: peewee.Database) -> None:
    ids = _series_of_four(add_patient())
    booking.cancel(ids[1], "patient", "flu", DESK)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", "Chair 2", dt.datetime(2026, 12, 11, 9, 30), DESK)

    plan = booking.make_up(ids[1])

    assert plan.start == dt.datetime(2026, 12, 11, 10, 0)
    assert plan.chair_id == booking.resolve_chair("Chair 1").id  # Chair 2 is taken then; Chair 1 is the first free


def test_with_every_chair_taken_then_the_make_up_moves_to_the_next_day_with_one_free(db: peewee.Database) -> None:
    ids = _series_of_four(add_patient())
    booking.cancel(ids[1], "patient", "flu", DESK)
    for name in ("Chair 1", "Chair 2", "Chair 3", "Chair 4", "Chair 5", "Chair 6"):  # Fri 11 Dec is full at 10:00
        booking.book(add_patient("P", name), "iv_mood", name, dt.datetime(2026, 12, 11, 9, 30), DESK, override=True)

    plan = booking.make_up(ids[1])

    assert plan.start == dt.datetime(2026, 12, 12, 10, 0)  # Saturday: open 09:00-13:00
    assert plan.chair_id == booking.resolve_chair("Chair 2").id


def test_seating_a_patient_with_a_flag_nobody_reviewed_asks_first_and_records_the_override(
        db: peewee.Database) -> None:
    from frontdesk.rules.flag_kinds import CLINICIAN_REVIEW, URGENT_SELF_HARM
    from frontdesk.services import flags

    ana = add_patient()
    session = booking.book(ana, "iv_mood", chair("Chair 1"), at(9), DESK)
    with db.atomic():
        flags.raise_flag(DESK, ana, CLINICIAN_REVIEW, "Brain bleed: yes", "intake")
        flags.raise_flag(DESK, ana, URGENT_SELF_HARM, "PHQ-9 item 9 answered 2", "questionnaire")
    assert booking.advance(session, DESK, now=_local(8, 50)) == "arrived"
    with pytest.raises(SoftLimitWarning) as caught:
        booking.advance(session, DESK, now=_local(9))
    assert str(caught.value) == ("Ana Diaz has 2 clinical flags not yet reviewed (Urgent: clinician review; "
                                 "Clinician review before treatment): tell the clinician on duty now")
    # What the flags are about stays on the intake screen: the question gives labels and whom to tell.
    assert booking.advance(session, DESK, now=_local(9), override=True) == "in_chair"
    assert [(e.kind, e.detail) for e in booking.history(session)][-1] == (
        "override", "in chair with 2 clinical flag(s) not reviewed")


def test_a_discharge_before_the_recovery_time_is_over_asks_first(db: peewee.Database) -> None:
    session = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(9), DESK)
    for step, when in (("arrived", 8), ("in_chair", 9), ("recovery", 9)):
        assert booking.advance(session, DESK, now=_local(when, 45 if when == 8 else 55)) == step
    with pytest.raises(SoftLimitWarning) as caught:  # the plan's 30 minutes end at 10:25
        booking.advance(session, DESK, now=_local(10, 0))
    assert str(caught.value) == ("Ana Diaz's 30 minutes of recovery end at 10:25: discharge before then only "
                                 "on the clinician's word")
    assert m.Appointment.get_by_id(session).flow == "recovery"
    assert booking.advance(session, DESK, now=_local(10, 0), override=True) == "discharged"
    assert [(e.kind, e.detail) for e in booking.history(session)][-1] == (
        "override", "discharged before the end of recovery (10:25)")
    on_time = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 2"), at(9), DESK)
    for _ in range(3):
        booking.advance(on_time, DESK, now=_local(9, 55))
    assert booking.advance(on_time, DESK, now=_local(10, 30)) == "discharged"  # asks nothing once it is over


def test_bookings_the_weekly_hours_no_longer_hold_are_collisions_on_the_board(db: peewee.Database) -> None:
    """Opening or prescriber hours changed after booking: the board marks the bookings still ahead (they
    had no mark and, on a day now closed, fell off the confirmation calls); a day gone by stays as it was."""
    from dataclasses import replace

    from frontdesk.services import clinic_settings, schedule

    admin = Actor("boss", "admin")
    today = dt.date.today()
    monday = today + dt.timedelta(days=7 + (7 - today.weekday()) % 7)  # a Monday at least a week ahead
    late = booking.book(add_patient(), "iv_mood", chair("Chair 1"), at(16, day=monday), DESK)
    spray = booking.book(add_patient("Ben", "Okafor"), "esketamine", chair("Chair 2"), at(10, day=monday), DESK,
                         override=True)
    early = booking.book(add_patient("Cy", "Park"), "iv_mood", chair("Chair 3"), at(9, day=monday), DESK)
    gone_by = booking.book(add_patient("Di", "Lee"), "iv_mood", chair("Chair 1"), at(16), DESK)  # MONDAY, past
    profile = clinic_repo.load_profile()
    hours = {**profile.hours, monday.weekday(): ("08:00", "15:00")}
    prescriber = {**profile.prescriber_hours, monday.weekday(): ("08:00", "11:00")}
    clinic_settings.save_profile(replace(profile, hours=hours, prescriber_hours=prescriber), admin)
    found = {c.appointment_id: c.message for c in booking.collisions_for_day(monday)}
    assert found == {
        late: "Outside the opening hours (08:00–15:00 on Mondays)",
        spray: "Outside the prescriber's hours (08:00–11:00 on Mondays): an esketamine block needs one on site "
               "throughout"}  # 10:00 + 15 + 15 + 120 minutes of recovery: 12:30
    assert early not in found
    assert gone_by not in {c.appointment_id for c in booking.collisions_for_day(MONDAY)}
    board = schedule.load_day(monday, now=_local(7, day=monday))
    assert board.warnings[late] == found[late] and board.alerts[late] == "collides"
    closed = {**profile.hours, monday.weekday(): None}
    clinic_settings.save_profile(replace(profile, hours=closed), admin)
    assert {c.message for c in booking.collisions_for_day(monday)} == {
        "The clinic is closed on Mondays by its opening hours"}
