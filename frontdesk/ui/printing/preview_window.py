"""A window showing a built PDF's real pages (QPdfView), with Print and Save as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QToolBar, QWidget

from frontdesk.services import printing
from frontdesk.ui.forms import size_to_screen
from frontdesk.ui.printing.pdf_output import LoadedPdf, ask_save_path, print_pdf
from frontdesk.values import Actor


class PdfPreviewWindow(QMainWindow):
    """Shows `job`'s pages; printing or saving records the print in the audit trail."""

    printed = Signal()  # after a print or a save went through
    saved = Signal(str)

    def __init__(self, job: printing.PrintJob, actor: Actor, parent: QWidget | None = None) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.job, self.actor = job, actor
        self.setObjectName("pdfPreview")
        self.setWindowTitle(f"Preview: {job.title}")
        self.loaded = LoadedPdf(job.pdf, self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfPreviewPages")
        self.view.setAccessibleName("Pages to print")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.loaded.document)
        self.setCentralWidget(self.view)
        self.view.setFocus()  # the pages scroll with the arrow and page keys from the start
        self._build_toolbar()
        size_to_screen(self, *preview_size(self.loaded.document), minimum=(480, 360))

    @property
    def page_count(self) -> int:
        return self.loaded.page_count

    def _build_toolbar(self) -> None:
        bar = QToolBar("Print", self)
        bar.setObjectName("pdfPreviewToolbar")
        self.print_action = self._action("&Print…", QKeySequence.StandardKey.Print, self.print_document)
        self.save_action = self._action("&Save as PDF…", QKeySequence.StandardKey.Save, self.ask_and_save)
        self.close_action = self._action("&Close", QKeySequence.StandardKey.Close, self.close)
        # Escape closes a preview as it closes a dialog (the standard Close is Ctrl+F4 and Ctrl+W here).
        self.close_action.setShortcuts([*self.close_action.shortcuts(), QKeySequence(Qt.Key.Key_Escape)])
        for action in (self.print_action, self.save_action, self.close_action):
            bar.addAction(action)
        self.addToolBar(bar)

    def _action(self, text: str, shortcut: QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(shortcut)  # every binding the platform has (Close: Ctrl+F4 and Ctrl+W), not the first
        action.triggered.connect(slot)
        return action

    def print_document(self) -> bool:
        if not print_pdf(self, self.job.pdf, self.job.label):
            return False
        printing.record_printed(self.job, self.actor)
        self.printed.emit()
        return True

    def ask_and_save(self) -> Path | None:
        path = ask_save_path(self, f"{self.job.label}.pdf")
        return self.save_to(path) if path else None

    def save_to(self, path: Path) -> Path | None:
        try:
            printing.check_writable(path)
            saved = printing.save_pdf(self.job, path, self.actor)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Save as PDF", f"The PDF was not saved: {exc}")
            return None
        self.printed.emit()
        self.saved.emit(str(saved))
        return saved

    def closeEvent(self, event: object) -> None:
        self.loaded.close()
        super().closeEvent(event)  # type: ignore[arg-type]


def preview_size(document: object) -> tuple[int, int]:
    """A window that shows a page whole across, as the page is turned (a landscape day sheet or call
    list wider than tall); `size_to_screen` fits it to the screen it opens on (a 1366×768 desk screen)."""
    return (1100, 860) if _landscape(document) else (760, 900)


def _landscape(document: object) -> bool:
    size = document.pagePointSize(0) if document.pageCount() else None  # type: ignore[attr-defined]
    return bool(size is not None and size.width() > size.height())
