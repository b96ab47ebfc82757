"""The day-of steps of an appointment: which comes next, which can be taken back, and when a step may be
recorded at all.

Booked → arrived → in chair → recovery → discharged (completed), or a no-show. A step pressed on the
wrong block is taken back by the desk, not left on the record: the appointment returns to the step
before, and the event log keeps both the step and its taking back (an "undone:<step>" event), so the
board's time stamps drop the undone one. Plain Python: the board's side pane asks it before Qt paints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

NEXT_STEP = {"booked": "arrived", "arrived": "in_chair", "in_chair": "recovery", "recovery": "discharged"}
PREVIOUS_STEP = {step: before for before, step in NEXT_STEP.items()}
NO_SHOW = "no_show"
CANCELLED = "cancelled"  # taken back like a step: a cancellation pressed on the wrong appointment
RELEASED = (NO_SHOW, CANCELLED)  # outcomes that gave the chair up: taken back only while it is still free
UNDONE = "undone:"  # event kind prefix: "undone:arrived" takes back the last "arrived"
UNDER_WAY = ("arrived", "in_chair", "recovery")  # the patient is here


def is_under_way(flow: str, outcome: str | None) -> bool:
    """The patient is here: arrived, in the chair or in recovery (not yet discharged)."""
    return outcome is None and flow in UNDER_WAY


STEP_WORDS = {"arrived": "has arrived", "in_chair": "is in the chair", "recovery": "is in recovery",
              "discharged": "is discharged"}  # "Ana Núñez is in the chair"
_HERE_WORDS = {step: STEP_WORDS[step] for step in UNDER_WAY}


def why_not_open(flow: str, outcome: str | None) -> str | None:
    """Why an appointment can no longer be moved, cancelled or marked a no-show, in the desk's words
    ("the patient is in the chair: …"); None for a booking not yet started, which can."""
    if outcome == CANCELLED:
        return "it is cancelled already"
    if outcome == NO_SHOW:
        return "it is marked as a no-show"
    if outcome is not None or flow not in NEXT_STEP:
        return "the visit is over"
    if flow in _HERE_WORDS:
        return f"the patient {_HERE_WORDS[flow]}"
    return None


# What the desk can do instead, for a visit under way (said beside why_not_open's reason on screen).
UNDER_WAY_ADVICE = ("if that step was recorded by mistake, undo it first; to change chair, drag the block to "
                    "another chair")


def why_not_open_at_the_desk(flow: str, outcome: str | None) -> str | None:
    """why_not_open, with what to do instead for a visit under way (for the status bar)."""
    why = why_not_open(flow, outcome)
    return f"{why} ({UNDER_WAY_ADVICE})" if why and is_under_way(flow, outcome) else why


def why_no_next_step(flow: str, outcome: str | None, start: dt.datetime, now: dt.datetime) -> str | None:
    """Why no day-of step can be recorded now, in the desk's words; None when the next one can."""
    if outcome == CANCELLED:
        return "it is cancelled"
    if outcome == NO_SHOW:
        return "it is marked as a no-show"
    if next_step(flow, outcome) is None:
        return "the visit is over"  # after "No step to record for …: " (it said "…: nothing is left to record")
    return too_early_for_steps(start, now)


def next_step(flow: str, outcome: str | None) -> str | None:
    """The step the desk records next, None when the appointment has ended (or was cancelled)."""
    return NEXT_STEP.get(flow) if outcome is None else None


def step_to_undo(flow: str, outcome: str | None) -> str | None:
    """The last step recorded, which the desk may take back: a flow step, "no_show" or "cancelled";
    None for a booking not yet started."""
    if outcome in RELEASED:
        return outcome
    if outcome not in (None, "completed"):
        return None
    return flow if flow in PREVIOUS_STEP else None


def too_early_for_steps(start: dt.datetime, now: dt.datetime) -> str | None:
    """Why no day-of step can be recorded yet (the appointment is on a later day), or None."""
    if start.date() > now.date():
        return f"it is on {start:%a %d %b}: arrival and the steps after it are recorded on the day"
    return None


def too_early_for_no_show(start: dt.datetime, now: dt.datetime) -> str | None:
    """Why it cannot be a no-show yet (its start time has not come), or None."""
    if now >= start:
        return None
    when = f"{start:%H:%M}" if start.date() == now.date() else f"{start:%a %d %b %H:%M}"
    return (f"it starts at {when}: it is not a no-show before then (a patient who calls to say they "
            "will not come is a cancellation)")


UNDO_DAYS = 1  # a step is taken back on the appointment's day or the next (a slip noticed next morning)


def too_late_to_undo(start: dt.datetime, now: dt.datetime) -> str | None:
    """Why a step of this appointment is no longer taken back at the desk (its day is more than a day
    past: the record stands, and an admin corrects it), or None."""
    if (now.date() - start.date()).days <= UNDO_DAYS:
        return None
    return (f"it was on {start:%a %d %b}: a step is taken back on the appointment's day or the day after; "
            "later, an admin corrects the record")


def undone_event(step: str) -> str:
    return UNDONE + step


def drop_undone(events: Sequence[T], kind: Callable[[T], str]) -> list[T]:
    """The flow steps of one appointment's event log (in order) still standing: each "undone:<step>"
    takes back the latest standing <step> before it, and goes itself."""
    standing: list[T] = []
    for event in events:
        name = kind(event)
        if not name.startswith(UNDONE):
            standing.append(event)
            continue
        undone = name[len(UNDONE):]
        for index in range(len(standing) - 1, -1, -1):
            if kind(standing[index]) == undone:
                del standing[index]
                break
    return standing
