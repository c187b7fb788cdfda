"""The values a workbook was exported with (its *base*), as stored in the workbook.

The base is the three-way merge's common ancestor (see :mod:`.threeway`): one JSON document
``{"scope": …, "places": [[place, value], …]}`` in canonical form, cut into cells of at most
:data:`CHUNK` characters down column A of the hidden, protected sheet :data:`BASE_SHEET`. Its
SHA-256 is a row of the metadata sheet, whose own digest covers it, so a base edited by hand
(or cells lost) is noticed and the workbook refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from lotscert.excel.layout import excel_escaped
from lotscert.excel.threeway import Place, Scope

#: The hidden sheet holding the base.
BASE_SHEET = "lotscert-base"

#: Characters per cell as stored, escapes included (Excel holds at most 32 767).
CHUNK = 30_000


@dataclass(frozen=True)
class Base:
    """What a workbook was given: its scope and the canonical value of every place."""

    scope: Scope
    places: dict[Place, Any]


def encode(base: Base) -> str:
    """The base as compact JSON text (stable: the same base gives the same text), with the
    "_" of every ``_x`` written ``\\u005f`` (the same JSON)."""
    scope = base.scope
    document = {
        "scope": {
            "requirements": list(scope.requirements),
            "persons": None if scope.persons is None else list(scope.persons),
            "metrics": None if scope.metrics is None else list(scope.metrics),
        },
        "places": [[list(place), value] for place, value in base.places.items()],
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # "_x" only stands inside JSON strings; written "\u005fx" the base holds no Excel escape
    # (_xHHHH_) at all, which LibreOffice does not always save back as it read it.
    return text.replace("_x", "\\u005fx")


def decode(text: str) -> Base:
    """The base from its JSON text; ValueError (or KeyError, TypeError) when malformed."""
    document = json.loads(text)
    scope = document["scope"]
    persons, metrics = scope["persons"], scope["metrics"]
    places: dict[Place, Any] = {}
    for place, value in document["places"]:
        if not isinstance(place, list) or not all(isinstance(part, str) for part in place):
            raise ValueError("a place is not a list of names")
        places[tuple(place)] = value
    return Base(
        Scope(
            tuple(str(item) for item in scope["requirements"]),
            None if persons is None else tuple(str(item) for item in persons),
            None if metrics is None else tuple(str(item) for item in metrics),
        ),
        places,
    )


def digest(text: str) -> str:
    """SHA-256 of the base's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunks(text: str) -> list[str]:
    """The text cut into pieces whose stored form (:func:`excel_escaped`, which writes
    ``_x005F_`` for the "_" of a typed ``_xHHHH_``) fits a cell: at most :data:`CHUNK`
    characters each (at least one piece, possibly empty). Each piece is escaped and read back
    on its own, so a cut through an ``_xHHHH_`` is harmless."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        piece = text[start : start + CHUNK]
        if len(excel_escaped(piece)) > CHUNK:  # each escape adds 6 characters
            fits, overflows = 1, len(piece)  # one character never needs an escape
            while overflows - fits > 1:  # the longest start of the piece that fits
                middle = (fits + overflows) // 2
                if len(excel_escaped(piece[:middle])) <= CHUNK:
                    fits = middle
                else:
                    overflows = middle
            piece = piece[:fits]
        pieces.append(piece)
        start += len(piece)
    return pieces or [""]
