"""Reading typed values out of worksheet cells, collecting every problem with its cell.

A :class:`CellReader` turns a cell into text, a date, a whole number or a decimal the way a
person filling in a checklist means it (``0,85``, a date typed as text, ``3`` stored as 3.0),
and records a located problem (``Bok.xlsx!Blad!C12: …``) instead of raising, so that an import
reports every wrong cell at once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from lotscert.excel.cellgrid import GridSheet
from lotscert.excel.layout import say
from lotscert.models.common import Language

#: A number in a cell is below 10**MAX_EXPONENT and, unless 0, at least 10**-MAX_EXPONENT:
#: far beyond any measure (and beyond Excel's own numbers), yet every decimal a YAML file
#: can sensibly hold is read back (lotscert reads what it writes).
MAX_EXPONENT = 1000


class CellReader:
    """Reads cells and collects every problem with its location.

    ``lang`` is the workbook's language (headers, drop-down words), ``message_lang`` the
    language of the messages (the user's); they differ when a Swedish workbook is imported with
    ``--lang en`` or the other way round.
    """

    def __init__(self, display: str, lang: Language) -> None:
        self.display = display
        self.lang = lang
        self.problems: list[str] = []
        self.message_lang: Language = lang
        #: (sheet, row) of every problem; row None for a problem of the whole sheet
        self.problem_rows: set[tuple[str, int | None]] = set()

    def add(self, ws: Any, coordinate: str | None, sv: str, en: str) -> None:
        """Record a problem at ``ws!coordinate`` (or at the sheet when no cell)."""
        where = (
            f"{self.display}!{ws.title}!{coordinate}"
            if coordinate
            else f"{self.display}!{ws.title}"
        )
        self.problems.append(f"{where}: {say(self.message_lang, sv, en)}")
        digits = coordinate.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$") if coordinate else ""
        self.problem_rows.add((ws.title, int(digits) if digits.isdigit() else None))

    def raw(self, ws: GridSheet, row: int, column: int) -> Any:
        """The cell's value; None for empty cells, formulas and error values (reported)."""
        value, data_type = ws.value(row, column)
        if data_type == "f":
            self.add(
                ws,
                ws.cell(row, column).coordinate,
                "cellen innehåller en formel; skriv värdet i stället",
                "the cell holds a formula; type the value instead",
            )
            return None
        if data_type == "e":
            self.add(
                ws,
                ws.cell(row, column).coordinate,
                "cellen innehåller ett felvärde",
                "the cell holds an error",
            )
            return None
        if value is None or (value.__class__ is str and value == ""):
            return None
        if value.__class__ is str and not value.isprintable():
            from lotscert.plaintext import BIDI_CONTROLS, forbidden_characters

            found = next((char for _, char in forbidden_characters(value)), None)
            if found is not None:
                # the same rule as for YAML files (lotscert.validation.plain_text)
                kind_sv, kind_en = (
                    ("vänder textriktningen", "reverses the text direction")
                    if found in BIDI_CONTROLS
                    else ("ett styrtecken", "a control character")
                )
                self.add(
                    ws,
                    ws.cell(row, column).coordinate,
                    f"otillåtet tecken U+{ord(found):04X} ({kind_sv}) – ta bort det",
                    f"forbidden character U+{ord(found):04X} ({kind_en}) – remove it",
                )
                return None
        return value

    def text(self, ws: Any, row: int, column: int) -> str | None:
        value = self.raw(ws, row, column)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def date(self, ws: Any, row: int, column: int) -> dt.date | None:
        value = self.raw(ws, row, column)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            if value.time() != dt.time():
                self.add(
                    ws,
                    ws.cell(row, column).coordinate,
                    f"ett datum utan klockslag väntas, fann {value.isoformat(' ')}",
                    f"a date without a time is expected, found {value.isoformat(' ')}",
                )
                return None
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(
            ws,
            ws.cell(row, column).coordinate,
            f"ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD",
            f"invalid date {value!r}; use YYYY-MM-DD",
        )
        return None

    def integer(self, ws: Any, row: int, column: int) -> int | None:
        value = self.raw(ws, row, column)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        coordinate = ws.cell(row=row, column=column).coordinate
        self.add(
            ws,
            coordinate,
            f"heltal väntas, fann {value!r}",
            f"a whole number is expected, found {value!r}",
        )
        return None

    def decimal(self, ws: Any, row: int, column: int) -> Decimal | None:
        value = self.raw(ws, row, column)
        if value is None:
            return None
        coordinate = ws.cell(row=row, column=column).coordinate
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            cleaned = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
            try:
                number = Decimal(cleaned)
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.add(
                ws,
                coordinate,
                f"ett tal väntas, fann {value!r}",
                f"a number is expected, found {value!r}",
            )
            return None
        if number and abs(number.adjusted()) > MAX_EXPONENT:
            self.add(
                ws,
                coordinate,
                f"talet {value!r} är orimligt stort eller litet (över {MAX_EXPONENT} siffror)",
                f"the number {value!r} is unreasonably large or small (over {MAX_EXPONENT} digits)",
            )
            return None
        return number
