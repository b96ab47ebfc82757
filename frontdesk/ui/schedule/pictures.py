"""Pixmaps the chair board's delegate keeps: whole blocks, and the words and badges blocks repeat.

Drawing a block's text is most of the cost of painting the board. Kept as pixmaps (by everything
they show, so they never go stale), a repaint, a scroll or a reload of the same day copies them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMargins, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPixmap

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
            found = self._elided[font, text, width] = self._fonts[font][1].elidedText(
                text, Qt.TextElideMode.ElideRight, width)
        return found

    def draw_text(self, painter: QPainter, font: int, x: int, baseline: int, text: str, colour: QColor) -> None:
        """As painter.drawText(x, baseline, text) in `font` and `colour`."""
        ratio = painter.device().devicePixelRatio()
        key = ("text", font, text, colour.rgba(), ratio)
        stamp = self._pixmaps.get(key)
        if stamp is not None:
            painter.drawPixmap(x - STAMP_PADDING, baseline - self.metrics(font).ascent() - STAMP_PADDING, stamp)
            return
        self._text(painter, font, x, baseline, text, colour)
        self._pending[key] = lambda: self._text_stamp(font, text, QColor(colour), ratio)

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
        self._pending[key] = lambda: self._badge_stamp(size, label, QColor(fill), QColor(colour), ratio)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def make_pending(self) -> None:
        """Make the stamps of what was drawn for the first time (when idle)."""
        pending, self._pending = self._pending, {}
        if len(self._pixmaps) + len(pending) > 2000:  # a long session of ever new names: start again (~25 MB)
            self._pixmaps.clear()
            self._elided.clear()
            self._advances.clear()
        for key, make in pending.items():
            self._pixmaps[key] = make()

    def _text(self, painter: QPainter, font: int, x: int, baseline: int, text: str, colour: QColor) -> None:
        painter.setFont(self._fonts[font][0])
        painter.setPen(colour)
        painter.drawText(x, baseline, text)

    def _badge(self, painter: QPainter, pill: QRect, label: str, fill: QColor, colour: QColor) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(pill), pill.height() / 2, pill.height() / 2)
        metrics = self.metrics(BADGE)  # centred by hand: drawText at a baseline skips the text layout
        self._text(painter, BADGE, pill.left() + 6, pill.top() + (pill.height() - metrics.height()) // 2
                   + metrics.ascent(), label, colour)

    def _text_stamp(self, font: int, text: str, colour: QColor, ratio: float) -> QPixmap:
        metrics = self.metrics(font)
        stamp = blank(QSize(self.advance(font, text), metrics.height()).grownBy(_PADDING), ratio)
        with painting(stamp) as painter:
            self._text(painter, font, STAMP_PADDING, STAMP_PADDING + metrics.ascent(), text, colour)
        return stamp

    def _badge_stamp(self, size: QSize, label: str, fill: QColor, colour: QColor, ratio: float) -> QPixmap:
        stamp = blank(size, ratio)
        with painting(stamp) as painter:
            self._badge(painter, QRect(QPoint(0, 0), size), label, fill, colour)
        return stamp


_PADDING = QMargins(STAMP_PADDING, STAMP_PADDING, STAMP_PADDING, STAMP_PADDING)


def fill(painter: QPainter, rect: QRect, brush: QColor | QBrush) -> None:
    """As painter.fillRect(rect, brush), leaving the painter without a pen.

    Not fillRect itself: PySide6 picks among its overloads by first building every Python enum of
    QGradient (its presets among them), some 3 ms on the way to the board's first paint."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(brush)
    painter.drawRect(rect)


def blank(size: QSize, ratio: float) -> QPixmap:
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap


@contextmanager
def painting(pixmap: QPixmap) -> Iterator[QPainter]:
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        yield painter
    finally:
        painter.end()
