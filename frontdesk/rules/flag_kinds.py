"""The kinds of flag clinical staff must see, and what every role may read about each.

Plain strings and one table, so that the board can show a flag's label without loading the intake
area's records and rules.
"""

from __future__ import annotations

URGENT_SELF_HARM = "urgent_self_harm"  # PHQ-9 item 9 answered above 0
CLINICIAN_REVIEW = "clinician_review"  # an intake screening answer the clinician must see
DISCUSS_MEDICATIONS = "discuss_medications"  # medications to talk over before treatment
REMS_ENROLMENT = "rems_enrolment"  # esketamine booked without REMS enrolment on file

# kind -> (label every role may read, urgent, whom to tell)
KINDS: dict[str, tuple[str, bool, str]] = {
    URGENT_SELF_HARM: ("Urgent: clinician review", True, "Tell the clinician on duty now"),
    CLINICIAN_REVIEW: ("Clinician review before treatment", False, "Tell the treating clinician before treatment"),
    DISCUSS_MEDICATIONS: ("Discuss medications", False, "Tell the clinician before treatment"),
    REMS_ENROLMENT: ("REMS enrolment not on file", False, "Tell the prescriber before the session"),
}


# The kind's name as a reader without clinical access gets it (in a list's JSON, say): a name that says
# why the flag was raised is clinical detail too.
KIND_FOR_EVERYONE = {URGENT_SELF_HARM: "urgent_clinician_review"}

URGENT_KINDS = tuple(kind for kind, (_, urgent, _) in KINDS.items() if urgent)


def kind_words(kind: str) -> tuple[str, bool, str]:
    """(label, urgent, whom to tell) of a flag kind; a kind this build does not know reads as its name."""
    known = KINDS.get(kind)  # not .get(kind, default): the default's words would be made for every flag
    return known if known is not None else (kind.replace("_", " ").capitalize(), False, "Tell the clinician")


def listed_label(label: str, urgent: bool) -> str:
    """A flag's label as lists show it: an urgent one says so once, in words as well as colour
    ("Urgent: clinician review", never "URGENT Urgent: clinician review")."""
    return f"Urgent: {label}" if urgent and not label.casefold().startswith("urgent") else label
