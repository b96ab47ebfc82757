"""The audit trail of views, changes, prints and sign-ins (DOMAIN.md "Privacy").

Action names are "<area>.<verb>", e.g. "signin.success", "patient.view", "appointment.cancel",
"print.handout", "user.role". `detail` is for codes and ids only: never a patient name or clinical
content. Every write of another service records its entry inside its own transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontdesk.data import audit_repo
from frontdesk.data.audit_repo import AuditRecord, ChainCheck, ChainReport
from frontdesk.services import permissions
from frontdesk.values import Actor

__all__ = ["AuditFilter", "AuditRecord", "ChainCheck", "ChainReport", "chain_check", "entries", "record",
           "verify_chain"]


@dataclass(frozen=True)
class AuditFilter:
    """What the audit viewer and `frontdesk audit` filter by (None: no filter); dates are UTC instants."""

    user: str | None = None
    patient_id: int | None = None
    since_utc: dt.datetime | None = None
    until_utc: dt.datetime | None = None
    action: str | None = None
    limit: int | None = None


def record(actor: Actor, action: str, *, entity: str = "", entity_id: object = "",
           patient_id: int | None = None, detail: str = "") -> None:
    """Append one audit entry. `detail` must not carry patient names or clinical content."""
    audit_repo.append(user=actor.username, action=action, entity=entity,
                      entity_id="" if entity_id is None else str(entity_id),
                      patient_id=patient_id, detail=detail)


def entries(actor: Actor, filters: AuditFilter | None = None, *, log_view: bool = True) -> list[AuditRecord]:
    """The trail as an admin reads it; reading it is itself recorded."""
    permissions.require(actor, "audit.view")
    f = filters or AuditFilter()
    rows = audit_repo.search(user=f.user, patient_id=f.patient_id, since_utc=f.since_utc, until_utc=f.until_utc,
                             action=f.action, limit=f.limit)
    if log_view:
        record(actor, "audit.view", entity="audit", patient_id=f.patient_id)
    return rows


def users_in_trail(actor: Actor) -> list[str]:
    permissions.require(actor, "audit.view")
    return audit_repo.users_in_trail()


def verify_chain() -> ChainReport:
    """Whether every entry still matches its hash and links to the one before it."""
    return audit_repo.verify_chain()


def chain_check(actor: Actor) -> ChainCheck:
    """verify_chain a run of entries at a time (`step()`), for a screen that shows the trail meanwhile."""
    permissions.require(actor, "audit.view")
    return audit_repo.ChainCheck()
