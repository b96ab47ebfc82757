"""Confirmation calls on a real database (each backend): the day's list, recording tries, what is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.rules.confirmations import AttemptRefusedError
from frontdesk.services import booking, confirmations
from frontdesk.services.confirmations import ConfirmationError
from tests.services.intake_helpers import DESK, NURSE, make_patient

TZ = ZoneInfo("America/New_York")
DAY = dt.date(2026, 12, 1)  # a Tuesday
NOW = dt.datetime(2026, 11, 30, 11, 0, tzinfo=TZ)  # the day before, mid-morning


def _at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _reachable(patient_id: int, digits: str, **wishes: object) -> None:
    m.PatientPhone.create(patient=patient_id, number_e164=f"+1{digits}", digits=digits, is_primary=True)
    if wishes:
        m.Patient.update(**wishes).where(m.Patient.id == patient_id).execute()


@pytest.fixture
def clinic(db: peewee.Database) -> dict[str, int]:
    ana, ben, cy = make_patient("Ana", "Núñez"), make_patient("Ben", "Okafor"), make_patient("Cy", "Park")
    _reachable(ana, "8285550102", preferred_contact="text", ok_text=True, ok_voicemail=False, language="es")
    _reachable(ben, "8285550103", ok_voicemail=True)
    booked = {
        "ana": booking.book(ana, "iv_mood", "Chair 1", _at(9, 0), DESK, override=True),
        "ben": booking.book(ben, "iv_mood", "Chair 2", _at(8, 30), DESK, override=True),
        "cy_cancelled": booking.book(cy, "iv_mood", "Chair 3", _at(10, 0), DESK, override=True),
        "next_day": booking.book(cy, "iv_mood", "Chair 3", _at(10, 0, DAY + dt.timedelta(days=1)), DESK, override=True),
    }
    booking.cancel(booked["cy_cancelled"], "patient", "feeling unwell", DESK, now=NOW)
    return {**booked, "ana_id": ana, "ben_id": ben}


def _calls() -> list[tuple[int, str]]:
    return [(call.appointment_id, call.standing.words) for call in confirmations.calls_for_day(DESK, DAY, NOW)]


def test_the_days_bookings_are_listed_in_start_order_with_how_to_reach_each(clinic: dict[str, int]) -> None:
    assert _calls() == [(clinic["ben"], "To call"), (clinic["ana"], "To call")]  # not the cancelled, not the next day
    ben, ana = confirmations.calls_for_day(DESK, DAY, NOW)
    assert (ana.patient_name, f"{ana.start:%H:%M}", f"{ana.arrive_by:%H:%M}", ana.chair_name) == \
        ("Ana Núñez", "09:00", "08:45", "Chair 1")
    assert ana.reach.line == "(828) 555-0102 (mobile) · prefers text · no voicemail"
    assert (ana.language, ana.methods) == ("Spanish", ("text", "call"))
    assert (ben.language, ben.methods) == ("", ("call",))
    assert "consent missing" in ana.missing  # what to ask for on the call, as the board says it


def test_a_try_is_recorded_with_its_way_and_audited_without_the_patient(clinic: dict[str, int]) -> None:
    result = confirmations.record_attempt(DESK, clinic["ana"], "text", "message", " asked to  reply \n YES ", now=NOW)
    assert result.words == "Left a message"
    result = confirmations.record_attempt(DESK, clinic["ana"], "text", "confirmed", now=NOW)
    assert result.confirmed and result.tries == 2
    assert _calls() == [(clinic["ben"], "To call"), (clinic["ana"], "Confirmed")]
    first = m.ContactAttempt.select().order_by(m.ContactAttempt.id).first()
    assert (first.user, first.method, first.outcome, first.note) == ("desk1", "text", "message", "asked to reply YES")
    entries = list(m.AuditEntry.select().where(m.AuditEntry.action == "appointment.contact_attempt")
                   .order_by(m.AuditEntry.id))
    ana = (str(clinic["ana"]), clinic["ana_id"])
    assert [(e.entity_id, e.patient_id, e.detail) for e in entries] == [(*ana, "text: message"),
                                                                         (*ana, "text: confirmed")]
    assert all("Núñez" not in e.detail for e in entries)


def _attempt_rows() -> int:
    return int(m.ContactAttempt.select().count())


def _audit_rows() -> int:
    return int(m.AuditEntry.select().where(m.AuditEntry.action == "appointment.contact_attempt").count())


@pytest.mark.parametrize(("who", "method", "outcome", "message"), [
    ("ana", "call", "message", "left a message: the patient asked for no voicemail"),
    ("ben", "text", "message", "text message: the patient asked not to be texted"),
    ("ben", "email", "message", "email: no email address on file"),
    ("cy_cancelled", "call", "confirmed", "it is cancelled; there is nothing to confirm"),
])
def test_a_refused_try_writes_nothing(clinic: dict[str, int], who: str, method: str, outcome: str,
                                      message: str) -> None:
    with pytest.raises((AttemptRefusedError, ConfirmationError), match=message):
        confirmations.record_attempt(DESK, clinic[who], method, outcome, now=NOW)
    assert (_attempt_rows(), _audit_rows()) == (0, 0)


def test_a_booking_whose_time_has_come_or_that_has_begun_takes_no_try(clinic: dict[str, int]) -> None:
    later = dt.datetime.combine(DAY, dt.time(9, 0), TZ)
    with pytest.raises(ConfirmationError, match=r"its start \(Tue 01 Dec 09:00\) has passed"):
        confirmations.record_attempt(DESK, clinic["ana"], "call", "confirmed", now=later)
    with pytest.raises(ConfirmationError, match="no such appointment"):
        confirmations.record_attempt(DESK, 999_999, "call", "confirmed", now=NOW)
    assert _attempt_rows() == 0


def _confirmed_on_the_board() -> set[int]:
    from frontdesk.services.schedule import load_day

    return {a.id for a in load_day(DAY, now=NOW).appointments if a.confirmed}


def test_a_booking_moved_after_it_was_confirmed_is_to_confirm_again(clinic: dict[str, int]) -> None:
    confirmations.record_attempt(DESK, clinic["ben"], "call", "confirmed", now=NOW)
    assert confirmations.standing_of(DESK, clinic["ben"]).confirmed  # type: ignore[union-attr]
    assert _confirmed_on_the_board() == {clinic["ben"]}
    booking.move(clinic["ben"], None, _at(13, 0), DESK, override=True)
    after = confirmations.standing_of(DESK, clinic["ben"])
    assert after is not None and after.words == "To call"
    assert _confirmed_on_the_board() == set()
    moved = next(call for call in confirmations.calls_for_day(DESK, DAY, NOW) if call.appointment_id == clinic["ben"])
    assert [a.outcome for a in moved.attempts] == ["confirmed"]  # the earlier try is kept, about the old time


def test_the_next_call_day_skips_the_days_the_clinic_is_closed(db: peewee.Database) -> None:
    from frontdesk.data import clinic_repo

    profile = clinic_repo.load_profile()
    friday = dt.date(2026, 12, 4)
    assert profile.opening(friday + dt.timedelta(days=2)) is None  # the default week: closed on Sundays
    assert confirmations.next_call_day(friday, profile) == dt.date(2026, 12, 5)
    saturday = dt.date(2026, 12, 5)
    assert confirmations.next_call_day(saturday, profile) == dt.date(2026, 12, 7)
    assert confirmations.next_call_day(dt.date(2026, 12, 1), profile) == dt.date(2026, 12, 2)


def test_every_role_that_books_may_record_a_try(clinic: dict[str, int]) -> None:
    confirmations.record_attempt(NURSE, clinic["ben"], "call", "no_answer", now=NOW)
    assert confirmations.standing_of(NURSE, clinic["ben"]).words == "No answer"  # type: ignore[union-attr]


def test_a_booking_moved_at_another_desk_is_not_confirmed_for_the_time_read_out(clinic: dict[str, int]) -> None:
    calls = confirmations.calls_for_day(DESK, DAY, NOW)
    told = next(call.start for call in calls if call.appointment_id == clinic["ben"])
    booking.move(clinic["ben"], None, _at(13, 0), NURSE, override=True)  # another desk, a moment before
    with pytest.raises(ConfirmationError) as refused:
        confirmations.record_attempt(DESK, clinic["ben"], "call", "confirmed", now=NOW, told_start=told)
    assert str(refused.value) == (f"appointment {clinic['ben']}: it was moved to Tue 01 Dec 13:00 meanwhile (not "
                                  "Tue 01 Dec 08:30); nothing was recorded")
    assert (_attempt_rows(), _audit_rows()) == (0, 0)


def test_bookings_whose_time_has_come_leave_the_days_list(clinic: dict[str, int]) -> None:
    at_nine = dt.datetime.combine(DAY, dt.time(9, 0), TZ)
    assert [call.appointment_id for call in confirmations.calls_for_day(DESK, DAY, at_nine)] == []
    at_eight = dt.datetime.combine(DAY, dt.time(8, 45), TZ)
    assert [call.appointment_id for call in confirmations.calls_for_day(DESK, DAY, at_eight)] == [clinic["ana"]]


def test_the_next_call_day_skips_a_day_the_clinic_is_closed_for_a_holiday(db: peewee.Database) -> None:
    from frontdesk.services import clinic_settings

    clinic_settings.add_block(None, dt.datetime(2026, 12, 2, 0, 0), dt.datetime(2026, 12, 3, 0, 0), "closed",
                              "holiday", DESK)
    clinic_settings.add_block(None, dt.datetime(2026, 12, 3, 12, 0), dt.datetime(2026, 12, 3, 13, 0), "lunch",
                              "", DESK)  # a lunch break closes no day
    assert confirmations.next_call_day(dt.date(2026, 12, 1)) == dt.date(2026, 12, 3)


# --- the reminder ---------------------------------------------------------------------------------


def test_a_reminder_says_when_to_come_and_what_to_do_without_naming_the_treatment(clinic: dict[str, int]) -> None:
    with pytest.raises(ConfirmationError, match="the patient takes no texts and has no email on file: call instead"):
        confirmations.reminder(DESK, clinic["ben"], now=NOW)
    m.Patient.update(email="ben@example.org").where(m.Patient.id == clinic["ben_id"]).execute()
    text = confirmations.reminder(DESK, clinic["ben"], now=NOW)
    assert (text.language, text.text) == ("en", (
        "Hello Ben Okafor, this is Blue Ridge Infusion Clinic. A reminder of your visit on Tuesday, December 1, "
        "2026 at 8:30 AM; please arrive by 8:15 AM. Nothing to eat after 2:30 AM (during the night before your "
        "visit). Clear liquids are fine until 6:30 AM. An adult must drive you home afterwards; please do not "
        "drive yourself until the next day. Please reply, or call (828) 555-0100, to confirm or to change the "
        "time."))
    assert "ketamine" not in text.text.lower() and "infusion clinic" in text.text.lower()
    entry = m.AuditEntry.select().where(m.AuditEntry.action == "appointment.reminder_text").get()
    assert (entry.entity_id, entry.detail) == (str(clinic["ben"]), "en")


def test_a_reminder_is_in_the_patients_language_and_refused_for_a_cancelled_or_past_booking(
        clinic: dict[str, int]) -> None:
    spanish = confirmations.reminder(DESK, clinic["ana"], now=NOW)  # Ana's record says Spanish
    assert spanish.language == "es" and spanish.text.startswith("Hola, Ana Núñez: Le escribimos de Blue Ridge")
    assert "visita del martes 1 de diciembre de 2026 a las 9:00 a. m.; por favor llegue a más tardar a las " \
           "8:45 a. m. No coma nada después de las 3:00 a. m." in spanish.text  # one full stop after "a. m."
    assert confirmations.reminder(DESK, clinic["ana"], "en", now=NOW).text.startswith("Hello Ana Núñez,")
    with pytest.raises(ConfirmationError, match="it is cancelled; there is nothing to remind the patient of"):
        confirmations.reminder(DESK, clinic["cy_cancelled"], now=NOW)
    with pytest.raises(ConfirmationError, match="language must be en or es, not 'fr'"):
        confirmations.reminder(DESK, clinic["ana"], "fr", now=NOW)
    with pytest.raises(ConfirmationError, match=r"its start \(Tue 01 Dec 09:00\) has passed"):
        confirmations.reminder(DESK, clinic["ana"], now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ))


def test_spanish_says_la_una_and_a_cut_off_the_type_leaves_out_has_no_sentence(clinic: dict[str, int]) -> None:
    one = booking.book(clinic["ana_id"], "iv_mood", "Chair 4", _at(13, 15), DESK, override=True)
    m.AppointmentType.update(liquid_cutoff_minutes=None).where(m.AppointmentType.code == "iv_mood").execute()
    text = confirmations.reminder(DESK, one, now=NOW).text
    assert "a la 1:15 p. m.; por favor llegue a más tardar a la 1:00 p. m." in text
    assert "No coma nada después de las 7:15 a. m." in text and "líquidos" not in text  # fasting kept, liquids free


def test_a_reminder_calls_the_clinic_by_its_name_for_texts_when_one_is_set(clinic: dict[str, int]) -> None:
    """ "this is Blue Ridge Ketamine Wellness" on a lock screen says what the visit is for."""
    from dataclasses import replace

    from frontdesk.data import clinic_repo

    clinic_repo.save_profile(replace(clinic_repo.load_profile(), name="Blue Ridge Ketamine Wellness",
                                     text_name="Blue Ridge Clinic"))
    text = confirmations.reminder(DESK, clinic["ana"], "en", now=NOW).text
    assert "this is Blue Ridge Clinic. A reminder" in text and "ketamine" not in text.lower()
    clinic_repo.save_profile(replace(clinic_repo.load_profile(), text_name=" "))
    assert "this is Blue Ridge Ketamine Wellness." in confirmations.reminder(DESK, clinic["ana"], "en", now=NOW).text


def test_a_new_clinic_without_its_name_and_phone_writes_no_reminder(clinic: dict[str, int]) -> None:
    """A reminder from a clinic whose details are not in yet read "Hello Ana, this is . A reminder…"."""
    from frontdesk.data import clinic_repo

    clinic_repo.save_profile(clinic_repo.load_profile().without_contact())
    with pytest.raises(ConfirmationError, match=r"the clinic's name and phone are not set yet: an administrator "
                                                r"enters them in Clinic settings .* before reminder texts are written"):
        confirmations.reminder(DESK, clinic["ana"], now=NOW)
    assert not m.AuditEntry.select().where(m.AuditEntry.action == "appointment.reminder_text").exists()


def test_a_consultations_reminder_has_no_fasting_nor_driver(clinic: dict[str, int]) -> None:
    consult = booking.book(clinic["ana_id"], "consult", None, _at(15, 0), DESK, override=True)
    text = confirmations.reminder(DESK, consult, "en", now=NOW).text
    assert "at 3:00 PM; please arrive by 2:45 PM. Please reply, or call" in text
    assert "eat" not in text and "drive" not in text


def test_a_clinics_own_wording_without_reminder_lines_is_named(clinic: dict[str, int], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from frontdesk.documents.wording import load_wording
    from frontdesk.resources import resource_path

    shipped = json.loads(resource_path("handouts", "en.json").read_text(encoding="utf-8"))
    del shipped["reminder"]
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "en.json").write_text(json.dumps(shipped), encoding="utf-8")
    monkeypatch.setenv("FRONTDESK_RESOURCES", str(tmp_path))
    load_wording.cache_clear()
    try:
        with pytest.raises(ConfirmationError, match=r"the clinic's handouts/en\.json has no 'reminder' lines: copy "
                                                    r"them from the shipped file"):
            confirmations.reminder(DESK, clinic["ana"], "en", now=NOW)
    finally:
        load_wording.cache_clear()
