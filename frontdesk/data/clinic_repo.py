"""Clinic settings, chairs and appointment types."""

from __future__ import annotations

import json
from typing import Any

from frontdesk import values
from frontdesk.data import models as m
from frontdesk.data import prepared
from frontdesk.settings import ClinicProfile


def load_profile() -> ClinicProfile:
    value = setting_value("clinic")
    return ClinicProfile.from_dict(json.loads(value)) if value is not None else ClinicProfile()


def setting_value(key: str) -> str | None:
    """The stored text of one setting (the clinic profile, the intake settings…), None when never saved."""
    rows = prepared.plain_rows("setting", [key], _setting_query, key)
    return str(rows[0][0]) if rows else None


def _setting_query(key: str) -> Any:
    return m.Setting.select(m.Setting.value).where(m.Setting.key == key).tuples()


def save_profile(profile: ClinicProfile) -> None:
    payload = json.dumps(profile.to_dict())
    updated = m.Setting.update(value=payload).where(m.Setting.key == "clinic").execute()
    if not updated:
        m.Setting.create(key="clinic", value=payload)


def chairs(include_out_of_service: bool = True) -> list[values.Chair]:
    params: list[object] = [] if include_out_of_service else [True]
    rows = prepared.run(("chairs", include_out_of_service), params, _chairs_query, include_out_of_service)
    return [to_chair(row) for row in rows]


def _chairs_query(include_out_of_service: bool) -> Any:
    query = m.Chair.select().order_by(m.Chair.position, m.Chair.id)
    if not include_out_of_service:
        query = query.where(m.Chair.in_service == True)  # noqa: E712 (peewee expression)
    return query


def appointment_types(include_inactive: bool = False) -> list[values.AppointmentType]:
    query = m.AppointmentType.select().order_by(m.AppointmentType.position, m.AppointmentType.id)
    if not include_inactive:
        query = query.where(m.AppointmentType.active == True)  # noqa: E712
    return [to_type(row) for row in query]


def to_chair(row: m.Chair) -> values.Chair:
    return values.Chair(id=row.id, name=row.name, position=row.position, in_service=row.in_service)


def to_type(row: m.AppointmentType) -> values.AppointmentType:
    return values.AppointmentType(
        id=row.id, code=row.code, name=row.name, kind=row.kind,
        prep_minutes=row.prep_minutes, treatment_minutes=row.treatment_minutes,
        recovery_minutes=row.recovery_minutes, turnover_minutes=row.turnover_minutes,
        needs_chair=row.needs_chair, colour=row.colour,
        food_cutoff_minutes=row.food_cutoff_minutes, liquid_cutoff_minutes=row.liquid_cutoff_minutes,
        series_default_count=row.series_default_count, series_min_days=row.series_min_days,
        active=row.active,
    )
