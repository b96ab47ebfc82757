"""The REMS patient monitoring forms still to send, on paper: the worklist for whoever sends them on the
REMS site (most overdue first, the overdue in bold), with a blank column to tick each one off and write
the site's confirmation. Landscape, one table, its headings repeated on every page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import Flowable, Spacer

from frontdesk.documents.styles import LANDSCAPE, FooterMark, build, para, styles, worklist_table

COLUMNS = ("Session", "Patient", "Chart", "Chair", "Form due", "Where it stands", "Sent: confirmation")
WIDTHS = (1.35, 1.9, 0.85, 0.85, 1.1, 1.75, None)  # the last, filled in by hand, takes what is left


@dataclass(frozen=True)
class RemsFormRow:
    session: dt.datetime  # clinic-local
    patient: str
    chart: str
    chair: str
    due: dt.date
    state: str  # "overdue by 2 days", "due tomorrow", "submitted Mon 23 Nov by desk"
    overdue: bool = False
    reference: str = ""  # the REMS site's confirmation, for a form already sent


@dataclass(frozen=True)
class RemsFormsSheet:
    clinic_name: str
    printed_at: dt.datetime
    summary: str  # "5 forms to send · 2 overdue"
    rows: list[RemsFormRow]


def render_rems_forms(sheet: RemsFormsSheet, *, invariant: bool = False) -> bytes:
    return build(_story(sheet), pagesize=LANDSCAPE, title=f"REMS monitoring forms {sheet.printed_at:%Y-%m-%d}",
                 invariant=invariant)


def _story(sheet: RemsFormsSheet) -> list[Flowable]:
    style = styles()
    printed = f"{sheet.printed_at:%m/%d/%Y %H:%M}"
    return [
        FooterMark(f"REMS monitoring forms · printed {printed} · confidential: patient information"),
        para("REMS patient monitoring forms to send", style["title"]),
        para(f"{sheet.clinic_name} · {sheet.summary} · printed {printed}", style["small"]),
        Spacer(1, 6),
        worklist_table(COLUMNS, WIDTHS, [_row(row) for row in sheet.rows], empty="No REMS monitoring forms to send."),
    ]


def _row(row: RemsFormRow) -> list[object]:
    style = styles()
    emphasis = style["cell_bold"] if row.overdue else style["cell"]
    return [
        para(f"{row.session:%m/%d/%Y %H:%M}", style["cell"]),
        para(row.patient, emphasis),
        para(row.chart, style["cell"]),
        para(row.chair or "—", style["cell"]),
        para(f"{row.due:%m/%d/%Y}", emphasis),
        para(row.state, emphasis),
        para(row.reference, style["cell"]) if row.reference else "",
    ]
