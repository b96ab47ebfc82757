"""`frontdesk demo`, `frontdesk schedule` and `frontdesk calls` (confirmation calls) as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontdesk.cli.main import main


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    target = str(tmp_path / "demo.sqlite3")
    assert main(["demo", "--db", target, "--patients", "40", "--days", "7", "--seed", "5"]) == 0
    return target


def test_schedule_json_lists_appointments_with_plain_keys(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    day = _next_weekday()
    board = json.loads(_run(capsys, "schedule", "--db", demo_db, "--date", day.isoformat(), "--json"))
    assert board["chairs"] == [f"Chair {n}" for n in range(1, 7)]
    assert board["appointments"], "a demo clinic has appointments on the next weekday"
    for record in board["appointments"]:
        assert {"id", "patient", "chair", "type", "start", "end", "status"} <= record.keys()
        assert record["start"].startswith(day.isoformat())
        assert record["start"] < record["end"]


def test_same_seed_gives_the_same_clinic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for name in ("a", "b"):
        target = str(tmp_path / f"{name}.sqlite3")
        main(["demo", "--db", target, "--patients", "30", "--days", "5", "--seed", "9"])
        capsys.readouterr()
        outputs.append(_run(capsys, "schedule", "--db", target, "--json"))
    assert outputs[0] == outputs[1]
    assert "appointments" in json.loads(outputs[0])


def test_bad_date_is_one_clear_line_and_non_zero(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--db", demo_db, "--date", "2026-02-30"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "frontdesk schedule: not a date: '2026-02-30' (use YYYY-MM-DD)"


def test_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "none.sqlite3"
    assert main(["schedule", "--db", str(target)]) == 2
    assert "no database" in capsys.readouterr().err
    assert not target.exists()


def _next_weekday() -> dt.date:
    day = dt.date.today() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_schedule_of_a_clinic_with_accounts_needs_a_signed_in_user(
    demo_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTDESK_USER", raising=False)
    monkeypatch.delenv("FRONTDESK_PASSWORD", raising=False)
    capsys.readouterr()
    assert main(["schedule", "--db", demo_db, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "sign in first" in captured.err


def test_a_reader_that_stops_early_is_no_error(demo_db: str) -> None:
    """`frontdesk schedule | head -1`: no "Broken pipe" complaint, exit 0."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, FRONTDESK_USER="desk", FRONTDESK_PASSWORD="demo")
    child = subprocess.Popen([sys.executable, "-m", "frontdesk.cli.main", "schedule", "--db", demo_db],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written
    errors = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0
    assert errors == ""


def test_schedule_says_who_needs_an_interpreter_in_text_and_json(demo_db: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    day = _next_weekday()
    capsys.readouterr()
    board = json.loads(_run(capsys, "schedule", "--db", demo_db, "--date", day.isoformat(), "--json"))
    first = board["appointments"][0]
    with sqlite3.connect(demo_db) as raw:  # as the patient record would save it
        raw.execute("UPDATE patient SET language = 'es', interpreter_needed = 1 WHERE id = ?", (first["patient_id"],))
    board = json.loads(_run(capsys, "schedule", "--db", demo_db, "--date", day.isoformat(), "--json"))
    mine = [a for a in board["appointments"] if a["patient_id"] == first["patient_id"]]
    others = [a for a in board["appointments"] if a["patient_id"] != first["patient_id"]]
    assert mine and all(a["interpreter"] == "Spanish" for a in mine)
    assert all(a["interpreter"] is None for a in others if a["patient_id"] not in _needing(demo_db))
    text = _run(capsys, "schedule", "--db", demo_db, "--date", day.isoformat())
    line = next(row for row in text.splitlines() if first["patient"] in row)
    assert line.endswith("Spanish interpreter")


def _needing(db: str) -> set[int]:
    """The demo's own patients who need an interpreter."""
    import sqlite3

    with sqlite3.connect(db) as raw:
        return {row[0] for row in raw.execute("SELECT id FROM patient WHERE interpreter_needed")}


def test_schedule_shows_what_the_board_flags_and_the_blocked_time(demo_db: str, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_USER", "admin")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")
    past = dt.date.today() - dt.timedelta(days=40)  # before the demo's days: an empty weekday
    while past.weekday() >= 5:
        past -= dt.timedelta(days=1)
    _run(capsys, "block", "--db", demo_db, "--from", f"{past} 12:00", "--to", f"{past} 13:00", "--kind", "lunch",
         "--reason", "staff lunch")
    _run(capsys, "block", "--db", demo_db, "--from", f"{past} 08:00", "--to", f"{past} 18:00", "--chair", "Chair 2",
         "--kind", "out_of_service", "--reason", "pump repair")
    patient = json.loads(_run(capsys, "find", "a", "--db", demo_db, "--json"))[0]["id"]
    _run(capsys, "book", "--db", demo_db, "--patient", str(patient), "--type", "iv_mood", "--chair", "Chair 1",
         "--start", f"{past} 09:00")
    board = json.loads(_run(capsys, "schedule", "--db", demo_db, "--date", past.isoformat(), "--json"))
    [booked] = board["appointments"]
    assert (booked["status"], booked["alert"], booked["warning"]) == ("booked", "late", None)  # never came
    assert board["blocks"] == [
        {"chair": "Chair 2", "start": f"{past}T08:00", "end": f"{past}T18:00", "kind": "out_of_service",
         "reason": "pump repair"},
        {"chair": None, "start": f"{past}T12:00", "end": f"{past}T13:00", "kind": "lunch", "reason": "staff lunch"}]
    text = _run(capsys, "schedule", "--db", demo_db, "--date", past.isoformat())
    assert "  12:00–13:00  blocked (lunch): staff lunch" in text.splitlines()[1]
    assert "[booked · late]" in text and "08:00–18:00  blocked (out of service): pump repair" in text
    nxt = past + dt.timedelta(days=1)
    _run(capsys, "block", "--db", demo_db, "--from", f"{nxt} 00:00", "--to", f"{nxt + dt.timedelta(days=1)} 00:00",
         "--kind", "closed", "--reason", "staff training")
    text = _run(capsys, "schedule", "--db", demo_db, "--date", nxt.isoformat())
    assert "  all day  blocked (closed): staff training" in text  # it read "00:00–00:00"


# --- confirmation calls -------------------------------------------------------------------------


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
    day = str(_calls(capsys, demo_db)["date"])
    assert main(["schedule", "--db", demo_db, "--date", day, "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    confirmed = {a["id"] for a in board["appointments"] if a["confirmed"]}
    assert todo["id"] not in confirmed
    assert confirmed == {call["id"] for call in calls if call["state"] == "confirmed" and call["id"] != todo["id"]}
    assert [(a["by"], a["outcome"], a["note"], a["user"]) for a in after["attempts"]][-1] == \
        ("call", "wants_change", "asks for the afternoon", "admin")


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


def test_to_rebook_lists_missed_visits_with_nothing_booked_since(demo_db: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["to-rebook", "--db", demo_db, "--days", "30", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    for row in rows:
        assert {"id", "patient", "patient_id", "missed", "type", "why", "misses", "phone", "reach"} <= row.keys()
        assert row["why"] == "no-show" or row["why"].startswith("cancelled by the ")
    assert main(["to-rebook", "--db", demo_db, "--days", "0"]) == 2
    assert capsys.readouterr().err.strip() == "frontdesk to-rebook: --days: from 1 to 365"


def test_calls_reminder_prints_the_text_to_paste(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    calls = _calls(capsys, demo_db)["calls"]
    assert isinstance(calls, list) and calls
    written = [call for call in calls if {"text", "email"} & set(call["ways"])]
    spoken = [call for call in calls if not {"text", "email"} & set(call["ways"])]
    for call in spoken[:1]:  # no texts, no email: the desk calls instead
        assert main(["calls", "--db", demo_db, "--reminder", str(call["id"])]) == 2
        assert capsys.readouterr().err.strip().endswith("the patient takes no texts and has no email on file: "
                                                        "call instead")
    if not written:
        return
    first = written[0]
    assert main(["calls", "--db", demo_db, "--reminder", str(first["id"]), "--lang", "es", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["language"] == "es" and shown["text"].startswith(f"Hola, {first['patient']}: Le escribimos de ")
    assert main(["calls", "--db", demo_db, "--lang", "es"]) == 2
    assert capsys.readouterr().err.strip() == "frontdesk calls: --lang goes with --reminder"
