"""``lotscert export ciso-assistant``: the framework library and the compliance assessment
sheet of an assessment, in one folder (default ``reports/<code>-<name>/``).

The sheet is CSV (``;``-separated, UTF-8 with a byte order mark, as CISO Assistant exports
it) or xlsx (one sheet, texts as text cells). The same inputs give byte-identical files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lotscert.atomic import write_bytes_atomic, write_text_atomic
from lotscert.errors import Location
from lotscert.inputs import check_not_inputs
from lotscert.interop.ciso.library import (
    PACKAGER,
    integer_weights,
    library_document,
    library_slug,
    library_yaml,
)
from lotscert.interop.ciso.sheet import SHEET_COLUMNS, guard_formula, sheet_rows
from lotscert.interop.problems import InteropError
from lotscert.interop.table import column_letter
from lotscert.interop.xlsxbytes import workbook_bytes
from lotscert.models.common import Language

SheetFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class CisoExport:
    """The files written, and the factor the weights were multiplied by (1 when whole)."""

    library: Path
    sheet: Path
    weight_factor: int


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return guard_formula(value)
    return str(value)


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The sheet as CSV: ``;``-separated, quoted where needed, CRLF, UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(SHEET_COLUMNS)
    for row in rows:
        writer.writerow([_cell_text(row[column]) for column in SHEET_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict[str, Any]], title: str) -> bytes:
    """The sheet as an xlsx workbook: one sheet, header row, texts as text (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(SHEET_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_index, row in enumerate(rows, start=2):
        for column_index, column in enumerate(SHEET_COLUMNS, start=1):
            value = row[column]
            if value is None:
                continue
            cell = sheet.cell(row=row_index, column=column_index)
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                raise InteropError(
                    f"{row.get('ref_id') or row['urn']}: {column}: control characters no "
                    "workbook can hold; use --sheet csv or remove them",
                    Location(title, cell=f"{column_letter(column_index)}{row_index}"),
                )
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a text starting with "=" stays a text
    sheet.freeze_panes = "C2"
    return workbook_bytes(workbook, PACKAGER)


def export_ciso(
    assessment_path: Path | str,
    out_dir: Path | str | None = None,
    *,
    lang: Language = "sv",
    sheet_format: SheetFormat = "csv",
    catalog_paths: Sequence[Path | str] = (),
    library_version: int = 1,
    provider: str = PACKAGER,
) -> CisoExport:
    """Load, check and score the assessment; write the library and the sheet."""
    from lotscert.engine.evaluate import evaluate
    from lotscert.loading import load_assessment_with_catalog
    from lotscert.pseudonyms import exported_assessment
    from lotscert.skeleton import slug

    loaded, catalog = load_assessment_with_catalog(Path(assessment_path), catalog_paths)
    # the sheet leaves lotscert: persons' names in its texts are pseudonymised
    assessment = exported_assessment(loaded, lang)
    result = evaluate(catalog, assessment)
    municipality = assessment.municipality
    folder = (
        Path(out_dir)
        if out_dir is not None
        else Path("reports") / f"{municipality.code}-{slug(municipality.name)}"
    )
    suffix = ".en" if lang == "en" else ""
    library_file = folder / f"{library_slug(catalog)}-ciso-assistant-library{suffix}.yaml"
    sheet_file = (
        folder / f"{assessment.period}-{assessment.kind}-ciso-assistant{suffix}.{sheet_format}"
    )
    document = library_document(catalog, lang=lang, version=library_version, provider=provider)
    rows = sheet_rows(catalog, assessment, result, lang)
    check_not_inputs([library_file, sheet_file])  # both or neither
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(library_file, library_yaml(document))
    if sheet_format == "csv":
        write_bytes_atomic(sheet_file, csv_bytes(rows))
    else:
        write_bytes_atomic(sheet_file, xlsx_bytes(rows, "audit"))
    return CisoExport(library_file, sheet_file, integer_weights(catalog).factor)
