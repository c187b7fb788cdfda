"""A sheet of rows under a header, read from CSV or from a workbook's sheet, with every cell
locatable (``Fil.csv!C12``, ``Bok.xlsx!Blad!C12``).

CSV: UTF-8 with or without a byte order mark; the separator is the one among ``, ; tab |``
that splits the header into the most known column names. A workbook is checked (size, zip
bomb, macros, encryption) and parsed the way the Excel checklist import does it; a formula is
reported, never evaluated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotscert.errors import Location
from lotscert.interop.problems import InteropError
from lotscert.models.common import Language

SEPARATORS = (",", ";", "\t", "|")
MAX_CSV_BYTES = 20 * 1024 * 1024


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Table:
    """The rows under a header: ``columns`` maps a normalised header name to its column."""

    display: str
    columns: dict[str, int]
    rows: list[tuple[int, dict[int, tuple[Any, str]]]] = field(default_factory=list)

    def value(self, row: dict[int, tuple[Any, str]], name: str) -> tuple[Any, str]:
        column = self.columns.get(name)
        if column is None:
            return None, "n"
        return row.get(column, (None, "n"))

    def where(self, row: int, name: str) -> str:
        column = self.columns.get(name, 1)
        return f"{self.display}!{column_letter(column)}{row}"


def _normalise(header: Iterable[Any]) -> list[str]:
    return [str(item).strip().lower() if item is not None else "" for item in header]


def _header_columns(
    names: list[str], display: str, lang: Language, header_row: int
) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        if not name:
            continue
        if name in columns:
            raise InteropError(
                _say(
                    lang,
                    f"kolumnen {name!r} finns två gånger i rubrikraden",
                    f"the column {name!r} appears twice in the header row",
                ),
                Location(display, cell=f"{column_letter(index)}{header_row}"),
            )
        columns[name] = index
    return columns


def read_csv_table(path: Path, known: Iterable[str], lang: Language = "sv") -> Table:
    """A CSV file as a :class:`Table`; the separator sniffed from the header row."""
    display = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InteropError(
                _say(
                    lang,
                    f"filen är {size} byte; högst {MAX_CSV_BYTES} läses",
                    f"the file is {size} bytes; at most {MAX_CSV_BYTES} are read",
                ),
                Location(display),
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InteropError(
            _say(lang, f"kan inte läsas ({error.strerror})", f"cannot be read ({error.strerror})"),
            Location(display),
        ) from None
    except UnicodeDecodeError as error:
        raise InteropError(
            _say(
                lang,
                f"filen är inte UTF-8 (byte {error.start}); spara den som CSV UTF-8",
                f"the file is not UTF-8 (byte {error.start}); save it as CSV UTF-8",
            ),
            Location(display),
        ) from None
    if "\x00" in text:
        raise InteropError(
            _say(
                lang,
                "filen innehåller NUL-tecken (binär fil?)",
                "the file holds NUL characters (binary?)",
            ),
            Location(display),
        )
    first_line = text.split("\n", 1)[0]
    wanted = set(known)
    best, best_score = ",", (-1, -1)
    for separator in SEPARATORS:
        header = _normalise(next(csv.reader([first_line], delimiter=separator), []))
        score = (sum(1 for name in header if name in wanted), len(header))
        if score > best_score:
            best, best_score = separator, score
    if best_score[0] < 1:
        raise InteropError(
            _say(
                lang,
                "rubrikraden saknar kända kolumner (t.ex. ref_id) med , ; tabb eller | som "
                "avgränsare",
                "the header row has no known columns (e.g. ref_id) separated by , ; tab or |",
            ),
            Location(display, cell="A1"),
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best)
    table: Table | None = None
    for number, record in enumerate(reader, start=1):
        if table is None:
            table = Table(display, _header_columns(_normalise(record), display, lang, 1))
            continue
        cells = {index: (value, "s") for index, value in enumerate(record, start=1) if value != ""}
        if cells:
            table.rows.append((number, cells))
    if table is None:
        raise InteropError(_say(lang, "filen är tom", "the file is empty"), Location(display))
    return table


def read_xlsx_table(path: Path, lang: Language = "sv", sheet: str | None = None) -> Table:
    """The first sheet (or ``sheet``) of a workbook as a :class:`Table`, header on row 1."""
    book = open_book(path, lang)
    name = sheet or book.sheetnames[0]
    if name not in book.sheets:
        raise InteropError(
            _say(
                lang,
                f"bladet {name!r} saknas; bladen är {book.sheetnames}",
                f"the sheet {name!r} is missing; the sheets are {book.sheetnames}",
            ),
            Location(str(path)),
        )
    grid = book[name]
    display = f"{path}!{name}"
    width = max((column for (_, column) in grid.cells), default=0)
    header = _normalise(grid.value(1, column)[0] for column in range(1, width + 1))
    table = Table(display, _header_columns(header, display, lang, 1))
    for row in grid.rows_with_values(2):
        cells = {
            column: grid.value(row, column)
            for column in range(1, width + 1)
            if grid.value(row, column)[0] not in (None, "")
        }
        if cells:
            table.rows.append((row, cells))
    return table


def open_book(path: Path, lang: Language = "sv") -> Any:
    """A workbook checked for safety and read as grids (see :mod:`lotscert.excel.cellgrid`)."""
    import warnings

    from lotscert.excel.cellgrid import read_grid
    from lotscert.excel.safety import check_workbook_file

    check_workbook_file(path, lang=lang)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return read_grid(path)
    except Exception as error:  # openpyxl raises KeyError, ValueError, XML errors … on bad files
        from lotscert.excel.unreadable import unreadable_workbook

        raise unreadable_workbook(path, error, lang) from None
