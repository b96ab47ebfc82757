"""`frontdesk handout`, `handouts` and `day-sheet` as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontdesk.cli.main import main
from tests.print_helpers import pdf_pages, pdf_text


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = str(tmp_path_factory.mktemp("print") / "demo.sqlite3")
    assert main(["demo", "--db", target, "--patients", "30", "--days", "3", "--seed", "4"]) == 0
    return target


def _day_with_appointments(demo_db: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[dict[str, object]]]:
    day = dt.date.today()
    for offset in range(1, 5):
        candidate = (day + dt.timedelta(days=offset)).isoformat()
        capsys.readouterr()
        main(["schedule", "--db", demo_db, "--date", candidate, "--json"])
        rows = [r for r in json.loads(capsys.readouterr().out)["appointments"] if r["status"] == "booked"]
        if rows:
            return candidate, rows
    raise AssertionError("the demo clinic has appointments in the coming days")


def test_handout_writes_the_sheet(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, rows = _day_with_appointments(demo_db, capsys)
    out = tmp_path / "sheet.pdf"
    assert main(["handout", str(rows[0]["id"]), "--db", demo_db, "--lang", "es", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = pdf_text(out.read_bytes())
    assert "Su cita" in text and str(rows[0]["patient"]).split()[-1] in text


def test_handouts_one_page_set_per_appointment(demo_db: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    day, rows = _day_with_appointments(demo_db, capsys)
    out = tmp_path / "day.pdf"
    assert main(["handouts", "--db", demo_db, "--date", day, "-o", str(out)]) == 0
    pages = pdf_pages(out.read_bytes())
    assert len(pages) == len(rows)
    for row, page in zip(rows, pages, strict=True):
        assert str(row["patient"]).split()[-1] in page


def test_day_sheet_has_every_chair(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day, _ = _day_with_appointments(demo_db, capsys)
    out = tmp_path / "nurses.pdf"
    assert main(["day-sheet", "--db", demo_db, "--date", day, "-o", str(out)]) == 0
    text = pdf_text(out.read_bytes())
    assert all(f"Chair {n} (" in text for n in range(1, 7))


@pytest.mark.parametrize(("argv", "message"), [
    (["handout", "99999", "-o", "{out}"], "frontdesk handout: no appointment with id 99999"),
    (["handout", "abc", "-o", "{out}"], "frontdesk handout: APPOINTMENT_ID must be a whole number, not 'abc'"),
    (["handouts", "--date", "2026-02-30", "-o", "{out}"],
     "frontdesk handouts: --date: not a date: '2026-02-30' (use YYYY-MM-DD)"),
    (["day-sheet", "--date", "tomorrow", "-o", "{out}"],
     "frontdesk day-sheet: --date: not a date: 'tomorrow' (use YYYY-MM-DD)"),
    (["day-sheet", "--date", "2026-12-01", "-o", "{missing}"], "does not exist"),
])
def test_bad_input_is_one_line_non_zero_and_no_file(demo_db: str, tmp_path: Path, argv: list[str], message: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out, missing = tmp_path / "x.pdf", tmp_path / "nowhere" / "x.pdf"
    args = [a.format(out=out, missing=missing) for a in argv] + ["--db", demo_db]
    capsys.readouterr()
    assert main(args) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err
    assert not out.exists() and not missing.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder_is_refused(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        assert main(["day-sheet", "--db", demo_db, "--date", "2026-12-01", "-o", str(locked / "x.pdf")]) != 0
        assert "is not writable" in capsys.readouterr().err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_handouts_for_an_empty_day_says_so(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "empty.pdf"
    assert main(["handouts", "--db", demo_db, "--date", "2001-01-01", "-o", str(out)]) == 0
    assert pdf_text(out.read_bytes()).startswith("No appointments on 2001-01-01.")
