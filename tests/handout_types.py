"""The chair-time and fasting minutes of the DOMAIN appointment types, as the handout tests use them."""

from __future__ import annotations

TYPE_MINUTES: dict[str, dict[str, int | None]] = {
    "iv_mood": dict(prep_minutes=15, treatment_minutes=40, recovery_minutes=30,
                    food_cutoff_minutes=360, liquid_cutoff_minutes=120),
    "esketamine": dict(prep_minutes=15, treatment_minutes=15, recovery_minutes=120,
                       food_cutoff_minutes=120, liquid_cutoff_minutes=30),
    "consult": dict(prep_minutes=0, treatment_minutes=30, recovery_minutes=0,
                    food_cutoff_minutes=None, liquid_cutoff_minutes=None),
}
