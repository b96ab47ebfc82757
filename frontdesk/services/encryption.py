"""Encryption at rest of a clinic's SQLite database and of its copies (`frontdesk encrypt`).

The clinic turns it on once, with Front desk closed everywhere: the database is rewritten encrypted
with a new random key (data/sqlite_files.py says where the key lives and what it protects), and so
are the copies of it lying about: the backups in the clinic's backup folder and the copies a restore
saved beside the database. From then on every backup is written encrypted. There is no way back in
the app: a clinic that asked for encryption should not find it one click from undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontdesk.data import backup_repo, database, sqlite_files
from frontdesk.data.audit_repo import write_transaction
from frontdesk.data.database import database_proxy
from frontdesk.services import audit, backup, permissions
from frontdesk.values import Actor

__all__ = ["EncryptionError", "EncryptionResult", "encrypt", "encryptable_file", "is_encrypted", "key_path"]


class EncryptionError(ValueError):
    """Encryption that could not be done; the message says why in one line, and nothing was changed."""


@dataclass(frozen=True)
class EncryptionResult:
    database: Path
    key_file: Path
    key_made: bool  # False: the workstation's existing key was used
    copies: list[Path]  # backups and saved copies encrypted as well
    copy_problems: list[str]  # copies that could not be encrypted, each named with why; left as they were


def is_encrypted() -> bool:
    """Whether the open database is a SQLite file encrypted at rest."""
    return database.is_encrypted(database_proxy.obj)


def key_path() -> Path:
    """Where this workstation keeps (or would keep) the database key."""
    return sqlite_files.key_path()


def encryptable_file(actor: Actor) -> Path:
    """The open database's file, which encrypt() would rewrite (admins only); EncryptionError when
    there is none to encrypt (a PostgreSQL server, or a file encrypted already)."""
    permissions.require(actor, "backup.run")
    db = database_proxy.obj
    path = backup_repo.sqlite_path(db)
    if path is None:
        raise EncryptionError("this encrypts SQLite databases; a PostgreSQL server keeps its data encrypted at rest "
                              "on its own disks (ask the server's administrator)")
    if database.is_encrypted(db):
        raise EncryptionError(f"{path.name} is encrypted already (its key: {key_path()})")
    return path


def encrypt(actor: Actor) -> EncryptionResult:
    """Encrypt the open SQLite database in place, then its plain copies; admins only.

    The database is closed for the rewrite and opened again after it (encrypted, or as it was when the
    rewrite failed). A key file made for this attempt is removed again when it fails."""
    path = encryptable_file(actor)
    db = database_proxy.obj
    folder = backup.default_folder()
    try:
        key, made = sqlite_files.create_key()
    except OSError as exc:
        raise EncryptionError(f"cannot write the key file {key_path()}: {exc.strerror or type(exc).__name__}; "
                              "nothing was changed") from None
    db.close()
    try:
        backup_repo.encrypt_in_place(path, key)
    except sqlite_files.driver_errors(backup_repo.BackupFileError, OSError) as exc:
        if not backup_repo.replaced(path):  # the plain file is as it was: so is everything else
            if made:
                key_path().unlink(missing_ok=True)
            database.open_database(str(path), create=False)
            if isinstance(exc, backup_repo.BackupFileError):
                raise EncryptionError(str(exc)) from None
            raise EncryptionError(f"{path.name} was not encrypted and is unchanged: {_reason(exc)}") from None
        # The encrypted file is in place (what failed came after): its key must stay, and it is done.
    database.open_database(str(path), create=False)
    copies, problems = _encrypt_copies(_plain_copies(path, folder), key)
    with write_transaction():
        audit.record(actor, "database.encrypt", entity="database", entity_id=path.name,
                     detail=f"{len(copies)} copies encrypted" + (f", {len(problems)} left plain" if problems else ""))
    return EncryptionResult(path, key_path(), made, copies, problems)


def _plain_copies(path: Path, folder: Path) -> list[Path]:
    """The clinic's backups and the copies restores saved beside the database, still plain."""
    saved = sorted(path.parent.glob(f"{path.stem}.before-restore-*.sqlite3"))
    return [copy for copy in [*backup.own_backups(folder), *saved] if not sqlite_files.is_encrypted(copy)]


def _encrypt_copies(copies: list[Path], key: str) -> tuple[list[Path], list[str]]:
    done: list[Path] = []
    problems: list[str] = []
    for copy in copies:
        try:
            backup_repo.encrypt_file(copy, key)
        except sqlite_files.driver_errors(backup_repo.BackupFileError, OSError) as exc:
            problems.append(f"{copy.name}: {_reason(exc)}")
        else:
            done.append(copy)
    return done, problems


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
