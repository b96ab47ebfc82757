"""The benchmark entry points build real PDFs: one sheet, a day's batch, the bare baseline."""

from __future__ import annotations

from frontdesk.documents import samples
from frontdesk.documents.qr import qr_modules
from frontdesk.documents.sheet_canvas import qr_path
from tests.documents.qr_helpers import qr_matrix
from tests.print_helpers import pdf_pages


def test_one_sheet_and_a_batch_of_forty() -> None:
    assert len(pdf_pages(samples.one_sheet_pdf())) == 1
    pages = pdf_pages(samples.day_batch_pdf(40))
    assert len(pages) == 40
    assert "Nguyễn Thị Lan" in pages[1] and "李明" in pages[2] and "Su cita" in pages[2]


def test_bare_baseline_has_the_pages_asked_for() -> None:
    assert len(pdf_pages(samples.bare_pages_pdf(3))) == 3


def test_qr_path_has_one_rectangle_per_dark_run_of_a_row() -> None:
    text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    code, rows = qr_modules(text), qr_matrix(text, border=2)
    assert len(rows) == len(rows[0]) == code.count + 4 >= 25
    expected = []
    for row, modules in enumerate(rows):
        for col, dark in enumerate(modules):
            if dark and (col == 0 or not modules[col - 1]):
                length = next((n for n in range(col, len(modules)) if not modules[n]), len(modules)) - col
                expected.append(f"{col} {len(rows) - 1 - row} {length} 1 re")
    assert qr_path(code, border=2).splitlines() == [*expected, "f"]
