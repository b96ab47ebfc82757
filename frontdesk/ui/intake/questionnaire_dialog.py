"""Keying in a PHQ-9, GAD-7 or pain score from the paper form, with the total and band shown live."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.questionnaires import (
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    ITEM_LABELS,
    item_max,
    score,
    self_harm_unanswered,
)
from frontdesk.ui.forms import date_edit, reject_asking
from frontdesk.ui.ink import ink

BLANK = "—"


@dataclass(frozen=True)
class QuestionnaireEntry:
    instrument: str
    answers: tuple[int | None, ...]
    taken_on: dt.date


class QuestionnaireDialog(QDialog):
    """One questionnaire: instrument, date, one drop-down per item (blank = not answered)."""

    def __init__(self, parent: QWidget | None = None, instrument: str = "phq9", today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionnaireDialog")
        self.setWindowTitle("Enter questionnaire")
        self.instrument_box = QComboBox()
        self.instrument_box.setObjectName("questionnaireInstrument")
        self.instrument_box.setAccessibleName("Questionnaire")
        for code in INSTRUMENTS:
            self.instrument_box.addItem(INSTRUMENT_NAMES[code], code)
        self.date_edit = date_edit("questionnaireDate")
        self.date_edit.setAccessibleName("Date taken")
        day = today or dt.date.today()
        self.date_edit.setMaximumDate(QDate(day.year, day.month, day.day))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.total_label = QLabel()
        self.total_label.setObjectName("questionnaireTotal")
        self.total_label.setAccessibleName("Total and band")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("questionnaireWarning")
        self.warning_label.setStyleSheet(f"color: {ink('#b00020')}; font-weight: bold")
        self.items_host = QWidget()
        self.items_form = QFormLayout(self.items_host)
        self.item_boxes: list[QComboBox] = []
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._buttons = buttons
        top = QFormLayout()
        top.addRow("&Questionnaire", self.instrument_box)
        top.addRow("&Date", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.items_host)
        layout.addWidget(self.total_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(buttons)
        self.instrument_box.currentIndexChanged.connect(self._build_items)
        self.instrument_box.setCurrentIndex(INSTRUMENTS.index(instrument))
        self._build_items()

    @property
    def instrument(self) -> str:
        return str(self.instrument_box.currentData())

    def _build_items(self) -> None:
        while self.items_form.rowCount():
            self.items_form.removeRow(0)
        self.item_boxes = []
        high = item_max(self.instrument)
        for number, label in enumerate(ITEM_LABELS[self.instrument], start=1):
            box = QComboBox()
            box.setObjectName(f"questionnaireItem{number}")
            box.setAccessibleName(label)
            box.addItems([BLANK, *(str(v) for v in range(high + 1))])
            box.currentIndexChanged.connect(self._refresh)
            self.items_form.addRow(label, box)
            self.item_boxes.append(box)
        # The items are made after the buttons: without this, Tab went Date → OK → Cancel → item 1.
        chain = [self.date_edit, *self.item_boxes, self._buttons.button(QDialogButtonBox.StandardButton.Ok),
                 self._buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self._refresh()

    def reject(self) -> None:
        """Escape or Cancel: item answers picked are never dropped without asking."""
        reject_asking(self, any(answer is not None for answer in self.answers()),
                      "This questionnaire has answers that are not saved.", self.accept)

    def set_answers(self, answers: list[int | None]) -> None:
        for box, answer in zip(self.item_boxes, answers, strict=False):
            box.setCurrentIndex(0 if answer is None else answer + 1)

    def answers(self) -> tuple[int | None, ...]:
        return tuple(None if box.currentIndex() == 0 else box.currentIndex() - 1 for box in self.item_boxes)

    def _refresh(self) -> None:
        result = score(self.instrument, self.answers())
        if result.total is None:
            self.total_label.setText("Incomplete — no total, no band")
        else:
            self.total_label.setText(f"Total {result.total} — {result.band}")
        urgent = "Item 9 above 0: urgent flag for clinical staff. Tell the clinician on duty now."
        unanswered = ("Item 9 (self-harm thoughts) is blank: ask it now. Saved blank, it is flagged for the "
                      "clinician's review before treatment.")
        self.warning_label.setText(urgent if result.flags else unanswered
                                   if self_harm_unanswered(self.instrument, result.answers) else "")

    def entry(self) -> QuestionnaireEntry:
        return QuestionnaireEntry(self.instrument, self.answers(), self.date_edit.date().toPython())

    @classmethod
    def ask(cls, parent: QWidget | None = None, instrument: str = "phq9",
            today: dt.date | None = None) -> QuestionnaireEntry | None:
        dialog = cls(parent, instrument, today)
        return dialog.entry() if dialog.exec() == QDialog.DialogCode.Accepted else None
