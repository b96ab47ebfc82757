"""Child processes timed by the start-up benchmark: `python -m bench.probes app DB`, `… bare` or `… painted`.

Each prints READY once its main window's central content has been painted for the first time (the
window is laid out and on screen: for the app, today's board is drawn; for the bare window, its
label), then SETTLED once nothing more is set up (the app's screens around the board, its patient
panel, menus and lists, hook in after the first paint; the bare window has nothing more), and then
waits to be killed by the benchmark: what the app does when it quits (its automatic backup) is no
part of start-up. `app` runs the real `frontdesk gui` path; only its screens' install step, which
the app runs right after the board's first paint, is wrapped to announce those two moments. `painted`
is the bare window with its label drawn in Python instead (a second floor, for information: what any
view painted in Python, the board among them, costs a start-up beyond the label).

With EXIT_AT_READY set in its environment, a probe ends right after READY instead (for counting the
instructions of a start-up under callgrind, which writes its counts when the process ends). With
COUNT_ENUMS set, it also prints, just before READY, how many Python enum classes and members were
built until then (`ENUMS <classes> <members>`; see bench/enums.py).
"""

from __future__ import annotations

import os
import sys
from typing import Any

MARKER = "READY"
SETTLED = "SETTLED"
EXIT_AT_READY = "FRONTDESK_PROBE_EXIT_AT_READY"
COUNT_ENUMS = "FRONTDESK_PROBE_COUNT_ENUMS"
ENUMS = "ENUMS"
ALIGN_LEFT_VCENTER = 0x0081  # Qt.AlignLeft | Qt.AlignVCenter, as QLabel aligns (drawText takes an int)
_built_enums: list[int] = []  # members of each enum class built, while COUNT_ENUMS is set


def _count_enums() -> None:
    """Count every enum class made through the enum module's functional API (which is how PySide6
    makes the Python enums of a Qt class, the first time Python touches that class)."""
    import enum

    make = enum.EnumType.__call__

    def counting(cls: Any, value: Any, names: Any = None, *args: Any, **kwargs: Any) -> Any:
        made = make(cls, value, names, *args, **kwargs)
        if names is not None:
            _built_enums.append(len(made.__members__))
        return made

    enum.EnumType.__call__ = counting  # type: ignore[method-assign]


def probe_env(code_cache: str | None = None) -> dict[str, str]:
    """The environment a probe process runs in: offscreen unless told otherwise, signed in as the demo
    clinics' admin (admin/demo once accounts exist), so no sign-in dialog waits, and keeping the code the
    app compiles at start-up (frontdesk/code_cache.py) in the benchmark's own folder, not the user's
    (`code_cache`: another folder, e.g. an empty one for a first start)."""
    from bench.clinics import data_dir
    from frontdesk.code_cache import CACHE_ENV

    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.setdefault("FRONTDESK_USER", "admin")
    env.setdefault("FRONTDESK_PASSWORD", "demo")
    env[CACHE_ENV] = code_cache or str((data_dir() / "code-cache").resolve())
    return env


def _announce(marker: str) -> None:
    if marker == MARKER and os.environ.get(COUNT_ENUMS):
        print(f"{ENUMS} {len(_built_enums)} {sum(_built_enums)}", flush=True)
    print(marker, flush=True)
    if marker == MARKER and os.environ.get(EXIT_AT_READY):
        os._exit(0)  # nothing after the first paint is counted (no screens, no clean-up)


def _announce_after_first_paint(widget: Any, then: list[str]) -> None:
    """Announce `then` right after `widget`'s first paint.

    The filter sits on that one widget, not on the application: an application-wide Python filter
    would be called for every event of every object (the style's too), which costs both processes
    time that neither spends when it is not measured."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                for marker in then:  # queued: after this paint has finished
                    QTimer.singleShot(0, lambda marker=marker: _announce(marker))
            return False

    widget._first_paint = FirstPaint(widget)  # kept alive with the widget
    widget.installEventFilter(widget._first_paint)


def run_app(db: str) -> int:
    import frontdesk.app

    real_install = frontdesk.app._install_screens

    def announce_around_install(*args: Any) -> None:
        # The app installs its screens from the event loop right after the board's first paint
        # (MainWindow.after_first_paint watches the board's viewport): that moment is READY.
        _announce(MARKER)
        real_install(*args)
        _announce(SETTLED)

    frontdesk.app._install_screens = announce_around_install
    from frontdesk.cli.main import main

    return main(["gui", "--db", db])


def run_bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    label = QLabel("Front desk")
    window.setCentralWidget(label)
    _announce_after_first_paint(label, [MARKER, SETTLED])
    window.show()
    return int(app.exec())


def run_painted() -> int:
    """The bare window, its words drawn by a Python paintEvent with QPainter, as the app's board is.

    The least such a view does, setting its painter's pen, builds every Python enum of Qt's namespace
    (about 1,200 members): PySide6 weighs Qt.PenStyle among QPainter.setPen's overloads, and the same
    goes for setBrush, QPen and QBrush. The label window never touches that namespace."""
    from PySide6.QtGui import QPainter, QPaintEvent, QPalette
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    class PaintedLabel(QWidget):
        def paintEvent(self, event: QPaintEvent) -> None:
            painter = QPainter(self)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), ALIGN_LEFT_VCENTER, "Front desk")
            painter.end()

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    label = PaintedLabel()
    window.setCentralWidget(label)
    _announce_after_first_paint(label, [MARKER, SETTLED])
    window.show()
    return int(app.exec())


PROBES = {"bare": run_bare, "painted": run_painted}

if __name__ == "__main__":
    if os.environ.get(COUNT_ENUMS):
        _count_enums()
    sys.exit(run_app(sys.argv[2]) if sys.argv[1] == "app" else PROBES[sys.argv[1]]())
