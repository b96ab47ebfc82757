"""A patient's questionnaire totals over time, with the treatment sessions marked.

QtCharts is imported here, when the chart is first opened, never on the start-up path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from frontdesk.rules.questionnaires import INSTRUMENT_NAMES
from frontdesk.services.intake import ScoreHistory


def _msecs(day: dt.date) -> float:
    return float(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch())


def build_chart_view(history: ScoreHistory) -> Any:
    """A QChartView: one line per instrument (complete scores only), sessions as markers at the bottom."""
    from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis

    chart = QChart()
    chart.setTitle("Scores over time")
    x_axis, y_axis = QDateTimeAxis(), QValueAxis()
    x_axis.setFormat("dd MMM")
    y_axis.setRange(0, 27)
    y_axis.setTickCount(10)
    y_axis.setLabelFormat("%d")
    y_axis.setTitleText("PHQ-9, GAD-7")
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    days: list[dt.date] = []
    for instrument, name in INSTRUMENT_NAMES.items():
        points = [(q.taken_on, q.total) for q in history.questionnaires
                  if q.instrument == instrument and q.total is not None]
        if not points:
            continue
        series = QLineSeries()
        series.setName(name)
        series.setPointsVisible(True)
        for day, total in points:
            series.append(_msecs(day), float(total or 0))
            days.append(day)
        # Pain is 0–10: on the 0–27 scale a "7 severe" plotted below a "9 mild" PHQ-9. Its own axis.
        _attach(chart, series, x_axis, _pain_axis(chart) if instrument == PAIN else y_axis)
    if history.sessions:
        sessions = QScatterSeries()
        sessions.setName("Sessions")
        sessions.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        sessions.setMarkerSize(9)
        for day, _ in history.sessions:
            sessions.append(_msecs(day), 0.5)
            days.append(day)
        _attach(chart, sessions, x_axis, y_axis)
    if days:
        low, high = min(days) - dt.timedelta(days=2), max(days) + dt.timedelta(days=2)
        x_axis.setRange(QDateTime(low, QTime(0, 0)), QDateTime(high, QTime(0, 0)))
    view = QChartView(chart)
    view.setObjectName("scoresChart")
    view.setAccessibleName("Scores over time")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(560, 340)
    return view


PAIN = "nrs"  # the pain score's instrument code


def _pain_axis(chart: Any) -> Any:
    from PySide6.QtCharts import QValueAxis

    axis = QValueAxis()
    axis.setRange(0, 10)
    axis.setTickCount(6)
    axis.setLabelFormat("%d")
    axis.setTitleText("Pain (0–10)")
    chart.addAxis(axis, Qt.AlignmentFlag.AlignRight)
    return axis


def _attach(chart: Any, series: Any, x_axis: Any, y_axis: Any) -> None:
    chart.addSeries(series)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)


class ScoresChartDialog(QDialog):
    def __init__(self, history: ScoreHistory, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoresChartDialog")
        self.setWindowTitle(f"Scores over time — {title}")
        self.chart_view = build_chart_view(history)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart_view)
        layout.addWidget(buttons)
