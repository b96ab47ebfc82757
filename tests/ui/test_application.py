"""The QApplication's name and icon."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.ui.application import app_icon, create_application, drawn_icon, install_window_icon


def test_application_has_a_name_and_an_icon(qtbot: QtBot) -> None:
    app = create_application([])
    assert app is QApplication.instance()
    assert app.applicationDisplayName() == "Front desk"
    install_window_icon()  # start-up does it once the board is on screen
    assert not app.windowIcon().isNull()
    assert not app_icon().pixmap(64, 64).isNull()
    assert sorted(size.width() for size in app_icon().availableSizes()) == [32, 64, 256]


def test_an_installation_without_icon_files_still_has_an_icon(qtbot: QtBot) -> None:
    assert drawn_icon().pixmap(32, 32).size().width() == 32
