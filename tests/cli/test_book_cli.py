"""`frontdesk book`, `openings`, `move`, `cancel`, `checkin` and `no-show` as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontdesk.cli.main import main


@pytest.fixture
def clinic(tmp_path: Path) -> str:
    target = str(tmp_path / "demo.sqlite3")
    assert main(["demo", "--db", target, "--patients", "20", "--days", "0", "--seed", "2"]) == 0
    return target


def _next_monday() -> dt.date:
    day = dt.date.today() + dt.timedelta(days=7)
    return day - dt.timedelta(days=day.weekday())


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _count(target: str) -> int:
    import sqlite3

    with sqlite3.connect(target) as conn:
        return int(conn.execute("SELECT count(*) FROM appointment").fetchone()[0])


def test_book_prints_id_and_second_booking_names_the_conflict(
        clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    start = f"{_next_monday()} 10:15"
    code, out, _ = _run(capsys, "book", "--db", clinic, "--patient", "1", "--type", "IV ketamine, mood",
                        "--chair", "Chair 3", "--start", start, "--json")
    assert code == 0
    record = json.loads(out)
    assert (record["chair"], record["type"], record["start"][-5:], record["end"][-5:]) == (
        "Chair 3", "IV ketamine, mood", "10:15", "11:55")
    before = _count(clinic)
    code, out, err = _run(capsys, "book", "--db", clinic, "--patient", "2", "--type", "iv_mood",
                          "--chair", "Chair 3", "--start", f"{_next_monday()} 11:00")
    assert code != 0 and out == ""
    assert err.strip() == f"frontdesk book: Chair 3 is taken 10:15–11:55 by {record['patient']}, IV ketamine, mood"
    assert len(err.strip().splitlines()) == 1
    assert _count(clinic) == before


def test_book_text_output_is_the_id(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "book", "--db", clinic, "--patient", "1", "--type", "consult",
                        "--start", f"{_next_monday()} 09:00")
    assert code == 0 and out.strip().isdigit()


def test_names_from_schedule_json_are_accepted(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    day = _next_monday()
    _, out, _ = _run(capsys, "schedule", "--db", clinic, "--date", day.isoformat(), "--json")
    board = json.loads(out)
    chair = board["chairs"][-1]
    code, out, err = _run(capsys, "book", "--db", clinic, "--patient", "3", "--type", "Esketamine nasal spray",
                          "--chair", chair, "--start", f"{day} 13:00", "--json")
    assert code == 0, err
    _, out, _ = _run(capsys, "schedule", "--db", clinic, "--date", day.isoformat(), "--json")
    booked = [a for a in json.loads(out)["appointments"] if a["chair"] == chair and a["start"].endswith("13:00")]
    assert booked and booked[0]["type"] == "Esketamine nasal spray"


@pytest.mark.parametrize(("args", "message"), [
    (["--type", "yoga"], "frontdesk book: type: no appointment type 'yoga'"),
    (["--type", "iv_mood", "--chair", "Chair 9"], "frontdesk book: chair: no chair 'Chair 9'"),
    (["--type", "iv_mood", "--start", "tomorrow"],
     "frontdesk book: start: not a date and time: 'tomorrow' (use YYYY-MM-DD HH:MM)"),
    (["--type", "iv_mood", "--patient", "99999"], "frontdesk book: patient: no patient with id 99999"),
])
def test_bad_input_is_one_line_and_nothing_written(
        clinic: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    base = {"--patient": "1", "--start": f"{_next_monday()} 09:00"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    before = _count(clinic)
    code, _, err = _run(capsys, "book", "--db", clinic, *[x for kv in base.items() for x in kv])
    assert code != 0 and err.strip() == message
    assert _count(clinic) == before


def test_soft_limit_refuses_unless_override(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    start = f"{_next_monday()} 09:00"
    for patient, chair in (("1", "Chair 1"), ("2", "Chair 2")):
        assert _run(capsys, "book", "--db", clinic, "--patient", patient, "--type", "iv_mood", "--chair", chair,
                    "--start", start)[0] == 0
    code, _, err = _run(capsys, "book", "--db", clinic, "--patient", "3", "--type", "iv_mood", "--chair", "Chair 3",
                        "--start", start)
    assert code != 0
    assert err.strip() == ("frontdesk book: 3 IV starts in 09:00–09:15 (the limit is 2) "
                           "(add --override to go ahead)")
    assert _run(capsys, "book", "--db", clinic, "--patient", "3", "--type", "iv_mood", "--chair", "Chair 3",
                "--start", start, "--override")[0] == 0


def test_openings_json_are_bookable(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    day = _next_monday()
    code, out, _ = _run(capsys, "openings", "--db", clinic, "--type", "IV ketamine, mood", "--from",
                        day.isoformat(), "--days", "2", "--json")
    found = json.loads(out)
    assert code == 0 and found
    assert {"date", "start", "end", "chair", "type"} <= found[0].keys()
    first = found[0]
    code, out, err = _run(capsys, "book", "--db", clinic, "--patient", "4", "--type", first["type"], "--chair",
                          first["chair"], "--start", first["start"].replace("T", " "), "--json")
    assert code == 0, err
    assert json.loads(out)["start"] == first["start"]


def test_openings_text_and_bad_from(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "openings", "--db", clinic, "--type", "iv_mood", "--from",
                        _next_monday().isoformat(), "--days", "1")
    assert code == 0 and "Chair" in out
    code, _, err = _run(capsys, "openings", "--db", clinic, "--type", "iv_mood", "--from", "someday")
    assert code != 0 and err.strip() == "frontdesk openings: from: not a date: 'someday' (use YYYY-MM-DD)"


def test_move_cancel_checkin_no_show(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    day = _next_monday()
    ids = []
    for patient, hour in (("5", "09:30"), ("6", "11:30")):
        _, out, _ = _run(capsys, "book", "--db", clinic, "--patient", patient, "--type", "iv_mood",
                         "--chair", "Chair 5", "--start", f"{day} {hour}")
        ids.append(out.strip())
    code, _, err = _run(capsys, "move", ids[0], "--db", clinic, "--start", f"{day} 11:00")
    assert code != 0 and "Chair 5 is taken 11:30–13:10" in err
    assert _run(capsys, "move", ids[0], "--db", clinic, "--start", f"{day} 09:45")[0] == 0
    code, _, err = _run(capsys, "checkin", ids[0], "--db", clinic)
    assert code == 2 and err.strip() == (f"frontdesk checkin: appointment {ids[0]}: it is on {day:%a %d %b}: "
                                         "arrival and the steps after it are recorded on the day")
    code, _, err = _run(capsys, "no-show", ids[0], "--db", clinic)
    assert code == 2 and "it is not a no-show before then" in err
    _move_to_last_month(clinic, int(ids[0]))  # it took place: its steps may be recorded after the fact
    assert _run(capsys, "checkin", ids[0], "--db", clinic)[1].strip() == "arrived"
    code, _, err = _run(capsys, "move", ids[0], "--db", clinic, "--start", f"{day} 13:00")
    assert code == 2 and "the patient is here, so only its chair can change" in err
    assert _run(capsys, "change-chair", ids[0], "--db", clinic, "--chair", "Chair 6")[1].strip() == "Chair 6"
    assert _run(capsys, "undo-step", ids[0], "--db", clinic)[1].strip() == "booked"
    code, _, err = _run(capsys, "undo-step", ids[0], "--db", clinic)
    assert code == 2 and err.strip() == f"frontdesk undo-step: appointment {ids[0]} is booked: no step to take back"
    assert _run(capsys, "cancel", ids[1], "--db", clinic, "--by", "patient", "--reason", "flu")[0] == 0
    code, _, err = _run(capsys, "no-show", ids[1], "--db", clinic)
    assert code != 0 and "cancelled" in err


def _move_to_last_month(target: str, appointment_id: int) -> None:
    """Put an appointment 30 days back, where the demo clinic (today only) has nothing."""
    from frontdesk.data import models as m
    from frontdesk.data.database import open_database

    db = open_database(target)
    row = m.Appointment.get_by_id(appointment_id)
    shift = dt.timedelta(days=(row.start_utc.date() - dt.date.today()).days + 30)
    m.Appointment.update(start_utc=row.start_utc - shift, end_utc=row.end_utc - shift).where(
        m.Appointment.id == appointment_id).execute()
    db.close()


def test_series_preview_writes_nothing_then_books_all(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = _next_monday() + dt.timedelta(days=7)
    before = _count(clinic)
    code, out, _ = _run(capsys, "series", "--db", clinic, "--patient", "7", "--type", "IV ketamine, mood",
                        "--first", first.isoformat(), "--time", "09:00", "--chair", "Chair 6", "--preview", "--json")
    plan = json.loads(out)
    assert code == 0 and [p["session"] for p in plan] == [f"{n} of 6" for n in range(1, 7)]
    assert plan[0] == {"session": "1 of 6", "start": f"{first}T09:00", "chair": "Chair 6", "conflict": None}
    assert _count(clinic) == before
    code, out, _ = _run(capsys, "series", "--db", clinic, "--patient", "7", "--type", "iv_mood", "--first",
                        first.isoformat(), "--chair", "Chair 6", "--count", "3", "--json")
    booked = json.loads(out)
    assert code == 0 and len(booked["appointments"]) == 3
    assert _count(clinic) == before + 3
    for option, value, reason in (("--count", "0", "sessions: give a number from 1 to 40"),
                                  ("--min-days", "0", "days between: at least 1")):
        code, _, err = _run(capsys, "series", "--db", clinic, "--patient", "7", "--type", "iv_mood", "--first",
                            first.isoformat(), option, value, "--preview")
        assert code == 2 and err.strip() == f"frontdesk series: {reason}"  # not the type's default, silently
    code, _, err = _run(capsys, "series", "--db", clinic, "--patient", "7", "--type", "iv_mood", "--first", "soon")
    assert code != 0 and err.strip() == "frontdesk series: first: not a date: 'soon' (use YYYY-MM-DD)"


def test_book_and_conflict_on_each_backend(db: object, db_target: str, capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.data import models as m

    ana = m.Patient.create(chart_number="B1", legal_first="Ana", legal_last="Diaz").id
    ben = m.Patient.create(chart_number="B2", legal_first="Ben", legal_last="Okafor").id
    start = f"{_next_monday()} 10:15"
    code, out, err = _run(capsys, "book", "--db", db_target, "--patient", str(ana), "--type", "IV ketamine, mood",
                          "--chair", "Chair 3", "--start", start, "--json")
    assert code == 0, err
    assert json.loads(out)["patient"] == "Ana Diaz"
    code, _, err = _run(capsys, "book", "--db", db_target, "--patient", "B2", "--type", "iv_mood", "--chair",
                        "Chair 3", "--start", start)
    assert code != 0
    assert err.strip() == "frontdesk book: Chair 3 is taken 10:15–11:55 by Ana Diaz, IV ketamine, mood"
    assert m.Appointment.select().where(m.Appointment.patient == ben).count() == 0


def test_block_refuses_later_bookings(clinic: str, capsys: pytest.CaptureFixture[str]) -> None:
    day = _next_monday() + dt.timedelta(days=14)
    code, out, _ = _run(capsys, "block", "--db", clinic, "--from", f"{day} 00:00", "--to",
                        f"{day + dt.timedelta(days=1)} 00:00", "--reason", "Staff training")
    assert code == 0 and out.strip().isdigit()
    code, _, err = _run(capsys, "book", "--db", clinic, "--patient", "1", "--type", "iv_mood", "--chair", "Chair 1",
                        "--start", f"{day} 10:00")
    assert code != 0 and "The clinic is closed" in err and "(Staff training)" in err
    code, _, err = _run(capsys, "block", "--db", clinic, "--from", f"{day} 12:00", "--to", f"{day} 11:00")
    assert code != 0 and err.strip() == "frontdesk block: block: the end must be after the start"


def test_a_block_over_bookings_names_them_and_a_holiday_reads_as_closed(clinic: str,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The bookings already in a new block's time stay: the command names them (stdout keeps the id
    alone), and a whole day closed by a holiday says "open": false, as a Sunday does."""
    day = _next_monday() + dt.timedelta(days=21)
    ids = [json.loads(_run(capsys, "book", "--db", clinic, "--patient", str(patient), "--type", "iv_mood",
                           "--chair", chair, "--start", f"{day} {time}", "--json")[1])
           for patient, chair, time in ((1, "Chair 2", "09:00"), (2, "Chair 3", "10:00"))]
    ids.append(json.loads(_run(capsys, "book", "--db", clinic, "--patient", "3", "--type", "consult", "--start",
                               f"{day} 14:00", "--json")[1]))  # in the office: the whole clinic's block holds it too
    code, out, err = _run(capsys, "block", "--db", clinic, "--from", f"{day} 08:00", "--to", f"{day} 12:00",
                          "--chair", "Chair 2", "--kind", "out_of_service", "--reason", "pump repair")
    assert code == 0 and out.strip().isdigit()
    assert err.splitlines() == [
        "note: 1 booking already in that time stays where it is (the board marks it Collides): move or cancel it:",
        f"  {ids[0]['id']}  {day:%a %d %b} 09:00  Chair 2  {ids[0]['patient']}, IV ketamine, mood"]
    board = json.loads(_run(capsys, "schedule", "--db", clinic, "--date", day.isoformat(), "--json")[1])
    assert board["open"] is True
    code, out, err = _run(capsys, "block", "--db", clinic, "--from", f"{day} 00:00", "--to",
                          f"{day + dt.timedelta(days=1)} 00:00", "--reason", "Thanksgiving")
    assert code == 0 and out.strip().isdigit()
    assert err.splitlines()[0].startswith("note: 3 bookings already in that time stay where they are")
    assert [line.split()[0] for line in err.splitlines()[1:]] == [str(i["id"]) for i in ids]
    assert f"{day:%a %d %b} 14:00  office  " in err
    board = json.loads(_run(capsys, "schedule", "--db", clinic, "--date", day.isoformat(), "--json")[1])
    assert board["open"] is False  # it said true: only the weekly hours were read
    assert _run(capsys, "schedule", "--db", clinic, "--date", day.isoformat())[1].splitlines()[0].endswith(
        "(clinic closed)")
    code, _, err = _run(capsys, "block", "--db", clinic, "--from", f"{day + dt.timedelta(days=1)} 12:00", "--to",
                        f"{day + dt.timedelta(days=1)} 13:00", "--kind", "lunch")
    assert code == 0 and err == ""  # nothing in the way: nothing said
