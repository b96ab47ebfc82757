"""The Intake menu in the main window opens the needs-attention dock."""

from __future__ import annotations

import peewee
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow
from pytestqt.qtbot import QtBot

from frontdesk.ui.intake import hook


def test_menu_action_opens_the_attention_dock(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.menus = {"Help": window.menuBar().addMenu("&Help")}  # type: ignore[attr-defined]
    hook.install(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Intake", "&Help"]
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "needsAttentionAction")
    action.trigger()
    dock = window.findChild(QDockWidget, "needsAttentionDock")
    assert dock is not None and dock.widget().objectName() == "needsAttention"


def test_consent_versions_dialog_returns_only_changes(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from frontdesk.ui.intake.consent_versions_dialog import ConsentVersionsDialog

    before = {"treatment": "1", "privacy": "1", "financial": "1", "communication": "1", "rems": "1"}
    dialog = ConsentVersionsDialog(before)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "consentVersion_privacy").setText("2026-2")
    dialog.findChild(QLineEdit, "consentVersion_rems").setText("")
    assert dialog.changed(before) == {"privacy": "2026-2"}
