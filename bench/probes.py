"""Child processes timed by the start-up benchmark: `python -m bench.probes app DB` or `… bare`.

Each prints READY once its main window's central widget has been painted for the first time (so the
window is laid out and on screen: for the app, today's board is drawn), then SETTLED once nothing
more is set up (the app's screens around the board, its patient panel, menus and lists, hook in
after the first paint; the bare window has nothing more), and then waits to be killed by the
benchmark: what the app does when it quits (its automatic backup) is no part of start-up.
`app` runs the real `frontdesk gui` path; only QApplication.exec and the screens' install step are
wrapped to announce those two moments.
"""

from __future__ import annotations

import sys
from typing import Any

MARKER = "READY"
SETTLED = "SETTLED"


def _announce(marker: str) -> None:
    print(marker, flush=True)


def _watch_first_paint(app: Any, then: list[str]) -> None:
    """Announce `then` right after the first paint of a main window's central widget."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QWidget

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and _in_central(watched):
                app.removeEventFilter(self)
                for marker in then:  # queued: after this paint has finished
                    QTimer.singleShot(0, lambda marker=marker: _announce(marker))
            return False

    def _in_central(widget: QWidget) -> bool:
        window = widget.window()
        central = window.centralWidget() if isinstance(window, QMainWindow) else None
        return central is not None and (central is widget or central.isAncestorOf(widget))

    app._first_paint = FirstPaint(app)  # kept alive with the app
    app.installEventFilter(app._first_paint)


def run_app(db: str) -> int:
    from PySide6.QtWidgets import QApplication

    import frontdesk.app

    real_exec, real_install = QApplication.exec, frontdesk.app._install_screens

    def exec_announcing(*_: object) -> int:  # the real exec is static: it takes no `self`
        _watch_first_paint(QApplication.instance(), [MARKER])
        return int(real_exec())

    def install_then_announce(*args: Any) -> None:
        real_install(*args)
        _announce(SETTLED)

    QApplication.exec = exec_announcing  # type: ignore[method-assign]
    frontdesk.app._install_screens = install_then_announce
    from frontdesk.cli.main import main

    return main(["gui", "--db", db])


def run_bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Front desk"))
    window.show()
    _watch_first_paint(app, [MARKER, SETTLED])
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[2]) if sys.argv[1] == "app" else run_bare())
