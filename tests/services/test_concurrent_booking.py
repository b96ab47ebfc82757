"""Several workstation processes booking the same chairs at the same moments: never an overlap."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import peewee
import pytest

from frontdesk.data.database import open_database

WORKSTATIONS = 4
ATTEMPTS = 60  # per workstation: 240 booking attempts in all
ROOT = Path(__file__).resolve().parents[2]

OVERLAPS = """
    SELECT count(*) FROM appointment a JOIN appointment b
      ON a.chair_id = b.chair_id AND a.id < b.id AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc
    WHERE (a.outcome IS NULL OR a.outcome = 'completed') AND (b.outcome IS NULL OR b.outcome = 'completed')
"""


@pytest.mark.slow
def test_racing_workstations_never_double_book_a_chair(db_target: str) -> None:
    open_database(db_target).close()  # migrate once, before the race
    start_at = time.time() + 3
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.services.booking_race", db_target, str(seed), str(ATTEMPTS), str(start_at)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for seed in range(1, WORKSTATIONS + 1)
    ]
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=240)
        assert racer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    db: peewee.Database = open_database(db_target)
    booked = db.execute_sql("SELECT count(*) FROM appointment").fetchone()[0]
    overlaps = db.execute_sql(OVERLAPS).fetchone()[0]
    db.close()
    assert [r["failures"] for r in results] == [[]] * WORKSTATIONS  # every refusal was a clear conflict
    assert sum(r["booked"] + r["refused"] for r in results) == WORKSTATIONS * ATTEMPTS
    assert sum(r["refused"] for r in results) > 0  # the race really contended
    assert booked == sum(r["booked"] for r in results)
    assert overlaps == 0
