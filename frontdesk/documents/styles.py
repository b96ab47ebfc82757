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
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from frontdesk.documents.fonts import font_set, markup

PORTRAIT = letter
LANDSCAPE = landscape(letter)
MARGIN = 0.6 * inch
INK = colors.HexColor("#1d2b36")
MUTED = colors.HexColor("#5b6770")
RULE = colors.HexColor("#b8c4cc")
SHADE = colors.HexColor("#eef2f5")


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles; fonts registered on first use."""
    fonts = font_set()
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=10.9, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=1)
    return {
        "body": base,
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=1, spaceAfter=0.6),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.bold, fontSize=13.5, leading=16, spaceAfter=1),
        "clinic": ParagraphStyle("clinic", parent=base, fontName=fonts.bold, fontSize=12, leading=15),
        "subbullet": ParagraphStyle("subbullet", parent=base, leftIndent=20, bulletIndent=11, spaceAfter=0.6),
        "indent": ParagraphStyle("indent", parent=base, leftIndent=10),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "heading": ParagraphStyle("heading", parent=base, fontName=fonts.bold, fontSize=10.4, leading=12.5,
                                  spaceBefore=3.5, spaceAfter=1, textColor=colors.HexColor("#1f4e79")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.6, leading=10.4, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=fonts.bold, fontSize=8.6, leading=10.4,
                                    spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=fonts.bold, fontSize=8.2, leading=10,
                                    spaceAfter=0, textColor=colors.white),
    }


def para(text: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
    """A Paragraph from plain user text (escaped, with per-character font fallback)."""
    return Paragraph(markup(text), style, **kwargs)


class FooterMark(Flowable):
    """Invisible marker: from this point the page footer reads `text` and page numbers restart."""

    def __init__(self, text: str, page_label: str = "page {page}") -> None:
        super().__init__()
        self.text, self.page_label = text, page_label
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas._fd_footer = self.text  # read by draw_footer at the end of the page
        canvas._fd_first_page = canvas.getPageNumber()
        canvas._fd_page_label = self.page_label


def draw_footer() -> Callable[[Any, Any], None]:
    """A page-end hook that prints the current footer text and the page within the current sheet."""

    def on_page_end(canvas: Any, doc: Any) -> None:
        text = getattr(canvas, "_fd_footer", "")
        number = canvas.getPageNumber() - getattr(canvas, "_fd_first_page", 1) + 1
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, 0.55 * inch, width - MARGIN, 0.55 * inch)
        footer = Paragraph(markup(text), styles()["small"])
        footer.wrapOn(canvas, width - 2 * MARGIN - 80, 30)
        footer.drawOn(canvas, MARGIN, 0.38 * inch)
        canvas.setFont(font_set().regular, 8)
        canvas.setFillColor(MUTED)
        label = getattr(canvas, "_fd_page_label", "page {page}")
        canvas.drawRightString(width - MARGIN, 0.40 * inch, label.format(page=number))
        canvas.restoreState()

    return on_page_end


class _DocTemplate(BaseDocTemplate):
    """Calls `on_mark` after each FooterMark (the start of a sheet), for progress and cancelling."""

    def __init__(self, *args: Any, on_mark: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_mark = on_mark

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.on_mark is not None and isinstance(flowable, FooterMark):
            self.on_mark()


def build(story: list[Flowable], *, pagesize: tuple[float, float], title: str, invariant: bool = False,
          on_mark: Callable[[], None] | None = None) -> bytes:
    """Lay `story` out on pages of `pagesize` with the shared footer; the PDF's bytes."""
    buffer = io.BytesIO()
    doc = _DocTemplate(buffer, on_mark=on_mark, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=0.5 * inch, bottomMargin=0.7 * inch, title=title, author="Front desk",
                          creator="Front desk", invariant=1 if invariant else 0)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=draw_footer())])
    doc.build(story)
    return buffer.getvalue()
