"""Putting a PDF's pages on a printer, and saving a PDF where the user chooses.

QtPdf is imported inside the functions: it is not needed on the start-up path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

MAX_RENDER_DPI = 300  # enough for text on paper; keeps each page image small


class LoadedPdf:
    """A QPdfDocument reading from memory (no temporary file), kept with the buffer it reads."""

    def __init__(self, pdf: bytes, parent: Any = None) -> None:
        from PySide6.QtPdf import QPdfDocument

        self._bytes = QByteArray(pdf)
        self.buffer = QBuffer(self._bytes, parent)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self.buffer)

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


def print_pdf(parent: QWidget | None, pdf: bytes, title: str) -> bool:
    """Ask for a printer with the system dialog, then print every page; False when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_to(printer, pdf)


def print_to(printer: QPrinter, pdf: bytes, progress: Callable[[int, int], bool] | None = None) -> bool:
    """Render each page of `pdf` onto `printer` (QPdfDocument.render → QPainter); False if stopped."""
    loaded = LoadedPdf(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        loaded.close()
        raise OSError("the printer could not be started")
    try:
        return _paint_pages(loaded, printer, painter, progress)
    finally:
        painter.end()
        loaded.close()


def _paint_pages(loaded: LoadedPdf, printer: QPrinter, painter: QPainter,
                 progress: Callable[[int, int], bool] | None) -> bool:
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    for page in range(loaded.page_count):
        if progress is not None and progress(page, loaded.page_count) is False:
            return False
        if page:
            printer.newPage()
        points = loaded.document.pagePointSize(page)
        image = loaded.document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
        painter.drawImage(_target(painter, image.width() / image.height()), image)
    return True


def _target(painter: QPainter, aspect: float) -> QRect:
    """The largest rectangle of the page's aspect that fits the printable area, centred."""
    area = painter.viewport()
    width = min(area.width(), round(area.height() * aspect))
    height = round(width / aspect)
    return QRect(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width, height)


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """The file the user picks in the save dialog (".pdf" added), or None."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save as PDF", suggested, "PDF files (*.pdf)")
    if not path:
        return None
    return Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
