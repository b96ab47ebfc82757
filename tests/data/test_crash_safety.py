"""A writer killed (SIGKILL) at any moment leaves a database that opens, checks clean, and keeps
every booking it reported saved."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontdesk.cli.main import main

_WRITER = r"""
import datetime as dt, sys, time
from frontdesk.data.database import database_proxy, open_database
from frontdesk.data import models as m
from frontdesk.services import audit
from frontdesk.values import Actor

open_database(sys.argv[1])
actor = Actor("desk", "desk")
kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
chair = m.Chair.get(m.Chair.name == "Chair 1")
patient = m.Patient.get()
print("ready", flush=True)
while True:
    with database_proxy.atomic("IMMEDIATE"):
        last = m.Appointment.select(m.Appointment.end_utc).order_by(m.Appointment.end_utc.desc()).first()
        start = last.end_utc if last else dt.datetime(2026, 1, 5, 14, 0)
        row = m.Appointment.create(patient=patient, type=kind, chair=chair, start_utc=start,
                                   end_utc=start + dt.timedelta(minutes=95), created_by="desk")
        m.AppointmentEvent.create(appointment=row, kind="booked", user="desk")
        audit.record(actor, "appointment.create", entity="appointment", entity_id=row.id, patient_id=patient.id)
    print(row.id, flush=True)
    # A breath between bookings, as any writer at a desk takes: back to back, the write lock went from one
    # transaction straight to the next, and a backup waiting for it on a loaded machine gave up after its
    # 10 s busy timeout ("database is locked") though nothing was wrong.
    time.sleep(0.002)
"""

RUNS = 24


@pytest.mark.slow
def test_killed_writer_never_loses_a_saved_booking_or_corrupts(tmp_path: Path) -> None:
    from frontdesk.data import models as m
    from frontdesk.data.database import open_database

    target = str(tmp_path / "clinic.sqlite3")
    db = open_database(target)
    m.Patient.create(chart_number="C1", legal_first="Test", legal_last="Patient")
    db.close()
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    rng = random.Random(7)
    saved: set[int] = set()
    for run in range(RUNS):
        saved |= _write_then_kill(script, target, rng.uniform(0.0, 0.25))
        assert main(["check", "--db", target]) == 0, f"run {run}: check failed"
        db = open_database(target, create=False)
        present = {row.id for row in m.Appointment.select(m.Appointment.id)}
        db.close()
        assert saved <= present, f"run {run}: lost {sorted(saved - present)[:5]}"
    assert len(saved) > RUNS


def _write_then_kill(script: Path, target: str, delay: float) -> set[int]:
    """Start the writer, let it write for `delay` seconds, kill it; the ids it reported as committed."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    writer = subprocess.Popen([sys.executable, str(script), target], stdout=subprocess.PIPE, env=env, text=True)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    output = writer.stdout.read()
    writer.wait()
    lines = output.split("\n")[:-1]  # the last piece may be cut short by the kill
    return {int(line) for line in lines if line.strip().isdigit()}


@pytest.mark.slow
def test_backups_taken_while_a_writer_runs_are_consistent(tmp_path: Path) -> None:
    from frontdesk.data import models as m
    from frontdesk.data.database import open_database
    from frontdesk.services import backup
    from frontdesk.values import SYSTEM_ACTOR

    target = str(tmp_path / "clinic.sqlite3")
    open_database(target)
    m.Patient.create(chart_number="C1", legal_first="Test", legal_last="Patient")
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    writer = subprocess.Popen([sys.executable, str(script), target], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        assert writer.stdout.readline().strip().isdigit()  # the first booking is saved
        checks = []
        for i in range(5):  # each checked at once: rotation keeps only the day's newest
            made = backup.backup_now(SYSTEM_ACTOR, tmp_path / "b", now=m.utcnow().replace(second=i))
            checks.append(backup.verify_backup(made.path))
    finally:
        writer.kill()
        writer.wait()
    assert all(check.ok for check in checks), [check.problems for check in checks]
    assert checks[-1].audit_entries > checks[0].audit_entries > 0
