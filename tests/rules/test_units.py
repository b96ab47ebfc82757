"""Exact unit conversions for height and weight, and the range warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from frontdesk.rules.units import (
    cm_to_ft_in,
    format_height,
    format_weight,
    ft_in_to_cm,
    height_warning,
    kg_to_lb,
    lb_to_kg,
    weight_warning,
)


def test_one_pound_is_exactly_0_45359237_kg() -> None:
    assert lb_to_kg(1) == Decimal("0.45359237")


def test_150_lb_is_exactly_68_0388555_kg() -> None:
    assert lb_to_kg(150) == Decimal("68.0388555")


def test_pounds_round_trip_exactly() -> None:
    assert kg_to_lb(lb_to_kg("183.4")) == Decimal("183.4")


def test_pounds_round_trip_through_a_stored_float() -> None:
    stored = float(lb_to_kg("183.4"))
    assert kg_to_lb(stored).quantize(Decimal("0.0001")) == Decimal("183.4000")


def test_one_inch_is_exactly_2_54_cm() -> None:
    assert ft_in_to_cm(0, 1) == Decimal("2.54")


def test_five_foot_seven_is_170_18_cm() -> None:
    assert ft_in_to_cm(5, 7) == Decimal("170.18")


def test_cm_to_feet_and_inches() -> None:
    assert cm_to_ft_in(Decimal("170.18")) == (5, Decimal("7"))


def test_display_in_clinic_units() -> None:
    assert format_weight(lb_to_kg(150), "imperial") == "150.0 lb"
    assert format_weight(70, "metric") == "70.0 kg"
    assert format_height(ft_in_to_cm(5, 7), "imperial") == "5 ft 7.0 in"


@pytest.mark.parametrize(("kg", "warns"), [(29.9, True), (30, False), (300, False), (300.1, True)])
def test_weight_warning_outside_30_to_300_kg(kg: float, warns: bool) -> None:
    assert (weight_warning(kg) is not None) == warns


@pytest.mark.parametrize(("cm", "warns"), [(119.9, True), (120, False), (230, False), (231, True)])
def test_height_warning_outside_120_to_230_cm(cm: float, warns: bool) -> None:
    assert (height_warning(cm) is not None) == warns


def test_weight_warning_names_the_value() -> None:
    assert weight_warning(25) == "weight 25 kg is outside 30–300 kg: check the entry"


def test_negative_and_text_rejected_with_field_name() -> None:
    with pytest.raises(ValueError, match=r"weight \(lb\): may not be negative"):
        lb_to_kg(-1)
    with pytest.raises(ValueError, match=r"height \(in\): expected a number"):
        ft_in_to_cm(5, "abc")


def test_the_weight_warning_speaks_the_units_it_was_typed_in() -> None:
    assert weight_warning(lb_to_kg(15), "imperial") == "weight 15.0 lb is outside 66–661 lb: check the entry"
    assert weight_warning(lb_to_kg(1500), "imperial") == "weight 1500.0 lb is outside 66–661 lb: check the entry"
    assert weight_warning(lb_to_kg(154), "imperial") is None
    assert weight_warning(25, "metric") == "weight 25 kg is outside 30–300 kg: check the entry"
