"""Page sizes, paragraph styles and the page templates every document shares (one place)."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.rl_config import _FUZZ

from frontdesk.documents.fonts import BOLD, REGULAR, font_set, markup

PORTRAIT = letter
LANDSCAPE = landscape(letter)
MARGIN = 0.6 * inch
TOP_MARGIN = 0.5 * inch
BOTTOM_MARGIN = 0.7 * inch
INK = colors.HexColor("#1d2b36")
MUTED = colors.HexColor("#5b6770")
RULE = colors.HexColor("#b8c4cc")
SHADE = colors.HexColor("#eef2f5")
HEADER_BLUE = colors.HexColor("#1f4e79")  # a table's column headings (white words on it)
SECTION_HEAD = colors.HexColor("#1f4e79")  # the intake documents' section headings
# Every page's footer, in the bottom margin: a rule, the footer's text below it, and the page within its
# sheet at the right (the text leaves it this much room). The handouts and the other documents share it.
FOOTER_RULE_Y = 0.55 * inch
FOOTER_TEXT_Y = 0.38 * inch  # the text's bottom
FOOTER_LABEL_Y = 0.40 * inch  # the page label's baseline
FOOTER_LABEL_ROOM = 80
FOOTER_LABEL_SIZE = 8


@functools.cache
def styles(scale: float = 1.0) -> dict[str, ParagraphStyle]:
    """The named paragraph styles, sizes multiplied by `scale` (to fit a long sheet on one page).

    They name the embedded fonts without registering them: text reaches a paragraph through `markup`,
    which registers them first, and a pre-visit sheet in Helvetica never needs them (see fonts.py)."""

    def sized(name: str, size: float, leading: float, **kwargs: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=kwargs.pop("fontName", REGULAR), bulletFontName=REGULAR,
                              bulletFontSize=size * scale, fontSize=size * scale,
                              leading=leading * scale, textColor=kwargs.pop("textColor", INK), alignment=TA_LEFT,
                              spaceAfter=kwargs.pop("spaceAfter", 1) * scale,
                              spaceBefore=kwargs.pop("spaceBefore", 0) * scale, **kwargs)

    heading_blue = colors.HexColor("#1f4e79")
    return {
        "body": sized("body", 9, 10.9),
        "bullet": sized("bullet", 9, 10.9, leftIndent=10, bulletIndent=1, spaceAfter=0.6),
        "subbullet": sized("subbullet", 9, 10.9, leftIndent=20, bulletIndent=11, spaceAfter=0.6),
        "indent": sized("indent", 9, 10.9, leftIndent=10),
        "title": sized("title", 13.5, 16, fontName=BOLD),
        "clinic": sized("clinic", 12, 15, fontName=BOLD),
        "small": sized("small", 8, 10, textColor=MUTED),
        "heading": sized("heading", 10.4, 12.5, fontName=BOLD, spaceBefore=3.5, textColor=heading_blue),
        "cell": sized("cell", 8.6, 10.4, spaceAfter=0),
        "cell_bold": sized("cell_bold", 8.6, 10.4, fontName=BOLD, spaceAfter=0),
        "cell_small": sized("cell_small", 7.8, 9.6, spaceAfter=0),
        "cell_faint": sized("cell_faint", 7, 15, spaceAfter=0, textColor=MUTED),  # a line to write on
        "cell_head": sized("cell_head", 8.2, 10, fontName=BOLD, spaceAfter=0, textColor=colors.white),
    }


_PARSED: dict[tuple[str, ParagraphStyle, str | None], tuple[str, ParagraphStyle, list[Any], Any]] = {}


class Para(Paragraph):
    """A Paragraph that parses its markup once per text and style, and lays its lines out once per width.

    Headings and labels come back on every page of a batch: the parsed pieces ("frags") are kept and a new
    paragraph gets copies of them. Platypus wraps the same paragraph several times at the same width (the
    frame, KeepTogether and a table cell each ask again); the line breaking depends only on the width, the
    text and the style, so a repeat returns the lines already broken.
    """

    _wrapped_at: float | None = None

    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None) -> None:  # noqa: N803
        key = (text, style, bulletText)
        parsed = _PARSED.get(key)
        if parsed is None:
            super().__init__(text, style, bulletText)
            if len(_PARSED) >= 4096:
                _PARSED.clear()
            _PARSED[key] = (self.text, self.style, [frag.clone() for frag in self.frags], self.bulletText)
            return
        cleaned, parsed_style, frags, bullet = parsed
        if isinstance(bullet, list):
            bullet = [frag.clone() for frag in bullet]
        super().__init__(cleaned, parsed_style, bullet, frags=[frag.clone() for frag in frags])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        if self._wrapped_at is not None and abs(availWidth - self._wrapped_at) < 1e-6:  # float noise only
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if availWidth >= _FUZZ else None
        return width, height


def para(text: str, style: ParagraphStyle, bulletText: str | None = None) -> Paragraph:  # noqa: N803
    """A Paragraph from plain user text (escaped, with per-character font fallback)."""
    return Para(markup(text), style, bulletText)


class FooterMark(Flowable):
    """Invisible marker: from this point the page footer reads `text` and page numbers restart."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas._fd_footer = self.text  # read by draw_footer at the end of the page
        canvas._fd_first_page = canvas.getPageNumber()


def draw_footer() -> Callable[[Any, Any], None]:
    """A page-end hook that prints the current footer text; the page within its sheet ("page 2 of 3")
    is added by `PageCountCanvas` once the document's last page is known."""

    def on_page_end(canvas: Any, doc: Any) -> None:
        text = getattr(canvas, "_fd_footer", "")
        width, _ = canvas._pagesize
        canvas.saveState()
        draw_footer_rule(canvas, width)
        footer = Paragraph(markup(text), styles()["small"])
        footer.wrapOn(canvas, width - 2 * MARGIN - FOOTER_LABEL_ROOM, 30)
        footer.drawOn(canvas, MARGIN, FOOTER_TEXT_Y)
        canvas.restoreState()

    return on_page_end


class PageCountCanvas(Canvas):
    """A canvas that holds each finished page until the document ends, then labels it "page N of M", M
    being the pages of its sheet (a FooterMark starts a sheet): a nurse holding page 2 of a day sheet
    sees that a third one belongs to it. reportlab's own way to number "of M" in one pass. While a page is
    held, nothing may ask for the page a thing is on (bookmarks, links, an outline: none are used); it
    relies on reportlab's canvas keeping a page in its attributes (`_startPage`, `_pagesize`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        sheet_of = [page.get("_fd_first_page", 1) for page in self._held_pages]
        for page, first in zip(self._held_pages, sheet_of, strict=True):
            self.__dict__.update(page)
            self._label_page(self.getPageNumber() - first + 1, sheet_of.count(first))
            super().showPage()
        super().save()

    def _label_page(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(font_set().regular, FOOTER_LABEL_SIZE)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN, FOOTER_LABEL_Y, f"page {number} of {total}")
        self.restoreState()


def draw_footer_rule(canvas: Any, page_width: float) -> None:
    """The thin line above the footer, across the text frame's width (it sets the stroke colour: the
    caller saves the canvas state around it)."""
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN, FOOTER_RULE_Y, page_width - MARGIN, FOOTER_RULE_Y)


def body_size(pagesize: tuple[float, float]) -> tuple[float, float]:
    """Width and height of the text frame on a page of `pagesize`."""
    return pagesize[0] - 2 * MARGIN, pagesize[1] - TOP_MARGIN - BOTTOM_MARGIN


def build(story: list[Flowable], *, pagesize: tuple[float, float], title: str, invariant: bool = False) -> bytes:
    """Lay `story` out on pages of `pagesize` with the shared footer; the PDF's bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=title, author="Front desk",
                          creator="Front desk", invariant=1 if invariant else 0)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=draw_footer())])
    doc.build(story, canvasmaker=PageCountCanvas)
    return buffer.getvalue()


def text_footer(text: str, margin: float = 0.7 * inch, page: str = "page") -> Callable[[Any, Any], None]:
    """A plain footer for a platypus document (the intake summary, the paper intake form): `text`
    at the left, "page N" at the right (`page` in the document's language), small and grey."""
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font_set().regular, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(margin, 0.45 * inch, text)
        canvas.drawRightString(doc.pagesize[0] - margin, 0.45 * inch, f"{page} {doc.page}")
        canvas.restoreState()

    return draw


def worklist_table(columns: tuple[str, ...], widths: tuple[float | None, ...], rows: list[list[object]], *,
                   empty: str, scale: float = 1.0, room_to_write: float = 10) -> Any:
    """A list to work through on paper (the call list, the REMS forms): white headings on blue, repeated
    on every page, every other row shaded but the last column (written in by hand, with `room_to_write`
    points under each row); `empty`'s words across the table when there are no rows."""
    from reportlab.platypus import Table, TableStyle

    style = styles(scale)
    body: list[list[object]] = [[Paragraph(markup(name), style["cell_head"]) for name in columns]]
    body += rows or [[para(empty, style["cell"]), *[""] * (len(columns) - 1)]]
    table = Table(body, colWidths=[w * inch if w else None for w in widths], repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BLUE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE), ("TOPPADDING", (0, 1), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 1), (-1, -1), room_to_write),
    ]
    commands += [("BACKGROUND", (0, i), (-2, i), SHADE) for i in range(2, len(body), 2)]
    if not rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(commands))
    return table
