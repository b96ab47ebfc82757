"""When the desk rings a patient's driver, and what settles it."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdesk.rules.pickup import (
    MOVED,
    SETTLED,
    TO_CALL,
    TRY_AGAIN,
    PickupCall,
    PickupCallRefusedError,
    check_call,
    owed,
    standing,
)

READY = dt.datetime(2026, 3, 4, 15, 30)


def _call(outcome: str, minute: int = 0) -> PickupCall:
    return PickupCall(dt.datetime(2026, 3, 4, 14, minute), "desk", outcome)


def test_a_call_falls_due_45_minutes_before_the_end_of_recovery() -> None:
    assert standing([], READY, dt.datetime(2026, 3, 4, 14, 44)) == "not_yet"
    assert standing([], READY, dt.datetime(2026, 3, 4, 14, 45)) == TO_CALL
    assert standing([], READY, READY + dt.timedelta(minutes=10)) == TO_CALL  # late is still owed
    assert owed(TO_CALL) and not owed("not_yet")


def test_a_message_left_early_is_followed_up_only_once_the_call_is_due() -> None:
    early = [PickupCall(dt.datetime(2026, 3, 4, 13, 30), "desk", "message")]  # while the infusion ran
    assert standing(early, READY, dt.datetime(2026, 3, 4, 14, 0)) == "not_yet"
    assert standing(early, READY, dt.datetime(2026, 3, 4, 14, 45)) == TRY_AGAIN


def test_only_a_driver_told_settles_it() -> None:
    assert standing([_call("no_answer")], READY, READY) == TRY_AGAIN and owed(TRY_AGAIN)
    assert standing([_call("message"), _call("told", 10)], READY, READY) == SETTLED and not owed(SETTLED)
    assert standing([_call("told"), _call("no_answer", 20)], READY, READY) == SETTLED  # told stays told
    assert _call("message", 5).words == "Left a message 14:05 (desk)"


def test_a_call_is_refused_unless_the_patient_is_being_treated_or_recovering() -> None:
    assert check_call("told", "  parking   outside ", flow="recovery", ended=None) == "parking outside"
    assert check_call("no_answer", "", flow="in_chair", ended=None) == ""
    for flow, ended in (("booked", None), ("arrived", None), ("recovery", "completed")):
        with pytest.raises(PickupCallRefusedError, match="no longer in the chair or in recovery"):
            check_call("told", "", flow=flow, ended=ended)
    with pytest.raises(PickupCallRefusedError, match="outcome: one of told, no_answer, message, not 'maybe'"):
        check_call("maybe", "", flow="recovery", ended=None)
    with pytest.raises(PickupCallRefusedError, match=r"note: at most 200 characters \(201 given\)"):
        check_call("told", "x" * 201, flow="recovery", ended=None)


def test_a_driver_told_a_time_that_has_moved_since_is_owed_a_call_with_the_new_one() -> None:
    def told(ready: dt.datetime, minute: int = 0) -> PickupCall:
        return PickupCall(dt.datetime(2026, 3, 4, 14, minute), "desk", "told", ready_told=ready)

    assert told(READY).words == "Driver told 14:00 (desk), for 15:30"
    assert standing([told(READY)], READY + dt.timedelta(minutes=10), READY) == SETTLED  # ten minutes: as told
    later = READY + dt.timedelta(minutes=25)  # recovery began 25 minutes late
    assert standing([told(READY)], later, READY) == MOVED and owed(MOVED)
    assert standing([told(READY)], READY - dt.timedelta(minutes=15), READY) == MOVED  # earlier: they would wait
    assert standing([told(READY), told(later, 20)], later, READY) == SETTLED  # the last told time counts
    assert standing([told(READY), _call("no_answer", 20)], later, READY) == MOVED  # not reached with the new time
    assert standing([_call("told")], later, READY) == SETTLED  # a call kept no time (recorded before): settled
