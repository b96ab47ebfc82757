"""The day's chair board as the window shows it: plain values, computed once per read.

Apart from the services that read it so that the board's window can import (and a start-up helper
process can hand it) a day without loading the data layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from frontdesk import values
from frontdesk.rules import board_state
from frontdesk.rules.chair_time import chair_time
from frontdesk.values import BlockedTime, FlowStamp

FLOW_LABELS = {"booked": "Booked", "arrived": "Arrived", "in_chair": "In chair",
               "recovery": "Recovery", "discharged": "Discharged"}
STATUS_LABELS = {**FLOW_LABELS, "completed": "Completed", "cancelled": "Cancelled", "no_show": "No-show",
                 board_state.LATE: "Late", board_state.OVERDUE: "Recovery overdue",
                 board_state.COLLIDES: "Collides", board_state.CHAIR_BUSY: "Chair not free yet"}


@dataclass(frozen=True)
class DayBoard:
    """Everything the board shows for one day, computed once."""

    day: dt.date
    chairs: list[values.Chair]
    slots: list[dt.datetime]  # aware local start of each row
    slot_minutes: int
    appointments: list[values.Appointment]  # chair and office appointments, in start order
    is_open: bool
    hours: tuple[dt.time, dt.time] | None = None  # opening hours, None when closed
    now: dt.datetime | None = None  # when the board was read (clinic-local)
    alerts: dict[int, str] = field(default_factory=dict)  # appointment id -> late | overdue | collides
    warnings: dict[int, str] = field(default_factory=dict)  # appointment id -> why it is flagged, in words
    stamps: dict[int, list[FlowStamp]] = field(default_factory=dict)  # appointment id -> flow steps
    blocks: list[BlockedTime] = field(default_factory=list)
    arrival_lead_minutes: int = 15  # patients are asked to arrive this long before the start

    def in_chair(self, chair_id: int) -> list[values.Appointment]:
        return [a for a in self.appointments if a.chair_id == chair_id]

    @property
    def office(self) -> list[values.Appointment]:
        """Appointments that need no chair (consultations)."""
        return [a for a in self.appointments if a.chair_id is None]

    def prescriber_away_rows(self) -> dict[int, str]:
        """The rows a prescriber's absence covers (it holds no chair, so only the times are marked):
        row -> "Prescriber away 13:00–17:00"."""
        rows: dict[int, str] = {}
        for block in (b for b in self.blocks if not b.holds_chairs):
            words = f"Prescriber away {span_on(block.start, block.end, self.day)}: no esketamine then"
            step = dt.timedelta(minutes=self.slot_minutes)
            for row, slot in enumerate(self.slots):
                if block.start < slot + step and slot < block.end:
                    rows.setdefault(row, words)
        return rows

    def find(self, appointment_id: int) -> values.Appointment | None:
        return next((a for a in self.appointments if a.id == appointment_id), None)

    def next_to_come(self) -> values.Appointment | None:
        """On today's board, the first booking still to start (not arrived, not ended) from `now` on."""
        if self.now is None or self.now.date() != self.day:
            return None
        return next((a for a in self.appointments
                     if a.flow == "booked" and a.outcome is None and a.start >= self.now), None)

    def status_label(self, appointment: values.Appointment) -> str:
        """The status as the desk reads it: "Late", "Recovery overdue", "In chair", "Completed"…"""
        key = self.alerts.get(appointment.id) or appointment.status
        return STATUS_LABELS.get(key, key.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Phase:
    """One part of an appointment's chair time (prep, treatment, recovery, turnover)."""

    name: str
    start: dt.datetime
    end: dt.datetime


def span_on(start: dt.datetime, end: dt.datetime, day: dt.date) -> str:
    """A span as it falls on `day`: "13:00–17:00", "until 12:00", "from 14:00" or "all day"."""
    starts_before, ends_after = start.date() < day, end.date() > day
    if starts_before and ends_after:
        return "all day"
    if starts_before:
        return f"until {end:%H:%M}"
    if ends_after:
        return f"from {start:%H:%M}"
    return f"{start:%H:%M}–{end:%H:%M}"


def phases(appointment: values.Appointment) -> list[Phase]:
    """The parts of an appointment's chair time that last at least a minute."""
    t = chair_time(appointment.type, appointment.start)
    parts = [Phase("Prep", t.start, t.treatment_start), Phase("Treatment", t.treatment_start, t.recovery_start),
             Phase("Recovery", t.recovery_start, t.recovery_end), Phase("Turnover", t.recovery_end, t.end)]
    return [p for p in parts if p.end > p.start]
