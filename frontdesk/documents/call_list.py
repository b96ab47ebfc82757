"""The confirmation call list on paper: a day's bookings to confirm, how to reach each patient, where each
stands, and a blank column for what came of the call (for a second person calling, or a day the
computers are down). Landscape, one table, its headings repeated on every page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import Flowable, Spacer

from frontdesk.documents.styles import LANDSCAPE, FooterMark, build, para, styles, worklist_table

COLUMNS = ("Time", "Patient", "How to reach", "Status", "Still missing", "Outcome")
WIDTHS = (0.95, 1.5, 2.6, 1.3, 1.6, None)  # the outcome, written by hand, takes what is left (about 1.9 in)
SCALE = 1.05  # a little bigger than the day sheet's: numbers are read out and dialled from it


@dataclass(frozen=True)
class CallListRow:
    start: dt.datetime
    arrive_by: dt.datetime
    patient: str
    reach: str  # "(828) 555-0102 (mobile) · prefers text · no voicemail"
    language: str  # "speaks Spanish", or ""
    status: str  # "To call", "Left a message · 2 tries", "Confirmed", "Wants another time"
    missing: tuple[str, ...]
    act: bool = False  # nobody reached yet, or the patient wants something done: in bold


@dataclass(frozen=True)
class CallList:
    clinic_name: str
    day: dt.date
    printed_at: dt.datetime
    summary: str  # "9 bookings · 4 confirmed · 2 to call"
    rows: list[CallListRow]


def render_call_list(sheet: CallList, *, invariant: bool = False) -> bytes:
    return build(_story(sheet), pagesize=LANDSCAPE, title=f"Confirmation calls {sheet.day.isoformat()}",
                 invariant=invariant)


def _story(sheet: CallList) -> list[Flowable]:
    style = styles(SCALE)
    day_text = sheet.day.strftime("%A, %B ") + str(sheet.day.day) + sheet.day.strftime(", %Y")
    printed = f"{sheet.printed_at:%Y-%m-%d %H:%M}"
    return [
        FooterMark(f"Confirmation calls {sheet.day.isoformat()} · printed {printed} · confidential: patient "
                   "information"),
        para(f"Confirmation calls: {day_text}", style["title"]),
        para(f"{sheet.clinic_name} · {sheet.summary}", style["small"]),
        Spacer(1, 6),
        _table(sheet.rows),
    ]


def _table(rows: list[CallListRow]) -> Flowable:
    return worklist_table(COLUMNS, WIDTHS, [_row(row) for row in rows], empty="No bookings to confirm on this day.",
                          scale=SCALE, room_to_write=12)  # room to write the outcome by hand


def _row(row: CallListRow) -> list[object]:
    style = styles(SCALE)
    reach = [para(row.reach, style["cell"])]
    if row.language:
        reach.append(para(row.language, style["cell_bold"]))
    return [
        [para(f"{row.start:%H:%M}", style["cell_bold"]), para(f"arrive {row.arrive_by:%H:%M}", style["cell_small"])],
        para(row.patient, style["cell"]),
        reach,
        para(row.status, style["cell_bold"] if row.act else style["cell"]),
        [para(f"• {gap}", style["cell"]) for gap in row.missing] or para("", style["cell"]),
        "",
    ]
