"""Fictitious sheets for benchmarks and demos: time one sheet, a day's batch, and a bare reportlab baseline.

    one_sheet_pdf()         one pre-visit sheet (fonts, QR code, fit-to-page)
    day_batch_pdf(40)       40 sheets in one PDF
    bare_pages_pdf(pages)   the same number of plain-text reportlab pages, the floor to compare with

The floor holds as much text as a sheet: a sample sheet prints about 2,500 characters on 48 lines, so
a bare page is 48 lines of 53 characters (2,544) in Helvetica, on the same letter-size page.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from frontdesk.documents.handout import HandoutSheet, render_handout, render_handouts
from frontdesk.rules.handout import MEDICATION_CLASSES, plan_handout
from frontdesk.settings import ClinicProfile

_NAMES = ("Ana Ruiz", "Nguyễn Thị Lan", "李明", "José-María Núñez", "Siobhán O'Brien", "Zoë Cohen")
_KINDS = {
    "iv_mood": (15, 40, 30, 360, 120),
    "esketamine": (15, 15, 120, 120, 30),
    "consult": (0, 30, 0, None, None),
}


def sample_sheet(number: int, day: dt.date = dt.date(2026, 12, 1)) -> HandoutSheet:
    """The `number`-th fictitious sheet of a day: names, kinds, languages and topics vary."""
    profile = ClinicProfile()
    kind = ("iv_mood", "iv_mood", "esketamine", "consult")[number % 4]
    prep, treatment, recovery, food, liquids = _KINDS[kind]
    start = dt.datetime.combine(day, dt.time(7 + number % 10, 15 * (number % 4)), tzinfo=ZoneInfo(profile.timezone))
    plan = plan_handout(kind=kind, start=start, prep_minutes=prep, treatment_minutes=treatment,
                        recovery_minutes=recovery, food_cutoff_minutes=food, liquid_cutoff_minutes=liquids,
                        medication_classes=MEDICATION_CLASSES[: number % 4])
    return HandoutSheet(number + 1, _NAMES[number % len(_NAMES)], ("en", "en", "es")[number % 3], plan, profile,
                        day - dt.timedelta(days=1))


def one_sheet_pdf() -> bytes:
    return render_handout(sample_sheet(0), invariant=True)


def day_batch_pdf(count: int = 40) -> bytes:
    return render_handouts([sample_sheet(n) for n in range(count)], invariant=True)


BARE_LINE = "Sample line of a pre-visit sheet, with some words: 1."  # 53 characters
SHEET_LINES = 48


def bare_pages_pdf(pages: int = 1, lines_per_page: int = SHEET_LINES) -> bytes:
    """Plain Helvetica text, no layout engine: what a page with a sheet's amount of text costs at the least."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1)
    for _ in range(pages):
        for line in range(lines_per_page):
            canvas.drawString(40, 750 - line * 14, BARE_LINE)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
