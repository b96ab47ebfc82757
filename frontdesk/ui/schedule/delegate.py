"""Painting the chair board: appointment blocks in their type colour with a status marker."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from frontdesk.ui.schedule.board_model import (
    AppointmentRole,
    BlockedRole,
    BlockLabelRole,
    IsBlockStartRole,
    OutsideHoursRole,
    SlotStartRole,
    StatusRole,
)
from frontdesk.values import Appointment

# Status markers: readable on light and dark palettes alike (white text on them).
STATUS_COLOURS = {
    "arrived": "#b7791f",
    "in_chair": "#2f855a",
    "recovery": "#2b6cb0",
    "discharged": "#718096",
    "completed": "#718096",
    "late": "#c05621",
    "overdue": "#c53030",
    "collides": "#c53030",
    "no_show": "#718096",
    "cancelled": "#718096",
}
FINISHED = ("discharged", "completed")
ALERTS = ("late", "overdue", "collides")
# Short words for the badge; the details pane says it in full.
BADGE_LABELS = {"arrived": "Arrived", "in_chair": "In chair", "recovery": "Recovery", "discharged": "Discharged",
                "completed": "Completed", "late": "Late", "overdue": "Overdue", "no_show": "No-show",
                "collides": "Collides"}

Index = QModelIndex | QPersistentModelIndex


def cell_data(index: Index, role: int) -> object:
    """The model's value for `role`.

    Goes through the model itself: QModelIndex.data() in PySide6 6.12 on Python 3.11 drops a reference
    to None each time a role has no value, and enough of those crash the interpreter on exit.
    """
    model = index.model()
    return model.data(index, role) if model is not None and index.isValid() else None


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of b over a."""
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


class ChairBoardDelegate(QStyledItemDelegate):
    """Draws one block per appointment (the view spans its cells) and the empty slots around them."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if cell_data(index, AppointmentRole) is not None:
            if cell_data(index, IsBlockStartRole):
                self._paint_block(painter, option, index)
        else:
            self._paint_free(painter, option, index)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(120, QFontMetrics(option.font).height() + 6)

    # --- free slots ----------------------------------------------------------------------------------

    def _paint_free(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette = option.palette
        rect = option.rect
        base = palette.color(QPalette.ColorRole.Base)
        if cell_data(index, OutsideHoursRole):
            base = mix(base, palette.color(QPalette.ColorRole.Mid), 0.25)
        painter.fillRect(rect, base)
        if cell_data(index, BlockedRole) is not None:
            painter.fillRect(rect, QBrush(palette.color(QPalette.ColorRole.Mid), Qt.BrushStyle.BDiagPattern))
            self._draw_block_label(painter, option, index)
        self._draw_hour_line(painter, option, index)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Midlight), 1))  # the chair's column edge
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_Selected:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlphaF(0.35)
            painter.fillRect(rect, highlight)

    def _draw_block_label(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Why nobody can book here ("lunch", "out of service (new recliner)"), on the block's first row."""
        label = cell_data(index, BlockLabelRole)
        if not label:
            return
        metrics = QFontMetrics(option.font)
        text_rect = option.rect.adjusted(6, 0, -6, 0)
        text = metrics.elidedText(str(label), Qt.TextElideMode.ElideRight, text_rect.width())
        back = QRect(text_rect.left() - 2, text_rect.top() + 2, metrics.horizontalAdvance(text) + 4,
                     text_rect.height() - 4)
        painter.fillRect(back, option.palette.color(QPalette.ColorRole.Base))
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.setFont(option.font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _draw_hour_line(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        slot = cell_data(index, SlotStartRole)
        if slot is not None and slot.minute == 0:
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Mid), 1))
            painter.drawLine(option.rect.topLeft(), option.rect.topRight())

    # --- appointment blocks --------------------------------------------------------------------------

    def _paint_block(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        appointment = cell_data(index, AppointmentRole)
        status = cell_data(index, StatusRole)
        rect = option.rect.adjusted(2, 1, -2, -1)
        type_colour = QColor(appointment.type.colour)
        self._draw_background(painter, option, rect, type_colour, status)
        self._draw_marker(painter, rect, status)
        self._draw_turnover(painter, option, rect, appointment)
        self._draw_text(painter, option, rect, index, status)

    def _draw_background(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                         type_colour: QColor, status: str) -> None:
        base = option.palette.color(QPalette.ColorRole.Base)
        fill = mix(base, type_colour, 0.14 if status in FINISHED else 0.32)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        edge = QColor(STATUS_COLOURS[status]) if status in ALERTS else type_colour
        edge = option.palette.color(QPalette.ColorRole.Highlight) if selected else edge
        painter.setPen(QPen(edge, 3 if selected or status in ALERTS else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), type_colour)

    def _draw_turnover(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, appointment: object) -> None:
        """A dotted line where the patient leaves and the chair is cleaned (turnover)."""
        kind = appointment.type  # type: ignore[attr-defined]
        if not kind.turnover_minutes or not kind.chair_minutes:
            return
        y = rect.bottom() - round(rect.height() * kind.turnover_minutes / kind.chair_minutes)
        pen = QPen(option.palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(rect.left() + 6, y, rect.right() - 6, y)

    def _draw_marker(self, painter: QPainter, rect: QRect, status: str) -> None:
        """A status stripe down the right edge, so the state reads from across the desk."""
        colour = STATUS_COLOURS.get(status)
        if colour:
            painter.fillRect(QRect(rect.right() - 4, rect.top() + 1, 4, rect.height() - 1), QColor(colour))

    def _draw_badge(self, painter: QPainter, option: QStyleOptionViewItem, line: QRect, label: str,
                    status: str, colour: str | None = None) -> int:
        """The status word in a pill at the left of `line`; returns the width it takes (0: not drawn)."""
        colour = colour or STATUS_COLOURS.get(status)
        if not colour or not label:
            return 0
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(label) + 12
        if width > line.width():
            return 0
        pill = QRect(line.left(), line.top(), width, line.height())
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(pill), pill.height() / 2, pill.height() / 2)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()
        return width + 6

    def _draw_text(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, index: Index,
                   status: str) -> None:
        """Patient (bold); type; times and series position ("3 of 6"); the status badge.

        The text stays at the top of the visible part of a block scrolled half out of view.
        """
        appointment = cell_data(index, AppointmentRole)
        text_rect = rect.adjusted(10, 3, -9, -2)
        text_rect.setTop(max(text_rect.top(), 3))
        role = QPalette.ColorRole.PlaceholderText if status in FINISHED else QPalette.ColorRole.Text
        bold = QFont(option.font)
        bold.setBold(True)
        fonts = (bold, option.font, option.font)
        lines = [(font, text, right) for font, (text, right) in zip(fonts, block_lines(appointment), strict=True)]
        y = text_rect.top()
        painter.setPen(option.palette.color(role))
        for font, text, right in lines:
            metrics = QFontMetrics(font)
            if y + metrics.height() > text_rect.bottom() + 2:
                return
            painter.setFont(font)
            self._draw_line(painter, metrics, QRect(text_rect.left(), y, text_rect.width(), metrics.height()),
                            text, right)
            y += metrics.height() + 1
        badge = QRect(text_rect.left(), y + 1, text_rect.width(), QFontMetrics(option.font).height())
        if badge.bottom() > text_rect.bottom() + 2:
            return
        for label, state, colour in badge_specs(appointment, status):
            used = self._draw_badge(painter, option, badge, label, state, colour)
            badge.setLeft(badge.left() + used)

    def _draw_line(self, painter: QPainter, metrics: QFontMetrics, line: QRect, text: str, right: str) -> None:
        """Left text elided to fit; `right` (the series position) kept whole at the right edge."""
        right_width = metrics.horizontalAdvance(right) + 8 if right else 0
        if right_width > line.width() // 2:
            right, right_width = "", 0
        left = metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width() - right_width)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
        if right:
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)


FLAG_COLOURS = {True: "#c53030", False: "#6b46c1"}  # urgent red; other flags violet
MISSING_COLOUR = "#975a16"


def badge_specs(appointment: Appointment, status: str) -> list[tuple[str, str, str | None]]:
    """The pills under a block: its status, then "⚑ Urgent"/"⚑ Flag" and how many readiness items are missing."""
    specs: list[tuple[str, str, str | None]] = [(BADGE_LABELS.get(status, ""), status, None)]
    if appointment.flags:
        label = "⚑ Urgent" if appointment.urgent_flag else "⚑ Flag"
        specs.append((label, "flag", FLAG_COLOURS[appointment.urgent_flag]))
    if appointment.readiness and status not in FINISHED:
        specs.append((f"Missing {len(appointment.readiness)}", "missing", MISSING_COLOUR))
    return specs


def block_lines(appointment: Appointment) -> list[tuple[str, str]]:
    """A block's lines as (left, right): the series position sits beside the short time span, so a narrow
    chair column still shows the type in full ("IV ketamine, mood", not "IV ketamine,…  5 of 6")."""
    return [(appointment.patient_name, ""), (appointment.type.name, ""),
            (f"{appointment.start:%H:%M}–{appointment.end:%H:%M}", appointment.series_label)]
