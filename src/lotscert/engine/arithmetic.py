"""Exact arithmetic: points are fractions until they are shown.

Weights are decimals and maturities integers, so every sum is a ``Fraction`` with no rounding
error. Only two conversions round: a percentage (half up, one decimal: 68.75 → 68.8) and a
recurring point sum (six decimals, since the model stores decimals).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

#: Decimal places kept when a point sum cannot be written exactly (e.g. 1/3 on a 0–3 scale).
RECURRING_PLACES = 6


def to_fraction(value: Decimal | int) -> Fraction:
    """A decimal or integer as an exact fraction."""
    return Fraction(value)


def _finite_places(value: Fraction) -> int | None:
    """Decimal places needed to write ``value`` exactly, or None when it recurs."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    return max(twos, fives)


def _scaled(units: int, places: int) -> Decimal:
    """``units / 10**places`` as a decimal with exactly that exponent (no scientific form)."""
    return Decimal(units).scaleb(-places)


def _round_half_up(value: Fraction, places: int) -> int:
    """``value * 10**places`` rounded half up (away from zero at .5), as an integer."""
    scaled = value * 10**places
    magnitude: int = math.floor(abs(scaled) + Fraction(1, 2))
    return magnitude if scaled >= 0 else -magnitude


def to_decimal(value: Fraction) -> Decimal:
    """A point sum as a decimal: exact when finite (0.25, 2, 4.25), else six decimals."""
    places = _finite_places(value)
    if places is None:
        rounded = _scaled(_round_half_up(value, RECURRING_PLACES), RECURRING_PLACES)
        return _strip(rounded)
    return _scaled(int(value * 10**places), places)


def _strip(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (2.500000 → 2.5)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def round_one_decimal(value: Fraction) -> Decimal:
    """Round half up to one decimal, always showing it (68.75 → 68.8, 50 → 50.0)."""
    return _scaled(_round_half_up(value, 1), 1)


def percent(earned: Fraction, possible: Fraction) -> Decimal | None:
    """``earned / possible`` as a percentage with one decimal; None when nothing is possible."""
    if possible == 0:
        return None
    return round_one_decimal(earned / possible * 100)


def decimal_text(value: Decimal) -> str:
    """A decimal written plainly (never ``1E+1``), as stored."""
    return format(value, "f")


__all__ = [
    "RECURRING_PLACES",
    "decimal_text",
    "percent",
    "round_one_decimal",
    "to_decimal",
    "to_fraction",
]
