"""Readiness for an appointment: the missing items in the desk's words."""

from __future__ import annotations

import datetime as dt

from frontdesk.rules.readiness import DEFAULT_CONSENT_VERSIONS, ReadinessFacts, missing_items

DAY = dt.date(2026, 12, 1)
SIGNED = {"treatment": "1", "privacy": "1", "financial": "1", "communication": "1"}


def ready(**changes: object) -> ReadinessFacts:
    base: dict[str, object] = dict(
        day=DAY, kind="iv_mood", needs_chair=True, intake_complete=True, signed_versions=dict(SIGNED),
        questionnaire_dates={"phq9": DAY - dt.timedelta(days=7)}, driver_named=True,
        weight_on=DAY - dt.timedelta(days=30),
    )
    base.update(changes)
    return ReadinessFacts(**base)  # type: ignore[arg-type]


def test_everything_in_place_is_ready() -> None:
    assert missing_items(ready()) == []


def test_nothing_on_file_lists_every_item() -> None:
    facts = ReadinessFacts(day=DAY, kind="iv_mood", needs_chair=True, intake_complete=False)
    assert missing_items(facts) == ["intake incomplete", "consent missing", "no PHQ-9 in 7 days", "no driver",
                                    "no weight"]


def test_phq9_eight_days_old_is_due() -> None:
    assert missing_items(ready(questionnaire_dates={"phq9": DAY - dt.timedelta(days=8)})) == ["no PHQ-9 in 7 days"]


def test_changed_consent_version_asks_to_renew() -> None:
    versions = dict(DEFAULT_CONSENT_VERSIONS, privacy="2")
    assert missing_items(ready(current_versions=versions)) == ["consent to renew"]


def test_weight_older_than_the_window_is_not_recent() -> None:
    assert missing_items(ready(weight_on=DAY - dt.timedelta(days=31))) == ["weight not recent"]


def test_esketamine_without_rems_enrolment() -> None:
    assert missing_items(ready(kind="esketamine")) == ["REMS enrolment missing"]


def test_pain_infusion_wants_a_pain_score() -> None:
    assert missing_items(ready(kind="iv_pain")) == ["no pain score in 7 days"]


def test_consultation_needs_only_intake_and_consents() -> None:
    facts = ReadinessFacts(day=DAY, kind="consult", needs_chair=False, intake_complete=True,
                           signed_versions=dict(SIGNED))
    assert missing_items(facts) == []
