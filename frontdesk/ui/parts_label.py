"""A one-line label made of parts that shows as many whole parts as its width holds.

The status bar's day summary ("20 chair appointments  ·  1 office visit  ·  2 late") shares its line
with the database and the signed-in user. In a window half a screen wide a plain QLabel is cut off
mid-word ("1 in the of"); this one drops whole parts from the end, marks that with "…", and keeps the
whole summary in its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.ui.first_paint import PLAIN_TEXT, set_enum

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

SEPARATOR = "  ·  "
MORE = "  …"


def fit_parts(parts: Sequence[str], width: int, advance: Callable[[str], int]) -> str:
    """The longest run of leading parts that fits in `width` (as `advance` measures text), with "…" after
    it when parts are left out; the first part alone (cut by the label) when not even it fits with "…"."""
    whole = SEPARATOR.join(parts)
    if advance(whole) <= width:
        return whole
    for count in range(len(parts) - 1, 0, -1):
        shown = SEPARATOR.join(parts[:count]) + MORE
        if advance(shown) <= width:
            return shown
    return parts[0] if parts else ""


class PartsLabel(QLabel):
    """Shows `set_parts(...)` whole parts first, as many as fit; the tooltip and accessible name have them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_enum(self, "textFormat", PLAIN_TEXT)  # parts are shown as written, never as markup
        self._parts: list[str] = []

    def set_parts(self, parts: Sequence[str]) -> None:
        self._parts = list(parts)
        self.setToolTip(self.full_text())
        self.setAccessibleName(self.full_text())  # a screen reader reads it all, whatever fits on screen
        self.updateGeometry()
        self._fit()

    def full_text(self) -> str:
        return SEPARATOR.join(self._parts)

    def sizeHint(self) -> QSize:
        """Room for every part: the status bar gives it what the permanent widgets leave."""
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self.full_text()) + 2 * self.margin() + 4, hint.height())

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for the status bar to shrink it instead of pushing the other widgets out."""
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.setText(fit_parts(self._parts, self.contentsRect().width(), self.fontMetrics().horizontalAdvance))
