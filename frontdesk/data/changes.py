"""The change feed: which areas of the clinic database changed since we last looked.

PostgreSQL: triggers (migration 60) send `NOTIFY frontdesk_changes, '<schema>.<table>'` when a
transaction that touched a watched table commits; a listening connection of our own collects them.
SQLite: the file's change counter (`PRAGMA data_version`), read from a second connection, moves
whenever any connection commits; SQLite cannot say which table, so every area counts as changed.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Protocol

import peewee

from frontdesk.data import sqlite_files
from frontdesk.data.database import DatabaseUnavailable

CHANNEL = "frontdesk_changes"

# Which screen-level area each watched table belongs to.
TABLE_AREAS: dict[str, str] = {
    "appointment": "schedule",
    "appointment_event": "schedule",
    "series": "schedule",
    "block": "schedule",
    "waitlist_entry": "schedule",
    "chair": "schedule",
    "appointment_type": "schedule",
    "setting": "schedule",
    "patient": "patients",
    "patient_phone": "patients",
    "care_team_member": "patients",
    "flag": "flags",
    "intake": "intake",
    "questionnaire_response": "intake",
    "consent": "intake",
    "rems_monitoring_form": "schedule",
    "contact_attempt": "schedule",
    "rebook_closed": "schedule",
    "pickup_call": "schedule",
}
ALL_AREAS: frozenset[str] = frozenset(TABLE_AREAS.values())


class ChangeFeed(Protocol):
    def poll(self) -> frozenset[str]:
        """Areas changed since the last poll (empty when none); never blocks for long.

        Raises DatabaseUnavailable while the server cannot be reached; the first poll that reaches
        it again reports every area, since changes made meanwhile were not heard.
        """

    def check(self) -> None:
        """Ask the server something, to notice a connection that died silently (a cut network)."""

    def close(self) -> None: ...


def open_change_feed(db: peewee.Database) -> ChangeFeed:
    """A change feed on the database `db` is connected to, over a connection of its own."""
    if isinstance(db, peewee.PostgresqlDatabase):
        return PostgresChangeFeed(db.database, dict(db.connect_params))
    return SqliteChangeFeed(str(db.database))


def install_notify_triggers(db: peewee.Database) -> None:
    """PostgreSQL only: a statement-level trigger on each watched table notifies CHANNEL on commit."""
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION frontdesk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME); RETURN NULL; END $$"
    )
    existing = set(db.get_tables())
    for table in sorted(TABLE_AREAS):
        if table not in existing:
            continue
        trigger = f"{table}_notify_change"
        db.execute_sql(f'DROP TRIGGER IF EXISTS {trigger} ON "{table}"')
        db.execute_sql(
            f'CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_notify_change()"
        )


class PostgresChangeFeed:
    """LISTEN on a connection of our own; NOTIFY payloads of other schemas are ignored."""

    def __init__(self, database: str, params: dict[str, Any]) -> None:
        self._database = database
        self._params = dict(params, connect_timeout=3)
        self._conn: Any = None
        self._schema = ""
        self._connect()

    def poll(self) -> frozenset[str]:
        if self._conn is None:
            self._connect()
            return ALL_AREAS  # whatever happened while we were away was not heard
        try:
            self._conn.poll()
        except Exception:
            self._drop()
            raise DatabaseUnavailable() from None
        if self._conn.closed:
            self._drop()
            raise DatabaseUnavailable()
        return self._drain()

    def check(self) -> None:
        """Ask the server something, to notice a connection that died silently (a cut network)."""
        if self._conn is None:
            return
        try:
            with self._conn.cursor() as cur:
                cur.execute("SELECT 1")
        except Exception:
            self._drop()
            raise DatabaseUnavailable() from None

    def close(self) -> None:
        self._drop()

    def _drain(self) -> frozenset[str]:
        areas = set()
        prefix = self._schema + "."
        while self._conn.notifies:
            note = self._conn.notifies.pop(0)
            if note.channel == CHANNEL and note.payload.startswith(prefix):
                areas.add(TABLE_AREAS.get(note.payload[len(prefix):], ""))
        areas.discard("")
        return frozenset(areas)

    def _connect(self) -> None:
        import psycopg2

        try:
            conn = psycopg2.connect(dbname=self._database, **self._params)
        except psycopg2.Error:
            raise DatabaseUnavailable() from None
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"LISTEN {CHANNEL}")
            cur.execute("SELECT current_schema()")
            self._schema = cur.fetchone()[0]
        self._conn = conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


class SqliteChangeFeed:
    """Watches `PRAGMA data_version` of the file from a second connection."""

    def __init__(self, path: str) -> None:
        # The feed may be polled from a worker thread, one thread at a time.
        self._conn = sqlite_files.connect(Path(path), timeout=1, check_same_thread=False)
        self._version = self._read()

    def poll(self) -> frozenset[str]:
        version = self._read()
        if version == self._version:
            return frozenset()
        self._version = version
        return ALL_AREAS

    def check(self) -> None:
        """Nothing to check: a local file does not go away like a server."""

    def close(self) -> None:
        self._conn.close()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
