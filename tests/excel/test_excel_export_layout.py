"""What the exported workbook holds beyond its values: types, formats, looks, protection,
validations, conditional colours, frozen panes, widths, row heights and print set-up.

These are the properties the import, Excel and LibreOffice rely on; they are checked on the
contract example and on a larger example with persons, cell by cell.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lotscert.excel import build_workbook, layout
from lotscert.loading import find_catalog, load_assessment, load_catalog
from lotscert.models.assessment import Action, Assessment
from lotscert.models.catalog import Catalog
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT

EXAMPLE = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"
DATE = "yyyy-mm-dd"


def _inputs(which: str) -> tuple[Assessment, Catalog]:
    if which == "contract":
        return load_assessment(CONTRACT_ASSESSMENT), load_catalog(CONTRACT_CATALOG)
    assessment = load_assessment(EXAMPLE)
    return assessment, find_catalog(assessment.catalog)


def _open(assessment: Assessment, catalog: Catalog) -> Any:
    return openpyxl.load_workbook(io.BytesIO(build_workbook(assessment, catalog)))


def _expected_height(texts: list[tuple[str, float, bool]]) -> float | None:
    """The fitted height of a row of wrapped texts (text, column width, bold)."""
    lines = 1
    for text, width, bold in texts:
        per_line = max(int(width * (0.8 if bold else 0.95)), 1)
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")))
    return min(409.0, 13.0 * lines + 3) if lines > 1 else None


def _check_data_sheet(ws: Any, widths: list[float], last_row: int) -> None:
    """Header look, widths, fitted heights, unlocked inputs, panes, filter, print, protection."""
    from openpyxl.utils import get_column_letter

    last_letter = get_column_letter(len(widths))
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        assert ws.column_dimensions[letter].width == width
        header = ws.cell(row=1, column=index)
        assert header.data_type == "s" and header.value
        assert header.font.b and header.font.color.rgb == "00FFFFFF"
        assert header.fill.fill_type == "solid" and header.fill.fgColor.rgb == "001F4E79"
        assert header.alignment.wrap_text and header.alignment.vertical == "top"
        assert header.protection.locked
    for row in range(1, last_row + 1):
        texts = [
            (cell.value, widths[cell.column - 1], bool(cell.font.b))
            for cell in ws[row]
            if isinstance(cell.value, str) and cell.value and cell.alignment.wrap_text
        ]
        assert ws.row_dimensions[row].height == _expected_height(texts), (ws.title, row)
    assert ws.max_row == last_row
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{last_letter}{max(last_row, 2)}"
    assert ws.print_title_rows == "$1:$1"
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    protection = ws.protection
    assert protection.sheet and not protection.autoFilter and not protection.sort
    assert not protection.formatColumns and not protection.formatRows
    assert not protection.selectLockedCells and not protection.selectUnlockedCells


def _validations(ws: Any) -> dict[str, Any]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def _span(column: str, last: int) -> str:
    """A column's range from row 2, as openpyxl reads it back (``F2`` for a single cell)."""
    return f"{column}2" if last == 2 else f"{column}2:{column}{last}"


def _check_date_validation(dv: Any) -> None:
    assert dv.type == "date" and dv.operator == "between"
    assert (dv.formula1, dv.formula2) == ("DATE(1900,3,1)", "DATE(9999,12,31)")
    assert dv.allow_blank and dv.showErrorMessage


@pytest.mark.parametrize("which", ["contract", "example"])
def test_level_sheets(which: str) -> None:
    assessment, catalog = _inputs(which)
    wb = _open(assessment, catalog)
    columns = layout.REQUIREMENT_COLUMNS
    names = layout.level_sheet_names(catalog, "sv")
    statuses = layout.status_labels("sv")
    for level in catalog.levels:
        ws = wb[names[level.id]]
        requirements = [r for r in catalog.requirements if r.level == level.id]
        last = len(requirements) + 1
        _check_data_sheet(ws, [column.width for column in columns], last)
        for row, requirement in enumerate(requirements, start=2):
            assert ws.cell(row=row, column=1).value == requirement.id
            for index, column in enumerate(columns, start=1):
                cell = ws.cell(row=row, column=index)
                assert cell.protection.locked is not column.is_input
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
                assert cell.number_format == (DATE if column.key == "due" else "General")
            response = assessment.responses.get(requirement.id)
            status = ws.cell(row=row, column=6).value
            assert status == (statuses[response.status] if response else None)
            due = ws.cell(row=row, column=12).value
            if response is not None and response.action is not None and response.action.due:
                assert due == dt.datetime.combine(response.action.due, dt.time())
        validations = _validations(ws)
        assert validations[_span("F", last)].formula1 == "'lotscert-metadata'!$D$2:$D$6"
        maturity = f"'lotscert-metadata'!$E$2:$E${len(catalog.scale) + 1}"
        assert validations[_span("G", last)].formula1 == maturity
        for key in ("F", "G"):
            dv = validations[_span(key, last)]
            assert dv.type == "list" and dv.errorStyle == "stop" and dv.allow_blank
        _check_date_validation(validations[_span("L", last)])
        rules = [
            (str(cf.sqref), rule.formula, rule.dxf.fill.fgColor.rgb)
            for cf in ws.conditional_formatting
            for rule in cf.rules
        ]
        assert rules == [
            (f"A2:L{last}", [f'$F2="{statuses[status]}"'], f"00{colour}")
            for status, colour in (
                ("fulfilled", "C6EFCE"),
                ("partial", "FFEB9C"),
                ("not_fulfilled", "FFC7CE"),
                ("not_applicable", "D9D9D9"),
                ("not_assessed", "DDEBF7"),
            )
        ]


@pytest.mark.parametrize("which", ["contract", "example"])
def test_persons_and_metrics_sheets(which: str) -> None:
    assessment, catalog = _inputs(which)
    wb = _open(assessment, catalog)
    ws = wb["Personer"]
    headers = [cell.value for cell in ws[1]]
    exam_score, exam_date = len(headers) - 1, len(headers)
    modules = [i for i, header in enumerate(headers, 1) if header.startswith("Modul:")]
    last = len(assessment.persons) + layout.SPARE_ROWS + 1
    widths = [
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        for i in range(1, len(headers) + 1)
    ]
    assert widths[:4] == [12, 22, 16, 22] and widths[-2:] == [14, 13]
    _check_data_sheet(ws, widths, last)
    for row in range(2, last + 1):
        for column in range(1, len(headers) + 1):
            cell = ws.cell(row=row, column=column)
            assert not cell.protection.locked and cell.alignment.wrap_text
            expected = DATE if column in modules or column == exam_date else "General"
            assert cell.number_format == ("@" if column == exam_score else expected)
    for row, person in enumerate(assessment.persons, start=2):
        assert ws.cell(row=row, column=1).value == person.id
        if person.training is not None and person.training.exam_score is not None:
            score = ws.cell(row=row, column=exam_score)
            assert score.value == str(person.training.exam_score) and score.data_type == "s"
    validations = _validations(ws)
    levels = [dv for dv in validations.values() if dv.formula1 == '"0,1,2,3"']
    assert len(levels) == 1 and levels[0].type == "list"
    departments = validations[f"C2:C{last}"]
    assert departments.formula1 == f"'lotscert-metadata'!$F$2:$F${len(assessment.departments) + 1}"
    assert departments.errorStyle == "warning"
    dates = [dv for dv in validations.values() if dv.type == "date"]
    assert len(dates) == 1
    _check_date_validation(dates[0])
    assert str(dates[0].sqref).endswith(f"{openpyxl.utils.get_column_letter(exam_date)}{last}")

    metrics = wb["Mått"]
    keys = layout.ordered_union(
        assessment.metrics, (r.metric.key for r in catalog.requirements if r.metric is not None)
    )
    last = len(keys) + layout.SPARE_ROWS + 1
    _check_data_sheet(metrics, [column.width for column in layout.METRIC_COLUMNS], last)
    for row in range(2, last + 1):
        formats = [metrics.cell(row=row, column=column).number_format for column in range(1, 6)]
        assert formats == ["General", "@", "General", DATE, "General"]
    for row, key in enumerate(keys, start=2):
        metric = assessment.metrics.get(key)
        value = metrics.cell(row=row, column=2)
        assert value.value == (str(metric.value) if metric else None)
    _check_date_validation(_validations(metrics)[f"D2:D{last}"])


def test_instructions_metadata_and_workbook() -> None:
    assessment, catalog = _inputs("contract")
    wb = _open(assessment, catalog)
    assert wb.active.title == "Instruktioner"
    assert wb.security.lockStructure
    assert wb.properties.creator.startswith("lotscert ")
    assert wb.properties.title == "Minimalt exempel – Exempelby"
    ws = wb["Instruktioner"]
    assert ws.sheet_state == "visible"
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (34, 95)
    title = ws["A1"]
    assert title.value == "Checklista: Minimalt exempel"
    assert title.font.b and title.font.sz == 14 and not title.alignment.wrap_text
    headings = [cell.value for cell in ws["A"] if cell.font.b and cell.font.sz == 12]
    assert headings[:3] == ["Så fyller du i", "Status", "Mognad (katalogens skala)"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
                assert cell.protection.locked and cell.data_type == "s"
    assert ws.protection.sheet and not ws.protection.selectLockedCells
    assert ws.page_setup.orientation == "portrait" and ws.sheet_properties.pageSetUpPr.fitToPage
    # Rows 2 and 3: who fills the workbook in (unlocked cells, kept with every answer).
    assert [ws["A2"].value, ws["A3"].value] == ["Ifylld av (namn)", "Roll"]
    assert not ws["B2"].protection.locked and not ws["B3"].protection.locked
    assert ws.row_dimensions[12].height == 42  # a long instruction wraps to three lines

    meta = wb[layout.META_SHEET]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    keys = [meta.cell(row=row, column=1).value for row in range(2, len(layout.METADATA_KEYS) + 2)]
    assert keys == list(layout.METADATA_KEYS)
    statuses = [meta.cell(row=row, column=4).value for row in range(2, 7)]
    assert statuses == list(layout.status_labels("sv").values())
    assert [meta.cell(row=row, column=6).value for row in (2, 3)] == ["sbf", "mhf"]


def test_texts_stay_texts_and_old_dates_are_iso_text(tmp_path: Path) -> None:
    assessment, catalog = _inputs("contract")
    formula = '=HYPERLINK("http://example.invalid","klicka")'
    responses = dict(assessment.responses)
    responses["L1"] = responses["L1"].model_copy(
        update={
            "comment": formula,
            "action": Action(text="+1", owner="@SUM(A1)", due=dt.date(1899, 12, 31)),
        }
    )
    responses["L2"] = responses["L2"].model_copy(
        update={"action": Action(text="-2", owner=None, due=dt.date(1900, 3, 1))}
    )
    changed = assessment.model_copy(update={"responses": responses})
    ws = _open(changed, catalog)["Ledning"]
    assert (ws["I2"].value, ws["I2"].data_type) == (formula, "s")
    assert [(ws[ref].value, ws[ref].data_type) for ref in ("J2", "K2", "J3")] == [
        ("+1", "s"),
        ("@SUM(A1)", "s"),
        ("-2", "s"),
    ]
    assert (ws["L2"].value, ws["L2"].data_type, ws["L2"].number_format) == (
        "1899-12-31",
        "s",
        DATE,
    )
    assert ws["L3"].value == dt.datetime(1900, 3, 1) and ws["L3"].is_date
