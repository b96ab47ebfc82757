"""A clinic's SQLite files, plain or encrypted at rest, and the key that opens the encrypted ones.

Encryption is the clinic's choice (`frontdesk encrypt`). The database and every backup of it are then
written by SQLCipher: AES-256 pages, each one authenticated, under one random 256-bit key. The key
lives in a key file in the workstation user's own settings folder (or where FRONTDESK_DB_KEY_FILE
says), never beside the database or its backups. So a copied database file, or a backup on a lost
drive or a shared folder, cannot be read without it. It does not protect a workstation stolen with its
user's files readable: that is the operating system's disk encryption's job.

The key is a raw key (64 hex digits), not a passphrase. SQLCipher then skips its key derivation
(hundreds of thousands of PBKDF2 rounds) on every connection, so opening an encrypted file costs what
a plain one does: at start-up, for the change feed and for every worker thread.

Whether a file is encrypted is read from its first 16 bytes: a plain SQLite file starts with
"SQLite format 3"; an encrypted one starts with random bytes. sqlcipher3 is imported only for an
encrypted file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

from frontdesk.private_files import make_private_folder, sync, write_private

KEY_FILE_ENV = "FRONTDESK_DB_KEY_FILE"
_PLAIN_HEADER = b"SQLite format 3\x00"
_KEY_TEXT = re.compile(r"^[0-9a-f]{64}$")

__all__ = ["KEY_FILE_ENV", "DatabaseKeyError", "connect", "connect_encrypted", "create_key", "driver_errors",
           "is_encrypted", "key_path", "read_key"]


class DatabaseKeyError(ValueError):
    """An encrypted file that cannot be opened here: no key file, a damaged one, or not this file's key.

    The message names the file and the key file, never the key."""


def is_encrypted(path: Path) -> bool:
    """Whether the file at `path` holds something other than a plain SQLite database (an encrypted
    one, or not a database at all: opening it with the key tells which). A missing or empty file is
    plain: SQLite makes a new database there."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(_PLAIN_HEADER))
    except (FileNotFoundError, IsADirectoryError):
        return False
    return bool(head) and head != _PLAIN_HEADER


def holds_text(path: Path) -> bool:
    """Whether the file begins as text (no control bytes but tabs and line ends, in any encoding) where a
    database, plain or encrypted, does not: a plain one starts with a NUL in its header, and 512 random
    bytes of an encrypted one hold control bytes all but for certain. Reads its first 512 bytes only."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(512)
    except OSError:
        return False
    if not head or b"\x00" in head:
        return False
    return all(byte >= 0x20 or byte in b"\t\r\n" for byte in head)


def key_path() -> Path:
    """Where this workstation keeps the database key: FRONTDESK_DB_KEY_FILE, else `database.key` in
    the user's settings folder (e.g. ~/.config/frontdesk), which is not the data folder."""
    chosen = os.environ.get(KEY_FILE_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("frontdesk", appauthor=False) / "database.key"


def read_key(for_file: Path | None = None) -> str:
    """The key (64 hex digits) from the key file; DatabaseKeyError naming `for_file` when there is none,
    or when `for_file` holds text (a CSV export picked by mistake), which no key would open."""
    if for_file is not None and holds_text(for_file):
        raise DatabaseKeyError(f"{for_file.name} is not a Front desk database or backup: it holds text (a CSV "
                               "export, say); databases and backups are .sqlite3 files")
    path = key_path()
    name = for_file.name if for_file else "the database"
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise DatabaseKeyError(f"{name} is encrypted, or not a database: this workstation has no database key to "
                               f"try (the clinic's key file belongs at {path}, or name it in {KEY_FILE_ENV})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatabaseKeyError(f"{name} is encrypted, and the key file {path} cannot be read "
                               f"({type(exc).__name__})") from None
    if not _KEY_TEXT.match(text):
        raise DatabaseKeyError(f"the key file {path} is damaged: it must hold 64 hex digits")
    return text


def create_key() -> tuple[str, bool]:
    """The workstation's key, made (random, this user's only) where there is none yet; and whether it
    was made now."""
    path = key_path()
    if path.exists():
        return read_key(), False
    import secrets

    key = secrets.token_hex(32)
    make_private_folder(path.parent)
    write_private(path, f"{key}\n".encode("ascii"))
    try:
        sync(path)  # on disk before any file is encrypted with it: a power cut must not keep one without the other
        sync(path.parent)
    except OSError:
        path.unlink(missing_ok=True)  # nothing is encrypted with it yet: no key left behind
        raise
    return key, True


def connect(path: Path, *, read_only: bool = False, timeout: float = 10.0, **kwargs: Any) -> Any:
    """A DB-API connection to the SQLite file at `path`: through sqlcipher3, unlocked with the key,
    when the file is encrypted; the standard library's otherwise."""
    target, uri = (f"{path.resolve().as_uri()}?mode=ro", True) if read_only else (str(path), False)
    if is_encrypted(path):
        return connect_encrypted(target, read_key(path), uri=uri, timeout=timeout, shown_as=path, **kwargs)
    return sqlite3.connect(target, uri=uri, timeout=timeout, **kwargs)


def connect_encrypted(target: str, key: str, *, shown_as: Path | None = None, **kwargs: Any) -> Any:
    """A sqlcipher3 connection to `target` (a path, or a URI with uri=True) unlocked with `key`; a new
    or empty file becomes an encrypted database with that key. DatabaseKeyError when the key does not
    open it (or it is no database at all)."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(target, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not lines on stderr
        conn.execute(f"PRAGMA key = \"x'{key}'\"")  # must come before anything reads the file
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as exc:
        conn.close()
        if "not a database" not in str(exc):  # busy, locked, unreadable: said as it is, not as a wrong key
            raise
        name = (shown_as or Path(target.split("?", 1)[0])).name
        raise DatabaseKeyError(f"{name} cannot be opened with the key at {key_path()}: it is encrypted with "
                               "another key, or it is not a database") from None
    except BaseException:
        conn.close()
        raise
    return conn


def driver_errors(*also: type[BaseException]) -> tuple[type[BaseException], ...]:
    """The DB-API errors a raw connection may raise (the standard library's, and sqlcipher3's once
    loaded), with `also`: for an `except` clause."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    return (*also, sqlite3.Error) if cipher is None else (*also, sqlite3.Error, cipher.Error)
