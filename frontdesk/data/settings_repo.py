"""Writes behind the clinic settings screen: chairs and appointment types."""

from __future__ import annotations

from typing import Any

from frontdesk import values
from frontdesk.data import models as m
from frontdesk.data.clinic_repo import to_chair, to_type

TYPE_FIELDS = (
    "name", "prep_minutes", "treatment_minutes", "recovery_minutes", "turnover_minutes", "needs_chair",
    "colour", "food_cutoff_minutes", "liquid_cutoff_minutes", "series_default_count", "series_min_days", "active",
)


def chair_name_taken(name: str, except_id: int | None = None) -> bool:
    """Whether another chair has this name, whatever its case ("chair 2" is "Chair 2" on the board)."""
    return _taken(m.Chair.select(m.Chair.id, m.Chair.name).tuples(), name, except_id)


def _taken(rows: Any, value: str, except_id: int | None) -> bool:
    """Whether a row other than `except_id` holds `value`, compared case-folded in Python: SQLite's LOWER
    folds ASCII alone ("Árbol" and "árbol" differ there). A clinic has a few chairs and types."""
    wanted = value.casefold()
    return any(row_id != except_id and str(held).casefold() == wanted for row_id, held in rows)


def add_chair(name: str) -> values.Chair:
    last = m.Chair.select(m.Chair.position).order_by(m.Chair.position.desc()).first()
    row = m.Chair.create(name=name, position=(last.position + 1) if last else 0)
    return to_chair(row)


def update_chair(chair_id: int, **fields: Any) -> bool:
    return bool(m.Chair.update(**fields).where(m.Chair.id == chair_id).execute())


def set_chair_order(chair_ids: list[int]) -> None:
    for position, chair_id in enumerate(chair_ids):
        m.Chair.update(position=position).where(m.Chair.id == chair_id).execute()


def type_name_taken(field: str, value: str, except_id: int | None = None) -> bool:
    """Whether another type has this name or code, whatever its case (two that differ only so read alike
    in every list)."""
    column = getattr(m.AppointmentType, field)
    return _taken(m.AppointmentType.select(m.AppointmentType.id, column).tuples(), value, except_id)


def update_type(type_id: int, **fields: Any) -> bool:
    unknown = set(fields) - set(TYPE_FIELDS)
    if unknown:
        raise KeyError(f"not a type field: {sorted(unknown)}")
    return bool(m.AppointmentType.update(**fields).where(m.AppointmentType.id == type_id).execute())


def add_type(code: str, kind: str, **fields: Any) -> values.AppointmentType:
    last = m.AppointmentType.select(m.AppointmentType.position).order_by(m.AppointmentType.position.desc()).first()
    row = m.AppointmentType.create(code=code, kind=kind, position=(last.position + 1) if last else 0, **fields)
    return to_type(row)
