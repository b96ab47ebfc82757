"""The audit trail: append-only, each entry's hash chained to the one before it.

An entry's hash is sha256 over its canonical fields and the previous entry's hash, so changing,
removing or reordering any entry breaks the chain from there on. The one row of `audit_head` holds
the chain's end; an appender updates it first, which takes the write lock (SQLite) or the row lock
(PostgreSQL), so appenders in two processes chain one after the other, never on the same parent.
The database itself refuses UPDATE and DELETE on `audit_entry` (triggers, migration 50).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.database import database_proxy, is_sqlite

GENESIS = ""  # prev_hash of the first entry
HEAD_ID = 1


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at_utc: dt.datetime
    user: str
    action: str
    entity: str
    entity_id: str
    patient_id: int | None
    detail: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the chain: `ok`, how many entries, and where it first breaks."""

    ok: bool
    count: int
    first_broken_id: int | None = None
    problem: str = ""


def write_transaction() -> AbstractContextManager[Any]:
    """A transaction that takes the write lock at once on SQLite (no stale snapshot when it writes)."""
    db = database_proxy.obj
    if is_sqlite(db) and not db.in_transaction():
        return db.atomic("IMMEDIATE")  # type: ignore[no-any-return]
    return database_proxy.atomic()  # type: ignore[no-any-return]


def entry_hash(*, at_utc: dt.datetime, user: str, action: str, entity: str, entity_id: str,
               patient_id: int | None, detail: str, prev_hash: str) -> str:
    """sha256 over the canonical JSON of the fields and the previous hash."""
    canonical = json.dumps(
        [_iso(at_utc), user, action, entity, entity_id, patient_id, detail, prev_hash],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _iso(value: dt.datetime | str) -> str:
    if isinstance(value, str):  # a raw SQLite value read without the model's conversion
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")


def append(*, user: str, action: str, entity: str = "", entity_id: str = "",
           patient_id: int | None = None, detail: str = "", at_utc: dt.datetime | None = None) -> int:
    """Add one entry at the end of the chain (inside the caller's transaction if there is one)."""
    at = (at_utc or m.utcnow()).replace(tzinfo=None, microsecond=0)
    with write_transaction():
        prev_hash = _lock_head()
        digest = entry_hash(at_utc=at, user=user, action=action, entity=entity, entity_id=entity_id,
                            patient_id=patient_id, detail=detail, prev_hash=prev_hash)
        row = m.AuditEntry.create(at_utc=at, user=user, action=action, entity=entity, entity_id=entity_id,
                                  patient_id=patient_id, detail=detail, prev_hash=prev_hash, hash=digest)
        m.AuditHead.update(last_hash=digest).where(m.AuditHead.id == HEAD_ID).execute()
    return int(row.id)


def _lock_head() -> str:
    """Claim the chain's end for this transaction and return the last entry's hash."""
    claimed = (m.AuditHead.update(count=m.AuditHead.count + 1)
               .where(m.AuditHead.id == HEAD_ID).execute())
    if not claimed:  # a database made before the head existed: start it from the entries
        count, last = _tail()
        m.AuditHead.create(id=HEAD_ID, count=count + 1, last_hash=last)
        return last
    return str(m.AuditHead.get_by_id(HEAD_ID).last_hash)


def _tail() -> tuple[int, str]:
    count = m.AuditEntry.select().count()
    last = m.AuditEntry.select(m.AuditEntry.hash).order_by(m.AuditEntry.id.desc()).first()
    return int(count), (last.hash if last else GENESIS)


def seal_unchained() -> int:
    """Chain entries written before hashing existed (used once by migration 50); returns how many."""
    prev = GENESIS
    sealed = 0
    for row in m.AuditEntry.select().order_by(m.AuditEntry.id):
        if row.prev_hash != prev or not row.hash:
            digest = entry_hash(at_utc=row.at_utc, user=row.user, action=row.action, entity=row.entity,
                                entity_id=row.entity_id, patient_id=row.patient_id, detail=row.detail,
                                prev_hash=prev)
            m.AuditEntry.update(prev_hash=prev, hash=digest).where(m.AuditEntry.id == row.id).execute()
            sealed += 1
            prev = digest
        else:
            prev = row.hash
    count = m.AuditEntry.select().count()
    if not m.AuditHead.update(count=count, last_hash=prev).where(m.AuditHead.id == HEAD_ID).execute():
        m.AuditHead.create(id=HEAD_ID, count=count, last_hash=prev)
    return sealed


def verify_chain(db: pw.Database | None = None) -> ChainReport:
    """Recompute every hash in order; report the first entry whose content or link does not match.

    `db`: another database than the app's (a backup file being checked), read without rebinding the
    models, so that a check on a worker thread never redirects the app's own audit writes."""
    check = ChainCheck(db)
    while (report := check.step(5000)) is None:
        pass
    return report


class ChainCheck:
    """The chain checked a run of entries at a time, so that a screen can show the trail at once and say
    whether its chain holds when the check is done: a busy clinic's year is a few hundred thousand
    entries, seconds of hashing. Entries written meanwhile (at the end) are checked too."""

    def __init__(self, db: pw.Database | None = None) -> None:
        self._db = db or database_proxy.obj
        self._prev = GENESIS
        self._last_id = 0
        self.count = 0  # entries checked so far
        self.report: ChainReport | None = None

    def step(self, rows: int = 2000) -> ChainReport | None:
        """Check up to `rows` more entries: the report once the chain is checked to its end, else None."""
        if self.report is None:
            self.report = self._next(rows)
        return self.report

    def _next(self, rows: int) -> ChainReport | None:
        batch = list(_entries_after(self._last_id, rows).bind(self._db))
        for row_id, at_utc, user, action, entity, entity_id, patient_id, detail, prev_hash, digest in batch:
            self.count += 1
            if prev_hash != self._prev:
                return ChainReport(False, self.count, row_id, f"entry {row_id} does not link to the entry before it")
            expected = entry_hash(at_utc=at_utc, user=user, action=action, entity=entity, entity_id=entity_id,
                                  patient_id=patient_id, detail=detail, prev_hash=self._prev)
            if digest != expected:
                return ChainReport(False, self.count, row_id, f"entry {row_id} was changed after it was written")
            self._prev, self._last_id = digest, row_id
        if len(batch) == rows:
            return None
        head = None
        if self._db.table_exists(m.AuditHead._meta.table_name):
            head = m.AuditHead.select().where(m.AuditHead.id == HEAD_ID).bind(self._db).first()
        if head is not None and head.count > self.count and batch:
            return None  # written since this run was read: check those next
        if head is not None and (head.count != self.count or head.last_hash != self._prev):
            return ChainReport(False, self.count, None,
                               f"the trail ends early: {head.count} entries were written, {self.count} remain")
        return ChainReport(True, self.count)


@dataclass(frozen=True)
class ChainTip:
    """The last entry of a trail: since each hash covers the one before, a trail whose entry `entry_id`
    has this `hash` holds, up to there, exactly the entries this one held."""

    entry_id: int
    hash: str


def tip(db: pw.Database | None = None) -> ChainTip | None:
    """The last entry of the trail of `db` (default: the app's), None for an empty trail."""
    e = m.AuditEntry
    row = e.select(e.id, e.hash).order_by(e.id.desc()).limit(1).tuples().bind(db or database_proxy.obj).first()
    return ChainTip(int(row[0]), str(row[1])) if row else None


def first(db: pw.Database | None = None) -> ChainTip | None:
    """The first entry of the trail of `db` (default: the app's): it is where a database's history
    begins, so a backup whose trail begins with the same entry is of the same database (or a copy)."""
    e = m.AuditEntry
    row = e.select(e.id, e.hash).order_by(e.id).limit(1).tuples().bind(db or database_proxy.obj).first()
    return ChainTip(int(row[0]), str(row[1])) if row else None


def hash_of(entry_id: int) -> str | None:
    """The stored hash of the app's entry `entry_id`, None when there is no such entry."""
    row = m.AuditEntry.select(m.AuditEntry.hash).where(m.AuditEntry.id == entry_id).tuples().first()
    return str(row[0]) if row else None


@dataclass(frozen=True)
class RestorePoint:
    """A restore recorded in a trail: the entry it put the trail back to (the one just before the
    "backup.restore" entry: the restored backup's last), and when and by whom it was recorded."""

    entry_id: int
    at_utc: dt.datetime
    user: str


def restore_points(db: pw.Database | None = None) -> list[RestorePoint]:
    """The restores recorded in the trail of `db` (default: the app's), oldest first."""
    e = m.AuditEntry
    points = []
    restores = e.select(e.id, e.at_utc, e.user).where(e.action == "backup.restore").order_by(e.id).tuples()
    for restore_id, at, user in restores.bind(db or database_proxy.obj):
        before = last_at_or_before(int(restore_id) - 1, db)
        if before is not None:
            points.append(RestorePoint(before.entry_id, at, str(user)))
    return points


def last_at_or_before(entry_id: int, db: pw.Database | None = None) -> ChainTip | None:
    """The last entry whose id is `entry_id` or lower, in the trail of `db` (default: the app's)."""
    e = m.AuditEntry
    row = (e.select(e.id, e.hash).where(e.id <= entry_id).order_by(e.id.desc()).limit(1).tuples()
           .bind(db or database_proxy.obj).first())
    return ChainTip(int(row[0]), str(row[1])) if row else None


def first_after(entry_id: int) -> int | None:
    """The id of the app's first entry after `entry_id`, None when there is none."""
    row = m.AuditEntry.select(m.AuditEntry.id).where(m.AuditEntry.id > entry_id).order_by(m.AuditEntry.id).limit(1) \
        .tuples().first()
    return int(row[0]) if row else None


def _entries_after(last_id: int, rows: int) -> Any:
    e = m.AuditEntry
    return (e.select(e.id, e.at_utc, e.user, e.action, e.entity, e.entity_id, e.patient_id, e.detail, e.prev_hash,
                     e.hash).where(e.id > last_id).order_by(e.id).limit(rows).tuples())


def search(*, user: str | None = None, patient_id: int | None = None, since_utc: dt.datetime | None = None,
           until_utc: dt.datetime | None = None, action: str | None = None,
           limit: int | None = None) -> list[AuditRecord]:
    """Entries matching every given filter, oldest first (the newest `limit` when given)."""
    query = m.AuditEntry.select()
    if user:
        query = query.where(m.AuditEntry.user == user)
    if patient_id is not None:
        query = query.where(m.AuditEntry.patient_id == patient_id)
    if since_utc is not None:
        query = query.where(m.AuditEntry.at_utc >= since_utc)
    if until_utc is not None:
        query = query.where(m.AuditEntry.at_utc < until_utc)
    if action:
        query = query.where(m.AuditEntry.action.startswith(action))
    if limit:
        rows = list(query.order_by(m.AuditEntry.id.desc()).limit(limit))[::-1]
    else:
        rows = list(query.order_by(m.AuditEntry.id))
    return [_to_record(r) for r in rows]


def users_in_trail() -> list[str]:
    query = m.AuditEntry.select(m.AuditEntry.user).distinct().order_by(m.AuditEntry.user)
    return [r.user for r in query]


def _to_record(row: Any) -> AuditRecord:
    return AuditRecord(id=row.id, at_utc=row.at_utc, user=row.user, action=row.action, entity=row.entity,
                       entity_id=row.entity_id, patient_id=row.patient_id, detail=row.detail)
