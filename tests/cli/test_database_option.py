"""`--db` and FRONTDESK_DB on every command, with SQLite files and PostgreSQL URLs alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontdesk.cli.main import build_parser, main


def _subcommands() -> dict[str, object]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return dict(action.choices)  # type: ignore[arg-type]


def test_every_command_takes_the_db_option() -> None:
    missing = [name for name, sub in _subcommands().items()
               if "--db" not in sub._option_string_actions]  # type: ignore[attr-defined]
    assert missing == []


def test_frontdesk_db_is_the_default_for_demo_schedule_and_the_app(
    db_target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONTDESK_DB", db_target)
    assert main(["demo", "--patients", "20", "--days", "3", "--seed", "4"]) == 0
    capsys.readouterr()
    day = dt.date.today()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    assert main(["schedule", "--date", day.isoformat(), "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert board["chairs"][0] == "Chair 1" and board["appointments"]

    from frontdesk.app import prepare_database

    assert prepare_database(None) == db_target


def test_only_the_default_database_gets_a_demo_clinic_on_its_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontdesk.app import prepare_database
    from frontdesk.data.database import database_proxy
    from frontdesk.database_target import default_db_path
    from frontdesk.services.setup import database_is_empty

    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    named = tmp_path / "named.sqlite3"
    assert prepare_database(str(named)) == str(named)
    assert database_is_empty()  # a file the desk named starts empty
    database_proxy.close()
    default = default_db_path()
    assert default.is_relative_to(tmp_path / "data") and not default.exists()
    assert prepare_database(None) == str(default)
    assert not database_is_empty()  # the first run on the default database opens on a demo clinic
    database_proxy.close()


def test_a_first_start_asks_new_clinic_or_demo_and_a_new_clinic_starts_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """An installed app's first start opened the demo (fictitious patients, accounts whose password is
    "demo") with no question: a clinic's real first day began there. It asks now; `make run` and a
    scripted install say which in FRONTDESK_FIRST_RUN; without a screen to ask on, the demo, as before."""
    from PySide6.QtWidgets import QMessageBox

    from frontdesk.app import FIRST_RUN_ENV, _first_run_choice, prepare_database
    from frontdesk.data.database import database_proxy
    from frontdesk.database_target import default_db_path
    from frontdesk.services.setup import database_is_empty
    from frontdesk.ui.application import DEMO_CLINIC, NEW_CLINIC, first_run_box

    box, meanings = first_run_box()
    buttons = {button.text(): meanings.get(button) for button in box.buttons()}
    assert buttons == {"Start a new clinic": NEW_CLINIC, "Try the demo clinic": DEMO_CLINIC, "Quit": None}
    assert box.defaultButton().text() == "Start a new clinic" and box.escapeButton().text() == "Quit"  # type: ignore[union-attr]
    assert 'password "demo": never enter real patients there' in box.informativeText()
    assert isinstance(box, QMessageBox)
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(FIRST_RUN_ENV, raising=False)
    assert _first_run_choice() == "demo"  # offscreen: nobody to ask
    for said in ("new", "demo"):
        monkeypatch.setenv(FIRST_RUN_ENV, said)
        assert _first_run_choice() == said
    assert prepare_database(None, demo=False) == str(default_db_path())
    assert database_is_empty()  # a new clinic: no fictitious patients
    from frontdesk.data.clinic_repo import load_profile

    # and none of the example clinic's details to print while its first administrator is not made yet
    assert load_profile().contact_gaps() == ["name", "phone"] and load_profile().example_contact_fields() == []
    database_proxy.close()


def test_an_unreachable_server_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--db", "postgresql://postgres@127.0.0.1:9/test"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontdesk schedule: cannot reach the PostgreSQL server at 127.0.0.1:9")
    assert "\n" not in err


@pytest.mark.parametrize("target, said", [
    ("{tmp}/no such folder/clinic.sqlite3", "folder does not exist for database file: {tmp}/no such folder"),
    ("postgresql://nobody@127.0.0.1:1/none", "cannot reach the PostgreSQL server at 127.0.0.1:1"),
    ("{tmp}/clinc.sqlite3", "no database at {tmp}/clinc.sqlite3"),  # a letter missing: no empty clinic made
])
def test_the_app_says_once_why_its_database_cannot_be_opened(tmp_path: Path, target: str, said: str) -> None:
    """The start-up helper that reads today's board ahead fails first, silently; the app then says why, once."""
    import os
    import subprocess
    import sys

    target, said = target.format(tmp=tmp_path), said.format(tmp=tmp_path)
    run = subprocess.run([sys.executable, "-m", "frontdesk.cli.main", "gui", "--db", target],
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert run.stderr.startswith(f"frontdesk gui: {said}") and len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stdout == ""
    assert [path.name for path in tmp_path.iterdir()] == []  # nothing made
