"""A scroll area's viewport made in Python, set up as Qt sets up its own.

The first time Python is handed a plain QWidget that Qt created (a view's own viewport, asked for
with viewport()), PySide loads every QWidget subclass and builds their enums to find its type:
15–30 ms and a few MB. The views shown at start-up (the board, the patient results) use this instead.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def use_own_viewport(area: QAbstractScrollArea, *, touch: bool = True) -> QWidget:
    """`touch` False: the caller calls accept_touch later (the board, once it is on screen: the widget
    attribute is an enum of the `Qt` namespace, see frontdesk/ui/first_paint.py)."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    if touch:
        accept_touch(viewport)
    area.setViewport(viewport)
    return viewport


def accept_touch(viewport: QWidget) -> None:
    from PySide6.QtCore import Qt

    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
