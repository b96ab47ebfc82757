"""`frontdesk users|audit|check|backup|restore` and signing in from the environment."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk.cli.main import main


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    target = str(tmp_path / "demo.sqlite3")
    assert _ended(main(["demo", "--db", target, "--patients", "15", "--days", "1", "--seed", "2"])) == 0
    return target


def _ended(code: int) -> int:
    """A command run in this process, ended as its own process would end: its database connection closed
    (left open, it is another program using the file, which restore refuses to replace)."""
    from frontdesk.data.database import database_proxy

    if database_proxy.obj is not None:
        database_proxy.obj.close()
    return code


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = _ended(main(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def _audit(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> list[dict[str, object]]:
    code, out, _ = _run(capsys, "audit", "--db", db, "--json", *extra)
    assert code == 0
    return list(json.loads(out))


def test_wrong_password_is_one_line_non_zero_and_audited(
    demo_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTDESK_PASSWORD", "wrong")
    code, out, err = _run(capsys, "check", "--db", demo_db)
    assert (code, out) == (2, "")
    assert err == "frontdesk check: sign-in refused: wrong user name or password\n"
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")
    failures = _audit(capsys, demo_db, "--action", "signin.failure")
    assert [(e["user"], e["action"]) for e in failures] == [("admin", "signin.failure")]


def test_without_credentials_a_clinic_with_accounts_asks_to_sign_in(
    demo_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTDESK_USER")
    code, _, err = _run(capsys, "audit", "--db", demo_db)
    assert code == 2 and "set FRONTDESK_USER and FRONTDESK_PASSWORD" in err


def test_first_admin_from_the_command_line_then_more_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "clinic.sqlite3")
    monkeypatch.delenv("FRONTDESK_USER")
    monkeypatch.delenv("FRONTDESK_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO("desk first\n"))
    code, _, err = _run(capsys, "users", "add", "first", "--role", "desk", "--password-stdin", "--db", db)
    assert (code, err.strip()) == (2, f"frontdesk users: no database at {db} (check the path; a new clinic's first "
                                      "account must be an admin: use --role admin)")
    assert not Path(db).exists()  # a mistyped path left an empty clinic file behind
    for refused, said in (("\n", "password: empty"), ("short\n", "at least 8 characters")):
        monkeypatch.setattr(sys, "stdin", io.StringIO(refused))
        code, out, err = _run(capsys, "users", "add", "owner", "--role", "admin", "--password-stdin", "--db", db)
        assert code == 2 and said in err and out == ""
        assert not Path(db).exists()  # the password refused, no clinic file left behind
    monkeypatch.setattr(sys, "stdin", io.StringIO("owner password\n"))
    code, out, _ = _run(capsys, "users", "add", "owner", "--role", "admin", "--password-stdin", "--db", db)
    assert (code, out) == (0, f"new clinic database created: {db}\nadded owner (admin)\n")
    monkeypatch.setenv("FRONTDESK_USER", "owner")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "owner password")
    monkeypatch.setattr(sys, "stdin", io.StringIO("front desk pw\n"))
    assert _run(capsys, "users", "add", "sam", "--role", "desk", "--name", "Sam", "--password-stdin",
                "--db", db)[0] == 0
    assert _run(capsys, "users", "set-role", "sam", "clinical", "--db", db)[0] == 0
    assert _run(capsys, "users", "disable", "sam", "--db", db)[0] == 0
    code, out, _ = _run(capsys, "users", "--db", db, "list", "--json")
    assert json.loads(out) == [
        {"username": "owner", "name": "", "role": "admin", "active": True, "locked": False},
        {"username": "sam", "name": "Sam", "role": "clinical", "active": False, "locked": False},
    ]


def test_desk_user_cannot_manage_users_from_the_command_line(
    demo_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTDESK_USER", "desk")
    code, _, err = _run(capsys, "users", "set-role", "desk", "admin", "--db", demo_db)
    assert code != 0 and "not permitted" in err and "may not manage users: ask an administrator" in err
    code, _, err = _run(capsys, "audit", "--db", demo_db)
    assert code != 0 and "not permitted" in err


def test_audit_json_filters_by_user_and_date(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    entries = _audit(capsys, demo_db, "--user", "demo")
    assert {e["action"] for e in entries} == {"user.create"}
    assert set(entries[0]) == {"id", "at", "user", "action", "entity", "entity_id", "patient_id", "detail"}
    assert _audit(capsys, demo_db, "--since", "2999-01-01") == []
    code, _, err = _run(capsys, "audit", "--db", demo_db, "--since", "yesterday")
    assert code == 2 and "not a date: 'yesterday'" in err


def test_check_reports_ok_on_a_demo_clinic(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "--db", demo_db)
    assert code == 0 and out.startswith("ok: integrity, foreign keys and audit chain")
    assert out.splitlines()[1:] == ["no backup yet to compare the audit trail with", "not encrypted at rest"]
    code, out, _ = _run(capsys, "backup", "--db", demo_db)
    made = Path(out.split("backup written: ", 1)[1].split("\n", 1)[0]).name
    code, out, _ = _run(capsys, "check", "--db", demo_db)
    assert code == 0 and out.splitlines()[1] == f"the audit trail matches 1 backup (the oldest {made})"
    code, out, _ = _run(capsys, "check", "--db", demo_db, "--json")
    assert json.loads(out)["backups_agreeing"] == [made]


def test_encrypt_asks_then_check_and_every_command_read_the_encrypted_clinic(
        demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], private_database_key: Path) -> None:
    cli = [sys.executable, "-m", "frontdesk.cli.main"]
    refused = subprocess.run([*cli, "encrypt", "--db", demo_db], stdin=subprocess.DEVNULL, capture_output=True,
                             text=True)
    assert refused.returncode == 2 and refused.stderr.strip() == (
        "frontdesk encrypt: encrypt rewrites the database: run it in a terminal to be asked, or add --yes")
    assert Path(demo_db).read_bytes().startswith(b"SQLite format 3") and not private_database_key.exists()
    code, out, _ = _run(capsys, "encrypt", "--db", demo_db, "--yes")
    assert code == 0
    assert out.splitlines()[:2] == [f"encrypted: {demo_db}", f"key file (made for it): {private_database_key}"]
    assert "without it neither the database nor its backups can be read" in out
    code, out, _ = _run(capsys, "check", "--db", demo_db)
    assert code == 0 and out.splitlines()[-1] == f"encrypted at rest, key file {private_database_key}"
    code, out, _ = _run(capsys, "check", "--db", demo_db, "--json")
    assert json.loads(out)["encrypted"] is True
    code, out, _ = _run(capsys, "schedule", "--db", demo_db, "--json")
    assert code == 0 and isinstance(json.loads(out)["appointments"], list)
    code, _, err = _run(capsys, "encrypt", "--db", demo_db, "--yes")
    assert code == 2 and err.strip() == (f"frontdesk encrypt: demo.sqlite3 is encrypted already (its key: "
                                         f"{private_database_key})")


def test_restore_refuses_without_yes_when_it_cannot_ask(demo_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    cli = [sys.executable, "-m", "frontdesk.cli.main"]
    made = subprocess.run([*cli, "backup", "--db", demo_db, "--to", str(folder)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    backup_file = next(folder.glob("frontdesk-*.sqlite3"))
    before = _data(demo_db)
    refused = subprocess.run([*cli, "restore", str(backup_file), "--db", demo_db], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("frontdesk restore: restore overwrites the database: run it in a terminal "
                                      "to be asked, or add --yes")
    assert _data(demo_db) == before
    done = subprocess.run([*cli, "restore", str(backup_file), "--db", demo_db, "--yes"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"restored {demo_db} from {backup_file.name}")


def _data(db: str) -> list[str]:
    """The clinic's rows (the refused restore's sign-in adds to the audit trail only)."""
    from contextlib import closing

    with closing(sqlite3.connect(db)) as conn:  # closed: an open connection is a program using the file
        return [line for line in conn.iterdump() if '"audit_' not in line]


def test_restore_of_a_bad_file_changes_nothing(demo_db: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    before = Path(demo_db).read_bytes()
    code, _, err = _run(capsys, "restore", str(junk), "--db", demo_db, "--yes")
    assert code == 2 and "junk.sqlite3" in err
    assert Path(demo_db).read_bytes() == before


def test_a_csv_picked_by_mistake_is_named_as_text_not_as_an_encrypted_database(
        demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Restoring the patients' CSV export instead of a backup said "encrypted, or not a database: this
    workstation has no database key": the admin went looking for a key."""
    export = tmp_path / "patients.csv"
    assert _run(capsys, "export-patients", "--db", demo_db, str(export))[0] == 0
    before = Path(demo_db).read_bytes()
    code, _, err = _run(capsys, "restore", str(export), "--db", demo_db, "--yes")
    assert code == 2
    assert ("patients.csv is not a Front desk database or backup: it holds text (a CSV export, say); databases "
            "and backups are .sqlite3 files") in err
    assert "key" not in err
    assert Path(demo_db).read_bytes() == before
    code, _, err = _run(capsys, "schedule", "--db", str(export))
    assert code == 2 and "patients.csv is not a Front desk database or backup: it holds text" in err


def test_backup_to_a_read_only_place_is_a_clear_message(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "backup", "--db", demo_db, "--to", "/proc/frontdesk-backups")
    assert code == 2
    assert err.startswith("frontdesk backup: cannot use the backup folder /proc/frontdesk-backups")


def test_backup_remember_makes_the_folder_the_clinics(demo_db: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "chosen"
    code, out, _ = _run(capsys, "backup", "--db", demo_db, "--to", str(folder), "--remember")
    assert code == 0 and f"backup folder for this clinic: {folder}" in out
    code, out, _ = _run(capsys, "backup", "--db", demo_db)
    assert code == 0 and out.startswith(f"backup written: {folder}/frontdesk-")


def test_check_names_the_first_tampered_entry(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo_db) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("UPDATE audit_entry SET detail = 'role=desk' WHERE id = 1")
    code, out, _ = _run(capsys, "check", "--db", demo_db)
    assert code == 1
    assert out == "problem: audit chain: entry 1 was changed after it was written\nnot encrypted at rest\n"


def test_a_desk_user_cannot_restore(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(capsys, "backup", "--db", demo_db, "--to", str(tmp_path / "b"))[0] == 0
    backup_file = next((tmp_path / "b").glob("frontdesk-*.sqlite3"))
    monkeypatch.setenv("FRONTDESK_USER", "desk")
    before = _data(demo_db)
    code, _, err = _run(capsys, "restore", str(backup_file), "--db", demo_db, "--yes")
    assert code != 0 and "not permitted" in err
    assert "may not back up or restore the database: ask an administrator" in err
    assert _data(demo_db) == before


def test_check_names_another_databases_backups_in_a_shared_folder_and_compares_none(
        demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    training = str(tmp_path / "training.sqlite3")  # beside the clinic's file: the same backups/ folder
    time.sleep(1.1)  # a trail begins with its first entry's second: made the same second, it would read as a copy
    assert main(["demo", "--db", training, "--patients", "5", "--days", "1", "--seed", "4"]) == 0
    code, out, _ = _run(capsys, "backup", "--db", training)
    theirs = Path(out.split("backup written: ", 1)[1].split("\n", 1)[0]).name
    code, out, _ = _run(capsys, "check", "--db", demo_db)
    assert code == 0 and out.splitlines()[1:] == [
        "no backup yet to compare the audit trail with",
        f"not compared: 1 backup of another database in the folder (the newest {theirs})",
        "not encrypted at rest"]
    code, out, _ = _run(capsys, "check", "--db", demo_db, "--json")
    found = json.loads(out)
    assert found["ok"] and found["backups_agreeing"] == [] and found["backups_of_another_database"] == [theirs]


def test_a_clinic_begun_from_the_command_line_prints_no_patient_papers_until_its_details_are_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new database holds the example clinic's name and phones; the first admin clears them, and
    sheets for patients say what is missing instead of printing the example's number."""
    db = str(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(sys, "stdin", io.StringIO("owner password\n"))
    assert _run(capsys, "users", "add", "owner", "--role", "admin", "--password-stdin", "--db", db)[0] == 0
    monkeypatch.setenv("FRONTDESK_USER", "owner")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "owner password")
    refusal = ("the clinic's name and phone are not set yet: an administrator enters them in Clinic settings "
               "(Clinic tab) before {} are printed, as they tell patients whom to call\n")
    form = tmp_path / "form.pdf"
    code, _, err = _run(capsys, "intake-form", "--db", db, "-o", str(form))
    assert (code, err) == (2, "frontdesk intake-form: " + refusal.format("intake forms"))
    sheets = tmp_path / "sheets.pdf"
    code, _, err = _run(capsys, "handouts", "--db", db, "--date", "2026-12-01", "-o", str(sheets))
    assert (code, err) == (2, "frontdesk handouts: " + refusal.format("pre-visit sheets"))
    assert not form.exists() and not sheets.exists()
    assert _run(capsys, "day-sheet", "--db", db, "--date", "2026-12-01", "-o", str(tmp_path / "day.pdf"))[0] == 0


def test_restore_refuses_while_the_database_is_open_elsewhere(demo_db: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """With the app open on the clinic, restore said "restored" yet the app went on with the old data, and
    what was typed in it afterwards was lost at its next start (helper-41). Now nothing is changed."""
    assert _run(capsys, "backup", "--db", demo_db, "--to", str(tmp_path / "backups"))[0] == 0
    backup_file = next((tmp_path / "backups").glob("frontdesk-*.sqlite3"))
    app = sqlite3.connect(demo_db)  # the app (or another command) with the clinic open
    try:
        app.execute("SELECT count(*) FROM patient").fetchone()
        before = _data(demo_db)
        code, out, err = _run(capsys, "restore", str(backup_file), "--db", demo_db, "--yes")
        assert code == 2 and out == ""
        assert "is open in Front desk elsewhere (another window, workstation or command): close it everywhere, " \
               "then try again; nothing was changed" in err
        assert _data(demo_db) == before
        assert not list(Path(demo_db).parent.glob("*before-restore*"))
    finally:
        app.close()
    code, out, _ = _run(capsys, "restore", str(backup_file), "--db", demo_db, "--yes")
    assert code == 0 and out.startswith(f"restored {demo_db}")
    check = sqlite3.connect(demo_db)
    try:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        check.close()
