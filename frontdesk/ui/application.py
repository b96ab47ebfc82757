"""The QApplication: name, icon, palette that follows the system."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from frontdesk import APP_NAME


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("frontdesk")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("frontdesk")
    return app  # type: ignore[return-value]
