"""The QApplication: name, icon, and a palette that follows the system's light or dark scheme."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from frontdesk import APP_NAME
from frontdesk.ui.resources import resource_path


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("frontdesk")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("frontdesk")
    app.setDesktopFileName("frontdesk")
    app.setWindowIcon(app_icon())
    stylesheet = resource_path("stylesheet.qss")
    if stylesheet is not None:
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))
    return app  # type: ignore[return-value]


def app_icon() -> QIcon:
    """The app's icon: the SVG (sharp at any scale) with PNG sizes as a fallback."""
    icon = QIcon()
    for name in ("frontdesk.svg", "frontdesk-256.png", "frontdesk-64.png", "frontdesk-32.png"):
        path = resource_path("icons", name)
        if path is not None:
            icon.addFile(str(path))
    return icon
