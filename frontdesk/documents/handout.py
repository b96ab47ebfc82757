"""The pre-visit information sheet: a `HandoutSheet` in, PDF bytes out.

The words come from resources/handouts/<lang>.json; the times from `frontdesk.rules.handout`.
Only the patient's name appears: never the type of treatment's reason, a diagnosis or a score.

The sheet is drawn with the small canvas layout in sheet_canvas.py (platypus cost most of a sheet's time),
with the same look: header with the clinic and the QR code, title, shaded boxes for the visit, fasting and
whom-to-call sections, and a footer naming the patient with the page within the sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from frontdesk.documents.fonts import BOLD
from frontdesk.documents.qr import QrModules, qr_modules
from frontdesk.documents.sheet_canvas import (
    Element,
    FontFamily,
    Gap,
    Page,
    PageWriter,
    Run,
    ShadedBox,
    TextBlock,
    choose_family,
    draw_qr,
    draw_stacked,
    new_canvas,
    stacked_height,
    text_block,
    text_width,
)
from frontdesk.documents.styles import (
    BOTTOM_MARGIN,
    FOOTER_LABEL_ROOM,
    FOOTER_LABEL_SIZE,
    FOOTER_LABEL_Y,
    FOOTER_TEXT_Y,
    MARGIN,
    MUTED,
    PORTRAIT,
    RULE,
    SHADE,
    TOP_MARGIN,
    body_size,
    draw_footer_rule,
    styles,
)
from frontdesk.documents.wording import Wording, load_wording, template_fields
from frontdesk.rules.contact import format_us_phone
from frontdesk.rules.handout import HandoutPlan, SeriesDates, calendar_event, relative_day
from frontdesk.settings import ClinicProfile

QR_SIZE = 1.1 * inch
QR_COLUMN = QR_SIZE + 4
CAPTION_WIDTH = 1.3 * inch
CELL_PADDING = 6  # a table cell's right padding (platypus's default)
HEADER_PADDING = (3, 6)  # top, bottom
BOX_PADDING = (2, 8, 5, 8)  # top, right, bottom, left
BOX_GAP = 4
TITLE_GAP = 6
FIT_SCALES = (1.0, 0.96, 0.92, 0.88, 0.85)
FIT_MARGIN = 12  # points kept free at the foot of a page that must hold the whole sheet
BOXED_SECTIONS = ("visit", "fasting", "call")
_FUZZ = 1e-6


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
    series: SeriesDates | None = None  # a session of a treatment series: its place and the later dates


@dataclass(frozen=True)
class ParaSpec:
    """One paragraph's words before layout: its runs, the style's name and its bullet."""

    runs: tuple[Run, ...]
    style: str
    bullet: str | None = None


@dataclass(frozen=True)
class SheetContent:
    """Everything printed on one sheet, before it is laid out at a type size."""

    clinic_lines: tuple[ParaSpec, ...]
    caption: ParaSpec | None
    qr: QrModules | None
    title: ParaSpec
    sections: tuple[tuple[bool, tuple[ParaSpec, ...]], ...]  # (boxed, paragraphs)
    footer: str
    page_label: str

    def texts(self) -> Iterator[str]:
        """Every string the sheet prints (to choose its fonts)."""
        paragraphs = [*self.clinic_lines, self.title, *(p for _, section in self.sections for p in section)]
        if self.caption is not None:
            paragraphs.append(self.caption)
        for spec in paragraphs:
            yield from (text for text, _ in spec.runs)
            if spec.bullet:
                yield spec.bullet
        yield self.footer
        yield self.page_label


@dataclass(frozen=True)
class LaidOutSheet:
    """A sheet's content laid out at one type size: groups of elements kept on one page each."""

    groups: list[list[Element]]
    family: FontFamily
    footer: str
    page_label: str


def render_handout(sheet: HandoutSheet, *, invariant: bool = False) -> bytes:
    """One appointment's sheet as a PDF."""
    wording = load_wording(sheet.language)
    canvas, buffer = new_canvas(PORTRAIT, title=str(wording.text("title")), invariant=invariant)
    draw_sheet(canvas, fitted_sheet(sheet))
    canvas.save()
    return buffer.getvalue()


def render_handouts(sheets: list[HandoutSheet], *, invariant: bool = False,
                    on_sheet: Callable[[], None] | None = None, empty_text: str = "No sheets.") -> bytes:
    """Several sheets in one PDF, each starting on its own page (numbered from 1 within the sheet).

    `on_sheet` runs twice per sheet (2 × len(sheets) steps): as it is laid out, then as it is drawn on its
    pages; an exception it raises stops the build.
    """
    laid_out: list[LaidOutSheet] = []
    for sheet in sheets:
        if on_sheet is not None:
            on_sheet()
        laid_out.append(fitted_sheet(sheet))
    canvas, buffer = new_canvas(PORTRAIT, title="Pre-visit information sheets", invariant=invariant)
    for one in laid_out:
        if on_sheet is not None:
            on_sheet()
        draw_sheet(canvas, one)
    if not laid_out:
        draw_sheet(canvas, _message_sheet(empty_text))
    canvas.save()
    return buffer.getvalue()


def fitted_sheet(sheet: HandoutSheet) -> LaidOutSheet:
    """The sheet laid out in the largest type (down to 85 %) that keeps it on one page."""
    content = sheet_content(sheet)
    family = choose_family(content.texts())
    width, height = body_size(PORTRAIT)
    for scale in FIT_SCALES:
        groups = lay_out(content, family, styles(scale), width)
        if flow_height(groups) <= height - FIT_MARGIN:
            break  # else it still runs onto a second page at the smallest size
    return LaidOutSheet(groups, family, content.footer, content.page_label)


def sheet_content(sheet: HandoutSheet) -> SheetContent:
    """The words of one sheet: header, title, then each section the appointment needs."""
    wording = load_wording(sheet.language)
    values = placeholder_values(sheet, wording)
    clinic = sheet.clinic
    clinic_lines = [ParaSpec(((clinic.name, False),), "clinic")]
    clinic_lines += [ParaSpec(((line, False),), "body") for line in clinic.address_lines]
    phone = format_us_phone(clinic.phone) + (f"  ·  {clinic.email}" if clinic.email else "")
    clinic_lines.append(ParaSpec(((phone, False),), "body"))
    caption = ParaSpec(((str(wording.text("qr_caption")), False),), "small") if sheet.with_qr else None
    sections = tuple((section in BOXED_SECTIONS, _section(section, sheet, wording, values))
                     for section in sheet.plan.sections if _has_words(section, sheet))
    footer = str(wording.text("footer")).format(printed=wording.date(sheet.printed_on), patient=sheet.patient_name)
    return SheetContent(tuple(clinic_lines), caption, _qr(sheet, wording) if sheet.with_qr else None,
                        ParaSpec(((str(wording.text("title")), False),), "title"), sections, footer,
                        str(wording.text("page")))


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
        "arrive_by_with_article": _with_article(wording.clock(plan.arrive_by), plan.arrive_by, wording),
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
    if plan.alcohol_from:  # after "from" / "desde": "desde las 8:00 a. m. del lunes …" takes its article
        values["alcohol_from"] = _with_article(
            wording.moment(plan.alcohol_from, relative_day(plan.alcohol_from, plan.start)), plan.alcohol_from, wording)
    if plan.no_driving_until:
        values["no_driving_until"] = wording.date(plan.no_driving_until)
    if sheet.series is not None:
        values["session"], values["sessions"] = str(sheet.series.position), str(sheet.series.total)
        values["next_sessions"] = "; ".join(wording.session(moment) for moment in sheet.series.later)
    return {name: _times_unbroken(value, wording) if name in _CLOCK_VALUES else value for name, value in values.items()}


_CLOCK_VALUES = ("start", "arrive_by", "arrive_by_with_article", "leave_around", "food_time", "liquid_time",
                 "alcohol_from", "next_sessions")


def _with_article(text: str, moment: dt.datetime, wording: Wording) -> str:
    """`text` led by the article the language sets before a clock time ("las 8:00", "la 1:00"; none in
    English), from the wording's reminder lines, where a clinic's own file keeps them."""
    articles = wording.data.get("reminder", {}).get("time_articles", {})
    article = articles.get(str(moment.hour % 12 or 12), articles.get("other", ""))
    return f"{article} {text}" if article else text


def _times_unbroken(text: str, wording: Wording) -> str:
    """A clock time kept on one line ("9:00" / "AM" was split across two in a list of sessions)."""
    for suffix in (wording.data["time"]["am"], wording.data["time"]["pm"]):
        text = text.replace(f" {suffix}", "\u00a0" + suffix.replace(" ", "\u00a0"))
    return text


def fill_runs(template: str, values: dict[str, str], language: str = "") -> tuple[Run, ...]:
    """A wording line as runs: its literal text, and each {placeholder} filled in bold."""
    runs: list[Run] = []
    previous = ""
    for literal, name in template_fields(template):
        if previous.endswith(".") and literal.startswith("."):
            literal = literal[1:]  # "… 2:00 p. m." ends the sentence already
        if literal:
            runs.append((literal, False))
        if name is None:
            continue
        if name not in values:
            raise ValueError(f"handout wording ({language}): unknown placeholder {{{name}}}")
        previous = values[name]
        runs.append((previous, True))
    return tuple(runs)


def _section(section: str, sheet: HandoutSheet, wording: Wording, values: dict[str, str]) -> tuple[ParaSpec, ...]:
    heading = str(wording.text("sections", section, "heading"))
    body = [ParaSpec(((heading, False),), "heading")]
    body += [ParaSpec(fill_runs(line, values, wording.language), "bullet", "•")
             for line in _section_lines(section, sheet, wording) if _all_filled(line, values)]
    if section == "medications" and sheet.plan.medication_topics:
        intro = str(wording.text("sections", "medications", "topics_intro"))
        body.append(ParaSpec(((intro, False),), "indent"))
        for topic in sheet.plan.medication_topics:
            text = str(wording.text("sections", "medications", "topics", topic))
            body.append(ParaSpec(fill_runs(text, values, wording.language), "subbullet", "–"))
    return tuple(body)


def _has_words(section: str, sheet: HandoutSheet) -> bool:
    """Eating and drinking only when the type sets a cut-off (a clinic may set none: "0 = none")."""
    return section != "fasting" or sheet.plan.food is not None or sheet.plan.liquids is not None


def _all_filled(line: str, values: dict[str, str]) -> bool:
    """A line whose every placeholder has a value: "Last clear liquids: ." was printed for a type with
    no liquids cut-off."""
    return all(values.get(name) != "" for _, name in template_fields(line) if name is not None)


def _section_lines(section: str, sheet: HandoutSheet, wording: Wording) -> list[str]:
    if section == "visit":
        return list(wording.text("sections", section, "lines")) + _series_lines(sheet, wording)
    if section == "what_happens":
        return list(wording.text("sections", section, sheet.plan.visit_kind))
    if section == "driver" and sheet.plan.visit_kind == "nasal" and wording.has("sections", section, "nasal_lines"):
        return list(wording.text("sections", section, "nasal_lines"))
    return list(wording.text("sections", section, "lines"))


def _series_lines(sheet: HandoutSheet, wording: Wording) -> list[str]:
    """A session of a series says which one it is and when the next ones are (a clinic's own wording
    file without these lines simply leaves them out)."""
    if sheet.series is None or not wording.has("sections", "visit", "series"):
        return []
    lines = [str(wording.text("sections", "visit", "series"))]
    if sheet.series.later and wording.has("sections", "visit", "series_next"):
        lines.append(str(wording.text("sections", "visit", "series_next")))
    return lines


def _qr(sheet: HandoutSheet, wording: Wording) -> QrModules:
    plan, clinic = sheet.plan, sheet.clinic
    event = calendar_event(
        uid=f"appointment-{sheet.appointment_id}@frontdesk", start=plan.arrive_by, end=plan.leave_around,
        summary=str(wording.text("calendar_summary")).format(clinic=clinic.name_in_texts),  # on a lock screen
        location=", ".join((clinic.name_in_texts, *clinic.address_lines)))
    return qr_modules(event, mask_pattern=0)  # a fixed mask skips the slow search; every mask scans


# --- layout --------------------------------------------------------------------------------------------


@dataclass
class Header:
    """The clinic's name and contacts on the left, the QR code's caption and the code on the right, a rule
    below (a one-row table, top-aligned)."""

    clinic: list[TextBlock]
    caption: TextBlock | None
    qr: QrModules | None
    width: float
    space_before: float = 0.0
    space_after: float = 0.0
    height: float = field(init=False)

    def __post_init__(self) -> None:
        top, bottom = HEADER_PADDING
        tallest = max(stacked_height(self.clinic), self.caption.height if self.caption else 0.0,
                      QR_SIZE if self.qr is not None else 0.0)
        self.height = top + tallest + bottom

    def draw(self, page: Page, x: float, top: float) -> None:
        cell_top = top - HEADER_PADDING[0]
        draw_stacked(self.clinic, page, x, cell_top)
        caption_x = x + self.width - (CAPTION_WIDTH + QR_COLUMN)
        if self.caption is not None:
            self.caption.draw(page, caption_x, cell_top)
        if self.qr is not None:
            draw_qr(page.canvas, self.qr, caption_x + CAPTION_WIDTH, cell_top - QR_SIZE, QR_SIZE)
        bottom = top - self.height
        canvas = page.canvas
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.setLineCap(1)
        canvas.line(x, bottom, x + self.width, bottom)
        canvas.restoreState()


def lay_out(content: SheetContent, family: FontFamily, style: dict[str, ParagraphStyle],
            width: float) -> list[list[Element]]:
    """The sheet's elements at one type size, in groups that each stay on one page."""
    def block(spec: ParaSpec, column: float) -> TextBlock:
        chosen = style[spec.style]
        return text_block(spec.runs, chosen, column, family, bold=chosen.fontName == BOLD, bullet=spec.bullet)

    clinic_column = width - (CAPTION_WIDTH + QR_COLUMN if content.qr is not None else 0.0)
    caption = block(content.caption, CAPTION_WIDTH - CELL_PADDING) if content.caption is not None else None
    header = Header([block(spec, clinic_column - CELL_PADDING) for spec in content.clinic_lines], caption,
                    content.qr, width)
    groups: list[list[Element]] = [[header], [Gap(TITLE_GAP)], [block(content.title, width)]]
    box_column = width - BOX_PADDING[1] - BOX_PADDING[3]
    for boxed, paragraphs in content.sections:
        if boxed:
            inner: list[Element] = [block(spec, box_column) for spec in paragraphs]
            groups.append([Gap(BOX_GAP), ShadedBox(inner, width, BOX_PADDING, SHADE, RULE)])
        else:
            groups.append([block(spec, width) for spec in paragraphs])
    return groups


def flow_height(groups: Sequence[Sequence[Element]]) -> float:
    """How tall the groups are down one column from its top (a frame's space before/after overlap)."""
    total, after, at_top = 0.0, 0.0, True
    for element in (e for group in groups for e in group):
        total += (0.0 if at_top else max(element.space_before - after, 0.0)) + element.height
        if not at_top:
            total += after
        after, at_top = element.space_after, False
    return total


def draw_sheet(canvas: Canvas, sheet: LaidOutSheet) -> None:
    """Draw the sheet from the top of a new page, a group that does not fit moving to the next page."""
    page = PageWriter(canvas)
    top = PORTRAIT[1] - TOP_MARGIN
    y, after, at_top, number = top, 0.0, True, 1
    for group in sheet.groups:
        if not at_top and y - _group_height(group, after) < BOTTOM_MARGIN - _FUZZ:
            _finish_page(page, sheet, number)
            y, after, at_top, number = top, 0.0, True, number + 1
        for element in group:
            gap = 0.0 if at_top else max(element.space_before - after, 0.0)
            if not at_top and y - gap - element.height < BOTTOM_MARGIN - _FUZZ:  # a group taller than a page
                _finish_page(page, sheet, number)
                y, gap, number = top, 0.0, number + 1
            y -= gap
            element.draw(page, MARGIN, y)
            y -= element.height + element.space_after
            after, at_top = element.space_after, False
    _finish_page(page, sheet, number)


def _group_height(group: Sequence[Element], after: float) -> float:
    total = 0.0
    for element in group:
        total += max(element.space_before - after, 0.0) + element.height
        after = element.space_after
        total += after
    return total - after


def _finish_page(page: PageWriter, sheet: LaidOutSheet, number: int) -> None:
    """The footer (rule, "Printed … for …", page within the sheet), then the page is done."""
    page_width = PORTRAIT[0]
    page.canvas.saveState()
    draw_footer_rule(page.canvas, page_width)  # the same footer as the other documents (styles.draw_footer)
    page.canvas.restoreState()
    small = styles()["small"]
    footer = text_block(((sheet.footer, False),), small, page_width - 2 * MARGIN - FOOTER_LABEL_ROOM, sheet.family)
    footer.draw(page, MARGIN, FOOTER_TEXT_Y + footer.height)
    label = sheet.page_label.format(page=number)
    label_x = page_width - MARGIN - text_width(label, sheet.family.regular, FOOTER_LABEL_SIZE)
    page.text_line(label_x, FOOTER_LABEL_Y, ((sheet.family.regular, label),), FOOTER_LABEL_SIZE,
                   FOOTER_LABEL_SIZE * 1.2, MUTED)
    page.finish()


def _message_sheet(text: str) -> LaidOutSheet:
    """A page with one line of text (an empty batch says so)."""
    family = choose_family((text,))
    width, _ = body_size(PORTRAIT)
    message = text_block(((text, False),), styles()["body"], width, family)
    return LaidOutSheet([[message]], family, "", "page {page}")
