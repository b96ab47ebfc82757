"""Clinic settings on a real database: validation names the field; nothing half-written."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk.data import clinic_repo
from frontdesk.data import models as m
from frontdesk.data.appointments_repo import get
from frontdesk.services import booking, clinic_settings
from frontdesk.services.booking import BookingError
from frontdesk.services.clinic_settings import SettingsError
from frontdesk.services.permissions import NotPermittedError
from frontdesk.settings import ClinicProfile
from frontdesk.values import Actor
from tests.services.test_booking import DESK, MONDAY, add_patient, at

ADMIN = Actor("boss", "admin")


def test_profile_round_trip_and_validation(db: peewee.Database) -> None:
    clinic_settings.update_profile(ADMIN, slot_minutes=30, arrival_lead_minutes=20, max_starts_per_slot=3)
    saved = clinic_repo.load_profile()
    assert (saved.slot_minutes, saved.arrival_lead_minutes, saved.max_starts_per_slot) == (30, 20, 3)
    with pytest.raises(SettingsError, match="slot size"):
        clinic_settings.update_profile(ADMIN, slot_minutes=7)
    with pytest.raises(SettingsError, match="time zone: unknown zone 'Mars/Base'"):
        clinic_settings.update_profile(ADMIN, timezone="Mars/Base")
    with pytest.raises(SettingsError, match="opening hours Monday: closing 07:00 must be after opening 08:00"):
        clinic_settings.update_profile(ADMIN, hours={0: ("08:00", "07:00")})
    assert clinic_repo.load_profile().slot_minutes == 30


@pytest.mark.parametrize(("change", "message"), [
    ({"idle_lock_minutes": 0}, "idle lock: 1 to 120 minutes"),
    ({"idle_lock_minutes": 600}, "idle lock: 1 to 120 minutes"),
    ({"alcohol_hours_before": 100}, "no alcohol before a visit: 0 to 72 hours"),
    ({"questionnaire_due_days": 0}, "questionnaires due within: 1 to 90 days"),
    ({"weight_unit": "stone"}, "weight unit: imperial or metric"),
    ({"email": "frontdesk@blueridgeketamine"}, r"email: not an email address \(name@example.org\)"),
    ({"email": "not an email"}, r"email: not an email address"),
])
def test_the_clinics_rules_out_of_range_are_refused(db: peewee.Database, change: dict[str, object],
                                                    message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        clinic_settings.update_profile(ADMIN, **change)
    assert clinic_repo.load_profile() == ClinicProfile()  # nothing saved


def test_clinic_phones_are_kept_as_e164_and_a_wrong_one_is_refused(db: peewee.Database) -> None:
    returned = clinic_settings.update_profile(ADMIN, phone="(828) 555-0142", after_hours_phone="828.555.0143 ext 7")
    saved = clinic_repo.load_profile()
    assert returned == saved  # what was saved, phones as stored
    assert (saved.phone, saved.after_hours_phone) == ("+18285550142", "+18285550143 x7")
    with pytest.raises(SettingsError, match=r"^after-hours phone: "):
        clinic_settings.update_profile(ADMIN, slot_minutes=30, after_hours_phone="555-01")
    clinic_settings.update_profile(ADMIN, after_hours_phone="")  # none: the sheets give the main number
    saved = clinic_repo.load_profile()
    assert (saved.slot_minutes, saved.phone, saved.after_hours_phone) == (15, "+18285550142", "")


def test_desk_may_not_change_settings(db: peewee.Database) -> None:
    with pytest.raises(NotPermittedError):
        clinic_settings.update_profile(DESK, slot_minutes=30)


def test_closed_weekday_refuses_booking(db: peewee.Database) -> None:
    hours = dict(clinic_repo.load_profile().hours)
    hours[0] = None
    clinic_settings.update_profile(ADMIN, hours=hours)
    with pytest.raises(booking.BookingConflict, match="closed on Monday"):
        booking.book(add_patient(), "iv_mood", None, at(9), DESK)


def test_names_are_the_same_whatever_their_case_in_any_alphabet(db: peewee.Database) -> None:
    """A case-blind check by SQL folded ASCII alone: "Árbol" twice reached the unique index (an
    error the settings did not catch) and "árbol" passed as another name."""
    clinic_settings.add_chair("Árbol", ADMIN)
    for again in ("Árbol", "árbol", "ÁRBOL"):
        with pytest.raises(SettingsError, match=f"chair name: '{again}' is already used"):
            clinic_settings.add_chair(again, ADMIN)
    clinic_settings.add_type_like("Évaluation", "consult", ADMIN)
    with pytest.raises(SettingsError, match="type name: 'évaluation' is already used"):
        clinic_settings.add_type_like("évaluation", "consult", ADMIN)


def test_chairs_add_rename_reorder_out_of_service(db: peewee.Database) -> None:
    chair = clinic_settings.add_chair("Recliner A", ADMIN)
    with pytest.raises(SettingsError, match="chair name: 'Chair 1' is already used"):
        clinic_settings.rename_chair(chair.id, "Chair 1", ADMIN)
    clinic_settings.rename_chair(chair.id, "Window chair", ADMIN)
    ids = [c.id for c in clinic_repo.chairs()]
    clinic_settings.reorder_chairs([ids[-1], *ids[:-1]], ADMIN)
    assert clinic_repo.chairs()[0].name == "Window chair"
    clinic_settings.set_chair_in_service(chair.id, False, ADMIN)
    with pytest.raises(booking.BookingConflict, match="Window chair is out of service"):
        booking.book(add_patient(), "iv_mood", chair.id, at(9), DESK)
    with pytest.raises(SettingsError, match="chair order"):
        clinic_settings.reorder_chairs(ids[:2], ADMIN)


def test_type_times_change_never_moves_bookings(db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", None, at(9), DESK)
    kind = booking.resolve_type("iv_mood")
    updated = clinic_settings.update_type(kind.id, ADMIN, treatment_minutes=60, colour="#112233")
    assert updated.chair_minutes == kind.chair_minutes + 20
    from frontdesk.data.appointments_repo import get

    kept = get(new_id, clinic_repo.load_profile().tz)
    assert kept is not None and f"{kept.start:%H:%M}–{kept.end:%H:%M}" == "09:00–10:40"
    with pytest.raises(SettingsError, match="colour"):
        clinic_settings.update_type(kind.id, ADMIN, colour="blue")


def test_add_type_and_bad_code(db: peewee.Database) -> None:
    created = clinic_settings.add_type("iv_pain_3h", "IV ketamine, pain 3 h", "iv_pain", ADMIN, prep_minutes=15,
                                       treatment_minutes=180, recovery_minutes=60, turnover_minutes=15)
    assert booking.resolve_type("IV ketamine, pain 3 h").id == created.id
    with pytest.raises(SettingsError, match="type code"):
        clinic_settings.add_type("Bad Code", "X", "iv_pain", ADMIN)


def test_a_type_added_by_name_and_kind_starts_from_the_clinics_type_of_that_kind(db: peewee.Database) -> None:
    esketamine = booking.resolve_type("esketamine")
    created = clinic_settings.add_type_like("  Esketamine 84 mg ", "esketamine", ADMIN)
    assert (created.code, created.name, created.kind) == ("esketamine_84_mg", "Esketamine 84 mg", "esketamine")
    copied = ("prep_minutes", "treatment_minutes", "recovery_minutes", "turnover_minutes", "needs_chair",
              "food_cutoff_minutes", "liquid_cutoff_minutes", "series_default_count", "series_min_days")
    assert [getattr(created, key) for key in copied] == [getattr(esketamine, key) for key in copied]
    others = [t.colour.lower() for t in booking.appointment_types() if t.id != created.id]
    assert created.colour.lower() not in others  # a colour of its own on the board, not its template's
    assert booking.resolve_type("Esketamine 84 mg").id == created.id  # bookable at once
    second = clinic_settings.add_type_like("Esketamine 84 mg!", "esketamine", ADMIN)
    assert second.code == "esketamine_84_mg_2"  # a name of its own, the code made unique
    assert clinic_settings.add_type_like("2nd opinion", "consult", ADMIN).code == "type_2nd_opinion"
    assert clinic_settings.add_type_like("B", "consult", ADMIN).code == "type_b"  # a code has two characters
    assert m.AuditEntry.select().where(m.AuditEntry.action == "settings.type_add").count() == 4


def test_a_retired_type_leaves_the_booking_lists_and_its_bookings_keep_it(db: peewee.Database) -> None:
    """A type added by mistake stayed in every booking list: there was no way to take one out."""
    mistake = clinic_settings.add_type_like("Booster (old)", "iv_mood", ADMIN)
    kept = booking.book(add_patient(), mistake.code, None, at(9), DESK)
    clinic_settings.set_type_active(mistake.id, False, ADMIN)
    assert mistake.id not in [t.id for t in booking.appointment_types()]
    assert [t.active for t in clinic_settings.all_types() if t.id == mistake.id] == [False]
    with pytest.raises(BookingError, match=r"type: Booster \(old\) is retired \(an administrator brings it back"):
        booking.book(add_patient("Ben", "Okafor"), mistake.code, None, at(11), DESK)
    found = get(kept, clinic_repo.load_profile().tz)
    assert found is not None and found.type.name == "Booster (old)"  # the booking keeps its type
    clinic_settings.set_type_active(mistake.id, True, ADMIN)
    assert mistake.id in [t.id for t in booking.appointment_types()]
    assert [e.action for e in m.AuditEntry.select().where(m.AuditEntry.entity == "appointment_type")
            .order_by(m.AuditEntry.id)][-2:] == ["settings.type_retire", "settings.type_active"]
    for kind in booking.appointment_types()[1:]:
        clinic_settings.set_type_active(kind.id, False, ADMIN)
    last = booking.appointment_types()[0]
    with pytest.raises(SettingsError, match=f"type: {last.name} is the last type in use; add another first"):
        clinic_settings.set_type_active(last.id, False, ADMIN)
    with pytest.raises(NotPermittedError):
        clinic_settings.set_type_active(last.id, False, DESK)


@pytest.mark.parametrize(("name", "kind", "actor", "message"), [
    ("", "iv_mood", ADMIN, "type name: must not be empty"),
    ("IV ketamine, mood", "iv_mood", ADMIN, "type name: 'IV ketamine, mood' is already used"),
    ("iv KETAMINE, Mood", "iv_mood", ADMIN, "type name: 'iv KETAMINE, Mood' is already used"),  # reads the same
    ("Booster", "massage", ADMIN, "type kind: one of iv_mood, iv_pain, esketamine, consult"),
    ("Booster", "iv_mood", DESK, "may not change the clinic's settings"),
])
def test_a_type_that_cannot_be_added_says_why_and_adds_nothing(db: peewee.Database, name: str, kind: str,
                                                               actor: Actor, message: str) -> None:
    before = len(booking.appointment_types())
    with pytest.raises((SettingsError, NotPermittedError), match=message):
        clinic_settings.add_type_like(name, kind, actor)
    assert len(booking.appointment_types()) == before


def test_blocks_refuse_bookings_and_can_be_removed(db: peewee.Database) -> None:
    block = clinic_settings.add_block(None, at(12), at(13), "lunch", "staff lunch", DESK)
    assert [b.kind for b in clinic_settings.blocks_for_day(MONDAY)] == ["lunch"]
    with pytest.raises(booking.BookingConflict, match="The clinic is closed for lunch 12:00–13:00"):
        booking.book(add_patient(), "iv_mood", None, at(11, 30), DESK)
    clinic_settings.remove_block(block, DESK)
    assert booking.book(add_patient("Ben", "Okafor"), "iv_mood", None, at(11, 30), DESK)
    with pytest.raises(SettingsError, match="end must be after"):
        clinic_settings.add_block(None, at(13), at(12), "closed", "", DESK)
    assert dt.date(2026, 3, 2) == MONDAY


def test_esketamine_recovery_stays_at_least_two_hours(db: peewee.Database) -> None:
    kind = booking.resolve_type("esketamine")
    with pytest.raises(SettingsError) as caught:
        clinic_settings.update_type(kind.id, ADMIN, recovery_minutes=90)
    assert str(caught.value) == ("recovery: an esketamine session is observed for at least 120 minutes after dosing "
                                 "(REMS); 90 is too short")
    assert booking.resolve_type("esketamine").recovery_minutes == kind.recovery_minutes >= 120
    created = clinic_settings.add_type("esk_84", "Esketamine 84 mg", "esketamine", ADMIN, treatment_minutes=15)
    assert created.recovery_minutes == 120  # the minimum when none is given
    with pytest.raises(SettingsError, match="recovery: an esketamine session"):
        clinic_settings.add_type("esk_56", "Esketamine 56 mg", "esketamine", ADMIN, recovery_minutes=60)
    clinic_settings.update_type(booking.resolve_type("iv_mood").id, ADMIN, recovery_minutes=30)  # not esketamine


def test_the_prescriber_away_keeps_chairs_bookable_and_warns_esketamine(db: peewee.Database) -> None:
    clinic_settings.update_profile(ADMIN, prescriber_hours={0: ("08:00", "18:00")})
    clinic_settings.add_block(None, at(13), at(17), "prescriber_away", "Dr. Ortiz at the hospital", DESK)
    assert booking.book(add_patient(), "iv_mood", "Chair 1", at(13), DESK)  # an IV session: nothing to say
    with pytest.raises(booking.SoftLimitWarning) as caught:
        booking.book(add_patient("Ben", "Okafor"), "esketamine", "Chair 2", at(12), DESK)
    assert str(caught.value) == ("The prescriber is away 13:00–17:00 (Dr. Ortiz at the hospital): an esketamine "
                                 "block needs one on site throughout")
    assert booking.book(add_patient("Cy", "Lund"), "esketamine", "Chair 2", at(9), DESK)  # the morning is fine
    offered = booking.openings("esketamine", MONDAY, days=1, now=at(7).replace(tzinfo=clinic_repo.load_profile().tz),
                               per_day=50)
    assert offered and not [o for o in offered if o.end.time() > dt.time(12, 50) and o.start.time() < dt.time(17)]
    assert booking.collisions_for_day(MONDAY) == []
    anyway = booking.book(add_patient("Di", "Moss"), "esketamine", "Chair 3", at(15), DESK, override=True)
    assert [(c.appointment_id, c.message) for c in booking.collisions_for_day(MONDAY)] == [
        (anyway, "The prescriber is away 13:00–17:00 (Dr. Ortiz at the hospital): an esketamine block needs one on "
                 "site throughout")]  # the board marks it, as a block added after the booking would be
    with pytest.raises(SettingsError, match="the prescriber is away from the whole clinic"):
        clinic_settings.add_block(booking.resolve_chair("Chair 1").id, at(8), at(9), "prescriber_away", "", DESK)


def test_type_chair_time_capped_and_nothing_saved(db: peewee.Database) -> None:
    kind = booking.resolve_type("iv_pain_4h")
    with pytest.raises(SettingsError, match="chair time: prep \\+ treatment \\+ recovery \\+ turnover is 810 minutes"):
        clinic_settings.update_type(kind.id, ADMIN, treatment_minutes=480, recovery_minutes=300)
    assert booking.resolve_type("iv_pain_4h").treatment_minutes == 240


def test_new_type_chair_time_capped_and_nothing_added(db: peewee.Database) -> None:
    with pytest.raises(SettingsError, match="chair time: prep \\+ treatment \\+ recovery \\+ turnover is 1200 minutes"):
        clinic_settings.add_type("consult_long", "Long consult", "consult", ADMIN, treatment_minutes=600,
                                 recovery_minutes=600)
    with pytest.raises(booking.BookingError, match="type: no appointment type 'consult_long'"):
        booking.resolve_type("consult_long")
