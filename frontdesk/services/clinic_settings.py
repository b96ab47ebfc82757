"""Clinic settings: profile, opening hours, slot size, limits, chairs, appointment types, blocks.

Changing a type's times never moves or stretches existing bookings (their chair time is stored);
`booking.collisions_for_day` shows the ones that now collide. Every change needs 'settings.change'
except blocks, which the desk manages ('schedule.change').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontdesk import values
from frontdesk.data import appointments_repo, board_repo, booking_repo, clinic_repo, settings_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules.clock import day_bounds_utc, local_to_utc
from frontdesk.rules.contact import FieldError, check_email, optional_phone
from frontdesk.services import audit
from frontdesk.services.permissions import require
from frontdesk.settings import WEEKDAYS, ClinicProfile
from frontdesk.values import PRESCRIBER_AWAY, Actor, BlockedTime

SLOT_SIZES = (5, 10, 15, 20, 30, 60)
WEIGHT_UNITS = {"imperial": "lb, ft and in", "metric": "kg and cm"}
IDLE_LOCK_RANGE = (1, 120)  # minutes: a screen left signed in for hours shows patients to whoever passes
BLOCK_KINDS = ("closed", "lunch", "out_of_service", "prescriber_away")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SettingsError(ValueError):
    """A setting that cannot be saved; the message names the field."""


def profile() -> ClinicProfile:
    return clinic_repo.load_profile()


def forget_example_contact() -> list[str]:
    """Clear each of the clinic's name, address, phones and email still the example clinic's (what a new
    database starts with), so that nothing tells a patient to call the example's number; which ones."""
    current = clinic_repo.load_profile()
    examples = current.example_contact_fields()
    if examples:
        clinic_repo.save_profile(current.without_contact(examples))
    return examples


def missing_contact_words(p: ClinicProfile, papers: str) -> str | None:
    """Why `papers` for patients ("pre-visit sheets are printed") cannot be made yet (they tell patients
    who writes and whom to call), or None."""
    gaps = p.contact_gaps()
    if not gaps:
        return None
    return (f"the clinic's {' and '.join(gaps)} {'is' if len(gaps) == 1 else 'are'} not set yet: an administrator "
            f"enters them in Clinic settings (Clinic tab) before {papers}, as they tell patients whom to call")


def validate_profile(p: ClinicProfile) -> None:
    """Refuse a profile that would break the schedule; the message names the first bad field."""
    if not p.name.strip():
        raise SettingsError("clinic name: must not be empty")
    try:
        ZoneInfo(p.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"time zone: unknown zone {p.timezone!r} (e.g. America/New_York)") from None
    if p.slot_minutes not in SLOT_SIZES:
        raise SettingsError(f"slot size: one of {', '.join(map(str, SLOT_SIZES))} minutes")
    if not 0 <= p.arrival_lead_minutes <= 120:
        raise SettingsError("arrival lead: 0 to 120 minutes")
    for label, value in (("starts per slot", p.max_starts_per_slot), ("nurse capacity", p.nurse_capacity),
                         ("nurses on duty", p.nurses_on_duty), ("booster interval", p.booster_interval_days)):
        if value < 0:
            raise SettingsError(f"{label}: must not be negative")
    if not IDLE_LOCK_RANGE[0] <= p.idle_lock_minutes <= IDLE_LOCK_RANGE[1]:
        raise SettingsError(f"idle lock: {IDLE_LOCK_RANGE[0]} to {IDLE_LOCK_RANGE[1]} minutes")
    if not 0 <= p.alcohol_hours_before <= 72:
        raise SettingsError("no alcohol before a visit: 0 to 72 hours")
    if not 1 <= p.questionnaire_due_days <= 90:
        raise SettingsError("questionnaires due within: 1 to 90 days")
    if p.weight_unit not in WEIGHT_UNITS:
        raise SettingsError(f"weight unit: {' or '.join(WEIGHT_UNITS)}")
    _validate_hours("opening hours", p.hours)
    _validate_hours("prescriber hours", p.prescriber_hours)


def _with_clinic_phones(p: ClinicProfile) -> ClinicProfile:
    """The profile with its phones as stored ("(828) 555-0100" -> "+18285550100"; an extension is kept as
    " x12" after it; empty stays empty). Every pre-visit sheet prints them under "who to call", so a
    number that is not one is refused, the message naming the field."""
    return replace(p, phone=_clinic_phone("phone", p.phone),
                   after_hours_phone=_clinic_phone("after-hours phone", p.after_hours_phone),
                   email=_clinic_email(p.email))


def _clinic_email(text: str) -> str:
    """The clinic's email as the sheets print it, or refused ("desk@clinic" reaches nobody)."""
    try:
        return check_email(text) if text.strip() else ""
    except FieldError as exc:
        raise SettingsError(f"email: {exc}") from None


def _clinic_phone(label: str, text: str) -> str:
    try:
        return optional_phone(text)
    except FieldError as exc:
        raise SettingsError(f"{label}: {exc}") from None


def _validate_hours(label: str, hours: dict[int, tuple[str, str] | None]) -> None:
    for day, span in sorted(hours.items()):
        if span is None:
            continue
        opens, closes = span
        if not (_HHMM.match(opens) and _HHMM.match(closes)):
            raise SettingsError(f"{label} {WEEKDAYS[day]}: use HH:MM, e.g. 08:00")
        if opens >= closes:
            raise SettingsError(f"{label} {WEEKDAYS[day]}: closing {closes} must be after opening {opens}")


def save_profile(p: ClinicProfile, actor: Actor) -> ClinicProfile:
    """Validate and save; returns the profile saved (its phones as E.164, however they were typed)."""
    require(actor, "settings.change")
    p = _with_clinic_phones(p)
    validate_profile(p)
    with database_proxy.atomic():
        clinic_repo.save_profile(p)
        audit.record(actor, "settings.profile", entity="setting", entity_id="clinic")
    return p


def update_profile(actor: Actor, **changes: Any) -> ClinicProfile:
    """Change some profile fields, validate, save; returns the saved profile."""
    return save_profile(replace(profile(), **changes), actor)


# --- chairs -----------------------------------------------------------------------------------------


def _chair_name(name: str, except_id: int | None = None) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise SettingsError("chair name: must not be empty")
    if len(clean) > 40:
        raise SettingsError("chair name: at most 40 characters")
    if settings_repo.chair_name_taken(clean, except_id):
        raise SettingsError(f"chair name: {clean!r} is already used")
    return clean


def add_chair(name: str, actor: Actor) -> values.Chair:
    require(actor, "settings.change")
    with database_proxy.atomic():
        chair = settings_repo.add_chair(_chair_name(name))
        audit.record(actor, "settings.chair_add", entity="chair", entity_id=chair.id)
    return chair


def rename_chair(chair_id: int, name: str, actor: Actor) -> None:
    require(actor, "settings.change")
    with database_proxy.atomic():
        if not settings_repo.update_chair(chair_id, name=_chair_name(name, chair_id)):
            raise SettingsError(f"chair: no chair {chair_id}")
        audit.record(actor, "settings.chair_rename", entity="chair", entity_id=chair_id)


def set_chair_in_service(chair_id: int, in_service: bool, actor: Actor) -> None:
    """Take a chair out of service (existing bookings stay; new ones are refused) or back in."""
    require(actor, "settings.change")
    with database_proxy.atomic():
        if not settings_repo.update_chair(chair_id, in_service=in_service):
            raise SettingsError(f"chair: no chair {chair_id}")
        audit.record(actor, "settings.chair_service", entity="chair", entity_id=chair_id,
                     detail="in service" if in_service else "out of service")


def reorder_chairs(chair_ids: list[int], actor: Actor) -> None:
    require(actor, "settings.change")
    known = {c.id for c in clinic_repo.chairs()}
    if set(chair_ids) != known or len(chair_ids) != len(known):
        raise SettingsError("chair order: list every chair exactly once")
    with database_proxy.atomic():
        settings_repo.set_chair_order(chair_ids)
        audit.record(actor, "settings.chair_order", entity="chair")


# --- appointment types ------------------------------------------------------------------------------


def validate_type_fields(fields: dict[str, Any]) -> None:
    for key in ("prep_minutes", "treatment_minutes", "recovery_minutes", "turnover_minutes"):
        if key in fields and not 0 <= int(fields[key]) <= 600:
            raise SettingsError(f"{key.replace('_minutes', '').replace('_', ' ')}: 0 to 600 minutes")
    if "treatment_minutes" in fields and int(fields["treatment_minutes"]) < 1:
        raise SettingsError("treatment: at least 1 minute")
    if "name" in fields and not str(fields["name"]).strip():
        raise SettingsError("type name: must not be empty")
    if "colour" in fields and not re.match(r"^#[0-9a-fA-F]{6}$", str(fields["colour"])):
        raise SettingsError("colour: use #RRGGBB")
    if "series_default_count" in fields and not 1 <= int(fields["series_default_count"]) <= 40:
        raise SettingsError("series sessions: 1 to 40")
    if "series_min_days" in fields and not 1 <= int(fields["series_min_days"]) <= 60:
        raise SettingsError("series days between: 1 to 60")


MAX_CHAIR_MINUTES = 12 * 60
ESKETAMINE_MIN_RECOVERY = 120  # REMS: observed at least two hours after dosing, a hard minimum


def _check_total(kind: values.AppointmentType) -> None:
    if kind.chair_minutes > MAX_CHAIR_MINUTES:
        raise SettingsError(f"chair time: prep + treatment + recovery + turnover is {kind.chair_minutes} minutes; "
                            f"at most {MAX_CHAIR_MINUTES}")
    if kind.kind == "esketamine" and kind.recovery_minutes < ESKETAMINE_MIN_RECOVERY:
        raise SettingsError(f"recovery: an esketamine session is observed for at least {ESKETAMINE_MIN_RECOVERY} "
                            f"minutes after dosing (REMS); {kind.recovery_minutes} is too short")


def update_type(type_id: int, actor: Actor, **fields: Any) -> values.AppointmentType:
    """Change a type's times, colour, fasting, series defaults. Existing bookings keep their chair time."""
    require(actor, "settings.change")
    validate_type_fields(fields)
    if "name" in fields:
        fields["name"] = str(fields["name"]).strip()
        if settings_repo.type_name_taken("name", fields["name"], type_id):
            raise SettingsError(f"type name: {fields['name']!r} is already used")
    current = booking_repo.get_type(type_id)
    if current is None:
        raise SettingsError(f"type: no appointment type {type_id}")
    _check_total(replace(current, **{k: v for k, v in fields.items() if k.endswith("_minutes")}))
    with database_proxy.atomic():
        if not settings_repo.update_type(type_id, **fields):
            raise SettingsError(f"type: no appointment type {type_id}")
        audit.record(actor, "settings.type", entity="appointment_type", entity_id=type_id)
    found = booking_repo.get_type(type_id)
    assert found is not None
    return found


def add_type(code: str, name: str, kind: str, actor: Actor, **fields: Any) -> values.AppointmentType:
    require(actor, "settings.change")
    code = code.strip()
    if not re.match(r"^[a-z][a-z0-9_]{1,30}$", code):
        raise SettingsError("type code: lower-case letters, digits and _ (e.g. iv_mood)")
    if kind not in ("consult", "iv_mood", "iv_pain", "esketamine"):
        raise SettingsError("type kind: consult, iv_mood, iv_pain or esketamine")
    fields = {"name": name, **fields}
    validate_type_fields(fields)
    if settings_repo.type_name_taken("code", code) or settings_repo.type_name_taken("name", name.strip()):
        raise SettingsError(f"type: {code!r} or {name!r} is already used")
    fields.setdefault("treatment_minutes", 30)
    if kind == "esketamine":
        fields.setdefault("recovery_minutes", ESKETAMINE_MIN_RECOVERY)
    with database_proxy.atomic():
        created = settings_repo.add_type(code, kind, **fields)
        _check_total(created)  # refused inside the transaction: nothing is added
        audit.record(actor, "settings.type_add", entity="appointment_type", entity_id=created.id)
    return created


# What each kind of visit is, in the settings' words: the kind decides the handout's wording, the fasting
# and driver rules and, for esketamine, the REMS minimum; the times are the clinic's to set.
KIND_WORDS = {"iv_mood": "IV ketamine for mood", "iv_pain": "IV ketamine for pain",
              "esketamine": "Esketamine nasal spray (REMS)", "consult": "Consultation (office, no chair)"}
# A new type's own colour on the board, the first of these no type has yet (its template's would look the same).
NEW_TYPE_COLOURS = ("#b7791f", "#805ad5", "#d53f8c", "#319795", "#dd6b20", "#3182ce", "#38a169", "#e53e3e")
_COPIED_FIELDS = ("prep_minutes", "treatment_minutes", "recovery_minutes", "turnover_minutes", "needs_chair",
                  "colour", "food_cutoff_minutes", "liquid_cutoff_minutes", "series_default_count",
                  "series_min_days")


def add_type_like(name: str, kind: str, actor: Actor) -> values.AppointmentType:
    """A new type of visit `kind` named `name`, starting from the clinic's first type of that kind
    (times, chair, fasting, colour, series defaults: to adjust before booking it), with a code made
    from its name."""
    require(actor, "settings.change")
    if kind not in KIND_WORDS:
        raise SettingsError(f"type kind: one of {', '.join(KIND_WORDS)}")
    name = name.strip()
    if not name:
        raise SettingsError("type name: must not be empty")
    if settings_repo.type_name_taken("name", name):
        raise SettingsError(f"type name: {name!r} is already used")
    types = clinic_repo.appointment_types()
    template = next((t for t in types if t.kind == kind), None)
    fields = {key: getattr(template, key) for key in _COPIED_FIELDS} if template else {}
    used = {t.colour.lower() for t in types}
    fields["colour"] = next((c for c in NEW_TYPE_COLOURS if c not in used), fields.get("colour", NEW_TYPE_COLOURS[0]))
    return add_type(_free_code(name), name, kind, actor, **fields)


def all_types() -> list[values.AppointmentType]:
    """Every type, retired ones too (the settings list them to bring one back)."""
    return clinic_repo.appointment_types(include_inactive=True)


def set_type_active(type_id: int, active: bool, actor: Actor) -> values.AppointmentType:
    """Retire a type (it leaves every booking list; bookings already made with it keep it) or bring it
    back. The last type in use stays: the desk could book nothing."""
    require(actor, "settings.change")
    current = booking_repo.get_type(type_id)
    if current is None:
        raise SettingsError(f"type: no appointment type {type_id}")
    if not active and [t.id for t in clinic_repo.appointment_types()] == [type_id]:
        raise SettingsError(f"type: {current.name} is the last type in use; add another first")
    with database_proxy.atomic():
        settings_repo.update_type(type_id, active=active)
        audit.record(actor, "settings.type_active" if active else "settings.type_retire", entity="appointment_type",
                     entity_id=type_id)
    found = booking_repo.get_type(type_id)
    assert found is not None
    return found


def _free_code(name: str) -> str:
    """A type code from its name ("Esketamine 84 mg" -> "esketamine_84_mg"), not yet used."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:26]
    if not re.match(r"^[a-z][a-z0-9_]", base):  # a digit first, or one letter alone ("B")
        base = f"type_{base}".rstrip("_")[:26]
    code, number = base, 2
    while settings_repo.type_name_taken("code", code):
        code, number = f"{base}_{number}", number + 1
    return code


# --- blocks -----------------------------------------------------------------------------------------


def bookings_in_the_way(chair_id: int | None, start_local: dt.datetime, end_local: dt.datetime,
                        kind: str) -> list[values.Appointment]:
    """The bookings already in a block's time and not begun, which stay where they are (the board marks
    them): in its chair, or anywhere (office visits too) for the whole clinic; for a prescriber's
    absence, the esketamine ones."""
    tz = clinic_repo.load_profile().tz
    found = appointments_repo.between(local_to_utc(start_local, tz), local_to_utc(end_local, tz), tz)
    waiting = [a for a in found if a.flow == "booked" and a.outcome is None]  # a visit begun or ended is no matter
    if kind == PRESCRIBER_AWAY:
        return [a for a in waiting if a.type.kind == "esketamine"]
    return [a for a in waiting if chair_id is None or a.chair_id == chair_id]  # the office's too, clinic-wide


def add_block(chair_id: int | None, start_local: dt.datetime, end_local: dt.datetime, kind: str, reason: str,
              actor: Actor) -> int:
    """Block time (a chair out of service, the clinic closed, lunch). Existing bookings are not touched."""
    require(actor, "schedule.change")
    if kind not in BLOCK_KINDS:
        raise SettingsError(f"block kind: one of {', '.join(BLOCK_KINDS)}")
    if end_local <= start_local:
        raise SettingsError("block: the end must be after the start")
    if kind == PRESCRIBER_AWAY and chair_id is not None:
        raise SettingsError("block: the prescriber is away from the whole clinic; choose no chair")
    tz = clinic_repo.load_profile().tz
    with database_proxy.atomic():
        block_id = booking_repo.add_block(chair_id=chair_id, start_utc=local_to_utc(start_local, tz),
                                          end_utc=local_to_utc(end_local, tz), kind=kind, reason=reason.strip())
        audit.record(actor, "block.add", entity="block", entity_id=block_id)
    return block_id


def remove_block(block_id: int, actor: Actor) -> None:
    require(actor, "schedule.change")
    with database_proxy.atomic():
        if not booking_repo.delete_block(block_id):
            raise SettingsError(f"block: no block {block_id}")
        audit.record(actor, "block.remove", entity="block", entity_id=block_id)


def blocks_for_day(day: dt.date) -> list[BlockedTime]:
    tz = clinic_repo.load_profile().tz
    lo, hi = day_bounds_utc(day, tz)
    return board_repo.blocks_between(lo, hi, tz)


def upcoming_blocks(from_day: dt.date, days: int = 366) -> list[BlockedTime]:
    """Blocks that end on or after `from_day`, for the settings list."""
    tz = clinic_repo.load_profile().tz
    lo, _ = day_bounds_utc(from_day, tz)
    _, hi = day_bounds_utc(from_day + dt.timedelta(days=days), tz)
    return board_repo.blocks_between(lo, hi, tz)
