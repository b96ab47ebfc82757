"""Numbered schema migrations, run in order, each once, each in its own transaction.

Rules for adding one: append a new number (never renumber or edit a released one); the first
migration creates tables from the current models, so every later migration must check before it
adds (a column or index that already exists is skipped) and must work on SQLite and PostgreSQL.
A database made by any version opens in every later one.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.database import is_sqlite
from frontdesk.rules.clock import now_local
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


# --- patients (20–29) ---------------------------------------------------------------------------

# The words of `patient.search_name`, apostrophes, hyphens and periods read as spaces, padded so that
# "a word starting with jos" is LIKE '% jos%'. The PostgreSQL trigram index is on this expression.
PG_NAME_WORDS = "(' ' || translate(search_name, '''’.-', '    ') || ' ')"


def _0020_patient_search(db: pw.Database) -> None:
    """Indexes for the search box: name words (FTS5 / pg_trgm), DOB, chart and phone prefixes."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS patient_date_of_birth ON patient (date_of_birth)")
    # "5550123" is the local part of 8285550123, "0123" its last four: both found by prefix.
    if is_sqlite(db):
        db.execute_sql("CREATE INDEX IF NOT EXISTS patient_phone_local ON patient_phone (substr(digits, 4))")
        db.execute_sql("CREATE INDEX IF NOT EXISTS patient_phone_line ON patient_phone (substr(digits, 7))")
        _sqlite_patient_fts(db)
        return
    # Pattern operator classes: LIKE 'abc%' uses them whatever the database's collation.
    for name, table, column in PG_PREFIX_INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} text_pattern_ops)")
    schema = _pg_trigram_schema(db)
    if schema:  # without pg_trgm the search still answers, only slower on large clinics
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS patient_name_words ON patient "
                       f'USING gin ({PG_NAME_WORDS} "{schema}".gin_trgm_ops)')


def _pg_trigram_schema(db: pw.Database) -> str | None:
    """The schema holding pg_trgm's operator class, installing the extension when allowed."""
    find = ("SELECT n.nspname FROM pg_opclass AS c JOIN pg_namespace AS n ON n.oid = c.opcnamespace "
            "JOIN pg_am AS a ON a.oid = c.opcmethod WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin'")
    row = db.execute_sql(find).fetchone()
    if row is None:
        try:
            with db.atomic():  # a savepoint: a refusal (no privilege) leaves the migration usable
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        except pw.DatabaseError:
            return None
        row = db.execute_sql(find).fetchone()
    return str(row[0]) if row else None


PG_PREFIX_INDEXES = (
    ("patient_chart_prefix", "patient", "(chart_number::text)"),
    ("patient_phone_digits_prefix", "patient_phone", "(digits::text)"),
    ("patient_phone_local", "patient_phone", "(substr(digits::text, 4))"),
    ("patient_phone_line", "patient_phone", "(substr(digits::text, 7))"),
)


def _sqlite_patient_fts(db: pw.Database) -> None:
    """An FTS5 index over `patient.search_name`, kept in step with the table by triggers."""
    db.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS patient_fts USING fts5(search_name, content='patient', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
    )
    db.execute_sql("""CREATE TRIGGER IF NOT EXISTS patient_fts_insert AFTER INSERT ON patient BEGIN
        INSERT INTO patient_fts(rowid, search_name) VALUES (new.id, new.search_name); END""")
    db.execute_sql("""CREATE TRIGGER IF NOT EXISTS patient_fts_delete AFTER DELETE ON patient BEGIN
        INSERT INTO patient_fts(patient_fts, rowid, search_name) VALUES ('delete', old.id, old.search_name); END""")
    db.execute_sql("""CREATE TRIGGER IF NOT EXISTS patient_fts_update AFTER UPDATE OF search_name ON patient BEGIN
        INSERT INTO patient_fts(patient_fts, rowid, search_name) VALUES ('delete', old.id, old.search_name);
        INSERT INTO patient_fts(rowid, search_name) VALUES (new.id, new.search_name); END""")
    db.execute_sql("INSERT INTO patient_fts(patient_fts) VALUES ('rebuild')")


# --- intake (30–39) ----------------------------------------------------------------------------


def _0030_intake_indexes(db: pw.Database) -> None:
    """Intake area: quick look-up of a patient's questionnaires by date and of open flags."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS questionnaire_response_patient_taken "
                   "ON questionnaire_response (patient_id, taken_on)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS flag_patient_reviewed ON flag (patient_id, reviewed_utc)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS consent_patient_form ON consent (patient_id, form)")


# --- accounts (50–59) ----------------------------------------------------------------------------


def _0050_audit_chain(db: pw.Database) -> None:
    """Chain the audit trail (entries written before get sealed) and make the database refuse edits."""
    from frontdesk.data.audit_repo import seal_unchained

    db.create_tables([m.AuditHead], safe=True)
    seal_unchained()
    if is_sqlite(db):
        for event in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
    else:
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"
        )
        db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry")
        db.execute_sql("CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
                       "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()")
        db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        db.execute_sql("CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
                       "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()")


def _0070_list_indexes(db: pw.Database) -> None:
    """The desk's lists over the whole clinic read an index alone: patients with an open flag of a kind
    (the urgent ones in the needs-attention list), each patient's held appointments in time order with
    what the booster reminders ask of them, and the audit trail's users (the viewer's user filter).
    The appointments' index replaces the (patient, start_utc) one it extends (models.Appointment)."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS flag_open_kind ON flag (kind, reviewed_utc, patient_id)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS appointment_patient_id_start_utc_outcome_series_id "
                   "ON appointment (patient_id, start_utc, outcome, series_id)")
    db.execute_sql("DROP INDEX IF EXISTS appointment_patient_id_start_utc")
    db.execute_sql('CREATE INDEX IF NOT EXISTS audit_entry_user ON audit_entry ("user", id)')


# --- esketamine REMS (80–89) ----------------------------------------------------------------------

REMS_FORMS_SINCE = "rems_forms_since"  # setting: the clinic-local day from which forms are tracked


def _0080_rems_monitoring_forms(db: pw.Database) -> None:
    """Which esketamine sessions' REMS monitoring forms were sent. Tracking starts on the day this runs:
    sessions before it are not listed as owed (their forms were sent, or not, before the app knew)."""
    db.create_tables([m.RemsMonitoringForm], safe=True)
    if not m.Setting.select().where(m.Setting.key == REMS_FORMS_SINCE).exists():
        stored = m.Setting.get_or_none(m.Setting.key == "clinic")
        profile = ClinicProfile.from_dict(json.loads(stored.value)) if stored is not None else ClinicProfile()
        today = now_local(profile.tz).date()
        m.Setting.create(key=REMS_FORMS_SINCE, value=json.dumps(today.isoformat()))
    if not is_sqlite(db):
        from frontdesk.data.changes import install_notify_triggers

        install_notify_triggers(db)  # other workstations hear of a form marked sent


# --- confirmation calls (90–99) -----------------------------------------------------------------


def _0090_contact_attempts(db: pw.Database) -> None:
    """The desk's tries at reaching patients to confirm their bookings."""
    db.create_tables([m.ContactAttempt], safe=True)
    if not is_sqlite(db):
        from frontdesk.data.changes import install_notify_triggers

        install_notify_triggers(db)  # other workstations hear of a booking confirmed


def _0091_rebook_closed(db: pw.Database) -> None:
    """Missed visits the desk closed on the rebook list (the patient will not book again)."""
    db.create_tables([m.RebookClosed], safe=True)
    if not is_sqlite(db):
        from frontdesk.data.changes import install_notify_triggers

        install_notify_triggers(db)


def _0092_pickup_calls(db: pw.Database) -> None:
    """The desk's calls to patients' drivers as recovery ends."""
    db.create_tables([m.PickupCall], safe=True)
    if not is_sqlite(db):
        from frontdesk.data.changes import install_notify_triggers

        install_notify_triggers(db)  # other workstations see the driver told


def _0093_pickup_ready_told(db: pw.Database) -> None:
    """The ready time a driver was told, so that a time that moves since asks for a call again. Calls
    recorded before keep none (they stay settled)."""
    if "ready_utc" not in _column_names(db, "pickup_call"):  # a new database's step 92 made it already
        db.execute_sql(f"ALTER TABLE pickup_call ADD COLUMN ready_utc {'DATETIME' if is_sqlite(db) else 'TIMESTAMP'}")


def _0094_database_id(db: pw.Database) -> None:
    """A random id of this database, copied into its backups: two databases backed up into one folder
    (the clinic's file and a training copy beside it) then neither rotate away nor compare with each
    other's backups."""
    from frontdesk.data.backup_repo import new_database_id

    new_database_id(db)


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial tables", _0001_initial_tables),
    (2, "chair overlap guard", _0002_chair_overlap_guard),
    (3, "clinic defaults", _0003_clinic_defaults),
    (15, "series spacing", _0015_series_spacing),
    (20, "patient search indexes", _0020_patient_search),
    (30, "intake indexes", _0030_intake_indexes),
    (50, "audit chain and append-only guard", _0050_audit_chain),
    (60, "change notifications", _0060_change_notifications),
    (70, "indexes for the clinic-wide lists", _0070_list_indexes),
    (80, "esketamine REMS monitoring forms", _0080_rems_monitoring_forms),
    (90, "confirmation calls", _0090_contact_attempts),
    (91, "rebook list closings", _0091_rebook_closed),
    (92, "driver pick-up calls", _0092_pickup_calls),
    (93, "the ready time a driver was told", _0093_pickup_ready_told),
    (94, "the database's own id", _0094_database_id),
]


def migrate(db: pw.Database) -> list[int]:
    """Run every migration this database has not run yet; return their numbers.

    Two workstations updated together may start at the same moment: each step runs in a write
    transaction that first asks whether another process ran it meanwhile (SQLite's write lock, taken
    at BEGIN IMMEDIATE, orders them), and on PostgreSQL one process migrates at a time (an advisory
    lock), since creating the same table at once there fails rather than waits."""
    with _one_at_a_time(db):
        with db.bind_ctx([m.SchemaMigration]):
            db.create_tables([m.SchemaMigration], safe=True)
            done = {row.number for row in m.SchemaMigration.select(m.SchemaMigration.number)}
        ran = []
        for number, name, step in sorted(MIGRATIONS):
            if number in done:
                continue
            with db.bind_ctx(m.ALL_MODELS), db.atomic():
                if m.SchemaMigration.get_or_none(m.SchemaMigration.number == number) is not None:
                    continue  # another process ran it since this one looked
                step(db)
                m.SchemaMigration.create(number=number, name=name)
            ran.append(number)
        return ran


_MIGRATION_LOCK = 0x46726F6E74  # PostgreSQL advisory lock key: "Front" in ASCII


@contextlib.contextmanager
def _one_at_a_time(db: pw.Database) -> Iterator[None]:
    if is_sqlite(db):
        yield
        return
    db.execute_sql("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
    try:
        yield
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))


def latest_version() -> int:
    return max(number for number, _, _ in MIGRATIONS)
