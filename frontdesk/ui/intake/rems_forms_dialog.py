"""The esketamine sessions whose REMS monitoring form is still to be sent; marking one sent (or not)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from frontdesk.rules.rems import MONITORING_FORM_DAYS
from frontdesk.services import rems
from frontdesk.ui.forms import read_only_table, size_to_screen, stack, stress
from frontdesk.ui.ink import ink
from frontdesk.ui.intake.hook import OVERDUE_COLOUR
from frontdesk.values import Actor

HEADERS = ["Patient", "Session", "Chair", "Form due", "State", "Reference"]
STATE_COLUMN = HEADERS.index("State")
SENT_COLOUR = "#6b7280"


class RemsFormsDialog(QDialog):
    """Owed forms, most overdue first. The desk sends each on the REMS programme's site, then marks it
    here (with the site's confirmation, if it gave one); a form marked by mistake can be taken back."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remsFormsDialog")
        self.setWindowTitle("REMS monitoring forms")
        self.actor = actor
        self.changed = False  # a form was marked (or unmarked): the caller reads the day again
        self._forms: list[rems.MonitoringForm] = []
        self._build()
        size_to_screen(self, 860, 460)
        self.reload()
        self.table.setFocus()  # arrows pick a form (Down: the most overdue), Enter marks the picked one sent

    def _build(self) -> None:
        intro = QLabel(f"Each esketamine session that took place owes a REMS patient monitoring form within "
                       f"{MONITORING_FORM_DAYS} days. Send it on the REMS site, then mark it sent here.")
        intro.setWordWrap(True)
        self.summary = QLabel(objectName="remsSummary")
        self.show_sent = QCheckBox(f"Show forms already sent (sessions of the last {rems.SENT_SHOWN_DAYS} days)",
                                   objectName="remsShowSent")
        self.show_sent.toggled.connect(lambda _: self.reload())
        self.table = read_only_table("remsForms", HEADERS, "REMS monitoring forms")
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # every state on one line
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.mark_sent())
        self.reference = QLineEdit(objectName="remsReference", placeholderText="Confirmation from the REMS site")
        self.reference.setAccessibleName("Reference (optional)")
        self.reference.setMaxLength(64)
        reference_label = QLabel("&Reference (optional):")
        reference_label.setBuddy(self.reference)
        self.mark_button = QPushButton("&Mark sent", objectName="remsMarkSent")
        self.mark_button.clicked.connect(self.mark_sent)
        self.mark_button.setDefault(True)
        self.undo_button = QPushButton("&Not sent after all", objectName="remsUnmark")
        self.undo_button.clicked.connect(self.unmark_sent)
        self.print_button = QPushButton("&Print list…", objectName="remsPrint")
        self.print_button.setToolTip("The forms listed, on paper, with a column to tick each one off")
        self.print_button.clicked.connect(self.print_list)
        row = QHBoxLayout()
        row.addWidget(reference_label)
        row.addWidget(self.reference, 1)
        row.addWidget(self.mark_button)
        row.addWidget(self.undo_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.rejected.connect(self.reject)
        stack(self, intro, self.summary, self.show_sent, self.table, row, close)

    # --- reading ----------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the list again; select the form of appointment `keep` if still listed, else none."""
        self._forms = rems.monitoring_forms(self.actor, include_sent=self.show_sent.isChecked())
        self.table.setRowCount(len(self._forms))
        for row, form in enumerate(self._forms):
            cells = (f"{form.patient_name} ({form.chart_number})", f"{form.session:%a %d %b %H:%M}",
                     form.chair_name or "office", f"{form.due:%a %d %b}", form.state.words, form.reference)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, self._cell(text, form, column))
        since = rems.tracking_since()
        tracked = f" · sessions from {since:%a %d %b %Y} on" if since else ""
        self.summary.setText(rems.summary_words(self._forms) + tracked)
        rows = [i for i, form in enumerate(self._forms) if form.appointment_id == keep]
        if rows:
            self.table.selectRow(rows[0])
        else:  # nothing picked until the desk picks: Enter on opening the list must not mark a form sent
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
        self._selection_changed()

    @staticmethod
    def _cell(text: str, form: rems.MonitoringForm, column: int) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if form.state.submitted:
            item.setForeground(QBrush(QColor(ink(SENT_COLOUR))))
        elif form.state.overdue and column == STATE_COLUMN:
            stress(item, OVERDUE_COLOUR)
        return item

    def selected(self) -> rems.MonitoringForm | None:
        row = self.table.currentRow()
        return self._forms[row] if 0 <= row < len(self._forms) and self.table.selectedItems() else None

    def _selection_changed(self) -> None:
        form = self.selected()
        self.mark_button.setEnabled(form is not None and not form.state.submitted)
        self.undo_button.setEnabled(form is not None and form.state.submitted)

    def print_list(self) -> None:
        """The forms listed (the sent ones too while they are shown) in the print preview: Print or Save."""
        from frontdesk.ui.printing.menu import preview_rems_forms

        self.preview = preview_rems_forms(self, self.actor, include_sent=self.show_sent.isChecked())

    # --- writing ----------------------------------------------------------------------------------

    def mark_sent(self) -> None:
        form = self.selected()
        if form is None or form.state.submitted:
            return
        if self._write(lambda: rems.mark_sent(self.actor, form.appointment_id, self.reference.text())):
            self.reference.clear()
            self.reload()

    def unmark_sent(self) -> None:
        form = self.selected()
        if form is None or not form.state.submitted:
            return
        if self._write(lambda: rems.unmark_sent(self.actor, form.appointment_id)):
            self.reload(keep=form.appointment_id)

    def _write(self, action: Callable[[], None]) -> bool:
        try:
            action()
        except (ValueError, PermissionError) as exc:  # refused: nothing was written; show why, then the truth
            QMessageBox.warning(self, "REMS monitoring forms", str(exc))
            self.reload()
            return False
        self.changed = True
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.mark_sent()
            return
        super().keyPressEvent(event)


