"""Shared fixtures: a real SQLite file and, where the server runs, a real PostgreSQL schema.

`db` runs a test once per backend. PostgreSQL comes from FRONTDESK_TEST_PG (default
postgresql://postgres@127.0.0.1:5432/test); each test gets its own schema `fdtest_<pid>_<random>`,
dropped afterwards (schemas left by a killed run are dropped by the next one). Without a server those
runs skip with a reason, unless FRONTDESK_REQUIRE_PG=1 (as in CI): then they fail.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Code the app keeps compiled between starts (frontdesk/code_cache.py) goes to this run's own folder, not
# the user's cache; removed when the run ends.
_CODE_CACHE = tempfile.TemporaryDirectory(prefix="frontdesk-test-code-cache-")
os.environ.setdefault("FRONTDESK_CACHE_DIR", _CODE_CACHE.name)

PG_URL = os.environ.get("FRONTDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("FRONTDESK_REQUIRE_PG") == "1"


def _pg_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        from urllib.parse import urlparse

        import psycopg2

        parts = urlparse(PG_URL)
        conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                                dbname=parts.path.strip("/"), connect_timeout=3)
        conn.close()
        return None
    except Exception as exc:  # any failure means "not here"
        return f"PostgreSQL not reachable at {PG_URL}: {str(exc).strip().splitlines()[0]}"


_PG_REASON: list[str | None] = []


def pg_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(_pg_available())
    return _PG_REASON[0]


def pg_schema_url() -> tuple[str, str]:
    """A fresh schema name and the URL that uses it."""
    schema = f"fdtest_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    sep = "&" if "?" in PG_URL else "?"
    return schema, f"{PG_URL}{sep}schema={schema}"


def _pg_admin_connection() -> Any:
    from urllib.parse import urlparse

    import psycopg2

    parts = urlparse(PG_URL)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            dbname=parts.path.strip("/"), connect_timeout=5)
    conn.autocommit = True
    return conn


def drop_pg_schema(schema: str) -> None:
    conn = _pg_admin_connection()
    with conn.cursor() as cur:
        cur.execute("SET lock_timeout = '20s'")  # never hang the run on a lock a dead test left
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    conn.close()


@pytest.fixture(autouse=True)
def demo_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands and the GUI sign in as the demo clinic's admin (not needed while a database has no accounts)."""
    monkeypatch.setenv("FRONTDESK_USER", "admin")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")


@pytest.fixture(autouse=True)
def private_database_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Each test's own place for the database key (only encryption tests make one there): never the
    user's settings folder."""
    path = tmp_path / "key-folder" / "database.key"
    monkeypatch.setenv("FRONTDESK_DB_KEY_FILE", str(path))
    return path


_SERVER_PREPARED: list[bool] = []


def prepare_pg_server() -> None:
    """Once per run: btree_gist in `public` (so no test schema owns it and drops it with itself for
    every other schema), and the schemas of earlier runs whose process is gone dropped."""
    if _SERVER_PREPARED:
        return
    _SERVER_PREPARED.append(True)
    conn = _pg_admin_connection()
    with conn.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public")
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fdtest%%'")
        stale = [name for (name,) in cur.fetchall() if not _test_process_alive(name)]
    conn.close()
    for name in stale:
        drop_pg_schema(name)


def _test_process_alive(schema: str) -> bool:
    """Whether the test process that made `schema` (fdtest_<pid>_…) still runs on this machine."""
    try:
        pid = int(schema.split("_")[1])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture
def sqlite_target(tmp_path: Path) -> str:
    return str(tmp_path / "clinic.sqlite3")


@pytest.fixture
def postgres_target() -> Iterator[str]:
    reason = pg_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(reason + " (FRONTDESK_REQUIRE_PG=1)")
        pytest.skip(reason)
    prepare_pg_server()
    schema, url = pg_schema_url()
    yield url
    drop_pg_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_target(request: pytest.FixtureRequest) -> str:
    """A database target on each backend in turn."""
    name = "sqlite_target" if request.param == "sqlite" else "postgres_target"
    return str(request.getfixturevalue(name))


@pytest.fixture
def db(db_target: str) -> Iterator[peewee.Database]:
    """An opened, migrated, empty clinic database (default chairs and types), on each backend."""
    from frontdesk.data.database import open_database

    database = open_database(db_target)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(sqlite_target: str) -> Iterator[peewee.Database]:
    """The same, SQLite only (for tests of SQLite-specific behaviour)."""
    from frontdesk.data.database import open_database

    database = open_database(sqlite_target)
    yield database
    database.close()
