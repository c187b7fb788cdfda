"""A workbook read once, in openpyxl's read-only mode, as grids of cells.

The importer looks cells up by row and column, which a read-only worksheet cannot do cheaply
(every lookup would parse the sheet again). Reading each sheet once into a grid keeps the
importer's random access and costs about what streaming the rows costs — a third of opening the
workbook in openpyxl's normal mode, which also builds styles, dimensions and validations we do
not need to read answers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


class GridCell(NamedTuple):
    """What the importer needs of a cell: its value, its type (``s``, ``n``, ``d``, ``b``,
    ``f`` for a formula, ``e`` for an error value) and where it is."""

    value: Any
    data_type: str
    row: int
    column: int

    @property
    def coordinate(self) -> str:
        """``C12``: only needed when a problem is reported."""
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


_EMPTY: tuple[Any, str] = (None, "n")
#: A worksheet's rows (Excel's and LibreOffice's limit); a reference beyond it is refused.
MAX_ROWS = 1_048_576


#: Cells with a value a workbook may hold in all (a 10 000-person checklist has about 300 000).
#: More is refused before memory runs out: the zip limit alone would allow tens of millions.
MAX_CELLS = 2_000_000


class TooManyCells(ValueError):
    """The workbook holds more values than any checklist could."""


class OutsideTheSheet(ValueError):
    """A cell or row reference beyond the sheet's last row (a damaged or hostile file)."""

    def __init__(self, sheet: str, reference: str) -> None:
        super().__init__(f"{sheet}!{reference}: beyond row {MAX_ROWS}")
        self.sheet = sheet
        self.reference = reference


class DamagedPart(ValueError):
    """A part of the workbook (a worksheet's XML; ``sheet`` is "" for the shared strings) that
    cannot be read: ``kind`` is ``"xml"``
    (not well-formed; ``line`` and ``column`` where), ``"dtd"`` (a DTD, refused),
    ``"reference"`` (points at a shared string or style that is not there), ``"value"`` (a
    number, row or cell reference that is no number) or ``"data"`` (cannot be unpacked)."""

    def __init__(
        self,
        part: str,
        sheet: str,
        kind: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(f"{part} ({sheet}): {kind}")
        self.part, self.sheet, self.kind = part, sheet, kind
        self.line, self.column = line, column


class _DoctypeRefused(ValueError):
    """A worksheet with a DTD (entity expansion) is not read."""


@dataclass
class GridSheet:
    """One worksheet's non-empty cells, by row and column (1-based)."""

    title: str
    cells: dict[tuple[int, int], tuple[Any, str]] = field(default_factory=dict)
    max_row: int = 1

    def value(self, row: int, column: int) -> tuple[Any, str]:
        """The cell's value and type, without building a :class:`GridCell`."""
        return self.cells.get((row, column), _EMPTY)

    def rows_with_values(self, first: int = 1) -> list[int]:
        """The numbers of the rows from ``first`` on that hold any value, in order: a sheet whose
        last value stands on row 1 048 576 costs no more than one whose last is on row 30."""
        return sorted(
            {row for (row, _), (value, _) in self.cells.items() if row >= first and value != ""}
        )

    def cell(self, row: int, column: int) -> GridCell:
        value, data_type = self.cells.get((row, column), _EMPTY)
        return GridCell(value, data_type, row, column)


@dataclass
class GridBook:
    """The worksheets of a workbook by name, in the workbook's order."""

    sheets: dict[str, GridSheet]

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def __getitem__(self, name: str) -> GridSheet:
        return self.sheets[name]


def read_grid(path: Path) -> GridBook:
    """Every worksheet's cells (formulas as formulas, not their cached results).

    openpyxl (read-only) reads the workbook's structure and styles; the cells and the shared
    strings are parsed here with expat (:class:`_SheetParser`, :class:`_StringsParser`), about
    twice as fast as openpyxl's own cell reader, and with Excel's ``_xHHHH_`` escapes decoded
    by the OOXML rule (openpyxl 3.1 drops every ``x005F_`` of a shared string instead). Should
    a future openpyxl no longer have the attributes that takes, openpyxl's reader is used
    instead. Raises whatever openpyxl or the XML parser raises on a file it
    cannot read; the caller reports it.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception:
        readable = without_unreadable_properties(path)
        if readable is None:
            raise
        book = load_workbook(readable, read_only=True, data_only=False, keep_links=False)
    try:
        sheets: dict[str, GridSheet] = {}
        room = MAX_CELLS
        strings = _shared_strings(book)
        for worksheet in book.worksheets:
            sheet = _parse_sheet(book, worksheet, room, strings) or _openpyxl_sheet(worksheet)
            room -= len(sheet.cells)
            if room < 0:
                raise TooManyCells(f"more than {MAX_CELLS} cells with a value")
            sheets[sheet.title] = sheet
        return GridBook(sheets)
    finally:
        book.close()


#: The document properties (author, title, created, modified): nothing lotscert reads.
CORE_PROPERTIES = "docProps/core.xml"


def without_unreadable_properties(path: Path) -> io.BytesIO | None:
    """The workbook without its document properties, when they are what openpyxl cannot read
    (else None).

    A date-only ``dcterms:modified`` (``2026-11-29``) is valid Dublin Core, but openpyxl wants
    a date and time and refuses the whole workbook. lotscert reads no document property, so
    such a workbook is read without them: the same sheets, cells and metadata sheet. Only
    called once the workbook passed the archive checks (:mod:`lotscert.excel.safety`).
    """
    import zipfile

    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring

    try:
        with zipfile.ZipFile(path) as archive:
            if CORE_PROPERTIES not in archive.namelist():
                return None
            try:
                DocumentProperties.from_tree(fromstring(archive.read(CORE_PROPERTIES)))
            except Exception:  # the properties are what openpyxl cannot read
                pass
            else:
                return None  # they read: the workbook's problem is elsewhere
            copy = io.BytesIO()
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
                for info in archive.infolist():
                    if info.filename != CORE_PROPERTIES:
                        out.writestr(info.filename, archive.read(info))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None
    copy.seek(0)
    return copy


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_unescaped(text: str) -> str:
    """A cell text (``<t>``) as Excel shows it (ECMA-376 ``ST_Xstring``): ``_xHHHH_`` is the
    character U+HHHH, so ``_x005F_x0041_`` is "_x0041_" as typed and ``x005F_`` without a
    leading underscore is just text. Inline and shared strings are decoded alike; a lone
    surrogate (``_xD800_``) stays as written."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)  # no lone surrogate


def _openpyxl_sheet(worksheet: Any) -> GridSheet:
    """The sheet's cells as openpyxl's read-only reader gives them."""
    # The stored dimension may be wrong (some programs write A1:A1): read all rows.
    worksheet.reset_dimensions()
    sheet = GridSheet(worksheet.title)
    cells = sheet.cells
    for row_number, row in enumerate(worksheet.iter_rows(), start=1):
        for column_number, cell in enumerate(row, start=1):
            if cell.value is not None:
                cells[row_number, column_number] = (cell.value, cell.data_type)
        if row:
            sheet.max_row = row_number
    return sheet


def _parse_sheet(
    book: Any, worksheet: Any, room: int, shared: list[str] | None = None
) -> GridSheet | None:
    """The sheet's cells parsed with expat (at most ``room`` of them), or None when openpyxl's
    internals differ. ``shared`` is the shared-string table read by :func:`_shared_strings`
    (openpyxl's own when None)."""
    try:
        archive = book._archive
        member = worksheet._worksheet_path
        strings = worksheet._shared_strings if shared is None else shared
        dates, durations, epoch = book._date_formats, book._timedelta_formats, book.epoch
    except AttributeError:
        return None
    import zlib
    from xml.parsers import expat
    from zipfile import BadZipFile

    parser = _SheetParser(worksheet.title, strings, dates, durations, epoch, room)
    try:
        with archive.open(member) as source:
            parser.feed(source)
    except (TooManyCells, OutsideTheSheet):
        raise
    except expat.ExpatError as error:
        raise DamagedPart(member, worksheet.title, "xml", error.lineno, error.offset + 1) from None
    except _DoctypeRefused:
        raise DamagedPart(member, worksheet.title, "dtd") from None
    except (IndexError, KeyError):
        raise DamagedPart(member, worksheet.title, "reference") from None
    except (ValueError, OverflowError, TypeError):
        raise DamagedPart(member, worksheet.title, "value") from None
    except (BadZipFile, zlib.error, EOFError):
        raise DamagedPart(member, worksheet.title, "data") from None
    return parser.sheet


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _VALUE, _FORMULA = (f"{_MAIN} {tag}" for tag in ("row", "c", "v", "f"))
_INLINE, _TEXT, _PHONETIC = (f"{_MAIN} {tag}" for tag in ("is", "t", "rPh"))


class _SheetParser:
    """Reads ``<sheetData>`` with expat: a cell's ``r``, ``t`` and ``s`` attributes and its
    ``<v>``, ``<f>`` and inline ``<is>`` text, with the same meaning openpyxl gives them when
    reading formulas (not their results): a formula is ``"=" + text`` of type ``f`` (a cell that
    shares another cell's formula has no text of its own and reads as ``"="``), a number
    with a date style is a date (type ``d``), ``t="s"`` is a shared string, ``b`` a boolean,
    ``e`` an error value, ``str`` and ``inlineStr`` text. Any DTD is refused (no entities)."""

    def __init__(
        self,
        title: str,
        strings: Any,
        dates: Any,
        durations: Any,
        epoch: Any,
        room: int = MAX_CELLS,
    ) -> None:
        self.sheet = GridSheet(title)
        self._strings, self._dates, self._durations, self._epoch = (
            strings,
            dates,
            durations,
            epoch,
        )
        self._row = 0
        self._column = 0
        self._kind = "n"
        self._style = 0
        self._value: str | None = None
        self._formula: str | None = None
        self._inline: list[str] | None = None
        self._text: list[str] | None = None  # collecting character data when not None
        self._phonetic = 0
        self._columns: dict[str, int] = {}
        self._stored, self._limit = 0, room
        self._dates_seen: dict[tuple[float, bool], tuple[Any, str]] = {}

    def feed(self, source: Any) -> None:
        from xml.parsers import expat

        from openpyxl.utils.cell import column_index_from_string

        self._column_index: Callable[[str], int] = column_index_from_string
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.ParseFile(source)

    def _position(self, reference: str) -> tuple[int, int]:
        """``"C12"`` → ``(12, 3)``; column letters repeat on every row, so they are cached."""
        letters = reference.rstrip("0123456789")
        column = self._columns.get(letters)
        if column is None:
            column = self._columns[letters] = self._column_index(letters)
        return self._checked_row(int(reference[len(letters) :]), reference), column

    def _checked_row(self, row: int, reference: str) -> int:
        if not 1 <= row <= MAX_ROWS:
            raise OutsideTheSheet(self.sheet.title, reference)
        return row

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _CELL:
            reference = attributes.get("r")
            if reference:
                self._row, self._column = self._position(reference)
            else:
                self._column += 1
            self._kind = attributes.get("t", "n")
            style = attributes.get("s")
            self._style = int(style) if style else 0
            self._value = self._formula = None
            self._inline = None
            if self._row > self.sheet.max_row:
                self.sheet.max_row = self._row
        elif name in (_VALUE, _FORMULA):
            self._text = []
        elif name == _ROW:
            number = attributes.get("r")
            row = int(float(number)) if number else self._row + 1
            self._row = self._checked_row(row, f"A{row}")
            self._column = 0
        elif name == _INLINE:
            self._inline = []
        elif name == _TEXT and self._inline is not None and not self._phonetic:
            self._text = []
        elif name == _PHONETIC:
            self._phonetic += 1

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, name: str) -> None:
        if name == _CELL:
            self._store()
        elif name == _VALUE and self._text is not None:
            self._value = "".join(self._text) or None
            self._text = None
        elif name == _FORMULA and self._text is not None:
            self._formula = "=" + "".join(self._text)
            self._text = None
        elif name == _TEXT and self._inline is not None and self._text is not None:
            self._inline.append(excel_unescaped("".join(self._text)))
            self._text = None
        elif name == _PHONETIC:
            self._phonetic -= 1

    def _store(self) -> None:
        kind, value = self._kind, self._value
        result: Any
        if self._formula is not None:
            result, kind = self._formula, "f"
        elif kind == "inlineStr":
            if self._inline is None:
                return
            result, kind = "".join(self._inline), "s"
        elif value is None:
            return
        elif kind == "n":
            result = _number(value)
            if self._style in self._dates:
                result, kind = self._date(result)
        elif kind == "s":
            result = self._strings[int(value)]
        elif kind == "b":
            result = bool(int(value))
        elif kind == "str":
            result, kind = value, "s"
        elif kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            result = from_ISO8601(value)
        else:  # "e" and anything unknown: the text as it stands
            result = value
        self.sheet.cells[self._row, self._column] = (result, kind)
        self._stored += 1
        if self._stored > self._limit:
            raise TooManyCells(f"more than {MAX_CELLS} cells with a value")

    def _date(self, serial: float) -> tuple[Any, str]:
        """The date (or duration) of a serial number; the same dates recur on many rows."""
        duration = self._style in self._durations
        known = self._dates_seen.get((serial, duration))
        if known is None:
            from openpyxl.utils.datetime import from_excel

            try:
                known = from_excel(serial, self._epoch, timedelta=duration), "d"
            except (OverflowError, ValueError):
                known = "#VALUE!", "e"  # a date style on a number no date can have
            self._dates_seen[serial, duration] = known
        return known


_STRING_ITEM = f"{_MAIN} si"


def _shared_strings(book: Any) -> list[str] | None:
    """The workbook's shared strings, read with expat and decoded like inline strings, or None
    when openpyxl's internals differ (its own table is used then).

    openpyxl 3.1 removes every ``x005F_`` from a shared string (``Arkiv lotsx005F_2026``
    becomes ``Arkiv lots2026``), which is not Excel's rule; LibreOffice and Excel write shared
    strings, so a workbook saved there would read otherwise than it shows. The part is the
    one openpyxl reads (found by its content type); a table that does not have as many
    entries as openpyxl's is left to openpyxl.
    """
    try:
        archive = book._archive
        ours = book.worksheets[0]._shared_strings if book.worksheets else []
    except (AttributeError, IndexError):
        return None
    import zlib
    from xml.etree.ElementTree import ParseError
    from xml.parsers import expat
    from zipfile import BadZipFile

    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        part = manifest.find(SHARED_STRINGS)
    except (KeyError, ParseError, TypeError, ValueError, BadZipFile, zlib.error):
        return None
    if part is None:
        return [] if not ours else None
    member = part.PartName[1:]
    parser = _StringsParser()
    try:
        with archive.open(member) as source:
            parser.feed(source)
    except expat.ExpatError as error:
        raise DamagedPart(member, "", "xml", error.lineno, error.offset + 1) from None
    except _DoctypeRefused:
        raise DamagedPart(member, "", "dtd") from None
    except (KeyError, BadZipFile, zlib.error, EOFError):
        raise DamagedPart(member, "", "data") from None
    if len(parser.strings) != len(ours):
        return None
    return parser.strings


class _StringsParser:
    """Reads ``xl/sharedStrings.xml`` with expat: each ``<si>``'s text, plain (``<t>``) or the
    runs of rich text (``<r><t>``) joined, phonetic guides (``<rPh>``) left out, every ``<t>``
    decoded by :func:`excel_unescaped`. Whitespace is kept as written. Any DTD is refused."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._pieces: list[str] | None = None
        self._text: list[str] | None = None
        self._phonetic = 0

    def feed(self, source: Any) -> None:
        from xml.parsers import expat

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.ParseFile(source)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _STRING_ITEM:
            self._pieces = []
        elif name == _TEXT and self._pieces is not None and not self._phonetic:
            self._text = []
        elif name == _PHONETIC:
            self._phonetic += 1

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, name: str) -> None:
        if name == _TEXT and self._pieces is not None and self._text is not None:
            self._pieces.append(excel_unescaped("".join(self._text)))
            self._text = None
        elif name == _STRING_ITEM and self._pieces is not None:
            self.strings.append("".join(self._pieces))
            self._pieces = None
        elif name == _PHONETIC:
            self._phonetic -= 1


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _refuse_doctype(*_: Any) -> None:
    raise _DoctypeRefused("a worksheet with a DTD is refused (entity expansion)")
