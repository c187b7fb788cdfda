"""A result as stable JSON text: sorted keys, ISO dates, two-space indent, exact numbers.

Every command that writes a result as JSON uses :func:`result_to_json`, so the same result is
always the same bytes. Decimals are written as JSON numbers exactly as the result holds them
(``70.8``, ``0.25``, ``2``), never as strings and never through a float.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from lotscert.models.result import Result

INDENT = "  "

#: What ``json.dumps(text, ensure_ascii=False)`` and ``json.dumps(text)`` write for a string.
_string = json.encoder.encode_basestring
_ascii_string = json.encoder.encode_basestring_ascii


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as JSON")
    return format(value, "f")


def _emit(value: Any, depth: int, parts: list[str]) -> None:
    # Strings first (the most common value); the encoders are json.dumps' own, called directly
    # (json.dumps with ensure_ascii=False builds a new encoder on every call).
    if isinstance(value, str):
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif isinstance(value, bool):
        parts.append("true" if value else "false")
    elif isinstance(value, Decimal):
        parts.append(_number(value))
    elif isinstance(value, int):
        parts.append(str(value))
    elif isinstance(value, float):
        parts.append(json.dumps(value))
    elif isinstance(value, dt.date):
        parts.append(_ascii_string(value.isoformat()))
    elif isinstance(value, Mapping):
        _emit_items(
            ((_string(str(key)) + ": ", value[key]) for key in sorted(value)),
            bool(value),
            "{}",
            depth,
            parts,
        )
    elif isinstance(value, Sequence):
        _emit_items((("", item) for item in value), bool(value), "[]", depth, parts)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _emit_items(
    items: Iterable[tuple[str, Any]], non_empty: bool, brackets: str, depth: int, parts: list[str]
) -> None:
    if not non_empty:
        parts.append(brackets)
        return
    inner = INDENT * (depth + 1)
    parts.append(brackets[0])
    first = True
    for prefix, item in items:
        parts.append("\n" if first else ",\n")
        first = False
        parts.append(inner + prefix)
        _emit(item, depth + 1, parts)
    parts.append("\n" + INDENT * depth + brackets[1])


def to_json_text(data: Any) -> str:
    """Any plain structure (dicts, lists, decimals, dates...) as stable JSON, newline-ended."""
    parts: list[str] = []
    _emit(data, 0, parts)
    return "".join(parts) + "\n"


def result_to_json(result: Result) -> str:
    """One result as stable JSON text."""
    return to_json_text(result.model_dump(mode="python"))


def results_to_json(results: Sequence[Result]) -> str:
    """Several results as one JSON list, each written as :func:`result_to_json` writes it."""
    return to_json_text([result.model_dump(mode="python") for result in results])
