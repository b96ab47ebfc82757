"""One workstation in the booking race: `python -m tests.services.booking_race TARGET SEED ATTEMPTS START_AT`.

Books random overlapping chair times as fast as it can from START_AT (a time.time() value, so all
workstations start together) and prints one JSON line: how many were booked, refused as a chair
conflict, or failed any other way (with the message).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time

CHAIRS = ("Chair 1", "Chair 2")
DAYS = (dt.date(2030, 3, 4), dt.date(2030, 3, 5))
# The raw guard's words (SQLite trigger, PostgreSQL constraint), or the service's: "Chair 2 is taken …".
CONFLICT_WORDS = ("chair overlap", "appointment_no_chair_overlap", "taken", "busy", "booked", "Chair")


def _names_conflict(message: str) -> bool:
    return any(word in message for word in CONFLICT_WORDS)


def book_once(rng: random.Random, patient_id: int) -> None:
    """Book through the booking service when it exists, else check-then-insert as a service would."""
    chair = rng.choice(CHAIRS)
    start = dt.datetime.combine(rng.choice(DAYS), dt.time(9)) + dt.timedelta(minutes=15 * rng.randint(0, 16))
    try:
        from frontdesk.services.booking import book
    except ImportError:
        _insert_checked(chair, start, patient_id)
        return
    from frontdesk.values import SYSTEM_ACTOR

    book(patient_id, "iv_mood", chair, start, SYSTEM_ACTOR, override=True)  # override: soft limits only


def _insert_checked(chair_name: str, start: dt.datetime, patient_id: int) -> None:
    """Check, then insert, in one transaction; the database guard has the last word."""
    from frontdesk.data import models as m
    from frontdesk.data.database import database_proxy

    chair = m.Chair.get(m.Chair.name == chair_name)
    end = start + dt.timedelta(minutes=90)
    kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
    with database_proxy.atomic():
        m.Appointment.select().where(
            (m.Appointment.chair == chair) & (m.Appointment.start_utc < end) & (m.Appointment.end_utc > start)
        ).exists()
        m.Appointment.create(patient=patient_id, type=kind, chair=chair, start_utc=start, end_utc=end)


def main(target: str, seed: int, attempts: int, start_at: float) -> dict[str, object]:
    from frontdesk.data import models as m
    from frontdesk.data.database import open_database

    open_database(target)
    rng = random.Random(seed)
    patient = m.Patient.create(chart_number=f"RACE{seed}", legal_first="Race", legal_last=str(seed))
    booked, refused, failures = 0, 0, []
    time.sleep(max(0.0, start_at - time.time()))
    for _ in range(attempts):
        try:
            book_once(rng, patient.id)
            booked += 1
        except Exception as exc:  # the guard's IntegrityError, or the service's BookingConflict
            if type(exc).__name__ in ("BookingConflict", "IntegrityError") and _names_conflict(str(exc)):
                refused += 1
            else:
                failures.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    return {"booked": booked, "refused": refused, "failures": failures}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))))
