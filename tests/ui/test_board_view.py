"""ChairBoardView: blocks span their chair time, keys and drops ask for the right thing, the now-line."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent, QImage, QPalette
from pytestqt.qtbot import QtBot

from frontdesk.data.clinic_repo import load_profile
from frontdesk.services.schedule import load_day
from frontdesk.ui.schedule.board_model import APPOINTMENT_MIME, ChairBoardModel
from frontdesk.ui.schedule.view import ChairBoardView
from tests.ui.board_helpers import DAY, known_day, local


def aware(hour: int, minute: int = 0) -> dt.datetime:
    return local(hour, minute).replace(tzinfo=load_profile().tz)


@pytest.fixture
def view(sqlite_db: peewee.Database, qtbot: QtBot) -> ChairBoardView:
    known_day()
    board_view = ChairBoardView(ChairBoardModel())
    qtbot.addWidget(board_view)
    board_view.board_model().set_board(load_day(DAY, now=aware(8)))
    board_view.resize(900, 1400)
    board_view.show()
    qtbot.waitExposed(board_view)
    return board_view


def test_each_appointment_is_one_block_spanning_its_rows(view: ChairBoardView) -> None:
    assert view.objectName() == "scheduleBoard"
    assert (view.rowSpan(4, 0), view.columnSpan(4, 0)) == (7, 1)  # Ana 09:00–10:40 in Chair 1
    assert view.rowSpan(10, 2) == 11  # Ben: esketamine 10:30–13:15 (165 min)
    assert view.rowSpan(4, 1) == 1  # the cancelled booking left Chair 2 free


def test_selecting_a_block_announces_its_appointment(view: ChairBoardView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.appointment_selected) as selected:
        view.select_cell(6, 0)
    assert selected.args[0].patient_name == "Ana Núñez"
    assert view.selected_appointment().patient_name == "Ana Núñez"  # type: ignore[union-attr]


def test_the_selected_block_and_the_selected_free_slot_are_highlighted(view: ChairBoardView) -> None:
    model = view.board_model()
    block = view.visualRect(model.index(4, 0))  # Ana's block starts here and spans 7 rows
    block.setHeight(7 * view.rowHeight(4))
    free = view.visualRect(model.index(4, 1))
    view.select_cell(20, 3)  # somewhere else
    plain_block, plain_free = view.viewport().grab(block).toImage(), view.viewport().grab(free).toImage()
    highlight = view.palette().color(QPalette.ColorRole.Highlight)

    view.select_cell(8, 0)  # a cell inside the block selects the whole block, as a click does
    assert (view.currentIndex().row(), view.currentIndex().column()) == (4, 0)
    selected_block = view.viewport().grab(block).toImage()
    assert selected_block != plain_block
    top_edge = [QColor(selected_block.pixel(selected_block.width() // 2, y)) for y in range(6)]  # 3 px pen
    assert any(_close(pixel, highlight) for pixel in top_edge), [pixel.name() for pixel in top_edge]

    view.select_cell(4, 1)
    selected_free = view.viewport().grab(free).toImage()
    centre = QColor(selected_free.pixel(selected_free.width() // 2, selected_free.height() // 2))
    background = QColor(plain_free.pixel(plain_free.width() // 2, plain_free.height() // 2))
    tinted = QColor(*(round(b + (h - b) * 0.35) for b, h in zip(background.getRgb()[:3], highlight.getRgb()[:3],
                                                                  strict=True)))
    assert _close(centre, tinted, tolerance=9), (centre.name(), tinted.name())  # highlight at 35 % over the slot


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)) <= tolerance


def test_enter_on_a_free_slot_asks_to_book_that_chair_and_time(view: ChairBoardView, qtbot: QtBot) -> None:
    view.select_cell(4, 1)
    with qtbot.waitSignal(view.free_slot_activated) as asked:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    chair = view.board_model().chair_at(1)
    assert asked.args == [chair.id, aware(9)]  # type: ignore[union-attr]


def test_delete_on_a_block_asks_to_cancel_it(view: ChairBoardView, qtbot: QtBot) -> None:
    view.select_cell(4, 0)
    with qtbot.waitSignal(view.cancel_requested) as asked:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked.args[0].patient_name == "Ana Núñez"


def test_dropping_a_block_asks_to_move_it_to_the_chair_and_time_under_it(view: ChairBoardView,
                                                                          qtbot: QtBot) -> None:
    ana = view.board_model().appointment_at(4, 0)
    mime = QMimeData()
    mime.setData(APPOINTMENT_MIME, str(ana.id).encode())  # type: ignore[union-attr]
    target = view.visualRect(view.board_model().index(12, 4)).center()  # Chair 5, 11:00
    drop = QDropEvent(QPointF(target), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.appointment_dropped) as dropped:
        view.dropEvent(drop)
    assert dropped.args == [ana.id, view.board_model().chair_at(4).id, aware(11)]  # type: ignore[union-attr]


def test_now_line_sits_at_the_current_time_of_the_day_shown(view: ChairBoardView) -> None:
    view.set_now(aware(9, 30))
    row_top = view.rowViewportPosition(6)  # 09:30
    assert view.now_line_y() == row_top
    view.set_now(aware(9, 30) + dt.timedelta(days=1))
    assert view.now_line_y() is None


def test_board_follows_a_dark_palette(view: ChairBoardView) -> None:
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(dark)
    image = view.viewport().grab().toImage()
    free = view.visualRect(view.board_model().index(4, 1)).center()  # Chair 2, 09:00: free
    block = view.visualRect(view.board_model().index(4, 0)).center()  # Ana's block
    assert QColor(image.pixel(free)).lightness() < 60
    assert QColor(image.pixel(block)).lightness() < 128  # the type colour mixed into the dark base


def test_arrows_move_on_the_board_and_tab_moves_on_to_the_next_control(view: ChairBoardView, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    after = QLineEdit(objectName="nextControl")
    layout = QVBoxLayout(window)
    layout.addWidget(view)
    layout.addWidget(after)
    window.show()
    view.setFocus()
    view.setCurrentIndex(view.model().index(4, 1))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().column() == 2
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.focusWidget() is after
    view.setParent(None)  # the fixture's view outlives this window


def test_a_block_keeps_its_type_whole_and_puts_the_series_position_beside_the_times(view: ChairBoardView) -> None:
    from frontdesk.ui.schedule.delegate import block_lines

    appointment = view.board_model().appointment_at(4, 0)
    assert appointment is not None
    lines = block_lines(appointment)
    assert lines[0] == (appointment.patient_name, "")
    assert lines[1] == (appointment.type.name, "")
    assert lines[2] == (f"{appointment.start:%H:%M}–{appointment.end:%H:%M}", appointment.series_label)


def test_block_pictures_are_reused_until_what_a_block_shows_changes(view: ChairBoardView) -> None:
    from frontdesk.data import models as m
    from frontdesk.ui.schedule.delegate import ChairBoardDelegate

    delegate = view.itemDelegate()
    assert isinstance(delegate, ChairBoardDelegate)
    ana = view.board_model().appointment_at(4, 0)
    assert ana is not None
    block = view.visualRect(view.board_model().index(4, 0)).adjusted(0, 0, 0, 6 * view.rowHeight(4))
    view.viewport().grab(block)
    delegate.render_pending_pictures()  # what the idle time after a first paint does
    before = view.viewport().grab(block).toImage()
    pictures = delegate.cached_pictures()
    view.board_model().set_board(load_day(DAY, now=aware(8)))  # read again, nothing changed
    assert view.viewport().grab(block).toImage() == before
    assert delegate.cached_pictures() == pictures
    m.Appointment.update(flow="arrived").where(m.Appointment.id == ana.id).execute()
    view.board_model().set_board(load_day(DAY, now=aware(8)))
    drawn = view.viewport().grab(block).toImage()  # drawn directly the first time
    assert drawn != before  # the "Arrived" badge and marker
    delegate.render_pending_pictures()
    assert delegate.cached_pictures() == pictures + 1
    assert _nearly_equal(view.viewport().grab(block).toImage(), drawn)  # from its picture


def _nearly_equal(a: QImage, b: QImage) -> bool:
    """The same picture, give or take rounding where antialiased edges are blended (one or two levels)."""
    from PySide6.QtGui import QColor

    if a.size() != b.size():
        return False
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            if max(abs(pa.red() - pb.red()), abs(pa.green() - pb.green()), abs(pa.blue() - pb.blue())) > 2:
                return False
    return True


def _words_drawn(view: ChairBoardView, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text runs the board draws in one paint of its viewport (every block drawn afresh)."""
    from frontdesk.ui.schedule.delegate import ChairBoardDelegate

    delegate = view.itemDelegate()
    assert isinstance(delegate, ChairBoardDelegate)
    view.viewport().grab()  # the look (fonts, stamps) is made by a first paint
    look = delegate._look
    assert look is not None
    drawn: list[str] = []
    real = look.stamps.draw_text

    def spy(painter: object, font: int, x: int, baseline: int, text: str, colour: object) -> None:
        drawn.append(text)
        real(painter, font, x, baseline, text, colour)  # type: ignore[arg-type]

    monkeypatch.setattr(look.stamps, "draw_text", spy)
    delegate._pictures = type(delegate._pictures)(0)  # no picture kept: every block is drawn, words and all
    view.viewport().grab()
    return drawn


def test_a_tall_block_in_a_narrow_chair_shows_its_whole_type_on_two_lines(
        view: ChairBoardView, monkeypatch: pytest.MonkeyPatch) -> None:
    view.resize(520, 1400)  # four columns of some 110 px: "Esketamine nasal spray" does not fit on one line
    view.horizontalHeader().setDefaultSectionSize(110)
    for column in range(view.board_model().columnCount()):
        view.setColumnWidth(column, 110)
    drawn = _words_drawn(view, monkeypatch)
    assert "Ben Okafor" in drawn
    after_name = drawn[drawn.index("Ben Okafor") + 1:]
    assert f"{after_name[0]} {after_name[1]}" == "Esketamine nasal spray"  # 2½ hours of chair time: the room
    assert after_name[2].startswith("10:30–")


def test_a_short_block_keeps_its_type_on_one_line_cut_to_fit(view: ChairBoardView,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdesk.ui.schedule.delegate import BOLD, PLAIN, wrap_lines

    lines = [(BOLD, "Ana Núñez", ""), (PLAIN, "IV ketamine, mood", ""), (PLAIN, "09:00–10:30", "3 of 6")]
    seven_each = lambda font, text: 7 * len(text)  # noqa: E731 - a font of 7 px per character
    assert wrap_lines(lines, seven_each, 200, 2) == lines  # fits: unchanged
    assert wrap_lines(lines, seven_each, 60, 2) == [(BOLD, "Ana", ""), (BOLD, "Núñez", ""), (PLAIN, "IV", ""),
                                                    (PLAIN, "ketamine, mood", ""), (PLAIN, "09:00–10:30", "3 of 6")]
    assert wrap_lines(lines, seven_each, 60, 1) == [(BOLD, "Ana", ""), (BOLD, "Núñez", ""), *lines[1:]]  # name first
    assert wrap_lines(lines, seven_each, 60, 0) == lines  # no room: cut when drawn
    one_word = [(BOLD, "A", ""), (PLAIN, "Esketamine", ""), (PLAIN, "x", "")]
    assert wrap_lines(one_word, seven_each, 40, 2) == one_word  # no space to break at: one line, cut when drawn
    view.resize(520, 1400)
    for column in range(view.board_model().columnCount()):
        view.setColumnWidth(column, 110)
    view.verticalHeader().setMinimumSectionSize(5)
    view.verticalHeader().setDefaultSectionSize(5)  # every block squeezed to 5 pixels a slot
    drawn = _words_drawn(view, monkeypatch)
    assert "Ben Okafor" in drawn
    assert not any("spray" in text for text in drawn)  # 11 slots of 5 px: no room for a fourth line


def test_in_a_narrow_chair_the_times_stay_whole_and_the_series_place_gives_way(
        view: ChairBoardView, monkeypatch: pytest.MonkeyPatch) -> None:
    view.resize(400, 1400)
    for column in range(view.board_model().columnCount()):
        view.setColumnWidth(column, 92)  # narrower than a 1024-pixel screen gives six chairs
    drawn = _words_drawn(view, monkeypatch)
    ana = view.board_model().appointment_at(4, 0)
    assert ana is not None
    assert f"{ana.start:%H:%M}–{ana.end:%H:%M}" in drawn  # whole, not "09:0…"
    assert "3 of 6" not in drawn  # no room beside the times: the details pane says "session 3 of 6"
    view.resize(900, 1400)
    for column in range(view.board_model().columnCount()):
        view.setColumnWidth(column, 160)
    drawn = _words_drawn(view, monkeypatch)
    assert f"{ana.start:%H:%M}–{ana.end:%H:%M}" in drawn and "3 of 6" in drawn  # room for both


def test_block_pictures_after_a_paint_are_made_a_few_at_a_time(view: ChairBoardView, qtbot: QtBot) -> None:
    """The pictures a first paint leaves to make come a few per turn of the event loop (a key pressed
    right after a new day shows waits for a few, not for the whole day's), and all of them come."""
    from frontdesk.ui.schedule.delegate import ChairBoardDelegate

    delegate = view.itemDelegate()
    assert isinstance(delegate, ChairBoardDelegate)
    blocks = len(view.board_model().spans())
    assert blocks >= 2
    view.viewport().grab()  # the first paint: every block drawn from scratch, its picture still to make
    assert delegate.cached_pictures() == 0
    delegate.render_pending_pictures(limit=1)
    assert delegate.cached_pictures() == 1
    qtbot.waitUntil(lambda: delegate.cached_pictures() == blocks)  # the rest, turn by turn


def test_one_turn_of_the_event_loop_after_a_paint_makes_one_blocks_picture(view: ChairBoardView,
                                                                           qtbot: QtBot) -> None:
    """The idle work a first paint leaves runs one block at a time: a key pressed right after a day shows
    waits for about a millisecond of it (four blocks a turn took 3–4 ms on a busy day)."""
    from PySide6.QtWidgets import QApplication

    from frontdesk.ui.schedule.delegate import ChairBoardDelegate

    delegate = view.itemDelegate()
    assert isinstance(delegate, ChairBoardDelegate)
    blocks = len(view.board_model().spans())
    assert blocks >= 2
    view.viewport().grab()
    QApplication.processEvents()  # one turn: the idle step queued by the paint runs once
    assert delegate.cached_pictures() == 1
    qtbot.waitUntil(lambda: delegate.cached_pictures() == blocks)
