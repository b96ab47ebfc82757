"""A link at the right of the status bar while a list holds work for the desk ("2 REMS forms overdue",
"Sat: 3 calls to make"); clicking it opens that list.

Read again when the schedule changes anywhere (another desk, through the change feed), every few
minutes, and when asked (after its list closes). A read that fails leaves the link as it was: the
board already says when the database does not answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from frontdesk.ui.ink import ink

REFRESH_MS = 5 * 60 * 1000


class StatusLink(QLabel):
    """`read()` gives the link's words as rich text, or "" while there is nothing to do (hidden then)."""

    def __init__(self, name: str, tooltip: str, read: Callable[[], str], open_list: Callable[[], None]) -> None:
        super().__init__(objectName=name)
        self.read = read
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setToolTip(tooltip)
        self.linkActivated.connect(lambda _: open_list())
        self.hide()

    def refresh(self) -> None:
        try:
            words = self.read()
        except Exception:  # the database did not answer: this waits for the next turn
            return
        self.setText(words)
        self.setVisible(bool(words))


def install_status_link(window: QMainWindow, link: StatusLink, *, every_ms: int = REFRESH_MS) -> StatusLink:
    """Put `link` in the window's status bar and keep it up to date (read again at least `every_ms`)."""
    window.statusBar().addPermanentWidget(link)
    timer = QTimer(link, interval=every_ms)
    timer.timeout.connect(link.refresh)
    timer.start()
    QTimer.singleShot(0, link, lambda: _follow_changes(window, link))  # once the screens and the change feed are in
    return link


def _follow_changes(window: QMainWindow, link: StatusLink) -> None:
    link.refresh()
    monitor = getattr(window, "change_monitor", None)
    if monitor is not None:
        monitor.database_changed.connect(lambda areas: link.refresh() if "schedule" in areas else None)


def link_html(words: str, colour: str) -> str:
    return f'<a href="open" style="color: {ink(colour)}; font-weight: bold">{words}</a>'
