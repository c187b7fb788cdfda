"""The importer's cell reader gives exactly what openpyxl's read-only reader gives."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from lotscert.excel import cellgrid, export_workbook
from lotscert.excel.cellgrid import read_grid
from lotscert.register import looks_like_decision
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT


def _openpyxl_grid(path: Path) -> dict[str, cellgrid.GridSheet]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return {ws.title: cellgrid._openpyxl_sheet(ws) for ws in book.worksheets}
    finally:
        book.close()


def _same_as_openpyxl(path: Path) -> cellgrid.GridBook:
    grid = read_grid(path)
    expected = _openpyxl_grid(path)
    assert grid.sheetnames == list(expected)
    for name, sheet in expected.items():
        ours = grid[name].cells
        # A cell sharing another's formula is read as a formula without its text (the importer
        # only says that a formula is there); openpyxl translates the shared text.
        theirs = {
            at: ("=", "f") if ours.get(at) == ("=", "f") and kind == "f" else (value, kind)
            for at, (value, kind) in sheet.cells.items()
        }
        assert ours == theirs, name
        assert grid[name].max_row == sheet.max_row, name
    return grid


def test_exported_workbooks_read_the_same(tmp_path: Path) -> None:
    examples = sorted(
        path for path in (ROOT / "assessments").rglob("*.yaml") if not looks_like_decision(path)
    )
    sources = [CONTRACT_ASSESSMENT, *examples[:3]]
    for index, source in enumerate(sources):
        workbook = export_workbook(
            source, tmp_path / f"book{index}.xlsx", catalog_paths=[CONTRACT_CATALOG]
        )
        _same_as_openpyxl(workbook)


def test_every_kind_of_cell_reads_the_same(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Blad åäö"
    ws["A1"] = "text"
    ws["B1"] = 12
    ws["C1"] = 1.5
    ws["D1"] = True
    ws["E1"] = dt.datetime(2026, 11, 23)
    ws["F1"] = dt.date(2026, 1, 2)
    ws["G1"] = "=SUM(B1:C1)"
    ws["H1"] = '=HYPERLINK("http://example.org")'
    ws["I1"] = dt.time(10, 30)
    ws["J1"] = dt.timedelta(hours=30)
    ws["K1"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    ws["L1"] = "  spaces kept  \n second line"
    ws["M1"] = 1e-7
    error = ws["N1"]
    error.value, error.data_type = "#DIV/0!", "e"
    text_formula = ws["O1"]
    text_formula.value, text_formula.data_type = "=not a formula", "s"
    ws["A5"] = "after an empty row"
    ws["B2"].number_format = "yyyy-mm-dd"  # styled, empty
    book.create_sheet("Tom")
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    grid = _same_as_openpyxl(path)
    sheet = grid["Blad åäö"]
    assert sheet.cell(1, 7) == ("=SUM(B1:C1)", "f", 1, 7)
    assert sheet.cell(1, 15).value == "=not a formula"
    assert sheet.cell(1, 15).data_type == "s"
    assert sheet.cell(1, 14)[:2] == ("#DIV/0!", "e")
    assert sheet.cell(1, 11).value == "plain bold"
    assert sheet.cell(9, 9).coordinate == "I9"


def _sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _with_sheet(tmp_path: Path, xml: bytes) -> Path:
    book = openpyxl.Workbook()
    path = tmp_path / "base.xlsx"
    book.save(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    out = tmp_path / "edited.xlsx"
    out.write_bytes(buffer.getvalue())
    return out


def test_hand_written_sheet_xml_reads_the_same(tmp_path: Path) -> None:
    """Inline and rich inline strings (phonetic runs left out), cells and rows without a
    reference, shared formulas, booleans, ISO dates, empty values, a wrong stored size."""
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c>'
        '<c t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">text </t></r>'
        '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c>'
        '<c t="b"><v>1</v></c><c t="d"><v>2026-11-23T00:00:00</v></c>'
        '<c t="str"><v>result text</v></c><c><v></v></c></row>'
        '<row><c r="A2"><f t="shared" si="0" ref="A2:A3">B2+1</f><v>3</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c><c r="C3" t="e"><v>#N/A</v></c>'
        "</row>"
        '<row r="7"><c r="B7" s="0"><v>7</v></c></row>'
    )
    path = _with_sheet(tmp_path, _sheet_xml(rows))
    grid = _same_as_openpyxl(path)
    sheet = grid.sheets[grid.sheetnames[0]]
    assert sheet.cell(1, 1).value == "inline"
    assert sheet.cell(1, 2).value == "rich text "
    assert sheet.cell(1, 3).value is True
    assert sheet.cell(2, 1).data_type == "f"
    assert sheet.cell(3, 1).data_type == "f"
    assert sheet.max_row == 7


def test_a_sheet_with_a_dtd_is_refused(tmp_path: Path) -> None:
    """openpyxl refuses it first (defusedxml); the cell parser would refuse it too."""
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData>'
        b"</worksheet>"
    )
    with pytest.raises(Exception, match="invalid XML"):
        read_grid(_with_sheet(tmp_path, xml))
    parser = cellgrid._SheetParser("Blad", [], set(), set(), None)
    with pytest.raises(ValueError, match="DTD"):
        parser.feed(io.BytesIO(xml))


def test_the_fast_reader_is_used_with_the_installed_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = export_workbook(
        CONTRACT_ASSESSMENT, tmp_path / "Bok.xlsx", catalog_paths=[CONTRACT_CATALOG]
    )

    def not_expected(worksheet: Any) -> cellgrid.GridSheet:
        raise AssertionError(f"openpyxl's reader was used for {worksheet.title}")

    monkeypatch.setattr(cellgrid, "_openpyxl_sheet", not_expected)
    assert read_grid(workbook).sheetnames
