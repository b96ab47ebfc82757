"""Appointment types: times, colour, chair, fasting, series defaults (existing bookings keep their times)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import clinic_settings
from frontdesk.ui.forms import confirm_buttons, form, stack
from frontdesk.ui.settings.widgets import spin
from frontdesk.values import Actor, AppointmentType

TYPE_COLUMNS = ("Type", "Prep", "Treatment", "Recovery", "Turnover", "Chair time", "Kind of visit")
TYPE_SPINS = (("prep_minutes", "Prep (min)", 0, 600), ("treatment_minutes", "Treatment (min)", 1, 600),
              ("recovery_minutes", "Recovery (min)", 0, 600), ("turnover_minutes", "Turnover (min)", 0, 600),
              ("food_cutoff_minutes", "No food before (min, 0 = none)", 0, 1440),
              ("liquid_cutoff_minutes", "Clear liquids until (min before, 0 = none)", 0, 1440),
              ("series_default_count", "Series sessions", 1, 40), ("series_min_days", "Days between sessions", 1, 60))

class TypesPage(QWidget):
    """Appointment types: times, colour, chair, fasting, series defaults (existing bookings keep their times)."""

    reported = Signal(str)  # "✔ …" after a change, "✖ …" when refused

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.type_table = QTableWidget(0, len(TYPE_COLUMNS), objectName="settingsTypes")
        self.type_table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move inside
        self.type_table.setAccessibleName("Appointment types")
        self.type_table.setHorizontalHeaderLabels(TYPE_COLUMNS)
        self.type_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.type_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.type_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.type_table.currentCellChanged.connect(lambda row, *_: self._show_type(row))
        self.type_name = QLineEdit(objectName="typeName")
        self.type_name.setAccessibleName("Type name")
        self.type_spins = {key: spin(f"type_{key}", low, high) for key, _, low, high in TYPE_SPINS}
        self.type_chair = QCheckBox("Needs a chair", objectName="typeNeedsChair")
        self.type_colour = QLineEdit(objectName="typeColour")
        self.type_colour.setAccessibleName("Colour")
        save = QPushButton("Sa&ve type", objectName="typeSave")
        save.clicked.connect(self.save_type)
        add = QPushButton("&Add type…", objectName="typeAdd")
        add.clicked.connect(self.ask_new_type)
        self.retire_button = QPushButton("Re&tire type", objectName="typeRetire")
        self.retire_button.setToolTip("Take the type out of every booking list; bookings already made keep it")
        self.retire_button.clicked.connect(self.toggle_retired)
        fields = QFormLayout()
        fields.addRow("Name", self.type_name)
        for key, label, _, _ in TYPE_SPINS:
            fields.addRow(label, self.type_spins[key])
        fields.addRow("", self.type_chair)
        fields.addRow("Colour (#RRGGBB)", self.type_colour)
        layout = QVBoxLayout()
        layout.addWidget(self.type_table)
        layout.addWidget(QLabel("Changing a type's times never moves existing bookings; "
                                "the board marks any that now collide."))
        layout.addLayout(fields)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(add)
        buttons.addWidget(self.retire_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._types: list[AppointmentType] = []
        self._fill_types()
        self.setLayout(layout)

    def _fill_types(self, select: int = 0) -> None:
        self._types = clinic_settings.all_types()
        self.type_table.setRowCount(len(self._types))
        for row, kind in enumerate(self._types):
            cells = (kind.name + ("" if kind.active else " (retired)"), kind.prep_minutes, kind.treatment_minutes,
                     kind.recovery_minutes, kind.turnover_minutes, kind.chair_minutes,
                     clinic_settings.KIND_WORDS.get(kind.kind, kind.kind))
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
        self.retire_button.setText("Re&tire type" if kind.active else "Bring &back type")

    def toggle_retired(self) -> None:
        """Retire the type shown (out of the booking lists; its bookings keep it), or bring it back."""
        row = self.type_table.currentRow()
        if not 0 <= row < len(self._types):
            return
        kind = self._types[row]
        try:
            changed = clinic_settings.set_type_active(kind.id, not kind.active, self._actor)
        except (ValueError, PermissionError) as exc:
            self.reported.emit(f"✖ {exc}")
            return
        self._fill_types(row)
        self.reported.emit(f"✔ {changed.name} retired: no longer offered for booking; bookings already made keep it"
                           if not changed.active else f"✔ {changed.name} is offered for booking again")

    def _shown_fields(self) -> dict[str, object]:
        fields: dict[str, object] = {key: self.type_spins[key].value() for key, *_ in TYPE_SPINS}
        for key in ("food_cutoff_minutes", "liquid_cutoff_minutes"):
            fields[key] = fields[key] or None
        fields.update(name=self.type_name.text(), needs_chair=self.type_chair.isChecked(),
                      colour=self.type_colour.text().strip())
        return fields

    def edits_not_saved(self) -> bool:
        """The type shown was changed here and *Save type* not pressed (closing would drop it)."""
        row = self.type_table.currentRow()
        if not 0 <= row < len(self._types):
            return False
        kind = self._types[row]
        return any((getattr(kind, key) or None) != (value or None) if isinstance(value, int) else
                   getattr(kind, key) != value for key, value in self._shown_fields().items())

    def save_type(self) -> None:
        row = self.type_table.currentRow()
        if not 0 <= row < len(self._types):
            return
        fields = self._shown_fields()
        try:
            clinic_settings.update_type(self._types[row].id, self._actor, **fields)
        except (ValueError, PermissionError) as exc:
            self.reported.emit(f"✖ {exc}")
            return
        self.reported.emit("✔ Type saved; existing bookings keep their times")
        self._fill_types(row)

    def ask_new_type(self) -> None:
        """Add a type by its name and kind of visit; it starts from the clinic's type of that kind and is
        shown for its times to be set (then *Save type*)."""
        if self.edits_not_saved():
            self.reported.emit(f"✖ Save the changes to {self._types[self.type_table.currentRow()].name} first "
                               "(Save type), or choose another type to leave them")
            return
        dialog = NewTypeDialog(self._actor, self)
        if dialog.exec() and dialog.created is not None:
            created = dialog.created
            self._fill_types()
            row = next((row for row, kind in enumerate(self._types) if kind.id == created.id), 0)
            self.type_table.setCurrentCell(row, 0)
            self.type_table.scrollToItem(self.type_table.item(row, 0))  # at the list's foot, half hidden
            self.type_name.setFocus()
            self.reported.emit(f"✔ Type added: {created.name}, with the times of the clinic's "
                               f"{clinic_settings.KIND_WORDS[created.kind]} type: set its own, then Save type")


class NewTypeDialog(QDialog):
    """A new appointment type's name and kind of visit (the kind decides the patient's sheet and its rules)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newTypeDialog")
        self.setWindowTitle("Add an appointment type")
        self._actor = actor
        self.created: AppointmentType | None = None
        self.name = QLineEdit(objectName="newTypeName")
        self.name.setPlaceholderText("e.g. Esketamine 84 mg")
        self.kind = QComboBox(objectName="newTypeKind")
        for code, words in clinic_settings.KIND_WORDS.items():
            self.kind.addItem(words, code)
        note = QLabel("The kind decides what the patient's pre-visit sheet says (fasting, driver, REMS). The new "
                      "type starts with the times of the clinic's type of that kind: set its own next.")
        note.setWordWrap(True)
        self.status = QLabel(objectName="newTypeStatus")
        self.status.setWordWrap(True)
        buttons, _ = confirm_buttons(self, "Add type", self._add, "newTypeAdd")
        stack(self, form(("&Name", self.name), ("&Kind of visit", self.kind)), note, self.status, buttons)
        self.setMinimumWidth(440)
        self.name.setFocus()

    def _add(self) -> None:
        try:
            self.created = clinic_settings.add_type_like(self.name.text(), self.kind.currentData(), self._actor)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")  # nothing added: the name can be changed and tried again
            return
        self.accept()
