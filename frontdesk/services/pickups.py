"""Pick-ups: today's patients in recovery, their drivers, when each should come, and the calls made.

The list is read in a few queries whatever its length (today's bookings, their flow steps, the
patients' drivers, the calls). Each call is one transaction with its audit entry; the patient's step
is checked inside it, so a patient discharged at another desk a moment before takes no call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from frontdesk.data import appointments_repo, board_repo, clinic_repo, patients_repo, pickup_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules.board_state import recovery_due
from frontdesk.rules.clock import day_bounds_utc, local_to_utc, now_local
from frontdesk.rules.contact_card import NOT_ON_FILE, contact_card
from frontdesk.rules.pickup import (
    CALL_AHEAD,
    OUTCOMES,
    TOLD,
    PickupCall,
    PickupCallRefusedError,
    check_call,
    owed,
    standing,
)
from frontdesk.services import audit
from frontdesk.services.permissions import require
from frontdesk.values import Actor, FlowStamp
from frontdesk.values import Appointment as Booking

__all__ = ["OUTCOMES", "Pickup", "PickupCallRefusedError", "PickupError", "owed_count", "pickups", "record_call"]


class PickupError(ValueError):
    """A call that cannot be recorded for this appointment; the message names the appointment only."""


@dataclass(frozen=True)
class Pickup:
    """A patient in recovery and the driver to ring."""

    appointment_id: int
    patient_id: int
    patient_name: str
    chair_name: str
    driver: str  # "Maria Lopez (sister), (828) 555-0150", or NOT_ON_FILE
    ready_at: dt.datetime  # clinic-local: the end of recovery, from its recorded start
    call_from: dt.datetime  # the call is due from then
    state: str  # rules.pickup: not_yet | to_call | try_again | settled
    calls: tuple[PickupCall, ...]

    @property
    def owed(self) -> bool:
        return owed(self.state)

    @property
    def no_driver(self) -> bool:
        return self.driver == NOT_ON_FILE

    @property
    def last_call(self) -> str:
        """"Driver told 14:05 (desk)", or "" before any call."""
        return self.calls[-1].words if self.calls else ""


def pickups(actor: Actor, now: dt.datetime | None = None) -> list[Pickup]:
    """Today's patients in recovery, the soonest ready first."""
    require(actor, "schedule.view")
    recovering, now = _recovering_today(now)
    return sorted(_pickups(recovering, now), key=lambda p: (p.ready_at, p.patient_name))


def owed_count(actor: Actor, now: dt.datetime | None = None) -> int:
    """How many drivers the desk should ring now (for the status bar)."""
    require(actor, "schedule.view")
    recovering, now = _recovering_today(now)
    return sum(p.owed for p in _pickups(recovering, now, with_drivers=False))  # no driver details: a count


def _recovering_today(now: dt.datetime | None) -> tuple[list[Booking], dt.datetime]:
    profile = clinic_repo.load_profile()
    now = now or now_local(profile.tz)
    start_utc, end_utc = day_bounds_utc(now.date(), profile.tz)
    return [a for a in appointments_repo.between(start_utc, end_utc, profile.tz) if _recovering(a, now)], now


def _recovering(a: Booking, now: dt.datetime) -> bool:
    """In recovery today (a patient left "in recovery" on a day gone has nobody to fetch now)."""
    return a.flow == "recovery" and a.outcome is None and a.start.date() == now.date()


def states_for(appointments: list[Booking], now: dt.datetime,
               stamps: dict[int, list[FlowStamp]]) -> dict[int, str]:
    """Where each given appointment in recovery stands (the board's pill), from the flow steps the board
    read already: one query more, the calls."""
    return {p.appointment_id: p.state for p in _pickups([a for a in appointments if _recovering(a, now)], now,
                                                        with_drivers=False, stamps=stamps)}


def _pickups(recovering: list[Booking], now: dt.datetime, *, with_drivers: bool = True,
             stamps: dict[int, list[FlowStamp]] | None = None) -> list[Pickup]:
    if not recovering:
        return []
    tz = clinic_repo.load_profile().tz
    ids = [a.id for a in recovering]
    stamps = stamps if stamps is not None else board_repo.flow_stamps(ids, tz)
    calls = pickup_repo.calls_for(ids, tz)
    details = patients_repo.details_of([a.patient_id for a in recovering]) if with_drivers else {}
    found = []
    for a in recovering:
        started = next((s.at for s in reversed(stamps.get(a.id, [])) if s.step == "recovery"), None)
        ready = recovery_due(a, started)
        own = calls.get(a.id, [])
        driver = contact_card(details[a.patient_id]).driver if a.patient_id in details else ""
        found.append(Pickup(a.id, a.patient_id, a.patient_name, a.chair_name or "", driver, ready,
                            ready - CALL_AHEAD, standing(own, ready, now), tuple(own)))
    return found


def record_call(actor: Actor, appointment_id: int, outcome: str, note: str = "") -> str:
    """Record one call to the driver of a patient in the chair or in recovery; returns the words the
    desk sees for it ("Driver told 14:05 (desk)"). Refused, nothing written, for a patient not under
    treatment (discharged at another desk meanwhile, say) or an unknown outcome."""
    require(actor, "schedule.book")
    profile = clinic_repo.load_profile()
    with database_proxy.atomic():
        booking = appointments_repo.get(appointment_id, profile.tz)
        if booking is None:
            raise PickupError(f"appointment {appointment_id}: no such appointment")
        try:
            cleaned = check_call(outcome, note, flow=booking.flow, ended=booking.outcome)
        except PickupCallRefusedError as exc:
            raise PickupError(f"appointment {appointment_id}: {exc}; nothing was recorded") from None
        ready = _ready_now(booking, profile.tz) if outcome == TOLD else None
        pickup_repo.add_call(appointment_id, actor.username, outcome, cleaned,
                             ready_utc=local_to_utc(ready, profile.tz) if ready else None)
        audit.record(actor, "appointment.driver_call", entity="appointment", entity_id=appointment_id,
                     patient_id=booking.patient_id, detail=f"driver: {outcome}")
    return PickupCall(now_local(profile.tz), actor.username, outcome, cleaned, ready).words


def _ready_now(booking: Booking, tz: ZoneInfo) -> dt.datetime:
    """When the patient is to be ready, as the desk tells the driver now: from the recorded start of
    recovery, or the plan while the infusion runs."""
    stamps = board_repo.flow_stamps([booking.id], tz).get(booking.id, [])
    started = next((s.at for s in reversed(stamps) if s.step == "recovery"), None)
    return recovery_due(booking, started)
