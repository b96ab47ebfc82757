"""Child processes timed by the start-up benchmark: `python -m bench.probes app DB` or `… bare`.

Each prints READY from a QTimer.singleShot(0) queued once its window is shown (so after the first
event-loop pass has laid it out and painted it), then waits to be killed by the benchmark: what
the app does when it quits (e.g. its automatic backup) is no part of start-up time or memory.
`app` runs the real `frontdesk gui` path; only QApplication.exec is wrapped to queue the marker.
"""

from __future__ import annotations

import sys

MARKER = "READY"


def _announce() -> None:
    print(MARKER, flush=True)


def run_app(db: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    real_exec = QApplication.exec

    def exec_once_shown(*_: object) -> int:  # the real exec is static: it takes no `self`
        QTimer.singleShot(0, _announce)
        return int(real_exec())

    QApplication.exec = exec_once_shown  # type: ignore[method-assign]
    from frontdesk.cli.main import main

    return main(["gui", "--db", db])


def run_bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Front desk"))
    window.show()
    QTimer.singleShot(0, _announce)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[2]) if sys.argv[1] == "app" else run_bare())
