"""Intake rows on SQLite and PostgreSQL: version numbers, latest per patient, dates, settings."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk.data import attention_repo, intake_repo
from tests.services.intake_helpers import make_patient


def test_versions_count_up_per_patient(db: peewee.Database) -> None:
    a, b = make_patient("A", "One"), make_patient("B", "Two")
    assert intake_repo.add_intake(a, "draft", {"x": 1}, "u").version == 1
    assert intake_repo.add_intake(b, "draft", {}, "u").version == 1
    assert intake_repo.add_intake(a, "complete", {"x": 2}, "u").version == 2
    assert [v.data for v in intake_repo.intake_versions(a)] == [{"x": 1}, {"x": 2}]


def test_duplicate_version_number_refused_by_the_database(db: peewee.Database) -> None:
    from frontdesk.data import models as m

    pid = make_patient()
    intake_repo.add_intake(pid, "draft", {}, "u")
    with pytest.raises(peewee.IntegrityError), db.atomic():
        m.Intake.create(patient=pid, version=1, status="draft", data="{}")


def test_latest_and_latest_complete(db: peewee.Database) -> None:
    pid = make_patient()
    intake_repo.add_intake(pid, "complete", {"v": 1}, "u")
    intake_repo.add_intake(pid, "draft", {"v": 2}, "u")
    assert intake_repo.latest_intakes([pid])[pid].version == 2
    assert intake_repo.latest_intakes([pid], complete_only=True)[pid].version == 1


def test_latest_questionnaire_date_per_instrument(db: peewee.Database) -> None:
    pid = make_patient()
    for day in (dt.date(2026, 11, 1), dt.date(2026, 11, 20)):
        intake_repo.add_questionnaire(pid, "phq9", day, [0] * 9, 0, "minimal", "u")
    intake_repo.add_questionnaire(pid, "gad7", dt.date(2026, 11, 5), [0] * 7, 0, "minimal", "u")
    assert attention_repo.latest_questionnaire_dates([pid]) == {
        pid: {"phq9": dt.date(2026, 11, 20), "gad7": dt.date(2026, 11, 5)}}


def test_review_recorded_once(db: peewee.Database) -> None:
    pid = make_patient()
    flag = intake_repo.add_flag(pid, "urgent_self_harm", "d", "s")
    when = dt.datetime(2026, 11, 27, 9, 0)
    assert intake_repo.mark_reviewed(flag.id, "nurse1", when)
    assert not intake_repo.mark_reviewed(flag.id, "other", when)
    stored = intake_repo.get_flag(flag.id)
    assert stored is not None and (stored.reviewed_by, stored.reviewed_utc) == ("nurse1", when)
    assert intake_repo.open_flags([pid]) == []


def test_settings_round_trip(db: peewee.Database) -> None:
    assert intake_repo.load_settings() == {}
    intake_repo.save_settings({"consent_versions": {"privacy": "2"}})
    intake_repo.save_settings({"consent_versions": {"privacy": "3"}})
    assert intake_repo.load_settings() == {"consent_versions": {"privacy": "3"}}


def test_intake_facts_read_the_newest_and_newest_complete_versions(db: peewee.Database) -> None:
    with_drafts, complete_last, never, driver_only = (make_patient("A", "One"), make_patient("B", "Two"),
                                                      make_patient("C", "Three"), make_patient("D", "Four", "Dan"))
    intake_repo.add_intake(with_drafts, "complete", {"v": 1}, "u")
    intake_repo.add_intake(with_drafts, "complete", {"v": 2}, "u")
    intake_repo.add_intake(with_drafts, "draft", {"v": 3}, "u")
    intake_repo.add_intake(complete_last, "draft", {"v": 1}, "u")
    intake_repo.add_intake(complete_last, "complete", {"v": 2}, "u")
    facts = attention_repo.intake_facts([with_drafts, complete_last, never, driver_only])
    assert (facts[with_drafts].latest, facts[with_drafts].latest_complete) == ({"v": 3}, {"v": 2})
    assert (facts[complete_last].latest, facts[complete_last].latest_complete) == ({"v": 2}, {"v": 2})
    assert facts[never] == attention_repo.IntakeFacts("", None, None)
    assert facts[driver_only].driver_name == "Dan"


def test_latest_consent_versions_keep_the_most_recent_signature_per_form(db: peewee.Database) -> None:
    pid = make_patient()
    intake_repo.add_consent(pid, "privacy", "2", "A", dt.date(2026, 5, 1), "", "u")
    intake_repo.add_consent(pid, "privacy", "1", "A", dt.date(2026, 1, 1), "", "u")  # entered later, signed earlier
    intake_repo.add_consent(pid, "treatment", "1", "A", dt.date(2026, 2, 1), "", "u")
    assert attention_repo.latest_consent_versions([pid]) == {pid: {"privacy": "2", "treatment": "1"}}
    assert attention_repo.latest_consent_versions([pid]) == {
        pid: {form: c.form_version for form, c in intake_repo.latest_consents([pid])[pid].items()}}
