"""The nurses' day sheet: landscape, one table per chair in time order, blank columns for vitals and notes.

Also the downtime copy of the day: it lists every chair, even one with nothing booked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from frontdesk.documents.fonts import markup
from frontdesk.documents.styles import HEADER_BLUE, LANDSCAPE, RULE, SHADE, FooterMark, body_size, build, para, styles

COLUMNS = ("Chair time", "Patient", "Visit", "Series", "Readiness and flags", "BP", "Pulse", "SpO₂", "Notes")
WIDTHS = (1.2, 1.6, 1.15, 0.62, 1.95, 0.95, 0.72, 0.72, None)
VITALS_TIMES = ("pre", "mid", "post")  # a ketamine visit's vitals: before dosing, during, before discharge
FIRST_BLANK = 5  # BP onwards are left empty for the nurses
HEADING_ROWS = 2  # the chair's name and the column headings: repeated on each page its table runs onto
FEWEST_ON_A_PAGE = 2  # rows of a chair: never one alone at the foot of a page or the top of the next


class ChairTable(Table):
    """A chair's table that never leaves one of its rows alone on a page: where a page would end after
    its first row, or the next begin with its last, the split moves a row over, or the whole table to
    the next page. On a fresh page it splits as any table would (a page holds several rows)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab's names)
        parts: list[Flowable] = list(super().split(availWidth, availHeight))
        if len(parts) != 2:
            return parts
        first, second = (len(part._cellvalues) - HEADING_ROWS for part in parts)  # type: ignore[attr-defined]
        if second >= FEWEST_ON_A_PAGE and first >= FEWEST_ON_A_PAGE:
            return parts
        fresh_page = availHeight >= body_size(LANDSCAPE)[1] - 1
        if first < FEWEST_ON_A_PAGE:
            return parts if fresh_page else []  # all of it on the next page
        kept = HEADING_ROWS + first - (FEWEST_ON_A_PAGE - second)  # rows left here, the next page taking more
        shorter = sum(self._rowHeights[:kept]) + 0.5  # type: ignore[attr-defined]
        parts = list(super().split(availWidth, shorter))
        if len(parts) == 2 and len(parts[0]._cellvalues) - HEADING_ROWS >= FEWEST_ON_A_PAGE:  # type: ignore[attr-defined]
            return parts
        return list(super().split(availWidth, availHeight)) if fresh_page else []


class ChairHeading(Flowable):
    """A chair's name over its table: "Chair 2 (7)" where the table begins, "Chair 2 (7), continued" at
    the top of each page it runs onto (reportlab repeats the heading row itself; it is drawn again)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        style = styles()["heading"]
        self._first, self._again = para(text, style), para(f"{text}, continued", style)
        self._begins: tuple[int, int] | None = None  # (canvas, page) where the table begins

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        sizes = [part.wrap(availWidth, availHeight) for part in (self._first, self._again)]
        self.width, self.height = max(w for w, _ in sizes), max(h for _, h in sizes)
        return self.width, self.height

    def draw(self) -> None:
        here = (id(self.canv), self.canv.getPageNumber())
        if self._begins is None or self._begins[0] != here[0]:  # a first drawing, or the story drawn anew
            self._begins = here
        shown = self._first if here == self._begins else self._again
        shown.drawOn(self.canv, 0, self.height - shown.height)


@dataclass(frozen=True)
class DaySheetRow:
    start: dt.datetime
    end: dt.datetime
    patient: str
    visit: str
    series: str = ""
    readiness: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    status: str = "booked"
    language: str = ""  # "Spanish · interpreter needed"; "" when English without an interpreter
    driver: str = ""  # "Luis Núñez (brother), (828) 555-0150": who takes the patient home
    weight: str = ""  # "72.5 kg (11/20/2026)": the intake's weight, for weight-based dosing
    times: tuple[str, ...] = ()  # ("treatment 09:15", "recovery to 10:25"): the planned times nurses work to
    vitals: bool = True  # a ketamine visit: its vitals cells are lined for before, during and after
    warning: str = ""  # what the board marks it for ("Collides"): a block over it, the chair taken before it


@dataclass(frozen=True)
class DaySheetChair:
    name: str
    rows: list[DaySheetRow] = field(default_factory=list)


@dataclass(frozen=True)
class DaySheet:
    clinic_name: str
    day: dt.date
    printed_at: dt.datetime
    chairs: list[DaySheetChair]
    notices: tuple[str, ...] = ()  # the day's blocked times: "Lunch 12:00–13:00, all chairs", "Prescriber away …"


def render_day_sheet(sheet: DaySheet, *, invariant: bool = False) -> bytes:
    """The day sheet as a landscape PDF."""
    return build(_story(sheet), pagesize=LANDSCAPE, title=f"Day sheet {sheet.day.isoformat()}",
                 invariant=invariant)


def _story(sheet: DaySheet) -> list[Flowable]:
    style = styles()
    day_text = sheet.day.strftime("%A, %B ") + str(sheet.day.day) + sheet.day.strftime(", %Y")
    printed = f"{sheet.printed_at:%m/%d/%Y %H:%M}"
    story: list[Flowable] = [
        FooterMark(f"Day sheet {sheet.day:%m/%d/%Y} · printed {printed} · confidential: patient information"),
        para(f"Day sheet: {day_text}", style["title"]),
        para(sheet.clinic_name, style["small"]),
        *(para(f"⚠ {notice}", style["cell_bold"]) for notice in sheet.notices),
        Spacer(1, 4),
    ]
    for chair in sheet.chairs:
        story.extend(_chair_block(chair))
    return story


def _chair_block(chair: DaySheetChair) -> list[Flowable]:
    """The chair's table; its name and the column headings repeat on every page it runs onto."""
    style = styles()
    blank = [""] * (len(COLUMNS) - 1)
    rows: list[list[object]] = [
        [ChairHeading(f"{chair.name} ({len(chair.rows)})"), *blank],
        [Paragraph(markup(name), style["cell_head"]) for name in COLUMNS],
    ]
    rows += [_row(row) for row in chair.rows]
    if not chair.rows:
        rows.append([para("Nothing booked", style["cell"]), *blank])
    table = ChairTable(rows, colWidths=[w * inch if w else None for w in WIDTHS], repeatRows=HEADING_ROWS)
    commands = [
        ("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (0, 0), (0, 0), 0), ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
        ("BACKGROUND", (0, 1), (-1, 1), HEADER_BLUE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 1), (-1, -1), 0.4, RULE), ("TOPPADDING", (0, 2), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 9),
    ]
    commands += [("BACKGROUND", (0, i), (FIRST_BLANK - 1, i), SHADE) for i in range(3, len(rows), 2)]
    if not chair.rows:
        commands.append(("SPAN", (0, 2), (-1, 2)))
    table.setStyle(TableStyle(commands))
    return [CondPageBreak(1.3 * inch), Spacer(1, 4), table]


def _row(row: DaySheetRow) -> list[object]:
    style = styles()
    notes = [para(f"⚠ {row.warning}", style["cell_bold"])] if row.warning else []
    notes += [para(f"• {gap}", style["cell"]) for gap in row.readiness]
    notes += [para(f"⚑ Flag: {flag}", style["cell_bold"]) for flag in row.flags]
    status = "" if row.status == "booked" else f" ({row.status.replace('_', ' ')})"
    minutes = int((row.end - row.start).total_seconds() // 60)
    patient = [para(row.patient + status, style["cell"])]
    if row.language:
        patient.append(para(row.language, style["cell_bold"]))
    if row.weight:
        patient.append(para(f"Weight {row.weight}", style["cell_small"]))
    if row.driver:
        patient.append(para(f"Driver: {row.driver}", style["cell_small"]))
    return [
        [para(f"{row.start:%H:%M}–{row.end:%H:%M}", style["cell_bold"]), para(f"{minutes} min", style["cell"]),
         *(para(line, style["cell_small"]) for line in row.times)],
        patient,
        para(row.visit, style["cell"]),
        para(row.series, style["cell"]),
        notes or para("ready", style["cell"]),
        *([_vitals_cell()] * 3 if row.vitals else ["", "", ""]),
        "",
    ]


def _vitals_cell() -> list[Flowable]:
    """Three labelled lines to write a reading on: before dosing, during, before discharge."""
    style = styles()
    return [para(f"{when} ____", style["cell_faint"]) for when in VITALS_TIMES]

