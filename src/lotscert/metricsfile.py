"""A metrics file: measured figures for many municipalities, as a statistics export looks.

One row per measurement; the header names the columns, in Swedish or English, in any order:

    kommunkod;nyckel;värde;period;antal_svar;källa
    0860;nki_foretag;72,5;2025;143;Insikt 2025 (SKR)

Required: ``kommunkod``/``code``, ``nyckel``/``key`` and ``värde``/``value``. Optional:
``period``, ``antal_svar``/``answers``, ``källa``/``source``, ``källtyp``/``source_kind``,
``datum``/``date``, ``område``/``area``, ``faktor``/``factor``, ``anteckning``/``note``.
The delimiter (``;``, ``,`` or tab) is read from the header line; a decimal comma is fine
(``72,5``), as is a code whose leading zero a spreadsheet dropped (``114`` is ``0114``).

Every bad cell is reported at once as ``file:row:column`` (1-based, the header is row 1), in
Swedish and English. Formulas (``=…``), control characters, unknown columns and a measurement
given twice for the same municipality are refused. Reading never changes anything; see
:mod:`lotscert.metricsimport` for putting the rows into assessment files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from lotscert.diagnostics import Diagnostic
from lotscert.errors import InputError, Location, ValidationFailed

#: Larger files are refused before they are read (a statistics export of every municipality
#: and every measure is far below this).
MAX_BYTES: Final = 20 * 1024 * 1024

#: Column name (folded: lower case, no accents, ``-``/space as ``_``) → field.
COLUMNS: Final[dict[str, str]] = {
    "kommunkod": "code",
    "kommun_kod": "code",
    "kod": "code",
    "code": "code",
    "municipality_code": "code",
    "nyckel": "key",
    "key": "key",
    "matt": "key",
    "metric": "key",
    "varde": "value",
    "value": "value",
    "period": "period",
    "ar": "period",
    "year": "period",
    "antal_svar": "answers",
    "svar": "answers",
    "answers": "answers",
    "kalla": "source",
    "source": "source",
    "kalltyp": "source_kind",
    "source_kind": "source_kind",
    "datum": "date",
    "date": "date",
    "omrade": "area",
    "area": "area",
    "faktor": "factor",
    "factor": "factor",
    "anteckning": "note",
    "note": "note",
}
REQUIRED: Final = ("code", "key", "value")
_IDENTIFIER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_CODE: Final = re.compile(r"^[0-9]{3,4}$")
_NUMBER: Final = re.compile(r"^[+-]?[0-9]+([.,][0-9]+)?$")


@dataclass(frozen=True)
class MetricRow:
    """One measurement of the file, with the row it came from."""

    row: int
    code: str
    key: str
    value: Decimal
    period: str | None = None
    answers: int | None = None
    source: str | None = None
    source_kind: str | None = None
    date: dt.date | None = None
    area: str | None = None
    factor: str | None = None
    note: str | None = None
    #: the fields the file has columns for (a measurement keeps its other fields on import)
    columns: frozenset[str] = frozenset()

    def metric_data(self) -> dict[str, object]:
        """The measurement as an assessment's ``metrics`` entry (only the fields given)."""
        data: dict[str, object] = {"value": self.value}
        for name in ("source", "source_kind", "date", "period", "answers", "area", "factor"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.note is not None:
            data["note"] = self.note
        return data


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s-]+", "_", plain)


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ";"


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) in ("Cc", "Cf") and char != "\t" for char in text)


class _Problems:
    """Collects located problems of one file."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.items: list[Diagnostic] = []

    def add(self, row: int, column: int, code: str, sv: str, en: str) -> None:
        self.items.append(Diagnostic(self.display, "error", code, sv, en, line=row, column=column))


def _text(value: str) -> str | None:
    stripped = value.strip()
    return stripped or None


def read_metrics_file(path: Path) -> list[MetricRow]:
    """Every measurement of the file; raises ``ValidationFailed`` with every bad cell located,
    or ``InputError`` when the file cannot be read at all."""
    path = Path(path)
    display = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(
            f"kan inte läsas / cannot be read ({error.strerror})", Location(display)
        ) from None
    if size > MAX_BYTES:
        raise InputError(
            f"filen är för stor ({size // (1024 * 1024)} MB, högst {MAX_BYTES // (1024 * 1024)} "
            f"MB) / the file is too large",
            Location(display),
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            "inte UTF-8; spara filen som CSV UTF-8 / not UTF-8; save the file as CSV UTF-8",
            Location(display, line=line, column=1),
        ) from None
    return parse_metrics_text(text, display)


def parse_metrics_text(text: str, display: str) -> list[MetricRow]:
    """The measurements of a metrics file's text (see :func:`read_metrics_file`)."""
    problems = _Problems(display)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationFailed(
            [
                Diagnostic(
                    display,
                    "error",
                    "metrics_empty",
                    "filen är tom; första raden ska namnge kolumnerna (kommunkod;nyckel;värde;…)",
                    "the file is empty; the first row names the columns (code;key;value;…)",
                    line=1,
                    column=1,
                )
            ]
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    rows = list(reader)
    header = rows[0]
    fields: list[str | None] = []
    for index, name in enumerate(header, start=1):
        field = COLUMNS.get(_fold(name))
        if field is None:
            problems.add(
                1,
                index,
                "metrics_unknown_column",
                f"okänd kolumn {name.strip()!r}; kolumnerna är kommunkod, nyckel, värde, period, "
                "antal_svar, källa, källtyp, datum, område, faktor, anteckning",
                f"unknown column {name.strip()!r}; the columns are code, key, value, period, "
                "answers, source, source_kind, date, area, factor, note",
            )
        elif field in fields:
            problems.add(
                1,
                index,
                "metrics_duplicate_column",
                f"kolumnen {name.strip()!r} finns två gånger",
                f"the column {name.strip()!r} is there twice",
            )
            field = None
        fields.append(field)
    for required in REQUIRED:
        if required not in fields:
            problems.add(
                1,
                1,
                "metrics_missing_column",
                f"kolumnen {_SWEDISH[required]} saknas",
                f"the column {required} is missing",
            )
    if problems.items:
        raise ValidationFailed(list[object](problems.items))
    measured: list[MetricRow] = []
    columns = frozenset(field for field in fields if field is not None)
    seen: dict[tuple[str, str], int] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(fields):
            problems.add(
                row_number,
                len(fields) + 1,
                "metrics_extra_cells",
                f"raden har {len(row)} celler men rubrikraden {len(fields)}",
                f"the row has {len(row)} cells but the header {len(fields)}",
            )
            continue
        values: dict[str, object] = {}
        for column, (field, cell) in enumerate(zip(fields, row, strict=False), start=1):
            if field is None:
                continue
            parsed = _PARSERS[field](cell, row_number, column, problems)
            if parsed is not None:
                values[field] = parsed
        missing = [name for name in REQUIRED if name not in values]
        for name in missing:
            column = fields.index(name) + 1
            if column > len(row) or not row[column - 1].strip():
                # an invalid cell is reported by its parser; an empty one here
                problems.add(
                    row_number,
                    column,
                    "metrics_empty_cell",
                    f"{_SWEDISH[name]} saknas",
                    f"{name} is missing",
                )
        if missing:
            continue
        code, key = str(values["code"]), str(values["key"])
        first = seen.setdefault((code, key), row_number)
        if first != row_number:
            problems.add(
                row_number,
                fields.index("key") + 1,
                "metrics_duplicate",
                f"{key} för kommun {code} finns redan på rad {first}",
                f"{key} for municipality {code} is already on row {first}",
            )
            continue
        measured.append(
            MetricRow(row=row_number, columns=columns, **values)  # type: ignore[arg-type]
        )
    if problems.items:
        raise ValidationFailed(list[object](problems.items))
    return measured


_SWEDISH: Final = {"code": "kommunkod", "key": "nyckel", "value": "värde"}


def _checked_text(cell: str, row: int, column: int, problems: _Problems) -> str | None:
    text = _text(cell)
    if text is None:
        return None
    if text.startswith(("=", "+", "@")) and not _NUMBER.match(text):
        problems.add(
            row,
            column,
            "metrics_formula",
            f"en formel ({text[:30]!r}) är inte ett värde; skriv in värdet",
            f"a formula ({text[:30]!r}) is not a value; enter the value",
        )
        return None
    if _has_control(text):
        problems.add(
            row,
            column,
            "metrics_control_character",
            "cellen innehåller styrtecken",
            "the cell holds control characters",
        )
        return None
    if len(text) > 500:
        problems.add(
            row,
            column,
            "metrics_too_long",
            f"för lång text ({len(text)} tecken, högst 500)",
            f"text too long ({len(text)} characters, at most 500)",
        )
        return None
    return text


def _code(cell: str, row: int, column: int, problems: _Problems) -> str | None:
    text = _checked_text(cell, row, column, problems)
    if text is None:
        return None
    if not _CODE.match(text):
        problems.add(
            row,
            column,
            "metrics_bad_code",
            f"kommunkoden ska vara fyra siffror, t.ex. 0860; fick {text!r}",
            f"the municipality code is four digits, e.g. 0860; got {text!r}",
        )
        return None
    return text.zfill(4)


def _identifier(cell: str, row: int, column: int, problems: _Problems) -> str | None:
    text = _checked_text(cell, row, column, problems)
    if text is None:
        return None
    if not _IDENTIFIER.match(text):
        problems.add(
            row,
            column,
            "metrics_bad_identifier",
            f"{text!r} är inget giltigt id (bokstäver a–z, siffror, . _ -; t.ex. nki_bygglov)",
            f"{text!r} is not a valid id (letters a–z, digits, . _ -; e.g. nki_bygglov)",
        )
        return None
    return text


def _value(cell: str, row: int, column: int, problems: _Problems) -> Decimal | None:
    text = _checked_text(cell, row, column, problems)
    if text is None:
        return None
    compact = text.replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(compact):
        problems.add(
            row,
            column,
            "metrics_bad_number",
            f"{text!r} är inget tal (t.ex. 72 eller 72,5)",
            f"{text!r} is not a number (e.g. 72 or 72.5)",
        )
        return None
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        return None


def _answers(cell: str, row: int, column: int, problems: _Problems) -> int | None:
    text = _checked_text(cell, row, column, problems)
    if text is None:
        return None
    compact = text.replace("\u00a0", "").replace(" ", "")
    if not compact.isdigit() or not compact.isascii():
        problems.add(
            row,
            column,
            "metrics_bad_answers",
            f"antal svar ska vara ett heltal ≥ 0; fick {text!r}",
            f"the number of answers is a whole number ≥ 0; got {text!r}",
        )
        return None
    return int(compact)


def _date(cell: str, row: int, column: int, problems: _Problems) -> dt.date | None:
    text = _checked_text(cell, row, column, problems)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.date.fromisoformat("x")
    except ValueError:
        problems.add(
            row,
            column,
            "metrics_bad_date",
            f"datum ska skrivas ÅÅÅÅ-MM-DD; fick {text!r}",
            f"a date is written YYYY-MM-DD; got {text!r}",
        )
        return None


def _free_text(cell: str, row: int, column: int, problems: _Problems) -> str | None:
    return _checked_text(cell, row, column, problems)


_PARSERS: Final[dict[str, Callable[[str, int, int, _Problems], object | None]]] = {
    "code": _code,
    "key": _identifier,
    "value": _value,
    "period": _free_text,
    "answers": _answers,
    "source": _free_text,
    "source_kind": _identifier,
    "date": _date,
    "area": _identifier,
    "factor": _identifier,
    "note": _free_text,
}
