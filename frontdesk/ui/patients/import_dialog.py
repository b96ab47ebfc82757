"""Import patients from a CSV file with a progress bar; a dry run first shows what would happen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.csv_import import ImportFileError
from frontdesk.services import patients
from frontdesk.services.permissions import NotPermittedError
from frontdesk.ui.forms import size_to_screen
from frontdesk.values import Actor


class ImportDialog(QDialog):
    """`ask` returns the import report once patients were imported, else None."""

    def __init__(self, parent: QWidget | None, actor: Actor) -> None:
        super().__init__(parent)
        self.setObjectName("importPatientsDialog")
        self.setWindowTitle("Import patients from CSV")
        self.actor = actor
        self.report: patients.ImportReport | None = None
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName("CSV file")
        browse = QPushButton("&Choose file…")
        browse.clicked.connect(self._browse)
        self.check_button = QPushButton("Chec&k (dry run)")
        self.check_button.setObjectName("dryRunButton")
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("runImportButton")
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setValue(0)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setAccessibleName("Rows refused or to check")
        self.problems.setWordWrap(True)  # a row's reason is read whole, not behind a scroll bar
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self._running = False
        self._controls = (self.path_edit, browse, self.check_button, self.import_button, close)
        self._lay_out(browse, close)

    def _lay_out(self, browse: QPushButton, close: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Rows refused (nothing from them is written), then rows imported to check:"))
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        size_to_screen(self, 640, 420)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Patients CSV", str(Path.home()), "CSV files (*.csv);;All (*)")
        if path:
            self.path_edit.setText(path)

    def run(self, *, dry_run: bool, skip_bad_rows: bool = False) -> None:
        """Check or import the file. An import with refused rows writes nothing and then asks whether
        to import the good rows without them."""
        path = self.path_edit.text().strip()
        if not path or not Path(path).is_file():
            self.summary.setText("Choose a CSV file first.")
            return
        self.progress.setValue(0)
        self._set_running(True)
        try:
            report = patients.import_csv(self.actor, path, dry_run=dry_run, progress=self._progress,
                                         skip_bad_rows=skip_bad_rows)
        except (ImportFileError, NotPermittedError) as exc:
            self.summary.setText(str(exc))
            return
        finally:
            self._set_running(False)
        self.progress.setValue(self.progress.maximum())
        self.summary.setText(report.summary())
        self.problems.clear()
        self.problems.addItems([str(p) for p in report.problems])
        imported = "would be imported" if dry_run else "imported"
        self.problems.addItems([f"check {p} ({imported})" for p in report.to_check])
        if not dry_run:
            self.report = report
        if report.held_back and self._import_the_good_rows(report):
            self.run(dry_run=False, skip_bad_rows=True)

    def _import_the_good_rows(self, report: patients.ImportReport) -> bool:
        refused = f"{report.bad_rows} row is" if report.bad_rows == 1 else f"{report.bad_rows} rows are"
        good_rows = "the good row" if report.held_back == 1 else f"the {report.held_back} good rows"
        box = QMessageBox(QMessageBox.Icon.Question, "Rows refused",
                          f"{refused} refused (listed in the window); nothing was imported.\n\n"
                          f"Import {good_rows} without them?", QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("importGoodRowsQuestion")
        good = box.addButton(f"Import {good_rows}", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton("Fix the file first", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is good

    def _set_running(self, running: bool) -> None:
        """While rows go in, the bar moves (events are processed) but nothing can start a second run or
        close the dialog halfway."""
        self._running = running
        for control in self._controls:
            control.setEnabled(not running)
        if running:
            self.summary.setText("Importing… (checking each row)")

    def busy(self) -> bool:
        """An import is running (switch user leaves the dialog to finish it, in the name it was begun in)."""
        return self._running

    def reject(self) -> None:
        if not self._running:  # Escape during a run waits for its end
            super().reject()

    def accept(self) -> None:
        if not self._running:
            super().accept()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        QApplication.processEvents()

    @classmethod
    def ask(cls, parent: QWidget | None, actor: Actor) -> patients.ImportReport | None:
        dialog = cls(parent, actor)
        dialog.exec()
        return dialog.report
