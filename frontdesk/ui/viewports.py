"""A scroll area's viewport made in Python, set up as Qt sets up its own.

The first time Python is handed a plain QWidget that Qt created (a view's own viewport, asked for
with viewport()), PySide loads every QWidget subclass and builds their enums to find its type:
15–30 ms and a few MB. The views shown at start-up (the board, the patient results) use this instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def use_own_viewport(area: QAbstractScrollArea) -> QWidget:
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    area.setViewport(viewport)
    return viewport
