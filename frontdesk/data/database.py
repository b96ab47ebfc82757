"""Opening the database: a SQLite file (default) or a PostgreSQL server given by URL."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import peewee

from frontdesk.data import sqlite_files
from frontdesk.database_target import is_postgres_url
from frontdesk.private_files import create_private

# Every model binds to this proxy; `open_database` points it at the real database.
database_proxy = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,  # ms; a second workstation process waits instead of failing at once
    "synchronous": "normal",  # safe with WAL: a crash loses at most the last commit, never corrupts
}
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class DatabaseTargetError(ValueError):
    """The `--db` value cannot be used (unknown scheme, missing folder, bad URL)."""


# The errors callers outside the data layer may catch, so that only this layer imports peewee.
IntegrityError = peewee.IntegrityError
OperationalError = peewee.OperationalError
DatabaseKeyError = sqlite_files.DatabaseKeyError  # an encrypted file without its key (or not its key)


UNAVAILABLE_MESSAGE = (
    "the database server cannot be reached; the change was not saved (reconnecting: try again in a moment)"
)


class DatabaseUnavailable(peewee.OperationalError):
    """The database server went away (restart, network cut): the statement or change did not reach it."""

    def __init__(self, message: str = UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


def load_postgres_driver() -> None:
    """Give peewee the psycopg2 driver it was imported without (see frontdesk/data/__init__.py)."""
    if peewee.psycopg2 is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()  # what peewee does when it finds psycopg2 at import
    peewee.psycopg2 = psycopg2
    peewee.pg_extensions = extensions
    peewee.Json_pg2 = Json
    adapter: Any = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN


class ClinicPostgresqlDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL that survives the server going away.

    Outside a transaction a lost connection is reopened and the statement retried once; inside a
    transaction (where work would be lost) or while the server is still away, DatabaseUnavailable.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        load_postgres_driver()  # before peewee picks its driver adapter
        super().__init__(*args, **kwargs)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        return self._retrying(super().execute_sql, sql, params)

    def begin(self, *args: Any, **kwargs: Any) -> None:
        self._retrying(super().begin, *args, **kwargs)

    def commit(self) -> None:
        try:
            super().commit()
        except (peewee.OperationalError, peewee.InterfaceError):
            if self._connection_lost():
                raise DatabaseUnavailable() from None
            raise

    def rollback(self) -> None:
        if self._connection_lost():
            self._drop_connection()  # the server already discarded the transaction with the connection
            return
        super().rollback()

    def _retrying(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except (peewee.OperationalError, peewee.InterfaceError):
            if not self._connection_lost():
                raise
            if self.in_transaction():
                raise DatabaseUnavailable() from None
        self._drop_connection()
        try:
            self.connect()
        except peewee.OperationalError:
            raise DatabaseUnavailable() from None
        return call(*args, **kwargs)

    def _connection_lost(self) -> bool:
        conn = self._state.conn
        return bool(self._state.closed or conn is None or conn.closed)

    def _drop_connection(self) -> None:
        conn, self._state.conn, self._state.closed = self._state.conn, None, True
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


def close_thread_connection() -> None:
    """Close the calling thread's own connection: peewee opens one per thread, and a worker thread's
    must not outlive its work (SQLite keeps a file handle, PostgreSQL a server session)."""
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def open_database(target: str, *, create: bool = True) -> peewee.Database:
    """Connect to `target`, bind the models to it and bring its schema up to date.

    `create=False` refuses to make a new SQLite file (for commands that only read).
    """
    from frontdesk.data.migrations import migrate

    db = connect(target, create=create)
    database_proxy.initialize(db)
    migrate(db)
    return db


def connect(target: str, *, create: bool = True) -> peewee.Database:
    """A connected peewee database for `target`, without touching the schema."""
    if is_postgres_url(target):
        return _connect_postgres(target)
    if "://" in target:
        scheme = target.split("://", 1)[0]
        raise DatabaseTargetError(
            f"unknown database scheme '{scheme}://': use a SQLite file path or a postgresql:// URL"
        )
    return _connect_sqlite(Path(target), create=create)


def _connect_sqlite(path: Path, *, create: bool) -> peewee.SqliteDatabase:
    path = path.expanduser()
    if path.is_dir():
        raise DatabaseTargetError(f"database path is a folder, not a file: {path}")
    if not path.parent.is_dir():
        raise DatabaseTargetError(f"folder does not exist for database file: {path.parent}")
    if not create and not path.exists():
        raise DatabaseTargetError(f"no database at {path} (check the path; a new clinic begins with `frontdesk users "
                                  f"add NAME --role admin --db {path}`, a demo with `frontdesk demo --db {path}`)")
    if create:
        create_private(path)  # a new clinic's file (and so its -wal and -shm): this user only
    # BEGIN IMMEDIATE: a transaction that reads then writes waits its turn (busy_timeout) instead of
    # failing with "database is locked" when another workstation process committed in between.
    options: dict[str, Any] = {"pragmas": SQLITE_PRAGMAS, "timeout": 10, "lock_type": "IMMEDIATE"}
    if sqlite_files.is_encrypted(path):
        db: peewee.SqliteDatabase = EncryptedSqliteDatabase(str(path), sqlite_files.read_key(path), **options)
    else:
        db = ClinicSqliteDatabase(str(path), **options)
    db.connect(reuse_if_open=True)
    return db


class ClinicSqliteDatabase(peewee.SqliteDatabase):
    """A SQLite file whose connections wait their turn for their pragmas too.

    Turning a new file to WAL needs the file to itself, and SQLite answers "database is locked" at once,
    without its busy wait, while another connection holds a write lock (its deadlock rule): two
    workstations opening a new clinic together, or one opening while another is mid-write on a file
    not yet in WAL. The pragmas are tried again until the connection's timeout, as any other statement
    waits."""

    _PRAGMA_RETRY_SECONDS = 0.05

    def _set_pragmas(self, conn: Any) -> None:
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                super()._set_pragmas(conn)
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(self._PRAGMA_RETRY_SECONDS)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


class EncryptedSqliteDatabase(ClinicSqliteDatabase):
    """A SQLite file encrypted at rest (see data/sqlite_files.py): every connection peewee opens, one
    per thread, is unlocked with the clinic's key before its pragmas run."""

    def __init__(self, database: str, key: str, **kwargs: Any) -> None:
        self._key = key
        super().__init__(database, **kwargs)

    def _connect(self) -> Any:
        conn = sqlite_files.connect_encrypted(self.database, self._key, timeout=self._timeout,
                                              isolation_level=None, **self.connect_params)
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn

    def __repr__(self) -> str:  # never the key, even in a traceback's locals
        return f"<EncryptedSqliteDatabase {self.database}>"


def _connect_postgres(url: str) -> ClinicPostgresqlDatabase:
    parts = urlparse(url)
    if not parts.path.strip("/"):
        raise DatabaseTargetError("PostgreSQL URL names no database: use postgresql://user@host/dbname")
    query = parse_qs(parts.query)
    schema = query.get("schema", [None])[0]
    kwargs: dict[str, object] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "connect_timeout": 5,
        # notice a cut network within ~10 s instead of the system's two hours
        "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2,
    }
    if schema:
        if not _SCHEMA_NAME.match(schema):
            raise DatabaseTargetError(f"schema name not allowed: {schema!r}")
        kwargs["options"] = f"-c search_path={schema},public"
    db = ClinicPostgresqlDatabase(unquote(parts.path.strip("/")), **kwargs)
    try:
        db.connect(reuse_if_open=True)
    except peewee.OperationalError as exc:
        host = f"{kwargs['host']}:{kwargs['port']}"
        raise DatabaseTargetError(f"cannot reach the PostgreSQL server at {host}: {_first_line(exc)}") from None
    if schema:
        _create_schema(db, schema)
    return db


def _create_schema(db: peewee.Database, schema: str) -> None:
    """The schema, made if it is not there yet. Two workstations starting at once may both find it
    missing: PostgreSQL's IF NOT EXISTS checks, then creates, so the second fails on the catalogue's
    unique name; the schema is there then, which is all that is asked."""
    try:
        db.execute_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    except peewee.IntegrityError:
        with contextlib.suppress(Exception):
            db.rollback()
        found = db.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
        if found is None:
            raise


def describe(db: peewee.Database) -> str:
    """A short, password-free description of the database for the status bar."""
    if isinstance(db, peewee.PostgresqlDatabase):
        params = db.connect_params
        return f"PostgreSQL {params.get('host')}/{db.database}"
    if isinstance(db, EncryptedSqliteDatabase):
        return f"SQLite {db.database} (encrypted)"
    return f"SQLite {db.database}"


def is_encrypted(db: peewee.Database) -> bool:
    """Whether the open database is a SQLite file encrypted at rest."""
    return isinstance(db, EncryptedSqliteDatabase)


def is_sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
