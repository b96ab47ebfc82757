"""The benchmark entry points build real PDFs: one sheet, a day's batch, the bare baseline."""

from __future__ import annotations

from frontdesk.documents import samples
from frontdesk.documents.handout import QrCode, _dark_runs
from tests.print_helpers import pdf_pages


def test_one_sheet_and_a_batch_of_forty() -> None:
    assert len(pdf_pages(samples.one_sheet_pdf())) == 1
    pages = pdf_pages(samples.day_batch_pdf(40))
    assert len(pages) == 40
    assert "Nguyễn Thị Lan" in pages[1] and "李明" in pages[2] and "Su cita" in pages[2]


def test_bare_baseline_has_the_pages_asked_for() -> None:
    assert len(pdf_pages(samples.bare_pages_pdf(3))) == 3


def test_qr_code_matrix_and_runs() -> None:
    code = QrCode("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", 72)
    assert len(code.matrix) == len(code.matrix[0]) >= 21
    assert _dark_runs([True, True, False, True]) == [(0, 2), (3, 1)]
