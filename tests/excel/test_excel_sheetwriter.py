"""The sheet writer writes exactly what openpyxl's own cell writer writes, and the package is
deterministic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lotscert.excel import build_workbook
from lotscert.excel.sheetwriter import DEFAULT_STYLE, RowSerialiser, SheetGrid, Style
from lotscert.loading import load_assessment, load_catalog
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

STYLES = [
    DEFAULT_STYLE,
    Style(bold=True, colour="FFFFFF", fill="1F4E79", wrap=True),
    Style(wrap=True),
    Style(wrap=True, locked=False),
    Style(wrap=True, locked=False, number_format="yyyy-mm-dd"),
    Style(wrap=True, locked=False, number_format="@"),
    Style(bold=True, size=14, wrap=False),
    Style(bold=True, size=12, wrap=True),
    Style(number_format="@"),
]

texts = st.one_of(
    st.sampled_from(
        ["", " ", "\n", " lead", "trail ", "a & b < c > d", "=SUM(A1)", "rad\nrad", "\tx", "x" * 90]
    ),
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\r\ufffe\uffff"),
        max_size=30,
    ).filter(lambda text: not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)),
)
values = st.one_of(
    st.none(),
    texts,
    st.integers(-(10**20), 10**20),
    st.dates(min_value=dt.date(1900, 1, 1)),
)
cells = st.dictionaries(
    st.tuples(st.integers(1, 8), st.integers(1, 6)),
    st.tuples(values, st.sampled_from(STYLES)),
    max_size=30,
)
widths = st.dictionaries(st.integers(1, 6), st.sampled_from([8.0, 11.0, 13.0, 22.0, 45.0]))


def _grid(
    content: dict[tuple[int, int], tuple[Any, Style]], column_widths: dict[int, float]
) -> SheetGrid:
    grid = SheetGrid("Blad")
    grid.widths.update(column_widths)
    for (row, column), (value, style) in sorted(content.items()):
        if isinstance(value, dt.date):
            style = dataclasses.replace(style, number_format="yyyy-mm-dd")
        grid.style(row, column, style)
        if value is not None:
            grid.put(row, column, value)
    return grid


def _openpyxl_rows(grid: SheetGrid, workbook: Any) -> str:
    """The same cells written by openpyxl's own worksheet writer (normal mode)."""
    from openpyxl.worksheet._writer import WorksheetWriter

    worksheet = workbook.create_sheet("Referens")
    for row, row_cells in grid.rows.items():
        for column, (value, style) in row_cells.items():
            cell = worksheet.cell(row=row, column=column)
            if value is not None:
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
            style.apply(cell)
    for row, height in grid.heights().items():
        worksheet.row_dimensions[row].height = height
    out = io.BytesIO()
    writer = WorksheetWriter(worksheet, out)
    writer.write_rows()
    writer.close()
    xml = out.getvalue().decode("utf-8")
    return xml[xml.index("<sheetData>") + len("<sheetData>") : xml.index("</sheetData>")]


@settings(max_examples=150, deadline=None)
@given(content=cells, column_widths=widths)
def test_rows_are_the_xml_openpyxl_writes_for_the_same_cells(
    content: dict[tuple[int, int], tuple[Any, Style]], column_widths: dict[int, float]
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    grid = _grid(content, column_widths)
    ours = RowSerialiser().rows(grid, workbook.active)
    assert ours == _openpyxl_rows(grid, workbook)


def test_a_wrapped_long_text_gets_a_taller_row_and_a_short_one_does_not() -> None:
    grid = SheetGrid("Blad")
    grid.widths[1] = 10.0
    grid.style(1, 1, Style(wrap=True))
    grid.put(1, 1, "x" * 19)  # 9 characters a line at width 10: three lines
    grid.style(2, 1, Style(wrap=True))
    grid.put(2, 1, "kort")
    grid.put(3, 1, "y" * 100)  # not wrapped: one line
    assert grid.heights() == {1: 13.0 * 3 + 3}


def test_the_same_input_and_time_give_the_same_bytes_stamped_with_that_time() -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = load_assessment(CONTRACT_ASSESSMENT)
    created = "2026-02-03T04:05:06Z"
    first = build_workbook(assessment, catalog, created=created)
    assert build_workbook(assessment, catalog, created=created) == first
    assert build_workbook(assessment, catalog, created="2026-02-03T04:05:08Z") != first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 2, 3, 4, 5, 6)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert f">{created}</dcterms:created>" in core
    assert f">{created}</dcterms:modified>" in core
