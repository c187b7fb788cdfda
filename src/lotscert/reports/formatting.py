"""Numbers and dates worded per language: Swedish decimal comma ("70,8 %"), ISO dates.

Used by the Jinja2 filters and by the view-model when it composes sentences, so that a number
reads the same in a table and in a sentence.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from lotscert.models.common import Language

#: Shown where a value is absent (not applicable, not measured).
DASH = "—"


def format_number(value: Decimal | int | float | None, lang: Language) -> str:
    """``Decimal("2.50")`` → ``"2,5"`` in Swedish, ``"2.5"`` in English; None → a dash."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "sv" else text


def format_percent(value: Decimal | None, lang: Language) -> str:
    """A percentage with one decimal: ``"70,8 %"`` (sv) or ``"70.8%"`` (en)."""
    if value is None:
        return DASH
    text = format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")
    return text.replace(".", ",") + " %" if lang == "sv" else text + "%"


def format_delta(value: Decimal | None, lang: Language) -> str:
    """A change in percentage points with its sign: ``"+5,0"``, ``"−3,2"``, ``"±0,0"``."""
    if value is None:
        return DASH
    quantized = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = format(abs(quantized), "f")
    if lang == "sv":
        text = text.replace(".", ",")
    if quantized > 0:
        return "+" + text
    if quantized < 0:
        return "\u2212" + text
    return "±" + text


def format_date(value: dt.date | None) -> str:
    """ISO 8601 (``2026-03-15``) in every language; None → a dash."""
    return DASH if value is None else value.isoformat()


def format_score_fraction(value: Decimal | None, lang: Language) -> str:
    """An exam score 0–1 as written in the data (``0.7`` → ``"0,7"`` in Swedish)."""
    return format_number(value, lang)
