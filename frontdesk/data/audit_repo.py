"""Writing and reading the audit trail."""

from __future__ import annotations

from frontdesk.data import models as m


def append(*, user: str, action: str, entity: str = "", entity_id: str = "",
           patient_id: int | None = None, detail: str = "") -> None:
    """Add one entry; entries are never updated or deleted."""
    m.AuditEntry.create(user=user, action=action, entity=entity, entity_id=entity_id,
                        patient_id=patient_id, detail=detail)
