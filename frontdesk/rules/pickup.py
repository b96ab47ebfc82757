"""Calling the driver: a patient in recovery goes home with the driver, whom the desk rings ahead.

A ketamine patient may not drive home, so the desk calls the driver before recovery ends, early
enough for them to get there: from CALL_AHEAD before the end of recovery (at once, for a recovery
shorter than that). Each call is recorded with its outcome. "Told" (the driver knows when to come)
settles it; "No answer" or "Left a message" leave the call owed, so it stays on the list to try again.
A driver told one time and a ready time that moved since by more than RETELL_AFTER (recovery began
later than planned, or was begun again) is owed a call again: told 15:30, they would come too early
or too late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CALL_AHEAD = dt.timedelta(minutes=45)  # clinics tell drivers to come 30-60 minutes ahead; travel takes time
RETELL_AFTER = dt.timedelta(minutes=10)  # a ready time moved by more than this is told to the driver again

TOLD = "told"
OUTCOMES: dict[str, str] = {  # outcome -> the words the desk sees on buttons, the board and lists
    TOLD: "Driver told",
    "no_answer": "No answer",
    "message": "Left a message",
}
NOTE_LIMIT = 200

# Where a patient's pick-up stands, for the board's pill and the list.
NOT_YET = "not_yet"  # in recovery, but the end is further away than CALL_AHEAD
TO_CALL = "to_call"  # the call is due and nobody rang yet
TRY_AGAIN = "try_again"  # rung, not reached: still owed
SETTLED = "settled"  # the driver was told
MOVED = "moved"  # the driver was told a time that no longer holds: owed a call with the new one

STATE_WORDS = {TO_CALL: "Call driver", TRY_AGAIN: "Call driver again", SETTLED: "Driver told",
               MOVED: "Tell the driver the new time"}
# The board's pill (short: a chair column is narrow); the list says more ("call again now", the last call).
PILL_WORDS = {TO_CALL: "☎ Call driver", TRY_AGAIN: "☎ Call driver", SETTLED: "Driver told", MOVED: "☎ New time"}


class PickupCallRefusedError(ValueError):
    """A call that cannot be recorded; the message says why, without patient data."""


@dataclass(frozen=True)
class PickupCall:
    at: dt.datetime  # clinic-local
    user: str
    outcome: str
    note: str = ""
    ready_told: dt.datetime | None = None  # "told": the ready time the driver was given (None: not kept)

    @property
    def words(self) -> str:
        said = f"{OUTCOMES.get(self.outcome, self.outcome)} {self.at:%H:%M}" + (f" ({self.user})" if self.user else "")
        return said + (f", for {self.ready_told:%H:%M}" if self.outcome == TOLD and self.ready_told else "")


def standing(calls: list[PickupCall], ready_at: dt.datetime, now: dt.datetime) -> str:
    """Where the pick-up of a patient in recovery until `ready_at` stands at `now`, after `calls`. The
    last "told" decides: the driver knows the time unless it has moved since by more than RETELL_AFTER."""
    told = next((call for call in reversed(calls) if call.outcome == TOLD), None)
    if told is not None:
        if told.ready_told is None or abs(ready_at - told.ready_told) <= RETELL_AFTER:
            return SETTLED
        return MOVED
    if now < ready_at - CALL_AHEAD:  # a message left early (while the infusion ran, say) is owed no follow-up yet
        return NOT_YET
    return TRY_AGAIN if calls else TO_CALL


def owed(state: str) -> bool:
    """Whether the desk still owes this driver a call now."""
    return state in (TO_CALL, TRY_AGAIN, MOVED)


def may_call(flow: str, outcome: str | None) -> bool:
    """Whether a driver call can be recorded: the patient is in the chair or in recovery (the list
    shows recovery; a desk that rings while the infusion runs may record it too)."""
    return outcome is None and flow in ("in_chair", "recovery")


def check_call(outcome: str, note: str, *, flow: str, ended: str | None) -> str:
    """The note, cleaned, once the call may be recorded; PickupCallRefusedError otherwise."""
    if outcome not in OUTCOMES:
        raise PickupCallRefusedError(f"outcome: one of {', '.join(OUTCOMES)}, not {outcome!r}")
    if not may_call(flow, ended):
        raise PickupCallRefusedError("the patient is no longer in the chair or in recovery (discharged, perhaps at "
                                     "another desk)")
    cleaned = " ".join(note.split())
    if len(cleaned) > NOTE_LIMIT:
        raise PickupCallRefusedError(f"note: at most {NOTE_LIMIT} characters ({len(cleaned)} given)")
    return cleaned
