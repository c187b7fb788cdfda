"""A workbook read once, in openpyxl's read-only mode, as grids of cells.

The importer looks cells up by row and column, which a read-only worksheet cannot do cheaply
(every lookup would parse the sheet again). Reading each sheet once into a grid keeps the
importer's random access and costs about what streaming the rows costs — a third of opening the
workbook in openpyxl's normal mode, which also builds styles, dimensions and validations we do
not need to read answers.
"""

from __future__ import annotations

from collections.abc import Iterator
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


@dataclass
class GridSheet:
    """One worksheet's non-empty cells, by row and column (1-based)."""

    title: str
    cells: dict[tuple[int, int], tuple[Any, str]] = field(default_factory=dict)
    max_row: int = 1

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

    def __iter__(self) -> Iterator[GridSheet]:
        return iter(self.sheets.values())


def read_grid(path: Path) -> GridBook:
    """Every worksheet's cells (formulas as formulas, not their cached results).

    Raises whatever openpyxl raises on a file it cannot read; the caller reports it.
    """
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    try:
        sheets: dict[str, GridSheet] = {}
        for worksheet in book.worksheets:
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
            sheets[worksheet.title] = sheet
        return GridBook(sheets)
    finally:
        book.close()
