"""`frontdesk find`, `import-patients` and `export-patients` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.cli.main import main

CSV = (
    "Chart,First Name,Last Name,DOB,Phone\r\n"
    "A1,José,García,3/7/1985,(828) 555-0123\r\n"
    "A2,Ana,Rivera,1990-01-01,555-0124\r\n"
    "A3,Mary,O'Brien,01/02/1960,828-555-0125 x9\r\n"
)


@pytest.fixture
def target(tmp_path: Path) -> str:
    path = str(tmp_path / "clinic.sqlite3")
    assert main(["demo", "--db", path, "--patients", "5", "--days", "0"]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_reports_bad_rows_then_find_json(target: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, err = run(capsys, "import-patients", str(path), "--db", target)
    assert code == 1
    assert err.strip() == f"{path}: row 3: phone: a US phone needs 10 digits: area code and number"
    assert out.splitlines() == [
        "nothing imported: 1 row refused, so the 2 good rows were not written either; skipped 0 already present",
        "fix the refused rows and import again, or add --skip-bad-rows to import the 2 good ones"]
    assert json.loads(run(capsys, "find", "a1", "--db", target, "--json")[1]) == []  # nothing half-written
    code, out, _ = run(capsys, "import-patients", str(path), "--db", target, "--skip-bad-rows")
    assert code == 1 and "imported 2 patients, skipped 0 already present, 1 row refused" in out
    code, out, _ = run(capsys, "find", "a1", "--db", target, "--json")
    found = json.loads(out)
    assert code == 0
    assert found[0]["name"] == "José García"
    assert {"id", "name", "date_of_birth", "phone", "chart_number", "next_appointment"} <= found[0].keys()
    assert (found[0]["date_of_birth"], found[0]["phone"], found[0]["chart_number"]) == (
        "1985-03-07", "(828) 555-0123", "A1")


def test_a_patient_under_18_is_imported_and_printed_to_check(target: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    path = tmp_path / "in.csv"
    born = dt.date.today().replace(year=dt.date.today().year - 17) - dt.timedelta(days=40)
    path.write_text(f"Chart,First Name,Last Name,DOB\r\nK1,Kai,Lund,{born:%m/%d/%Y}\r\n", encoding="utf-8")
    code, out, err = run(capsys, "import-patients", str(path), "--db", target)
    assert code == 0 and err == ""
    assert out.splitlines()[0] == (f"{path}: check row 2: date_of_birth: under 18 (17 years old): the clinic treats "
                                   "adults; check the date of birth")
    assert out.splitlines()[-1] == "imported 1 patient, skipped 0 already present, 0 rows refused, 1 row to check"


def test_dry_run_writes_nothing(target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CSV, encoding="utf-8")
    _, out, _ = run(capsys, "import-patients", str(path), "--db", target, "--dry-run")
    assert "would import 2 patients" in out
    assert json.loads(run(capsys, "find", "A1", "--db", target, "--json")[1]) == []


def test_find_text_output_and_no_match(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "find", "C000001", "--db", target)
    assert code == 0 and "C000001" in out
    assert run(capsys, "find", "zzzz", "--db", target)[1].strip() == "no patients match"


def test_export_then_import_into_a_new_clinic(target: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.csv"
    code, out, _ = run(capsys, "export-patients", str(out_file), "--db", target)
    assert code == 0 and out.strip() == f"exported 5 patients to {out_file}"
    fresh = str(tmp_path / "fresh.sqlite3")
    main(["demo", "--db", fresh, "--patients", "1", "--days", "0"])
    code, out, _ = run(capsys, "import-patients", str(out_file), "--db", fresh)
    assert code == 0 and "imported 4 patients, skipped 1 already present" in out
    again = tmp_path / "again.csv"
    run(capsys, "export-patients", str(again), "--db", fresh)
    assert again.read_bytes() == out_file.read_bytes()


def test_unreadable_file_is_one_line(target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import-patients", str(tmp_path / "missing.csv"), "--db", target)
    assert code == 2 and err.strip() == f"frontdesk import-patients: no such file: {tmp_path / 'missing.csv'}"
    bad = tmp_path / "bad.csv"
    bad.write_text("Colour,Size\nred,2\n", encoding="utf-8")
    code, _, err = run(capsys, "import-patients", str(bad), "--db", target)
    assert code == 2
    assert err.strip() == ("frontdesk import-patients: no columns for the patient's first and last name "
                           "(e.g. 'First Name', 'Last Name')")


def test_find_hides_archived_unless_asked(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.services.patients import set_archived
    from frontdesk.values import SYSTEM_ACTOR

    found = json.loads(run(capsys, "find", "C000003", "--db", target, "--json")[1])
    set_archived(SYSTEM_ACTOR, found[0]["id"])
    assert json.loads(run(capsys, "find", "C000003", "--db", target, "--json")[1]) == []
    again = json.loads(run(capsys, "find", "C000003", "--db", target, "--json", "--archived")[1])
    assert [(p["chart_number"], p["archived"]) for p in again] == [("C000003", True)]
    code, _, err = run(capsys, "find", "x", "--db", target, "--limit", "0")
    assert code == 2 and err.strip() == "frontdesk find: --limit must be at least 1"


def test_export_to_a_folder_asks_for_a_file_name(target: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    code, _, err = run(capsys, "export-patients", str(folder), "--db", target)
    assert code != 0
    assert err.strip().endswith(f"{folder} is a folder: give the file to write, e.g. {folder / 'patients.csv'}")
    assert list(folder.iterdir()) == []  # no half-written file left behind
