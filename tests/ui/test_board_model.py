"""ChairBoardModel: the right patients in the right chairs and rows, one block per appointment."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest
from PySide6.QtCore import QRect, Qt

from frontdesk.data import models as m
from frontdesk.data.clinic_repo import load_profile
from frontdesk.rules.clock import local_to_utc
from frontdesk.services.schedule import load_day
from frontdesk.ui.schedule.board_model import (
    AppointmentRole,
    BlockCell,
    BlockedRole,
    BlockLabelRole,
    ChairBoardModel,
    FreeCell,
    IsBlockStartRole,
    OutsideHoursRole,
    PaintRole,
    SlotStartRole,
    StatusRole,
)
from tests.ui.board_helpers import DAY, book, known_day, local, patient

DISPLAY = Qt.ItemDataRole.DisplayRole


def row_of(model: ChairBoardModel, hour: int, minute: int = 0) -> int:
    return next(r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical)
                == f"{hour:02d}:{minute:02d}")


@pytest.fixture
def model(sqlite_db: peewee.Database, qtbot: object) -> ChairBoardModel:
    known_day()
    board_model = ChairBoardModel()
    board_model.set_board(load_day(DAY, now=local(8).replace(tzinfo=load_profile().tz)))
    return board_model


def test_one_column_per_chair_and_one_row_per_quarter_hour(model: ChairBoardModel) -> None:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [f"Chair {n}" for n in range(1, 7)]
    assert model.rowCount() == 40  # 08:00–18:00
    assert model.headerData(4, Qt.Orientation.Vertical) == "09:00"


def test_a_chair_out_of_service_says_so_on_a_line_of_its_own(sqlite_db: object) -> None:
    """"Spare recliner (out of service)" on one line was cut at both ends of its column."""
    from frontdesk.data import models as m

    m.Chair.update(name="Spare recliner", in_service=False).where(m.Chair.name == "Chair 6").execute()
    board_model = ChairBoardModel()
    board_model.set_board(load_day(DAY, now=local(8).replace(tzinfo=load_profile().tz)))
    assert board_model.headerData(5, Qt.Orientation.Horizontal) == "Spare recliner\nout of service"
    assert board_model.headerData(4, Qt.Orientation.Horizontal) == "Chair 5"


def test_blocks_show_patient_type_series_and_status_in_their_chair_and_row(model: ChairBoardModel) -> None:
    ana = model.data(model.index(row_of(model, 9), 0), DISPLAY)
    assert ana.splitlines() == ["Ana Núñez", "IV ketamine, mood · 3 of 6", "09:00–10:40 · Booked"]
    ben = model.data(model.index(row_of(model, 10, 30), 2), DISPLAY)
    assert ben.splitlines()[0] == "Ben Okafor" and ben.endswith("In chair")
    assert model.data(model.index(row_of(model, 10, 30), 2), StatusRole) == "in_chair"


def test_a_block_covers_the_whole_chair_time(model: ChairBoardModel) -> None:
    first = row_of(model, 9)
    ana = model.data(model.index(first, 0), AppointmentRole)
    span = model.span_of(ana)
    assert span is not None and (span.row, span.column, span.rows) == (first, 0, 7)  # 100 min → 7 rows
    covered = [r for r in range(model.rowCount()) if model.data(model.index(r, 0), AppointmentRole) == ana]
    assert covered == list(range(first, first + 7))
    assert [model.data(model.index(r, 0), IsBlockStartRole) for r in covered] == [True] + [False] * 6
    assert model.data(model.index(first + 7, 0), AppointmentRole) is None


def test_cancelled_appointments_and_office_visits_are_not_in_any_chair(model: ChairBoardModel) -> None:
    shown = {model.data(model.index(r, c), AppointmentRole).patient_name
             for r in range(model.rowCount()) for c in range(model.columnCount())
             if model.data(model.index(r, c), AppointmentRole)}
    assert shown == {"Ana Núñez", "Ben Okafor"}
    assert model.data(model.index(row_of(model, 9), 1), Qt.ItemDataRole.ToolTipRole) == "Chair 2, 09:00: free"


def test_blocked_time_and_hours_outside_opening_are_marked(sqlite_db: peewee.Database, qtbot: object) -> None:
    tz = load_profile().tz
    m.Block.create(chair=m.Chair.get(m.Chair.name == "Chair 4"), start_utc=local_to_utc(local(12), tz),
                   end_utc=local_to_utc(local(13), tz), kind="out_of_service", reason="new recliner")
    saturday = DAY + dt.timedelta(days=3)  # open 09:00–13:00; this booking runs past closing
    book(patient("Eve", "Ito"), "iv_mood", "Chair 1", local(12, 30, day=saturday))
    model = ChairBoardModel()
    model.set_board(load_day(DAY))
    noon = row_of(model, 12)
    assert model.data(model.index(noon, 3), BlockedRole).reason == "new recliner"
    assert "out of service (new recliner)" in model.data(model.index(noon, 3), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(noon, 2), BlockedRole) is None
    assert model.data(model.index(noon, 3), BlockLabelRole) == "out of service (new recliner)"
    assert model.data(model.index(noon + 1, 3), BlockLabelRole) is None  # said once, on its first row
    model.set_board(load_day(saturday))
    assert model.data(model.index(row_of(model, 13), 1), OutsideHoursRole) is True
    assert model.data(model.index(row_of(model, 9), 1), OutsideHoursRole) is False


def test_paint_role_says_in_one_call_what_the_single_roles_say(sqlite_db: peewee.Database, qtbot: object) -> None:
    known_day()
    tz = load_profile().tz
    m.Block.create(chair=None, start_utc=local_to_utc(local(12), tz), end_utc=local_to_utc(local(13), tz),
                   kind="lunch", reason="")
    model = ChairBoardModel()
    model.set_board(load_day(DAY, now=local(8).replace(tzinfo=tz)))
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            cell = model.data(index, PaintRole)
            appointment = model.data(index, AppointmentRole)
            if appointment is not None:
                start, status = model.data(index, IsBlockStartRole), model.data(index, StatusRole)
                assert cell == BlockCell(appointment, start, status)
            else:
                assert cell == FreeCell(model.data(index, OutsideHoursRole), model.data(index, BlockedRole),
                                        model.data(index, BlockLabelRole), model.data(index, SlotStartRole).minute == 0)


def test_model_passes_qt_model_checks(model: ChairBoardModel, qtmodeltester: object) -> None:
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_recovery_past_its_end_shows_overdue_and_keeps_the_chair(sqlite_db: peewee.Database, qtbot: object) -> None:
    rows = known_day()
    m.Appointment.update(flow="recovery").where(m.Appointment.id == rows["ana"].id).execute()
    model = ChairBoardModel()
    model.set_board(load_day(DAY, now=local(10, 30).replace(tzinfo=load_profile().tz)))  # due 10:25
    cell = model.index(row_of(model, 9), 0)
    assert model.data(cell, StatusRole) == "overdue"
    assert model.data(cell, DISPLAY).endswith("Recovery overdue")
    assert model.data(model.index(row_of(model, 10, 30), 0), AppointmentRole).patient_name == "Ana Núñez"


def test_free_slots_while_the_prescriber_is_away_are_tinted_and_say_why(sqlite_db: peewee.Database,
                                                                        qtbot: object) -> None:
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

    from frontdesk.ui.schedule.delegate import ChairBoardDelegate

    known_day()
    tz = load_profile().tz
    m.Block.create(chair=None, start_utc=local_to_utc(local(16), tz), end_utc=local_to_utc(local(17), tz),
                   kind="prescriber_away", reason="hospital round")
    model = ChairBoardModel()
    model.set_board(load_day(DAY, now=local(8).replace(tzinfo=tz)))

    def at(hour: int, minute: int) -> int:  # an absence's time labels carry a mark ("16:15 ⚕")
        return next(r for r in range(model.rowCount()) if model.slot_at(r) == local(hour, minute).replace(tzinfo=tz))

    away, before = model.index(at(16, 15), 2), model.index(at(15, 30), 2)
    words = "Prescriber away 16:00–17:00: no esketamine then"
    assert model.data(away, PaintRole).away == words
    assert model.data(away, Qt.ItemDataRole.ToolTipRole).endswith(f"free · {words}")
    assert model.data(before, PaintRole).away is None
    assert model.data(before, Qt.ItemDataRole.ToolTipRole).endswith(": free")

    view = QTableView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    delegate = ChairBoardDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 40, 20)
    look = delegate.look(option)

    def centre(cell: object) -> QColor:
        canvas = QPixmap(40, 20)
        painter = QPainter(canvas)
        delegate._paint_free(painter, option, cell, look, False)  # type: ignore[arg-type]
        painter.end()
        return canvas.toImage().pixelColor(20, 10)

    tinted, plain = centre(model.data(away, PaintRole)), centre(model.data(before, PaintRole))
    assert plain.name() == look.base.name() and tinted.name() == look.away.name() != plain.name()
    assert tinted.blue() > tinted.green()  # the absence's violet, faintly
