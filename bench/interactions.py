"""The desk's slower questions on the largest clinic, each against a raw SQLite read of the rows it looks at:
find an opening (14 days), plan a six-session series, the needs-attention list, the boosters due.

Each must answer within 100 ms (about the longest a click may take and still feel immediate). They are
measured through the app's own service functions from the clinic's today (a demo clinic is booked
years either side of it), in turns with their floors. Before this figure existed, finding an opening
took half a second and planning a series several seconds on this clinic.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bench.figures import Figure, p95, time_pair_ms

TARGET = "value <= 100"
REPEAT = 20  # the p95 of 20 is a percentile; of fewer it is the slowest sample


def measure(clinic: Path) -> list[Figure]:
    from frontdesk.data.database import open_database
    from frontdesk.rules.series import SeriesRequest
    from frontdesk.services import booking, intake, schedule
    from frontdesk.values import Actor

    db = open_database(str(clinic))
    raw = sqlite3.connect(clinic)
    # As in the app, whose start-up freezes what it built once its screens are in (frontdesk.app): a
    # full collection then walks only what was made since, not every module, window and cache of the
    # benchmark run so far (here one such collection took 74 ms inside a 25 ms question).
    gc.freeze()
    try:
        desk = Actor("bench", "desk")
        today = schedule.clinic_now(schedule.clinic_profile()).date()
        kind = booking.resolve_type("iv_mood")
        patient = _some_booked_patient(raw)
        plan = SeriesRequest(type=kind, count=6, first_day=today, preferred_time=dt.time(9), min_days=2)
        questions: list[tuple[str, Callable[[], object], Callable[[], object], str]] = [
            ("find opening (14 days)", lambda: booking.openings(kind.id, today, 14),
             _appointments_between(raw, today, 14), "14 days' appointments"),
            ("series plan (6 sessions)", lambda: booking.plan(patient, plan),
             _appointments_between(raw, today, plan.horizon_days), f"{plan.horizon_days} days' appointments"),
            ("needs attention list", lambda: intake.needs_attention(desk, today),
             _open_urgent_flags(raw), "the open urgent flags"),
            ("boosters due", booking.boosters_due, _last_starts(raw), "each patient's last start"),
        ]
        figures = []
        for name, question, floor, reads in questions:
            samples, floors = time_pair_ms(question, floor, REPEAT)
            figures.append(Figure(f"{name} p95 ms", p95(samples), p95(floors), TARGET,
                                  note=f"floor: a raw SQLite read of {reads}"))
        return figures
    finally:
        gc.unfreeze()
        raw.close()
        db.close()


def _some_booked_patient(raw: sqlite3.Connection) -> int:
    row = raw.execute("SELECT patient_id FROM appointment ORDER BY start_utc DESC LIMIT 1").fetchone()
    return int(row[0]) if row else 1


def _appointments_between(raw: sqlite3.Connection, first: dt.date, days: int) -> Callable[[], object]:
    start, end = first.isoformat(), (first + dt.timedelta(days=days)).isoformat()
    return lambda: raw.execute("SELECT * FROM appointment WHERE start_utc >= ? AND start_utc < ?",
                               (start, end)).fetchall()


def _open_urgent_flags(raw: sqlite3.Connection) -> Callable[[], object]:
    return lambda: raw.execute("SELECT * FROM flag WHERE reviewed_utc IS NULL AND kind = 'urgent_self_harm'"
                               ).fetchall()


def _last_starts(raw: sqlite3.Connection) -> Callable[[], object]:
    return lambda: raw.execute("SELECT patient_id, MAX(start_utc) FROM appointment GROUP BY patient_id").fetchall()
