"""Encryption at rest: the clinic's SQLite file and its copies, unreadable without the workstation's key."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.data import sqlite_files
from frontdesk.data.changes import SqliteChangeFeed
from frontdesk.data.database import database_proxy, describe, open_database
from frontdesk.services import backup, encryption, patients
from frontdesk.services.demo import build_demo
from frontdesk.services.encryption import EncryptionError
from frontdesk.services.permissions import NotPermittedError
from frontdesk.values import Actor

ADMIN = Actor("admin", "admin")


@pytest.fixture
def demo(sqlite_db: peewee.Database) -> Path:
    build_demo(patients=20, days=2, seed=3)
    return Path(sqlite_db.database)


def _rows(path: Path) -> list[str]:
    """Every row of the clinic's tables (not the audit trail, which records the encryption itself)."""
    with closing(sqlite_files.connect(path)) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'audit_%' ORDER BY name")]
        return [f"{table}: {row!r}" for table in tables
                for row in sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)]


def _plain_sqlite_refuses(path: Path) -> bool:
    with closing(sqlite3.connect(path)) as conn:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            return "not a database" in str(exc)
    return False


def test_encrypted_file_keeps_every_row_and_cannot_be_read_without_the_key(demo: Path,
                                                                          private_database_key: Path) -> None:
    before = _rows(demo)
    result = encryption.encrypt(ADMIN)
    assert (result.database, result.key_file, result.key_made) == (demo, private_database_key, True)
    assert _plain_sqlite_refuses(demo)
    assert b"Patient" not in demo.read_bytes() and b"555-01" not in demo.read_bytes()
    assert stat.S_IMODE(private_database_key.stat().st_mode) == 0o600
    assert encryption.is_encrypted() and describe(database_proxy.obj).endswith("(encrypted)")
    assert _rows(demo) == before
    first = m.Patient.select().order_by(m.Patient.id).first()
    found = patients.search(first.legal_last[:3])  # the name index (a virtual table) came along
    assert first.id in [row.id for row in found]
    assert backup.check_database().ok
    entry = m.AuditEntry.select().order_by(m.AuditEntry.id.desc()).first()
    assert (entry.user, entry.action, entry.entity_id) == ("admin", "database.encrypt", demo.name)
    assert sorted(p.name for p in demo.parent.iterdir() if p.name.startswith(".")) == []  # no staging left


def test_the_database_opens_again_in_a_new_process_with_the_key(demo: Path) -> None:
    encryption.encrypt(ADMIN)
    database_proxy.obj.close()
    db = open_database(str(demo), create=False)
    assert m.Patient.select().count() == 20
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def test_backups_and_saved_copies_are_encrypted_with_it_and_new_backups_are_encrypted(demo: Path,
                                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    backup.choose_folder(ADMIN, folder)
    old = backup.backup_now(ADMIN).path
    saved = demo.with_name(f"{demo.stem}.before-restore-20260301-120000.sqlite3")
    backup.restore(ADMIN, old, tmp_path / "elsewhere.sqlite3")  # a test restore: nothing saved beside demo
    saved.write_bytes(old.read_bytes())
    old_rows = _rows(old)
    result = encryption.encrypt(ADMIN)
    assert sorted(result.copies) == sorted([old, saved]) and result.copy_problems == []
    for copy in (old, saved):
        assert _plain_sqlite_refuses(copy) and backup.verify_backup(copy).ok
    assert _rows(old) == old_rows
    new = backup.backup_now(ADMIN).path
    assert _plain_sqlite_refuses(new) and backup.verify_backup(new).ok
    scratch = tmp_path / "restore-test.sqlite3"  # how a clinic tests a backup: a new file from it, encrypted too
    backup.restore(ADMIN, new, scratch)
    own_id = "setting: ('database_id'"  # a new file from a backup is a database of its own: its own id

    def rows(path: Path) -> list[str]:
        return [row for row in _rows(path) if not row.startswith(own_id)]

    assert _plain_sqlite_refuses(scratch) and rows(scratch) == rows(new)


def test_an_encrypted_backup_restores_into_the_encrypted_database(demo: Path, tmp_path: Path) -> None:
    encryption.encrypt(ADMIN)
    made = backup.backup_now(ADMIN, tmp_path / "b").path
    before = _rows(demo)
    m.Patient.update(legal_last="Changed").execute()
    database_proxy.obj.close()
    saved = backup.restore(ADMIN, made, demo)
    open_database(str(demo))
    assert _rows(demo) == before
    assert saved is not None and _plain_sqlite_refuses(saved)  # the copy kept before restoring is encrypted too
    assert _plain_sqlite_refuses(demo)


def test_a_backup_from_before_encryption_is_encrypted_on_its_way_back(demo: Path, tmp_path: Path) -> None:
    plain = backup.backup_now(ADMIN, tmp_path / "kept-elsewhere").path
    plain_rows = _rows(plain)
    encryption.encrypt(ADMIN)  # the clinic's folder is elsewhere: this copy stays plain
    assert not sqlite_files.is_encrypted(plain)
    m.Patient.update(legal_last="Changed").execute()
    database_proxy.obj.close()
    backup.restore(ADMIN, plain, demo)
    open_database(str(demo))
    assert _plain_sqlite_refuses(demo) and _rows(demo) == plain_rows
    assert sorted(p.name for p in demo.parent.iterdir() if p.name.endswith(".restoring")) == []


def test_an_encrypted_backup_is_refused_for_a_plain_database_before_anything_changes(demo: Path,
                                                                                    tmp_path: Path) -> None:
    encryption.encrypt(ADMIN)
    made = backup.backup_now(ADMIN, tmp_path / "b").path
    database_proxy.obj.close()
    plain = tmp_path / "other-clinic.sqlite3"
    open_database(str(plain))
    build_demo(patients=5, days=1, seed=9)
    database_proxy.obj.close()
    before = plain.read_bytes()
    with pytest.raises(ValueError, match=r"is encrypted and the database other-clinic\.sqlite3 is not: encrypt "
                                         r"it first"):
        backup.restore(ADMIN, made, plain)
    assert plain.read_bytes() == before
    assert list(tmp_path.glob("other-clinic.before-restore-*")) == []


def test_without_its_key_the_database_and_its_backups_say_so(demo: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    encryption.encrypt(ADMIN)
    made = backup.backup_now(ADMIN, tmp_path / "b").path
    database_proxy.obj.close()
    elsewhere = tmp_path / "another-workstation.key"
    monkeypatch.setenv(sqlite_files.KEY_FILE_ENV, str(elsewhere))
    with pytest.raises(sqlite_files.DatabaseKeyError, match=rf"{demo.name} is encrypted, or not a database: this "
                                                            r"workstation has no database key to try"):
        open_database(str(demo), create=False)
    with pytest.raises(ValueError, match=r"not a usable Front desk database: .*no database key"):
        backup.verify_backup(made)
    elsewhere.write_text("0123456789abcdef" * 4)  # some other clinic's key
    with pytest.raises(sqlite_files.DatabaseKeyError, match=rf"{demo.name} cannot be opened with the key at "
                                                            rf"{elsewhere}: it is encrypted with another key"):
        open_database(str(demo), create=False)
    elsewhere.write_text("not a key")
    with pytest.raises(sqlite_files.DatabaseKeyError, match="is damaged: it must hold 64 hex digits"):
        open_database(str(demo), create=False)


_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM patient").fetchone()
print("open", flush=True)
sys.stdin.read()
"""


def test_encryption_is_refused_while_another_program_has_the_file_open(demo: Path,
                                                                       private_database_key: Path) -> None:
    before = _rows(demo)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(demo)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(EncryptionError, match=rf"{demo.name} is open in Front desk elsewhere .* close it "
                                                  r"everywhere, then try again; nothing was changed"):
            encryption.encrypt(ADMIN)
    finally:
        holder.communicate("")
    assert not sqlite_files.is_encrypted(demo) and _rows(demo) == before
    assert not private_database_key.exists()  # made for this attempt, so taken back
    assert not encryption.is_encrypted() and m.Patient.select().count() == 20  # the app's connection is back


def test_encrypting_twice_or_by_the_desk_is_refused(demo: Path) -> None:
    with pytest.raises(NotPermittedError):
        encryption.encrypt(Actor("desk", "desk"))
    assert not sqlite_files.is_encrypted(demo)
    encryption.encrypt(ADMIN)
    with pytest.raises(EncryptionError, match=rf"{demo.name} is encrypted already"):
        encryption.encrypt(ADMIN)


def test_a_second_database_on_the_workstation_uses_the_same_key(demo: Path, tmp_path: Path,
                                                                private_database_key: Path) -> None:
    encryption.encrypt(ADMIN)
    key = private_database_key.read_text()
    database_proxy.obj.close()
    open_database(str(tmp_path / "second.sqlite3"))
    build_demo(patients=3, days=1, seed=4)
    result = encryption.encrypt(ADMIN)
    assert not result.key_made and private_database_key.read_text() == key


def test_the_change_feed_watches_an_encrypted_file(demo: Path) -> None:
    encryption.encrypt(ADMIN)
    feed = SqliteChangeFeed(str(demo))
    try:
        assert feed.poll() == frozenset()
        m.Patient.update(legal_last="Okafor").where(m.Patient.id == 1).execute()
        assert feed.poll()
    finally:
        feed.close()


@pytest.mark.postgres
def test_a_postgresql_clinic_is_told_the_server_keeps_its_data(postgres_target: str) -> None:
    open_database(postgres_target)
    with pytest.raises(EncryptionError, match="a PostgreSQL server keeps its data encrypted at rest"):
        encryption.encrypt(ADMIN)
    report = backup.check_database()
    assert report.ok and report.on_server and report.backups is None  # its dumps are the server's


def test_a_failure_after_the_encrypted_file_took_its_place_keeps_the_key(demo: Path, private_database_key: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdesk.data import backup_repo

    real = backup_repo.encrypt_in_place

    def then_fail(path: Path, key: str) -> None:  # a fault after the replace (a folder that cannot sync, say)
        real(path, key)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(backup_repo, "encrypt_in_place", then_fail)
    result = encryption.encrypt(ADMIN)
    assert result.key_made and private_database_key.exists()
    assert encryption.is_encrypted() and m.Patient.select().count() == 20


def test_the_database_keeps_its_permissions(demo: Path) -> None:
    demo.chmod(0o640)  # a group of desk logins sharing the file
    encryption.encrypt(ADMIN)
    assert stat.S_IMODE(demo.stat().st_mode) == 0o640


def test_a_program_still_holding_the_old_file_finds_no_database_in_it(demo: Path) -> None:
    """As a workstation that opened the file while it was being encrypted (and waited for the lock) would."""
    import os

    held = os.open(demo, os.O_RDONLY)
    try:
        size = os.fstat(held).st_size
        encryption.encrypt(ADMIN)
        assert os.pread(held, 100, 0) == b"\0" * 100  # no header for it to read, no plain data left either
        assert os.pread(held, 4096, size - 4096) == b"\0" * 4096
    finally:
        os.close(held)
    assert _plain_sqlite_refuses(demo) and m.Patient.select().count() == 20


_LOCKER = """
import sys
from sqlcipher3 import dbapi2
conn = dbapi2.connect(sys.argv[1], isolation_level=None)
conn.execute(f"PRAGMA key = \\"x'{sys.argv[2]}'\\"")
conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # held from the first write until it closes
conn.execute("BEGIN EXCLUSIVE")
conn.execute("COMMIT")
print("locked", flush=True)
sys.stdin.read()
"""


def test_an_encrypted_file_busy_elsewhere_is_not_called_a_wrong_key(demo: Path, private_database_key: Path) -> None:
    encryption.encrypt(ADMIN)
    database_proxy.obj.close()
    key = private_database_key.read_text().strip()
    locker = subprocess.Popen([sys.executable, "-c", _LOCKER, str(demo), key], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        with pytest.raises(Exception, match="locked") as raised:
            sqlite_files.connect(demo, timeout=0.2)
        assert not isinstance(raised.value, sqlite_files.DatabaseKeyError)
    finally:
        locker.communicate("")


def test_a_file_in_the_backup_folder_that_is_no_backup_is_named_not_fatal(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    backup.choose_folder(ADMIN, folder)
    encryption.encrypt(ADMIN)
    good = backup.backup_now(ADMIN).path
    (folder / "frontdesk-20260101-120000.sqlite3").write_bytes(b"\0" * 8192)  # damaged, or some other file
    report = backup.check_database()
    assert report.ok and report.backups is not None and report.backups.agreeing == [good]
    assert [line.split(":")[0] for line in report.backups.unreadable] == ["frontdesk-20260101-120000.sqlite3"]


def test_a_replace_refused_by_the_file_system_leaves_the_plain_database_whole(
        demo: Path, private_database_key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    before = _rows(demo)
    real = os.replace

    def refuse_ours(source: object, target: object) -> None:  # a share that renames over no open file
        if str(source).endswith(".encrypting"):
            raise OSError(16, "Device or resource busy")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse_ours)
    with pytest.raises(EncryptionError, match=rf"{demo.name} was not encrypted and is unchanged"):
        encryption.encrypt(ADMIN)
    monkeypatch.undo()
    assert demo.read_bytes()[:16] == b"SQLite format 3\0" and _rows(demo) == before
    assert not private_database_key.exists() and not encryption.is_encrypted()


def test_a_database_reached_through_a_link_is_encrypted_where_it_lies(demo: Path, tmp_path: Path) -> None:
    link = tmp_path / "linked.sqlite3"
    link.symlink_to(demo)
    database_proxy.obj.close()
    open_database(str(link))
    encryption.encrypt(ADMIN)
    assert link.is_symlink() and _plain_sqlite_refuses(demo) and m.Patient.select().count() == 20
