"""The test set-up itself: PostgreSQL runs skip with a reason locally and fail in CI when absent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from tests.conftest import _test_process_alive

ROOT = Path(__file__).resolve().parents[1]
NOWHERE = "postgresql://postgres@127.0.0.1:9/test"  # the discard port: nothing listens there


def _run_backend_test(require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FRONTDESK_REQUIRE_PG"}
    env["FRONTDESK_TEST_PG"] = NOWHERE
    if require:
        env["FRONTDESK_REQUIRE_PG"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rsf",
         "tests/data/test_database.py::test_migrations_run_once"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_without_a_server_postgres_runs_are_skipped_with_the_reason() -> None:
    run = _run_backend_test(require=False)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 skipped" in run.stdout
    assert "PostgreSQL not reachable at postgresql://postgres@127.0.0.1:9/test" in run.stdout


def test_when_postgres_is_required_its_absence_fails_the_run() -> None:
    run = _run_backend_test(require=True)
    assert run.returncode != 0
    assert "1 passed, 1 error" in run.stdout or "1 failed, 1 passed" in run.stdout
    assert "(FRONTDESK_REQUIRE_PG=1)" in run.stdout


def test_schemas_of_a_finished_run_count_as_stale() -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    assert not _test_process_alive(f"fdtest_{finished.stdout.strip()}_0123abcd")
    assert _test_process_alive(f"fdtest_{os.getpid()}_0123abcd")
    assert not _test_process_alive("fdtest_nonsense")


def test_each_postgres_test_gets_its_own_empty_schema(db_target: str, db: peewee.Database) -> None:
    if "schema=" in db_target:
        schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
        assert schema.startswith(f"fdtest_{os.getpid()}_")
    assert db.execute_sql("SELECT count(*) FROM patient").fetchone()[0] == 0


@pytest.mark.postgres
def test_btree_gist_lives_in_public_not_in_a_test_schema(postgres_target: str) -> None:
    from frontdesk.data.database import open_database

    db = open_database(postgres_target)
    where = db.execute_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'btree_gist'"
    ).fetchone()[0]
    db.close()
    assert where == "public"
