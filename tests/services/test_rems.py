"""REMS monitoring forms on a real database (each backend): the owed list, marking sent, taking it back."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.data import rems_repo
from frontdesk.rules.clock import now_local
from frontdesk.services import rems
from frontdesk.settings import ClinicProfile
from tests.services.intake_helpers import DESK, NURSE, make_appointment, make_patient

TODAY = dt.date(2026, 11, 30)


def _session(patient_id: int, day: int, *, kind: str = "esketamine", flow: str = "discharged",
             outcome: str | None = "completed", hour_utc: int = 15) -> int:
    """An appointment on November `day` at 10:00 in New York (15:00 UTC), standing as given."""
    appointment_id = make_appointment(patient_id, dt.datetime(2026, 11, day, hour_utc), kind)
    m.Appointment.update(flow=flow, outcome=outcome).where(m.Appointment.id == appointment_id).execute()
    return appointment_id


@pytest.fixture
def clinic(db: peewee.Database) -> dict[str, int]:
    rems_repo.set_tracking_since(dt.date(2026, 11, 10))
    ana, ben = make_patient("Ana", "Núñez"), make_patient("Ben", "Okafor")
    return {
        "before_tracking": _session(ana, 9),
        "overdue": _session(ana, 20),
        "due_today": _session(ben, 23),
        "in_recovery_today": _session(ben, 30, flow="recovery", outcome=None),
        "cancelled": _session(ana, 24, flow="booked", outcome="cancelled"),
        "no_show": _session(ana, 25, flow="booked", outcome="no_show"),
        "not_started": _session(ana, 30, flow="arrived", outcome=None, hour_utc=19),
        "iv": _session(ben, 21, kind="iv_mood"),
        "ana": ana,
        "ben": ben,
    }


def _owed(today: dt.date = TODAY, **kwargs: bool) -> list[tuple[int, str]]:
    return [(f.appointment_id, f.state.words) for f in rems.monitoring_forms(DESK, today=today, **kwargs)]


def test_the_owed_forms_are_the_esketamine_sessions_that_took_place_since_tracking_began(
        clinic: dict[str, int]) -> None:
    assert _owed() == [(clinic["overdue"], "overdue by 3 days"), (clinic["due_today"], "due today"),
                       (clinic["in_recovery_today"], "due in 7 days")]
    first = rems.monitoring_forms(DESK, today=TODAY)[0]
    assert (first.patient_name, first.session.strftime("%a %d %b %H:%M"), first.chair_name, first.due) == \
        ("Ana Núñez", "Fri 20 Nov 10:00", "Chair 1", dt.date(2026, 11, 27))
    assert rems.forms_overdue(DESK, today=TODAY) == 1


def test_marking_a_form_sent_takes_it_off_the_list_and_is_audited_without_the_patient(
        clinic: dict[str, int]) -> None:
    rems.mark_sent(NURSE, clinic["overdue"], "  RX 4471 ")

    assert [aid for aid, _ in _owed()] == [clinic["due_today"], clinic["in_recovery_today"]]
    sent = [f for f in rems.monitoring_forms(DESK, today=TODAY, include_sent=True) if f.state.submitted]
    today_words = f"submitted {now_local(ClinicProfile().tz):%a %d %b} by nurse1"
    assert [(f.appointment_id, f.state.words, f.reference) for f in sent] == [
        (clinic["overdue"], today_words, "RX 4471")]
    entry = m.AuditEntry.select().where(m.AuditEntry.action == "rems.form_sent").get()
    assert (entry.user, entry.entity, entry.entity_id, entry.patient_id) == \
        ("nurse1", "appointment", str(clinic["overdue"]), clinic["ana"])
    assert "Ana" not in entry.detail and "Núñez" not in entry.detail


@pytest.mark.parametrize(("which", "message"), [
    ("iv", "no such esketamine session"),
    ("cancelled", "the session did not take place, no form is due"),
    ("no_show", "the session did not take place, no form is due"),
    ("not_started", "the session did not take place, no form is due"),
])
def test_a_form_that_is_not_owed_is_refused_and_nothing_is_written(clinic: dict[str, int], which: str,
                                                                    message: str) -> None:
    with pytest.raises(rems.RemsFormError, match=f"appointment {clinic[which]}: {message}"):
        rems.mark_sent(DESK, clinic[which])
    assert m.RemsMonitoringForm.select().count() == 0
    assert not m.AuditEntry.select().where(m.AuditEntry.action == "rems.form_sent").exists()


def test_a_form_is_marked_sent_once_and_a_bad_reference_writes_nothing(clinic: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="reference: at most 64 characters"):
        rems.mark_sent(DESK, clinic["due_today"], "x" * 65)
    assert m.RemsMonitoringForm.select().count() == 0

    rems.mark_sent(DESK, clinic["due_today"])
    with pytest.raises(rems.RemsFormError, match="its form is already marked sent"):
        rems.mark_sent(NURSE, clinic["due_today"])
    assert [(r.submitted_by, r.reference) for r in m.RemsMonitoringForm.select()] == [("desk1", "")]
    assert m.AuditEntry.select().where(m.AuditEntry.action == "rems.form_sent").count() == 1
    with pytest.raises(rems.RemsFormError, match="no such esketamine session"):
        rems.mark_sent(DESK, 999_999)


def test_a_form_marked_by_mistake_is_owed_again_once_taken_back(clinic: dict[str, int]) -> None:
    rems.mark_sent(DESK, clinic["overdue"])
    rems.unmark_sent(DESK, clinic["overdue"])

    assert _owed()[0] == (clinic["overdue"], "overdue by 3 days")
    assert m.AuditEntry.select().where(m.AuditEntry.action == "rems.form_unsent").count() == 1
    with pytest.raises(rems.RemsFormError, match="no form is marked sent"):
        rems.unmark_sent(DESK, clinic["overdue"])


def test_sent_forms_of_sessions_older_than_a_month_are_no_longer_shown(clinic: dict[str, int]) -> None:
    rems.mark_sent(DESK, clinic["overdue"])
    later = TODAY + dt.timedelta(days=rems.SENT_SHOWN_DAYS)
    assert clinic["overdue"] not in [aid for aid, _ in _owed(later, include_sent=True)]
    assert clinic["due_today"] in [aid for aid, _ in _owed(later, include_sent=True)]


def test_a_new_database_tracks_forms_from_the_clinics_today(db: peewee.Database) -> None:
    assert rems_repo.tracking_since() == now_local(ClinicProfile().tz).date()
    assert rems.monitoring_forms(DESK) == []


def test_an_admin_moves_the_tracking_start_back_and_older_sessions_become_owed(clinic: dict[str, int]) -> None:
    from tests.services.intake_helpers import ADMIN

    with pytest.raises(PermissionError):
        rems.track_from(DESK, dt.date(2026, 11, 1), today=TODAY)
    with pytest.raises(rems.RemsFormError, match="track from: 2026-12-01 is in the future"):
        rems.track_from(ADMIN, dt.date(2026, 12, 1), today=TODAY)
    assert rems_repo.tracking_since() == dt.date(2026, 11, 10)

    rems.track_from(ADMIN, dt.date(2026, 11, 1), today=TODAY)

    assert _owed()[0] == (clinic["before_tracking"], "overdue by 14 days")
    entry = m.AuditEntry.select().where(m.AuditEntry.action == "settings.rems_forms_since").get()
    assert (entry.user, entry.detail) == ("admin1", "2026-11-01")
