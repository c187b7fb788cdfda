"""Sheets built in memory as light grids, then written as one openpyxl write-only workbook.

Why: the checklist of a municipality with 2 000 persons has some 45 000 cells. Written through
openpyxl cell objects — in normal or in write-only mode — every cell costs an object, a style
lookup and an element serialised by a pure-Python XML writer; that was most of the export's
time. Here a sheet is first a :class:`SheetGrid` (row → column → value and :class:`Style`), from
which the fitted row heights are computed. openpyxl then writes everything around the cells —
styles, column widths, frozen panes, validations, conditional formats, print set-up, protection,
the workbook and the package — in write-only mode with no rows appended, and this module
serialises the rows itself: the same XML openpyxl's own cell writer produces for the same cells
(``tests/excel/test_excel_sheetwriter.py`` compares the two byte for byte), put into each
sheet's empty ``<sheetData>`` when the package is assembled.

The package is deterministic: the same grids and the same time give the same bytes (every zip
member and the document properties carry that time, not the clock's).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: What a cell can hold: text (never a formula), a whole number or a date.
CellValue = str | int | dt.date | None

#: The earliest time a zip member can carry.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)

#: openpyxl's width of a column whose width was never set.
_DEFAULT_WIDTH = 13.0

_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"
_SHEET_VIEWS = b"<sheetViews>"


@dataclass(frozen=True)
class Style:
    """A cell's look and protection; ``Style()`` is openpyxl's default (no ``s`` attribute).

    ``wrap`` None sets no alignment; True or False sets wrapping and top alignment.
    """

    bold: bool = False
    size: float | None = None
    colour: str | None = None
    fill: str | None = None
    wrap: bool | None = None
    locked: bool = True
    number_format: str = "General"

    def apply(self, cell: Any) -> None:
        """Give an openpyxl cell this style through openpyxl's own setters."""
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        if self.bold or self.size is not None or self.colour is not None:
            cell.font = Font(bold=self.bold or None, size=self.size, color=self.colour)
        if self.fill is not None:
            cell.fill = PatternFill("solid", fgColor=self.fill)
        if self.wrap is not None:
            cell.alignment = Alignment(wrap_text=self.wrap, vertical="top")
        if not self.locked:
            cell.protection = Protection(locked=False)
        if self.number_format != "General":
            cell.number_format = self.number_format


DEFAULT_STYLE = Style()

_Cell = tuple[CellValue, Style]
_NO_CELL: _Cell = (None, DEFAULT_STYLE)


@dataclass
class SheetGrid:
    """One sheet's cells before they are written: values, styles and column widths.

    A cell exists once it has a value or a style; an empty cell with a style is written (an
    unlocked input cell must exist to be unlocked).
    """

    title: str
    fit_heights: bool = True
    widths: dict[int, float] = field(default_factory=dict)
    rows: dict[int, dict[int, _Cell]] = field(default_factory=dict)

    def put(self, row: int, column: int, value: CellValue) -> None:
        """Set a cell's value, keeping its style (a date needs a style with a date format)."""
        cells = self.rows.setdefault(row, {})
        cells[column] = (value, cells.get(column, _NO_CELL)[1])

    def style(self, row: int, column: int, style: Style) -> None:
        """Set a cell's style, keeping its value."""
        cells = self.rows.setdefault(row, {})
        cells[column] = (cells.get(column, _NO_CELL)[0], style)

    def style_block(self, rows: Iterable[int], columns: Iterable[int], style: Style) -> None:
        """Give every cell of the block the same style (their values are kept)."""
        columns = tuple(columns)
        for row in rows:
            for column in columns:
                self.style(row, column, style)

    def heights(self) -> dict[int, float]:
        """Row heights that show wrapped text whole (spreadsheets do not grow rows written by
        a program on their own): the most lines any wrapping cell of the row needs at its
        column's width. Bold text is wider and lines break between words, so estimate low."""
        heights: dict[int, float] = {}
        for row, cells in self.rows.items():
            lines = 1
            for column, (value, style) in cells.items():
                if not style.wrap or not isinstance(value, str) or not value:
                    continue
                factor = 0.8 if style.bold else 0.95
                per_line = max(int(self.widths.get(column, _DEFAULT_WIDTH) * factor), 1)
                needed = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
                lines = max(lines, needed)
            if lines > 1:
                heights[row] = min(409.0, 13.0 * lines + 3)
        return heights

    def dimension(self) -> str:
        """The used range, ``A1:L30`` (``A1:A1`` when empty), as openpyxl computes it."""
        from openpyxl.utils import get_column_letter

        if not self.rows:
            return "A1:A1"
        columns = [column for cells in self.rows.values() for column in cells]
        return (
            f"{get_column_letter(min(columns))}{min(self.rows)}:"
            f"{get_column_letter(max(columns))}{max(self.rows)}"
        )


class RowSerialiser:
    """Writes a grid's rows as the ``<row>`` elements openpyxl would write for them.

    Style indexes come from openpyxl: one template cell per distinct :class:`Style` is given the
    style through openpyxl's setters and registered in the workbook (``cell.style_id``), so the
    workbook's style sheet holds every style exactly as if each cell had been styled alone.
    """

    def __init__(self) -> None:
        from openpyxl.utils import get_column_letter

        self._style_ids: dict[Style, str] = {DEFAULT_STYLE: ""}
        self._letters: list[str] = [""] + [get_column_letter(i) for i in range(1, 200)]
        self._serials: dict[dt.date, str] = {}

    def _style_attribute(self, style: Style, worksheet: Any) -> str:
        """`` s="N"`` with the style's index in ``worksheet``'s workbook ("" for no style)."""
        attribute = self._style_ids.get(style)
        if attribute is None:
            from openpyxl.cell import WriteOnlyCell

            template = WriteOnlyCell(worksheet)
            style.apply(template)
            attribute = f' s="{template.style_id}"'
            self._style_ids[style] = attribute
        return attribute

    def _letter(self, column: int) -> str:
        if column >= len(self._letters):
            from openpyxl.utils import get_column_letter

            self._letters += [get_column_letter(i) for i in range(len(self._letters), column + 1)]
        return self._letters[column]

    def _serial(self, value: dt.date) -> str:
        """A date as Excel's serial number, formatted as openpyxl formats numbers."""
        serial = self._serials.get(value)
        if serial is None:
            from openpyxl.utils.datetime import to_excel

            serial = f"{to_excel(value):.16g}"
            self._serials[value] = serial
        return serial

    def rows(self, grid: SheetGrid, worksheet: Any) -> str:
        """Every row of ``grid``, in order, as XML text."""
        heights = grid.heights() if grid.fit_heights else {}
        parts: list[str] = []
        add = parts.append
        for row in sorted(grid.rows):
            height = heights.get(row)
            if height is None:
                add(f'<row r="{row}">')
            else:
                add(f'<row r="{row}" ht="{height:.16g}" customHeight="1">')
            cells = grid.rows[row]
            for column in sorted(cells):
                value, style = cells[column]
                if value is None and style == DEFAULT_STYLE:
                    continue  # as openpyxl: an empty cell without a style is not written
                add(self._cell(f"{self._letter(column)}{row}", value, style, worksheet))
            add("</row>")
        return "".join(parts)

    def _cell(self, reference: str, value: CellValue, style: Style, worksheet: Any) -> str:
        styled = self._style_attribute(style, worksheet)
        if isinstance(value, str):
            if not value:
                return f'<c r="{reference}"{styled} t="inlineStr" />'
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and stripped != value else ""
            return (
                f'<c r="{reference}"{styled} t="inlineStr"><is><t{space}>'
                f"{_escape(value)}</t></is></c>"
            )
        if value is None:
            return f'<c r="{reference}"{styled} t="n" />'
        if isinstance(value, dt.date):
            if "yy" not in style.number_format:
                # openpyxl would give the cell a date format; the sheet must have chosen one.
                raise ValueError(f"{reference}: a date in a cell without a date format")
            return f'<c r="{reference}"{styled} t="n"><v>{self._serial(value)}</v></c>'
        return f'<c r="{reference}"{styled} t="n"><v>{value:.16g}</v></c>'


def _escape(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class BookWriter:
    """A write-only openpyxl workbook whose sheets' cells come from grids."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.workbook: Any = Workbook(write_only=True)
        self._sheets: list[tuple[Any, SheetGrid]] = []

    def add_sheet(self, title: str, *, fit_heights: bool = True) -> tuple[Any, SheetGrid]:
        """A new worksheet (for its settings) and the grid for its cells."""
        worksheet = self.workbook.create_sheet(title)
        grid = SheetGrid(worksheet.title, fit_heights)
        self._sheets.append((worksheet, grid))
        return worksheet, grid

    def save(self, when: dt.datetime) -> bytes:
        """The .xlsx bytes; ``when`` (UTC, naive) is the documents' creation time."""
        from openpyxl.utils import get_column_letter

        serialiser = RowSerialiser()
        rows: list[tuple[Any, bytes, bytes]] = []
        for worksheet, grid in self._sheets:
            for column, width in grid.widths.items():
                worksheet.column_dimensions[get_column_letter(column)].width = width
            xml = serialiser.rows(grid, worksheet).encode("utf-8")
            rows.append((worksheet, grid.dimension().encode("ascii"), xml))
        properties = self.workbook.properties
        properties.created = properties.modified = when
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        # Saving stamps the clock's time as "modified"; the package gets ``when`` instead.
        properties.modified = when
        parts = {worksheet.path[1:]: (dimension, xml) for worksheet, dimension, xml in rows}
        return _assemble(buffer.getvalue(), parts, _core_xml(properties), when)


def _core_xml(properties: Any) -> bytes:
    from openpyxl.xml.functions import tostring

    data: bytes = tostring(properties.to_tree())
    return data


def _assemble(
    package: bytes, sheets: dict[str, tuple[bytes, bytes]], core: bytes, when: dt.datetime
) -> bytes:
    """The package again, with every sheet's rows and dimension in place, the fixed document
    properties, and ``when`` as every member's time (so equal input gives equal bytes)."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename in sheets:
                dimension, xml = sheets[member.filename]
                data = _fill_sheet(data, dimension, xml)
            elif member.filename == "docProps/core.xml":
                data = core
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.external_attr = member.external_attr
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fill_sheet(data: bytes, dimension: bytes, xml: bytes) -> bytes:
    """A write-only sheet written with no rows, given its rows and its used range."""
    if data.count(_EMPTY_SHEET_DATA) != 1 or data.count(_SHEET_VIEWS) != 1:
        # Only an openpyxl that writes sheets differently gets here: fail loudly, never write
        # a workbook without its cells.
        raise RuntimeError("openpyxl wrote a worksheet this module does not recognise")
    data = data.replace(_SHEET_VIEWS, b'<dimension ref="' + dimension + b'" />' + _SHEET_VIEWS)
    return data.replace(_EMPTY_SHEET_DATA, b"<sheetData>" + xml + b"</sheetData>")
