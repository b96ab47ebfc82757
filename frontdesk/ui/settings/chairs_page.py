"""Chairs: add, rename, reorder, take out of service (bookings already there stay)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from frontdesk.services import booking, clinic_settings
from frontdesk.values import Actor


class ChairsPage(QWidget):
    """Chairs: add, rename, reorder, take out of service (bookings already there stay)."""

    reported = Signal(str)  # "✔ …" after a change, "✖ …" when refused

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.chair_list = QListWidget(objectName="settingsChairs")
        self.chair_list.setAccessibleName("Chairs")
        buttons = QHBoxLayout()
        for label, handler in (("&Add…", self._add_chair), ("&Rename…", self._rename_chair),
                               ("Move &up", lambda: self._move_chair(-1)), ("Move &down", lambda: self._move_chair(1)),
                               ("In/out of ser&vice", self._toggle_chair)):
            button = QPushButton(label)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        layout = QVBoxLayout()
        layout.addWidget(self.chair_list)
        layout.addLayout(buttons)
        self._fill_chairs()
        self.setLayout(layout)

    def _fill_chairs(self, select: int | None = None) -> None:
        self.chair_list.clear()
        for chair in booking.chairs():
            item = QListWidgetItem(chair.name + ("" if chair.in_service else " (out of service)"))
            item.setData(Qt.ItemDataRole.UserRole, chair.id)
            self.chair_list.addItem(item)
            if chair.id == select:
                self.chair_list.setCurrentItem(item)

    def _chair_id(self) -> int | None:
        item = self.chair_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _run(self, action: object, select: int | None = None) -> None:
        try:
            action()  # type: ignore[operator]
        except (ValueError, PermissionError) as exc:
            self.reported.emit(f"✖ {exc}")
            return
        self.reported.emit("✔ Saved")
        self._fill_chairs(select)

    def add_chair(self, name: str) -> None:
        self._run(lambda: clinic_settings.add_chair(name, self._actor))

    def rename_chair(self, chair_id: int, name: str) -> None:
        self._run(lambda: clinic_settings.rename_chair(chair_id, name, self._actor), chair_id)

    def _add_chair(self) -> None:
        name, ok = QInputDialog.getText(self, "Add chair", "Name of the new chair:")
        if ok:
            self.add_chair(name)

    def _rename_chair(self) -> None:
        chair_id = self._chair_id()
        if chair_id is None:
            return
        current = next((c.name for c in booking.chairs() if c.id == chair_id), "")  # the name, not the list's words
        name, ok = QInputDialog.getText(self, "Rename chair", "New name:", text=current)
        if ok:
            self.rename_chair(chair_id, name)

    def _move_chair(self, step: int) -> None:
        chair_id = self._chair_id()
        ids = [c.id for c in booking.chairs()]
        if chair_id is None:
            return
        index = ids.index(chair_id)
        target = index + step
        if 0 <= target < len(ids):
            ids[index], ids[target] = ids[target], ids[index]
            self._run(lambda: clinic_settings.reorder_chairs(ids, self._actor), chair_id)

    def _toggle_chair(self) -> None:
        chair_id = self._chair_id()
        chair = next((c for c in booking.chairs() if c.id == chair_id), None)
        if chair is not None:
            self._run(lambda: clinic_settings.set_chair_in_service(chair.id, not chair.in_service, self._actor),
                      chair.id)
