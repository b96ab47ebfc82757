"""Driving a modal dialog from a test: the dialog's own event loop runs the test's answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(act: Callable[[QWidget], None], name: str | None = None) -> list[str]:
    """When the next modal dialog (named `name`, if given) shows, do `act` with it (a person's answer);
    the list returned gets the dialog's object name then. An `act` that fails closes the dialog anyway,
    its error in the list: a test must fail, never hang in a modal loop."""
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or (name is not None and dialog.objectName() != name):
            QTimer.singleShot(10, look)
            return
        seen.append(dialog.objectName())
        try:
            act(dialog)
        except Exception as exc:
            seen.append(f"failed: {exc!r}")
            dialog.close()

    QTimer.singleShot(0, look)
    return seen
