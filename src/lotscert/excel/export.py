"""Write an assessment (or a blank one) as a checklist workbook.

Every text a user typed is written as a string cell — also one that starts with ``=``, ``+``,
``-`` or ``@`` — so that opening the workbook never evaluates it, and no apostrophe is added,
so the value is unchanged. Decimal numbers (metric values, exam scores) are written as text in
text-formatted cells so they come back as exactly the same decimal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from lotscert import __version__
from lotscert.atomic import write_bytes_atomic
from lotscert.errors import CatalogError, Location, OutputExistsError
from lotscert.excel import layout
from lotscert.excel.evidence_cell import format_evidence_cell
from lotscert.excel.layout import PersonLayout, say
from lotscert.excel.problems import WorkbookProblems
from lotscert.labels import label, labels
from lotscert.models.assessment import Assessment, AssessmentKind, Municipality, Response
from lotscert.models.catalog import Catalog, Requirement
from lotscert.models.common import Language

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


class _Sheets:
    """Writes cells and remembers every value that cannot go into a workbook."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.problems: list[str] = []

    def text(self, ws: Any, row: int, column: int, value: str | None, what: str) -> None:
        """A string cell, never a formula; None leaves the cell empty."""
        cell = ws.cell(row=row, column=column)
        if value is None:
            return
        bad = layout.FORBIDDEN_CHARACTERS.search(value)
        if bad is not None:
            self.problems.append(
                f"{ws.title}!{cell.coordinate}: "
                + say(
                    self.lang,
                    f"{what}: tecknet U+{ord(bad.group()):04X} kan inte stå i en Excel-cell; "
                    "ta bort det i YAML-filen",
                    f"{what}: the character U+{ord(bad.group()):04X} cannot be stored in an "
                    "Excel cell; remove it in the YAML file",
                )
            )
            return
        escape = layout.EXCEL_ESCAPE.search(value)
        if escape is not None:
            self.problems.append(
                f"{ws.title}!{cell.coordinate}: "
                + say(
                    self.lang,
                    f"{what}: {escape.group()!r} läses av Excel som ett kodat tecken; skriv om "
                    "texten i YAML-filen (t.ex. med mellanslag efter _)",
                    f"{what}: {escape.group()!r} is read by Excel as an encoded character; "
                    "reword the text in the YAML file (e.g. a space after the _)",
                )
            )
            return
        if len(value) > layout.MAX_CELL_CHARS:
            self.problems.append(
                f"{ws.title}!{cell.coordinate}: "
                + say(
                    self.lang,
                    f"{what}: {len(value)} tecken, en Excel-cell rymmer högst "
                    f"{layout.MAX_CELL_CHARS}",
                    f"{what}: {len(value)} characters, an Excel cell holds at most "
                    f"{layout.MAX_CELL_CHARS}",
                )
            )
            return
        cell.value = value
        # openpyxl makes any string starting with "=" a formula; the cell type says text.
        cell.data_type = "s"

    def date(self, ws: Any, row: int, column: int, value: dt.date | None) -> None:
        """A date cell (ISO text before 1900-03-01); None leaves the cell empty."""
        cell = ws.cell(row=row, column=column)
        cell.number_format = _DATE_FORMAT
        if value is None:
            return
        if value < FIRST_DATE_CELL:
            cell.value = value.isoformat()
            cell.data_type = "s"
        else:
            cell.value = value

    def number(self, ws: Any, row: int, column: int, value: int | None) -> None:
        """An integer cell; None leaves the cell empty."""
        if value is not None:
            ws.cell(row=row, column=column).value = value

    def decimal(self, ws: Any, row: int, column: int, value: Decimal | None, what: str) -> None:
        """A decimal as text, so that it reads back as exactly the same decimal."""
        cell = ws.cell(row=row, column=column)
        cell.number_format = "@"
        if value is not None:
            self.text(ws, row, column, str(value), what)


def _style_header(ws: Any, columns: int, widths: Sequence[float]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for index in range(1, columns + 1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _fit_row_heights(ws: Any, last_row: int) -> None:
    """Row heights that show wrapped text whole (spreadsheets do not grow rows written by a
    program on their own): the most lines any cell of the row needs at its column's width."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    for row in ws.iter_rows(min_row=1, max_row=last_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value or not cell.alignment.wrap_text:
                continue
            column = cell.column
            if column not in widths:
                widths[column] = ws.column_dimensions[get_column_letter(column)].width or 10.0
            # Bold header text is wider, and lines break between words: estimate low.
            factor = 0.8 if cell.font is not None and cell.font.b else 0.95
            per_line = max(int(widths[column] * factor), 1)
            needed = sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
            lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409.0, 13.0 * lines + 3)


def _finish_sheet(ws: Any, last_column: int, last_row: int, freeze: str) -> None:
    """Frozen panes, autofilter, print set-up and protection shared by the data sheets."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.protection import SheetProtection

    _fit_row_heights(ws, last_row)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(last_column)}{max(last_row, 2)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
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


def _unlock(ws: Any, row: int, column: int, wrap: bool = True) -> None:
    from openpyxl.styles.cell_style import StyleArray

    cell = ws.cell(row=row, column=column)
    protection_id, alignment_id = _unlocked_style_ids(ws.parent, wrap)
    if not getattr(cell, "_style", None):  # as openpyxl's own style setters do
        cell._style = StyleArray()
    cell._style.protectionId = protection_id
    cell._style.alignmentId = alignment_id


def _unlocked_style_ids(wb: Any, wrap: bool) -> tuple[int, int]:
    """The workbook's indexes of the unlocked protection and the top-aligned alignment.

    Assigning ``cell.protection = Protection(...)`` looks the style up among the workbook's
    styles by hashing and comparing it field by field; for a 2 000-person sheet that was most
    of the export's time. Looked up once per workbook, the same indexes are set directly — what
    openpyxl's own setter stores.
    """
    from openpyxl.styles import Alignment, Protection

    cache: dict[bool, tuple[int, int]] = wb.__dict__.setdefault("_lotscert_unlocked_ids", {})
    if wrap not in cache:
        cache[wrap] = (
            wb._protections.add(Protection(locked=False)),
            wb._alignments.add(Alignment(wrap_text=wrap, vertical="top")),
        )
    return cache[wrap]


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
    wb: Any,
    name: str,
    requirements: list[Requirement],
    assessment: Assessment,
    catalog: Catalog,
) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, PatternFill

    lang = book.lang
    ws = wb.create_sheet(name)
    columns = layout.REQUIREMENT_COLUMNS
    position = {column.key: index for index, column in enumerate(columns, start=1)}
    for index, column in enumerate(columns, start=1):
        book.text(ws, 1, index, column.header(lang), "header")
    _style_header(ws, len(columns), [column.width for column in columns])
    status_words = layout.status_labels(lang)
    scale_values = {step.value for step in catalog.scale}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, requirement in enumerate(requirements, start=2):
        fixed = {
            "id": requirement.id,
            "title": requirement.title.get(lang),
            "text": requirement.text.get(lang),
            "modality": label("modality", requirement.modality, lang),
            "guidance": requirement.guidance.get(lang),
        }
        for key, value in fixed.items():
            book.text(ws, row, position[key], value, key)
            ws.cell(row=row, column=position[key]).alignment = wrap
        for column in columns:
            if column.is_input:
                _unlock(ws, row, position[column.key])
        response: Response | None = assessment.responses.get(requirement.id)
        if response is None:
            continue
        where = f"responses.{requirement.id}"
        book.text(ws, row, position["status"], status_words[response.status], f"{where}.status")
        if response.maturity is not None:
            if response.maturity not in scale_values:
                cell = ws.cell(row=row, column=position["maturity"]).coordinate
                book.problems.append(
                    f"{ws.title}!{cell}: "
                    + say(
                        lang,
                        f"{where}.maturity: {response.maturity} finns inte på katalogens skala",
                        f"{where}.maturity: {response.maturity} is not on the catalogue's scale",
                    )
                )
            else:
                book.text(
                    ws,
                    row,
                    position["maturity"],
                    layout.maturity_label(response.maturity, catalog, lang),
                    f"{where}.maturity",
                )
        if response.evidence:
            book.text(
                ws,
                row,
                position["evidence"],
                format_evidence_cell(response.evidence, lang),
                f"{where}.evidence",
            )
        book.text(ws, row, position["comment"], response.comment, f"{where}.comment")
        if response.action is not None:
            book.text(ws, row, position["action"], response.action.text, f"{where}.action.text")
            book.text(ws, row, position["owner"], response.action.owner, f"{where}.action.owner")
            book.date(ws, row, position["due"], response.action.due)
    last_row = len(requirements) + 1
    for row in range(2, last_row + 1):
        ws.cell(row=row, column=position["due"]).number_format = _DATE_FORMAT
    if requirements:
        from openpyxl.utils import get_column_letter

        status_dv = _list_validation(_meta_range("D", len(status_words)), lang)
        maturity_dv = _list_validation(_meta_range("E", len(catalog.scale)), lang)
        due_dv = _date_validation(lang)
        for dv, key in ((status_dv, "status"), (maturity_dv, "maturity"), (due_dv, "due")):
            letter = get_column_letter(position[key])
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
        status_letter = get_column_letter(position["status"])
        span = f"A2:{get_column_letter(len(columns))}{last_row}"
        for status, colour in _STATUS_COLOURS.items():
            word = status_words[status].replace('"', '""')
            ws.conditional_formatting.add(
                span,
                FormulaRule(
                    formula=[f'${status_letter}2="{word}"'],
                    fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                ),
            )
    _finish_sheet(ws, len(columns), last_row, "B2")


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


def _persons_sheet(
    book: _Sheets, wb: Any, assessment: Assessment, catalog: Catalog, people: PersonLayout
) -> None:
    from openpyxl.utils import get_column_letter

    lang = book.lang
    ws = wb.create_sheet(layout.persons_sheet_name(lang))
    headers = people.headers(catalog, lang)
    for index, header in enumerate(headers, start=1):
        book.text(ws, 1, index, header, "header")
    widths = [column.width for column in layout.PERSON_FIXED_COLUMNS]
    widths += [11.0] * (len(people.languages) + len(people.areas))
    widths += [14.0] * len(people.modules)
    widths += [column.width for column in layout.PERSON_EXAM_COLUMNS]
    _style_header(ws, len(headers), widths)
    first_language = len(layout.PERSON_FIXED_COLUMNS) + 1
    first_area = first_language + len(people.languages)
    first_module = first_area + len(people.areas)
    exam_score_column = first_module + len(people.modules)
    exam_date_column = exam_score_column + 1
    allowed = set(layout.competence_values(catalog))
    last_row = len(assessment.persons) + layout.SPARE_ROWS + 1
    for row in range(2, last_row + 1):
        for column in range(1, len(headers) + 1):
            _unlock(ws, row, column)
        for column in range(first_module, exam_score_column):
            ws.cell(row=row, column=column).number_format = _DATE_FORMAT
        ws.cell(row=row, column=exam_score_column).number_format = "@"
        ws.cell(row=row, column=exam_date_column).number_format = _DATE_FORMAT
    for row, person in enumerate(assessment.persons, start=2):
        where = f"persons[{row - 2}]"
        book.text(ws, row, 1, person.id, f"{where}.id")
        book.text(ws, row, 2, person.name, f"{where}.name")
        book.text(ws, row, 3, person.department, f"{where}.department")
        book.text(ws, row, 4, person.role, f"{where}.role")
        levels_by_column: list[tuple[int, dict[str, int], tuple[str, ...], str]] = [
            (first_language, person.languages, people.languages, "languages"),
            (first_area, person.competences, people.areas, "competences"),
        ]
        for first, values, keys, field in levels_by_column:
            for offset, key in enumerate(keys):
                value = values.get(key)
                if value is not None and value not in allowed:
                    cell = ws.cell(row=row, column=first + offset).coordinate
                    book.problems.append(
                        f"{ws.title}!{cell}: "
                        + say(
                            lang,
                            f"{where}.{field}.{key}: {value} finns inte på kompetensskalan",
                            f"{where}.{field}.{key}: {value} is not on the competence scale",
                        )
                    )
                    continue
                book.number(ws, row, first + offset, value)
        if person.training is not None:
            for offset, module in enumerate(people.modules):
                book.date(ws, row, first_module + offset, person.training.modules.get(module))
            book.decimal(
                ws,
                row,
                exam_score_column,
                person.training.exam_score,
                f"{where}.training.exam_score",
            )
            book.date(ws, row, exam_date_column, person.training.exam_date)
    levels_count = len(people.languages) + len(people.areas)
    if levels_count:
        choices = ",".join(str(value) for value in layout.competence_values(catalog))
        dv = _list_validation(f'"{choices}"', lang)
        dv.add(
            f"{get_column_letter(first_language)}2:{get_column_letter(first_module - 1)}{last_row}"
        )
        ws.add_data_validation(dv)
    if assessment.departments:
        department_dv = _list_validation(
            _meta_range("F", len(assessment.departments)), lang, strict=False
        )
        department_dv.add(f"C2:C{last_row}")
        ws.add_data_validation(department_dv)
    date_dv = _date_validation(lang)
    if people.modules:
        date_dv.add(
            f"{get_column_letter(first_module)}2:"
            f"{get_column_letter(exam_score_column - 1)}{last_row}"
        )
    date_letter = get_column_letter(exam_date_column)
    date_dv.add(f"{date_letter}2:{date_letter}{last_row}")
    ws.add_data_validation(date_dv)
    _finish_sheet(ws, len(headers), last_row, "B2")


def _metrics_sheet(book: _Sheets, wb: Any, assessment: Assessment, catalog: Catalog) -> None:
    lang = book.lang
    ws = wb.create_sheet(layout.metrics_sheet_name(lang))
    columns = layout.METRIC_COLUMNS
    for index, column in enumerate(columns, start=1):
        book.text(ws, 1, index, column.header(lang), "header")
    _style_header(ws, len(columns), [column.width for column in columns])
    keys = layout.ordered_union(
        assessment.metrics,
        (r.metric.key for r in catalog.requirements if r.metric is not None),
    )
    last_row = len(keys) + layout.SPARE_ROWS + 1
    for row in range(2, last_row + 1):
        for index in range(1, len(columns) + 1):
            _unlock(ws, row, index)
        ws.cell(row=row, column=2).number_format = "@"
        ws.cell(row=row, column=4).number_format = _DATE_FORMAT
    for row, key in enumerate(keys, start=2):
        book.text(ws, row, 1, key, "metrics")
        metric = assessment.metrics.get(key)
        if metric is None:
            continue
        where = f"metrics.{key}"
        book.decimal(ws, row, 2, metric.value, f"{where}.value")
        book.text(ws, row, 3, metric.source, f"{where}.source")
        book.date(ws, row, 4, metric.date)
        book.text(ws, row, 5, metric.note, f"{where}.note")
    date_dv = _date_validation(lang)
    date_dv.add(f"D2:D{last_row}")
    ws.add_data_validation(date_dv)
    _finish_sheet(ws, len(columns), last_row, "B2")


_STATUS_MEANING: dict[str, tuple[str, str]] = {
    "fulfilled": (
        "Kravet uppfylls och det finns underlag som visar det (minst ett underlag krävs).",
        "The requirement is met and there is evidence showing it (at least one item needed).",
    ),
    "partial": (
        "Kravet uppfylls delvis. Beskriv vad som saknas och planera en åtgärd.",
        "The requirement is partly met. Describe what is missing and plan an action.",
    ),
    "not_fulfilled": (
        "Kravet uppfylls inte. Planera en åtgärd med ansvarig och datum.",
        "The requirement is not met. Plan an action with an owner and a date.",
    ),
    "not_applicable": (
        "Kravet gäller inte kommunen. Skriv varför i kommentaren (krävs).",
        "The requirement does not apply. Say why in the comment (required).",
    ),
    "not_assessed": (
        "Kravet är inte bedömt ännu.",
        "The requirement has not been assessed yet.",
    ),
}


def _instructions_sheet(
    book: _Sheets, ws: Any, assessment: Assessment, catalog: Catalog, blank: bool
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.protection import SheetProtection

    lang = book.lang
    ws.title = layout.instructions_sheet_name(lang)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 95
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1

    def put(left: str | None, right: str | None = None, *, bold: bool = False) -> None:
        nonlocal row
        book.text(ws, row, 1, left, "instructions")
        book.text(ws, row, 2, right, "instructions")
        for column in (1, 2):
            ws.cell(row=row, column=column).alignment = wrap
        if bold:
            ws.cell(row=row, column=1).font = Font(bold=True, size=12)
        row += 1

    title = say(lang, "Checklista", "Checklist")
    put(f"{title}: {catalog.title.get(lang)}", bold=True)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=False, vertical="top")
    municipality = f"{assessment.municipality.name} ({assessment.municipality.code})"
    put(say(lang, "Kommun", "Municipality"), municipality)
    put(say(lang, "År", "Year"), str(assessment.period))
    put(say(lang, "Typ", "Kind"), label("kind", assessment.kind, lang))
    put(say(lang, "Datum", "Date"), assessment.date.isoformat())
    put(say(lang, "Katalog", "Catalogue"), f"{catalog.title.get(lang)} ({catalog.ref})")
    put(say(lang, "Formatversion", "Format version"), layout.FORMAT_VERSION)
    row += 1
    put(say(lang, "Så fyller du i", "How to fill it in"), bold=True)
    steps = [
        say(
            lang,
            "Varje nivå har ett eget blad med ett krav per rad. Fyll i kolumnerna "
            "Status, Mognad, Underlag, Kommentar, Åtgärd, Ansvarig och Klart senast. Kolumnerna "
            "till vänster (id, rubrik, krav, ska/bör, vägledning) är låsta.",
            "Each level has its own sheet with one requirement per row. Fill in the columns "
            "Status, Maturity, Evidence, Comment, Action, Owner and Due date. The columns to the "
            "left (id, title, requirement, shall/should, guidance) are locked.",
        ),
        say(
            lang,
            "Status och Mognad väljs i rullgardinslistor. Klart senast är ett datum (ÅÅÅÅ-MM-DD).",
            "Status and Maturity are chosen from drop-down lists. Due date is a date (YYYY-MM-DD).",
        ),
        say(
            lang,
            "Bladet Personer har en rad per lots: språk och kompetensområden som nivå i "
            "rullgardinslistor, avklarade moduler med datum, provresultat (0–1, t.ex. 0,85) och "
            "provdatum. Nya personer skrivs in på tomma rader.",
            "The Persons sheet has one row per pilot: languages and competence areas as levels "
            "from drop-down lists, completed modules with their dates, exam score (0–1, e.g. "
            "0.85) and exam date. Add new persons on empty rows.",
        ),
        say(
            lang,
            "Bladet Mått har uppmätta värden med källa och datum (t.ex. handläggningstid).",
            "The Metrics sheet holds measured values with source and date (e.g. handling time).",
        ),
        say(
            lang,
            "Byt inte namn på bladen och flytta inte kolumnerna: arbetsboken läses tillbaka "
            "cell för cell (lotscert import xlsx). Bladskyddet finns mot misstag och har inget "
            "lösenord.",
            "Do not rename the sheets or move the columns: the workbook is read back cell by "
            "cell (lotscert import xlsx). The sheet protection guards against accidents and has "
            "no password.",
        ),
    ]
    for instruction in steps:
        put("", instruction)
    row += 1
    put(say(lang, "Status", "Status"), bold=True)
    for status, word in layout.status_labels(lang).items():
        sv, en = _STATUS_MEANING[status]
        put(word, say(lang, sv, en))
    row += 1
    put(say(lang, "Mognad (katalogens skala)", "Maturity (the catalogue's scale)"), bold=True)
    for scale_step in catalog.scale:
        meaning = scale_step.description.get(lang) if scale_step.description else ""
        put(layout.maturity_label(scale_step.value, catalog, lang), meaning)
    if catalog.competence is not None:
        row += 1
        put(say(lang, "Kompetensnivåer (Personer)", "Competence levels (Persons)"), bold=True)
        for competence_step in catalog.competence.scale:
            meaning = competence_step.description.get(lang) if competence_step.description else ""
            put(f"{competence_step.value} – {competence_step.title.get(lang)}", meaning)
    row += 1
    put(say(lang, "Underlag – en rad per underlag", "Evidence – one line per item"), bold=True)
    kinds = ", ".join(labels("evidence_kind", lang).values())
    evidence_help = [
        say(
            lang,
            "Form: TYP: REFERENS (ÅÅÅÅ-MM-DD) | ANTECKNING — datum och anteckning kan utelämnas.",
            "Form: KIND: REFERENCE (YYYY-MM-DD) | NOTE — the date and note may be left out.",
        ),
        say(lang, f"TYP är en av: {kinds}.", f"KIND is one of: {kinds}."),
        say(
            lang,
            "I referens och anteckning: \\n betyder radbrytning, \\| ett lodstreck, \\( en "
            "parentes som inte är datum och \\\\ ett omvänt snedstreck.",
            "In reference and note: \\n means a line break, \\| a vertical bar, \\( a "
            "parenthesis that is not the date and \\\\ a backslash.",
        ),
        say(lang, "Exempel:", "Examples:"),
        f"{labels('evidence_kind', lang)['document']}: KS 2025-11-20 § 145 (2025-11-20)",
        say(
            lang,
            "intervju: Intervju med kommundirektören (2026-02-10) | Bekräftar budgeten",
            "interview: Interview with the chief executive (2026-02-10) | Confirms the budget",
        ),
    ]
    for line in evidence_help:
        put("", line)
    row += 1
    put(say(lang, "Bedömare", "Assessors"), bold=True)
    for assessor in assessment.assessors:
        details = ", ".join(part for part in (assessor.role, assessor.organisation) if part)
        put(assessor.name, details)
    if not assessment.assessors:
        put("—")
    row += 1
    put(say(lang, "Förvaltningar", "Departments"), bold=True)
    for department in assessment.departments:
        put(department.id, department.name)
    if not assessment.departments:
        put("—")
    row += 1
    put(say(lang, "Skicka tillbaka till", "Send it back to"), bold=True)
    contact = assessment.assessors[0].name if assessment.assessors else None
    put(
        "",
        say(
            lang,
            f"{contact or 'Den som skickade arbetsboken'} — spara som .xlsx utan lösenord.",
            f"{contact or 'The person who sent you the workbook'} — save as .xlsx without a "
            "password.",
        ),
    )
    if blank:
        put("", say(lang, "(Tom checklista.)", "(Blank checklist.)"))
    _fit_row_heights(ws, row)
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
    }
    assert tuple(values) == layout.METADATA_KEYS
    return values


def _metadata_sheet(
    book: _Sheets,
    wb: Any,
    values: dict[str, str],
    catalog: Catalog,
    assessment: Assessment,
) -> None:
    from openpyxl.worksheet.protection import SheetProtection

    lang = book.lang
    ws = wb.create_sheet(layout.META_SHEET)
    book.text(ws, 1, 1, "key", "metadata")
    book.text(ws, 1, 2, "value", "metadata")
    row = 2
    for key, value in values.items():
        book.text(ws, row, 1, key, "metadata")
        book.text(ws, row, 2, value, f"metadata {key}")
        row += 1
    book.text(ws, row, 1, layout.DIGEST_KEY, "metadata")
    book.text(ws, row, 2, layout.metadata_digest(values), "metadata")
    # The drop-down lists' entries (list validations refer to these ranges).
    book.text(ws, 1, 4, "status", "metadata")
    for index, word in enumerate(layout.status_labels(lang).values(), start=2):
        book.text(ws, index, 4, word, "status")
    book.text(ws, 1, 5, "maturity", "metadata")
    for index, word in enumerate(layout.maturity_labels(catalog, lang), start=2):
        book.text(ws, index, 5, word, "maturity")
    book.text(ws, 1, 6, "departments", "metadata")
    for index, department in enumerate(assessment.departments, start=2):
        book.text(ws, index, 6, department.id, "departments")
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
) -> bytes:
    """The checklist workbook as .xlsx bytes.

    ``levels`` limits the level sheets (all when empty). ``catalog_sha256`` is the SHA-256 of
    the catalogue file's bytes when there is a file (``catalog_sha256_of="file"``), else the
    canonical dump of the model is used. Raises :class:`WorkbookProblems` listing every value
    that cannot be written.
    """
    from openpyxl import Workbook
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
    wb = Workbook()
    _instructions_sheet(book, wb.active, assessment, catalog, blank)
    level_sheets = layout.level_sheet_names(catalog, lang)
    for level_id in chosen:
        requirements = [r for r in catalog.requirements if r.level == level_id]
        _level_sheet(book, wb, level_sheets[level_id], requirements, assessment, catalog)
    people = person_layout(assessment, catalog)
    _persons_sheet(book, wb, assessment, catalog, people)
    _metrics_sheet(book, wb, assessment, catalog)
    if catalog_sha256 is None:
        catalog_sha256, catalog_sha256_of = layout.catalog_model_sha256(catalog), "model"
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
        created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    _metadata_sheet(book, wb, values, catalog, assessment)
    if book.problems:
        raise WorkbookProblems(
            book.problems,
            say(
                lang,
                f"{len(book.problems)} värden kan inte skrivas till arbetsboken",
                f"{len(book.problems)} values cannot be written to the workbook",
            ),
        )
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = f"lotscert {__version__}"
    wb.properties.title = f"{catalog.title.get(lang)} – {assessment.municipality.name}"
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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


def default_workbook_name(assessment: Assessment) -> str:
    """``0860-hultsfred-2027-self_assessment.xlsx``."""
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(assessment.municipality.name.lower())).strip("-")
    code, period, kind = assessment.municipality.code, assessment.period, assessment.kind
    return f"{code}-{slug or 'kommun'}-{period}-{kind}.xlsx"


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
) -> Path:
    """Write ``assessment`` as a checklist workbook; returns the path written."""
    target = Path(out_path) if out_path is not None else Path(default_workbook_name(assessment))
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
    )
    write_bytes_atomic(target, data)
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
) -> Path:
    """Export the assessment file at ``assessment_path`` as a filled checklist workbook; with
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
    return export_assessment(
        assessment,
        entry.catalog,
        out_path,
        lang=lang,
        levels=levels,
        catalog_path=entry.path,
        force=force,
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
