"""What the desk may still do with an appointment, and why not, in the desk's words."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdesk.rules.day_of import why_no_next_step, why_not_open, why_not_open_at_the_desk

START = dt.datetime(2026, 12, 2, 10, 0)


@pytest.mark.parametrize(("flow", "outcome", "words"), [
    ("booked", None, None),
    ("arrived", None, "the patient has arrived"),
    ("in_chair", None, "the patient is in the chair"),
    ("recovery", None, "the patient is in recovery"),
    ("discharged", "completed", "the visit is over"),
    ("booked", "cancelled", "it is cancelled already"),
    ("booked", "no_show", "it is marked as a no-show"),
])
def test_only_a_booking_not_yet_begun_stays_open_to_moves_and_cancelling(flow: str, outcome: str | None,
                                                                         words: str | None) -> None:
    assert why_not_open(flow, outcome) == words
    at_the_desk = why_not_open_at_the_desk(flow, outcome)
    if flow in ("arrived", "in_chair", "recovery"):  # on screen, with what to do instead
        assert at_the_desk == f"{words} (if that step was recorded by mistake, undo it first; to change chair, " \
                              "drag the block to another chair)"
    else:
        assert at_the_desk == words


def test_a_next_step_is_refused_with_its_reason() -> None:
    today = START.replace(hour=9)
    assert why_no_next_step("booked", None, START, today) is None
    assert why_no_next_step("recovery", None, START, today) is None
    assert why_no_next_step("discharged", "completed", START, today) == "the visit is over"
    assert why_no_next_step("booked", "cancelled", START, today) == "it is cancelled"
    assert why_no_next_step("booked", None, START, today - dt.timedelta(days=1)) == (
        "it is on Wed 02 Dec: arrival and the steps after it are recorded on the day")
