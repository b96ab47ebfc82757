"""A small layout drawn straight on the canvas, for the pre-visit sheet (platypus costs most of its time).

It applies the same geometry platypus gives the sheet's flowables: a paragraph's first baseline one font
size below its top, lines `leading` apart, greedy line breaking on font metrics (with platypus's 5 % space
shrinkage), a bullet pushing the first line right when it is wider than the indent, a frame's space
before/after overlapping, a table cell's adding up. Widths of words are kept per font (at 1 pt), so the
wording's lines, the same on every sheet, are measured once per process.

Fonts: the built-in Helvetica family (nothing embedded) when every character of the sheet is in cp1252;
else DejaVu Sans, with runs it lacks set in the CJK fallback font (see fonts.py).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from frontdesk.documents.fonts import fallback_font, fallback_runs, font_set
from frontdesk.documents.qr import QrModules

SPACE_SHRINKAGE = 0.05  # reportlab's rl_config.spaceShrinkage: a line may be this much of a space per word too long
BULLET_GAP = 0.6  # × the bullet's size: platypus's room after a bullet

Run = tuple[str, bool]  # (text, bold)
Span = tuple[str, str]  # (font name, text)


@dataclass(frozen=True)
class FontFamily:
    """The fonts one sheet is set in; `covered` is None when `regular` prints every character given."""

    regular: str
    bold: str
    fallback: Callable[[], str] | None = None  # the fallback font's name, registered at the first call
    covered: frozenset[int] | None = None


HELVETICA = FontFamily("Helvetica", "Helvetica-Bold")


def choose_family(texts: Iterable[str]) -> FontFamily:
    """Helvetica when all of `texts` is in cp1252 (Helvetica's encoding), else the embedded DejaVu family."""
    try:
        for text in texts:
            text.encode("cp1252")
    except UnicodeEncodeError:
        return _embedded_family()
    return HELVETICA


@functools.cache
def _embedded_family() -> FontFamily:
    fonts = font_set()
    return FontFamily(fonts.regular, fonts.bold, fallback_font, fonts.main_glyphs)


# --- measuring and breaking lines ---------------------------------------------------------------------

_UNIT_WIDTHS: dict[tuple[str, str], float] = {}


def text_width(text: str, font: str, size: float) -> float:
    """Width of `text` in `font` at `size`, from a per-process table of widths at 1 pt."""
    key = (text, font)
    unit = _UNIT_WIDTHS.get(key)
    if unit is None:
        if len(_UNIT_WIDTHS) >= 50_000:
            _UNIT_WIDTHS.clear()
        unit = _UNIT_WIDTHS[key] = stringWidth(text, font, 1.0)
    return unit * size


def spans_of(runs: Sequence[Run], family: FontFamily, bold: bool = False) -> list[Span]:
    """The runs in their fonts: bold ones in the bold face, characters the face lacks in the fallback."""
    spans: list[Span] = []
    for text, run_bold in runs:
        face = family.bold if bold or run_bold else family.regular
        if family.covered is None or family.fallback is None:
            spans.append((face, text))
        else:
            spans += [(family.fallback() if fallback else face, run) for fallback, run in
                      fallback_runs(text, family.covered)]
    return spans


Word = list[Span]


def words_of(spans: Sequence[Span]) -> list[Word]:
    """Whitespace-separated words; a word may change font within it ("9:45 AM" bold, then ".")."""
    words: list[Word] = []
    current: Word = []
    for font, text in spans:
        for index, part in enumerate(_parts(text)):
            if index and current:
                words.append(current)
                current = []
            if part:
                current.append((font, part))
    if current:
        words.append(current)
    return words


def _parts(text: str) -> list[str]:
    """`text` split at whitespace, keeping empty parts so a leading/trailing space ends the word before it."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ").split(" ")


def break_lines(words: Sequence[Word], size: float, first_width: float, width: float) -> list[list[Span]]:
    """Greedy line breaking as platypus does it; each line as spans (a word's space goes with the word
    before it), consecutive spans of one font merged."""
    lines: list[list[Word]] = []
    line: list[Word] = []
    line_width = 0.0
    limit = first_width
    for word in words:
        word_width = sum(text_width(text, font, size) for font, text in word)
        if line:
            space = text_width(" ", line[-1][-1][0], size)
            if line_width + space + word_width > limit + SPACE_SHRINKAGE * space * len(line):
                lines.append(line)
                line, line_width, limit = [word], word_width, width
                continue
            line_width += space + word_width
        else:
            line_width = word_width
        line.append(word)
    if line:
        lines.append(line)
    return [_merged(line) for line in lines]


def _merged(words: list[Word]) -> list[Span]:
    spans: list[list[str]] = []
    for number, word in enumerate(words):
        for index, (font, text) in enumerate(word):
            piece = text if index + 1 < len(word) or number + 1 == len(words) else text + " "
            if spans and spans[-1][0] == font:
                spans[-1][1] += piece
            else:
                spans.append([font, piece])
    return [(font, text) for font, text in spans]


# --- laid-out pieces -----------------------------------------------------------------------------------


class Page(Protocol):
    canvas: Canvas

    def text_line(self, x: float, y: float, spans: Sequence[Span], size: float, leading: float,
                  color: Color) -> None: ...


class Element(Protocol):
    """Something placed in a column: its height, the space wanted before and after, and how to draw it."""

    height: float
    space_before: float
    space_after: float

    def draw(self, page: Page, x: float, top: float) -> None: ...


@dataclass
class TextBlock:
    """A paragraph broken into lines at one width, in one style."""

    lines: list[list[Span]]
    style: ParagraphStyle
    bold: bool = False
    bullet: Span | None = None  # (font, "•"), drawn at the style's bullet indent
    first_offset: float = 0.0  # how far the bullet pushes the first line right
    height: float = field(init=False)
    space_before: float = field(init=False)
    space_after: float = field(init=False)

    def __post_init__(self) -> None:
        self.height = len(self.lines) * self.style.leading
        self.space_before = self.style.spaceBefore
        self.space_after = self.style.spaceAfter

    def draw(self, page: Page, x: float, top: float) -> None:
        style = self.style
        size, leading, color = style.fontSize, style.leading, style.textColor
        baseline = top - size
        if self.bullet is not None:
            page.text_line(x + style.bulletIndent, baseline, (self.bullet,), style.bulletFontSize, leading, color)
        left = x + style.leftIndent
        for number, spans in enumerate(self.lines):
            page.text_line(left + (self.first_offset if number == 0 else 0.0), baseline - number * leading,
                           spans, size, leading, color)


@functools.lru_cache(maxsize=2048)
def text_block(runs: tuple[Run, ...], style: ParagraphStyle, width: float, family: FontFamily, *,
               bold: bool = False, bullet: str | None = None) -> TextBlock:
    """`runs` laid out as a paragraph `width` wide (the column's width, indents inside it).

    Kept (the result is never changed): most of a sheet's lines are the wording's, the same on every sheet
    of a language, and styles come from `styles(scale)` once per size, so they compare as the same object."""
    size = style.fontSize
    available = width - style.leftIndent - style.rightIndent
    first_offset = 0.0
    bullet_span: Span | None = None
    if bullet is not None:
        bullet_span = spans_of(((bullet, False),), family)[0]
        reach = style.bulletIndent + text_width(bullet, bullet_span[0], style.bulletFontSize)
        first_offset = max(0.0, reach + BULLET_GAP * style.bulletFontSize - style.leftIndent)
    lines = break_lines(words_of(spans_of(runs, family, bold)), size, available - first_offset, available)
    return TextBlock(lines, style, bold, bullet_span, first_offset)


@dataclass
class Gap:
    """Empty space (platypus's Spacer)."""

    height: float
    space_before: float = 0.0
    space_after: float = 0.0

    def draw(self, page: Page, x: float, top: float) -> None:
        return None


def stacked_height(elements: Sequence[Element]) -> float:
    """Height of elements stacked as in a table cell: spaces between them add up, none at the ends."""
    if not elements:
        return 0.0
    inner = sum(e.height + e.space_before + e.space_after for e in elements)
    return inner - elements[0].space_before - elements[-1].space_after


def draw_stacked(elements: Sequence[Element], page: Page, x: float, top: float) -> None:
    y = top
    for number, element in enumerate(elements):
        if number:
            y -= element.space_before
        element.draw(page, x, y)
        y -= element.height + element.space_after


@dataclass
class ShadedBox:
    """A one-cell table with a background and a thin border around stacked paragraphs."""

    content: list[Element]
    width: float
    padding: tuple[float, float, float, float]  # top, right, bottom, left
    background: Color
    border: Color
    border_width: float = 0.5
    space_before: float = 0.0
    space_after: float = 0.0
    height: float = field(init=False)

    def __post_init__(self) -> None:
        top, _right, bottom, _left = self.padding
        self.height = top + stacked_height(self.content) + bottom

    def draw(self, page: Page, x: float, top: float) -> None:
        canvas = page.canvas
        canvas.saveState()
        canvas.setFillColor(self.background)
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(self.border_width)
        canvas.rect(x, top - self.height, self.width, self.height, stroke=1, fill=1)
        canvas.restoreState()
        draw_stacked(self.content, page, x + self.padding[3], top - self.padding[0])


_DARK_RUN = re.compile(b"\x01+")


def qr_path(code: QrModules, border: int) -> str:
    """The dark modules as one filled path in module units, one rectangle per run of dark modules in a row
    (row 0 at the top, `border` light modules around)."""
    count, cells = code.count, code.cells
    stride = count + 1  # rows joined with a light separator, so no run crosses a row's end
    joined = b"\x00".join(cells[start:start + count] for start in range(0, len(cells), count))
    xs, ys, lengths = _path_numbers(count, border)
    rects = [xs[start % stride] + ys[start // stride] + lengths[end - start]
             for start, end in (found.span() for found in _DARK_RUN.finditer(joined))]
    return "\n".join(rects) + "\nf"


@functools.lru_cache(maxsize=16)
def _path_numbers(count: int, border: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The rectangles' x, y and length pieces as text, made once per size (numbers to text cost most)."""
    xs = tuple(f"{col + border} " for col in range(count))
    ys = tuple(f"{count - 1 + border - row} " for row in range(count))
    lengths = tuple(f"{length} 1 re" for length in range(count + 1))
    return xs, ys, lengths


def draw_qr(canvas: Canvas, code: QrModules, x: float, y: float, size: float, border: int = 2) -> None:
    """The QR code with its quiet zone, `size` square, lower left corner at (x, y)."""
    scale = size / (code.count + 2 * border)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    canvas.addLiteral(qr_path(code, border))
    canvas.restoreState()


# --- pages ---------------------------------------------------------------------------------------------


class PageWriter:
    """One page's text in a single text object (drawn last, over the boxes), font and colour set only on
    change."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._text: Any = canvas.beginText()
        self._font: tuple[str, float] | None = None
        self._color: Color | None = None

    def text_line(self, x: float, y: float, spans: Sequence[Span], size: float, leading: float,
                  color: Color) -> None:
        text = self._text
        if color is not self._color:
            text.setFillColor(color)
            self._color = color
        text.setTextOrigin(x, y)
        for font, piece in spans:
            if self._font != (font, size):
                text.setFont(font, size, leading)
                self._font = (font, size)
            text._textOut(piece)  # what platypus uses: no second width measurement

    def finish(self) -> None:
        """Draw the page's text and start a new page."""
        self.canvas.drawText(self._text)
        self.canvas.showPage()
        self._text = self.canvas.beginText()
        self._font = self._color = None


def new_canvas(pagesize: tuple[float, float], *, title: str, invariant: bool) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing to memory, with the document properties the platypus documents carry."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1 if invariant else 0)
    canvas.setTitle(title)
    canvas.setAuthor("Front desk")
    canvas.setCreator("Front desk")
    return canvas, buffer
