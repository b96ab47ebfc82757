"""The board's first paint at start-up does without PySide6's `Qt` namespace (frontdesk/ui/first_paint.py),
and what it does instead looks as Qt's own would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPixmap
from pytestqt.qtbot import QtBot

from frontdesk.ui.main_window import DOCK_LAYOUT_VERSION, MainWindow
from frontdesk.ui.schedule.pictures import elide_right, fill, fill_path, hatch, stroke

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
    path = tmp_path_factory.mktemp("first-paint") / "clinic.sqlite3"
    subprocess.run([sys.executable, "-m", "frontdesk.cli.main", "demo", "--db", str(path), "--patients", "60",
                    "--days", "3"], cwd=ROOT, check=True, capture_output=True)
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
