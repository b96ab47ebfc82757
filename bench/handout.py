"""Pre-visit sheets: one against a bare reportlab document with the same text, and a batch of 40.

Also, for information, the morning's first sheet: one sheet in a fresh process (imports, fonts and
all, as the first print of the day waits for), against the bare document in a fresh process. Run as
`python -m bench.handout first DB APPOINTMENT_ID` or `… bare TEXT_FILE`, each prints its milliseconds.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from bench.figures import INFO, Figure, median, skipped, time_pair_ms

REPEAT = 9
BATCH = 40
FIRST_REPEAT = 3


def measure(clinic: Path) -> list[Figure]:
    try:
        from frontdesk.services import printing
        handout_job, handouts_job = printing.handout_job, printing.handouts_job  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        reason = "frontdesk.services.printing (handout_job, handouts_job) is not there yet"
        return [skipped("handout one sheet median ms", "ratio <= 3", reason),
                skipped(f"handout {BATCH} sheets median ms", "value <= 1000", reason)]
    from frontdesk.data.database import open_database

    db = open_database(str(clinic))
    ids = _upcoming_appointments(clinic, BATCH)
    one = handout_job(ids[0]).pdf
    batch = handouts_job(ids).pdf
    one_text, batch_text = _text_of(one), _text_of(batch)
    one_ms, bare_one = time_pair_ms(lambda: handout_job(ids[0]), lambda: _bare_document([one_text]), REPEAT)
    batch_ms, bare_batch = time_pair_ms(lambda: handouts_job(ids), lambda: _bare_document(batch_text.split("\f")), 3)
    db.close()
    first_ms, bare_first = _first_sheets(clinic, ids[0], one_text)
    return [
        Figure("handout one sheet median ms", median(one_ms), median(bare_one), "ratio <= 3",
               note=f"{len(one_text)} characters of text"),
        Figure(f"handout {BATCH} sheets median ms", median(batch_ms), median(bare_batch), "value <= 1000"),
        Figure("handout first sheet of a process median ms", median(first_ms), median(bare_first), INFO,
               note="imports and fonts included: what the first print of the day waits for"),
    ]


def _first_sheets(clinic: Path, appointment_id: int, text: str) -> tuple[list[float], list[float]]:
    """Milliseconds of the first sheet in fresh processes, the app's and the bare document's in turns."""
    with tempfile.TemporaryDirectory() as folder:
        text_file = Path(folder) / "sheet.txt"
        text_file.write_text(text, encoding="utf-8")
        app: list[float] = []
        bare: list[float] = []
        for _ in range(FIRST_REPEAT):
            app.append(_child_ms(["first", str(clinic), str(appointment_id)]))
            bare.append(_child_ms(["bare", str(text_file)]))
    return app, bare


def _child_ms(arguments: list[str]) -> float:
    run = subprocess.run([sys.executable, "-m", "bench.handout", *arguments], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ))
    if run.returncode != 0:
        raise RuntimeError(f"first-sheet probe {arguments[0]} failed: {run.stderr.strip()[-300:]}")
    return float(run.stdout.split()[-1])


def _first_sheet_here(db: str, appointment_id: int) -> float:
    from frontdesk.data.database import open_database

    open_database(db)
    started = time.perf_counter()
    from frontdesk.services import printing

    printing.handout_job(appointment_id)  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000


def _bare_first_here(text_file: str) -> float:
    text = Path(text_file).read_text(encoding="utf-8")
    started = time.perf_counter()
    _bare_document([text])
    return (time.perf_counter() - started) * 1000


def _upcoming_appointments(clinic: Path, count: int) -> list[int]:
    """The next `count` booked appointments from tomorrow on, as the desk prints them."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with sqlite3.connect(clinic) as raw:
        rows = raw.execute(
            "SELECT id FROM appointment WHERE start_utc >= ? AND outcome IS NULL ORDER BY start_utc LIMIT ?",
            (tomorrow.isoformat(), count),
        ).fetchall()
    return [row[0] for row in rows]


def _text_of(pdf: bytes) -> str:
    """The PDF's text, pages separated by form feeds."""
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _bare_document(pages: list[str]) -> Any:
    """The same text as plain Helvetica lines on canvas pages: the least a PDF of it can cost."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1)
    for page in pages:
        y = 750.0
        for line in _lines(page):
            canvas.drawString(40, y, line)
            y -= 11
            if y < 40:
                canvas.showPage()
                y = 750.0
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in text.splitlines():
        out += textwrap.wrap(paragraph, 100) or [""]
    return out


if __name__ == "__main__":
    if sys.argv[1] == "first":
        print(f"{_first_sheet_here(sys.argv[2], int(sys.argv[3])):.3f}")
    else:
        print(f"{_bare_first_here(sys.argv[2]):.3f}")
