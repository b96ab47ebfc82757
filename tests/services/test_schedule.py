"""Reading a day's board: chairs, rows, appointments, flow stamps, alerts and blocks."""

from __future__ import annotations

import datetime as dt

import peewee

from frontdesk.data import models as m
from frontdesk.data.clinic_repo import load_profile
from frontdesk.rules.clock import local_to_utc
from frontdesk.rules.day_board import phases
from frontdesk.services.schedule import database_label, load_day
from tests.ui.board_helpers import DAY, book, known_day, local, patient, stamp


def aware(hour: int, minute: int = 0) -> dt.datetime:
    return local(hour, minute).replace(tzinfo=load_profile().tz)


def test_day_has_six_chairs_and_rows_over_opening_hours(db: peewee.Database) -> None:
    board = load_day(DAY, now=aware(8))
    assert [c.name for c in board.chairs] == [f"Chair {n}" for n in range(1, 7)]
    assert board.slots[0] == aware(8) and board.slots[-1] == aware(17, 45)
    assert board.hours == (dt.time(8), dt.time(18))


def test_cancelled_appointments_leave_the_board_and_consultations_go_to_the_office(db: peewee.Database) -> None:
    known_day()
    board = load_day(DAY, now=aware(8))
    assert [a.patient_name for a in board.appointments if a.chair_id] == ["Ana Núñez", "Ben Okafor"]
    assert [a.patient_name for a in board.office] == ["Dee Park"]


def test_the_board_knows_who_needs_an_interpreter_and_in_which_language(db: peewee.Database) -> None:
    known_day()
    m.Patient.update(language="es", interpreter_needed=True).where(m.Patient.legal_last == "Núñez").execute()
    m.Patient.update(language="es", interpreter_needed=False).where(m.Patient.legal_last == "Okafor").execute()
    board = load_day(DAY, now=aware(8))
    assert {a.patient_name: a.interpreter for a in board.appointments if a.chair_id} == {
        "Ana Núñez": "Spanish", "Ben Okafor": ""}  # Spanish-speaking without an interpreter: no pill


def test_the_board_knows_who_is_next_to_come_from_now_on(db: peewee.Database) -> None:
    known_day()  # Ana 09:00 (Chair 1, booked), Ben 10:30 (in chair), Dee 11:00 (office, booked)
    assert load_day(DAY, now=aware(8, 30)).next_to_come().patient_name == "Ana Núñez"  # type: ignore[union-attr]
    # Ana is late from 09:00 (the board says so); Ben is already in his chair: next is Dee's consultation
    assert load_day(DAY, now=aware(9, 5)).next_to_come().patient_name == "Dee Park"  # type: ignore[union-attr]
    assert load_day(DAY, now=aware(11, 1)).next_to_come() is None  # nobody left to come
    later = load_day(DAY, now=aware(8, 30) - dt.timedelta(days=1))  # read the day before: not today's board
    assert later.next_to_come() is None


def test_flow_stamps_and_alerts_come_with_the_board(db: peewee.Database) -> None:
    rows = known_day()
    stamp(rows["ben"], "arrived", local(10, 20), user="desk")
    stamp(rows["ben"], "in_chair", local(10, 40), user="nurse")
    board = load_day(DAY, now=aware(9, 5))
    ana, ben = rows["ana"].id, rows["ben"].id
    assert [(s.step, s.at.strftime("%H:%M"), s.user) for s in board.stamps[ben]] == [
        ("arrived", "10:20", "desk"), ("in_chair", "10:40", "nurse")]
    assert board.alerts == {ana: "late"}
    assert board.status_label(board.find(ana)) == "Late"  # type: ignore[arg-type]
    assert board.status_label(board.find(ben)) == "In chair"  # type: ignore[arg-type]


def test_blocked_time_is_on_the_board(db: peewee.Database) -> None:
    tz = load_profile().tz
    chair = m.Chair.get(m.Chair.name == "Chair 4")
    m.Block.create(chair=chair, start_utc=local_to_utc(local(12), tz), end_utc=local_to_utc(local(14), tz),
                   kind="out_of_service", reason="new recliner")
    board = load_day(DAY, now=aware(8))
    assert [(b.chair_id, b.start, b.kind) for b in board.blocks] == [(chair.id, aware(12), "out_of_service")]


def test_a_day_a_holiday_closes_throughout_reads_as_closed(db: peewee.Database) -> None:
    """Open by its weekly hours, closed by a whole-clinic block over them: the day line and `schedule`
    say "clinic closed" (they read the weekly hours alone); a chair's block or a morning's leaves it open."""
    tz = load_profile().tz
    assert load_day(DAY, now=aware(8)).is_open
    m.Block.create(chair=m.Chair.get(m.Chair.name == "Chair 4"), start_utc=local_to_utc(local(0), tz),
                   end_utc=local_to_utc(local(23, 59), tz), kind="out_of_service", reason="new recliner")
    m.Block.create(chair=None, start_utc=local_to_utc(local(8), tz), end_utc=local_to_utc(local(12), tz),
                   kind="closed", reason="staff meeting")
    assert load_day(DAY, now=aware(8)).is_open
    m.Block.create(chair=None, start_utc=local_to_utc(local(7), tz), end_utc=local_to_utc(local(19), tz),
                   kind="closed", reason="Thanksgiving")
    assert not load_day(DAY, now=aware(8)).is_open


def test_phases_split_the_chair_time(db: peewee.Database) -> None:
    known_day()
    ana = load_day(DAY, now=aware(8)).appointments[0]
    assert [(p.name, f"{p.start:%H:%M}", f"{p.end:%H:%M}") for p in phases(ana)] == [
        ("Prep", "09:00", "09:15"), ("Treatment", "09:15", "09:55"),
        ("Recovery", "09:55", "10:25"), ("Turnover", "10:25", "10:40")]


def test_database_label_names_the_database_without_a_password(db: peewee.Database) -> None:
    label = database_label()
    assert label.startswith(("SQLite ", "PostgreSQL "))
    assert "@" not in label and "password" not in label


def test_a_booking_whose_type_grew_longer_shows_as_colliding(db: peewee.Database) -> None:
    rows = known_day()
    book(patient("Eve", "Ito"), "iv_mood", "Chair 1", local(10, 40))  # right after Ana
    m.AppointmentType.update(treatment_minutes=60).where(m.AppointmentType.code == "iv_mood").execute()
    board = load_day(DAY, now=aware(8))
    ana = rows["ana"].id
    assert board.alerts[ana] == "collides"
    assert "collides with the booking at 10:40" in board.warnings[ana]
    assert board.status_label(board.find(ana)) == "Collides"  # type: ignore[arg-type]


def test_board_blocks_carry_flag_labels_and_readiness_gaps_but_no_clinical_detail(db: peewee.Database) -> None:
    from frontdesk.rules.questionnaires import URGENT_SELF_HARM
    from frontdesk.services.flags import raise_flag
    from frontdesk.values import SYSTEM_ACTOR

    rows = known_day()
    ana = rows["ana"]
    raise_flag(SYSTEM_ACTOR, ana.patient_id, URGENT_SELF_HARM, "PHQ-9 item 9 answered 2", "questionnaire")
    board = load_day(DAY, now=aware(8))
    shown = board.find(ana.id)
    assert shown is not None and shown.urgent_flag
    assert shown.flags and "PHQ-9" not in " ".join(shown.flags)
    assert "intake incomplete" in shown.readiness
    ben = board.find(rows["ben"].id)
    assert ben is not None and ben.flags == () and not ben.urgent_flag


def test_the_next_booking_in_a_chair_still_taken_says_so_on_the_board(db: peewee.Database) -> None:
    days = known_day()  # Ben in the chair in Chair 3 from 10:30 (esketamine: out of the chair at 13:00)
    cy = book(patient("Cy", "Vale"), "iv_mood", "Chair 3", local(13, 15))
    board = load_day(DAY, now=aware(13, 5))
    assert board.alerts.get(cy.id) == "chair_busy"
    assert board.status_label(board.find(cy.id)) == "Chair not free yet"  # type: ignore[arg-type]
    assert board.warnings[cy.id] == ("Chair 3 still has Ben Okafor (in the chair, due out at 13:00): the chair "
                                     "is not free yet")
    m.Appointment.update(flow="discharged", outcome="completed").where(m.Appointment.id == days["ben"].id).execute()
    assert cy.id not in load_day(DAY, now=aware(13, 5)).alerts


def test_a_booking_with_no_time_picked_starts_at_a_time_the_clinic_is_open(db: peewee.Database) -> None:
    from frontdesk.services.schedule import next_bookable_start

    profile = load_profile()  # weekdays 08:00–18:00, Saturdays 09:00–13:00, closed on Sundays
    tz = profile.tz
    wednesday = dt.date(2026, 12, 2)
    at = lambda day, hour, minute=0: dt.datetime.combine(day, dt.time(hour, minute), tz)  # noqa: E731
    assert next_bookable_start(profile, at(wednesday, 10, 7)) == dt.datetime(2026, 12, 2, 10, 15)  # the next slot
    assert next_bookable_start(profile, at(wednesday, 4, 30)) == dt.datetime(2026, 12, 2, 8, 0)  # opening time
    assert next_bookable_start(profile, at(wednesday, 17, 50)) == dt.datetime(2026, 12, 3, 8, 0)  # closed by then
    closed = m.Block.create(chair=None, kind="closed", reason="staff training",
                            start_utc=local_to_utc(dt.datetime(2026, 12, 2, 0, 0), tz),
                            end_utc=local_to_utc(dt.datetime(2026, 12, 3, 0, 0), tz))
    assert next_bookable_start(profile, at(wednesday, 10, 7)) == dt.datetime(2026, 12, 3, 8, 0)  # closed all day
    closed.delete_instance()
    saturday = dt.date(2026, 12, 5)
    assert next_bookable_start(profile, at(saturday, 13, 30)) == dt.datetime(2026, 12, 7, 8, 0)  # Monday, not Sunday
