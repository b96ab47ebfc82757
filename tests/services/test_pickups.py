"""Pick-ups: today's patients in recovery, their drivers, and the calls to them."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.data.clinic_repo import load_profile
from frontdesk.services import pickups
from frontdesk.services.permissions import NotPermittedError
from frontdesk.services.schedule import load_day
from frontdesk.values import Actor
from tests.ui.board_helpers import DAY, book, local, patient, stamp

DESK = Actor("desk", "desk")


def aware(hour: int, minute: int = 0) -> dt.datetime:
    return local(hour, minute).replace(tzinfo=load_profile().tz)


@pytest.fixture
def recovering(db: peewee.Database) -> dict[str, m.Appointment]:
    """Ana: IV mood in Chair 1 from 09:00, recovery from 10:00 (30 min: ready 10:30), driver on file.
    Ben: esketamine in Chair 3 from 08:30, recovery from 09:20 (120 min: ready 11:20), no driver.
    Cy: still in the chair."""
    ana, ben, cy = patient("Ana", "Núñez"), patient("Ben", "Okafor"), patient("Cy", "Lund")
    m.Patient.update(driver_name="Maria Núñez", driver_relationship="sister",
                     driver_phone="+18285550150").where(m.Patient.id == ana.id).execute()
    rows = {"ana": book(ana, "iv_mood", "Chair 1", local(9), flow="recovery"),
            "ben": book(ben, "esketamine", "Chair 3", local(8, 30), flow="recovery"),
            "cy": book(cy, "iv_mood", "Chair 2", local(9, 30), flow="in_chair")}
    stamp(rows["ana"], "recovery", local(10))
    stamp(rows["ben"], "recovery", local(9, 20))
    return rows


def test_the_list_is_who_is_recovering_soonest_ready_first_with_their_driver(
        recovering: dict[str, m.Appointment]) -> None:
    found = pickups.pickups(DESK, now=aware(10, 5))
    assert [(p.patient_name, f"{p.ready_at:%H:%M}", p.chair_name, p.state) for p in found] == [
        ("Ana Núñez", "10:30", "Chair 1", "to_call"),  # ready within 45 minutes: ring now
        ("Ben Okafor", "11:20", "Chair 3", "not_yet")]  # ring from 10:35
    assert found[0].driver == "Maria Núñez (sister), (828) 555-0150"
    assert found[1].no_driver and f"{found[1].call_from:%H:%M}" == "10:35"
    assert pickups.owed_count(DESK, now=aware(10, 5)) == 1
    assert pickups.owed_count(DESK, now=aware(10, 40)) == 2


def test_a_call_is_recorded_audited_and_settles_only_when_the_driver_is_told(
        recovering: dict[str, m.Appointment]) -> None:
    ana = recovering["ana"].id
    words = pickups.record_call(DESK, ana, "no_answer")
    assert words.startswith("No answer ") and words.endswith(" (desk)")
    assert [p.state for p in pickups.pickups(DESK, now=aware(10, 5)) if p.appointment_id == ana] == ["try_again"]
    pickups.record_call(DESK, ana, "told", "  parking   outside ")
    found = next(p for p in pickups.pickups(DESK, now=aware(10, 5)) if p.appointment_id == ana)
    assert found.state == "settled" and not found.owed and found.last_call.startswith("Driver told ")
    assert [(c.outcome, c.note) for c in found.calls] == [("no_answer", ""), ("told", "parking outside")]
    entries = list(m.AuditEntry.select().where(m.AuditEntry.action == "appointment.driver_call")
                   .order_by(m.AuditEntry.id))
    assert [(e.user, e.entity_id, e.patient_id, e.detail) for e in entries] == [
        ("desk", str(ana), recovering["ana"].patient_id, "driver: no_answer"),
        ("desk", str(ana), recovering["ana"].patient_id, "driver: told")]
    assert "Núñez" not in "".join(e.detail for e in entries)


def test_the_board_carries_where_each_pickup_stands(recovering: dict[str, m.Appointment]) -> None:
    pickups.record_call(DESK, recovering["ben"].id, "told")
    board = load_day(DAY, now=aware(10, 5))
    assert {a.patient_name: a.pickup for a in board.appointments} == {
        "Ana Núñez": "to_call", "Ben Okafor": "settled", "Cy Lund": ""}


def test_a_day_gone_shows_no_pickup_to_make(recovering: dict[str, m.Appointment]) -> None:
    """A patient nobody moved on from "recovery" yesterday has nobody to fetch today: no pill, not listed."""
    next_morning = aware(9) + dt.timedelta(days=1)
    assert {a.pickup for a in load_day(DAY, now=next_morning).appointments} == {""}
    assert pickups.pickups(DESK, now=next_morning) == [] and pickups.owed_count(DESK, now=next_morning) == 0


def test_a_call_for_a_patient_gone_home_or_unknown_is_refused_and_nothing_is_written(
        recovering: dict[str, m.Appointment]) -> None:
    m.Appointment.update(outcome="completed", flow="discharged").where(
        m.Appointment.id == recovering["ana"].id).execute()  # discharged at another desk a moment ago
    gone = rf"appointment {recovering['ana'].id}: the patient is no longer in the chair or in recovery"
    with pytest.raises(pickups.PickupError, match=gone + r".*; nothing was recorded"):
        pickups.record_call(DESK, recovering["ana"].id, "told")
    with pytest.raises(pickups.PickupError, match="appointment 99999: no such appointment"):
        pickups.record_call(DESK, 99999, "told")
    with pytest.raises(pickups.PickupError, match="outcome: one of told"):
        pickups.record_call(DESK, recovering["ben"].id, "maybe")
    assert m.PickupCall.select().count() == 0
    assert not m.AuditEntry.select().where(m.AuditEntry.action == "appointment.driver_call").exists()


def test_a_nurse_may_see_the_list_and_an_unknown_role_may_not_record(recovering: dict[str, m.Appointment]) -> None:
    assert pickups.pickups(Actor("nurse", "clinical"), now=aware(10, 5))
    with pytest.raises(NotPermittedError):
        pickups.record_call(Actor("someone", "nobody"), recovering["ana"].id, "told")


def test_a_driver_told_before_recovery_began_again_is_owed_the_new_time(
        recovering: dict[str, m.Appointment]) -> None:
    """Ana's driver is told 10:30; the nurse then records recovery again at 10:20 (ready 10:50): the
    board and the list ask for a call with the new time, which settles it again."""
    ana = recovering["ana"]
    assert pickups.record_call(DESK, ana.id, "told").endswith(", for 10:30")
    stamp(ana, "recovery", local(10, 20))
    found = next(p for p in pickups.pickups(DESK, now=aware(10, 25)) if p.appointment_id == ana.id)
    assert (found.state, f"{found.ready_at:%H:%M}", found.owed) == ("moved", "10:50", True)
    assert found.last_call.endswith(", for 10:30")
    assert {a.patient_name: a.pickup for a in load_day(DAY, now=aware(10, 25)).appointments}["Ana Núñez"] == "moved"
    assert pickups.owed_count(DESK, now=aware(10, 25)) == 1  # Ana again (Ben's call is due from 10:35)
    assert pickups.record_call(DESK, ana.id, "told").endswith(", for 10:50")
    found = next(p for p in pickups.pickups(DESK, now=aware(10, 25)) if p.appointment_id == ana.id)
    assert found.state == "settled" and not found.owed


def test_a_clinic_with_driver_calls_from_before_keeps_them_settled_after_the_update(
        db_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 93 adds the ready time told to the calls table of a clinic that has one without it;
    the calls recorded before keep none and stay "Driver told"."""
    from frontdesk.data import migrations
    from frontdesk.data.database import open_database

    monkeypatch.setattr(migrations, "MIGRATIONS", [step for step in migrations.MIGRATIONS if step[0] < 93])
    db = open_database(db_target)
    db.execute_sql("ALTER TABLE pickup_call DROP COLUMN ready_utc")  # the table as step 92 made it
    ana = patient("Ana", "Núñez")
    visit = book(ana, "iv_mood", "Chair 1", local(9), flow="recovery")
    stamp(visit, "recovery", local(10))
    columns = 'appointment_id, at_utc, "user", outcome, note'
    db.execute_sql(f"INSERT INTO pickup_call ({columns}) VALUES ({', '.join([db.param] * 5)})",
                   (visit.id, dt.datetime(2026, 3, 4, 14, 50), "desk", "told", ""))
    monkeypatch.undo()
    assert 93 in migrations.migrate(db)
    stamp(visit, "recovery", local(10, 40))  # the time moved: a call kept no time, so nothing is asked again
    found = pickups.pickups(DESK, now=aware(10, 45))
    assert [(p.patient_name, p.state, p.last_call) for p in found] == [
        ("Ana Núñez", "settled", "Driver told 09:50 (desk)")]
    db.close()
