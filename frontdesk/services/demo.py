"""A believable fictitious clinic around today, for trying the app, tests and benchmarks.

Everything is made up: names from many backgrounds, phones in the 555-0100…0199 range, addresses
on invented streets. The same seed on the same day gives the same clinic.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from frontdesk import values
from frontdesk.data import bulk_repo, clinic_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules import demo_names as names
from frontdesk.rules.clock import local_to_utc, now_local
from frontdesk.rules.text import search_key
from frontdesk.settings import ClinicProfile

# Bump when the demo's data changes (not only its tables): the benchmark's cached clinics are rebuilt.
# 2: flags raised more than a month before today are reviewed, as a clinic would have done.
# 3: patients with nothing booked in the demo's days had their intake at some time in the last year.
# 4: an intake names the patient record's driver and emergency contact (the form reads them from it).
# 5: the desk has begun confirming the next open day's bookings (confirmation calls).
DEMO_DATA_VERSION = 6


@dataclass
class DemoReport:
    patients: int = 0
    appointments: int = 0
    series: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def build_demo(*, patients: int = 200, days: int = 21, seed: int = 1,
               today: dt.date | None = None) -> DemoReport:
    """Fill an empty clinic database with patients and appointments `days` either side of today."""
    if patients < 1 or days < 0:
        raise ValueError("patients must be at least 1 and days not negative")
    rng = random.Random(seed)
    profile = clinic_repo.load_profile()
    today = today or now_local(profile.tz).date()
    chairs = clinic_repo.chairs(include_out_of_service=False)
    types = {t.code: t for t in clinic_repo.appointment_types()}
    with database_proxy.atomic():
        patient_ids = _write_patients(rng, patients)
        planner = _Planner(rng, profile, chairs, types, today, days)
        report = planner.plan(patient_ids)
        report.patients = len(patient_ids)
        _write_appointments(planner)
    _after_demo_hooks(report, seed, today)
    return report


def _after_demo_hooks(report: DemoReport, seed: int, today: dt.date | None) -> None:
    """Other parts of the demo (users, intake, questionnaires) add their data here."""
    from frontdesk.services.accounts import add_demo_users

    add_demo_users()
    from frontdesk.services.booking import add_demo_waitlist
    from frontdesk.services.intake_demo import add_demo_intake

    add_demo_waitlist(report)
    add_demo_intake(report)
    from frontdesk.services.rems import add_demo_forms

    report.extra["REMS forms sent"] = add_demo_forms()
    from frontdesk.services.confirmations import add_demo_attempts

    report.extra["confirmation calls made"] = add_demo_attempts(seed, today)


# --- patients ---------------------------------------------------------------------------------


def _write_patients(rng: random.Random, count: int) -> list[int]:
    rows, phone_specs = [], []
    for number in range(1, count + 1):
        row, phones = _fake_patient(rng, number)
        rows.append(row)
        phone_specs.append(phones)
    ids = bulk_repo.insert_rows(bulk_repo.model_by_name("Patient"), rows)
    phone_rows = [dict(spec, patient=pid) for pid, specs in zip(ids, phone_specs, strict=True) for spec in specs]
    bulk_repo.insert_rows_no_ids(bulk_repo.model_by_name("PatientPhone"), phone_rows)
    return ids


def _fake_phone(rng: random.Random) -> tuple[str, str]:
    area = rng.choice(names.AREA_CODES)
    line = f"555{rng.randint(100, 199):04d}"
    return f"+1{area}{line}", f"{area}{line}"


def _fake_patient(rng: random.Random, number: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    language = "es" if rng.random() < 0.12 else "en"
    first = rng.choice(names.FIRST_NAMES[language])
    last = rng.choice(names.LAST_NAMES[language if rng.random() < 0.85 else "en"])
    preferred = names.NICKNAMES.get(first, "") if rng.random() < 0.5 else ""
    dob = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
    city, postal = rng.choice(names.CITIES)
    e164, _ = _fake_phone(rng)
    ok_text = rng.random() < 0.7
    row = dict(
        chart_number=f"C{number:06d}", legal_first=first, legal_last=last, preferred_name=preferred,
        search_name=search_key(first, last, preferred), date_of_birth=dob,
        sex=rng.choice(["female", "male", "female", "male", "intersex", ""]),
        pronouns=rng.choice(["she/her", "he/him", "they/them", ""]), language=language,
        interpreter_needed=language == "es" and rng.random() < 0.4,
        email=f"{_ascii(first)}.{_ascii(last)}{number}@example.org",
        address_line1=f"{rng.randint(10, 999)} {rng.choice(names.STREETS)}", city=city, state="NC",
        postal_code=postal, preferred_contact=rng.choice(["phone", "text", "email"]) if ok_text else "phone",
        ok_voicemail=rng.random() < 0.8, ok_text=ok_text,
        emergency_name=f"{rng.choice(names.FIRST_NAMES['en'])} {last}",
        emergency_relationship=rng.choice(names.RELATIONSHIPS), emergency_phone=_fake_phone(rng)[0],
        driver_name=f"{rng.choice(names.FIRST_NAMES[language])} {rng.choice(names.LAST_NAMES[language])}",
        driver_relationship=rng.choice(names.RELATIONSHIPS), driver_phone=_fake_phone(rng)[0],
    )
    phones = [dict(number_e164=e164, digits=e164[2:], kind="mobile", is_primary=True)]
    if rng.random() < 0.3:
        other, digits = _fake_phone(rng)
        phones.append(dict(number_e164=other, digits=digits, kind=rng.choice(["home", "work"]),
                           is_primary=False))
    return row, phones


def _ascii(text: str) -> str:
    from frontdesk.rules.text import fold

    return "".join(ch for ch in fold(text) if ch.isalnum())


# --- appointments -----------------------------------------------------------------------------


class _Planner:
    """Places series and single sessions into chairs day by day, never overlapping."""

    def __init__(self, rng: random.Random, profile: ClinicProfile, chairs: list[values.Chair],
                 types: dict[str, values.AppointmentType], today: dt.date, days: int) -> None:
        self.rng, self.profile, self.chairs, self.types = rng, profile, chairs, types
        self.today = today
        self.now = now_local(profile.tz).replace(tzinfo=None)
        first, last = today - dt.timedelta(days=days), today + dt.timedelta(days=days)
        self.days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)
                     if profile.opening(first + dt.timedelta(days=i))]
        # next free wall-clock time of each chair on each day
        self.free: dict[tuple[dt.date, int], dt.datetime] = {}
        self.series_rows: list[dict[str, Any]] = []
        self.appointments: list[dict[str, Any]] = []  # series key or None in "_series"
        self.busy: dict[tuple[int, dt.date], list[tuple[dt.datetime, dt.datetime]]] = {}
        self.chair_days: set[tuple[int, dt.date]] = set()  # a patient has at most one chair session a day

    def plan(self, patient_ids: list[int]) -> DemoReport:
        report = DemoReport()
        pool = patient_ids[:]
        self.rng.shuffle(pool)
        series_patients = pool[: max(1, len(pool) * 2 // 3)]
        for index, patient in enumerate(self._cycle(series_patients, self._series_wanted())):
            self._plan_series(patient, index)
        for day in self.days:
            self._fill_day(day, patient_ids)
            self._plan_consults(day, pool[len(series_patients):] or pool)
        report.series = len(self.series_rows)
        report.appointments = len(self.appointments)
        return report

    def _series_wanted(self) -> int:
        return max(1, len(self.days) * len(self.chairs) // 12)

    def _cycle(self, items: list[int], count: int) -> list[int]:
        return [items[i % len(items)] for i in range(count)]

    def _plan_series(self, patient: int, index: int) -> None:
        kind = self.rng.choices(["iv_mood", "iv_pain_2h", "esketamine"], weights=[6, 2, 2])[0]
        appointment_type = self.types.get(kind)
        if appointment_type is None or not self.days:
            return
        count = appointment_type.series_default_count
        gap = {"iv_mood": (2, 3), "iv_pain_2h": (1, 1), "esketamine": (3, 4)}[kind]
        day = self.rng.choice(self.days)
        placed: list[tuple[dt.date, dt.datetime, int]] = []
        while len(placed) < count and day <= self.days[-1]:
            spot = self._find_spot(day, appointment_type, patient)
            if spot:
                placed.append((day, *spot))
                day += dt.timedelta(days=self.rng.randint(*gap))
            else:
                day += dt.timedelta(days=1)
        if not placed:
            return
        key = len(self.series_rows)
        self.series_rows.append(dict(patient=patient, type=appointment_type.id, planned_count=count))
        for position, (_, start, chair) in enumerate(placed, start=1):
            self._add(patient, appointment_type, chair, start, series=(key, position))

    def _fill_day(self, day: dt.date, patient_ids: list[int]) -> None:
        """Top up the day with single sessions (boosters) so the chairs look like a real clinic."""
        boosters = [t for t in (self.types.get("iv_mood"), self.types.get("esketamine")) if t]
        for _ in range(len(self.chairs) * 4):
            if self.rng.random() < 0.15 or not boosters:
                continue
            kind = self.rng.choice(boosters)
            patient = self.rng.choice(patient_ids)
            spot = self._find_spot(day, kind, patient)
            if spot:
                self._add(patient, kind, spot[1], spot[0])

    def _plan_consults(self, day: dt.date, candidates: list[int]) -> None:
        consult = self.types.get("consult")
        if consult is None:
            return
        for hour in self.rng.sample([9, 10, 11, 13, 14, 15], 2):
            start = dt.datetime.combine(day, dt.time(hour, self.rng.choice([0, 30])))
            patient = self.rng.choice(candidates)
            if self._patient_free(patient, start, start + dt.timedelta(minutes=consult.chair_minutes)):
                self._add(patient, consult, None, start)

    def _find_spot(self, day: dt.date, kind: values.AppointmentType,
                   patient: int) -> tuple[dt.datetime, int] | None:
        opening = self.profile.opening(day)
        if opening is None or (patient, day) in self.chair_days:
            return None
        closes = dt.datetime.combine(day, opening[1])
        length = dt.timedelta(minutes=kind.chair_minutes)
        order = sorted(self.chairs, key=lambda c: self._free_at(day, c.id, opening[0]))
        for chair in order:
            start = self._free_at(day, chair.id, opening[0])
            if start + length <= closes and self._patient_free(patient, start, start + length):
                gap = self.rng.choice([0, 0, 0, 15, 15, 30, 45])
                self.free[(day, chair.id)] = start + length + dt.timedelta(minutes=gap)
                return start, chair.id
        return None

    def _free_at(self, day: dt.date, chair_id: int, opens: dt.time) -> dt.datetime:
        key = (day, chair_id)
        if key not in self.free:
            first = dt.datetime.combine(day, opens) + dt.timedelta(minutes=15 * self.rng.randint(0, 3))
            self.free[key] = first
        return self.free[key]

    def _patient_free(self, patient: int, start: dt.datetime, end: dt.datetime) -> bool:
        spans = self.busy.get((patient, start.date()), [])
        return all(end <= s or e <= start for s, e in spans)

    def _add(self, patient: int, kind: values.AppointmentType, chair: int | None, start: dt.datetime,
             series: tuple[int, int] | None = None) -> None:
        end = start + dt.timedelta(minutes=kind.chair_minutes)
        self.busy.setdefault((patient, start.date()), []).append((start, end))
        if chair is not None:
            self.chair_days.add((patient, start.date()))
        flow, outcome, cancelled_by = self._progress(start, end, kind)
        self.appointments.append(dict(
            patient=patient, type=kind.id, chair=chair,
            start_utc=local_to_utc(start, self.profile.tz), end_utc=local_to_utc(end, self.profile.tz),
            flow=flow, outcome=outcome, cancelled_by=cancelled_by,
            cancel_reason="Demo: rescheduled" if outcome == "cancelled" else "",
            created_by="demo", _series=series,
        ))

    def _progress(self, start: dt.datetime, end: dt.datetime,
                  kind: values.AppointmentType) -> tuple[str, str | None, str | None]:
        """Where a demo appointment stands now: past ones mostly completed, some cancelled."""
        if start.date() < self.today or end <= self.now:
            roll = self.rng.random()
            if roll < 0.04:
                return "booked", "cancelled", self.rng.choice(["patient", "clinic"])
            if roll < 0.07:
                return "booked", "no_show", None
            return "discharged", "completed", None
        if start > self.now:
            return "booked", None, None
        elapsed = (self.now - start).total_seconds() / 60
        if elapsed < kind.prep_minutes:
            return "arrived", None, None
        if elapsed < kind.prep_minutes + kind.treatment_minutes:
            return "in_chair", None, None
        return "recovery", None, None


def _write_appointments(planner: _Planner) -> None:
    series_ids = bulk_repo.insert_rows(bulk_repo.model_by_name("Series"), planner.series_rows)
    rows = []
    for spec in planner.appointments:
        key = spec.pop("_series")
        if key is not None:
            spec["series"], spec["series_index"] = series_ids[key[0]], key[1]
        rows.append(spec)
    # One column set for every row: insert_many needs the same keys throughout.
    for row in rows:
        row.setdefault("series", None)
        row.setdefault("series_index", None)
    bulk_repo.insert_rows_no_ids(bulk_repo.model_by_name("Appointment"), rows)
