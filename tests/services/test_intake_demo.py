"""Demo intake data: deterministic from the demo seed, with flags the app can show."""

from __future__ import annotations

from pathlib import Path

from frontdesk.data import intake_repo
from frontdesk.data.database import open_database
from frontdesk.services.demo import build_demo


def _snapshot(path: Path) -> tuple[object, ...]:
    db = open_database(str(path))
    try:
        build_demo(patients=60, days=7, seed=4)
        ids = intake_repo.all_patient_ids()
        intakes = intake_repo.latest_intakes(ids)
        flags = intake_repo.open_flags(ids)
        return (sorted((pid, v.version, v.status, repr(v.data)) for pid, v in intakes.items()),
                sorted((f.patient_id, f.kind, f.detail) for f in flags))
    finally:
        db.close()


def test_same_seed_same_intake_data_with_flags(tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a.sqlite3")
    second = _snapshot(tmp_path / "b.sqlite3")
    assert first == second
    intakes, flags = first
    assert isinstance(intakes, list) and 20 < len(intakes) < 60
    assert isinstance(flags, list) and {kind for _, kind, _ in flags} >= {"discuss_medications"}


def test_flags_older_than_a_month_are_reviewed_as_a_clinic_would_have(tmp_path: Path) -> None:
    import datetime as dt

    from frontdesk.data import models as m
    from frontdesk.services.intake_demo import REVIEWED_AFTER_DAYS

    db = open_database(str(tmp_path / "long.sqlite3"))
    try:
        from frontdesk.services.intake import today as clinic_today

        build_demo(patients=80, days=20, seed=4)  # intakes from 23 to 40 days back
        today = clinic_today()
        cutoff = today - dt.timedelta(days=REVIEWED_AFTER_DAYS)
        flags = list(m.Flag.select())
        old = [f for f in flags if f.raised_utc.date() < cutoff]
        recent = [f for f in flags if f.raised_utc.date() >= cutoff]
        assert old and recent
        assert all(f.reviewed_by == "nurse" and f.reviewed_utc > f.raised_utc for f in old)
        assert all(f.reviewed_utc is None for f in recent)
    finally:
        db.close()



def test_every_demo_patient_treated_with_esketamine_is_rems_enrolled(tmp_path: Path) -> None:
    """The demo sent REMS monitoring forms for sessions of patients it also listed as "REMS enrolment
    missing": enrolment comes before a first session, so whoever had one is enrolled (a patient whose
    first session is still ahead may not be yet, as at a real clinic)."""
    import sqlite3

    db = open_database(str(tmp_path / "rems.sqlite3"))
    build_demo(patients=150, days=14, seed=5)
    db.close()
    with sqlite3.connect(tmp_path / "rems.sqlite3") as raw:
        treated = {row[0] for row in raw.execute(
            "SELECT DISTINCT a.patient_id FROM appointment a JOIN appointment_type t ON t.id = a.type_id "
            "WHERE t.kind = 'esketamine' AND a.start_utc < datetime('now', '-1 day') "
            "AND (a.outcome IS NULL OR a.outcome = 'completed')")}  # a no-show was not treated
        enrolled = {row[0] for row in raw.execute("SELECT patient_id FROM consent WHERE form = 'rems'")}
        sent_for = {row[0] for row in raw.execute(
            "SELECT DISTINCT a.patient_id FROM rems_monitoring_form f JOIN appointment a ON a.id = f.appointment_id")}
    assert treated and sent_for
    assert treated - enrolled == set()
    assert sent_for - enrolled == set()
