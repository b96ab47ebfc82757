"""A drawn signature (mouse, pen or finger), kept as an SVG path string with the consent."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class SignaturePad(QWidget):
    """Strokes drawn with the left button; `svg_path()` gives "M x y L x y …" in widget pixels."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAccessibleName("Drawn signature")
        self.setMinimumSize(QSize(320, 90))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setStyleSheet("background: white; border: 1px solid #b8c4cc")
        self.setAutoFillBackground(True)
        self._strokes: list[list[QPointF]] = []

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self._strokes)

    def svg_path(self) -> str:
        parts = []
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            first, *rest = stroke
            parts.append(f"M {first.x():.0f} {first.y():.0f} " + " ".join(f"L {p.x():.0f} {p.y():.0f}" for p in rest))
        return " ".join(parts)

    def add_stroke(self, points: list[tuple[float, float]]) -> None:
        """Add a stroke programmatically (tests, replaying a stored signature)."""
        self._strokes.append([QPointF(x, y) for x, y in points])
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._strokes.append([event.position()])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._strokes:
            self._strokes[-1].append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(Qt.GlobalColor.black, 2))
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)
