"""Copies of a SQLite database through SQLite's online backup API, and checks of a database's health.

The online backup API reads a consistent snapshot while other connections keep working, and writes
through SQLite's own locking, so it is also the safe way to put a backup back into a live file
(copying the file over it could mix it with the old write-ahead log).
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.audit_repo import ChainReport, verify_chain
from frontdesk.data.database import is_sqlite
from frontdesk.private_files import create_private

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
    """Write a consistent, self-contained copy of `source` to `destination` (a new file, this user's only)."""
    create_private(destination)
    with closing(sqlite3.connect(str(source), timeout=_BUSY_MS / 1000)) as src, \
            closing(sqlite3.connect(str(destination))) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        dst.commit()
    _fsync(destination)


def restore_into(backup: Path, target: Path) -> None:
    """Replace the content of the database at `target` with the backup's, through SQLite's locks."""
    with closing(_open_read_only(backup)) as src, \
            closing(sqlite3.connect(str(target), timeout=_BUSY_MS / 1000)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
        dst.commit()
    _fsync(target)


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=_BUSY_MS / 1000)


def _fsync(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_file(path: Path) -> FileCheck:
    """Integrity, foreign keys, schema numbers and the audit chain of a SQLite file, opened read-only."""
    try:
        with closing(_open_read_only(path)) as conn:
            problems = _sqlite_problems(conn)
            numbers = _schema_numbers(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupFileError(f"not a usable Front desk database: {path.name} ({_first_line(exc)})") from None
    audit = None
    if not problems:
        db = pw.SqliteDatabase(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            audit = verify_chain(db)
        finally:
            db.close()
    return FileCheck(problems, numbers, audit)


def _sqlite_problems(conn: sqlite3.Connection) -> list[str]:
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


def _schema_numbers(conn: sqlite3.Connection) -> frozenset[int]:
    try:
        return frozenset(int(r[0]) for r in conn.execute("SELECT number FROM schema_migration"))
    except sqlite3.DatabaseError:
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


def load_folder() -> str | None:
    """The backup folder the clinic chose, if any."""
    row = m.Setting.get_or_none(m.Setting.key == SETTING_KEY)
    return json.loads(row.value).get("folder") if row else None


def save_folder(folder: str) -> None:
    payload = json.dumps({"folder": folder})
    if not m.Setting.update(value=payload).where(m.Setting.key == SETTING_KEY).execute():
        m.Setting.create(key=SETTING_KEY, value=payload)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
