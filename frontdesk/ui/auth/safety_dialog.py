"""Data safety (admins): where the clinic's data is, whether it is encrypted at rest, its backups, and
a health check of the database (what `frontdesk check` says), run beside the window."""

from __future__ import annotations

import contextlib
import threading
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import backup
from frontdesk.services.permissions import NotPermittedError
from frontdesk.ui.forms import size_to_screen
from frontdesk.ui.ink import ink
from frontdesk.values import Actor

PROBLEM_COLOUR = "#c53030"
GOOD_COLOUR = "#2e7d32"


class DataSafetyDialog(QDialog):
    checked = Signal(object)  # the HealthReport, or the one-line reason the check could not run

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataSafetyDialog")
        self.setWindowTitle("Data safety")
        self.actor = actor
        self._checking: threading.Thread | None = None
        self.checked.connect(self._show_check)
        self.database = self._value("safetyDatabase")
        self.encryption = self._value("safetyEncryption")
        self.backups = self._value("safetyBackups")
        self.health = self._value("safetyHealth")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow("Database:", self.database)
        form.addRow("Encryption at rest:", self.encryption)
        form.addRow("Backups:", self.backups)
        form.addRow("Health check:", self.health)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton("&Back up now", objectName="safetyBackUp")
        self.check_button = QPushButton("&Check again", objectName="safetyCheck")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.backup_button, self.check_button):
            button.setAutoDefault(False)  # Enter makes no backup: only Close answers it
        self.backup_button.clicked.connect(self.back_up_now)
        self.check_button.clicked.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        size_to_screen(self, 720, 260)
        self.show_overview()
        self.check()

    def _value(self, name: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_overview(self) -> None:
        facts = backup.overview(self.actor)
        self.database.setText(escape(facts.database))
        self.backup_button.setEnabled(facts.sqlite)
        if not facts.sqlite:
            self.encryption.setText("The server's business: its data at rest is on its own disks.")
            self.backups.setText("The server's business: a nightly <code>pg_dump</code>, restored now and then to "
                                 "test it (see the README).")
            return
        if facts.encrypted:
            self.encryption.setText(f"<b style='color:{ink(GOOD_COLOUR)}'>On</b>. The key is in "
                                    f"<code>{escape(str(facts.key_file))}</code>: keep a copy apart from the "
                                    "backups; without it neither the database nor a backup can be read.")
        else:
            self.encryption.setText("<b>Off</b>. An admin turns it on with <code>frontdesk encrypt</code> while "
                                    "Front desk is closed on every workstation (see the README).")
        self.backups.setText(_backups_words(facts))

    def check(self) -> None:
        """The health check on a worker thread: on a large clinic the integrity check takes seconds."""
        if self._checking is not None:
            return
        self.health.setText("checking…")
        self.check_button.setEnabled(False)
        self._checking = threading.Thread(target=self._check_in_background, name="frontdesk-data-check",
                                          daemon=True)
        self._checking.start()

    def _check_in_background(self) -> None:
        try:
            result: object = backup.check_database()
        except Exception as exc:  # a database that stopped answering: said, not raised on a thread
            result = f"the check could not run: {type(exc).__name__}"
        finally:
            backup.release_thread_connection()
        with contextlib.suppress(RuntimeError):  # the dialog was deleted meanwhile: nobody to tell
            self.checked.emit(result)  # shown from the window's thread

    def _show_check(self, result: object) -> None:
        self._checking = None
        self.check_button.setEnabled(True)
        self.health.setText(_health_words(result))

    def wait_for_check(self) -> None:
        running = self._checking
        if running is not None:
            running.join()

    def back_up_now(self) -> None:
        try:
            made = backup.backup_now(self.actor)
        except (backup.BackupError, NotPermittedError) as exc:
            QMessageBox.warning(self, "Backup", str(exc))
            return
        self.show_overview()
        self.backups.setText(f"{self.backups.text()} (written just now)" if made.path in backup.list_backups()
                             else self.backups.text())
        self.check()


def _backups_words(facts: backup.Overview) -> str:
    where = f"Folder <code>{escape(str(facts.folder))}</code>. "
    if not facts.backups:
        return where + "<b>None yet</b>: the app makes one each day and when it closes."
    count = len(facts.backups)
    return where + (f"{count} backup{'s' if count != 1 else ''} kept (the app keeps up to 7 daily, 4 weekly and "
                    f"12 monthly); the newest <b>{escape(facts.backups[0].name)}</b>. Keep a copy of the folder "
                    "elsewhere.")


def _health_words(result: object) -> str:
    if isinstance(result, str):
        return f"<b style='color:{ink(PROBLEM_COLOUR)}'>{escape(result)}</b>"
    assert isinstance(result, backup.HealthReport)
    if not result.ok:
        problems = "<br>".join(escape(p) for p in result.problems)
        return (f"<b style='color:{ink(PROBLEM_COLOUR)}'>Problems found</b> (tell whoever looks after the data):"
                f"<br>{problems}")
    words = (f"<b style='color:{ink(GOOD_COLOUR)}'>OK</b>: integrity, foreign keys and audit chain "
             f"({result.audit_entries} entries)")
    if result.backups is not None:
        agreement = escape(backup.agreement_words(result.backups))
        words += f"; the trail {agreement}" if result.backups.agreeing else f"; {agreement}"
        if result.backups.unreadable:
            words += f"; {len(result.backups.unreadable)} backup(s) could not be read here"
    return words + "."
