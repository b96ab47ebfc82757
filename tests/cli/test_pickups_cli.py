"""`frontdesk pickups`: who is in recovery, their drivers, and recording a call."""

from __future__ import annotations

import json

import peewee
import pytest

from frontdesk.cli.main import main
from frontdesk.data import models as m
from frontdesk.data.database import database_proxy
from tests.ui.board_helpers import in_recovery_now


@pytest.fixture
def ana(sqlite_db: peewee.Database) -> m.Appointment:
    return in_recovery_now()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_list_and_a_call_recorded_from_the_command_line(
        ana: m.Appointment, sqlite_db: peewee.Database, capsys: pytest.CaptureFixture[str]) -> None:
    db = sqlite_db.database
    code, out, _ = _run(capsys, "pickups", "--db", db, "--json")
    listed = json.loads(out)
    assert code == 0 and [(p["id"], p["patient"], p["chair"], p["state"]) for p in listed] == [
        (ana.id, "Ana Núñez", "Chair 1", "to_call")]
    assert listed[0]["driver"] == "Maria Núñez (sister), (828) 555-0150" and listed[0]["calls"] == []
    code, out, _ = _run(capsys, "pickups", "--db", db)
    assert "Ana Núñez" in out and out.rstrip().endswith("[call now]")
    code, out, _ = _run(capsys, "pickups", "--db", db, "--record", str(ana.id), "--outcome", "told",
                        "--note", "parking outside")
    assert code == 0 and out.startswith(f"appointment {ana.id}: Driver told ")
    code, out, _ = _run(capsys, "schedule", "--db", db, "--json")
    row = next(a for a in json.loads(out)["appointments"] if a["id"] == ana.id)
    assert row["pickup"] == "settled"
    code, out, _ = _run(capsys, "schedule", "--db", db)
    assert "[recovery · driver told]" in out


def test_bad_calls_say_why_and_write_nothing(ana: m.Appointment, sqlite_db: peewee.Database,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = sqlite_db.database
    code, _, err = _run(capsys, "pickups", "--db", db, "--record", str(ana.id))
    assert code == 2 and err.strip() == "frontdesk pickups: --record needs --outcome (told, no_answer or message)"
    code, _, err = _run(capsys, "pickups", "--db", db, "--outcome", "told")
    assert code == 2 and err.strip() == "frontdesk pickups: --outcome and --note go with --record"
    m.Appointment.update(flow="discharged", outcome="completed").where(m.Appointment.id == ana.id).execute()
    code, _, err = _run(capsys, "pickups", "--db", db, "--record", str(ana.id), "--outcome", "told")
    assert code == 2 and "the patient is no longer in the chair or in recovery" in err and "nothing was recorded" in err
    database_proxy.initialize(sqlite_db)  # the command opened its own; the fixture's rows are read again
    assert m.PickupCall.select().count() == 0
