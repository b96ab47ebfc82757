"""The audit viewer (admins): the trail filtered by user, patient and date, and whether its chain holds."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.clock import day_bounds_utc, now_local, utc_to_local
from frontdesk.services import audit, backup
from frontdesk.services.changes import DatabaseUnavailable
from frontdesk.services.clinic_settings import profile as load_profile
from frontdesk.ui.auth.users_model import AuditTableModel
from frontdesk.ui.forms import date_edit, size_to_screen
from frontdesk.values import Actor

NEWEST = 2000  # entries shown at most; filters narrow it down
CHAIN_STEP = 2000  # entries whose chain is checked between two events (some 20 ms): the viewer stays usable


class AuditDialog(QDialog):
    backups_held = Signal(str)  # the trail held against the backups, in words, from the worker thread

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups_held.connect(self._show_backups_held)
        self.actor = actor
        self.tz = load_profile().tz
        self.setObjectName("auditDialog")
        self.setWindowTitle("Audit trail")
        self.user = QComboBox()
        self.user.setObjectName("auditUser")
        self.user.setAccessibleName("User")
        self.user.addItem("Everyone", None)
        for name in audit.users_in_trail(actor):
            self.user.addItem(name, name)
        self.patient = QLineEdit()
        self.patient.setObjectName("auditPatient")
        self.patient.setAccessibleName("Patient id")
        self.patient.setPlaceholderText("patient id")
        self.action = QLineEdit()
        self.action.setObjectName("auditAction")
        self.action.setAccessibleName("Action")
        self.action.setPlaceholderText("action, e.g. signin or patient.view")
        today = now_local(self.tz).date()
        self.use_dates = QCheckBox("From")
        self.use_dates.setObjectName("auditUseDates")
        self.since = self._date_edit("auditSince", "From date", today)
        self.until = self._date_edit("auditUntil", "To date", today)
        show = QPushButton("Show")
        show.setObjectName("auditShow")
        show.clicked.connect(self.refresh)
        filters = QHBoxLayout()
        for widget in (QLabel("User"), self.user, QLabel("Patient"), self.patient, QLabel("Action"), self.action,
                       self.use_dates, self.since, QLabel("to"), self.until, show):
            filters.addWidget(widget)
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move inside
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit entries")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)  # Detail takes the spare width
        self.table.verticalHeader().hide()
        self.status = QLabel("")
        self.status.setObjectName("auditStatus")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(close)
        size_to_screen(self, 900, 600)
        self._shown = 0
        self._chain: audit.ChainCheck | None = audit.chain_check(actor)
        self._chain_state = "checking the chain…"
        self.finished.connect(self._stop_checking)
        self.refresh()
        QTimer.singleShot(0, self, self._check_chain)  # the trail shows at once; its chain is checked meanwhile

    def _date_edit(self, name: str, accessible: str, day: dt.date) -> QDateEdit:
        edit = date_edit(name, day)
        edit.setAccessibleName(accessible)
        return edit

    def current_filter(self) -> audit.AuditFilter | None:
        text = self.patient.text().strip()
        patient_id = int(text) if text.isdigit() else None
        if text and patient_id is None:
            from frontdesk.services.patients import id_by_chart

            patient_id = id_by_chart(text.upper())  # the chart number the record and the sheets show
            if patient_id is None:
                self.status.setText(f"Patient: no chart number {text}; give the chart number (as on the "
                                    "patient's record) or the patient's id number.")
                return None
        since = until = None
        if self.use_dates.isChecked():
            since = day_bounds_utc(self.since.date().toPython(), self.tz)[0]
            until = day_bounds_utc(self.until.date().toPython(), self.tz)[1]
        return audit.AuditFilter(user=self.user.currentData(), patient_id=patient_id,
                                 since_utc=since, until_utc=until, action=self.action.text().strip() or None,
                                 limit=NEWEST)

    def refresh(self) -> None:
        filters = self.current_filter()
        if filters is None:
            return
        entries = audit.entries(self.actor, filters)
        when = [utc_to_local(e.at_utc, self.tz).strftime("%Y-%m-%d %H:%M:%S") for e in entries]
        self.model.set_entries(entries, when)
        self.table.resizeColumnsToContents()
        self.table.scrollToBottom()  # the newest entries first in view
        self._shown = len(entries)
        self._show_status()

    def _check_chain(self) -> None:
        """One run of the chain check; the next one is queued behind whatever the user does meanwhile."""
        if self._chain is None:
            return
        try:
            report = self._chain.step(CHAIN_STEP)
        except DatabaseUnavailable:  # a read, not a save: say so here rather than as "not saved"
            self._chain, self._chain_state = None, "chain not checked: the database server is not answering"
            self._show_status()
            return
        if report is None:
            self._chain_state = f"checking the chain… ({self._chain.count} entries so far)"
            QTimer.singleShot(0, self, self._check_chain)
        elif report.ok:
            self._chain_state = f"chain verified ({report.count} entries)"
            QTimer.singleShot(0, self, self._hold_against_backups)
        else:
            self._chain_state = f"CHAIN BROKEN: {report.problem}"
        self._show_status()

    def _hold_against_backups(self) -> None:
        """After the chain: whether the trail still agrees with the backups (a trail rewritten with fresh
        hashes would not). On a worker thread: a backup folder on a slow drive must not hold the window."""
        if self._chain is None:
            return
        threading.Thread(target=self._hold_in_background, name="frontdesk-audit-backups", daemon=True).start()

    def _hold_in_background(self) -> None:
        try:
            held = backup.trail_against_backups(self.actor)
            words = backup.agreement_words(held) if held is not None else ""
        except Exception as exc:  # a folder gone, a database not answering: said, not raised on a thread
            words = f"not held against the backups ({type(exc).__name__})"
        finally:
            backup.release_thread_connection()
        with contextlib.suppress(RuntimeError):  # the dialog was deleted meanwhile
            self.backups_held.emit(words)

    def _show_backups_held(self, words: str) -> None:
        if words and self._chain is not None:
            self._chain_state += f"; {words}"
            self._show_status()

    def _stop_checking(self) -> None:
        self._chain = None

    def _show_status(self) -> None:
        shown = f"{self._shown} {'entry' if self._shown == 1 else 'entries'} shown"
        self.status.setText(f"{shown}; {self._chain_state}")
