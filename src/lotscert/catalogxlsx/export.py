"""``lotscert catalog export xlsx``: a catalogue as a workbook to fill in with the official
wording (one row per requirement, Swedish and English columns side by side)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from lotscert.atomic import write_bytes_atomic
from lotscert.catalogxlsx import layout
from lotscert.errors import Location, OutputExistsError, WorkbookError
from lotscert.interop.table import column_letter
from lotscert.interop.xlsxbytes import workbook_bytes
from lotscert.labels import label
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language, Text

#: The most characters one cell holds (Excel's limit).
MAX_CELL = 32_767


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


def _number(value: Decimal) -> int | str:
    """A whole number as a number; other decimals as text, so they come back exactly."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def _sv(text: Text | None) -> str | None:
    return text.sv if text is not None else None


def _en(text: Text | None) -> str | None:
    return text.en if text is not None else None


def catalog_rows(catalog: Catalog, lang: Language) -> dict[str, list[list[Any]]]:
    """The rows under each sheet's header, by sheet key."""
    rows: dict[str, list[list[Any]]] = {}
    rows["catalogue"] = [
        ["id", catalog.id, None],
        ["version", catalog.version, None],
        ["title", catalog.title.sv, catalog.title.en],
        ["basis", catalog.basis.sv, catalog.basis.en],
    ]
    rows["levels"] = [
        [
            level.id,
            level.title.sv,
            level.title.en,
            None
            if level.shall_may_be_not_applicable is None
            else _say(lang, "ja", "yes")
            if level.shall_may_be_not_applicable
            else _say(lang, "nej", "no"),
        ]
        for level in catalog.levels
    ]
    rows["cornerstones"] = [
        [cornerstone.id, cornerstone.title.sv, cornerstone.title.en]
        for cornerstone in catalog.cornerstones
    ]
    rows["scale"] = [
        [step.value, step.title.sv, step.title.en, _sv(step.description), _en(step.description)]
        for step in catalog.scale
    ]
    requirement_rows = []
    for requirement in catalog.requirements:
        metric = requirement.metric
        requirement_rows.append(
            [
                requirement.id,
                requirement.level,
                requirement.cornerstone,
                label("modality", requirement.modality, lang).lower(),
                _number(requirement.weight),
                requirement.title.sv,
                requirement.title.en,
                requirement.text.sv,
                requirement.text.en,
                requirement.guidance.sv,
                requirement.guidance.en,
                ", ".join(label("evidence_kind", kind, lang) for kind in requirement.evidence)
                or None,
                f"{metric.key} {metric.op} {_number(metric.target)}" if metric else None,
                _sv(metric.unit) if metric else None,
                _en(metric.unit) if metric else None,
                "; ".join(
                    f"{name}={getattr(metric, name)}"
                    for name in layout.METRIC_CONDITIONS
                    if getattr(metric, name) is not None
                )
                or None
                if metric
                else None,
                json.dumps(
                    requirement.persons.model_dump(mode="json", exclude_none=True),
                    ensure_ascii=False,
                )
                if requirement.persons
                else None,
            ]
        )
    rows["requirements"] = requirement_rows
    other = []
    for key in layout.OTHER_KEYS:
        value = getattr(catalog, key)
        if value is None:
            continue
        data = (
            value if isinstance(value, dict) else value.model_dump(mode="json", exclude_none=True)
        )
        other.append([key, json.dumps(data, ensure_ascii=False, indent=1)])
    rows["other"] = other
    return rows


def catalog_workbook_bytes(catalog: Catalog, lang: Language = "sv") -> bytes:
    """The workbook (xlsx bytes; the same catalogue gives the same bytes)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = catalog_rows(catalog, lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet_layout in layout.SHEETS:
        sheet = workbook.create_sheet(sheet_layout.name(lang))
        sheet.append([column.header(lang) for column in sheet_layout.columns])
        for index, column in enumerate(sheet_layout.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = bold
            cell.fill = header_fill
            sheet.column_dimensions[column_letter(index)].width = column.width
        for row_index, values in enumerate(rows[sheet_layout.key], start=2):
            lines = 1
            for column, value in zip(sheet_layout.columns, values, strict=True):
                if isinstance(value, str):  # wrapped text needs a row tall enough to show it
                    per_line = max(column.width - 2, 4)
                    lines = max(
                        lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n"))
                    )
            sheet.row_dimensions[row_index].height = min(15 * lines, 409)
            for column_index, value in enumerate(values, start=1):
                if value is None:
                    continue
                where = f"{sheet.title}!{column_letter(column_index)}{row_index}"
                if isinstance(value, str):
                    if ILLEGAL_CHARACTERS_RE.search(value) or "\r" in value:
                        raise WorkbookError(
                            _say(
                                lang,
                                "texten har styrtecken som ingen arbetsbok kan hålla",
                                "the text has control characters no workbook can hold",
                            ),
                            Location(catalog.ref, cell=where),
                        )
                    if len(value) > MAX_CELL:
                        raise WorkbookError(
                            _say(
                                lang,
                                f"texten är längre än {MAX_CELL} tecken (en cells gräns)",
                                f"the text is longer than {MAX_CELL} characters (a cell's limit)",
                            ),
                            Location(catalog.ref, cell=where),
                        )
                cell = sheet.cell(row=row_index, column=column_index)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # a text starting with "=" stays a text
                cell.alignment = wrap
        sheet.freeze_panes = "B2"
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.print_title_rows = "1:1"
        if sheet_layout.key == "requirements":
            last = max(len(rows["requirements"]) + 1, 2) + 500
            modality = DataValidation(
                type="list",
                formula1='"' + ",".join(_say(lang, "ska,bör", "shall,should").split(",")) + '"',
                allow_blank=False,
            )
            modality.add(f"D2:D{last}")
            sheet.add_data_validation(modality)
            sheet.auto_filter.ref = f"A1:{column_letter(len(sheet_layout.columns))}{last}"
    return workbook_bytes(workbook)


def export_catalog_workbook(
    catalog: Catalog, out: Path | str, *, lang: Language = "sv", force: bool = False
) -> Path:
    """Write the catalogue workbook to ``out`` (never over a file without ``force``)."""
    out = Path(out)
    if out.exists() and not force:
        raise OutputExistsError(
            _say(
                lang,
                "filen finns redan; använd --force för att skriva över den",
                "the file exists; use --force to overwrite it",
            ),
            Location(str(out)),
        )
    write_bytes_atomic(out, catalog_workbook_bytes(catalog, lang))
    return out
