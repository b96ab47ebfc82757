"""Two workstations changed one patient record: keep both where they do not clash.

The desk's form was filled from `base`; meanwhile another workstation saved `theirs`; the desk has
typed `mine`. Field by field: what only one side changed is taken from that side; what both changed
the same way is simply kept; what both changed differently is a conflict, shown with the other value
while the desk's own stays in the form (nothing they typed is dropped unseen, nor anything of theirs).
Phones and the care team count as one field each: their entries belong together.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from frontdesk.rules.contact import CareTeamEntry, PatientDetails, PhoneEntry

# What the desk calls each field in a sentence ("Both of you changed the driver's phone").
FIELD_WORDS = {
    "legal_first": "legal first name", "legal_last": "legal last name", "date_of_birth": "date of birth",
    "chart_number": "chart number", "preferred_name": "preferred name", "sex": "sex", "pronouns": "pronouns",
    "language": "language", "interpreter_needed": "interpreter", "phones": "phone numbers", "email": "email",
    "address_line1": "street", "address_line2": "apt / suite", "city": "city", "state": "state",
    "postal_code": "ZIP", "preferred_contact": "preferred contact", "ok_voicemail": "voicemail",
    "ok_text": "texts", "contact_restriction": "contact restriction", "alternate_contact": "alternate contact",
    "emergency_name": "emergency contact's name", "emergency_relationship": "emergency contact's relationship",
    "emergency_phone": "emergency contact's phone", "driver_name": "driver's name",
    "driver_relationship": "driver's relationship", "driver_phone": "driver's phone", "care_team": "care team",
    "desk_notes": "desk notes",
}
MERGED_FIELDS = tuple(f.name for f in fields(PatientDetails) if f.name in FIELD_WORDS)


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed differently: the form keeps the desk's, this is the other one."""

    field: str
    theirs: str  # as the desk reads it


@dataclass(frozen=True)
class MergedRecord:
    details: PatientDetails
    taken: tuple[str, ...]  # fields changed only elsewhere, now in the form
    conflicts: tuple[Conflict, ...]


def merge_changes(base: PatientDetails, mine: PatientDetails, theirs: PatientDetails) -> MergedRecord:
    merged: dict[str, Any] = {}
    taken: list[str] = []
    conflicts: list[Conflict] = []
    for name in MERGED_FIELDS:
        was, mine_now, theirs_now = (getattr(d, name) for d in (base, mine, theirs))
        if theirs_now in (was, mine_now):
            continue  # unchanged elsewhere, or changed the same way: the form's value stands
        if mine_now == was:
            merged[name] = theirs_now
            taken.append(name)
        else:
            conflicts.append(Conflict(name, value_words(theirs_now)))
    return MergedRecord(replace(mine, **merged), tuple(taken), tuple(conflicts))


def value_words(value: object) -> str:
    """A field's value as the desk reads it in a sentence."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(_entry_words(entry) for entry in value) or "none"
    text = str(value or "").strip()
    return text or "empty"


def _entry_words(entry: object) -> str:
    if isinstance(entry, PhoneEntry):
        extension = f" ext. {entry.extension}" if entry.extension else ""
        return f"{entry.number}{extension} ({entry.kind})"
    if isinstance(entry, CareTeamEntry):
        return entry.name
    return str(entry)


def merge_summary(merged: MergedRecord) -> str:
    """The sentence the record shows after taking in another workstation's save."""
    parts = ["Someone saved this record on another workstation while you had it open."]
    if merged.taken:
        parts.append(f"Their changes are now in the form ({_listed(merged.taken)}); yours are kept.")
    else:
        parts.append("Yours are kept.")
    if merged.conflicts:
        parts.append(f"Both of you changed the {_listed([c.field for c in merged.conflicts])}: yours are "
                     "shown, theirs beside each.")
    parts.append("Check, then Save again.")
    return " ".join(parts)


def _listed(names: list[str] | tuple[str, ...]) -> str:
    words = [FIELD_WORDS[name] for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
