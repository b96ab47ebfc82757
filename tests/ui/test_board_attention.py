"""Flags and readiness gaps as the board's blocks show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from frontdesk.ui.schedule.delegate import badge_specs
from frontdesk.values import Appointment, AppointmentType

IV = AppointmentType(id=1, code="iv_mood", name="IV ketamine, mood", kind="iv_mood", prep_minutes=15,
                     treatment_minutes=40, recovery_minutes=30, turnover_minutes=15, needs_chair=True)
START = dt.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("America/New_York"))
PLAIN = Appointment(id=1, patient_id=1, patient_name="Ana Núñez", type=IV, chair_id=1, chair_name="Chair 1",
                    start=START, end=START + dt.timedelta(minutes=100))


def labels(appointment: Appointment, status: str = "booked") -> list[str]:
    return [label for label, _, _ in badge_specs(appointment, status) if label]


def test_a_block_without_flags_or_gaps_shows_only_its_status() -> None:
    assert labels(PLAIN, "arrived") == ["Arrived"]


def test_an_urgent_flag_and_missing_items_get_their_own_pills() -> None:
    flagged = replace(PLAIN, flags=("Urgent: self-harm answer",), urgent_flag=True,
                      readiness=("intake incomplete", "no driver"))
    assert labels(flagged) == ["⚑ Urgent", "Missing 2"]


def test_a_finished_appointment_no_longer_nags_about_readiness() -> None:
    done = replace(PLAIN, flags=("Clinician review before treatment",), readiness=("no driver",))
    assert labels(done, "completed") == ["Completed", "⚑ Flag"]


def test_a_patient_who_needs_an_interpreter_gets_a_pill_until_the_visit_is_over() -> None:
    spanish = replace(PLAIN, interpreter="Spanish", readiness=("no driver",))
    assert labels(spanish) == ["Missing 1", "Interpreter"]
    assert labels(spanish, "discharged") == ["Discharged"]


def test_a_confirmed_booking_says_so_until_the_patient_is_here_or_late() -> None:
    confirmed = replace(PLAIN, confirmed=True, flags=("Clinician review before treatment",))
    assert labels(confirmed) == ["✓ Confirmed", "⚑ Flag"]
    assert labels(confirmed, "late") == ["Late", "⚑ Flag"]  # expected, and not here: the late pill says more
    assert labels(confirmed, "arrived") == ["Arrived", "⚑ Flag"]


def test_pills_that_do_not_fit_beside_each_other_go_on_the_next_line() -> None:
    from frontdesk.ui.schedule.delegate import PILL_GAP, place_pills

    assert place_pills([60, 50], 200) == [(0, 0), (0, 60 + PILL_GAP)]
    assert place_pills([60, 70, 80], 146) == [(0, 0), (0, 60 + PILL_GAP), (1, 0)]
    # wider than a line: it has no place, and the pills after it keep theirs
    assert place_pills([60, 300, 40], 146) == [(0, 0), None, (0, 60 + PILL_GAP)]
    assert place_pills([], 100) == []
