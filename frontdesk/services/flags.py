"""Flags clinical staff must see: raised by the rules, cleared only by a clinician's review.

Every role sees THAT a flag exists and whom to tell; only roles with "clinical.view" see its detail.
The software never clears a flag and never acts on one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from frontdesk.data import attention_repo, intake_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules.flag_kinds import KIND_FOR_EVERYONE, REMS_ENROLMENT, kind_words
from frontdesk.rules.intake_records import FlagInfo, FlagRecord
from frontdesk.services import audit
from frontdesk.services.permissions import allowed, require
from frontdesk.values import Actor

__all__ = ["REMS_ENROLMENT", "FlagError", "check_esketamine_booking", "describe", "in_order", "open_flags",
           "patient_flags", "raise_flag", "rems_missing", "review"]


class FlagError(ValueError):
    """A flag action that cannot be done (unknown flag, already reviewed); names the flag id only."""


def describe(record: FlagRecord, actor: Actor | None = None) -> FlagInfo:
    """The flag as `actor` may see it: detail only for clinical roles."""
    label, urgent, tell = kind_words(record.kind)
    clinical = actor is not None and allowed(actor, "clinical.view")
    detail = record.detail if clinical else ""
    kind = record.kind if clinical else KIND_FOR_EVERYONE.get(record.kind, record.kind)
    return FlagInfo(id=record.id, patient_id=record.patient_id, kind=kind, label=label, urgent=urgent,
                    tell=tell, raised_utc=record.raised_utc, detail=detail, reviewed_by=record.reviewed_by,
                    reviewed_utc=record.reviewed_utc)


def open_flags(patient_ids: Iterable[int] | None, actor: Actor | None = None) -> dict[int, list[FlagInfo]]:
    """Unreviewed flags per patient (urgent first), for the board, the day sheet and lists.

    `patient_ids=None` means every patient. Without an actor, no clinical detail is included.
    """
    out: dict[int, list[FlagInfo]] = {}
    for record in intake_repo.open_flags(None if patient_ids is None else list(patient_ids)):
        out.setdefault(record.patient_id, []).append(describe(record, actor))
    for flags in out.values():
        flags.sort(key=lambda f: (not f.urgent, f.raised_utc, f.id))
    return out


def patient_flags(actor: Actor, patient_id: int) -> list[FlagInfo]:
    """Every flag of a patient, reviewed ones included (their review stays on record)."""
    require(actor, "flags.see_exists")
    return in_order([describe(r, actor) for r in intake_repo.flags_for_patient(patient_id)])


def in_order(found: list[FlagInfo]) -> list[FlagInfo]:
    """Open flags before reviewed ones, the urgent first, then oldest first: what needs someone now leads."""
    return sorted(found, key=lambda f: (f.reviewed_utc is not None, not f.urgent, f.raised_utc, f.id))


def review(actor: Actor, flag_id: int) -> FlagInfo:
    """A clinician marks a flag reviewed; who and when are recorded, the flag itself stays."""
    require(actor, "flags.review")
    with database_proxy.atomic():
        record = intake_repo.get_flag(flag_id)
        if record is None:
            raise FlagError(f"flag {flag_id}: no such flag")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        if not intake_repo.mark_reviewed(flag_id, actor.username, now):
            raise FlagError(f"flag {flag_id}: already reviewed")
        audit.record(actor, "flag.review", entity="flag", entity_id=flag_id, patient_id=record.patient_id,
                     detail=record.kind)
        updated = intake_repo.get_flag(flag_id)
    assert updated is not None
    return describe(updated, actor)


def raise_flag(actor: Actor, patient_id: int, kind: str, detail: str, source: str, *,
               dedupe: bool = True, once_reviewed: bool = False) -> FlagRecord | None:
    """Raise a flag inside the caller's transaction; skip when the same one is already open, and with
    `once_reviewed` also when clinical staff have reviewed the same one (the same finding on an intake
    saved again: what they looked at has not changed, so it does not come back)."""
    if dedupe:
        known = intake_repo.flags_for_patient(patient_id) if once_reviewed else intake_repo.open_flags([patient_id])
        for record in known:
            if record.kind == kind and record.detail == detail:
                return None
    record = intake_repo.add_flag(patient_id, kind, detail, source)
    audit.record(actor, "flag.raise", entity="flag", entity_id=record.id, patient_id=patient_id, detail=kind)
    return record


def rems_missing(patient_id: int) -> bool:
    """True when no esketamine REMS enrolment consent is on file for the patient."""
    return "rems" not in attention_repo.latest_consent_versions([patient_id]).get(patient_id, {})


def check_esketamine_booking(actor: Actor, patient_id: int) -> FlagInfo | None:
    """For the booking side: when booking esketamine without REMS enrolment, raise (or find) the flag.

    Returns the open REMS flag as `actor` may see it, or None when enrolment is on file. Runs in the
    caller's transaction when there is one.
    """
    require(actor, "schedule.book")
    if not rems_missing(patient_id):
        return None
    with database_proxy.atomic():
        raise_flag(actor, patient_id, REMS_ENROLMENT, "Esketamine booked without REMS enrolment on file", "booking")
        current = [r for r in intake_repo.open_flags([patient_id]) if r.kind == REMS_ENROLMENT]
    return describe(current[-1], actor) if current else None
