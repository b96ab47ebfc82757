"""Default chairs and appointment types of a new clinic (DOMAIN.md; every number is configurable)."""

from __future__ import annotations

from typing import Any

DEFAULT_CHAIR_NAMES = ("Chair 1", "Chair 2", "Chair 3", "Chair 4", "Chair 5", "Chair 6")

DEFAULT_APPOINTMENT_TYPES: list[dict[str, Any]] = [
    dict(code="consult", name="New-patient consultation", kind="consult", prep_minutes=0,
         treatment_minutes=30, recovery_minutes=0, turnover_minutes=0, needs_chair=False,
         colour="#8e8e8e", series_default_count=1, series_min_days=1),
    dict(code="iv_mood", name="IV ketamine, mood", kind="iv_mood", prep_minutes=15,
         treatment_minutes=40, recovery_minutes=30, turnover_minutes=15, needs_chair=True,
         colour="#4f81bd", food_cutoff_minutes=360, liquid_cutoff_minutes=120,
         series_default_count=6, series_min_days=2),
    dict(code="iv_pain_2h", name="IV ketamine, pain 2 h", kind="iv_pain", prep_minutes=15,
         treatment_minutes=120, recovery_minutes=60, turnover_minutes=15, needs_chair=True,
         colour="#9b59b6", food_cutoff_minutes=360, liquid_cutoff_minutes=120,
         series_default_count=5, series_min_days=1),
    dict(code="iv_pain_4h", name="IV ketamine, pain 4 h", kind="iv_pain", prep_minutes=15,
         treatment_minutes=240, recovery_minutes=60, turnover_minutes=15, needs_chair=True,
         colour="#7d3c98", food_cutoff_minutes=360, liquid_cutoff_minutes=120,
         series_default_count=5, series_min_days=1),
    dict(code="esketamine", name="Esketamine nasal spray", kind="esketamine", prep_minutes=15,
         treatment_minutes=15, recovery_minutes=120, turnover_minutes=15, needs_chair=True,
         colour="#2e9e6b", food_cutoff_minutes=120, liquid_cutoff_minutes=30,
         series_default_count=8, series_min_days=3),
]
