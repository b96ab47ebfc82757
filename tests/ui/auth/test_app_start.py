"""`frontdesk gui` with FRONTDESK_USER / FRONTDESK_PASSWORD opens the board with nothing modal in the way.

It runs the real start-up (`frontdesk.app.run`) in its own process, as a user would start the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from frontdesk.cli.main import main

_START = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from frontdesk.app import run
from frontdesk.ui.application import create_application

create_application(sys.argv[:1])  # the one run() uses, so the timer below has its event loop
seen = {}

def look_then_quit():
    app = QApplication.instance()
    windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    if not (windows and windows[0].screens_ready):  # the screens around the board hook in after its first paint
        QTimer.singleShot(50, look_then_quit)
        return
    seen["board"] = bool(windows) and windows[0].findChild(QWidget, "scheduleBoard").isVisible()
    seen["modal"] = app.activeModalWidget() is not None
    seen["user"] = windows[0].current_actor().username if windows else None
    app.quit()

QTimer.singleShot(0, look_then_quit)
seen["exit"] = run(sys.argv[1])
print(json.dumps(seen))
"""


def test_signed_in_start_shows_the_board_and_backs_up_on_exit(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    assert main(["demo", "--db", str(db), "--patients", "10", "--days", "1"]) == 0
    env = dict(os.environ, FRONTDESK_USER="desk", FRONTDESK_PASSWORD="demo", QT_QPA_PLATFORM="offscreen")
    started = subprocess.run([sys.executable, "-c", _START, str(db)], env=env, capture_output=True, text=True,
                             timeout=120)
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout.splitlines()[-1]) == {"board": True, "modal": False, "user": "desk", "exit": 0}
    assert [p.name[:10] for p in (tmp_path / "backups").iterdir()] == ["frontdesk-"]
