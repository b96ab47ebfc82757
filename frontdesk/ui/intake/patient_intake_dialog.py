"""One patient's intake: latest version, flags (with review for clinicians), questionnaires, consents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules import intake as rules
from frontdesk.rules.flag_kinds import listed_label
from frontdesk.rules.intake_records import FlagInfo, IntakeSummaryData
from frontdesk.rules.questionnaires import INSTRUMENT_NAMES
from frontdesk.rules.text import sentence
from frontdesk.services import flags as flag_service
from frontdesk.services import intake as service
from frontdesk.services.permissions import allowed
from frontdesk.ui.forms import confirm_step, size_to_screen, stress
from frontdesk.ui.intake.consent_dialog import ConsentDialog
from frontdesk.ui.intake.intake_dialog import IntakeDialog
from frontdesk.ui.intake.questionnaire_dialog import QuestionnaireDialog
from frontdesk.values import Actor

DAY = "%m/%d/%Y"  # "11/28/2026": a date as a US desk writes it (and the record its birth date), not ISO


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move inside
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _fit_columns(table: QTableWidget, *, stretch: int) -> None:
    """Every column in view, each as wide as its words on one line; column `stretch` takes what is left."""
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


URGENT_COLOUR = "#c53030"  # an urgent flag still open: red, as on the board and the status bar's link


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class PatientIntakeDialog(QDialog):
    def __init__(self, actor: Actor, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientIntakeDialog")
        self.actor, self.patient_id = actor, patient_id
        self.overview: IntakeSummaryData | None = None
        self.header = QLabel()
        self.header.setObjectName("patientIntakeHeader")
        self.intake_label = QLabel()
        self.intake_label.setObjectName("intakeStatus")
        self.intake_label.setWordWrap(True)
        self.flag_table = _table("flagList", ["Flag", "Whom to tell", "Raised", "Detail", "Reviewed"])
        self.flag_table.itemSelectionChanged.connect(self._update_buttons)
        self.review_button = QPushButton("Mark &reviewed")
        self.review_button.setObjectName("reviewFlagButton")
        self.review_button.clicked.connect(self._review)
        self.no_flags = QLabel("No flags on file.")
        self.no_flags.setObjectName("noFlags")
        self.score_table = _table("questionnaireList", ["Date", "Questionnaire", "Score", "Entered by"])
        self.consent_table = _table("consentList", ["Consent", "Version", "Signed by", "Date", "Status"])
        _fit_columns(self.score_table, stretch=1)
        _fit_columns(self.consent_table, stretch=0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.intake_label)
        grid = QGridLayout()
        self.flag_group = self._group("Flags", self.flag_table, self.no_flags, self.review_button)
        grid.addWidget(self.flag_group, 0, 0, 1, 2)
        grid.addWidget(self._group("Questionnaires", self.score_table), 1, 0)
        grid.addWidget(self._group("Consents", self.consent_table), 1, 1)
        grid.setColumnStretch(0, 4)  # the consents' five columns need the wider half
        grid.setColumnStretch(1, 5)
        layout.addLayout(grid)
        layout.addLayout(self._action_bar())
        size_to_screen(self, 1100, 640)
        self.reload()

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        for widget in widgets:
            inner.addWidget(widget)
        return box

    def _action_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for text, name, slot in (
            ("New &intake version…", "newIntakeButton", self._new_intake),
            ("Enter &questionnaire…", "enterQuestionnaireButton", self._enter_questionnaire),
            ("Record &consent…", "recordConsentButton", self._record_consent),
            ("Scores c&hart…", "scoresChartButton", self._show_chart),
            ("&Print summary…", "printSummaryButton", self._print_summary),
            ("Paper &form…", "paperIntakeFormButton", self._paper_form),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch()
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bar.addWidget(close)
        return bar

    # --- showing ----------------------------------------------------------------------------

    def reload(self) -> None:
        data = service.overview(self.actor, self.patient_id)
        self.overview = data
        self.setWindowTitle(f"Intake — {data.patient_name}")
        self.header.setText(f"<b>{_html(data.patient_name)}</b> · chart {_html(data.chart_number)}")
        self.intake_label.setText(self._intake_text(data))
        _fill(self.flag_table, [self._flag_row(f, data) for f in data.flags])
        for row, flag in enumerate(data.flags):  # an urgent one still open: in its colour too, as elsewhere
            if flag.urgent and flag.reviewed_utc is None:
                stress(self.flag_table.item(row, 0), URGENT_COLOUR)
        # No flags: one line says so, and the lists below get the room an empty table would take.
        self.flag_table.setVisible(bool(data.flags))
        self.no_flags.setVisible(not data.flags)
        _fill(self.score_table, [[f"{q.taken_on:{DAY}}", INSTRUMENT_NAMES.get(q.instrument, q.instrument), q.label,
                                  q.entered_by] for q in reversed(data.questionnaires)])
        _fill(self.consent_table, [[label, r.form_version if r else "", r.signer if r else "",
                                    f"{r.signed_on:{DAY}}" if r else "", state] for label, r, state in data.consents])
        self._update_buttons()

    @staticmethod
    def _intake_text(data: IntakeSummaryData) -> str:
        intake = data.intake
        if intake is None:
            return "No intake form on file."
        missing = rules.missing(intake.data)
        state = "complete" if not missing else "draft — missing: " + "; ".join(missing)
        return (f"Intake version {intake.version} entered by {intake.entered_by} "
                f"on {data.local(intake.entered_utc):{DAY} %H:%M}: {state}")

    @staticmethod
    def _flag_row(f: FlagInfo, data: IntakeSummaryData) -> list[str]:
        reviewed = f"{f.reviewed_by} {data.local(f.reviewed_utc):{DAY} %H:%M}" if f.reviewed_utc else "open"
        raised = f"{data.local(f.raised_utc):{DAY}}"
        return [listed_label(f.label, f.urgent), f.tell, raised, f.detail or "—", reviewed]

    def selected_flag(self) -> FlagInfo | None:
        row = self.flag_table.currentRow()
        if self.overview is None or not 0 <= row < len(self.overview.flags):
            return None
        return self.overview.flags[row]

    def _update_buttons(self) -> None:
        flag = self.selected_flag()
        may = allowed(self.actor, "flags.review")
        self.review_button.setVisible(may and self.flag_table.rowCount() > 0)
        self.review_button.setEnabled(may and flag is not None and flag.reviewed_utc is None)

    # --- actions ----------------------------------------------------------------------------

    def _review(self) -> None:
        flag = self.selected_flag()
        if flag is None or not self._review_confirmed(flag.label):
            return
        flag_service.review(self.actor, flag.id)
        self.reload()
        # The list sorts open flags first: the row picked now holds another flag, its button live, a second
        # Enter away from clearing it. The one just reviewed stays picked (its button off, "reviewed by").
        self.flag_table.clearSelection()
        self.flag_table.setCurrentCell(-1, -1)
        self.pick_flag(flag.id)

    def _review_confirmed(self, label: str) -> bool:
        """A review is recorded with the user's name and is not taken back: one click on the wrong row
        must not clear an urgent flag."""
        return confirm_step(self, "Mark reviewed",
                            f"Mark \u201c{label}\u201d reviewed by {self.actor.username}?\n\nThe review is recorded "
                            "with your name and the time, and cannot be taken back; note what was done in the "
                            "patient's chart.", "reviewFlagQuestion", "Mark reviewed", "Not yet")

    def _new_intake(self) -> None:
        unit = self.overview.unit_system if self.overview else "imperial"
        data = IntakeDialog.ask(self, service.form_start(self.actor, self.patient_id), unit)
        if data is not None:
            self._attempt(lambda: service.submit_intake(self.actor, self.patient_id, data))

    def _enter_questionnaire(self) -> None:
        entry = QuestionnaireDialog.ask(self, "phq9", service.today())
        if entry is not None:
            self._attempt(lambda: service.record_questionnaire(self.actor, self.patient_id, entry.instrument,
                                                               entry.answers, entry.taken_on))

    def _record_consent(self) -> None:
        signer = self.overview.patient_name if self.overview else ""
        entry = ConsentDialog.ask(self, service.today(), signer)
        if entry is not None:
            self._attempt(lambda: service.record_consent(self.actor, self.patient_id, entry.form, entry.signer,
                                                         entry.signed_on, signature=entry.signature))

    def _show_chart(self) -> None:
        from frontdesk.ui.intake.scores_chart import ScoresChartDialog

        history = service.score_history(self.actor, self.patient_id)
        ScoresChartDialog(history, self.overview.patient_name if self.overview else "", self).exec()

    def _print_summary(self) -> None:
        self._save_pdf("intake summary", "intake-summary.pdf",
                       lambda path: service.save_summary(self.actor, self.patient_id, path))

    def _paper_form(self) -> None:
        """The paper intake form for this patient (their language), to fill in on a clipboard."""
        refused = service.paper_form_refusal()
        if refused:  # said before asking where to save it
            QMessageBox.warning(self, "Paper intake form", sentence(refused))
            return
        self._save_pdf("intake form", "intake-form.pdf",
                       lambda path: service.save_paper_form(self.actor, self.patient_id, path))

    def _save_pdf(self, what: str, suggested: str, save: Callable[[Path], object]) -> None:
        """Ask where, then write (this user's only, whole or not at all); say so when it could not be."""
        path, _ = QFileDialog.getSaveFileName(self, f"Save {what}", suggested, "PDF (*.pdf)")
        if not path:
            return
        try:
            save(Path(path))
        except OSError as exc:
            QMessageBox.warning(self, "Not written", f"The {what} was not written: {exc.strerror}.")
        except ValueError as exc:  # refused (nothing written): say why
            QMessageBox.warning(self, "Not written", f"The {what} was not written: {exc}.")

    def _attempt(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except (ValueError, PermissionError) as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.reload()

    @classmethod
    def open_for(cls, actor: Actor, patient_id: int, parent: QWidget | None = None, *,
                 flag_id: int | None = None) -> None:
        dialog = cls(actor, patient_id, parent)
        if flag_id is not None:
            dialog.pick_flag(flag_id)
        dialog.exec()

    def pick_flag(self, flag_id: int) -> None:
        """That flag picked in the list (opened from the urgent-flags link: Mark reviewed a click away)."""
        rows = [row for row, shown in enumerate(self.overview.flags if self.overview else []) if shown.id == flag_id]
        if rows:
            self.flag_table.selectRow(rows[0])
        self._update_buttons()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
