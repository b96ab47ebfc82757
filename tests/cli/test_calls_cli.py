"""`frontdesk calls` as a user runs it: the next open day's list, recording a try, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.cli.main import main


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FRONTDESK_USER", "desk")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")
    target = str(tmp_path / "demo.sqlite3")
    assert main(["demo", "--db", target, "--patients", "80", "--days", "7", "--seed", "5"]) == 0
    return target


def _calls(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["calls", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_the_demo_desk_has_begun_the_next_open_days_calls(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = _calls(capsys, demo_db)
    calls = data["calls"]
    assert isinstance(calls, list) and calls
    assert all(call["start"].startswith(str(data["date"])) for call in calls)
    assert {"id", "patient", "start", "arrive_by", "state", "status", "phone", "reach", "ways", "missing",
            "attempts"} <= calls[0].keys()
    states = [call["state"] for call in calls]
    assert "confirmed" in states
    assert ("to call" in states) == (len(calls) >= 4)  # every fourth booking is still to call
    assert main(["calls", "--db", demo_db]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Confirmation calls for ") and "confirmed" in text


def test_recording_a_try_changes_where_the_booking_stands(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    calls = _calls(capsys, demo_db)["calls"]
    assert isinstance(calls, list)
    todo = next(call for call in calls if "call" in call["ways"])
    assert main(["calls", "--db", demo_db, "--record", str(todo["id"]), "--by", "call", "--outcome", "wants_change",
                 "--note", "asks for the afternoon"]) == 0
    assert capsys.readouterr().out.strip() == f"appointment {todo['id']}: Wants another time"
    after = next(call for call in _calls(capsys, demo_db)["calls"] if call["id"] == todo["id"])  # type: ignore[union-attr]
    assert after["state"] == "wants_change"
    assert [(a["by"], a["outcome"], a["note"], a["user"]) for a in after["attempts"]][-1] == \
        ("call", "wants_change", "asks for the afternoon", "desk")


@pytest.mark.parametrize(("args", "error"), [
    (["--record", "1"], "--record needs --by (call, text or email) and --outcome"),
    (["--by", "call"], "--by, --outcome and --note go with --record"),
    (["--record", "999999", "--by", "call", "--outcome", "confirmed"], "appointment 999999: no such appointment"),
    (["--date", "2026-02-30"], "2026-02-30"),
])
def test_bad_options_are_one_line_errors_and_write_nothing(demo_db: str, capsys: pytest.CaptureFixture[str],
                                                           args: list[str], error: str) -> None:
    before = _calls(capsys, demo_db)
    assert main(["calls", "--db", demo_db, *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontdesk calls: ") and error in err and "\n" not in err
    assert _calls(capsys, demo_db) == before
