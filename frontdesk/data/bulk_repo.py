"""Bulk writes for demo clinics and imports: chunked inserts inside one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from frontdesk.data import models as m

_CHUNK = 400  # keeps each statement under SQLite's variable limit


def insert_rows(model: type[m.BaseModel], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert `rows` into `model`'s table and return the new ids in the same order."""
    ids: list[int] = []
    for chunk in _chunks(rows):
        cursor = model.insert_many(chunk).returning(model._meta.primary_key).execute()
        ids.extend(_ids(cursor))
    return ids


def insert_rows_no_ids(model: type[m.BaseModel], rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        model.insert_many(chunk).execute()


def _ids(cursor: Iterable[Any]) -> list[int]:
    out = []
    for row in cursor:
        out.append(row.id if hasattr(row, "id") else row[0])
    return out


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterable[Sequence[dict[str, Any]]]:
    for index in range(0, len(rows), _CHUNK):
        yield rows[index:index + _CHUNK]


def model_by_name(name: str) -> type[m.BaseModel]:
    return {model.__name__: model for model in m.ALL_MODELS}[name]
