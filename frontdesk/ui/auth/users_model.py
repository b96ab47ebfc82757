"""Item models for the admin screens: accounts and audit entries, over rows computed once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from frontdesk.services.accounts import UserSummary
from frontdesk.services.audit import AuditRecord
from frontdesk.services.permissions import ROLE_LABELS


class _RowsTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cells: list[tuple[str, ...]] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _set_cells(self, cells: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._cells = cells
        self.endResetModel()


class UsersTableModel(_RowsTableModel):
    HEADERS = ("User name", "Name", "Role", "State")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.users: list[UserSummary] = []

    def set_users(self, users: list[UserSummary]) -> None:
        self.users = users
        self._set_cells([(u.username, u.full_name, ROLE_LABELS.get(u.role, u.role), _state(u)) for u in users])


def _state(user: UserSummary) -> str:
    if not user.active:
        return "disabled"
    return "locked out" if user.locked_until_utc else "active"


class AuditTableModel(_RowsTableModel):
    HEADERS = ("When", "User", "Action", "Record", "Patient", "Detail")

    def set_entries(self, entries: list[AuditRecord], when: list[str]) -> None:
        """`when` holds each entry's local time, formatted by the caller (which knows the clinic's zone)."""
        self._set_cells([
            (at, e.user, e.action, f"{e.entity} {e.entity_id}".strip(),
             "" if e.patient_id is None else str(e.patient_id), e.detail)
            for e, at in zip(entries, when, strict=True)
        ])
