"""``lotscert catalog import xlsx``: a catalogue workbook read into a catalogue YAML file.

Every cell is checked and every problem reported at once as ``Bok.xlsx!Krav!H12: …``; then
nothing is written. Columns are found by their header (Swedish or English), so they may be
moved. The catalogue built from the cells is checked as ``lotscert validate`` checks a
catalogue file (unique ids, levels and cornerstones that exist, …), each problem at the cell it
comes from; the YAML written is read back and compared before it replaces anything.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lotscert.catalogxlsx import layout
from lotscert.errors import Location
from lotscert.excel.cellgrid import GridSheet
from lotscert.interop.problems import InteropError, InteropProblems
from lotscert.interop.table import column_letter, open_book
from lotscert.labels import labels
from lotscert.models.catalog import EVIDENCE_KINDS, Catalog
from lotscert.models.common import Language
from lotscert.plaintext import forbidden_message

_METRIC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(<=|>=|==|<|>)\s*(-?\d+(?:[.,]\d+)?)\s*$")
_SPLIT = re.compile(r"[,;\n]")
DataPath = tuple[str | int, ...]


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


@dataclass
class CatalogWorkbookImport:
    """The catalogue read and the file it was written to."""

    catalog: Catalog
    written: Path | None = None
    notes: list[str] = field(default_factory=list)


def _evidence_words() -> dict[str, str]:
    words: dict[str, str] = {kind: kind for kind in EVIDENCE_KINDS}
    for lang in ("sv", "en"):
        words.update({word.lower(): kind for kind, word in labels("evidence_kind", lang).items()})
    return words


class _Reader:
    def __init__(self, display: str, lang: Language) -> None:
        self.display = display
        self.lang = lang
        self.problems: list[str] = []
        self.cells: dict[DataPath, str] = {}
        self.reported: set[str] = set()  # cells with a problem already (one problem per cell)
        self.evidence_words = _evidence_words()

    def where(self, sheet: GridSheet, row: int, column: int) -> str:
        return f"{self.display}!{sheet.title}!{column_letter(column)}{row}"

    def problem(self, where: str, sv: str, en: str) -> None:
        self.reported.add(where)
        self.problems.append(f"{where}: {_say(self.lang, sv, en)}")

    def raw(self, sheet: GridSheet, row: int, column: int | None) -> Any:
        """The cell's value; a formula or error value is a problem (and reads as None)."""
        if column is None:
            return None
        value, data_type = sheet.value(row, column)
        if data_type in ("f", "e"):
            self.problem(
                self.where(sheet, row, column),
                "cellen innehåller en formel eller ett felvärde; skriv texten",
                "the cell holds a formula or an error value; type the text",
            )
            return None
        return value

    def text(self, sheet: GridSheet, row: int, column: int | None) -> str | None:
        value = self.raw(sheet, row, column)
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        if not text.strip():
            return None
        assert column is not None
        bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
        if bad:
            self.problem(
                self.where(sheet, row, column),
                f"texten innehåller styrtecken ({bad[0]!r}); ta bort dem",
                f"the text holds control characters ({bad[0]!r}); remove them",
            )
            return None
        forbidden = forbidden_message(text)  # text-direction characters: validate refuses them
        if forbidden is not None:
            self.problem(self.where(sheet, row, column), *forbidden)
            return None
        return text.strip()

    def bilingual(
        self, sheet: GridSheet, row: int, sv: int | None, en: int | None, path: DataPath
    ) -> dict[str, str] | None:
        swedish = self.text(sheet, row, sv)
        english = self.text(sheet, row, en)
        if sv is not None:
            self.cells[(*path, "sv")] = self.where(sheet, row, sv)
            self.cells[path] = self.where(sheet, row, sv)
        if swedish is None:
            already = sv is not None and self.where(sheet, row, sv) in self.reported
            if (english is not None or sv is not None) and not already:
                self.problem(
                    self.where(sheet, row, sv or 1),
                    "den svenska texten saknas (den krävs; engelskan är frivillig)",
                    "the Swedish text is missing (it is required; English is optional)",
                )
            return None
        result = {"sv": swedish}
        if english is not None:
            result["en"] = english
        return result

    def number(self, sheet: GridSheet, row: int, column: int | None) -> Decimal | None:
        value = self.raw(sheet, row, column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        assert column is not None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problem(
                self.where(sheet, row, column),
                f"ska vara ett tal, inte {value!r}",
                f"must be a number, not {value!r}",
            )
            return None
        return number


def _columns(
    reader: _Reader, sheet: GridSheet, sheet_layout: layout.Sheet
) -> dict[str, int] | None:
    """Each column's key → its column number, found by header (either language)."""
    headers = {}
    for column in sheet_layout.columns:
        headers[column.sv.lower()] = column.key
        headers[column.en.lower()] = column.key
    width = max((column for (_, column) in sheet.cells), default=0)
    found: dict[str, int] = {}
    ok = True
    for index in range(1, width + 1):
        value = sheet.value(1, index)[0]
        if value is None or not str(value).strip():
            continue
        key = headers.get(str(value).strip().lower())
        if key is None:
            known = ", ".join(column.header(reader.lang) for column in sheet_layout.columns)
            reader.problem(
                reader.where(sheet, 1, index),
                f"okänd kolumn {value!r}; kolumnerna är {known}",
                f"unknown column {value!r}; the columns are {known}",
            )
            ok = False
        elif key in found:
            reader.problem(
                reader.where(sheet, 1, index),
                f"kolumnen {value!r} finns redan i {column_letter(found[key])}",
                f"the column {value!r} is already in {column_letter(found[key])}",
            )
            ok = False
        else:
            found[key] = index
    for column in sheet_layout.columns:
        if column.required and column.key not in found:
            reader.problem(
                reader.where(sheet, 1, 1),
                f"kolumnen {column.header(reader.lang)!r} saknas",
                f"the column {column.header(reader.lang)!r} is missing",
            )
            ok = False
    return found if ok else None


def _read_catalogue_sheet(
    reader: _Reader, sheet: GridSheet, columns: dict[str, int]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for row in sheet.rows_with_values(2):
        name = reader.text(sheet, row, columns["field"])
        if name is None:
            continue
        key = name.lower()
        if key not in layout.CATALOGUE_FIELDS:
            reader.problem(
                reader.where(sheet, row, columns["field"]),
                f"okänt fält {name!r}; fälten är {', '.join(layout.CATALOGUE_FIELDS)}",
                f"unknown field {name!r}; the fields are {', '.join(layout.CATALOGUE_FIELDS)}",
            )
            continue
        if key in seen:
            reader.problem(
                reader.where(sheet, row, columns["field"]),
                f"fältet {key} står redan på rad {seen[key]}",
                f"the field {key} is already on row {seen[key]}",
            )
            continue
        seen[key] = row
        if key in ("id", "version"):
            value = reader.text(sheet, row, columns.get("sv"))
            if columns.get("sv"):
                reader.cells[(key,)] = reader.where(sheet, row, columns["sv"])
            if value is None:
                reader.problem(
                    reader.where(sheet, row, columns.get("sv", 2)),
                    f"{key} saknas",
                    f"{key} is missing",
                )
            else:
                data[key] = value
        else:
            text = reader.bilingual(sheet, row, columns.get("sv"), columns.get("en"), (key,))
            if text is not None:
                data[key] = text
    for key in layout.CATALOGUE_FIELDS:
        if key not in seen:
            reader.problem(
                reader.where(sheet, 1, 1),
                f"raden {key!r} saknas",
                f"the row {key!r} is missing",
            )
    return data


def _read_rows(
    reader: _Reader,
    sheet: GridSheet,
    sheet_layout: layout.Sheet,
    columns: dict[str, int],
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for row in sheet.rows_with_values(2):
        index = len(items)
        path: DataPath = (sheet_layout.key, index)
        reader.cells[path] = reader.where(sheet, row, 1)
        item: dict[str, Any] = {}
        key = sheet_layout.key
        if key in ("levels", "cornerstones", "requirements"):
            identifier = reader.text(sheet, row, columns.get("id"))
            reader.cells[(*path, "id")] = reader.where(sheet, row, columns["id"])
            if identifier is None:
                reader.problem(
                    reader.where(sheet, row, columns["id"]), "id saknas", "id is missing"
                )
            item["id"] = identifier
            title_key = "title"
            item[title_key] = reader.bilingual(
                sheet, row, columns.get("title_sv"), columns.get("title_en"), (*path, "title")
            )
        if key == "levels":
            flag = reader.text(sheet, row, columns.get("shall_na"))
            if flag is not None:
                word = flag.lower()
                if word in layout.YES_WORDS or word in layout.NO_WORDS:
                    item["shall_may_be_not_applicable"] = word in layout.YES_WORDS
                else:
                    reader.problem(
                        reader.where(sheet, row, columns["shall_na"]),
                        f"skriv ja, nej eller lämna tomt, inte {flag!r}",
                        f"write yes, no or leave it blank, not {flag!r}",
                    )
        if key == "scale":
            value = reader.number(sheet, row, columns.get("value"))
            reader.cells[(*path, "value")] = reader.where(sheet, row, columns["value"])
            if value is None or value != value.to_integral_value():
                reader.problem(
                    reader.where(sheet, row, columns["value"]),
                    "värdet ska vara ett heltal",
                    "the value must be a whole number",
                )
            else:
                item["value"] = int(value)
            item["title"] = reader.bilingual(
                sheet, row, columns.get("title_sv"), columns.get("title_en"), (*path, "title")
            )
            if reader.text(sheet, row, columns.get("description_sv")) or reader.text(
                sheet, row, columns.get("description_en")
            ):
                item["description"] = reader.bilingual(
                    sheet,
                    row,
                    columns.get("description_sv"),
                    columns.get("description_en"),
                    (*path, "description"),
                )
        if key == "requirements":
            _read_requirement(reader, sheet, row, columns, path, item)
        items.append(item)
    return items


def _read_requirement(
    reader: _Reader,
    sheet: GridSheet,
    row: int,
    columns: dict[str, int],
    path: DataPath,
    item: dict[str, Any],
) -> None:
    for name in ("level", "cornerstone"):
        item[name] = reader.text(sheet, row, columns.get(name))
        reader.cells[(*path, name)] = reader.where(sheet, row, columns[name])
        if item[name] is None:
            reader.problem(
                reader.where(sheet, row, columns[name]), f"{name} saknas", f"{name} is missing"
            )
    modality = reader.text(sheet, row, columns.get("modality"))
    reader.cells[(*path, "modality")] = reader.where(sheet, row, columns["modality"])
    if modality is None or modality.lower() not in layout.MODALITY_WORDS:
        reader.problem(
            reader.where(sheet, row, columns["modality"]),
            f"skriv ska eller bör, inte {modality!r}",
            f"write shall or should, not {modality!r}",
        )
    else:
        item["modality"] = layout.MODALITY_WORDS[modality.lower()]
    weight = reader.number(sheet, row, columns.get("weight"))
    if "weight" in columns:
        reader.cells[(*path, "weight")] = reader.where(sheet, row, columns["weight"])
    if weight is not None:
        item["weight"] = weight
    for name in ("text", "guidance"):
        item[name] = reader.bilingual(
            sheet, row, columns.get(f"{name}_sv"), columns.get(f"{name}_en"), (*path, name)
        )
    evidence_text = reader.text(sheet, row, columns.get("evidence"))
    if evidence_text is not None:
        kinds = []
        for word in _SPLIT.split(evidence_text):
            word = word.strip().lower()
            if not word:
                continue
            kind = reader.evidence_words.get(word)
            if kind is None:
                choices = ", ".join(labels("evidence_kind", reader.lang).values())
                reader.problem(
                    reader.where(sheet, row, columns["evidence"]),
                    f"okänd underlagstyp {word!r}; välj bland {choices}",
                    f"unknown kind of evidence {word!r}; choose among {choices}",
                )
            else:
                kinds.append(kind)
        item["evidence"] = kinds
    metric_text = reader.text(sheet, row, columns.get("metric"))
    if metric_text is not None:
        match = _METRIC.match(metric_text)
        reader.cells[(*path, "metric")] = reader.where(sheet, row, columns["metric"])
        if match is None:
            reader.problem(
                reader.where(sheet, row, columns["metric"]),
                f"skriv måttet som NYCKEL JÄMFÖRELSE MÅL, t.ex. nki >= 70, inte {metric_text!r}",
                f"write the metric as KEY COMPARISON TARGET, e.g. nki >= 70, not {metric_text!r}",
            )
        else:
            metric: dict[str, Any] = {
                "key": match.group(1),
                "op": match.group(2),
                "target": Decimal(match.group(3).replace(",", ".")),
            }
            if reader.text(sheet, row, columns.get("metric_unit_sv")) or reader.text(
                sheet, row, columns.get("metric_unit_en")
            ):
                metric["unit"] = reader.bilingual(
                    sheet,
                    row,
                    columns.get("metric_unit_sv"),
                    columns.get("metric_unit_en"),
                    (*path, "metric", "unit"),
                )
            metric.update(_metric_conditions(reader, sheet, row, columns))
            item["metric"] = metric
    elif reader.text(sheet, row, columns.get("metric_conditions")):
        reader.problem(
            reader.where(sheet, row, columns["metric_conditions"]),
            "villkor utan mått; fyll i måttet eller töm villkoren",
            "conditions without a metric; fill in the metric or clear the conditions",
        )
    elif reader.text(sheet, row, columns.get("metric_unit_sv")):
        reader.problem(
            reader.where(sheet, row, columns["metric_unit_sv"]),
            "en enhet utan mått; fyll i måttet eller töm enheten",
            "a unit without a metric; fill in the metric or clear the unit",
        )
    persons_text = reader.text(sheet, row, columns.get("persons"))
    if persons_text is not None:
        where = reader.where(sheet, row, columns["persons"])
        reader.cells[(*path, "persons")] = where
        try:
            item["persons"] = json.loads(persons_text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            reader.problem(
                where,
                f"inte giltig JSON ({error.msg}, rad {error.lineno} kolumn {error.colno})",
                f"not valid JSON ({error.msg}, line {error.lineno} column {error.colno})",
            )


def _metric_conditions(
    reader: _Reader, sheet: GridSheet, row: int, columns: dict[str, int]
) -> dict[str, Any]:
    """``source_kind=insikt; min_answers=30`` → the metric's optional conditions (issue 17)."""
    text = reader.text(sheet, row, columns.get("metric_conditions"))
    if text is None:
        return {}
    where = reader.where(sheet, row, columns["metric_conditions"])
    conditions: dict[str, Any] = {}
    names = ", ".join(layout.METRIC_CONDITIONS)
    for part in text.split(";"):
        if not part.strip():
            continue
        name, equals, value = (piece.strip() for piece in part.partition("="))
        if not equals or name not in layout.METRIC_CONDITIONS or not value:
            reader.problem(
                where,
                f"skriv villkoren som NAMN=VÄRDE; NAMN=VÄRDE med namnen {names}, inte {part!r}",
                f"write the conditions as NAME=VALUE; NAME=VALUE with the names {names}, not "
                f"{part!r}",
            )
            continue
        if name in layout.METRIC_WHOLE_NUMBERS:
            if not value.isdigit():
                reader.problem(
                    where,
                    f"{name} ska vara ett heltal, inte {value!r}",
                    f"{name} is a whole number, not {value!r}",
                )
                continue
            conditions[name] = int(value)
        else:
            conditions[name] = value
    return conditions


def _read_other(reader: _Reader, sheet: GridSheet, columns: dict[str, int]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for row in sheet.rows_with_values(2):
        key = reader.text(sheet, row, columns["key"])
        if key is None:
            continue
        where = reader.where(sheet, row, columns["key"])
        if key not in layout.OTHER_KEYS:
            reader.problem(
                where,
                f"okänd nyckel {key!r}; nycklarna är {', '.join(layout.OTHER_KEYS)}",
                f"unknown key {key!r}; the keys are {', '.join(layout.OTHER_KEYS)}",
            )
            continue
        text = reader.text(sheet, row, columns.get("json"))
        if text is None:
            continue
        value_cell = reader.where(sheet, row, columns["json"])
        reader.cells[(key,)] = value_cell
        try:
            data[key] = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            reader.problem(
                value_cell,
                f"inte giltig JSON ({error.msg}, rad {error.lineno} kolumn {error.colno})",
                f"not valid JSON ({error.msg}, line {error.lineno} column {error.colno})",
            )
        except RecursionError:
            reader.problem(
                value_cell,
                "JSON-värdet är nästlat för djupt för att läsas",
                "the JSON value nests too deeply to be read",
            )
    return data


def _cell_for(reader: _Reader, path: DataPath) -> str:
    """The cell of the longest known prefix of ``path``."""
    for length in range(len(path), 0, -1):
        where = reader.cells.get(tuple(path[:length]))
        if where is not None:
            return where
    return reader.display


def read_catalog_workbook(path: Path | str, *, lang: Language = "sv") -> Catalog:
    """Read and check the workbook; the catalogue, or :class:`InteropProblems`."""
    path = Path(path)
    book = open_book(path, lang)
    reader = _Reader(str(path), lang)
    data: dict[str, Any] = {}
    for sheet_layout in layout.SHEETS:
        name = next((n for n in sheet_layout.names() if n in book.sheets), None)
        if name is None:
            if sheet_layout.key != "other":
                reader.problem(
                    reader.display,
                    f"bladet {sheet_layout.name(lang)!r} saknas; bladen är {book.sheetnames}",
                    f"the sheet {sheet_layout.name(lang)!r} is missing; the sheets are "
                    f"{book.sheetnames}",
                )
            continue
        sheet = book[name]
        columns = _columns(reader, sheet, sheet_layout)
        if columns is None:
            continue
        if sheet_layout.key == "catalogue":
            data.update(_read_catalogue_sheet(reader, sheet, columns))
        elif sheet_layout.key == "other":
            data.update(_read_other(reader, sheet, columns))
        else:
            data[sheet_layout.key] = _read_rows(reader, sheet, sheet_layout, columns)
    if reader.problems:
        raise InteropProblems(reader.problems, _summary(lang, len(reader.problems), path))
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as invalid:
        problems = [
            f"{_cell_for(reader, tuple(error['loc']))}: "
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
            for error in invalid.errors()
        ]
        raise InteropProblems(problems, _summary(lang, len(problems), path)) from None
    from lotscert.validation.catalog_checks import check_catalog

    errors = [d for d in check_catalog(catalog, str(path)) if d.severity == "error"]
    if errors:
        problems = [f"{_cell_for(reader, d.path)}: {d.message(lang)}" for d in errors]
        raise InteropProblems(problems, _summary(lang, len(problems), path))
    return catalog


def _summary(lang: Language, count: int, path: Path) -> str:
    return _say(
        lang,
        f"{count} fel i {path.name}; inget skrevs",
        f"{count} {'problem' if count == 1 else 'problems'} in {path.name}; nothing was written",
    )


def import_catalog_workbook(
    path: Path | str, out: Path | str, *, lang: Language = "sv", force: bool = False
) -> CatalogWorkbookImport:
    """Read the workbook and write the catalogue YAML file ``out``."""
    from lotscert.interop.catalogyaml import write_catalog

    path, out = Path(path), Path(out)
    if out.exists() and path.exists() and out.resolve() == path.resolve():
        raise InteropError(
            _say(
                lang, "får inte skriva över filen som läses", "must not overwrite the file it reads"
            ),
            Location(str(out)),
        )
    catalog = read_catalog_workbook(path, lang=lang)
    header = [
        _say(
            lang,
            f"Inläst från arbetsboken {path.name} med lotscert (lotscert catalog import xlsx).",
            f"Read from the workbook {path.name} by lotscert (lotscert catalog import xlsx).",
        )
    ]
    written = write_catalog(catalog, out, header=header, force=force, lang=lang)
    return CatalogWorkbookImport(catalog, written)
