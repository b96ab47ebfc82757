"""The "sheets to print" window: a day's appointments, with Preview, Print and Save as PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import printing
from frontdesk.ui.forms import date_edit, size_to_screen
from frontdesk.ui.printing.sheets_model import AppointmentIdRole, SheetListModel
from frontdesk.values import Actor


class SheetsDialog(QDialog):
    """Pick a day (tomorrow by default), choose sheets (none chosen = all), then preview, print or save."""

    def __init__(self, day: dt.date, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("sheetsDialog")
        self.setWindowTitle("Pre-visit sheets")
        self.model = SheetListModel(self)
        self.previews: list[QWidget] = []
        self._build(day)
        self.reload()

    @classmethod
    def open_for(cls, parent: QWidget | None, day: dt.date, actor: Actor) -> SheetsDialog:
        """Show the window (non-modal) for `day` and return it."""
        dialog = cls(day, actor, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _build(self, day: dt.date) -> None:
        self.date_edit = date_edit("sheetsDate", day)  # "Mon 30 Nov 2026", as the board shows a day
        self.date_edit.setAccessibleName("Day to print")
        self.date_edit.dateChanged.connect(self.reload)
        self.language = QComboBox()
        self.language.setObjectName("sheetsLanguage")
        self.language.setAccessibleName("Language of the sheets")
        for text, code in (("Each patient's language", None), ("English", "en"), ("Spanish", "es")):
            self.language.addItem(text, code)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons; arrows move inside
        self.table.setObjectName("sheetList")
        self.table.setAccessibleName("Appointments of the day")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("sheetsSummary")
        buttons = QHBoxLayout()
        for name, text, slot in (("previewSheets", "Pre&view", self.preview_sheets),
                                 ("printSheets", "&Print…", self.print_sheets),
                                 ("saveSheets", "&Save as PDF…", self.save_sheets),
                                 ("previewDaySheet", "Day s&heet…", self.preview_day_sheet)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Day:", buddy=self.date_edit))
        top.addWidget(self.date_edit)
        top.addStretch()
        top.addWidget(QLabel("&Language:", buddy=self.language))
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        size_to_screen(self, 720, 460)

    @property
    def day(self) -> dt.date:
        return self.date_edit.date().toPython()  # type: ignore[no-any-return]

    def reload(self) -> None:
        self.model.set_rows(printing.sheet_list(self.day, actor=self.actor))
        printed = sum(1 for row in self.model.rows if row.printed_on)
        self.summary.setText(f"{len(self.model.rows)} appointments, {printed} sheets printed. "
                             "Choose rows to print only those.")

    def chosen_ids(self) -> list[int]:
        """The selected appointments, or every one when nothing is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        chosen = rows or range(self.model.rowCount())
        return [self.model.index(row, 0).data(AppointmentIdRole) for row in chosen]

    def build_sheets(self) -> printing.PrintJob | None:
        ids = self.chosen_ids()
        if not ids:
            QMessageBox.information(self, "Pre-visit sheets", "There are no appointments on this day.")
            return None
        lang = self.language.currentData()
        return build_with_progress(self, len(ids), lambda progress: printing.handouts_job(
            ids, actor=self.actor, progress=progress, lang=lang))

    def preview_sheets(self) -> None:
        job = self.build_sheets()
        if job:
            self._preview(job)

    def print_sheets(self) -> None:
        from frontdesk.ui.printing.pdf_output import print_pdf

        job = self.build_sheets()
        if job and print_pdf(self, job.pdf, job.label):
            printing.record_printed(job, self.actor)
            self.reload()

    def save_sheets(self) -> None:
        from frontdesk.ui.printing.pdf_output import ask_save_path

        job = self.build_sheets()
        path = ask_save_path(self, f"{job.label}.pdf") if job else None
        if job and path:
            self.save_job(job, path)

    def save_job(self, job: printing.PrintJob, path: object) -> bool:
        try:
            printing.check_writable(str(path))
            printing.save_pdf(job, str(path), self.actor)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Save as PDF", f"The PDF was not saved: {exc}")
            return False
        self.reload()
        return True

    def preview_day_sheet(self) -> None:
        self._preview(printing.day_sheet_job(self.day, actor=self.actor))

    def _preview(self, job: printing.PrintJob) -> None:
        from frontdesk.ui.printing.preview_window import PdfPreviewWindow

        window = PdfPreviewWindow(job, self.actor, self)
        window.printed.connect(self.reload)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.previews.append(window)
        window.destroyed.connect(lambda *_: self.previews.remove(window) if window in self.previews else None)
        window.show()


def build_with_progress(parent: QWidget | None, total: int,
                        build: Callable[[printing.Progress], printing.PrintJob]) -> printing.PrintJob | None:
    """Run a batch build behind a progress dialog with Cancel; None when cancelled."""
    dialog = QProgressDialog(f"Preparing {total} sheets…", "Cancel", 0, 100, parent)
    dialog.setObjectName("printProgress")
    dialog.setWindowTitle("Pre-visit sheets")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progress(done: int, count: int) -> bool:
        dialog.setValue(100 * done // max(count, 1))
        QApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        return build(progress)
    except printing.PrintCancelledError:
        return None
    except printing.PrintError as exc:  # the clinic's phone not set yet, say: nothing was made
        dialog.close()
        from frontdesk.ui.printing.menu import say_refused

        say_refused(parent, "Pre-visit sheets", exc)
        return None
    finally:
        dialog.setValue(100)
        dialog.close()
