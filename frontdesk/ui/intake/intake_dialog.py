"""The intake form, one tab per section, with what is still missing shown live."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules import intake as rules
from frontdesk.rules.contact import CARE_TEAM_LABELS, CARE_TEAM_ROLES
from frontdesk.rules.units import cm_to_ft_in, ft_in_to_cm, height_warning, kg_to_lb, lb_to_kg, weight_warning
from frontdesk.ui.forms import date_edit, reject_asking
from frontdesk.ui.ink import ink

BLANK = "—"
NO_DATE = QDate(2000, 1, 1)


def _answer_box(name: str, label: str, choices: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(label)
    box.addItem(BLANK, "")
    for text, value in choices:
        box.addItem(text, value)
    return box


def _set_box(box: QComboBox, value: str) -> None:
    index = box.findData(value or "")
    box.setCurrentIndex(max(index, 0))


def _line(name: str, label: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(label)
    return edit


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)  # Tab moves on (Add row, the next section); arrows move between cells
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _table_rows(table: QTableWidget, keys: list[str]) -> list[dict[str, str]]:
    rows = []
    for r in range(table.rowCount()):
        row = {k: (table.item(r, c).text().strip() if table.item(r, c) else "") for c, k in enumerate(keys)}
        if any(row.values()):
            rows.append(row)
    return rows


def _fill_table(table: QTableWidget, rows: list[dict[str, Any]], keys: list[str]) -> None:
    table.setRowCount(0)
    for row in rows:
        r = table.rowCount()
        table.insertRow(r)
        for c, k in enumerate(keys):
            table.setItem(r, c, QTableWidgetItem(str(row.get(k, "") or "")))


class CareRoleDelegate(QStyledItemDelegate):
    """The care team's Role column: a choice of the four roles, shown by name ("Primary care"); the
    form's data keeps the code ("primary_care")."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        box = QComboBox(parent)
        box.addItems([CARE_TEAM_LABELS[role] for role in CARE_TEAM_ROLES])
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        """The cell's role picked; one from older data that is none of the four stays, as it was, an
        item of its own; an empty cell has nothing picked (a look at it must not write a role)."""
        assert isinstance(editor, QComboBox)
        shown = role_label(str(index.data() or ""))
        if shown and editor.findText(shown) < 0:
            editor.addItem(shown)
        editor.setCurrentIndex(editor.findText(shown) if shown else -1)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText() if editor.currentIndex() >= 0 else "")


def role_label(text: str) -> str:
    """A role's name as the form shows it: "primary_care", "PRIMARY CARE" -> "Primary care"; other
    words as typed."""
    return CARE_TEAM_LABELS.get(role_code(text), text.strip())


def role_code(text: str) -> str:
    """The stored code of a role, from its code or its name in any case and spacing ("Primary care",
    "primary care", "PRIMARY_CARE" -> "primary_care"); other words as typed."""
    folded = " ".join(text.replace("_", " ").split()).lower()
    by_words = {label.lower(): role for role, label in CARE_TEAM_LABELS.items()}
    by_words.update({role.replace("_", " "): role for role in CARE_TEAM_ROLES})
    return by_words.get(folded, text.strip())


def _on_this_tab(items: list[str]) -> str:
    """The tab in front's missing answers, named while a few (the tab says where: "screening: " goes),
    else counted: a long list under the form would hide none of what the tab itself shows."""
    if not items:
        return "nothing on this tab; see the tabs with a count"
    if len(items) > 3:
        return f"on this tab: {len(items)} not answered yet (shown —)"
    return "on this tab: " + "; ".join(item.removeprefix("screening: ") for item in items)


# The tabs' titles, where the section's own is long: each tab also shows how many answers it still
# misses ("Screening (11)"), and every tab must stay in sight. The tooltip gives the section's full title.
TAB_TITLES = {"reason": "Reason", "driver": "Driver and emergency"}


class IntakeDialog(QDialog):
    """Edits one intake version's answers; saving always makes a new version (the caller's job)."""

    MED_KEYS = ["name", "dose", "frequency"]
    CARE_KEYS = ["role", "name", "practice", "phone", "fax"]

    def __init__(self, parent: QWidget | None = None, data: dict[str, Any] | None = None,
                 unit_system: str = "imperial") -> None:
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.setWindowTitle("Intake form")
        self.unit_system = unit_system
        self.tabs = QTabWidget()
        self.tabs.setObjectName("intakeSections")
        builders = {"reason": self._reason_tab, "medications": self._medications_tab, "allergies": self._allergy_tab,
                    "screening": self._screening_tab, "measurements": self._measurement_tab,
                    "driver": self._contacts_tab, "care_team": self._care_tab}
        for index, (key, title) in enumerate(rules.SECTIONS):
            self.tabs.addTab(builders[key](), TAB_TITLES.get(key, title))
            self.tabs.setTabToolTip(index, title)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("intakeMissing")
        self.missing_label.setAccessibleName("What is missing")
        self.missing_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("intakeWarnings")
        self.warning_label.setStyleSheet(f"color: {ink('#9a5b00')}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(buttons)
        # Wide enough for every section's tab, with the counts of an empty form (the widest its titles
        # get): none hides behind the tab bar's scroll arrows.
        self._count_on_tabs(rules.missing_by_section(rules.empty_data()))
        self.setMinimumWidth(max(820, self.tabs.tabBar().sizeHint().width() + 40))
        self.set_data(data or rules.empty_data())
        self._connect_live_updates()
        self.refresh()
        self._opened = self.data()  # what Escape may drop without asking
        self.reason_box.setFocus()  # the first question, not the tab bar

    def reject(self) -> None:
        """Escape or Cancel: answers typed since the form opened are never dropped without asking."""
        reject_asking(self, self.data() != self._opened, "This intake form has answers that are not saved.",
                      self.accept)

    # --- sections ---------------------------------------------------------------------------

    def _reason_tab(self) -> QWidget:
        reasons = [(label, code) for code, label in rules.REASONS.items()]
        self.reason_box = _answer_box("intakeReason", "Reason for treatment", reasons)
        self.pain_type = _line("intakePainType", "Pain type")
        self.reason_notes = _line("intakeReasonNotes", "Notes")
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("&Reason", self.reason_box)
        form.addRow("&Pain type", self.pain_type)
        form.addRow("&Notes", self.reason_notes)
        return page

    def _medications_tab(self) -> QWidget:
        self.no_meds = QCheckBox("&No medications")
        self.no_meds.setObjectName("intakeNoMedications")
        self.med_table = _table("intakeMedications", ["Name", "Dose", "Frequency"])
        add = QPushButton("&Add medication")
        add.clicked.connect(lambda: self.med_table.insertRow(self.med_table.rowCount()))
        self.class_boxes: dict[str, QCheckBox] = {}
        classes = QHBoxLayout()
        for code, label in rules.MEDICATION_CLASSES.items():
            box = QCheckBox(label)
            box.setObjectName(f"intakeClass_{code}")
            self.class_boxes[code] = box
            classes.addWidget(box)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.no_meds)
        layout.addWidget(self.med_table)
        layout.addWidget(add)
        layout.addWidget(QLabel("Takes any of:"))
        layout.addLayout(classes)
        return page

    def _allergy_tab(self) -> QWidget:
        self.no_allergies = QCheckBox("No &allergies")
        self.no_allergies.setObjectName("intakeNoAllergies")
        self.allergy_list = _line("intakeAllergies", "Allergies (comma-separated)")
        self.ketamine_box = _answer_box("intakeKetamineAllergy", "Allergy to ketamine", [(a, a) for a in rules.ANSWERS])
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.no_allergies)
        form.addRow("Allergies", self.allergy_list)
        form.addRow("Allergy to &ketamine", self.ketamine_box)
        return page

    def _screening_tab(self) -> QWidget:
        self.screening_boxes: dict[str, QComboBox] = {}
        page = QWidget()
        form = QFormLayout(page)
        for code, label in rules.SCREENING.items():
            box = _answer_box(f"intakeScreening_{code}", label, [(a, a) for a in rules.ANSWERS])
            self.screening_boxes[code] = box
            form.addRow(label, box)
        return page

    def _spin(self, name: str, label: str, suffix: str, high: float, decimals: int = 1) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setAccessibleName(label)
        spin.setDecimals(decimals)
        spin.setRange(0, high)
        spin.setSuffix(f" {suffix}")
        spin.setSpecialValueText(BLANK)  # 0 means "not entered"
        spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        return spin

    def _measurement_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        if self.unit_system == "metric":
            self.height_cm = self._spin("intakeHeightCm", "Height in cm", "cm", 300)
            self.weight_main = self._spin("intakeWeight", "Weight in kg", "kg", 9999, 2)
            form.addRow("&Height", self.height_cm)
        else:
            self.height_ft = QSpinBox()
            self.height_ft.setObjectName("intakeHeightFt")
            self.height_ft.setAccessibleName("Height, feet")
            self.height_ft.setRange(0, 8)
            self.height_ft.setSuffix(" ft")
            self.height_ft.setSpecialValueText(BLANK)
            self.height_in = self._spin("intakeHeightIn", "Height, inches", "in", 11.99)
            row = QHBoxLayout()
            row.addWidget(self.height_ft)
            row.addWidget(self.height_in)
            form.addRow("Height", row)
            # Room for any typed number: at 1100 the box dropped the last digit of "1500" and kept 150.0 lb
            # without a word; out of range now, the warning under the form says so.
            self.weight_main = self._spin("intakeWeight", "Weight in lb", "lb", 9999)
        form.addRow("&Weight", self.weight_main)
        self.measured_on = date_edit("intakeMeasuredOn")
        self.measured_on.setAccessibleName("Date measured")
        self.measured_on.setMinimumDate(NO_DATE)
        self.measured_on.setSpecialValueText("not measured")
        form.addRow("&Measured on", self.measured_on)
        return page

    def _contacts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        note = QLabel("As the patient record has them; a change here is saved to the record too (the "
                      "pre-visit sheet and the nurses' day sheet print the record's).")
        note.setObjectName("intakeContactsNote")
        note.setWordWrap(True)
        form.addRow(note)
        self.person_edits: dict[str, dict[str, QLineEdit]] = {}
        for who, title in (("driver", "Driver"), ("emergency", "Emergency contact")):
            self.person_edits[who] = {}
            for key in ("name", "relationship", "phone"):
                edit = _line(f"intake_{who}_{key}", f"{title} {key}")
                self.person_edits[who][key] = edit
                form.addRow(f"{title} {key}", edit)
        return page

    def _care_tab(self) -> QWidget:
        self.care_table = _table("intakeCareTeam", ["Role", "Name", "Practice", "Phone", "Fax"])
        add = QPushButton("Add care team &member")
        add.clicked.connect(lambda: self.care_table.insertRow(self.care_table.rowCount()))
        page = QWidget()
        layout = QVBoxLayout(page)
        self.care_table.setItemDelegateForColumn(0, CareRoleDelegate(self.care_table))
        layout.addWidget(QLabel("Role: referring provider, psychiatrist, therapist or primary care (double-click "
                                "to choose)"))
        layout.addWidget(self.care_table)
        layout.addWidget(add)
        return page

    # --- reading and writing ------------------------------------------------------------------

    def set_data(self, data: dict[str, Any]) -> None:
        d = rules.normalise(data)
        _set_box(self.reason_box, d["reason"].get("kind", ""))
        self.pain_type.setText(d["reason"].get("pain_type", ""))
        self.reason_notes.setText(d["reason"].get("notes", ""))
        self.no_meds.setChecked(bool(d["medications"].get("none")))
        _fill_table(self.med_table, d["medications"].get("list", []), self.MED_KEYS)
        for code, box in self.class_boxes.items():
            box.setChecked(code in d["medications"].get("classes", []))
        self.no_allergies.setChecked(bool(d["allergies"].get("none")))
        self.allergy_list.setText(", ".join(d["allergies"].get("list", [])))
        _set_box(self.ketamine_box, d["allergies"].get("ketamine", ""))
        for code, box in self.screening_boxes.items():
            _set_box(box, d["screening"].get(code, ""))
        self._set_measurements(d["measurements"])
        for who, edits in self.person_edits.items():
            for key, edit in edits.items():
                edit.setText(str(d[who].get(key, "") or ""))
        care = [dict(entry, role=role_label(str(entry.get("role", "")))) for entry in d.get("care_team") or []]
        _fill_table(self.care_table, care, self.CARE_KEYS)

    def _set_measurements(self, m: dict[str, Any]) -> None:
        height, weight = m.get("height_cm"), m.get("weight_kg")
        if self.unit_system == "metric":
            self.height_cm.setValue(float(height or 0))
            self.weight_main.setValue(float(weight or 0))
        else:
            feet, inches = cm_to_ft_in(height) if height else (0, Decimal(0))
            self.height_ft.setValue(feet)
            self.height_in.setValue(float(inches))
            self.weight_main.setValue(float(kg_to_lb(weight)) if weight else 0)
        day = dt.date.fromisoformat(m["measured_on"]) if m.get("measured_on") else None
        self.measured_on.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)

    def data(self) -> dict[str, Any]:
        """The answers as Intake.data (see frontdesk.rules.intake for the shape)."""
        allergies = [a.strip() for a in self.allergy_list.text().split(",") if a.strip()]
        return {
            "reason": {"kind": self.reason_box.currentData() or "", "pain_type": self.pain_type.text().strip(),
                       "notes": self.reason_notes.text().strip()},
            "medications": {"none": self.no_meds.isChecked(), "list": _table_rows(self.med_table, self.MED_KEYS),
                            "classes": [c for c, box in self.class_boxes.items() if box.isChecked()]},
            "allergies": {"none": self.no_allergies.isChecked(), "list": allergies,
                          "ketamine": self.ketamine_box.currentData() or ""},
            "screening": {c: box.currentData() for c, box in self.screening_boxes.items() if box.currentData()},
            "measurements": self._measurements(),
            "driver": {k: e.text().strip() for k, e in self.person_edits["driver"].items()},
            "emergency": {k: e.text().strip() for k, e in self.person_edits["emergency"].items()},
            "care_team": [dict(row, role=role_code(row["role"]))
                          for row in _table_rows(self.care_table, self.CARE_KEYS)],
        }

    def _measurements(self) -> dict[str, Any]:
        """Stored metric: converted exactly from what was typed."""
        if self.unit_system == "metric":
            height = Decimal(str(self.height_cm.value())) if self.height_cm.value() else None
            weight = Decimal(str(self.weight_main.value())) if self.weight_main.value() else None
        else:
            typed_height = self.height_ft.value() or self.height_in.value()
            height = ft_in_to_cm(self.height_ft.value(), str(self.height_in.value())) if typed_height else None
            weight = lb_to_kg(str(self.weight_main.value())) if self.weight_main.value() else None
        day = self.measured_on.date()
        return {"height_cm": float(height) if height is not None else None,
                "weight_kg": float(weight) if weight is not None else None,
                "measured_on": "" if day == NO_DATE else day.toPython().isoformat()}

    # --- live state ---------------------------------------------------------------------------

    def _connect_live_updates(self) -> None:
        for box in self.findChildren(QComboBox):
            box.currentIndexChanged.connect(self.refresh)
        for edit in self.findChildren(QLineEdit):
            if not isinstance(edit.parent(), QAbstractSpinBox):
                edit.textChanged.connect(self.refresh)
        for check in self.findChildren(QCheckBox):
            check.toggled.connect(self.refresh)
        for spin in self.findChildren(QDoubleSpinBox) + self.findChildren(QSpinBox):
            spin.valueChanged.connect(self.refresh)
        for table in self.findChildren(QTableWidget):
            table.itemChanged.connect(self.refresh)
        self.measured_on.dateChanged.connect(self.refresh)
        self.tabs.currentChanged.connect(self.refresh)

    def refresh(self) -> None:
        """What is still missing, said where it is asked: each tab's title counts its own ("Screening
        (11)"), and the line under the tabs names those of the tab in front (all of them in its tooltip)."""
        data = self.data()
        by_section = rules.missing_by_section(data)
        self._count_on_tabs(by_section)
        everything = [item for items in by_section.values() for item in items]
        here = by_section.get(rules.SECTIONS[self.tabs.currentIndex()][0], [])
        if not everything:
            self.missing_label.setText("Complete")
        else:
            where = _on_this_tab(here)
            self.missing_label.setText(f"Draft — {len(everything)} missing · {where}")
        self.missing_label.setToolTip("; ".join(everything))
        m = data["measurements"]
        warnings = [w for w in (weight_warning(m["weight_kg"], self.unit_system), height_warning(m["height_cm"]))
                    if w]
        self.warning_label.setText(" ".join(warnings))

    def _count_on_tabs(self, by_section: dict[str, list[str]]) -> None:
        for index, (key, title) in enumerate(rules.SECTIONS):
            count, short = len(by_section.get(key, [])), TAB_TITLES.get(key, title)
            self.tabs.setTabText(index, f"{short} ({count})" if count else short)

    def accept(self) -> None:
        """Save only with phones the record can keep: a bad one is named on the form, which stays open
        with everything typed (the intake saves its driver and emergency contact to the record)."""
        try:
            rules.checked_contact_phones(self.data())
        except rules.ContactPhoneError as exc:
            self.tabs.setCurrentIndex([key for key, _ in rules.SECTIONS].index("driver"))  # before: it refreshes
            self.warning_label.setText(f"Not saved: {exc}")
            phone = self.person_edits[exc.who]["phone"]
            phone.setFocus()
            phone.selectAll()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, data: dict[str, Any] | None = None,
            unit_system: str = "imperial") -> dict[str, Any] | None:
        dialog = cls(parent, data, unit_system)
        return dialog.data() if dialog.exec() == QDialog.DialogCode.Accepted else None
