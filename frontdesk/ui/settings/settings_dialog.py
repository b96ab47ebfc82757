"""Clinic settings: profile, opening hours, schedule limits, chairs and appointment types."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.clock import now_local
from frontdesk.services import booking, clinic_settings
from frontdesk.settings import WEEKDAYS, ClinicProfile
from frontdesk.values import SYSTEM_ACTOR, Actor, AppointmentType

COMMON_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "UTC")
TYPE_COLUMNS = ("Type", "Prep", "Treatment", "Recovery", "Turnover", "Chair time")
TYPE_SPINS = (("prep_minutes", "Prep (min)", 0, 600), ("treatment_minutes", "Treatment (min)", 1, 600),
              ("recovery_minutes", "Recovery (min)", 0, 600), ("turnover_minutes", "Turnover (min)", 0, 600),
              ("food_cutoff_minutes", "No food before (min, 0 = none)", 0, 1440),
              ("liquid_cutoff_minutes", "Clear liquids until (min before, 0 = none)", 0, 1440),
              ("series_default_count", "Series sessions", 1, 40), ("series_min_days", "Days between sessions", 1, 60))


def _spin(name: str, low: int, high: int, value: int = 0) -> QSpinBox:
    box = QSpinBox(minimum=low, maximum=high, value=value)
    box.setObjectName(name)
    box.setAccessibleName(name)
    return box


class HoursEditor(QWidget):
    """Seven rows: open or closed, and from–to, for one weekday map (opening or prescriber hours)."""

    def __init__(self, name: str, hours: dict[int, tuple[str, str] | None]) -> None:
        super().__init__()
        self.setObjectName(name)
        grid = QGridLayout(self)
        self.rows: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for day, label in enumerate(WEEKDAYS):
            span = hours.get(day)
            open_box = QCheckBox(label)
            opens = QTimeEdit(QTime.fromString(span[0] if span else "08:00", "HH:mm"))
            closes = QTimeEdit(QTime.fromString(span[1] if span else "18:00", "HH:mm"))
            for edit in (opens, closes):
                edit.setDisplayFormat("HH:mm")
            open_box.setChecked(span is not None)
            open_box.toggled.connect(opens.setEnabled)
            open_box.toggled.connect(closes.setEnabled)
            opens.setEnabled(span is not None)
            closes.setEnabled(span is not None)
            for column, widget in enumerate((open_box, opens, QLabel("to"), closes)):
                grid.addWidget(widget, day, column)
            self.rows.append((open_box, opens, closes))

    def hours(self) -> dict[int, tuple[str, str] | None]:
        return {day: (opens.time().toString("HH:mm"), closes.time().toString("HH:mm")) if box.isChecked() else None
                for day, (box, opens, closes) in enumerate(self.rows)}


class SettingsDialog(QDialog):
    """Edits take effect when saved; changing a type's times never moves existing bookings."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Clinic settings")
        self._actor = actor
        self.changed = False
        self.profile = clinic_settings.profile()
        self.tabs = QTabWidget(objectName="settingsTabs")
        self.tabs.addTab(self._clinic_tab(), "&Clinic")
        self.tabs.addTab(self._hours_tab(), "&Hours")
        self.tabs.addTab(self._schedule_tab(), "&Schedule")
        self.tabs.addTab(self._chairs_tab(), "C&hairs")
        self.tabs.addTab(self._types_tab(), "&Types")
        self.tabs.addTab(self._blocks_tab(), "&Blocks")
        self.status = QLabel(objectName="settingsStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save clinic, hours and schedule")
        self.save_button.setObjectName("settingsSave")
        buttons.accepted.connect(self.save_profile)
        buttons.rejected.connect(self._close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 560)

    @classmethod
    def ask(cls, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR) -> bool:
        """Show the settings; True when anything was saved (the caller reloads the board)."""
        dialog = cls(actor, parent)
        dialog.exec()
        return dialog.changed

    def _close(self) -> None:
        self.done(QDialog.DialogCode.Accepted if self.changed else QDialog.DialogCode.Rejected)

    # --- clinic, hours, schedule ------------------------------------------------------------------------

    def _clinic_tab(self) -> QWidget:
        p = self.profile
        self.name_edit = QLineEdit(p.name, objectName="settingsName")
        self.address_edit = QPlainTextEdit("\n".join(p.address_lines), objectName="settingsAddress")
        self.address_edit.setMaximumHeight(70)
        self.phone_edit = QLineEdit(p.phone, objectName="settingsPhone")
        self.after_hours_edit = QLineEdit(p.after_hours_phone, objectName="settingsAfterHours")
        self.email_edit = QLineEdit(p.email, objectName="settingsEmail")
        self.zone_box = QComboBox(objectName="settingsTimeZone", editable=True)
        self.zone_box.addItems(sorted({*COMMON_ZONES, p.timezone}))
        self.zone_box.setCurrentText(p.timezone)
        form = QFormLayout()
        for label, widget in (("Clinic &name", self.name_edit), ("&Address", self.address_edit),
                              ("&Phone", self.phone_edit), ("After-hours phone", self.after_hours_edit),
                              ("&Email", self.email_edit), ("Time &zone", self.zone_box)):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))
        return _page(form)

    def _hours_tab(self) -> QWidget:
        self.hours_editor = HoursEditor("settingsHours", self.profile.hours)
        self.prescriber_editor = HoursEditor("settingsPrescriberHours", self.profile.prescriber_hours)
        layout = QVBoxLayout()
        layout.addWidget(QLabel("Opening hours"))
        layout.addWidget(self.hours_editor)
        layout.addWidget(QLabel("Prescriber on site (esketamine needs one for the whole block)"))
        layout.addWidget(self.prescriber_editor)
        return _page(layout)

    def _schedule_tab(self) -> QWidget:
        p = self.profile
        self.slot_box = QComboBox(objectName="settingsSlot")
        for minutes in clinic_settings.SLOT_SIZES:
            self.slot_box.addItem(f"{minutes} minutes", minutes)
        self.slot_box.setCurrentIndex(max(0, self.slot_box.findData(p.slot_minutes)))
        self.lead_spin = _spin("settingsArrivalLead", 0, 120, p.arrival_lead_minutes)
        self.starts_spin = _spin("settingsMaxStarts", 0, 20, p.max_starts_per_slot)
        self.capacity_spin = _spin("settingsNurseCapacity", 0, 20, p.nurse_capacity)
        self.nurses_spin = _spin("settingsNurses", 1, 20, p.nurses_on_duty)
        self.booster_spin = _spin("settingsBoosterDays", 1, 365, p.booster_interval_days)
        form = QFormLayout()
        form.addRow("Slot &size", self.slot_box)
        form.addRow("&Arrive before start (min)", self.lead_spin)
        form.addRow("Most infusion starts per slot (0 = no limit)", self.starts_spin)
        form.addRow("Patients one nurse monitors", self.capacity_spin)
        form.addRow("Nurses on duty", self.nurses_spin)
        form.addRow("&Booster due after (days)", self.booster_spin)
        return _page(form)

    def edited_profile(self) -> ClinicProfile:
        lines = tuple(line.strip() for line in self.address_edit.toPlainText().splitlines() if line.strip())
        return replace(
            self.profile, name=self.name_edit.text().strip(), address_lines=lines, phone=self.phone_edit.text().strip(),
            after_hours_phone=self.after_hours_edit.text().strip(), email=self.email_edit.text().strip(),
            timezone=self.zone_box.currentText().strip(), hours=self.hours_editor.hours(),
            prescriber_hours=self.prescriber_editor.hours(), slot_minutes=int(self.slot_box.currentData()),
            arrival_lead_minutes=self.lead_spin.value(), max_starts_per_slot=self.starts_spin.value(),
            nurse_capacity=self.capacity_spin.value(), nurses_on_duty=self.nurses_spin.value(),
            booster_interval_days=self.booster_spin.value())

    def save_profile(self) -> None:
        try:
            new = self.edited_profile()
            clinic_settings.save_profile(new, self._actor)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.profile = new
        self.changed = True
        self.status.setText("✔ Saved")

    # --- chairs -------------------------------------------------------------------------------------------

    def _chairs_tab(self) -> QWidget:
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
        return _page(layout)

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
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.status.setText("✔ Saved")
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
        name, ok = QInputDialog.getText(self, "Rename chair", "New name:", text=self.chair_list.currentItem().text())
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

    # --- appointment types ---------------------------------------------------------------------------------

    def _types_tab(self) -> QWidget:
        self.type_table = QTableWidget(0, len(TYPE_COLUMNS), objectName="settingsTypes")
        self.type_table.setAccessibleName("Appointment types")
        self.type_table.setHorizontalHeaderLabels(TYPE_COLUMNS)
        self.type_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.type_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.type_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.type_table.currentCellChanged.connect(lambda row, *_: self._show_type(row))
        self.type_name = QLineEdit(objectName="typeName")
        self.type_name.setAccessibleName("Type name")
        self.type_spins = {key: _spin(f"type_{key}", low, high) for key, _, low, high in TYPE_SPINS}
        self.type_chair = QCheckBox("Needs a chair", objectName="typeNeedsChair")
        self.type_colour = QLineEdit(objectName="typeColour")
        self.type_colour.setAccessibleName("Colour")
        save = QPushButton("Save &type", objectName="typeSave")
        save.clicked.connect(self.save_type)
        form = QFormLayout()
        form.addRow("Name", self.type_name)
        for key, label, _, _ in TYPE_SPINS:
            form.addRow(label, self.type_spins[key])
        form.addRow("", self.type_chair)
        form.addRow("Colour (#RRGGBB)", self.type_colour)
        layout = QVBoxLayout()
        layout.addWidget(self.type_table)
        layout.addWidget(QLabel("Changing a type's times never moves existing bookings; "
                                "the board marks any that now collide."))
        layout.addLayout(form)
        layout.addWidget(save)
        self._types: list[AppointmentType] = []
        self._fill_types()
        return _page(layout)

    def _fill_types(self, select: int = 0) -> None:
        self._types = [t for t in booking.appointment_types()]
        self.type_table.setRowCount(len(self._types))
        for row, kind in enumerate(self._types):
            cells = (kind.name, kind.prep_minutes, kind.treatment_minutes, kind.recovery_minutes,
                     kind.turnover_minutes, kind.chair_minutes)
            for column, value in enumerate(cells):
                self.type_table.setItem(row, column, QTableWidgetItem(str(value)))
        self.type_table.resizeColumnsToContents()
        if self._types:
            self.type_table.setCurrentCell(min(select, len(self._types) - 1), 0)
            self._show_type(min(select, len(self._types) - 1))

    def _show_type(self, row: int) -> None:
        if not 0 <= row < len(self._types):
            return
        kind = self._types[row]
        self.type_name.setText(kind.name)
        for key, *_ in TYPE_SPINS:
            self.type_spins[key].setValue(int(getattr(kind, key) or 0))
        self.type_chair.setChecked(kind.needs_chair)
        self.type_colour.setText(kind.colour)

    def save_type(self) -> None:
        row = self.type_table.currentRow()
        if not 0 <= row < len(self._types):
            return
        fields: dict[str, object] = {key: self.type_spins[key].value() for key, *_ in TYPE_SPINS}
        for key in ("food_cutoff_minutes", "liquid_cutoff_minutes"):
            fields[key] = fields[key] or None
        fields.update(name=self.type_name.text(), needs_chair=self.type_chair.isChecked(),
                      colour=self.type_colour.text().strip())
        try:
            clinic_settings.update_type(self._types[row].id, self._actor, **fields)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.status.setText("✔ Type saved; existing bookings keep their times")
        self._fill_types(row)

    # --- blocks ---------------------------------------------------------------------------------------

    def _blocks_tab(self) -> QWidget:
        self.block_table = QTableWidget(0, 4, objectName="settingsBlocks")
        self.block_table.setAccessibleName("Blocked times")
        self.block_table.setHorizontalHeaderLabels(("Where", "From", "To", "Why"))
        self.block_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.block_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.block_where = QComboBox(objectName="blockWhere")
        self.block_where.addItem("Whole clinic", None)
        for chair in booking.chairs():
            self.block_where.addItem(chair.name, chair.id)
        self.block_kind = QComboBox(objectName="blockKind")
        for label, kind in (("Closed (holiday)", "closed"), ("Lunch", "lunch"), ("Out of service", "out_of_service")):
            self.block_kind.addItem(label, kind)
        start = now_local(self.profile.tz).replace(hour=12, minute=0, second=0, tzinfo=None)
        self.block_from = QDateTimeEdit(QDateTime(start), objectName="blockFrom", calendarPopup=True)
        self.block_to = QDateTimeEdit(QDateTime(start + dt.timedelta(hours=1)), objectName="blockTo",
                                      calendarPopup=True)
        self.block_reason = QLineEdit(objectName="blockReason")
        add = QPushButton("&Block this time", objectName="blockAdd")
        add.clicked.connect(self.add_block)
        remove = QPushButton("&Remove selected block", objectName="blockRemove")
        remove.clicked.connect(self.remove_block)
        form = QFormLayout()
        for label, widget in (("Where", self.block_where), ("What", self.block_kind), ("From", self.block_from),
                              ("To", self.block_to), ("Reason", self.block_reason)):
            form.addRow(label, widget)
        layout = QVBoxLayout()
        layout.addWidget(QLabel("Nothing can be booked into a blocked time; bookings already there stay."))
        layout.addWidget(self.block_table)
        layout.addWidget(remove)
        layout.addLayout(form)
        layout.addWidget(add)
        self._fill_blocks()
        return _page(layout)

    def _fill_blocks(self) -> None:
        today = now_local(self.profile.tz).date()
        self._blocks = clinic_settings.upcoming_blocks(today)
        names = {c.id: c.name for c in booking.chairs()}
        self.block_table.setRowCount(len(self._blocks))
        for row, block in enumerate(self._blocks):
            where = names.get(block.chair_id, "?") if block.chair_id else "Whole clinic"
            cells = (where, f"{block.start:%a %d %b %Y %H:%M}", f"{block.end:%a %d %b %Y %H:%M}",
                     block.reason or block.kind.replace("_", " "))
            for column, text in enumerate(cells):
                self.block_table.setItem(row, column, QTableWidgetItem(text))
        self.block_table.resizeColumnsToContents()

    def add_block(self) -> None:
        try:
            clinic_settings.add_block(self.block_where.currentData(), self.block_from.dateTime().toPython(),
                                      self.block_to.dateTime().toPython(), str(self.block_kind.currentData()),
                                      self.block_reason.text(), self._actor)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.status.setText("✔ Blocked")
        self._fill_blocks()

    def remove_block(self) -> None:
        row = self.block_table.currentRow()
        if not 0 <= row < len(self._blocks):
            return
        clinic_settings.remove_block(self._blocks[row].id, self._actor)
        self.changed = True
        self.status.setText("✔ Block removed")
        self._fill_blocks()


def _page(layout: QFormLayout | QVBoxLayout) -> QWidget:
    page = QWidget()
    page.setLayout(layout)
    return page
