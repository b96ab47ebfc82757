"""Two workstations changed one patient record: keep both where they do not clash.

The desk's form was filled from `base`; meanwhile another workstation saved `theirs`; the desk has
typed `mine`. Field by field: what only one side changed is taken from that side; what both changed
the same way is simply kept; what both changed differently is a conflict, shown with the other value
while the desk's own stays in the form (nothing they typed is dropped unseen, nor anything of theirs).
Phones and the care team merge entry by entry (a phone is known by its digits, a care-team member by
role and name): two desks adding different phones keep both; a phone one desk removed while the other
left it alone goes; only an entry both changed differently, or one changed and the other removed, is a
conflict. Two desks each making a different phone the primary one is a conflict too: the desk's stays.
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
        elif isinstance(mine_now, tuple):
            entries = _merge_entries(was, mine_now, theirs_now)
            merged[name] = entries.result
            if entries.taken:
                taken.append(name)
            if entries.clashes:
                conflicts.append(Conflict(name, "; ".join(entries.clashes)))
        else:
            conflicts.append(Conflict(name, value_words(theirs_now)))
    return MergedRecord(replace(mine, **merged), tuple(taken), tuple(conflicts))


@dataclass(frozen=True)
class _MergedEntries:
    result: tuple[Any, ...]
    taken: bool  # something of theirs came in
    clashes: tuple[str, ...]  # the other desk's side of each clash, in words


def _merge_entries(base: tuple[Any, ...], mine: tuple[Any, ...], theirs: tuple[Any, ...]) -> _MergedEntries:
    """Three-way merge of a list field, entry by entry; the desk's order first, the other desk's new
    entries after."""
    was, now, other = (_keyed(entries) for entries in (base, mine, theirs))
    result: dict[str, Any] = {}
    theirs_in: set[str] = set()
    clashes: list[str] = []
    for key in [*now, *(key for key in other if key not in now)]:
        b, m, t = was.get(key), now.get(key), other.get(key)
        if t == b or m == t:
            chosen = m
        elif m == b:
            chosen = t
            theirs_in.add(key)
        else:
            chosen = m
            clashes.append(_entry_words(t) if t is not None else f"{_entry_words(b)} removed")
        if chosen is not None:
            result[key] = chosen
    entries = list(result.values())
    if _primaries(entries) > 1:  # each desk made a different phone the primary one: the desk's stays
        entries = [replace(e, is_primary=False) if _key(e) in theirs_in and e.is_primary else e for e in entries]
        clashes += [f"{_entry_words(e)} as primary" for e in result.values()
                    if _key(e) in theirs_in and e.is_primary]
    return _MergedEntries(tuple(entries), bool(theirs_in), tuple(clashes))


def _keyed(entries: tuple[Any, ...]) -> dict[str, Any]:
    return {_key(entry): entry for entry in entries}


def _key(entry: Any) -> str:
    """What makes two entries the same one when their details differ."""
    if isinstance(entry, PhoneEntry):
        return "phone:" + entry.digits
    if isinstance(entry, CareTeamEntry):
        return f"care:{entry.role}:{entry.name.strip().casefold()}"
    return repr(entry)


def _primaries(entries: list[Any]) -> int:
    return sum(1 for entry in entries if getattr(entry, "is_primary", False))


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
        return f"{entry.display} ({entry.kind})"
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
