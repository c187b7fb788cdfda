"""Write an assessment (or a blank one) as a checklist workbook.

Every text a user typed is written as a string cell — also one that starts with ``=``, ``+``,
``-`` or ``@`` — so that opening the workbook never evaluates it, and no apostrophe is added,
so the value is unchanged. Decimal numbers (metric values, exam scores) are written as text in
text-formatted cells so they come back as exactly the same decimal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lotscert import __version__
from lotscert.atomic import write_bytes_atomic
from lotscert.errors import CatalogError, Location, LotscertError, OutputExistsError
from lotscert.excel import basevalues, instructions, layout
from lotscert.excel.audit_extras import AUDIT_KEY, audit_extras, dump_extras, part_extras
from lotscert.excel.evidence_cell import format_evidence_cell
from lotscert.excel.layout import PersonLayout, say
from lotscert.excel.part import Part, choose_part
from lotscert.excel.problems import WorkbookProblems
from lotscert.excel.sheetwriter import BookWriter, SheetGrid, Style
from lotscert.excel.threeway import canonical_places, places_of
from lotscert.labels import label
from lotscert.models.assessment import (
    Assessment,
    AssessmentKind,
    Municipality,
    Person,
    Response,
)
from lotscert.models.catalog import Catalog, Requirement
from lotscert.models.common import Language
from lotscert.plaintext import escape_unprintable

#: Dates before this are written as ISO text: Excel's date serials start in 1900 (and count a
#: 29 February 1900 that never was).
FIRST_DATE_CELL = dt.date(1900, 3, 1)

_DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FILL = "1F4E79"
_STATUS_COLOURS = {
    "fulfilled": "C6EFCE",
    "partial": "FFEB9C",
    "not_fulfilled": "FFC7CE",
    "not_applicable": "D9D9D9",
    "not_assessed": "DDEBF7",
}

#: The header row: bold white text on dark blue, wrapped.
_HEADER = Style(bold=True, colour="FFFFFF", fill=_HEADER_FILL, wrap=True)
#: A locked cell the user reads (requirement text, instructions).
_FIXED = Style(wrap=True)
#: Unlocked cells the user fills in: any value, a date, a decimal kept as text.
_INPUT = Style(wrap=True, locked=False)
_INPUT_DATE = Style(wrap=True, locked=False, number_format=_DATE_FORMAT)
_INPUT_TEXT = Style(wrap=True, locked=False, number_format="@")
#: The Instruktioner sheet's title and headings.
_TITLE = Style(bold=True, size=14, wrap=False)
_HEADING = Style(bold=True, size=12, wrap=True)
#: A label beside a cell to fill in on the Instruktioner sheet.
_LABEL = Style(bold=True, wrap=True)


class _Sheets:
    """Puts values into sheet grids and remembers every value that cannot go into a workbook,
    located as ``Sheet!C12``."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.problems: list[str] = []

    def problem(self, grid: SheetGrid, row: int, column: int, message: str) -> None:
        from openpyxl.utils import get_column_letter

        self.problems.append(f"{grid.title}!{get_column_letter(column)}{row}: {message}")

    def text(self, grid: SheetGrid, row: int, column: int, value: str | None, what: str) -> None:
        """A string cell, never a formula; None leaves the cell empty."""
        if value is None:
            return
        bad = layout.FORBIDDEN_CHARACTERS.search(value)
        if bad is not None:
            self.problem(
                grid,
                row,
                column,
                say(
                    self.lang,
                    f"{what}: tecknet U+{ord(bad.group()):04X} kan inte stå i en Excel-cell; "
                    "ta bort det i YAML-filen",
                    f"{what}: the character U+{ord(bad.group()):04X} cannot be stored in an "
                    "Excel cell; remove it in the YAML file",
                ),
            )
            return
        value = layout.excel_escaped(value)  # "_x0041_" typed stays "_x0041_"
        if len(value) > layout.MAX_CELL_CHARS:
            self.problem(
                grid,
                row,
                column,
                say(
                    self.lang,
                    f"{what}: {len(value)} tecken, en Excel-cell rymmer högst "
                    f"{layout.MAX_CELL_CHARS}",
                    f"{what}: {len(value)} characters, an Excel cell holds at most "
                    f"{layout.MAX_CELL_CHARS}",
                ),
            )
            return
        # Written as an inline string: a text starting with "=" stays text, never a formula.
        grid.put(row, column, value)

    def date(self, grid: SheetGrid, row: int, column: int, value: dt.date | None) -> None:
        """A date cell (ISO text before 1900-03-01); None leaves the cell empty. The cell's
        style (set by the sheet) has the date format."""
        if value is None:
            return
        grid.put(row, column, value.isoformat() if value < FIRST_DATE_CELL else value)

    def number(self, grid: SheetGrid, row: int, column: int, value: int | None) -> None:
        """An integer cell; None leaves the cell empty."""
        if value is not None:
            grid.put(row, column, value)

    def decimal(
        self, grid: SheetGrid, row: int, column: int, value: Decimal | None, what: str
    ) -> None:
        """A decimal as text (in a cell the sheet formats as text, ``@``), so that it reads back
        as exactly the same decimal."""
        if value is not None:
            self.text(grid, row, column, str(value), what)


def _style_header(grid: SheetGrid, widths: Sequence[float]) -> None:
    """The header row's look and the columns' widths."""
    for index, width in enumerate(widths, start=1):
        grid.style(1, index, _HEADER)
        grid.widths[index] = width


def _finish_sheet(ws: Any, last_column: int, last_row: int, freeze: str) -> None:
    """Frozen panes, autofilter, print set-up and protection shared by the data sheets."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.protection import SheetProtection
    from openpyxl.worksheet.worksheet import Worksheet

    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(last_column)}{max(last_row, 2)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.protection = SheetProtection(
        sheet=True,
        autoFilter=False,
        sort=False,
        formatColumns=False,
        formatRows=False,
        selectLockedCells=False,
        selectUnlockedCells=False,
    )
    if layout.SHEET_PASSWORD:
        ws.protection.password = layout.SHEET_PASSWORD


def _date_validation(lang: Language) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="date",
        operator="between",
        formula1="DATE(1900,3,1)",
        formula2="DATE(9999,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=say(lang, "Datum", "Date"),
        error=say(lang, "Skriv ett datum, ÅÅÅÅ-MM-DD.", "Enter a date, YYYY-MM-DD."),
    )


def _list_validation(formula: str, lang: Language, *, strict: bool = True) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=say(lang, "Välj i listan", "Choose from the list"),
        error=say(lang, "Välj ett värde i listan.", "Choose a value from the list."),
    )


def _meta_range(column: str, count: int) -> str:
    return f"'{layout.META_SHEET}'!${column}$2:${column}${count + 1}"


def _level_sheet(
    book: _Sheets,
    writer: BookWriter,
    name: str,
    requirements: list[Requirement],
    assessment: Assessment,
    catalog: Catalog,
) -> None:
    """One level's requirements, one per row: the fixed columns locked, the answers unlocked."""
    ws, grid = writer.add_sheet(name)
    columns = layout.REQUIREMENT_COLUMNS
    for index, column in enumerate(columns, start=1):
        book.text(grid, 1, index, column.header(book.lang), "header")
    _style_header(grid, [column.width for column in columns])
    for row, requirement in enumerate(requirements, start=2):
        for index, column in enumerate(columns, start=1):
            grid.style(row, index, _INPUT if column.is_input else _FIXED)
        grid.style(row, _POSITION["due"], _INPUT_DATE)
        _requirement_row(book, grid, row, requirement, assessment, catalog)
    last_row = len(requirements) + 1
    if requirements:
        _level_validations(ws, book.lang, catalog, last_row)
    _finish_sheet(ws, len(columns), last_row, "B2")


#: Column number of each requirement column, by key.
_POSITION = {column.key: index for index, column in enumerate(layout.REQUIREMENT_COLUMNS, 1)}


def _requirement_row(
    book: _Sheets,
    grid: SheetGrid,
    row: int,
    requirement: Requirement,
    assessment: Assessment,
    catalog: Catalog,
) -> None:
    """The requirement's own text, then the assessment's answer to it (if any)."""
    lang = book.lang
    fixed = {
        "id": requirement.id,
        "title": requirement.title.get(lang),
        "text": requirement.text.get(lang),
        "modality": label("modality", requirement.modality, lang),
        "guidance": requirement.guidance.get(lang),
    }
    for key, value in fixed.items():
        book.text(grid, row, _POSITION[key], value, key)
    response: Response | None = assessment.responses.get(requirement.id)
    if response is None:
        return
    where = f"responses.{requirement.id}"
    status = layout.status_labels(lang)[response.status]
    book.text(grid, row, _POSITION["status"], status, f"{where}.status")
    if response.maturity is not None:
        if response.maturity not in {step.value for step in catalog.scale}:
            book.problem(
                grid,
                row,
                _POSITION["maturity"],
                say(
                    lang,
                    f"{where}.maturity: {response.maturity} finns inte på katalogens skala",
                    f"{where}.maturity: {response.maturity} is not on the catalogue's scale",
                ),
            )
        else:
            maturity = layout.maturity_label(response.maturity, catalog, lang)
            book.text(grid, row, _POSITION["maturity"], maturity, f"{where}.maturity")
    if response.evidence:
        evidence = format_evidence_cell(response.evidence, lang)
        book.text(grid, row, _POSITION["evidence"], evidence, f"{where}.evidence")
    book.text(grid, row, _POSITION["comment"], response.comment, f"{where}.comment")
    if response.action is not None:
        action = response.action
        book.text(grid, row, _POSITION["action"], action.text, f"{where}.action.text")
        book.text(grid, row, _POSITION["owner"], action.owner, f"{where}.action.owner")
        book.date(grid, row, _POSITION["due"], action.due)


def _level_validations(ws: Any, lang: Language, catalog: Catalog, last_row: int) -> None:
    """Drop-down lists for status and maturity, a date check for the due date, and the row's
    colour by its status."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    status_words = layout.status_labels(lang)
    status_dv = _list_validation(_meta_range("D", len(status_words)), lang)
    maturity_dv = _list_validation(_meta_range("E", len(catalog.scale)), lang)
    due_dv = _date_validation(lang)
    for dv, key in ((status_dv, "status"), (maturity_dv, "maturity"), (due_dv, "due")):
        letter = get_column_letter(_POSITION[key])
        dv.add(f"{letter}2:{letter}{last_row}")
        ws.data_validations.append(dv)
    status_letter = get_column_letter(_POSITION["status"])
    span = f"A2:{get_column_letter(len(layout.REQUIREMENT_COLUMNS))}{last_row}"
    for status, colour in _STATUS_COLOURS.items():
        word = status_words[status].replace('"', '""')
        ws.conditional_formatting.add(
            span,
            FormulaRule(
                formula=[f'${status_letter}2="{word}"'],
                fill=PatternFill("solid", fgColor=colour, bgColor=colour),
            ),
        )


def person_layout(assessment: Assessment, catalog: Catalog) -> PersonLayout:
    """The Personer sheet's columns: the catalogue's languages, areas and modules, then any
    others the assessment's persons have."""
    profile = catalog.competence
    return PersonLayout(
        languages=layout.ordered_union(
            profile.languages if profile else (), *(p.languages for p in assessment.persons)
        ),
        areas=layout.ordered_union(
            (area.id for area in profile.areas) if profile else (),
            *(p.competences for p in assessment.persons),
        ),
        modules=layout.ordered_union(
            (module.id for module in profile.modules) if profile else (),
            *(p.training.modules for p in assessment.persons if p.training is not None),
        ),
    )


@dataclass(frozen=True)
class _PersonColumns:
    """Where the Personer sheet's column groups start (1-based column numbers)."""

    first_language: int
    first_area: int
    first_module: int
    exam_score: int
    exam_date: int
    count: int

    @classmethod
    def of(cls, people: PersonLayout) -> _PersonColumns:
        first_language = len(layout.PERSON_FIXED_COLUMNS) + 1
        first_area = first_language + len(people.languages)
        first_module = first_area + len(people.areas)
        exam_score = first_module + len(people.modules)
        return cls(
            first_language, first_area, first_module, exam_score, exam_score + 1, exam_score + 1
        )


def _persons_sheet(
    book: _Sheets,
    writer: BookWriter,
    assessment: Assessment,
    catalog: Catalog,
    people: PersonLayout,
) -> None:
    """One pilot per row, and spare rows for new ones: every cell below the header unlocked."""
    ws, grid = writer.add_sheet(layout.persons_sheet_name(book.lang))
    headers = people.headers(catalog, book.lang)
    for index, header in enumerate(headers, start=1):
        book.text(grid, 1, index, header, "header")
    widths = [column.width for column in layout.PERSON_FIXED_COLUMNS]
    widths += [11.0] * (len(people.languages) + len(people.areas))
    widths += [14.0] * len(people.modules)
    widths += [column.width for column in layout.PERSON_EXAM_COLUMNS]
    _style_header(grid, widths)
    at = _PersonColumns.of(people)
    last_row = len(assessment.persons) + layout.SPARE_ROWS + 1
    body = range(2, last_row + 1)
    grid.style_block(body, range(1, at.first_module), _INPUT)
    grid.style_block(body, range(at.first_module, at.exam_score), _INPUT_DATE)
    grid.style_block(body, (at.exam_score,), _INPUT_TEXT)
    grid.style_block(body, (at.exam_date,), _INPUT_DATE)
    allowed = set(layout.competence_values(catalog))
    for row, person in enumerate(assessment.persons, start=2):
        _person_row(book, grid, row, person, people, at, allowed)
    _persons_validations(ws, book.lang, assessment, catalog, people, at, last_row)
    _finish_sheet(ws, at.count, last_row, "B2")


def _person_row(
    book: _Sheets,
    grid: SheetGrid,
    row: int,
    person: Person,
    people: PersonLayout,
    at: _PersonColumns,
    allowed: set[int],
) -> None:
    """One pilot: name and role, language and competence levels, web course and exam."""
    where = f"persons[{row - 2}]"
    book.text(grid, row, 1, person.id, f"{where}.id")
    book.text(grid, row, 2, person.name, f"{where}.name")
    book.text(grid, row, 3, person.department, f"{where}.department")
    book.text(grid, row, 4, person.role, f"{where}.role")
    levels_by_column: list[tuple[int, dict[str, int], tuple[str, ...], str]] = [
        (at.first_language, person.languages, people.languages, "languages"),
        (at.first_area, person.competences, people.areas, "competences"),
    ]
    for first, values, keys, field in levels_by_column:
        for offset, key in enumerate(keys):
            value = values.get(key)
            if value is not None and value not in allowed:
                book.problem(
                    grid,
                    row,
                    first + offset,
                    say(
                        book.lang,
                        f"{where}.{field}.{key}: {value} finns inte på kompetensskalan",
                        f"{where}.{field}.{key}: {value} is not on the competence scale",
                    ),
                )
                continue
            book.number(grid, row, first + offset, value)
    training = person.training
    if training is not None:
        for offset, module in enumerate(people.modules):
            book.date(grid, row, at.first_module + offset, training.modules.get(module))
        score_where = f"{where}.training.exam_score"
        book.decimal(grid, row, at.exam_score, training.exam_score, score_where)
        book.date(grid, row, at.exam_date, training.exam_date)


def _persons_validations(
    ws: Any,
    lang: Language,
    assessment: Assessment,
    catalog: Catalog,
    people: PersonLayout,
    at: _PersonColumns,
    last_row: int,
) -> None:
    """Drop-down lists for levels and departments, date checks for module and exam dates."""
    from openpyxl.utils import get_column_letter

    if people.languages or people.areas:
        choices = ",".join(str(value) for value in layout.competence_values(catalog))
        dv = _list_validation(f'"{choices}"', lang)
        first, last = get_column_letter(at.first_language), get_column_letter(at.first_module - 1)
        dv.add(f"{first}2:{last}{last_row}")
        ws.data_validations.append(dv)
    if assessment.departments:
        department_dv = _list_validation(
            _meta_range("F", len(assessment.departments)), lang, strict=False
        )
        department_dv.add(f"C2:C{last_row}")
        ws.data_validations.append(department_dv)
    date_dv = _date_validation(lang)
    if people.modules:
        first, last = get_column_letter(at.first_module), get_column_letter(at.exam_score - 1)
        date_dv.add(f"{first}2:{last}{last_row}")
    date_letter = get_column_letter(at.exam_date)
    date_dv.add(f"{date_letter}2:{date_letter}{last_row}")
    ws.data_validations.append(date_dv)


def _metrics_sheet(
    book: _Sheets,
    writer: BookWriter,
    assessment: Assessment,
    catalog: Catalog,
    owned: Sequence[str] | None = None,
) -> None:
    """One measured value per row: the assessment's metrics, then the catalogue's (or only
    ``owned``, a department's)."""
    lang = book.lang
    ws, grid = writer.add_sheet(layout.metrics_sheet_name(lang))
    columns = layout.METRIC_COLUMNS
    for index, column in enumerate(columns, start=1):
        book.text(grid, 1, index, column.header(lang), "header")
    _style_header(grid, [column.width for column in columns])
    keys = layout.ordered_union(
        assessment.metrics,
        (r.metric.key for r in catalog.requirements if r.metric is not None),
    )
    if owned is not None:
        keys = tuple(owned)
    last_row = len(keys) + layout.SPARE_ROWS + 1
    body = range(2, last_row + 1)
    grid.style_block(body, range(1, len(columns) + 1), _INPUT)
    grid.style_block(body, (2,), _INPUT_TEXT)
    grid.style_block(body, (4,), _INPUT_DATE)
    for row, key in enumerate(keys, start=2):
        book.text(grid, row, 1, key, "metrics")
        metric = assessment.metrics.get(key)
        if metric is None:
            continue
        where = f"metrics.{key}"
        book.decimal(grid, row, 2, metric.value, f"{where}.value")
        book.text(grid, row, 3, metric.source, f"{where}.source")
        book.date(grid, row, 4, metric.date)
        book.text(grid, row, 5, metric.note, f"{where}.note")
    date_dv = _date_validation(lang)
    date_dv.add(f"D2:D{last_row}")
    ws.data_validations.append(date_dv)
    _finish_sheet(ws, len(columns), last_row, "B2")


def _instructions_sheet(
    book: _Sheets, writer: BookWriter, assessment: Assessment, catalog: Catalog, blank: bool
) -> None:
    """The Instruktioner sheet: its content comes from :mod:`lotscert.excel.instructions`."""
    from openpyxl.worksheet.protection import SheetProtection

    lang = book.lang
    ws, grid = writer.add_sheet(layout.instructions_sheet_name(lang))
    grid.widths.update({1: 34, 2: 95})
    row = 1

    def put(left: str | None, right: str | None = None, *, style: Style = _FIXED) -> None:
        nonlocal row
        book.text(grid, row, 1, left, "instructions")
        book.text(grid, row, 2, right, "instructions")
        grid.style(row, 1, style)
        grid.style(row, 2, _FIXED)
        row += 1

    put(instructions.title(catalog, lang), style=_TITLE)
    # Who fills the workbook in: kept with every answer it brings (provenance).
    for left in (say(lang, "Ifylld av (namn)", "Filled in by (name)"), say(lang, "Roll", "Role")):
        put(left, style=_LABEL)
        grid.style(row - 1, 2, _INPUT)
    for section in instructions.instruction_sections(assessment, catalog, lang, blank):
        if section.heading is not None:
            row += 1
            put(section.heading, style=_HEADING)
        for left, right in section.rows:
            put(left, right)
    ws.protection = SheetProtection(sheet=True, selectLockedCells=False)
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _metadata_values(
    assessment: Assessment,
    catalog: Catalog,
    lang: Language,
    levels: Sequence[str],
    level_sheets: dict[str, str],
    people: PersonLayout,
    catalog_sha256: str,
    catalog_sha256_of: str,
    blank: bool,
    created: str,
    part: Part,
    workbook_id: str,
) -> dict[str, str]:
    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    values = {
        "format_version": layout.FORMAT_VERSION,
        "generator": f"lotscert {__version__}",
        "catalog_id": catalog.id,
        "catalog_version": catalog.version,
        "catalog_sha256": catalog_sha256,
        "catalog_sha256_of": catalog_sha256_of,
        "catalog_model_sha256": layout.catalog_model_sha256(catalog),
        "municipality_code": assessment.municipality.code,
        "municipality_name": assessment.municipality.name,
        "period": str(assessment.period),
        "kind": assessment.kind,
        "date": assessment.date.isoformat(),
        "language": lang,
        "blank": "true" if blank else "false",
        "levels": dump(list(levels)),
        "level_sheets": dump({level: level_sheets[level] for level in levels}),
        "person_languages": dump(list(people.languages)),
        "person_areas": dump(list(people.areas)),
        "person_modules": dump(list(people.modules)),
        "assessors": dump([a.model_dump(mode="json") for a in assessment.assessors]),
        "departments": dump([d.model_dump(mode="json") for d in assessment.departments]),
        "created": created,
        "department": part.department or "",
        "requirements": dump(list(part.requirements)),
        "sheets": dump({"persons": part.persons is not None, "metrics": part.metrics is not None}),
        "workbook_id": workbook_id,
        "answerer_cells": dump(list(layout.ANSWERER_CELLS)),
        "base_sha256": "",  # filled in once the base is known
    }
    assert tuple(values) == layout.METADATA_KEYS
    if assessment.publishable is not None:
        values["publishable"] = "true" if assessment.publishable else "false"
    extras = audit_extras(assessment) if not blank else {}
    if part.department is not None:  # a department gets only its own part's records
        extras = part_extras(extras, part.department, part.requirements, part.persons)
    if extras:  # an optional key: workbooks without audit records stay as they were
        values[AUDIT_KEY] = dump_extras(extras)
    return values


def _base_sheet(writer: BookWriter, text: str) -> None:
    """The hidden, protected sheet with the values the workbook was given (in pieces)."""
    from openpyxl.worksheet.protection import SheetProtection

    ws, grid = writer.add_sheet(basevalues.BASE_SHEET, fit_heights=False)
    for row, piece in enumerate(basevalues.chunks(text), start=1):
        grid.put(row, 1, layout.excel_escaped(piece))
    ws.sheet_state = "hidden"
    ws.protection = SheetProtection(sheet=True)


def _metadata_sheet(
    book: _Sheets,
    writer: BookWriter,
    values: dict[str, str],
    catalog: Catalog,
    assessment: Assessment,
) -> None:
    """The hidden sheet the importer checks, and the drop-down lists' entries."""
    from openpyxl.worksheet.protection import SheetProtection

    lang = book.lang
    ws, grid = writer.add_sheet(layout.META_SHEET, fit_heights=False)
    book.text(grid, 1, 1, "key", "metadata")
    book.text(grid, 1, 2, "value", "metadata")
    row = 2
    for key, value in values.items():
        book.text(grid, row, 1, key, "metadata")
        book.text(grid, row, 2, value, f"metadata {key}")
        row += 1
    book.text(grid, row, 1, layout.DIGEST_KEY, "metadata")
    book.text(grid, row, 2, layout.metadata_digest(values), "metadata")
    # The drop-down lists' entries (list validations refer to these ranges).
    book.text(grid, 1, 4, "status", "metadata")
    for index, word in enumerate(layout.status_labels(lang).values(), start=2):
        book.text(grid, index, 4, word, "status")
    book.text(grid, 1, 5, "maturity", "metadata")
    for index, word in enumerate(layout.maturity_labels(catalog, lang), start=2):
        book.text(grid, index, 5, word, "maturity")
    book.text(grid, 1, 6, "departments", "metadata")
    for index, department in enumerate(assessment.departments, start=2):
        book.text(grid, index, 6, department.id, "departments")
    ws.sheet_state = "hidden"
    ws.protection = SheetProtection(sheet=True)


def build_workbook(
    assessment: Assessment,
    catalog: Catalog,
    *,
    lang: Language = "sv",
    levels: Sequence[str] = (),
    catalog_sha256: str | None = None,
    catalog_sha256_of: str = "model",
    blank: bool = False,
    created: str | None = None,
    department: str | None = None,
    workbook_id: str | None = None,
    name: str = "",
) -> bytes:
    """The checklist workbook as .xlsx bytes.

    ``levels`` limits the level sheets (all when empty); ``department`` gives only that
    department's part (see :mod:`lotscert.excel.part`). The workbook keeps the values it was
    given (its base, :mod:`lotscert.excel.basevalues`) for the three-way merge at import.
    ``catalog_sha256`` is the SHA-256 of the catalogue file's bytes when there is a file
    (``catalog_sha256_of="file"``), else the canonical dump of the model is used. Raises
    :class:`WorkbookProblems` listing every value that cannot be written.
    """
    from openpyxl.workbook.protection import WorkbookProtection

    chosen = _choose_levels(catalog, levels, lang)
    if assessment.catalog != catalog.ref:
        raise CatalogError(
            say(
                lang,
                f"bedömningen gäller katalogen {assessment.catalog}, inte {catalog.ref}",
                f"the assessment is for catalogue {assessment.catalog}, not {catalog.ref}",
            )
        )
    part = choose_part(assessment, catalog, chosen, department, lang)
    chosen = part.levels(catalog, chosen)
    full = assessment
    assessment = part.view(assessment)
    book = _Sheets(lang)
    unknown = sorted(set(assessment.responses) - set(catalog.requirements_by_id))
    for requirement_id in unknown:
        book.problems.append(
            f"responses.{requirement_id}: "
            + say(
                lang,
                f"kravet {requirement_id} finns inte i katalogen {catalog.ref}; rätta YAML-filen",
                f"requirement {requirement_id} is not in catalogue {catalog.ref}; fix the YAML",
            )
        )
    writer = BookWriter()
    _instructions_sheet(book, writer, assessment, catalog, blank)
    level_sheets = layout.level_sheet_names(catalog, lang)
    for level_id in chosen:
        requirements = [
            r for r in catalog.requirements if r.level == level_id and r.id in part.requirements
        ]
        _level_sheet(book, writer, level_sheets[level_id], requirements, assessment, catalog)
    people = person_layout(assessment, catalog)
    if part.persons is not None:
        _persons_sheet(book, writer, assessment, catalog, people)
    if part.metrics is not None:
        owned = part.metrics if part.department is not None else None
        _metrics_sheet(book, writer, assessment, catalog, owned)
    if catalog_sha256 is None:
        catalog_sha256, catalog_sha256_of = layout.catalog_model_sha256(catalog), "model"
    created = created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = _metadata_values(
        assessment,
        catalog,
        lang,
        chosen,
        level_sheets,
        people,
        catalog_sha256,
        catalog_sha256_of,
        blank,
        created,
        part,
        workbook_id or "",
    )
    base_text = basevalues.encode(
        basevalues.Base(
            part.scope, canonical_places(places_of(assessment.model_dump(), part.scope))
        )
    )
    values["base_sha256"] = basevalues.digest(base_text)
    if not values["workbook_id"]:  # the same input, time and file name give the same id
        seed = f"{created}\n{part.department}\n{','.join(chosen)}\n{values['base_sha256']}"
        if name:  # two workbooks written in the same second to two names are two workbooks
            seed += f"\n{name}"
        values["workbook_id"] = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
    _metadata_sheet(book, writer, values, catalog, full)
    _base_sheet(writer, base_text)
    if book.problems:
        raise WorkbookProblems(
            book.problems,
            say(
                lang,
                f"{len(book.problems)} {'värde' if len(book.problems) == 1 else 'värden'} kan "
                "inte skrivas till arbetsboken",
                f"{len(book.problems)} {'value' if len(book.problems) == 1 else 'values'} cannot "
                "be written to the workbook",
            ),
        )
    wb = writer.workbook
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = f"lotscert {__version__}"
    wb.properties.title = f"{catalog.title.get(lang)} – {assessment.municipality.name}"
    wb.active = 0
    return writer.save(_package_time(created))


def _package_time(created: str) -> dt.datetime:
    """The time the package's members and document properties carry: ``created`` (UTC), so
    that the same input and ``created`` give the same bytes; 1980-01-01, the earliest a zip
    member can carry, when ``created`` is not an ISO time."""
    try:
        moment = dt.datetime.fromisoformat(created)
    except ValueError:
        return dt.datetime(1980, 1, 1)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _choose_levels(catalog: Catalog, wanted: Sequence[str], lang: Language) -> list[str]:
    """The level ids named by ``wanted`` (ids or titles, any case), in catalogue order."""
    if not wanted:
        return [level.id for level in catalog.levels]
    chosen: set[str] = set()
    for item in wanted:
        level_id = find_level(catalog, item)
        if level_id is None:
            known = ", ".join(level.id for level in catalog.levels)
            raise CatalogError(
                say(
                    lang,
                    f"nivån {item!r} finns inte i katalogen {catalog.ref} (nivåer: {known})",
                    f"level {item!r} is not in catalogue {catalog.ref} (levels: {known})",
                )
            )
        chosen.add(level_id)
    return [level.id for level in catalog.levels if level.id in chosen]


def find_level(catalog: Catalog, name: str) -> str | None:
    """The id of the level called ``name`` (its id or a title, ignoring case)."""
    folded = name.strip().casefold()
    for level in catalog.levels:
        candidates = {level.id, level.title.sv, level.title.en or level.title.sv}
        if folded in {candidate.casefold() for candidate in candidates}:
            return level.id
    return None


def default_workbook_name(assessment: Assessment, department: str | None = None) -> str:
    """``0860-hultsfred-2027-self_assessment.xlsx``; a department's checklist ends in its id
    (``…-self_assessment-mhf.xlsx``), so one per department can be made without ``--out``."""
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(assessment.municipality.name.lower())).strip("-")
    code, period, kind = assessment.municipality.code, assessment.period, assessment.kind
    suffix = f"-{department.strip()}" if department else ""
    return f"{code}-{slug or 'kommun'}-{period}-{kind}{suffix}.xlsx"


def _ascii(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def export_assessment(
    assessment: Assessment,
    catalog: Catalog,
    out_path: Path | None = None,
    *,
    lang: Language = "sv",
    levels: Sequence[str] = (),
    catalog_path: Path | None = None,
    blank: bool = False,
    force: bool = False,
    department: str | None = None,
) -> Path:
    """Write ``assessment`` as a checklist workbook (``department``: only its part); returns
    the path written."""
    target = (
        Path(out_path)
        if out_path is not None
        else Path(default_workbook_name(assessment, department))
    )
    if target.exists() and not force:
        raise OutputExistsError(
            say(
                lang,
                "filen finns redan; använd --force för att skriva över den",
                "the file exists; use --force to overwrite it",
            ),
            Location(str(target)),
        )
    if catalog_path is not None:
        sha, sha_of = hashlib.sha256(Path(catalog_path).read_bytes()).hexdigest(), "file"
    else:
        sha, sha_of = layout.catalog_model_sha256(catalog), "model"
    data = build_workbook(
        assessment,
        catalog,
        lang=lang,
        levels=levels,
        catalog_sha256=sha,
        catalog_sha256_of=sha_of,
        blank=blank,
        department=department,
        name=target.name,
    )
    write_bytes_atomic(target, data, lang=lang)
    return target


def export_workbook(
    assessment_path: Path | str | None,
    out_path: Path | None = None,
    lang: Language = "sv",
    levels: Sequence[str] = (),
    *,
    catalog_paths: Sequence[Path | str] = (),
    force: bool = False,
    municipality: str | None = None,
    year: int | None = None,
    kind: AssessmentKind = "self_assessment",
    catalog: str | None = None,
    municipality_name: str | None = None,
    department: str | None = None,
    record: bool = False,
) -> Path:
    """Export the assessment file at ``assessment_path`` as a filled checklist workbook
    (``department``: only that department's part; ``record``: note it in the round's record
    ``NAME.round.json`` beside the assessment, as ``export xlsx`` does); with
    ``assessment_path=None``, a blank one for ``municipality`` and ``year`` (see
    :func:`export_blank`). Returns the path written."""
    from lotscert.loading import find_catalog_entry, load_assessment

    if assessment_path is None:
        if municipality is None or year is None:
            raise CatalogError(
                say(
                    lang,
                    "en tom checklista behöver kommunkod och år",
                    "a blank checklist needs a municipality code and a year",
                )
            )
        return export_blank(
            municipality,
            year,
            out_path,
            kind=kind,
            catalog=catalog,
            catalog_paths=catalog_paths,
            lang=lang,
            levels=levels,
            municipality_name=municipality_name,
            force=force,
        )
    assessment = load_assessment(assessment_path)
    entry = find_catalog_entry(assessment.catalog, catalog_paths)
    written = export_assessment(
        assessment,
        entry.catalog,
        out_path,
        lang=lang,
        levels=levels,
        catalog_path=entry.path,
        force=force,
        department=department,
    )
    if record:
        with contextlib.suppress(LotscertError):  # the workbook is out; the record is a help
            record_export(Path(assessment_path), written, lang)
    return written


def record_export(assessment_path: Path, workbook: Path, lang: Language = "sv") -> None:
    """Note ``workbook``, just exported from ``assessment_path``, in the round's record beside
    the assessment (for ``status``). Raises :class:`~lotscert.errors.LotscertError` when the
    record cannot be read or written (the workbook stays written)."""
    from lotscert import round as round_record
    from lotscert.excel.cellgrid import read_grid

    try:
        sheet = read_grid(workbook)[layout.META_SHEET]
    except Exception:  # we just wrote it; a device target (/dev/null) holds none
        return
    values = {
        str(sheet.value(row, 1)[0]): str(sheet.value(row, 2)[0] or "")
        for row in sheet.rows_with_values(2)
    }
    round_record.note_export(
        assessment_path,
        values.get("workbook_id", ""),
        file=escape_unprintable(workbook.name),  # a file name may hold anything
        department=values.get("department") or None,
        levels=json.loads(values.get("levels", "[]")),
        requirements=json.loads(values.get("requirements", "[]")),
        exported=values.get("created", ""),
        lang=lang,
        base_sha256=values.get("base_sha256") or None,
    )


def blank_assessment(
    catalog: Catalog,
    municipality_code: str,
    year: int,
    kind: AssessmentKind = "self_assessment",
    *,
    municipality_name: str | None = None,
    date: dt.date | None = None,
    lang: Language = "sv",
) -> Assessment:
    """A new assessment where every requirement is not assessed yet."""
    from lotscert.municipalities import is_example_code, lookup

    name = municipality_name
    if name is None:
        info = lookup(municipality_code)
        if info is None:
            hint = (
                say(
                    lang,
                    "; en exempelkommun (99xx) behöver --municipality-name",
                    "; an example municipality (99xx) needs --municipality-name",
                )
                if is_example_code(municipality_code)
                else ""
            )
            raise CatalogError(
                say(
                    lang,
                    f"okänd kommunkod {municipality_code!r}{hint}",
                    f"unknown municipality code {municipality_code!r}{hint}",
                )
            )
        name = info.name
    from lotscert.skeleton import new_assessment

    municipality = Municipality(code=municipality_code, name=name)
    return new_assessment(catalog, municipality, year, kind, today=date).assessment


def resolve_catalog_choice(
    choice: str | None, catalog_paths: Sequence[Path | str] = (), lang: Language = "sv"
) -> tuple[Catalog, Path]:
    """The catalogue named ``id@version`` or ``id`` (newest version), or the only one seen."""
    from lotscert.loading import choose_catalog

    entry = choose_catalog(choice, catalog_paths, lang)
    return entry.catalog, entry.path


def export_blank(
    municipality_code: str,
    year: int,
    out_path: Path | None = None,
    *,
    kind: AssessmentKind = "self_assessment",
    catalog: str | None = None,
    catalog_paths: Sequence[Path | str] = (),
    lang: Language = "sv",
    levels: Sequence[str] = (),
    municipality_name: str | None = None,
    date: dt.date | None = None,
    force: bool = False,
) -> Path:
    """Write a blank checklist (every requirement not assessed) for a new period."""
    chosen, path = resolve_catalog_choice(catalog, catalog_paths, lang)
    assessment = blank_assessment(
        chosen,
        municipality_code,
        year,
        kind,
        municipality_name=municipality_name,
        date=date,
        lang=lang,
    )
    return export_assessment(
        assessment,
        chosen,
        out_path,
        lang=lang,
        levels=levels,
        catalog_path=path,
        blank=True,
        force=force,
    )
