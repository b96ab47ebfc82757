"""The board's first paint at start-up does without PySide6's `Qt` namespace (frontdesk/ui/first_paint.py),
and what it does instead looks as Qt's own would."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

from frontdesk.ui.main_window import DOCK_LAYOUT_VERSION, MainWindow
from frontdesk.ui.schedule.board_model import ChairBoardModel, FreeCell
from frontdesk.ui.schedule.delegate import ChairBoardDelegate
from frontdesk.ui.schedule.pictures import elide_right, fill, fill_path, hatch, stroke
from frontdesk.ui.schedule.view import ChairBoardView
from frontdesk.values import BlockedTime

ROOT = Path(__file__).resolve().parents[2]

# Runs the real `frontdesk gui` start-up (the helper process reads today's board, this one paints it)
# and says, at the moment the screens around the board are hooked in (right after its first paint),
# whether any enum of the `Qt` namespace had been built.
START_AND_REPORT = """
import enum, os, sys
built = []
make = enum.EnumType.__call__
def counting(cls, value, names=None, *args, **kwargs):
    if names is not None:
        built.append(value)
    return make(cls, value, names, *args, **kwargs)
enum.EnumType.__call__ = counting
import frontdesk.app
def report(window, *args):
    qt_namespace = {"AlignmentFlag", "GlobalColor", "PenStyle", "Key", "ItemDataRole", "DockWidgetArea"}
    print("BUILT", sorted(qt_namespace & set(built)), "BLOCKS", window.board_view.board_model().rowCount(), flush=True)
    os._exit(0)
frontdesk.app._install_screens = report
from frontdesk.cli.main import main
main(["gui", "--db", sys.argv[1]])
"""


@pytest.fixture(scope="module")
def demo_clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo clinic whose first chair is out of service from yesterday to tomorrow: today's board has
    hatched cells and a block's words to paint, besides the appointments."""
    path = tmp_path_factory.mktemp("first-paint") / "clinic.sqlite3"
    frontdesk = [sys.executable, "-m", "frontdesk.cli.main"]
    subprocess.run([*frontdesk, "demo", "--db", str(path), "--patients", "60", "--days", "3"], cwd=ROOT, check=True,
                   capture_output=True)
    today = dt.date.today()
    env = dict(os.environ, FRONTDESK_USER="admin", FRONTDESK_PASSWORD="demo")
    subprocess.run([*frontdesk, "block", "--db", str(path), "--from", f"{today - dt.timedelta(days=1)} 00:00",
                    "--to", f"{today + dt.timedelta(days=1)} 23:00", "--chair", "Chair 1", "--kind", "out_of_service",
                    "--reason", "new recliner"], cwd=ROOT, env=env, check=True, capture_output=True)
    return path


def test_the_app_paints_todays_board_before_building_the_qt_namespaces_enums(demo_clinic: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_USER="desk", FRONTDESK_PASSWORD="demo",
               XDG_CONFIG_HOME=str(tmp_path))  # no saved window layout: the docks placed from the default
    run = subprocess.run([sys.executable, "-c", START_AND_REPORT, str(demo_clinic)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    report = [line for line in run.stdout.splitlines() if line.startswith("BUILT")]
    assert report, run.stderr[-2000:]
    words = report[0].split()
    assert words[1] == "[]", f"the Qt namespace was built before the board's first paint: {report[0]}"
    assert int(words[-1]) > 0  # today's board was there to paint


def test_the_default_dock_layout_is_the_one_placed_by_hand(qtbot: QtBot, sqlite_db: object, tmp_path: Path) -> None:
    """DEFAULT_DOCK_STATE places the docks as Qt's own calls do (redo it from them if the layout changes)."""
    def fresh(name: str) -> MainWindow:
        window = MainWindow(settings=QSettings(str(tmp_path / name), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        return window

    restored, by_hand = fresh("restored.ini"), fresh("by-hand.ini")
    for dock in (by_hand.details_dock, by_hand.patient_dock):
        by_hand.removeDockWidget(dock)
        by_hand.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.show()
    by_hand.tabifyDockWidget(by_hand.details_dock, by_hand.patient_dock)
    by_hand.patient_dock.raise_()
    by_hand.resizeDocks([by_hand.details_dock], [300], Qt.Orientation.Horizontal)
    for window in (restored, by_hand):
        window.resize(1366, 740)
        window.show()
        qtbot.waitExposed(window)

    def layout(window: MainWindow) -> tuple[object, ...]:
        return (window.dockWidgetArea(window.details_dock), window.dockWidgetArea(window.patient_dock),
                window.tabifiedDockWidgets(window.patient_dock) == [window.details_dock],
                window.patient_dock.visibleRegion().isEmpty(), window.details_dock.visibleRegion().isEmpty(),
                window.patient_dock.width(), window.board_view.width())

    assert layout(restored) == layout(by_hand)


def test_a_first_start_puts_both_docks_right_of_the_board_with_the_patients_in_front(
        qtbot: QtBot, sqlite_db: object, tmp_path: Path) -> None:
    window = MainWindow(settings=QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(window.patient_dock) == right and window.dockWidgetArea(window.details_dock) == right
    assert window.tabifiedDockWidgets(window.patient_dock) == [window.details_dock]
    assert not window.patient_dock.visibleRegion().isEmpty() and window.details_dock.visibleRegion().isEmpty()
    assert 240 <= window.patient_dock.width() <= 360  # about 300 px: the board keeps its six chairs
    assert window.board_view.x() < window.patient_dock.x()


def test_a_layout_from_an_older_build_is_not_restored_the_default_is(qtbot: QtBot, sqlite_db: object,
                                                                      tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.removeDockWidget(first.patient_dock)  # an older layout: the patients' dock elsewhere
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.patient_dock)
    settings.setValue("main_window/geometry", first.saveGeometry())
    settings.setValue("main_window/state", first.saveState(DOCK_LAYOUT_VERSION - 1))
    first.hide()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    assert second.dockWidgetArea(second.patient_dock) == Qt.DockWidgetArea.RightDockWidgetArea


@pytest.mark.parametrize("text", ["Anastasia Johansson-Whitfield", "Esketamine nasal spray", "IV ketamine, mood",
                                  "out of service (new recliner)", "Ñandú Ölçer", "a b"])
def test_text_is_cut_to_fit_as_qt_cuts_it(qtbot: QtBot, text: str) -> None:
    metrics = QFontMetrics(QFont())
    for width in range(0, metrics.horizontalAdvance(text) + 12, 3):
        ours = elide_right(metrics, text, width)
        assert metrics.horizontalAdvance(ours) <= width or ours == ""
        assert ours in (text, "") or ours.endswith("…")
        qt = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        # Never cut sooner than Qt (it measures in fractions of a pixel, so it may cut a letter sooner).
        assert len(ours.rstrip("…")) >= len(qt.rstrip("…").rstrip()), (width, ours, qt)


def _pixels(draw: Callable[[QPainter], None]) -> QImage:
    picture = QPixmap(40, 20)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    draw(painter)
    painter.end()
    return picture.toImage()


def test_the_pen_free_fills_and_lines_land_where_qts_own_would(qtbot: QtBot) -> None:
    colour = QColor("#2b6cb0")
    ours = _pixels(lambda painter: fill(painter, QRect(3, 4, 10, 6), colour))
    theirs = _pixels(lambda painter: painter.fillRect(QRect(3, 4, 10, 6), colour))
    assert ours == theirs
    path = QPainterPath()
    path.addRoundedRect(2, 2, 30, 14, 4, 4)

    def ours_outlined(painter: QPainter) -> None:
        fill_path(painter, path, colour)
        stroke(painter, path, QColor("black"), 1)

    def theirs_outlined(painter: QPainter) -> None:
        painter.setPen(QColor("black"))
        painter.setBrush(colour)
        painter.drawPath(path)

    assert _pixels(ours_outlined) == _pixels(theirs_outlined)


def test_the_hatch_tile_is_qts_backward_diagonal_pattern(qtbot: QtBot) -> None:
    colour = QColor("#555555")
    ours = hatch(colour).toImage()
    theirs = QPixmap(8, 8)
    theirs.fill(QColor(0, 0, 0, 0))
    painter = QPainter(theirs)
    painter.fillRect(QRect(0, 0, 8, 8), QBrush(colour, Qt.BrushStyle.BDiagPattern))
    painter.end()

    def painted(image: QImage) -> set[tuple[int, int]]:
        return {(x, y) for x in range(8) for y in range(8) if image.pixelColor(x, y).alpha() > 0}

    assert painted(ours) == painted(theirs.toImage()) == {(x, 7 - x) for x in range(8)}  # "/" lines
    assert all(ours.pixelColor(x, y) == colour for x, y in painted(ours))


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_blocked_time_is_hatched_as_qts_own_pattern_at_any_screen_scale(qtbot: QtBot, ratio: float) -> None:
    """One-pixel lines 8 device pixels apart, as Qt's BDiagPattern brush draws them on a 100 %, 150 % or
    200 % screen (a tile scaled with the painter drew 2 px steps 16 px apart at 200 %)."""
    view = QTableView()
    qtbot.addWidget(view)
    delegate = ChairBoardDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 48, 24)
    look = delegate.look(option)
    lunch = BlockedTime(id=1, chair_id=None, start=dt.datetime(2026, 11, 30, 12), end=dt.datetime(2026, 11, 30, 13),
                        kind="lunch", reason="")
    blocked = FreeCell(outside_hours=False, blocked=lunch, label=None, on_the_hour=False)

    def painted(draw: Callable[[QPainter], None]) -> set[tuple[int, int]]:
        canvas = QPixmap(int(48 * ratio), int(24 * ratio))
        canvas.setDevicePixelRatio(ratio)
        canvas.fill(QColor("white"))
        painter = QPainter(canvas)
        draw(painter)
        painter.end()
        image = canvas.toImage()
        edge = int(47 * ratio)  # the chair's column edge, drawn by the board only
        return {(x, y) for x in range(edge) for y in range(image.height()) if image.pixel(x, y) != image.pixel(0, 0)}

    def qts_own(painter: QPainter) -> None:
        painter.fillRect(option.rect, look.base)
        painter.fillRect(option.rect, QBrush(look.mid, Qt.BrushStyle.BDiagPattern))

    ours = painted(lambda painter: delegate._paint_free(painter, option, blocked, look, False))
    assert ours == painted(qts_own)
    assert ours  # the hatching is there


def test_a_board_cell_cannot_be_written_through_accessibility(qtbot: QtBot, sqlite_db: object) -> None:
    """Cells have QStandardItemModel's default flags (editable among them): a screen reader's "set value"
    must still leave the board as it is."""
    from PySide6.QtGui import QAccessible

    from frontdesk.data.clinic_repo import load_profile
    from frontdesk.services.schedule import load_day
    from tests.ui.board_helpers import DAY, known_day, local

    known_day()
    view = ChairBoardView(ChairBoardModel())
    qtbot.addWidget(view)
    view.board_model().set_board(load_day(DAY, now=local(8).replace(tzinfo=load_profile().tz)))
    view.resize(900, 900)
    view.show()
    qtbot.waitExposed(view)
    table = QAccessible.queryAccessibleInterface(view)
    cells = [table.child(i) for i in range(table.childCount())]
    cell = next(c for c in cells if c is not None and c.role() == QAccessible.Role.Cell)
    cell.setText(QAccessible.Text.Value, "typed by an assistive tool")
    assert view.board_model().item(0, 0) is None
    assert not view.board_model().setData(view.board_model().index(0, 0), "typed")


@pytest.mark.parametrize("text", ["Jose\u0301 Rami\u0301rez", "\U0001f1ea\U0001f1f8\U0001f1f2\U0001f1fd Maria",
                                  "Ana \U0001f469\u200d\U0001f469\u200d\U0001f467 Lopez"])
def test_text_is_never_cut_inside_a_letter(qtbot: QtBot, text: str) -> None:
    metrics = QFontMetrics(QFont())
    for width in range(0, metrics.horizontalAdvance(text) + 12):
        head = elide_right(metrics, text, width).removesuffix("…")
        if head and head != text:
            rest = text[len(head):].lstrip()
            assert not rest or not (rest[0] in "\u0301\u200d" or head[-1] == "\u200d"), (width, head)
            flags = len(head) - len(head.rstrip("\U0001f1e6\U0001f1e7\U0001f1ea\U0001f1f8\U0001f1f2\U0001f1fd"))
            assert flags % 2 == 0, (width, head)  # a flag is two indicators: never one alone
