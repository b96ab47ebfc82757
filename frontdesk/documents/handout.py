"""The pre-visit information sheet: a `HandoutSheet` in, PDF bytes out.

The words come from resources/handouts/<lang>.json; the times from `frontdesk.rules.handout`.
Only the patient's name appears: never the type of treatment's reason, a diagnosis or a score.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from frontdesk.documents.fonts import markup
from frontdesk.documents.qr import qr_matrix
from frontdesk.documents.styles import (
    PORTRAIT,
    RULE,
    SHADE,
    FooterMark,
    Para,
    body_size,
    build,
    para,
    story_height,
    styles,
)
from frontdesk.documents.wording import Wording, load_wording, template_fields
from frontdesk.rules.handout import HandoutPlan, calendar_event, format_us_phone, relative_day
from frontdesk.settings import ClinicProfile

QR_SIZE = 1.1 * inch
FIT_SCALES = (1.0, 0.96, 0.92, 0.88, 0.85)
FIT_MARGIN = 12  # points kept free: the measured height is an estimate


@dataclass(frozen=True)
class HandoutSheet:
    """What one sheet needs: the plan computed from the booking, the clinic, the name, the language."""

    appointment_id: int
    patient_name: str
    language: str
    plan: HandoutPlan
    clinic: ClinicProfile
    printed_on: dt.date
    with_qr: bool = True


def render_handout(sheet: HandoutSheet, *, invariant: bool = False) -> bytes:
    """One appointment's sheet as a PDF."""
    wording = load_wording(sheet.language)
    return build(fitted_story(sheet), pagesize=PORTRAIT, title=str(wording.text("title")),
                 invariant=invariant)


def render_handouts(sheets: list[HandoutSheet], *, invariant: bool = False,
                    on_sheet: Callable[[], None] | None = None, empty_text: str = "No sheets.") -> bytes:
    """Several sheets in one PDF, each starting on its own page (numbered from 1 within the sheet).

    `on_sheet` runs twice per sheet (2 × len(sheets) steps): as its story is composed, then as it is
    laid out on pages; an exception it raises stops the build.
    """
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if on_sheet is not None:
            on_sheet()
        if index:
            story.append(PageBreak())
        story.extend(fitted_story(sheet))
    if not story:
        story.append(para(empty_text, styles()["body"]))
    return build(story, pagesize=PORTRAIT, title="Pre-visit information sheets",
                 invariant=invariant, on_mark=on_sheet)


def fitted_story(sheet: HandoutSheet) -> list[Flowable]:
    """The sheet's story in the largest type (down to 85 %) that keeps it on one page."""
    width, height = body_size(PORTRAIT)
    qr = _qr(sheet, load_wording(sheet.language)) if sheet.with_qr else None  # the same at every size
    for scale in FIT_SCALES:
        story = sheet_story(sheet, scale, qr=qr)
        if story_height(story, width) <= height - FIT_MARGIN:
            return story  # measured at the frame's width: the build reuses these line breaks
    return sheet_story(sheet, FIT_SCALES[-1], qr=qr)  # still too long: it runs onto a second page


def sheet_story(sheet: HandoutSheet, scale: float = 1.0, *, qr: Flowable | None = None) -> list[Flowable]:
    """The flowables of one sheet: footer marker, header, then each section the appointment needs.
    `qr`: the sheet's QR code if already made (it does not change with the type size)."""
    wording = load_wording(sheet.language)
    values = placeholder_values(sheet, wording)
    footer = str(wording.text("footer")).format(printed=wording.date(sheet.printed_on), patient=sheet.patient_name)
    style = styles(scale)
    story: list[Flowable] = [FooterMark(footer, str(wording.text("page"))), _header(sheet, wording, style, qr),
                             Spacer(1, 6), para(str(wording.text("title")), style["title"])]
    for section in sheet.plan.sections:
        story.append(_section(section, sheet, wording, values, style))
    return story


def placeholder_values(sheet: HandoutSheet, wording: Wording) -> dict[str, str]:
    """Every {placeholder} a wording line may use, as the patient reads it."""
    plan, clinic = sheet.plan, sheet.clinic
    values = {
        "patient": sheet.patient_name,
        "clinic": clinic.name,
        "visit_kind": str(wording.text("visit_kinds", plan.visit_kind)),
        "date": wording.date(plan.start.date()),
        "start": wording.clock(plan.start),
        "arrive_by": wording.clock(plan.arrive_by),
        "total": str(wording.text("duration", "about")).format(duration=wording.duration(plan.total_minutes)),
        "leave_around": wording.clock(plan.leave_around),
        "observation": wording.duration(plan.observation_minutes),
        "alcohol_hours_before": str(plan.alcohol_hours_before),
        "alcohol_hours_after": str(plan.alcohol_hours_after),
        "phone": format_us_phone(clinic.phone),
        "after_hours": format_us_phone(clinic.after_hours_phone or clinic.phone),
        "food_time": "", "liquid_time": "", "alcohol_from": "", "no_driving_until": "",
    }
    if plan.food:
        values["food_time"] = wording.moment(plan.food.at, plan.food.day)
    if plan.liquids:
        values["liquid_time"] = wording.moment(plan.liquids.at, plan.liquids.day)
    if plan.alcohol_from:
        values["alcohol_from"] = wording.moment(plan.alcohol_from, relative_day(plan.alcohol_from, plan.start))
    if plan.no_driving_until:
        values["no_driving_until"] = wording.date(plan.no_driving_until)
    return values


def fill(template: str, values: dict[str, str], language: str = "") -> str:
    """Paragraph markup for a wording line: its text escaped, each {placeholder} filled in bold."""
    pieces = []
    previous = ""
    for literal, name in template_fields(template):
        if previous.endswith(".") and literal.startswith("."):
            literal = literal[1:]  # "… 2:00 p. m." ends the sentence already
        pieces.append(markup(literal))
        if name is None:
            continue
        if name not in values:
            raise ValueError(f"handout wording ({language}): unknown placeholder {{{name}}}")
        previous = values[name]
        pieces.append(f"<b>{markup(previous)}</b>")
    return "".join(pieces)


def _header(sheet: HandoutSheet, wording: Wording, style: dict[str, ParagraphStyle],
            qr: Flowable | None = None) -> Flowable:
    clinic = sheet.clinic
    lines = [para(clinic.name, style["clinic"])]
    lines += [para(line, style["body"]) for line in clinic.address_lines]
    lines.append(para(format_us_phone(clinic.phone) + (f"  ·  {clinic.email}" if clinic.email else ""), style["body"]))
    row: list[Any] = [lines]
    widths: list[float | None] = [None]
    if sheet.with_qr:
        row += [para(str(wording.text("qr_caption")), style["small"]), qr or _qr(sheet, wording)]
        widths += [1.3 * inch, QR_SIZE + 4]
    table = Table([row], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _qr(sheet: HandoutSheet, wording: Wording) -> Flowable:
    plan, clinic = sheet.plan, sheet.clinic
    event = calendar_event(
        uid=f"appointment-{sheet.appointment_id}@frontdesk", start=plan.arrive_by, end=plan.leave_around,
        summary=str(wording.text("calendar_summary")).format(clinic=clinic.name),
        location=", ".join((clinic.name, *clinic.address_lines)))
    return QrCode(event, QR_SIZE)


class QrCode(Flowable):
    """A QR code drawn as one filled path (far faster than drawing each module)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        # a fixed mask skips the slow search for the "best" one; every mask scans
        self.matrix: list[list[bool]] = qr_matrix(text, border=2, mask_pattern=0)
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # Whole-module coordinates written straight into the page (fast), scaled to the size once.
        count = len(self.matrix)
        rects = [f"{start} {count - 1 - row} {length} 1 re"
                 for row, modules in enumerate(self.matrix) for start, length in _dark_runs(modules)]
        self.canv.saveState()
        self.canv.scale(self.width / count, self.height / count)
        self.canv.addLiteral("\n".join(rects) + "\nf")
        self.canv.restoreState()


def _dark_runs(row: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    return [(found.start(), found.end() - found.start()) for found in _DARK_RUN.finditer(bytes(row))]


_DARK_RUN = re.compile(b"\x01+")  # bytes([True, False]) == b"\x01\x00"


def _section(section: str, sheet: HandoutSheet, wording: Wording, values: dict[str, str],
             style: dict[str, ParagraphStyle]) -> Flowable:
    lines = _section_lines(section, sheet, wording)
    body: list[Flowable] = [Para(markup(str(wording.text("sections", section, "heading"))), style["heading"])]
    body += [Para(fill(line, values, wording.language), style["bullet"], bulletText="•") for line in lines]
    if section == "medications" and sheet.plan.medication_topics:
        body.append(Para(markup(str(wording.text("sections", "medications", "topics_intro"))), style["indent"]))
        for topic in sheet.plan.medication_topics:
            text = str(wording.text("sections", "medications", "topics", topic))
            body.append(Para(fill(text, values, wording.language), style["subbullet"], bulletText="–"))
    if section in ("visit", "fasting", "call"):
        return _boxed(body)
    return KeepTogether(body)


def _section_lines(section: str, sheet: HandoutSheet, wording: Wording) -> list[str]:
    if section == "what_happens":
        return list(wording.text("sections", section, sheet.plan.visit_kind))
    if section == "driver" and sheet.plan.visit_kind == "nasal" and wording.has("sections", section, "nasal_lines"):
        return list(wording.text("sections", section, "nasal_lines"))
    return list(wording.text("sections", section, "lines"))


def _boxed(body: list[Any]) -> Flowable:
    table = Table([[body]], colWidths=["100%"])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), SHADE), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return KeepTogether([Spacer(1, 4), table])
