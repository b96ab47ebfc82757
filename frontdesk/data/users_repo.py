"""Staff accounts: reading and writing the `user` table (hashes only, never passwords)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontdesk.data import models as m


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    full_name: str
    role: str
    password_hash: str
    failed_attempts: int
    locked_until_utc: dt.datetime | None
    active: bool
    created_utc: dt.datetime


def count(*, active_only: bool = False) -> int:
    query = m.User.select()
    if active_only:
        query = query.where(m.User.active == True)  # noqa: E712 (peewee expression)
    return int(query.count())


def count_active_admins() -> int:
    return int(m.User.select().where((m.User.active == True) & (m.User.role == "admin")).count())  # noqa: E712


def get(username: str) -> UserRecord | None:
    row = m.User.get_or_none(m.User.username == username)
    return _to_record(row) if row else None


def all_users() -> list[UserRecord]:
    return [_to_record(r) for r in m.User.select().order_by(m.User.username)]


def insert(*, username: str, full_name: str, role: str, password_hash: str) -> int:
    row = m.User.create(username=username, full_name=full_name, role=role, password_hash=password_hash)
    return int(row.id)


def update(username: str, **fields: Any) -> None:
    m.User.update(**fields).where(m.User.username == username).execute()


def add_failure(username: str, *, limit: int, lock_until: dt.datetime) -> int:
    """Count one more failed sign-in in a row; at `limit` lock the account until `lock_until`."""
    m.User.update(failed_attempts=m.User.failed_attempts + 1).where(m.User.username == username).execute()
    failures = int(m.User.get(m.User.username == username).failed_attempts)
    if failures >= limit:
        update(username, failed_attempts=0, locked_until_utc=lock_until)
    return failures


def _to_record(row: Any) -> UserRecord:
    return UserRecord(id=row.id, username=row.username, full_name=row.full_name, role=row.role,
                      password_hash=row.password_hash, failed_attempts=row.failed_attempts,
                      locked_until_utc=row.locked_until_utc, active=bool(row.active), created_utc=row.created_utc)
