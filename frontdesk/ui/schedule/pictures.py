"""Pixmaps the chair board's delegate keeps: whole blocks, and the words and badges blocks repeat.

Drawing a block's text is most of the cost of painting the board. Kept as pixmaps (by everything
they show, so they never go stale), a repaint, a scroll or a reload of the same day copies them.

The board paints without QPainter.setPen, setBrush or fillRect, and without PySide6's `Qt` namespace:
PySide6 builds every Python enum of that namespace (some 1,200 members, about 40 ms) the first time
anything touches it, and those three calls touch it to choose among their overloads. Colours are
laid on with pixmaps and texture brushes instead (`fill`, `fill_path`), lines with strokePath, and
words in a colour other than the painter's own through a stamp (`Stamps.draw_text`), so that the
board's first paint at start-up builds none of them (see frontdesk/ui/first_paint.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMargins, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap

BOLD, PLAIN, BADGE = 0, 1, 2  # the fonts given to Stamps, by index


class Pictures:
    """Rendered blocks by everything they show, least recently used dropped first beyond a memory budget."""

    def __init__(self, budget_bytes: int) -> None:
        self._budget = budget_bytes
        self._used = 0
        self._pixmaps: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def get(self, key: Hashable) -> QPixmap | None:
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
        return found

    def put(self, key: Hashable, pixmap: QPixmap) -> None:
        self._pixmaps[key] = pixmap
        self._used += _bytes(pixmap)
        while self._used > self._budget and len(self._pixmaps) > 1:
            _, dropped = self._pixmaps.popitem(last=False)
            self._used -= _bytes(dropped)

    def __len__(self) -> int:
        return len(self._pixmaps)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


STAMP_PADDING = 4  # room around a text run for glyphs reaching past its advance or above its ascent


class Stamps:
    """Text runs and badges kept as small transparent pixmaps, then copied where they go.

    Blocks repeat the same words (type names, times, "3 of 6", "Late", "Missing 2"): a block drawn for
    the first time then lays out only what is new in it, usually the patient's name. What is new is
    drawn as usual and its stamp made later, when idle (make_pending), so a first paint costs no more.
    """

    def __init__(self, fonts: tuple[tuple[QFont, QFontMetrics], ...]) -> None:
        self._fonts = fonts
        self._advances: dict[tuple[int, str], int] = {}
        self._elided: dict[tuple[int, str, int], str] = {}
        self._pixmaps: dict[Hashable, QPixmap] = {}
        self._pending: dict[Hashable, Callable[[], QPixmap]] = {}

    def metrics(self, font: int) -> QFontMetrics:
        return self._fonts[font][1]

    def advance(self, font: int, text: str) -> int:
        found = self._advances.get((font, text))
        if found is None:
            found = self._advances[font, text] = self._fonts[font][1].horizontalAdvance(text)
        return found

    def elided(self, font: int, text: str, width: int) -> str:
        found = self._elided.get((font, text, width))
        if found is None:
            found = self._elided[font, text, width] = elide_right(self._fonts[font][1], text, width)
        return found

    def draw_text(self, painter: QPainter, font: int, x: int, baseline: int, text: str, colour: QColor) -> None:
        """As painter.drawText(x, baseline, text) in `font` and `colour`.

        Words in the painter's own colour (the board's text) are drawn as they are the first time, their
        stamp made when idle; in another colour (a finished visit's, a badge's) their stamp is made at
        once, as setting the painter's pen would build the `Qt` namespace's enums."""
        ratio = painter.device().devicePixelRatio()
        key = ("text", font, text, colour.rgba(), ratio)
        stamp = self._pixmaps.get(key)
        if stamp is None and painter.pen().color().rgba() == colour.rgba():
            painter.setFont(self._fonts[font][0])
            painter.drawText(x, baseline, text)
            self._pending[key] = lambda: self._text_stamp(font, text, copy(colour), ratio)
            return
        if stamp is None:
            stamp = self._pixmaps[key] = self._text_stamp(font, text, colour, ratio)
        painter.drawPixmap(x - STAMP_PADDING, baseline - self.metrics(font).ascent() - STAMP_PADDING, stamp)

    def draw_badge(self, painter: QPainter, pill: QRect, label: str, fill: QColor, colour: QColor) -> None:
        """The label centred in a pill filling `pill`."""
        ratio = painter.device().devicePixelRatio()
        key = ("badge", label, fill.rgba(), colour.rgba(), pill.width(), pill.height(), ratio)
        stamp = self._pixmaps.get(key)
        if stamp is not None:
            painter.drawPixmap(pill.left(), pill.top(), stamp)
            return
        self._badge(painter, pill, label, fill, colour)
        size = pill.size()
        self._pending[key] = lambda: self._badge_stamp(size, label, copy(fill), copy(colour), ratio)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def make_pending(self, limit: int | None = None) -> None:
        """Make the stamps of what was drawn for the first time (when idle); `limit`: at most this many now."""
        if limit is None or limit >= len(self._pending):
            pending, self._pending = self._pending, {}
        else:
            keys = list(self._pending)[:limit]
            pending = {key: self._pending.pop(key) for key in keys}
        if len(self._pixmaps) + len(pending) > 2000:  # a long session of ever new names: start again (~25 MB)
            self._pixmaps.clear()
            self._elided.clear()
            self._advances.clear()
        for key, make in pending.items():
            self._pixmaps[key] = make()

    def _badge(self, painter: QPainter, pill: QRect, label: str, fill: QColor, colour: QColor) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(pill), pill.height() / 2, pill.height() / 2)
        fill_path(painter, path, fill)
        metrics = self.metrics(BADGE)  # centred by hand: drawText at a baseline skips the text layout
        self.draw_text(painter, BADGE, pill.left() + 6, pill.top() + (pill.height() - metrics.height()) // 2
                       + metrics.ascent(), label, colour)

    def _text_stamp(self, font: int, text: str, colour: QColor, ratio: float) -> QPixmap:
        """The words in `colour` on a transparent pixmap: drawn in the pixmap painter's own black, then
        tinted (the tint keeps only where the words are), which takes no pen."""
        metrics = self.metrics(font)
        stamp = blank(QSize(self.advance(font, text), metrics.height()).grownBy(_PADDING), ratio)
        with painting(stamp) as painter:
            painter.setFont(self._fonts[font][0])
            painter.drawText(STAMP_PADDING, STAMP_PADDING + metrics.ascent(), text)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.drawPixmap(QRect(QPoint(0, 0), stamp.deviceIndependentSize().toSize()), solid(colour))
        return stamp

    def _badge_stamp(self, size: QSize, label: str, fill: QColor, colour: QColor, ratio: float) -> QPixmap:
        stamp = blank(size, ratio)
        with painting(stamp) as painter:
            self._badge(painter, QRect(QPoint(0, 0), size), label, fill, colour)
        return stamp


_PADDING = QMargins(STAMP_PADDING, STAMP_PADDING, STAMP_PADDING, STAMP_PADDING)


def copy(colour: QColor) -> QColor:
    """A copy of `colour` (QColor(colour) chooses among overloads by the `Qt` namespace's GlobalColor)."""
    return QColor.fromRgba(colour.rgba())


_solids: dict[int, QPixmap] = {}
TRANSPARENT = QColor(0, 0, 0, 0)


def solid(colour: QColor) -> QPixmap:
    """A 1×1 pixmap of `colour` (alpha kept): drawn stretched over a rectangle, it fills it."""
    found = _solids.get(colour.rgba())
    if found is None:
        if len(_solids) > 500:
            _solids.clear()
        found = _solids[colour.rgba()] = QPixmap(1, 1)
        found.fill(colour)
    return found


def fill(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """As painter.fillRect(rect, colour), blending a colour with alpha; the painter's pen and brush stay."""
    painter.drawPixmap(rect, solid(colour))


def fill_path(painter: QPainter, path: QPainterPath, colour: QColor) -> None:
    """The inside of `path` in `colour` (antialiased where the painter is)."""
    painter.fillPath(path, QBrush(solid(colour)))


def stroke(painter: QPainter, path: QPainterPath, colour: QColor, width: float,
           dashes: list[float] | None = None) -> None:
    """`path` outlined in `colour`, `width` wide; `dashes`: a dash pattern in widths ([1, 2] is dotted)."""
    pen = QPen()
    pen.setColor(colour)
    pen.setWidthF(width)
    if dashes:
        pen.setDashPattern(dashes)
    painter.strokePath(path, pen)


def fill_tiled(painter: QPainter, rect: QRect, brush: QBrush) -> None:
    """`rect` filled with a texture brush (a `hatch` tile), its pattern running on from cell to cell."""
    path = QPainterPath()
    path.addRect(QRectF(rect))
    painter.fillPath(path, brush)


def hatch(colour: QColor) -> QPixmap:
    """An 8×8 tile of diagonal lines rising to the right in `colour` on transparent (as Qt's BDiagPattern)."""
    tile = QPixmap(8, 8)
    tile.fill(TRANSPARENT)
    dot = solid(colour)
    painter = QPainter(tile)  # pixel by pixel with a 1×1 pixmap: a QImage would build its enums (~40)
    for x in range(8):
        painter.drawPixmap(x, 7 - x, dot)
    painter.end()
    return tile


def elide_right(metrics: QFontMetrics, text: str, width: int) -> str:
    """`text` cut at the right with "…" to fit `width` (whole if it fits; "" if not even "…" fits), as
    QFontMetrics.elidedText with ElideRight, whose mode argument is an enum of the `Qt` namespace."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    low, high = 0, len(text)  # the longest head that fits with its "…" is text[:low]
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:middle] + "…") <= width:
            low = middle
        else:
            high = middle - 1
    while _splits_a_letter(text, low):  # an accent, a flag's second half or an emoji's joined part
        low -= 1
    if low == 0 and metrics.horizontalAdvance("…") > width:
        return ""
    return text[:low].rstrip() + "…"


def _splits_a_letter(text: str, at: int) -> bool:
    """Whether cutting `text` before `at` parts what reads as one letter."""
    import unicodedata

    if not 0 < at < len(text):
        return False
    char, before = text[at], text[at - 1]
    if unicodedata.combining(char) or char in "\u200d\ufe0e\ufe0f" or before == "\u200d":
        return True
    indicators = 0  # regional indicators pair up into flags: an odd run before `at` ends mid-flag
    while indicators < at and "\U0001f1e6" <= text[at - 1 - indicators] <= "\U0001f1ff":
        indicators += 1
    return "\U0001f1e6" <= char <= "\U0001f1ff" and indicators % 2 == 1


def blank(size: QSize, ratio: float) -> QPixmap:
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(TRANSPARENT)
    return pixmap


@contextmanager
def painting(pixmap: QPixmap) -> Iterator[QPainter]:
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        yield painter
    finally:
        painter.end()
