"""Confirmation calls as plain rules: where a booking stands, which ways a patient allows, what is refused."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from frontdesk.rules.confirmations import (
    Attempt,
    AttemptRefusedError,
    check_attempt,
    standing,
    usable_methods,
)
from frontdesk.rules.contact import PhoneEntry
from frontdesk.rules.contact_card import Reach

TZ = ZoneInfo("America/New_York")
START = dt.datetime(2026, 12, 1, 9, 30, tzinfo=TZ)
MOBILE = PhoneEntry("+18285550123", "mobile", is_primary=True)


def _try(minute: int, outcome: str, method: str = "call", start: dt.datetime = START) -> Attempt:
    return Attempt(dt.datetime(2026, 11, 30, 10, minute, tzinfo=TZ), "desk1", method, outcome, start)


def test_a_booking_nobody_tried_is_to_call() -> None:
    assert standing([], START).words == "To call"
    assert standing([], START).last is None


def test_tries_without_an_answer_are_counted_and_the_latest_shows() -> None:
    result = standing([_try(5, "no_answer"), _try(1, "no_answer"), _try(9, "message")], START)
    assert (result.state, result.tries, result.words) == ("message", 3, "Left a message · 3 tries")
    assert result.last is not None and result.last.at.minute == 9


def test_the_patients_answer_stands_after_a_later_unanswered_call() -> None:
    result = standing([_try(1, "confirmed"), _try(20, "no_answer")], START)
    assert result.confirmed and result.words == "Confirmed"
    assert result.last is not None and result.last.outcome == "no_answer"  # shown as the last try all the same
    assert result.deciding is not None and result.deciding.outcome == "confirmed"


def test_a_wish_for_another_time_after_confirming_needs_the_desk() -> None:
    result = standing([_try(1, "confirmed"), _try(30, "wants_change")], START)
    assert (result.confirmed, result.needs_desk, result.words) == (False, True, "Wants another time")


def test_a_booking_moved_after_it_was_confirmed_is_to_call_again() -> None:
    earlier_start = START - dt.timedelta(days=1)
    result = standing([_try(1, "confirmed", start=earlier_start)], START)
    assert result.words == "To call" and result.tries == 0


def test_the_preferred_way_comes_first_and_refused_ways_are_not_offered() -> None:
    assert usable_methods(Reach(MOBILE, "text", ok_text=True, email="a@example.org")) == ("text", "call", "email")
    assert usable_methods(Reach(MOBILE, "email", ok_text=False, email="a@example.org")) == ("email", "call")
    assert usable_methods(Reach(MOBILE, "phone", ok_text=False)) == ("call",)
    assert usable_methods(Reach(None, "phone", email="a@example.org")) == ("email",)
    assert usable_methods(Reach(None)) == ()


@pytest.mark.parametrize(("reach", "method", "outcome", "message"), [
    (Reach(MOBILE, ok_text=False), "text", "message", "text message: the patient asked not to be texted"),
    (Reach(MOBILE, ok_voicemail=False), "call", "message", "left a message: the patient asked for no voicemail"),
    (Reach(MOBILE), "email", "message", "email: no email address on file"),
    (Reach(None), "call", "no_answer", "phone call: no phone on file"),
    (Reach(MOBILE, ok_text=True), "text", "no_answer", "outcome: 'no answer' does not apply to text messages"),
    (Reach(MOBILE), "fax", "confirmed", "way: 'fax' is not one of call, text, email"),
    (Reach(MOBILE), "call", "maybe", "outcome: 'maybe' is not one of confirmed, message"),
])
def test_attempts_the_patient_or_the_way_rule_out_are_refused_by_name(reach: Reach, method: str, outcome: str,
                                                                        message: str) -> None:
    with pytest.raises(AttemptRefusedError) as refused:
        check_attempt(reach, method, outcome)
    assert str(refused.value).startswith(message)


def test_a_confirmation_is_taken_however_it_came() -> None:
    # A patient without a phone on file who rings in, or one who texts back despite "no texts".
    check_attempt(Reach(None), "call", "confirmed")
    check_attempt(Reach(MOBILE, ok_text=False), "text", "wants_change")
    check_attempt(Reach(MOBILE, ok_voicemail=True), "call", "message")


def test_a_long_note_is_refused() -> None:
    check_attempt(Reach(MOBILE), "call", "confirmed", "x" * 200)
    with pytest.raises(AttemptRefusedError, match="note: at most 200 characters"):
        check_attempt(Reach(MOBILE), "call", "confirmed", "x" * 201)
