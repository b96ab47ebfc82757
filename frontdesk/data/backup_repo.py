"""Copies of a SQLite database through SQLite's online backup API, and checks of a database's health.

The online backup API reads a consistent snapshot while other connections keep working, and writes
through SQLite's own locking, so it is also the safe way to put a backup back into a live file
(copying the file over it could mix it with the old write-ahead log).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data import sqlite_files
from frontdesk.data.audit_repo import (
    ChainReport,
    ChainTip,
    RestorePoint,
    first,
    last_at_or_before,
    restore_points,
    tip,
    verify_chain,
)
from frontdesk.data.database import EncryptedSqliteDatabase, is_sqlite
from frontdesk.private_files import create_private, sync

SETTING_KEY = "backup"
_BUSY_MS = 10000


class BackupFileError(ValueError):
    """A backup file that cannot be used: not a SQLite database, unreadable, or damaged."""


@dataclass(frozen=True)
class FileCheck:
    """What verifying a database file found; `problems` is empty when it is sound."""

    problems: list[str]
    schema_numbers: frozenset[int]
    audit: ChainReport | None


def copy_online(source: Path, destination: Path) -> None:
    """Write a consistent, self-contained copy of `source` to `destination` (a new file, this user's
    only), encrypted with the clinic's key when `source` is."""
    create_private(destination)
    with closing(_connect(source, timeout=_BUSY_MS / 1000)) as src, closing(_new_like(source, destination)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        dst.commit()
    sync(destination)


def restore_into(backup: Path, target: Path, *, keep_id: str | None = None) -> None:
    """Replace the content of the database at `target` with the backup's, through SQLite's locks.

    SQLite copies only between files encrypted alike. A plain backup (made before the clinic turned
    encryption on) going into an encrypted database is encrypted on the way, through a private
    temporary file beside the target; an encrypted backup is refused for a plain database. The restored
    database takes `keep_id` (the replaced file's own), so the backups named with it stay its own."""
    check_restorable(backup, target)
    target_encrypted = sqlite_files.is_encrypted(target)
    staged = None
    if target_encrypted and not sqlite_files.is_encrypted(backup):
        staged = target.with_name(f".{target.name}.restoring")
        staged.unlink(missing_ok=True)
        _export_encrypted(backup, staged, sqlite_files.read_key(target))
        backup = staged
    made = create_private(target)  # a new file holds patient data: this user's only, as every file the app makes
    try:
        with closing(_connect(backup, read_only=True, timeout=_BUSY_MS / 1000)) as src, \
                closing(_new_like(backup, target)) as dst:
            if not made:  # the file taken alone while it is written: opened elsewhere meanwhile, refused
                _lock_alone(dst, target)
            src.backup(dst)
            if keep_id is not None:  # the file keeps its own id, whatever the backup's
                kept = json.dumps(keep_id)
                if not dst.execute("UPDATE setting SET value = ? WHERE key = ?", (kept, DATABASE_ID_KEY)).rowcount:
                    dst.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (DATABASE_ID_KEY, kept))
            dst.commit()  # the journal mode changes outside a transaction (the file was taken alone out of WAL)
            dst.execute("PRAGMA journal_mode=WAL")
            dst.commit()
    except BaseException:
        if made:  # no empty file left behind: the app would open it as a new, empty clinic without asking
            for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    sync(target)


def refuse_if_open_elsewhere(target: Path) -> None:
    """BackupFileError when the database at `target` is open in another connection (the app, another
    command). A restore under an open app was undone: the app went on from what it had read, and what it
    wrote next went into a file it had lost track of. Found by taking the file alone for a moment, as
    encrypt_in_place does; the file is left as it was (write-ahead logging, as the app keeps it)."""
    if not _has_content(target):
        return
    with closing(_connect(target, timeout=2)) as conn:
        try:
            _lock_alone(conn, target)
        finally:  # even when another connection came in between: as the app keeps it
            with suppress(*sqlite_files.driver_errors()):
                conn.execute("PRAGMA journal_mode=WAL")


def check_restorable(backup: Path, target: Path) -> None:
    """BackupFileError when SQLite cannot put `backup` into `target`: an encrypted backup into a plain
    database (a plain backup into an encrypted one is encrypted on the way)."""
    if sqlite_files.is_encrypted(backup) and not sqlite_files.is_encrypted(target) and _has_content(target):
        raise BackupFileError(f"{backup.name} is encrypted and the database {target.name} is not: encrypt it first "
                              f"(`frontdesk encrypt --db {target}`), then restore; nothing was changed")


def encrypt_in_place(path: Path, key: str) -> None:
    """Rewrite the plain database at `path` encrypted with `key`.

    The file must be closed everywhere: it is replaced by a new one, and a program still holding the
    old one open would go on writing into a file nobody reads again. Leaving write-ahead logging needs
    every other connection closed, so that step finds one still open (BackupFileError); the file then
    stays locked to everyone else until it has been replaced. A program that opened it meanwhile waits
    on that lock holding the old file: the old file is overwritten with zeros before the lock goes, so
    it finds no database there (and the plain data does not linger in it), rather than writing into it.
    The encrypted copy is made beside it with the old file's permissions, compared table by table and
    checked before it takes the plain file's place; until then any failure leaves the plain file as it
    was and removes the copy. Once it has taken the place, nothing is undone (see `replaced`)."""
    from sqlcipher3 import dbapi2  # it reads plain files too, and only it can export to an encrypted one

    path = path.resolve()  # a link to the database stays a link; the file it names is the one replaced
    staged = path.with_name(f".{path.name}.encrypting")
    staged.unlink(missing_ok=True)
    conn = dbapi2.connect(str(path), timeout=2, isolation_level=None)
    old = None
    done = False
    try:
        _lock_alone(conn, path)
        _export(conn, staged, key)
        _ready_to_replace(staged, path)
        for leftover in (path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
            leftover.unlink(missing_ok=True)  # the plain file's, none in use (it is locked to us alone)
        if os.name == "nt":  # Windows replaces no file still open: closed, then replaced (or refused). In
            # that moment another program could open and write it, and the plain file is not zeroed there.
            conn.close()
        else:
            old = os.open(str(path), os.O_RDWR)  # the plain file itself, still held after the replace
        os.replace(staged, path)
        done = True
    finally:
        if old is not None:
            if done and _no_longer_at(old, path):
                _blank(old)  # only the plain file the encrypted one replaced, never one still in use
            else:
                os.close(old)
        conn.close()
        staged.unlink(missing_ok=True)
    sync(path.parent)


def replaced(path: Path) -> bool:
    """Whether the file at `path` is encrypted: after a failure, whether encrypt_in_place had got as far
    as putting the encrypted copy in place (its key is needed from then on)."""
    return sqlite_files.is_encrypted(path)


def _no_longer_at(fd: int, path: Path) -> bool:
    """Whether the open file `fd` is no longer the one at `path` (replaced there, and linked nowhere else)."""
    held = os.fstat(fd)
    try:
        there = os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) != (there.st_dev, there.st_ino) and held.st_nlink == 0


def _blank(fd: int) -> None:
    """Overwrite the open (replaced) plain file with zeros and close it."""
    try:
        size = os.fstat(fd).st_size
        zeros = b"\0" * (1 << 20)
        os.lseek(fd, 0, os.SEEK_SET)
        written = 0
        while written < size:
            written += os.write(fd, zeros[:min(len(zeros), size - written)])
        os.fsync(fd)
    except OSError:
        pass  # the new file is in place already; the old one is unlinked and goes with its last handle
    finally:
        os.close(fd)


def _ready_to_replace(copy: Path, original: Path) -> None:
    """The encrypted copy checked, given the original's permissions and on disk, ready to take its place;
    BackupFileError (the original untouched) when its check fails."""
    problems = check_file(copy).problems
    if problems:
        raise BackupFileError(f"the encrypted copy of {original.name} failed its check ({problems[0]}); "
                              f"{original.name} is unchanged")
    _keep_permissions(original, copy)
    sync(copy)


def _keep_permissions(original: Path, copy: Path) -> None:
    """The copy gets the original's mode (a group of desk logins sharing the file keeps it) and group."""
    info = original.stat()
    os.chmod(copy, stat.S_IMODE(info.st_mode))
    if hasattr(os, "chown"):
        with contextlib.suppress(OSError):  # another group than ours: not ours to give
            os.chown(copy, -1, info.st_gid)


def encrypt_file(path: Path, key: str) -> None:
    """Encrypt a closed database file (a backup) with `key`, in place, once the copy checks out."""
    staged = path.with_name(f".{path.name}.encrypting")
    staged.unlink(missing_ok=True)
    try:
        _export_encrypted(path, staged, key)
        _ready_to_replace(staged, path)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def _lock_alone(conn: Any, path: Path) -> None:
    """Take `path` for this connection alone, until it closes; BackupFileError when another is open."""
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # out of WAL: refused while any other connection is open
        conn.execute("PRAGMA main.locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")  # the lock then stays with this connection after the commit
        conn.execute("COMMIT")
    except sqlite_files.driver_errors() as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupFileError(f"{path.name} is open in Front desk elsewhere (another window, workstation or "
                                  "command): close it everywhere, then try again; nothing was changed") from None
        raise


def _export_encrypted(source: Path, destination: Path, key: str) -> None:
    """A new file `destination` holding the plain database `source`, encrypted with `key`."""
    from sqlcipher3 import dbapi2

    with closing(dbapi2.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)) as conn:
        _export(conn, destination, key)


def _export(conn: Any, destination: Path, key: str) -> None:
    """SQLCipher's export of the connection's main database into a new encrypted file, every table's
    row count compared after."""
    create_private(destination)
    conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(destination), f"x'{key}'"))
    try:
        conn.execute("SELECT sqlcipher_export('encrypted')")
        # Virtual tables (rootpage 0) hold nothing themselves: their rows are in their shadow tables.
        tables = conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND rootpage > 0")
        for (table,) in tables.fetchall():
            counts = [conn.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0]
                      for schema in ("main", "encrypted")]
            if counts[0] != counts[1]:
                raise BackupFileError(f"the encrypted copy lost rows of {table}; nothing was changed")
    finally:
        conn.execute("DETACH DATABASE encrypted")


def _connect(path: Path, *, read_only: bool = False, timeout: float = _BUSY_MS / 1000) -> Any:
    try:
        return sqlite_files.connect(path, read_only=read_only, timeout=timeout)
    except sqlite_files.DatabaseKeyError as exc:
        raise BackupFileError(f"not a usable Front desk database: {exc}") from None


def _new_like(model: Path, path: Path) -> Any:
    """A connection to `path`, encrypted with the clinic's key when `model` is (a new or emptied file
    takes it on; an existing one must already have it)."""
    if sqlite_files.is_encrypted(model) and not sqlite_files.is_encrypted(path):
        return sqlite_files.connect_encrypted(str(path), sqlite_files.read_key(model), timeout=_BUSY_MS / 1000)
    return _connect(path)


def _has_content(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def check_file(path: Path) -> FileCheck:
    """Integrity, foreign keys, schema numbers and the audit chain of a SQLite file, opened read-only."""
    try:
        with closing(_connect(path, read_only=True)) as conn:
            problems = _sqlite_problems(conn)
            numbers = _schema_numbers(conn)
    except sqlite_files.driver_errors() as exc:
        raise BackupFileError(f"not a usable Front desk database: {path.name} ({_first_line(exc)})") from None
    audit = None
    if not problems:
        db = _read_only_database(path)
        try:
            audit = verify_chain(db)
        finally:
            db.close()
    return FileCheck(problems, numbers, audit)


class BackupTrail:
    """The audit trail of a backup file, read-only, for holding the app's trail against it; a context
    manager (the file is closed on leaving). Reading it raises BackupFileError for a file that is no
    database here (damaged, not ours, or encrypted with a key this workstation lacks)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = _read_only_database(path)
        except sqlite_files.DatabaseKeyError as exc:
            raise BackupFileError(str(exc)) from None

    def __enter__(self) -> BackupTrail:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def tip(self) -> ChainTip | None:
        found: ChainTip | None = self._read(tip, self._db)
        return found

    def last_at_or_before(self, entry_id: int) -> ChainTip | None:
        found: ChainTip | None = self._read(last_at_or_before, entry_id, self._db)
        return found

    def restore_points(self) -> list[RestorePoint]:
        found: list[RestorePoint] = self._read(restore_points, self._db)
        return found

    def database_id(self) -> str | None:
        """The id of the database this backup was made of (None: made before databases had one)."""
        found: str | None = self._read(_stored_database_id, self._db)
        return found

    def first(self) -> ChainTip | None:
        """The first entry of the backup's trail (where its database's history begins)."""
        found: ChainTip | None = self._read(first, self._db)
        return found

    def _read(self, read: Any, *args: Any) -> Any:
        try:
            return read(*args)  # the connection opens on the first read: a bad file fails here
        except sqlite_files.DatabaseKeyError as exc:
            raise BackupFileError(str(exc)) from None
        except (pw.DatabaseError, OSError) as exc:
            raise BackupFileError(f"{self.path.name} cannot be read ({_first_line(exc)})") from None


def database_id_of(path: Path) -> str | None:
    """The id stored in the database file at `path` (None: none, or no database there)."""
    if not _has_content(path):
        return None
    try:
        with BackupTrail(path) as trail:
            return trail.database_id()
    except BackupFileError:
        return None


def _stored_database_id(db: pw.Database) -> str | None:
    tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return database_id(db) if "setting" in tables else None


def _read_only_database(path: Path) -> pw.SqliteDatabase:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if sqlite_files.is_encrypted(path):
        return EncryptedSqliteDatabase(uri, sqlite_files.read_key(path), uri=True)
    return pw.SqliteDatabase(uri, uri=True)


def _sqlite_problems(conn: Any) -> list[str]:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    problems = [] if integrity == ["ok"] else [f"integrity: {line}" for line in integrity[:5]]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_migration" not in tables or "audit_entry" not in tables:
        problems.append("not a Front desk database (its tables are missing)")
        return problems
    problems.extend(_foreign_key_problems(conn.execute("PRAGMA foreign_key_check").fetchall()))
    return problems


def _foreign_key_problems(rows: list[tuple[object, ...]]) -> list[str]:
    return [f"foreign key: {table} row {rowid} points to a missing {parent}" for table, rowid, parent, _ in rows[:5]]


def _schema_numbers(conn: Any) -> frozenset[int]:
    try:
        return frozenset(int(r[0]) for r in conn.execute("SELECT number FROM schema_migration"))
    except sqlite_files.driver_errors():
        return frozenset()


def database_problems(db: pw.Database) -> list[str]:
    """Integrity and foreign-key problems of the open database (PostgreSQL enforces both itself)."""
    if not is_sqlite(db):
        return []
    integrity = [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()]
    problems = [] if integrity == ["ok"] else [f"integrity: {line}" for line in integrity[:5]]
    problems.extend(_foreign_key_problems(db.execute_sql("PRAGMA foreign_key_check").fetchall()))
    return problems


def sqlite_path(db: pw.Database) -> Path | None:
    """The file of an open SQLite database, None for PostgreSQL."""
    return Path(db.database) if is_sqlite(db) else None


DATABASE_ID_KEY = "database_id"  # setting: this database's own random id, copied into its backups


def database_id(db: pw.Database | None = None) -> str | None:
    """The random id migration 94 gave the database `db` (default: the app's): its backups carry it,
    so a backup folder two databases share tells their backups apart. None in a file made before."""
    query = m.Setting.select(m.Setting.value).where(m.Setting.key == DATABASE_ID_KEY).tuples()
    row = query.bind(db).first() if db is not None else query.first()
    return str(json.loads(row[0])) if row else None


def new_database_id(db: pw.Database) -> None:
    """Give `db` its id, once (migration 94)."""
    if database_id(db) is None:
        m.Setting.insert(key=DATABASE_ID_KEY, value=json.dumps(fresh_database_id())).execute(db)


def fresh_database_id() -> str:
    import uuid

    return uuid.uuid4().hex


def load_folder() -> str | None:
    """The backup folder the clinic chose, if any."""
    row = m.Setting.get_or_none(m.Setting.key == SETTING_KEY)
    return json.loads(row.value).get("folder") if row else None


def save_folder(folder: str) -> None:
    payload = json.dumps({"folder": folder})
    if not m.Setting.update(value=payload).where(m.Setting.key == SETTING_KEY).execute():
        m.Setting.create(key=SETTING_KEY, value=payload)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
