"""Scoring of PHQ-9, GAD-7 and the 0–10 pain scale, by the instruments' own published rules.

A missing item makes the score "incomplete": no total and no band, never a guess. The software only
raises flags (PHQ-9 item 9 above 0 is urgent); clinicians decide what they mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from frontdesk.rules.flag_kinds import URGENT_SELF_HARM as URGENT_SELF_HARM  # the kind score() raises

INSTRUMENTS = ("phq9", "gad7", "nrs")


INSTRUMENT_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7", "nrs": "Pain 0–10"}

# Short on-screen labels (our own words, not the instruments' text).
ITEM_LABELS: dict[str, tuple[str, ...]] = {
    "phq9": (
        "1. Little interest",
        "2. Feeling down",
        "3. Sleep",
        "4. Tired, low energy",
        "5. Appetite",
        "6. Feeling bad about self",
        "7. Concentration",
        "8. Slowed or restless",
        "9. Self-harm thoughts",
        "10. Difficulty (not scored)",
    ),
    "gad7": (
        "1. Nervous, on edge",
        "2. Can't stop worrying",
        "3. Worrying too much",
        "4. Trouble relaxing",
        "5. Restless",
        "6. Irritable",
        "7. Afraid something awful",
    ),
    "nrs": ("Pain now (0–10)",),
}

# (lowest total of the band, band name), in ascending order.
_BANDS: dict[str, tuple[tuple[int, str], ...]] = {
    "phq9": ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately severe"), (20, "severe")),
    "gad7": ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
    "nrs": ((0, "none"), (1, "mild"), (4, "moderate"), (7, "severe")),
}

# How many items are summed, how many may be recorded, and each item's highest answer.
_SCORED_ITEMS = {"phq9": 9, "gad7": 7, "nrs": 1}
_MAX_ITEMS = {"phq9": 10, "gad7": 7, "nrs": 1}
_ITEM_MAX = {"phq9": 3, "gad7": 3, "nrs": 10}

PHQ_GAD_ATTRIBUTION = (
    "PHQ-9 and GAD-7 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display "
    "or distribute."
)


@dataclass(frozen=True)
class Score:
    """A scored questionnaire: total and band are None when any scored item is missing."""

    instrument: str
    answers: tuple[int | None, ...]
    total: int | None
    band: str | None
    flags: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.total is not None

    @property
    def label(self) -> str:
        """'12 moderate', or 'incomplete' for people."""
        if self.total is None:
            return "incomplete"
        return f"{self.total} {self.band}"


def item_count(instrument: str) -> int:
    """How many items the entry form shows (PHQ-9 includes item 10)."""
    return _MAX_ITEMS[_check_instrument(instrument)]


def item_max(instrument: str) -> int:
    return _ITEM_MAX[_check_instrument(instrument)]


def band_for(instrument: str, total: int) -> str:
    """The published severity band for a complete total."""
    name = _BANDS[_check_instrument(instrument)][0][1]
    for lowest, band in _BANDS[instrument]:
        if total >= lowest:
            name = band
    return name


def score(instrument: str, answers: Sequence[int | None]) -> Score:
    """Score one questionnaire; raises ValueError naming the item for an out-of-range answer."""
    instrument = _check_instrument(instrument)
    items = _normalise(instrument, answers)
    scored = items[: _SCORED_ITEMS[instrument]]
    flags = _flags(instrument, items)
    if len(scored) < _SCORED_ITEMS[instrument] or any(a is None for a in scored):
        return Score(instrument, items, None, None, flags)
    total = sum(a for a in scored if a is not None)
    return Score(instrument, items, total, band_for(instrument, total), flags)


def _check_instrument(instrument: str) -> str:
    key = (instrument or "").strip().lower().replace("-", "")
    if key not in INSTRUMENTS:
        raise ValueError(f"instrument: unknown {instrument!r} (expected phq9, gad7 or nrs)")
    return key


def _normalise(instrument: str, answers: Sequence[int | None]) -> tuple[int | None, ...]:
    if isinstance(answers, (str, bytes)):
        raise ValueError("answers: expected a list of numbers")
    limit = _MAX_ITEMS[instrument]
    if len(answers) > limit:
        raise ValueError(f"answers: {INSTRUMENT_NAMES[instrument]} has at most {limit} items, got {len(answers)}")
    return tuple(_check_item(instrument, i + 1, a) for i, a in enumerate(answers))


def _check_item(instrument: str, number: int, answer: object) -> int | None:
    if answer is None or answer == "":
        return None
    high = _ITEM_MAX[instrument]
    name = f"{INSTRUMENT_NAMES[instrument]} item {number}"
    if isinstance(answer, bool) or not isinstance(answer, (int, str, float)):
        raise ValueError(f"{name}: expected a whole number 0–{high}, got {answer!r}")
    try:
        value = int(answer) if not isinstance(answer, float) else _whole(answer)
    except ValueError:
        raise ValueError(f"{name}: expected a whole number 0–{high}, got {answer!r}") from None
    if not 0 <= value <= high:
        raise ValueError(f"{name}: {value} is out of range 0–{high}")
    return value


def _whole(value: float) -> int:
    if not value.is_integer():
        raise ValueError("not whole")
    return int(value)


def self_harm_unanswered(instrument: str, answers: Sequence[int | None]) -> bool:
    """A PHQ-9 begun (some item answered) with item 9, thoughts of self-harm, left blank: the risk is
    unknown, and the clinician must ask before treatment (a blank is no 0)."""
    items = tuple(answers)
    return (instrument == "phq9" and any(a is not None for a in items[:8])
            and (len(items) < 9 or items[8] is None))


def _flags(instrument: str, items: tuple[int | None, ...]) -> tuple[str, ...]:
    if instrument == "phq9" and len(items) >= 9 and (items[8] or 0) > 0:
        return (URGENT_SELF_HARM,)
    return ()
