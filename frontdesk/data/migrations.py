"""Numbered schema migrations, run in order, each once, each in its own transaction.

Rules for adding one: append a new number (never renumber or edit a released one); the first
migration creates tables from the current models, so every later migration must check before it
adds (a column or index that already exists is skipped) and must work on SQLite and PostgreSQL.
A database made by any version opens in every later one.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.database import is_sqlite
from frontdesk.rules.defaults import DEFAULT_APPOINTMENT_TYPES, DEFAULT_CHAIR_NAMES
from frontdesk.settings import ClinicProfile

Migration = Callable[[pw.Database], None]

# An appointment holds its chair unless its outcome released it (cancelled, no-show).
_HOLDS_CHAIR = "(outcome IS NULL OR outcome = 'completed')"


def _0001_initial_tables(db: pw.Database) -> None:
    db.create_tables(m.ALL_MODELS, safe=True)


def _0002_chair_overlap_guard(db: pw.Database) -> None:
    """The database itself refuses two bookings overlapping in one chair (DESIGN.md, hard rule)."""
    if is_sqlite(db):
        for event in ("INSERT", "UPDATE"):
            db.execute_sql(_sqlite_overlap_trigger(event))
    else:
        db.execute_sql("CREATE EXTENSION IF NOT EXISTS btree_gist")
        db.execute_sql(
            "ALTER TABLE appointment ADD CONSTRAINT appointment_no_chair_overlap "
            "EXCLUDE USING gist (chair_id WITH =, tsrange(start_utc, end_utc, '[)') WITH &&) "
            f"WHERE (chair_id IS NOT NULL AND {_HOLDS_CHAIR})"
        )


def _sqlite_overlap_trigger(event: str) -> str:
    return f"""
        CREATE TRIGGER IF NOT EXISTS appointment_no_chair_overlap_{event.lower()}
        BEFORE {event} ON appointment
        WHEN NEW.chair_id IS NOT NULL AND (NEW.outcome IS NULL OR NEW.outcome = 'completed')
        BEGIN
            SELECT RAISE(ABORT, 'chair time longer than a day')
            WHERE NEW.end_utc > datetime(NEW.start_utc, '+1 day');
            SELECT RAISE(ABORT, 'chair overlap')
            WHERE EXISTS (
                SELECT 1 FROM appointment AS a
                WHERE a.chair_id = NEW.chair_id AND a.id IS NOT NEW.id
                  AND a.start_utc < NEW.end_utc AND NEW.start_utc < a.end_utc
                  -- chair time is under a day, so only a day's worth of rows needs looking at
                  AND a.start_utc > datetime(NEW.start_utc, '-1 day')
                  AND (a.outcome IS NULL OR a.outcome = 'completed'));
        END"""


def _0003_clinic_defaults(db: pw.Database) -> None:
    """A new clinic starts with the DOMAIN.md appointment types, six chairs and a default profile."""
    if not m.Setting.select().where(m.Setting.key == "clinic").exists():
        m.Setting.create(key="clinic", value=json.dumps(ClinicProfile().to_dict()))
    if not m.Chair.select().exists():
        for position, name in enumerate(DEFAULT_CHAIR_NAMES):
            m.Chair.create(name=name, position=position)
    if not m.AppointmentType.select().exists():
        for position, spec in enumerate(DEFAULT_APPOINTMENT_TYPES):
            m.AppointmentType.create(position=position, **spec)


def _0060_change_notifications(db: pw.Database) -> None:
    """PostgreSQL: other workstations hear about changes (LISTEN/NOTIFY, see data/changes.py)."""
    if not is_sqlite(db):
        from frontdesk.data.changes import install_notify_triggers

        install_notify_triggers(db)
def _0015_series_spacing(db: pw.Database) -> None:
    """Booking: a series remembers its spacing (minimum days between, at most K a week)."""
    columns = _column_names(db, "series")
    if "min_days" not in columns:
        db.execute_sql("ALTER TABLE series ADD COLUMN min_days INTEGER NOT NULL DEFAULT 1")
    if "max_per_week" not in columns:
        db.execute_sql("ALTER TABLE series ADD COLUMN max_per_week INTEGER")


def _column_names(db: pw.Database, table: str) -> set[str]:
    """Columns of `table` as the connection sees it (search_path included, unlike get_columns)."""
    cursor = db.execute_sql(f"SELECT * FROM {table} WHERE 1 = 0")
    return {str(d[0]) for d in cursor.description}


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial tables", _0001_initial_tables),
    (2, "chair overlap guard", _0002_chair_overlap_guard),
    (3, "clinic defaults", _0003_clinic_defaults),
    (15, "series spacing", _0015_series_spacing),
    (60, "change notifications", _0060_change_notifications),
]


def migrate(db: pw.Database) -> list[int]:
    """Run every migration this database has not run yet; return their numbers."""
    with db.bind_ctx([m.SchemaMigration]):
        db.create_tables([m.SchemaMigration], safe=True)
        done = {row.number for row in m.SchemaMigration.select(m.SchemaMigration.number)}
    ran = []
    for number, name, step in sorted(MIGRATIONS):
        if number in done:
            continue
        with db.bind_ctx(m.ALL_MODELS), db.atomic():
            step(db)
            m.SchemaMigration.create(number=number, name=name)
        ran.append(number)
    return ran


def latest_version() -> int:
    return max(number for number, _, _ in MIGRATIONS)
