"""Item models for the admin screens: accounts and audit entries, over rows computed once."""

from __future__ import annotations

from frontdesk.services.accounts import UserSummary
from frontdesk.services.audit import AuditRecord
from frontdesk.services.permissions import ROLE_LABELS
from frontdesk.ui.rows_model import RowsTableModel


class UsersTableModel(RowsTableModel[UserSummary]):
    HEADERS = ("User name", "Name", "Role", "State")

    def set_users(self, users: list[UserSummary]) -> None:
        self._set_rows(users, [(u.username, u.full_name, ROLE_LABELS.get(u.role, u.role), _state(u)) for u in users])


def _state(user: UserSummary) -> str:
    if not user.active:
        return "disabled"
    return "locked out" if user.is_locked() else "active"


class AuditTableModel(RowsTableModel[AuditRecord]):
    HEADERS = ("When", "User", "Action", "Record", "Patient", "Detail")

    def set_entries(self, entries: list[AuditRecord], when: list[str]) -> None:
        """`when` holds each entry's local time, formatted by the caller (which knows the clinic's zone)."""
        self._set_rows(entries, [
            (at, e.user, e.action, f"{e.entity} {e.entity_id}".strip(),
             "" if e.patient_id is None else str(e.patient_id), e.detail)
            for e, at in zip(entries, when, strict=True)
        ])
