"""Read a checklist workbook back, check every cell, and merge the answers into an assessment.

Every problem is collected and reported together, each as ``Bok.xlsx!Ledning!F12: message``;
when there is any, nothing is written. Cells are read as values: a formula is an error naming
its cell, never evaluated and never taken as text.

A blank cell means "absent". Where the file being merged into has an empty text ("") in that
place, it is kept, so that YAML → xlsx → YAML gives back the same assessment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lotscert.diagnostics import Diagnostic
from lotscert.errors import Location, WorkbookError
from lotscert.excel import basevalues, layout
from lotscert.excel.audit_extras import AUDIT_KEY
from lotscert.excel.basevalues import Base
from lotscert.excel.cellgrid import (
    MAX_CELLS,
    MAX_ROWS,
    GridBook,
    GridSheet,
    OutsideTheSheet,
    TooManyCells,
    read_grid,
)
from lotscert.excel.cellreader import CellReader
from lotscert.excel.changes import Change
from lotscert.excel.evidence_cell import (
    EvidenceSyntaxError,
    parse_evidence_line,
)
from lotscert.excel.export import find_level
from lotscert.excel.layout import PersonLayout, say
from lotscert.excel.problems import WorkbookProblems
from lotscert.excel.safety import check_workbook_file
from lotscert.excel.threeway import Scope
from lotscert.inputs import note_read
from lotscert.models.assessment import (
    Action,
    Assessment,
    Evidence,
    Metric,
    Person,
    Response,
    Training,
)
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language

_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MATURITY = re.compile(r"^\s*(\d+)\s*(?:[–—-].*)?$", re.DOTALL)


@dataclass(frozen=True)
class ImportReport:
    """What an import read, changed and wrote."""

    workbook: Path
    into: Path
    assessment: Assessment
    previous: Assessment | None
    changes: list[Change]
    written: bool
    backup: Path | None
    created: bool
    levels: list[str] = field(default_factory=list)
    persons_imported: bool = True
    metrics_imported: bool = True
    #: conflicts settled by --theirs/--ours, one located line each
    settled: list[str] = field(default_factory=list)
    #: why the round's record (NAME.round.json) could not be updated, if it could not
    record_problem: str | None = None
    #: what ``lotscert validate`` says of the file written (located in it), sorted
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: whether the workbook changed any value against what it was merged against (its
    #: export, or what an earlier import of it brought in)
    workbook_changed: bool = True
    #: the file's values where the file won (--ours: the conflicts, and the rest of an
    #: answer, person or metric it kept whole), by place
    file_won: dict[tuple[str, ...], Any] = field(default_factory=dict)


@dataclass
class WorkbookContent:
    """The answers read from a workbook: what was in it, per part."""

    metadata: dict[str, str]
    catalog: Catalog
    lang: Language
    levels: list[str]
    responses: dict[str, Response | None]
    persons: list[Person] | None
    metrics: dict[str, Metric] | None
    base: Base = field(default_factory=lambda: Base(Scope(()), {}))
    scope: Scope = field(default_factory=lambda: Scope(()))
    #: ("responses", id) / ("persons", id) / ("metrics", key) → (sheet, row)
    rows: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    #: the name and role typed on the Instruktioner sheet
    answerer: tuple[str, str] = ("", "")
    #: the workbook's file name, as problems name it
    display: str = ""
    #: the problems of its cells, when it was read to find every problem (``salvage``): the
    #: answers, persons and metrics on their rows are then left as they were given
    problems: list[str] = field(default_factory=list)
    #: (sheet, row) of each problem (row None: the whole sheet)
    problem_rows: set[tuple[str, int | None]] = field(default_factory=set)

    @property
    def department(self) -> str | None:
        """The department the workbook was exported for (None: the whole assessment)."""
        return self.metadata.get("department") or None


def _pydantic_problem(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = f"{where}: {first['msg']}" if where else first["msg"]
    return message, message


def _open_workbook(path: Path, lang: Language) -> GridBook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return read_grid(path)
    except TooManyCells:
        raise WorkbookError(
            say(
                lang,
                f"arbetsboken har fler än {MAX_CELLS} ifyllda celler – fler än någon checklista; "
                "exportera en ny",
                f"the workbook has more than {MAX_CELLS} filled cells – more than any checklist; "
                "export a new one",
            ),
            Location(str(path)),
        ) from None
    except OutsideTheSheet as outside:
        raise WorkbookError(
            say(
                lang,
                f"{outside.reference} ligger utanför bladet (ett blad har högst "
                f"{MAX_ROWS} rader); arbetsboken är skadad – exportera en ny",
                f"{outside.reference} is outside the sheet (a sheet has at most {MAX_ROWS} "
                "rows); the workbook is damaged – export a new one",
            ),
            Location(str(path), cell=f"{outside.sheet}!{outside.reference}"),
        ) from None
    except Exception as error:  # openpyxl raises KeyError, ValueError, XML errors ... on bad files
        from lotscert.excel.unreadable import unreadable_workbook

        raise unreadable_workbook(path, error, lang) from None


def _read_metadata(wb: Any, reader: CellReader) -> dict[str, str]:
    where = Location(reader.display)
    lang = reader.lang
    if layout.META_SHEET not in wb.sheetnames:
        raise WorkbookError(
            say(
                lang,
                f"bladet {layout.META_SHEET} saknas: arbetsboken är inte en lotscert-checklista "
                "(skapa den med lotscert export xlsx)",
                f"the sheet {layout.META_SHEET} is missing: the workbook is not a lotscert "
                "checklist (make one with lotscert export xlsx)",
            ),
            where,
        )
    ws = wb[layout.META_SHEET]
    values: dict[str, str] = {}
    for row in range(2, len(layout.METADATA_KEYS) + len(layout.OPTIONAL_METADATA_KEYS) + 3):
        key = ws.cell(row=row, column=1).value
        value = ws.cell(row=row, column=2).value
        if key is None:
            break
        values[str(key)] = "" if value is None else str(value)
    tampered = WorkbookError(
        say(
            lang,
            f"bladet {layout.META_SHEET} har ändrats för hand; använd en arbetsbok som lotscert "
            "skapade",
            f"the sheet {layout.META_SHEET} has been edited; use a workbook made by lotscert",
        ),
        Location(reader.display, cell=f"{layout.META_SHEET}!A1"),
    )
    version = values.get("format_version")
    if version in layout.WITHOUT_BASE:
        raise WorkbookError(
            say(
                lang,
                f"arbetsboken skapades av en äldre lotscert (format {version}) och saknar de "
                "värden den exporterades med, så lotscert kan inte se vad förvaltningen ändrade "
                "och vad som ändrats i filen sedan dess; exportera en ny arbetsbok och för över "
                "svaren",
                f"the workbook was made by an older lotscert (format {version}) and lacks the "
                "values it was exported with, so lotscert cannot tell what the department "
                "changed from what changed in the file since; export a new workbook and carry "
                "the answers over",
            ),
            where,
        )
    if version is not None and version != layout.FORMAT_VERSION:
        raise WorkbookError(
            say(
                lang,
                f"arbetsboken har formatversion {version}, den här versionen av lotscert läser "
                f"{layout.FORMAT_VERSION}; exportera en ny",
                f"the workbook has format version {version}, this lotscert reads "
                f"{layout.FORMAT_VERSION}; export a new one",
            ),
            where,
        )
    digest = values.pop(layout.DIGEST_KEY, None)
    required = tuple(key for key in values if key not in layout.OPTIONAL_METADATA_KEYS)
    if required != layout.METADATA_KEYS or digest != layout.metadata_digest(values):
        raise tampered
    if values.get("publishable", "true") not in ("true", "false"):
        raise tampered
    try:
        for key in ("levels", "level_sheets", "person_languages", "person_areas"):
            json.loads(values[key])
        for key in ("requirements", "sheets", "answerer_cells"):
            json.loads(values[key])
        json.loads(values["person_modules"])
        json.loads(values["assessors"])
        json.loads(values["departments"])
        if not isinstance(json.loads(values.get(AUDIT_KEY, "{}")), dict):
            raise tampered
    except json.JSONDecodeError:
        raise tampered from None
    if values["language"] not in ("sv", "en"):
        raise tampered
    return values


def _check_headers(reader: CellReader, ws: Any, expected: list[str]) -> bool:
    from openpyxl.utils import get_column_letter

    ok = True
    for index, header in enumerate(expected, start=1):
        found = ws.cell(row=1, column=index).value
        if found != header:
            reader.add(
                ws,
                f"{get_column_letter(index)}1",
                f"kolumnrubriken ska vara {header!r}, fann {found!r} (har kolumner flyttats?)",
                f"the column header should be {header!r}, found {found!r} (columns moved?)",
            )
            ok = False
    return ok


def _row_is_empty(reader: CellReader, ws: GridSheet, row: int, columns: int) -> bool:
    for column in range(1, columns + 1):
        value = ws.value(row, column)[0]
        if value is not None and value != "":
            return False
    return True


def _read_level(
    reader: CellReader,
    ws: Any,
    level_id: str,
    catalog: Catalog,
    expected: set[str],
    rows: dict[tuple[str, str], tuple[str, int]],
) -> dict[str, Response | None]:
    lang = reader.lang
    columns = layout.REQUIREMENT_COLUMNS
    if not _check_headers(reader, ws, [column.header(lang) for column in columns]):
        return {}
    position = {column.key: index for index, column in enumerate(columns, start=1)}
    status_words = layout.status_words()
    scale = {step.value: step for step in catalog.scale}
    titles = {}
    for step in catalog.scale:
        titles[step.title.sv.casefold()] = step.value
        if step.title.en:
            titles[step.title.en.casefold()] = step.value
    found: dict[str, Response | None] = {}
    seen_rows: dict[str, int] = {}
    for row in ws.rows_with_values(2):
        if _row_is_empty(reader, ws, row, len(columns)):
            continue
        id_cell = ws.cell(row=row, column=1).coordinate
        requirement_id = reader.text(ws, row, 1)
        if requirement_id is None:
            reader.add(ws, id_cell, "raden saknar krav-id", "the row has no requirement id")
            continue
        requirement_id = requirement_id.strip()
        requirement = catalog.requirements_by_id.get(requirement_id)
        if requirement is None:
            known = ", ".join(r.id for r in catalog.requirements if r.level == level_id)
            reader.add(
                ws,
                id_cell,
                f"okänt krav-id {requirement_id!r}; nivån har {known}",
                f"unknown requirement id {requirement_id!r}; the level has {known}",
            )
            continue
        if requirement.level != level_id:
            reader.add(
                ws,
                id_cell,
                f"kravet {requirement_id} hör till nivån {requirement.level}, inte hit",
                f"requirement {requirement_id} belongs to level {requirement.level}, not here",
            )
            continue
        if requirement_id not in expected:
            reader.add(
                ws,
                id_cell,
                f"kravet {requirement_id} ingår inte i den här arbetsboken (en annan förvaltnings "
                "krav?); ta bort raden",
                f"requirement {requirement_id} is not part of this workbook (another "
                "department's?); remove the row",
            )
            continue
        if requirement_id in seen_rows:
            reader.add(
                ws,
                id_cell,
                f"kravet {requirement_id} finns redan på rad {seen_rows[requirement_id]}",
                f"requirement {requirement_id} already appears on row {seen_rows[requirement_id]}",
            )
            continue
        seen_rows[requirement_id] = row
        rows["responses", requirement_id] = (ws.title, row)
        found[requirement_id] = _read_response(
            reader, ws, row, position, status_words, scale, titles
        )
    for requirement in catalog.requirements:
        if (
            requirement.level == level_id
            and requirement.id in expected
            and requirement.id not in seen_rows
        ):
            reader.add(
                ws,
                None,
                f"raden för krav {requirement.id} saknas (borttagen?)",
                f"the row of requirement {requirement.id} is missing (deleted?)",
            )
    return found


def _read_response(
    reader: CellReader,
    ws: Any,
    row: int,
    position: dict[str, int],
    status_words: dict[str, str],
    scale: dict[int, Any],
    titles: dict[str, int],
) -> Response | None:
    def coordinate(key: str) -> str:
        return str(ws.cell(row=row, column=position[key]).coordinate)

    before = len(reader.problems)
    status_text = reader.text(ws, row, position["status"])
    status: str | None = None
    if status_text is not None:
        status = status_words.get(status_text.strip().casefold())
        if status is None:
            choices = ", ".join(layout.status_labels(reader.lang).values())
            reader.add(
                ws,
                coordinate("status"),
                f"{status_text!r} finns inte i listan; välj {choices}",
                f"{status_text!r} is not in the list; choose {choices}",
            )
    maturity: int | None = None
    maturity_value = reader.raw(ws, row, position["maturity"])
    if maturity_value is not None:
        candidate: int | None = None
        if isinstance(maturity_value, int) and not isinstance(maturity_value, bool):
            candidate = maturity_value
        elif isinstance(maturity_value, float) and maturity_value.is_integer():
            candidate = int(maturity_value)
        elif isinstance(maturity_value, str):
            match = _MATURITY.match(maturity_value)
            if match:
                candidate = int(match.group(1))
            else:
                candidate = titles.get(maturity_value.strip().casefold())
        if candidate is None or candidate not in scale:
            reader.add(
                ws,
                coordinate("maturity"),
                f"mognaden {maturity_value!r} finns inte i listan ({min(scale)}–{max(scale)})",
                f"maturity {maturity_value!r} is not in the list ({min(scale)}–{max(scale)})",
            )
        else:
            maturity = candidate
    evidence: list[Evidence] = []
    evidence_text = reader.text(ws, row, position["evidence"])
    if evidence_text is not None:
        for number, line in enumerate(evidence_text.split("\n"), start=1):
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            try:
                evidence.append(parse_evidence_line(line, number))
            except EvidenceSyntaxError as error:
                reader.add(
                    ws,
                    coordinate("evidence"),
                    f"underlag rad {number}: {_evidence_sv(error.message)}",
                    f"evidence line {number}: {error.message}",
                )
            except ValidationError as error:
                sv, en = _pydantic_problem(error)
                reader.add(
                    ws,
                    coordinate("evidence"),
                    f"underlag rad {number}: {sv}",
                    f"evidence line {number}: {en}",
                )
    comment = reader.text(ws, row, position["comment"])
    action_text = reader.text(ws, row, position["action"])
    owner = reader.text(ws, row, position["owner"])
    due = reader.date(ws, row, position["due"])
    action: Action | None = None
    if action_text is not None:
        action = Action(text=action_text, owner=owner, due=due)
    elif owner is not None or due is not None:
        reader.add(
            ws,
            coordinate("action"),
            "ansvarig eller datum är ifyllt men åtgärden saknas",
            "an owner or due date is filled in but the action is missing",
        )
    if status is None:
        if status_text is None and any(
            value is not None
            for value in (maturity_value, evidence_text, comment, action_text, owner, due)
        ):
            reader.add(
                ws,
                coordinate("status"),
                "status saknas men raden har andra svar; välj en status",
                "the status is missing but the row has other answers; choose a status",
            )
        return None
    if len(reader.problems) > before:
        return None
    return Response(
        status=status,
        maturity=maturity,
        evidence=evidence,
        comment=comment,
        action=action,
    )


_EVIDENCE_SV = {
    "the reference is empty": "referensen är tom",
}


def _evidence_sv(message: str) -> str:
    if message in _EVIDENCE_SV:
        return _EVIDENCE_SV[message]
    if message.startswith("unknown evidence kind"):
        return message.replace("unknown evidence kind", "okänd underlagstyp").replace(
            "; use one of", "; använd"
        )
    if message.startswith("invalid date"):
        return message.replace("invalid date", "ogiltigt datum").replace("use", "skriv")
    if message.startswith("expected"):
        return "formen är 'TYP: REFERENS (ÅÅÅÅ-MM-DD) | ANTECKNING'; inget ':' hittades"
    return message


def _read_persons(
    reader: CellReader,
    ws: Any,
    catalog: Catalog,
    people: PersonLayout,
    departments: list[str],
    rows: dict[tuple[str, str], tuple[str, int]],
    own: str | None = None,
) -> list[Person]:
    """The persons on the Personer sheet; ``own``: the department the workbook was made for,
    whose workbook holds only its own persons (their department is ``own``, and stays so)."""
    from openpyxl.utils import get_column_letter

    lang = reader.lang
    headers = people.headers(catalog, lang)
    if not _check_headers(reader, ws, headers):
        return []
    fixed = len(layout.PERSON_FIXED_COLUMNS)
    first_language = fixed + 1
    first_area = first_language + len(people.languages)
    first_module = first_area + len(people.areas)
    exam_score_column = first_module + len(people.modules)
    exam_date_column = exam_score_column + 1
    allowed = layout.competence_values(catalog)
    persons: list[Person] = []
    seen: dict[str, int] = {}
    for row in ws.rows_with_values(2):
        if _row_is_empty(reader, ws, row, len(headers)):
            continue
        before = len(reader.problems)
        person_id = reader.text(ws, row, 1)
        if person_id is None:
            reader.add(ws, f"A{row}", "raden saknar person-id", "the row has no person id")
            continue
        if person_id in seen:
            reader.add(
                ws,
                f"A{row}",
                f"person-id {person_id!r} finns redan på rad {seen[person_id]}",
                f"person id {person_id!r} already appears on row {seen[person_id]}",
            )
            continue
        seen[person_id] = row
        rows["persons", person_id] = (ws.title, row)
        if not _IDENTIFIER.match(person_id) or len(person_id) > 80:
            reader.add(
                ws,
                f"A{row}",
                f"person-id {person_id!r} får bara innehålla bokstäver a–z, siffror, . _ - "
                "(inga å, ä, ö eller mellanslag)",
                f"person id {person_id!r} may only contain letters a–z, digits, . _ - (no spaces)",
            )
        name = reader.text(ws, row, 2)
        department = reader.text(ws, row, 3)
        role = reader.text(ws, row, 4)
        if own is not None and (department or "").strip() != own:
            reader.add(
                ws,
                f"C{row}",
                f"förvaltningen ska vara {own}: arbetsboken är {own}:s och kan bara ha "
                f"{own}:s egna personer (en person i en annan förvaltning läggs till eller "
                "flyttas i YAML-filen eller i den förvaltningens arbetsbok)",
                f"the department must be {own}: the workbook is {own}'s and can only hold "
                f"{own}'s own persons (a person of another department is added or moved in "
                "the YAML file or in that department's workbook)",
            )
        elif department is not None:
            department = department.strip()
            if department not in departments:
                known = ", ".join(departments)
                reader.add(
                    ws,
                    f"C{row}",
                    f"förvaltningen {department!r} finns inte i bedömningen; välj en av {known}"
                    if departments
                    else f"förvaltningen {department!r} finns inte: bedömningen har inga "
                    "förvaltningar (lägg till dem under departments i YAML-filen)",
                    f"department {department!r} is not in the assessment; choose one of {known}"
                    if departments
                    else f"department {department!r} does not exist: the assessment has no "
                    "departments (add them under departments in the YAML file)",
                )

        def levels(first: int, keys: tuple[str, ...], row: int = row) -> dict[str, int]:
            values: dict[str, int] = {}
            for offset, key in enumerate(keys):
                value = reader.integer(ws, row, first + offset)
                if value is None:
                    continue
                if value not in allowed:
                    reader.add(
                        ws,
                        f"{get_column_letter(first + offset)}{row}",
                        f"{value} finns inte i listan ({', '.join(map(str, allowed))})",
                        f"{value} is not in the list ({', '.join(map(str, allowed))})",
                    )
                    continue
                values[key] = value
            return values

        languages = levels(first_language, people.languages)
        competences = levels(first_area, people.areas)
        modules: dict[str, dt.date] = {}
        for offset, module in enumerate(people.modules):
            completed = reader.date(ws, row, first_module + offset)
            if completed is not None:
                modules[module] = completed
        exam_score = reader.decimal(ws, row, exam_score_column)
        exam_date = reader.date(ws, row, exam_date_column)
        if exam_score is not None and not Decimal(0) <= exam_score <= Decimal(1):
            reader.add(
                ws,
                f"{get_column_letter(exam_score_column)}{row}",
                f"provresultatet ska vara mellan 0 och 1, fann {exam_score}",
                f"the exam score must be between 0 and 1, found {exam_score}",
            )
        if len(reader.problems) > before:
            continue
        training: Training | None = None
        if modules or exam_score is not None or exam_date is not None:
            training = Training(modules=modules, exam_score=exam_score, exam_date=exam_date)
        try:
            persons.append(
                Person(
                    id=person_id,
                    name=name,
                    department=department,
                    role=role,
                    languages=languages,
                    competences=competences,
                    training=training,
                )
            )
        except ValidationError as error:
            column = {"id": "A", "department": "C"}.get(str(error.errors()[0]["loc"][0]), "A")
            sv, en = _pydantic_problem(error)
            reader.add(ws, f"{column}{row}", sv, en)
    return persons


def _read_metrics(
    reader: CellReader,
    ws: Any,
    rows: dict[tuple[str, str], tuple[str, int]],
    owned: tuple[str, tuple[str, ...], dict[str, str]] | None = None,
) -> dict[str, Metric]:
    """The metrics on the Mått sheet; ``owned``: the department the workbook was made for, the
    metrics it owns and the owner of each other metric — its workbook reports only its own."""
    lang = reader.lang
    columns = layout.METRIC_COLUMNS
    if not _check_headers(reader, ws, [column.header(lang) for column in columns]):
        return {}
    metrics: dict[str, Metric] = {}
    seen: dict[str, int] = {}
    for row in ws.rows_with_values(2):
        if _row_is_empty(reader, ws, row, len(columns)):
            continue
        before = len(reader.problems)
        key = reader.text(ws, row, 1)
        value = reader.decimal(ws, row, 2)
        source = reader.text(ws, row, 3)
        date = reader.date(ws, row, 4)
        note = reader.text(ws, row, 5)
        if len(reader.problems) > before:
            continue
        if key is None:
            reader.add(ws, f"A{row}", "raden saknar nyckel", "the row has no key")
            continue
        if value is None:
            if source is not None or date is not None or note is not None:
                reader.add(ws, f"B{row}", "värdet saknas", "the value is missing")
            continue
        if key in seen:
            reader.add(
                ws,
                f"A{row}",
                f"nyckeln {key!r} finns redan på rad {seen[key]}",
                f"the key {key!r} already appears on row {seen[key]}",
            )
            continue
        seen[key] = row
        rows["metrics", key] = (ws.title, row)
        if owned is not None and key not in owned[1]:
            own, keys, owners = owned
            mine = ", ".join(keys) or "–"
            other = owners.get(key)
            reader.add(
                ws,
                f"A{row}",
                f"måttet {key!r} ägs inte av {own}"
                + (f" utan av {other}" if other else "")
                + f"; {own}:s arbetsbok kan bara rapportera {own}:s egna mått ({mine}) – ta "
                "bort raden",
                f"the metric {key!r} is not owned by {own}"
                + (f" but by {other}" if other else "")
                + f"; {own}'s workbook can only report {own}'s own metrics ({mine}) – remove "
                "the row",
            )
            continue
        try:
            metrics[key] = Metric(value=value, source=source, date=date, note=note)
        except ValidationError as error:
            sv, en = _pydantic_problem(error)
            reader.add(ws, f"A{row}", sv, en)
    pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    for key, row in seen.items():
        if not pattern.match(key) or len(key) > 80:
            reader.add(
                ws,
                f"A{row}",
                f"nyckeln {key!r} får bara innehålla bokstäver a–z, siffror, . _ -",
                f"the key {key!r} may only contain letters a–z, digits, . _ -",
            )
            metrics.pop(key, None)
    return metrics


def check_same_assessment(
    metadata: dict[str, str], assessment: Assessment, display: str, lang: Language
) -> None:
    """Refuse a workbook made for another catalogue, municipality, year or kind."""
    ref = f"{metadata['catalog_id']}@{metadata['catalog_version']}"
    mismatches = [
        (assessment.catalog, ref, "katalogen", "catalogue"),
        (assessment.municipality.code, metadata["municipality_code"], "kommunen", "municipality"),
        (str(assessment.period), metadata["period"], "året", "year"),
        (assessment.kind, metadata["kind"], "typen", "kind"),
    ]
    for expected, found, sv, en in mismatches:
        if expected != found:
            raise WorkbookError(
                say(
                    lang,
                    f"arbetsboken gäller {sv} {found}, filen {expected}; fel arbetsbok?",
                    f"the workbook is for {en} {found}, the file {expected}; wrong workbook?",
                ),
                Location(display),
            )


def _read_base(wb: GridBook, metadata: dict[str, str], display: str, lang: Language) -> Base:
    """The values the workbook was exported with, checked against their digest."""
    untrusted = say(
        lang,
        "värdena arbetsboken exporterades med (det dolda bladet "
        f"{basevalues.BASE_SHEET}) saknas eller har ändrats, så lotscert kan inte lita på vad "
        "förvaltningen ändrade; exportera en ny arbetsbok och för över svaren",
        f"the values the workbook was exported with (the hidden sheet {basevalues.BASE_SHEET}) "
        "are missing or have been changed, so lotscert cannot trust what the department "
        "changed; export a new workbook and carry the answers over",
    )
    if basevalues.BASE_SHEET not in wb.sheetnames:
        raise WorkbookError(untrusted, Location(display))
    ws = wb[basevalues.BASE_SHEET]
    pieces = []
    for row in ws.rows_with_values(1):
        value = ws.value(row, 1)[0]
        pieces.append("" if value is None else str(value))
    text = "".join(pieces)
    if basevalues.digest(text) != metadata["base_sha256"]:
        raise WorkbookError(untrusted, Location(display, cell=f"{basevalues.BASE_SHEET}!A1"))
    try:
        return basevalues.decode(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise WorkbookError(untrusted, Location(display)) from None


def _read_answerer(
    reader: CellReader, wb: GridBook, metadata: dict[str, str], lang: Language
) -> tuple[str, str]:
    """The name and role typed on the Instruktioner sheet ("" when left blank); checked like
    every other cell (no formula, no control or text-direction character)."""
    name = layout.instructions_sheet_name(lang)
    if name not in wb.sheetnames:
        return "", ""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    ws = wb[name]
    found: list[str] = []
    for reference in json.loads(metadata["answerer_cells"])[:2]:
        letter, row = coordinate_from_string(reference)
        value = reader.text(ws, row, column_index_from_string(letter))
        found.append("" if value is None else " ".join(value.split()))
    while len(found) < 2:
        found.append("")
    return found[0], found[1]


def read_workbook(
    workbook_path: Path,
    base: Assessment | None,
    *,
    only_levels: Sequence[str] = (),
    catalog_paths: Sequence[Path | str] = (),
    lang: Language = "sv",
    salvage: bool = False,
) -> WorkbookContent:
    """Check the file, open it, check every cell; the answers, or :class:`WorkbookProblems`.

    ``base`` (the file the answers go into, when known) only serves to refuse a workbook made
    for another municipality, year, kind or catalogue. With ``salvage``, problems in cells do
    not raise: they come back in the content (:attr:`WorkbookContent.problems`), so that the
    caller can look for the problems the rest of the workbook makes once merged, in the same
    run (a workbook that cannot be read as a whole — a sheet or the metadata missing — still
    raises).
    """
    from lotscert.loading import find_catalog_entry

    workbook_path = Path(workbook_path)
    note_read(workbook_path)
    check_workbook_file(workbook_path, lang=lang)
    display = workbook_path.name
    reader = CellReader(display, lang)
    wb = _open_workbook(workbook_path, lang)
    metadata = _read_metadata(wb, reader)
    where = Location(display)
    ref = f"{metadata['catalog_id']}@{metadata['catalog_version']}"
    if base is not None:
        check_same_assessment(metadata, base, display, lang)
    catalog = find_catalog_entry(ref, catalog_paths).catalog
    if layout.catalog_model_sha256(catalog) != metadata["catalog_model_sha256"]:
        raise WorkbookError(
            say(
                lang,
                f"katalogen {ref} har ändrats sedan arbetsboken skapades (SHA-256 skiljer); "
                "exportera en ny arbetsbok",
                f"catalogue {ref} has changed since the workbook was made (SHA-256 differs); "
                "export a new workbook",
            ),
            where,
        )
    exported_with = _read_base(wb, metadata, display, lang)
    book_lang: Language = "en" if metadata["language"] == "en" else "sv"
    levels: list[str] = json.loads(metadata["levels"])
    level_sheets: dict[str, str] = json.loads(metadata["level_sheets"])
    sheets: dict[str, bool] = json.loads(metadata["sheets"])
    expected_requirements = set(json.loads(metadata["requirements"]))
    expected_names = layout.level_sheet_names(catalog, book_lang)
    if any(
        level not in expected_names or level_sheets.get(level) != expected_names[level]
        for level in levels
    ):
        raise WorkbookError(
            say(
                lang,
                "metadatabladet stämmer inte med katalogens nivåer",
                "the metadata sheet does not match the catalogue's levels",
            ),
            where,
        )
    chosen = list(levels)
    if only_levels:
        chosen = []
        for item in only_levels:
            level_id = find_level(catalog, item)
            if level_id is None or level_id not in levels:
                known = ", ".join(levels)
                raise WorkbookError(
                    say(
                        lang,
                        f"nivån {item!r} finns inte i arbetsboken (nivåer: {known})",
                        f"level {item!r} is not in the workbook (levels: {known})",
                    ),
                    where,
                )
            chosen.append(level_id)
    required = [layout.instructions_sheet_name(book_lang)]
    required += [level_sheets[level] for level in levels]
    if sheets.get("persons"):
        required.append(layout.persons_sheet_name(book_lang))
    if sheets.get("metrics"):
        required.append(layout.metrics_sheet_name(book_lang))
    for name in required:
        if name not in wb.sheetnames:
            reader.problems.append(
                f"{display}: "
                + say(
                    lang,
                    f"bladet {name!r} saknas (borttaget eller omdöpt?); bladen är {wb.sheetnames}",
                    f"the sheet {name!r} is missing (deleted or renamed?); the sheets are "
                    f"{wb.sheetnames}",
                )
            )
    if reader.problems:
        raise WorkbookProblems(reader.problems, _summary(lang, len(reader.problems)))
    responses: dict[str, Response | None] = {}
    rows: dict[tuple[str, str], tuple[str, int]] = {}
    reader.lang = book_lang
    for level_id in chosen:
        ws = wb[level_sheets[level_id]]
        responses.update(_read_level(reader, ws, level_id, catalog, expected_requirements, rows))
    persons: list[Person] | None = None
    metrics: dict[str, Metric] | None = None
    departments = [str(d["id"]) for d in json.loads(metadata["departments"])]
    # A department the file already gave a person (even one not listed) is not the workbook's
    # doing; only a new or changed one must be listed.
    departments += [
        str(value)
        for place, value in exported_with.places.items()
        if place[0] == "persons" and place[2:] == ("department",) and value not in departments
    ]
    if not only_levels and sheets.get("persons"):
        people = PersonLayout(
            tuple(json.loads(metadata["person_languages"])),
            tuple(json.loads(metadata["person_areas"])),
            tuple(json.loads(metadata["person_modules"])),
        )
        persons = _read_persons(
            reader,
            wb[layout.persons_sheet_name(book_lang)],
            catalog,
            people,
            departments,
            rows,
            own=metadata.get("department") or None,
        )
    if not only_levels and sheets.get("metrics"):
        metrics = _read_metrics(
            reader,
            wb[layout.metrics_sheet_name(book_lang)],
            rows,
            _owned_metrics(metadata, exported_with),
        )
    answerer = _read_answerer(reader, wb, metadata, book_lang)
    if reader.problems and not salvage:
        raise WorkbookProblems(reader.problems, _summary(lang, len(reader.problems)))
    scope = Scope(
        tuple(r for r in exported_with.scope.requirements if r in responses),
        exported_with.scope.persons if persons is not None else None,
        exported_with.scope.metrics if metrics is not None else None,
    )
    return WorkbookContent(
        metadata,
        catalog,
        book_lang,
        chosen,
        responses,
        persons,
        metrics,
        exported_with,
        scope,
        rows,
        answerer,
        display,
        list(reader.problems),
        set(reader.problem_rows),
    )


def _owned_metrics(
    metadata: dict[str, str], exported_with: Base
) -> tuple[str, tuple[str, ...], dict[str, str]] | None:
    """For a department's workbook: the department, the metrics it owned when the workbook was
    made (those it was given), and who owns each other metric; None for a whole assessment."""
    own = metadata.get("department") or None
    if own is None:
        return None
    owners: dict[str, str] = {}
    keys: tuple[str, ...] = exported_with.scope.metrics or ()
    for department in json.loads(metadata["departments"]):
        if not isinstance(department, dict):
            continue
        for key in department.get("metrics") or []:
            if department.get("id") == own:
                keys = (*keys, str(key)) if str(key) not in keys else keys
            else:
                owners.setdefault(str(key), str(department.get("id")))
    return own, keys, owners


def _summary(lang: Language, count: int) -> str:
    return say(
        lang,
        f"{count} fel i arbetsboken; inget skrevs",
        f"{count} {'problem' if count == 1 else 'problems'} in the workbook; nothing was written",
    )
