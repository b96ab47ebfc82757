"""Esketamine REMS: a patient monitoring form is due within 7 days of each session that took place.

Plain rules over dates: which sessions need a form, when it is due, and how its state reads to the
desk ("due in 3 days", "overdue by 2 days", "submitted Sat 28 Nov by nurse"). The clinic sends the
form itself (the REMS programme's own site); the app only keeps track of which ones are still owed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MONITORING_FORM_DAYS = 7
ESKETAMINE = "esketamine"
# A session took place once the patient was in the chair; a booked or merely arrived one may still not.
SESSION_STARTED_FLOWS = ("in_chair", "recovery", "discharged")


def needs_form(kind: str, flow: str, outcome: str | None) -> bool:
    """An esketamine session that took place (or is taking place) needs a monitoring form;
    a cancelled one, a no-show, or one that has not started does not."""
    if kind != ESKETAMINE or outcome in ("cancelled", "no_show"):
        return False
    return outcome == "completed" or flow in SESSION_STARTED_FLOWS


def form_due(session_day: dt.date) -> dt.date:
    """The last day the form may be sent: seven days after the session's (local) day."""
    return session_day + dt.timedelta(days=MONITORING_FORM_DAYS)


@dataclass(frozen=True)
class FormState:
    """How one form stands today: the words the desk reads, and whether it is late."""

    words: str
    overdue: bool = False
    submitted: bool = False


def form_state(session_day: dt.date, today: dt.date, submitted_on: dt.date | None = None,
               submitted_by: str = "") -> FormState:
    if submitted_on is not None:
        by = f" by {submitted_by}" if submitted_by else ""
        return FormState(f"submitted {submitted_on:%a %d %b}{by}", submitted=True)
    days_left = (form_due(session_day) - today).days
    if days_left < 0:
        return FormState(f"overdue by {_days(-days_left)}", overdue=True)
    if days_left == 0:
        return FormState("due today")
    if days_left == 1:
        return FormState("due tomorrow")
    return FormState(f"due in {_days(days_left)}")


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def clean_reference(text: str) -> str:
    """The confirmation the REMS site gave, as typed (one line, at most 64 characters)."""
    reference = " ".join(text.split())
    if len(reference) > 64:
        raise ValueError("reference: at most 64 characters")
    return reference
