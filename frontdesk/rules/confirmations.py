"""Confirmation calls: the desk reaches each patient a day or two ahead to confirm the booking.

Plain rules, no database: which ways of reaching a patient their wishes allow (the desk must honour a
"no texts" or "no voicemail"), which attempt outcomes make sense for a way, and where a booking stands
after its attempts. An attempt counts only for the start time it confirmed: a booking moved afterwards
is to be confirmed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line's parser reads the names below without loading phone rules
    from frontdesk.rules.contact_card import Reach

METHODS = {"call": "Phone call", "text": "Text message", "email": "Email"}
OUTCOMES = {
    "confirmed": "Confirmed",
    "message": "Left a message",
    "no_answer": "No answer",
    "wrong_number": "Wrong number",
    "wants_change": "Wants another time",
}
# The outcomes each way can have: a text or an email is not "answered" while the desk waits.
OUTCOMES_BY_METHOD = {
    "call": ("confirmed", "message", "no_answer", "wrong_number", "wants_change"),
    "text": ("confirmed", "message", "wrong_number", "wants_change"),
    "email": ("confirmed", "message", "wants_change"),
}
NOTE_LIMIT = 200
TO_CALL = "to call"


class AttemptRefusedError(ValueError):
    """An attempt the patient's wishes or the way itself rule out; the message names no patient."""


@dataclass(frozen=True)
class Attempt:
    """One try at reaching the patient about one booking."""

    at: dt.datetime  # clinic-local
    user: str
    method: str
    outcome: str
    for_start: dt.datetime  # the booked start (clinic-local) the attempt was about
    note: str = ""

    @property
    def words(self) -> str:
        """"Phone call: left a message (desk1, Thu 26 Nov 14:02)"."""
        note = f" · {self.note}" if self.note else ""
        return (f"{METHODS[self.method]}: {OUTCOMES[self.outcome].lower()} "
                f"({self.user}, {self.at:%a %d %b %H:%M}){note}")


@dataclass(frozen=True)
class Standing:
    """Where a booking stands: its state in a word or two, and whether the desk has more to do."""

    state: str  # "confirmed", "wants_change", "wrong_number", "message", "no_answer" or TO_CALL
    tries: int  # attempts about the current start time
    last: Attempt | None
    deciding: Attempt | None = None  # the attempt the state comes from (the patient's answer, if any)

    @property
    def confirmed(self) -> bool:
        return self.state == "confirmed"

    @property
    def needs_desk(self) -> bool:
        """The patient asked for another time, or the number is wrong: a person must act, not redial."""
        return self.state in ("wants_change", "wrong_number")

    @property
    def awaits_desk(self) -> bool:
        """Nobody has tried yet, or a person must act: a call the desk still owes (a try without an
        answer waits for the patient to call back)."""
        return self.state == TO_CALL or self.needs_desk

    @property
    def words(self) -> str:
        """"Confirmed", "No answer · 2 tries", "To call"."""
        if self.state == TO_CALL:
            return "To call"
        words = OUTCOMES[self.state]
        unanswered = self.state in ("message", "no_answer")  # how often the desk tried is worth knowing
        return f"{words} · {self.tries} tries" if self.tries > 1 and unanswered else words


DECISIVE = ("confirmed", "wants_change")  # the patient's own answer: a later unanswered call does not undo it


def standing(attempts: list[Attempt], start: dt.datetime) -> Standing:
    """Where the booking starting at `start` stands after `attempts` (any order).

    Only attempts about that start count: a booking moved since is to be confirmed again. The patient's
    latest answer (confirmed, or wants another time) decides; without one, the latest attempt does."""
    current = sorted((a for a in attempts if a.for_start == start), key=lambda a: a.at)
    if not current:
        return Standing(TO_CALL, 0, None)
    deciding = ([a for a in current if a.outcome in DECISIVE] or current)[-1]
    return Standing(deciding.outcome, len(current), current[-1], deciding)


def usable_methods(reach: Reach) -> tuple[str, ...]:
    """The ways the desk may reach this patient, the one they prefer first."""
    usable = []
    if reach.phone is not None:
        usable.append("call")
        if reach.ok_text:
            usable.append("text")
    if reach.email:
        usable.append("email")
    preferred = {"phone": "call"}.get(reach.preferred_contact, reach.preferred_contact)
    return tuple(sorted(usable, key=lambda method: method != preferred))


def check_attempt(reach: Reach, method: str, outcome: str, note: str = "") -> None:
    """Refuse an attempt its way cannot have, or one the patient asked the desk not to make.

    A confirmation or a wish for another time is taken however it came (a patient may call in
    themselves); reaching out by a way the patient refused, or leaving a voicemail they said no to,
    is not."""
    if method not in METHODS:
        raise AttemptRefusedError(f"way: {method!r} is not one of {', '.join(METHODS)}")
    if outcome not in OUTCOMES:
        raise AttemptRefusedError(f"outcome: {outcome!r} is not one of {', '.join(OUTCOMES)}")
    if outcome not in OUTCOMES_BY_METHOD[method]:
        raise AttemptRefusedError(f"outcome: {OUTCOMES[outcome].lower()!r} does not apply to "
                             f"{METHODS[method].lower()}s")
    if len(note) > NOTE_LIMIT:
        raise AttemptRefusedError(f"note: at most {NOTE_LIMIT} characters")
    if outcome in ("confirmed", "wants_change"):
        return
    if method == "text" and not reach.ok_text:
        raise AttemptRefusedError("text message: the patient asked not to be texted")
    if method == "email" and not reach.email:
        raise AttemptRefusedError("email: no email address on file")
    if method in ("call", "text") and reach.phone is None:
        raise AttemptRefusedError(f"{METHODS[method].lower()}: no phone on file")
    if method == "call" and outcome == "message" and not reach.ok_voicemail:
        raise AttemptRefusedError("left a message: the patient asked for no voicemail")


def written_reminder_refusal(reach: Reach) -> str | None:
    """Why a written reminder (a text or an email) may not go to this patient, or None: they take
    neither texts (with a phone to send them to) nor email."""
    if (reach.ok_text and reach.phone is not None) or reach.email:
        return None
    return "the patient takes no texts and has no email on file: call instead"


def clean_note(note: str) -> str:
    """One line: what the desk typed, its line breaks as spaces."""
    return " ".join(note.split())


__all__ = ["DECISIVE", "METHODS", "NOTE_LIMIT", "OUTCOMES", "OUTCOMES_BY_METHOD", "TO_CALL", "Attempt",
           "AttemptRefusedError", "Standing", "check_attempt", "clean_note", "standing", "usable_methods",
           "written_reminder_refusal"]
