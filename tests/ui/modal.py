"""Driving a modal dialog from a test: the dialog's own event loop runs the test's answer."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

UNEXPECTED_AFTER_S = 10.0


def when_modal(act: Callable[[QWidget], None], name: str | None = None) -> list[str]:
    """When the next modal dialog (named `name`, if given) shows, do `act` with it (a person's answer);
    the list returned gets the dialog's object name then. An `act` that fails closes the dialog anyway,
    its error in the list; so does another dialog still up after UNEXPECTED_AFTER_S while this waits (a
    refusal nobody expected): a test must fail, never hang in a modal loop."""
    seen: list[str] = []
    deadline = time.monotonic() + UNEXPECTED_AFTER_S

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or (name is not None and dialog.objectName() != name):
            if dialog is not None and dialog.isVisible() and time.monotonic() > deadline:
                seen.append(f"unexpected {dialog.objectName()}: {getattr(dialog, 'text', lambda: '')()}")
                dialog.close()
                return
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
