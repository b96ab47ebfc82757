"""The audit trail of views, changes, prints and sign-ins (DOMAIN.md "Privacy")."""

from __future__ import annotations

from frontdesk.data import audit_repo
from frontdesk.values import Actor


def record(actor: Actor, action: str, *, entity: str = "", entity_id: object = "",
           patient_id: int | None = None, detail: str = "") -> None:
    """Append one audit entry. `detail` must not carry patient names or clinical content."""
    audit_repo.append(user=actor.username, action=action, entity=entity, entity_id=str(entity_id),
                      patient_id=patient_id, detail=detail)
