"""`frontdesk gui` with FRONTDESK_USER / FRONTDESK_PASSWORD opens the board with nothing modal in the way.

It runs the real start-up (`frontdesk.app.run`) in its own process, as a user would start the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# The same start, as `frontdesk` itself starts: nothing of Qt loaded before run(), so a helper process signs in
# and reads today's board while this one loads Qt; this one opens the database only after that board's
# first paint (when the screens hook in).
_READ_AHEAD_START = r"""
import json, sys
import frontdesk.app

seen = {}
real_install = frontdesk.app._install_screens

def install_then_look(window, actor, *args):
    seen["data layer loaded at first paint"] = "peewee" in sys.modules
    seen["cells at first paint"] = sorted({window.board_model.index(r, c).data() or ""
                                          for r in range(window.board_model.rowCount())
                                          for c in range(window.board_model.columnCount())} - {""})
    real_install(window, actor, *args)
    from PySide6.QtWidgets import QApplication, QWidget
    seen["board"] = window.findChild(QWidget, "scheduleBoard").isVisible()
    seen["user"] = window.current_actor().username
    seen["screens"] = window.screens_ready
    seen["icon"] = not QApplication.windowIcon().isNull()  # set once the board is on screen
    QApplication.instance().quit()

frontdesk.app._install_screens = install_then_look
seen["exit"] = frontdesk.app.run(sys.argv[1])
print(json.dumps(seen))
"""


def _clinic_with_today(tmp_path: Path) -> Path:
    db = tmp_path / "clinic.sqlite3"
    assert main(["demo", "--db", str(db), "--patients", "30", "--days", "1"]) == 0
    return db


def _start_as_desk(script: str, db: Path, password: str = "demo") -> Any:
    """What `script` printed last (JSON), run in its own process signed in as the demo desk user."""
    env = dict(os.environ, FRONTDESK_USER="desk", FRONTDESK_PASSWORD=password, QT_QPA_PLATFORM="offscreen")
    started = subprocess.run([sys.executable, "-c", script, str(db)], env=env, capture_output=True, text=True,
                             timeout=120)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout.splitlines()[-1])


def test_start_reads_todays_board_ahead_and_opens_the_database_after_its_first_paint(tmp_path: Path) -> None:
    db = _clinic_with_today(tmp_path)
    seen = _start_as_desk(_READ_AHEAD_START, db)
    schedule = subprocess.run([sys.executable, "-m", "frontdesk.cli.main", "schedule", "--db", str(db), "--json"],
                              capture_output=True, text=True, timeout=60, check=True)
    booked = {row["patient"] for row in json.loads(schedule.stdout)["appointments"]
              if row["chair"] and row["status"] not in ("cancelled", "no_show")}
    assert booked, "the demo clinic has chair bookings today"
    painted = " ".join(seen.pop("cells at first paint"))
    assert all(name in painted for name in booked), (booked, painted)  # today's patients, on the first paint
    assert seen == {"data layer loaded at first paint": False, "board": True, "user": "desk", "screens": True,
                    "icon": True, "exit": 0}
    assert [p.name[:10] for p in (tmp_path / "backups").iterdir()] == ["frontdesk-"]  # the exit backup ran


_REFUSED_START = r"""
import json, sys
import frontdesk.app
import frontdesk.ui.auth.start

asked = []
frontdesk.ui.auth.start._ask = lambda parent, username, message: asked.append([username, message])  # cancelled
code = frontdesk.app.run(sys.argv[1])
from frontdesk.data import audit_repo
print(json.dumps({"exit": code, "asked": asked,
                  "failures": len(audit_repo.search(user="desk", action="signin.failure"))}))
"""


def test_a_refused_sign_in_is_tried_once_and_the_dialog_says_why(tmp_path: Path) -> None:
    assert _start_as_desk(_REFUSED_START, _clinic_with_today(tmp_path), password="wrong") == {
        "exit": 0, "asked": [["desk", "wrong user name or password"]], "failures": 1}


_READ_AHEAD_ONLY = r"""
import json, sys
from frontdesk.app import ReadAhead

ahead = ReadAhead.start(sys.argv[1])
look = ahead.result() if ahead is not None else None
print(json.dumps(None if look is None else
                 {"kind": type(look).__name__, "user": look.actor.username, "day": str(look.board.day),
                  "patients": sorted({a.patient_name for a in look.board.appointments}),
                  "peewee here": "peewee" in sys.modules}))
"""


def _read_ahead(target: str, **env: str) -> object:
    done = subprocess.run([sys.executable, "-c", _READ_AHEAD_ONLY, target], env=dict(os.environ, **env),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr  # nothing said: a failure is the window's to tell
    return json.loads(done.stdout)


def test_the_helper_reads_the_same_day_on_each_database(db_target: str) -> None:
    assert main(["demo", "--db", db_target, "--patients", "20", "--days", "1"]) == 0
    look = _read_ahead(db_target, FRONTDESK_USER="nurse", FRONTDESK_PASSWORD="demo")
    schedule = subprocess.run([sys.executable, "-m", "frontdesk.cli.main", "schedule", "--db", db_target, "--json"],
                              capture_output=True, text=True, timeout=60, check=True)
    today = json.loads(schedule.stdout)
    assert look == {"kind": "FirstLook", "user": "nurse", "day": today["date"],
                    "patients": sorted({row["patient"] for row in today["appointments"]
                                        if row["status"] not in ("cancelled", "no_show")}),
                    "peewee here": False}  # read in the helper: this process has not loaded the data layer


def test_a_helper_that_cannot_open_the_database_hands_the_work_back_silently(tmp_path: Path) -> None:
    assert _read_ahead(str(tmp_path / "no such folder" / "clinic.sqlite3")) is None
    assert _read_ahead("postgresql://nobody@127.0.0.1:1/none") is None
