"""Colours that must read on the desk's theme, light or dark.

The app's signal colours (an amber "call now", a green "Confirmed", a red "overdue") are picked for
a light background. On a dark theme the same amber on near-black is hard to read, so each is made
lighter there, step by step, until it reaches WCAG's 4.5:1 contrast against the list background; on
a light theme one that falls short is made darker the same way. The hue stays, so the meaning does.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

READABLE = 4.5  # WCAG AA contrast for normal text
_STEP = 0.1  # of the way to white (or black) per try


def ink(colour: str, background: QColor | None = None) -> str:
    """`colour` (#rrggbb) adjusted to read on `background` (default: the application's list
    background), as #rrggbb."""
    back = background if background is not None else QGuiApplication.palette().color(QPalette.ColorRole.Base)
    fore = QColor(colour)
    toward = QColor("white") if luminance(back) < 0.5 else QColor("black")
    amount = 0.0
    shown = fore
    while contrast(shown, back) < READABLE and amount < 1.0:
        amount = min(1.0, amount + _STEP)
        shown = _mix(fore, toward, amount)
    return str(shown.name())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance (0 black to 1 white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in ((a.redF(), b.redF()), (a.greenF(), b.greenF()),
                                                               (a.blueF(), b.blueF()))))
