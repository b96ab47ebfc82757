"""REMS monitoring forms: which sessions need one, when it is due, and how its state reads."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdesk.rules.rems import clean_reference, form_due, form_state, needs_form

SESSION = dt.date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(("kind", "flow", "outcome", "needed"), [
    ("esketamine", "discharged", "completed", True),
    ("esketamine", "recovery", None, True),      # still in the clinic: the form will be owed
    ("esketamine", "in_chair", None, True),
    ("esketamine", "arrived", None, False),      # not started: it may still not happen
    ("esketamine", "booked", None, False),
    ("esketamine", "booked", "cancelled", False),
    ("esketamine", "booked", "no_show", False),
    ("iv_mood", "discharged", "completed", False),
])
def test_only_an_esketamine_session_that_took_place_needs_a_form(kind: str, flow: str, outcome: str | None,
                                                                  needed: bool) -> None:
    assert needs_form(kind, flow, outcome) is needed


def test_the_form_is_due_seven_days_after_the_session() -> None:
    assert form_due(SESSION) == dt.date(2026, 11, 27)
    assert form_due(dt.date(2026, 12, 28)) == dt.date(2027, 1, 4)  # across the year's end


@pytest.mark.parametrize(("today", "words", "overdue"), [
    (dt.date(2026, 11, 20), "due in 7 days", False),
    (dt.date(2026, 11, 25), "due in 2 days", False),
    (dt.date(2026, 11, 26), "due tomorrow", False),
    (dt.date(2026, 11, 27), "due today", False),
    (dt.date(2026, 11, 28), "overdue by 1 day", True),
    (dt.date(2026, 12, 1), "overdue by 4 days", True),
])
def test_an_owed_form_reads_as_days_left_or_days_late(today: dt.date, words: str, overdue: bool) -> None:
    state = form_state(SESSION, today)
    assert (state.words, state.overdue, state.submitted) == (words, overdue, False)


def test_a_sent_form_names_the_day_and_who_sent_it_and_is_never_late() -> None:
    state = form_state(SESSION, dt.date(2026, 12, 30), dt.date(2026, 11, 23), "nurse1")
    assert (state.words, state.overdue, state.submitted) == ("submitted Mon 23 Nov by nurse1", False, True)


def test_the_sites_reference_is_kept_on_one_line_and_refused_when_too_long() -> None:
    assert clean_reference("  RX-4471 \n 22  ") == "RX-4471 22"
    with pytest.raises(ValueError, match="reference: at most 64 characters"):
        clean_reference("x" * 65)
