"""Demo intakes, questionnaires, consents and flags for part of the demo patients.

Deterministic: the random stream is seeded from the demo's own patients (themselves made from the
demo seed), so the same seed on the same day gives the same intake data. All of it is fictitious.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any

from frontdesk.data import clinic_repo, intake_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules import intake as rules
from frontdesk.rules.clock import now_local, utc_to_local
from frontdesk.rules.questionnaires import URGENT_SELF_HARM, score
from frontdesk.rules.readiness import REQUIRED_CONSENTS
from frontdesk.rules.units import lb_to_kg

_MEDICATIONS = [
    ("Sertraline", "100 mg", "daily", None), ("Bupropion", "150 mg", "twice daily", None),
    ("Lorazepam", "0.5 mg", "as needed", "benzodiazepine"), ("Lamotrigine", "100 mg", "daily", "lamotrigine"),
    ("Methylphenidate", "10 mg", "mornings", "stimulant"), ("Tramadol", "50 mg", "as needed", "opioid"),
    ("Zolpidem", "5 mg", "at bedtime", "sleep"), ("Lisinopril", "10 mg", "daily", None),
]
_ENTERED_BY = ("desk", "nurse")
# A clinic reviews flags before treatment: in the demo, those raised longer ago than this are reviewed
# (by the demo nurse, the next day), so the open ones are the recent intakes' and questionnaires'.
REVIEWED_AFTER_DAYS = 30


def add_demo_intake(report: Any) -> None:
    """Called from services.demo._after_demo_hooks; counts what it added in report.extra."""
    patient_ids = intake_repo.all_patient_ids()
    if not patient_ids:
        return
    labels = intake_repo.patient_labels(patient_ids[:5])
    seed_text = "|".join(f"{a}{b}{d}" for a, b, _, d in labels.values()) + str(len(patient_ids))
    rng = random.Random(zlib.crc32(seed_text.encode("utf-8")))
    tz = clinic_repo.load_profile().tz
    today = now_local(tz).date()
    sessions = intake_repo.chair_sessions_by_patient()
    people = intake_repo.contact_people()  # the intake names the record's driver, as the desk's form does
    counts = {"intakes": 0, "questionnaires": 0, "flags": 0}
    with database_proxy.atomic():
        intake_repo.save_settings({"consent_versions": {"privacy": "2"}, "weight_recent_days": 30})
        for pid in patient_ids:
            if rng.random() < 0.75:
                _demo_patient(rng, pid, today, sessions.get(pid, []), counts, people.get(pid, {}))
            elif _had_esketamine(sessions.get(pid, []), today, tz):  # enrolled before a first session: on file
                own = random.Random(f"{seed_text}|{pid}")  # its own draws: the other patients' stay as they were
                _demo_patient(own, pid, today, sessions.get(pid, []), counts, people.get(pid, {}))
    if hasattr(report, "extra"):
        report.extra.update(counts)


def _demo_patient(rng: random.Random, pid: int, today: dt.date, sessions: list[tuple[dt.datetime, str]],
                  counts: dict[str, int], people: dict[str, dict[str, str]]) -> None:
    tz = clinic_repo.load_profile().tz
    kinds = [kind for _, kind in sessions]
    if sessions:  # the intake a few days or weeks before the first session
        first_day = utc_to_local(sessions[0][0], tz).date()
        intake_day = min(today, first_day) - dt.timedelta(days=rng.randint(3, 20))
    else:  # nothing booked in the demo's days: seen at some time in the clinic's last year
        intake_day = today - dt.timedelta(days=rng.randint(3, 365))
    data = _fake_intake(rng, "chronic_pain" if "iv_pain" in kinds else "depression", intake_day)
    data.update(people)
    user = rng.choice(_ENTERED_BY)
    if rng.random() < 0.15:
        draft = {key: data[key] for key in ("reason", "medications")}
        intake_repo.add_intake(pid, "draft", rules.normalise(draft), user)
    status = "complete" if rules.is_complete(data) else "draft"
    version = intake_repo.add_intake(pid, status, data, user)
    counts["intakes"] += 1
    for raised in rules.flags_for(data):
        _flag(pid, raised.kind, raised.detail, f"intake:{version.id}", intake_day, today)
        counts["flags"] += 1
    _demo_consents(rng, pid, intake_day, rems_enrolled=_had_esketamine(sessions, today, tz))
    _demo_questionnaires(rng, pid, today, intake_day, sessions, tz, counts)


def _had_esketamine(sessions: list[tuple[dt.datetime, str]], today: dt.date, tz: Any) -> bool:
    """Whether the patient had an esketamine session before today (so REMS enrolment is on file)."""
    return any(kind == "esketamine" and utc_to_local(start, tz).date() < today for start, kind in sessions)


def _fake_intake(rng: random.Random, reason: str, measured: dt.date) -> dict[str, Any]:
    data = rules.empty_data()
    data["reason"] = {"kind": reason if rng.random() < 0.8 else rng.choice(list(rules.REASONS)),
                      "pain_type": "Neuropathic" if reason == "chronic_pain" else "", "notes": ""}
    meds = rng.sample(_MEDICATIONS, rng.choice([0, 1, 1, 2, 3]))
    data["medications"] = {"none": not meds, "list": [{"name": n, "dose": d, "frequency": f} for n, d, f, _ in meds],
                           "classes": sorted({c for *_, c in meds if c})}
    allergies = ["Penicillin"] if rng.random() < 0.15 else []
    data["allergies"] = {"none": not allergies, "list": allergies,
                         "ketamine": "unsure" if rng.random() < 0.03 else "no"}
    data["screening"] = {code: _screening_answer(rng) for code in rules.SCREENING}
    if rng.random() < 0.1:
        data["screening"].pop(rng.choice(list(rules.SCREENING)))  # left blank: the intake stays a draft
    pounds = rng.randint(110, 260)
    inches = rng.randint(60, 76)
    data["measurements"] = {"height_cm": float(inches * 2.54), "weight_kg": float(lb_to_kg(pounds)),
                            "measured_on": measured.isoformat()}
    data["driver"] = {"name": "Demo Driver", "relationship": "friend", "phone": "+18285550150"}
    data["emergency"] = {"name": "Demo Contact", "relationship": "sibling", "phone": "+18285550151"}
    return data


def _screening_answer(rng: random.Random) -> str:
    roll = rng.random()
    return "yes" if roll < 0.01 else "unsure" if roll < 0.025 else "no"


def _demo_consents(rng: random.Random, pid: int, signed: dt.date, *, rems_enrolled: bool) -> None:
    """The consents on file; `rems_enrolled`: the patient had esketamine already, so their REMS
    enrolment is on file whatever else is missing (it comes before a first session: the demo must not
    show REMS forms sent for a patient listed as not enrolled)."""
    if rng.random() < 0.1:
        if rems_enrolled:
            intake_repo.add_consent(pid, "rems", "1", "Patient (typed)", signed, "typed", "desk")
        return
    for form in REQUIRED_CONSENTS:
        version = "1" if form == "privacy" and rng.random() < 0.2 else ("2" if form == "privacy" else "1")
        intake_repo.add_consent(pid, form, version, "Patient (typed)", signed, "typed", "desk")
    if rng.random() < 0.8 or rems_enrolled:
        intake_repo.add_consent(pid, "rems", "1", "Patient (typed)", signed, "typed", "desk")


def _demo_questionnaires(rng: random.Random, pid: int, today: dt.date, intake_day: dt.date,
                         sessions: list[tuple[dt.datetime, str]], tz: Any, counts: dict[str, int]) -> None:
    days = sorted({intake_day, *(utc_to_local(s, tz).date() for s, _ in sessions)})
    days = [d for d in days if d <= today]
    pain = any(kind == "iv_pain" for _, kind in sessions)
    level = rng.randint(12, 24)
    urgent_at = rng.randrange(len(days)) if days and rng.random() < 0.03 else -1
    for index, day in enumerate(days):
        level = max(2, level - rng.randint(0, 4))
        _store(pid, "phq9", _phq9(rng, level, index == urgent_at), day, counts, today)
        if index % 2 == 0:
            _store(pid, "gad7", _spread(rng, max(0, level - 4), 7), day, counts, today)
        if pain:
            _store(pid, "nrs", [max(1, min(10, level // 3 + rng.randint(0, 2)))], day, counts, today)


def _phq9(rng: random.Random, level: int, urgent: bool) -> list[int | None]:
    answers: list[int | None] = [*_spread(rng, min(level, 24), 8), 1 if urgent else 0, rng.randint(0, 2)]
    if rng.random() < 0.04:
        answers[rng.randrange(8)] = None  # an item left blank on paper: incomplete
    return answers


def _spread(rng: random.Random, total: int, items: int) -> list[int | None]:
    answers = [0] * items
    for _ in range(min(total, 3 * items)):
        open_items = [i for i, a in enumerate(answers) if a < 3]
        answers[rng.choice(open_items)] += 1
    return list(answers)


def _store(pid: int, instrument: str, answers: list[int | None], day: dt.date, counts: dict[str, int],
           today: dt.date) -> None:
    result = score(instrument, answers)
    record = intake_repo.add_questionnaire(pid, instrument, day, result.answers, result.total, result.band, "desk")
    counts["questionnaires"] += 1
    if URGENT_SELF_HARM in result.flags:
        detail = f"PHQ-9 item 9 answered {result.answers[8]} on {day:%m/%d/%Y}"
        _flag(pid, URGENT_SELF_HARM, detail, f"questionnaire:{record.id}", day, today)
        counts["flags"] += 1


def _flag(pid: int, kind: str, detail: str, source: str, raised_on: dt.date, today: dt.date) -> None:
    raised = dt.datetime.combine(raised_on, dt.time(15))  # stored as UTC: mid-morning at the clinic
    flag = intake_repo.add_flag(pid, kind, detail, source, raised_utc=raised)
    if raised_on < today - dt.timedelta(days=REVIEWED_AFTER_DAYS):
        intake_repo.mark_reviewed(flag.id, "nurse", raised + dt.timedelta(days=1))
