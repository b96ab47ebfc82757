"""Height and weight in either unit system, stored metric, converted exactly.

1 lb = 0.45359237 kg and 1 in = 2.54 cm by definition; arithmetic is in Decimal so a value
entered in pounds comes back as the same pounds. Out-of-range values warn, they do not refuse.
"""

from __future__ import annotations

from decimal import Decimal

KG_PER_LB = Decimal("0.45359237")
CM_PER_IN = Decimal("2.54")
IN_PER_FT = 12

WEIGHT_RANGE_KG = (Decimal(30), Decimal(300))
HEIGHT_RANGE_CM = (Decimal(120), Decimal(230))

Number = int | float | str | Decimal


def _dec(value: Number, field: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{field}: expected a number, got {value!r}")
    try:
        result = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        raise ValueError(f"{field}: expected a number, got {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{field}: expected a number, got {value!r}")
    if result < 0:
        raise ValueError(f"{field}: may not be negative")
    return result


def lb_to_kg(pounds: Number) -> Decimal:
    return _dec(pounds, "weight (lb)") * KG_PER_LB


def kg_to_lb(kilograms: Number) -> Decimal:
    return _dec(kilograms, "weight (kg)") / KG_PER_LB


def ft_in_to_cm(feet: Number, inches: Number = 0) -> Decimal:
    total_inches = _dec(feet, "height (ft)") * IN_PER_FT + _dec(inches, "height (in)")
    return total_inches * CM_PER_IN


def cm_to_in(centimetres: Number) -> Decimal:
    return _dec(centimetres, "height (cm)") / CM_PER_IN


def cm_to_ft_in(centimetres: Number) -> tuple[int, Decimal]:
    """Whole feet and the remaining inches."""
    inches = cm_to_in(centimetres)
    feet = int(inches // IN_PER_FT)
    return feet, inches - feet * IN_PER_FT


def weight_warning(kilograms: Number | None, unit_system: str = "metric") -> str | None:
    """A short warning when a weight is outside 30–300 kg (check the entry), else None; in the units the
    desk typed it in ("weight 15.0 lb is outside 66–661 lb": it said "6.80388555 kg" to an lb clinic)."""
    if kilograms is None:
        return None
    low, high = WEIGHT_RANGE_KG
    value = _dec(kilograms, "weight (kg)")
    if low <= value <= high:
        return None
    if unit_system == "metric":
        return f"weight {_plain(value)} kg is outside {low}–{high} kg: check the entry"
    return (f"weight {format_weight(value, unit_system)} is outside {kg_to_lb(low):.0f}–{kg_to_lb(high):.0f} lb: "
            "check the entry")


def height_warning(centimetres: Number | None) -> str | None:
    """A short warning when a height is outside 120–230 cm, else None."""
    if centimetres is None:
        return None
    low, high = HEIGHT_RANGE_CM
    value = _dec(centimetres, "height (cm)")
    if not low <= value <= high:
        return f"height {_plain(value)} cm is outside {low}–{high} cm: check the entry"
    return None


def format_weight(kilograms: Number, unit_system: str) -> str:
    """'154.3 lb' or '70.0 kg' for display in the clinic's chosen units."""
    if unit_system == "metric":
        return f"{_dec(kilograms, 'weight (kg)'):.1f} kg"
    return f"{kg_to_lb(kilograms):.1f} lb"


def format_height(centimetres: Number, unit_system: str) -> str:
    """'5 ft 7.0 in' or '170.2 cm'."""
    if unit_system == "metric":
        return f"{_dec(centimetres, 'height (cm)'):.1f} cm"
    feet, inches = cm_to_ft_in(centimetres)
    return f"{feet} ft {inches:.1f} in"


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
