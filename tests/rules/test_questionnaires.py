"""Scoring PHQ-9, GAD-7 and pain 0–10 at every published band boundary."""

from __future__ import annotations

import pytest

from frontdesk.rules.questionnaires import URGENT_SELF_HARM, item_count, score


def _answers(total: int, items: int, high: int = 3) -> list[int]:
    """Item answers summing to total, filling from the first item, leaving the last item at 0."""
    out = []
    for _ in range(items):
        take = min(high, total)
        out.append(take)
        total -= take
    assert total == 0
    return out


def _phq(total: int) -> list[int]:
    # Keep item 9 at 0 so no flag interferes; 8 items × 3 = 24 covers all boundaries but 25+.
    return [*_answers(total, 8), 0]


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (24, "severe")],
)
def test_phq9_bands_at_each_boundary(total: int, band: str) -> None:
    result = score("phq9", _phq(total))
    assert (result.total, result.band) == (total, band)


def test_phq9_maximum_is_27_severe_and_urgent() -> None:
    result = score("phq9", [3] * 9)
    assert (result.total, result.band) == (27, "severe")
    assert URGENT_SELF_HARM in result.flags


def test_phq9_all_ones_is_nine_mild() -> None:
    result = score("phq9", [1] * 9)
    assert (result.total, result.band) == (9, "mild")


def test_phq9_item_10_is_recorded_but_not_summed() -> None:
    result = score("phq9", [1] * 9 + [3])
    assert result.total == 9
    assert result.answers[9] == 3


def test_phq9_item_10_missing_does_not_make_it_incomplete() -> None:
    assert score("phq9", [0] * 9 + [None]).total == 0


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "severe"), (21, "severe")],
)
def test_gad7_bands_at_each_boundary(total: int, band: str) -> None:
    result = score("gad7", _answers(total, 7))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize("instrument", ["phq9", "gad7"])
def test_missing_item_makes_it_incomplete(instrument: str) -> None:
    answers: list[int | None] = [2] * item_count(instrument)
    answers[3] = None
    result = score(instrument, answers)
    assert (result.total, result.band, result.label) == (None, None, "incomplete")


def test_too_few_items_is_incomplete() -> None:
    result = score("phq9", [1] * 8)
    assert result.total is None and result.band is None


def test_incomplete_phq9_still_raises_the_urgent_flag() -> None:
    result = score("phq9", [None] * 8 + [1])
    assert result.total is None
    assert result.flags == (URGENT_SELF_HARM,)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item9_above_zero_is_urgent(item9: int) -> None:
    assert score("phq9", [0] * 8 + [item9]).flags == (URGENT_SELF_HARM,)


def test_item9_zero_raises_no_flag() -> None:
    assert score("phq9", [3] * 8 + [0]).flags == ()


def test_out_of_range_answer_names_the_item() -> None:
    with pytest.raises(ValueError, match=r"PHQ-9 item 4: 4 is out of range 0–3"):
        score("phq9", [0, 0, 0, 4, 0, 0, 0, 0, 0])


def test_negative_answer_rejected() -> None:
    with pytest.raises(ValueError, match=r"GAD-7 item 1: -1 is out of range"):
        score("gad7", [-1] + [0] * 6)


def test_non_number_rejected() -> None:
    with pytest.raises(ValueError, match=r"item 2: expected a whole number"):
        score("gad7", [0, "x", 0, 0, 0, 0, 0])


def test_too_many_items_rejected() -> None:
    with pytest.raises(ValueError, match=r"at most 7 items"):
        score("gad7", [0] * 8)


def test_unknown_instrument_rejected() -> None:
    with pytest.raises(ValueError, match=r"instrument: unknown"):
        score("bdi", [0])


@pytest.mark.parametrize(("value", "band"), [(0, "none"), (3, "mild"), (4, "moderate"), (7, "severe"), (10, "severe")])
def test_pain_scale_zero_to_ten(value: int, band: str) -> None:
    result = score("nrs", [value])
    assert (result.total, result.band) == (value, band)


def test_pain_scale_above_ten_rejected() -> None:
    with pytest.raises(ValueError, match=r"Pain 0–10 item 1: 11 is out of range 0–10"):
        score("nrs", [11])


def test_pain_scale_missing_is_incomplete() -> None:
    assert score("nrs", [None]).total is None
    assert score("nrs", []).band is None
