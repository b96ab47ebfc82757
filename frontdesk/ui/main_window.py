"""The main window: today's chair board with date navigation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk import APP_NAME
from frontdesk.data.clinic_repo import load_profile
from frontdesk.rules.clock import now_local
from frontdesk.services.schedule import load_day
from frontdesk.ui.schedule.board_model import ChairBoardModel


class MainWindow(QMainWindow):
    def __init__(self, db_label: str) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.profile = load_profile()
        self.board_model = ChairBoardModel(self)
        self.board_view = QTableView()
        self.board_view.setObjectName("scheduleBoard")
        self.board_view.setAccessibleName("Chair board")
        self.board_view.setModel(self.board_model)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("dateNavigator")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.dateChanged.connect(self._date_changed)
        today = QPushButton("Today")
        today.clicked.connect(self.show_today)
        bar = QHBoxLayout()
        bar.addWidget(self.date_edit)
        bar.addWidget(today)
        bar.addStretch()
        layout = QVBoxLayout()
        layout.addLayout(bar)
        layout.addWidget(self.board_view)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(QLabel(db_label))
        self.show_today()

    def show_today(self) -> None:
        self.show_day(now_local(self.profile.tz).date())

    def show_day(self, day: dt.date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.board_model.set_board(load_day(day, self.profile))

    def _date_changed(self, date: QDate) -> None:
        self.board_model.set_board(load_day(date.toPython(), self.profile))
