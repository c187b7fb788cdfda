"""``lotscert import ciso-assistant``: a compliance assessment sheet read back into an
assessment file.

The sheet (CSV or xlsx, CISO Assistant's import layout) is checked cell by cell and every
problem reported at once, each as ``Fil.csv!E12: …`` (``Bok.xlsx!Blad!E12``); then nothing
is written. As in CISO Assistant, rows that are not ``assessable`` are skipped, a row is
matched by ``ref_id`` and else by ``urn``, and only filled-in cells change anything: a blank
cell keeps what the file has. ``compliance_result`` sets the status, ``score`` the maturity,
``observations`` the comment. A ``compliance_result`` equal to the status lotscert concluded
(the effective status, which the export writes) keeps the stated status, so that a sheet
exported and read back changes nothing. ``extended_result`` and ``requirement_progress`` are
checked but not stored: lotscert grades findings itself.

The merge is the Excel import's: only changed values are replaced in the YAML text (comments
and order kept), the result must read back as the merged assessment, the old file is kept as
``.bak`` and the write is atomic.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lotscert.atomic import write_back, write_bytes_atomic
from lotscert.errors import AssessmentError, Location
from lotscert.excel.changes import Change, diff
from lotscert.interop.ciso.library import node_urns
from lotscert.interop.ciso.sheet import (
    EXTENDED_RESULTS,
    PROGRESS,
    SHEET_COLUMNS,
    STATUS_OF_RESULT,
    unguard_formula,
)
from lotscert.interop.problems import InteropError, InteropProblems
from lotscert.interop.table import Table, read_csv_table, read_xlsx_table
from lotscert.models.assessment import Assessment, Response, Status
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.plaintext import forbidden_message

_TRUE = frozenset(("true", "1", "yes", "ja", "sant", "x", "y"))
_FALSE = frozenset(("false", "0", "no", "nej", "falskt", "n"))


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


@dataclass(frozen=True)
class SheetAnswer:
    """What one row says (None: the cell was blank, keep the file's value)."""

    requirement: str
    status: Status | None
    maturity: int | None
    comment: str | None


@dataclass
class CisoImport:
    """What an import read, changed and wrote."""

    sheet: Path
    into: Path
    assessment: Assessment
    previous: Assessment
    changes: list[Change]
    written: bool = False
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


class _RowReader:
    def __init__(self, table: Table, catalog: Catalog, lang: Language) -> None:
        self.table = table
        self.catalog = catalog
        self.lang = lang
        self.problems: list[str] = []
        _, requirement_urns = node_urns(catalog, lang)
        self.by_urn = {urn: identifier for identifier, urn in requirement_urns.items()}
        self.low = min(step.value for step in catalog.scale)
        self.top = catalog.top

    def problem(self, row: int, column: str, sv: str, en: str) -> None:
        self.problems.append(f"{self.table.where(row, column)}: {_say(self.lang, sv, en)}")

    def formula(self, row: int, column: str, data_type: str) -> bool:
        if data_type in ("f", "e"):
            self.problem(
                row,
                column,
                "cellen innehåller en formel eller ett felvärde; skriv värdet",
                "the cell holds a formula or an error value; type the value",
            )
            return True
        return False

    def assessable(self, row: int, cells: dict[int, tuple[Any, str]]) -> bool | None:
        value, data_type = self.table.value(cells, "assessable")
        if self.formula(row, "assessable", data_type):
            return None
        if isinstance(value, bool):
            return value
        text = (_text(value) or "").lower()
        if text in _TRUE:
            return True
        if text in _FALSE or not text:
            return False
        self.problem(
            row,
            "assessable",
            f"assessable ska vara True eller False, inte {value!r}",
            f"assessable must be True or False, not {value!r}",
        )
        return None

    def requirement(self, row: int, cells: dict[int, tuple[Any, str]]) -> str | None:
        ref_value, ref_type = self.table.value(cells, "ref_id")
        urn_value, urn_type = self.table.value(cells, "urn")
        if self.formula(row, "ref_id", ref_type) or self.formula(row, "urn", urn_type):
            return None
        ref_id, urn = _text(ref_value), _text(urn_value)
        if ref_id and ref_id in self.catalog.requirements_by_id:
            return ref_id
        if urn and urn.lower() in self.by_urn:
            return self.by_urn[urn.lower()]
        known = ", ".join(req.id for req in self.catalog.requirements[:12])
        more = ", …" if len(self.catalog.requirements) > 12 else ""
        column = "ref_id" if ref_id or not urn else "urn"
        shown = ref_id or urn
        if shown is None:
            self.problem(
                row,
                column,
                "raden saknar både ref_id och urn",
                "the row has neither ref_id nor urn",
            )
        else:
            self.problem(
                row,
                column,
                f"okänt krav {shown!r}; katalogen {self.catalog.ref} har {known}{more}",
                f"unknown requirement {shown!r}; catalogue {self.catalog.ref} has {known}{more}",
            )
        return None

    def status(self, row: int, cells: dict[int, tuple[Any, str]]) -> tuple[Status | None, bool]:
        value, data_type = self.table.value(cells, "compliance_result")
        if self.formula(row, "compliance_result", data_type):
            return None, False
        text = _text(value)
        if text is None:
            return None, True
        status = STATUS_OF_RESULT.get(text.lower())
        if status is None:
            self.problem(
                row,
                "compliance_result",
                f"okänt compliance_result {text!r}; välj {', '.join(STATUS_OF_RESULT)}",
                f"unknown compliance_result {text!r}; choose {', '.join(STATUS_OF_RESULT)}",
            )
            return None, False
        return status, True

    def maturity(self, row: int, cells: dict[int, tuple[Any, str]]) -> tuple[int | None, bool]:
        value, data_type = self.table.value(cells, "score")
        if self.formula(row, "score", data_type):
            return None, False
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, True
        number: Decimal | None
        try:
            number = (
                Decimal(str(value).strip().replace(",", "."))
                if not isinstance(value, bool)
                else None
            )
        except ArithmeticError:
            number = None
        if (
            number is None
            or not number.is_finite()
            or number != number.to_integral_value()
            or not self.low <= number <= self.top
        ):
            self.problem(
                row,
                "score",
                f"score ska vara ett heltal {self.low}–{self.top} (mognad), inte {value!r}",
                f"score must be a whole number {self.low}–{self.top} (maturity), not {value!r}",
            )
            return None, False
        return int(number), True

    def plain(
        self, row: int, cells: dict[int, tuple[Any, str]], column: str
    ) -> tuple[str | None, bool]:
        value, data_type = self.table.value(cells, column)
        if self.formula(row, column, data_type):
            return None, False
        if value is None:
            return None, True
        text = unguard_formula(str(value))
        bad = [char for char in text if (ord(char) < 32 and char not in "\n\t") or char == "\x7f"]
        if bad:
            self.problem(
                row,
                column,
                f"texten innehåller styrtecken ({bad[0]!r}); ta bort dem",
                f"the text holds control characters ({bad[0]!r}); remove them",
            )
            return None, False
        forbidden = forbidden_message(text)  # text-direction characters: validate refuses them
        if forbidden is not None:
            self.problem(row, column, *forbidden)
            return None, False
        return (text.replace("\r\n", "\n") if text.strip() else None), True

    def choice(
        self, row: int, cells: dict[int, tuple[Any, str]], column: str, allowed: Sequence[str]
    ) -> str | None:
        value, data_type = self.table.value(cells, column)
        if self.formula(row, column, data_type):
            return None
        text = _text(value)
        if text is not None and text.lower() not in allowed:
            self.problem(
                row,
                column,
                f"okänt {column} {text!r}; välj {', '.join(allowed)} eller lämna tomt",
                f"unknown {column} {text!r}; choose {', '.join(allowed)} or leave it blank",
            )
            return None
        return text.lower() if text else None


def read_ciso_sheet(
    path: Path | str, catalog: Catalog, *, lang: Language = "sv"
) -> list[SheetAnswer]:
    """Every answer of the sheet, checked; or :class:`InteropProblems` with every problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = read_csv_table(path, SHEET_COLUMNS, lang)
    elif suffix in (".xlsx", ".xlsm"):
        table = read_xlsx_table(path, lang)
    else:
        raise InteropError(
            _say(lang, "ange en .csv- eller .xlsx-fil", "give a .csv or .xlsx file"),
            Location(str(path)),
        )
    if "ref_id" not in table.columns and "urn" not in table.columns:
        raise InteropError(
            _say(
                lang,
                "rubrikraden saknar ref_id och urn; kolumnerna ska vara "
                f"{', '.join(SHEET_COLUMNS)}",
                f"the header row has neither ref_id nor urn; the columns are "
                f"{', '.join(SHEET_COLUMNS)}",
            ),
            Location(table.display, cell="A1"),
        )
    reader = _RowReader(table, catalog, lang)
    answers: list[SheetAnswer] = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        if "assessable" in table.columns:
            assessable = reader.assessable(row, cells)
            if not assessable:
                continue
        requirement = reader.requirement(row, cells)
        status, status_ok = reader.status(row, cells)
        maturity, _ = reader.maturity(row, cells)
        comment, _ = reader.plain(row, cells, "observations")
        extended = reader.choice(row, cells, "extended_result", EXTENDED_RESULTS)
        reader.choice(row, cells, "requirement_progress", PROGRESS)
        if (
            extended in ("major_nonconformity", "minor_nonconformity")
            and status
            not in (
                "not_fulfilled",
                "partial",
            )
            and status_ok
            and status is not None
        ):
            reader.problem(
                row,
                "extended_result",
                "en avvikelse kräver compliance_result non_compliant eller partially_compliant",
                "a nonconformity needs compliance_result non_compliant or partially_compliant",
            )
        if extended == "good_practice" and status not in ("fulfilled", None):
            reader.problem(
                row,
                "extended_result",
                "good_practice kräver compliance_result compliant",
                "good_practice needs compliance_result compliant",
            )
        if requirement is None:
            continue
        if requirement in seen:
            reader.problem(
                row,
                "ref_id",
                f"kravet {requirement} står redan på rad {seen[requirement]}",
                f"requirement {requirement} is already on row {seen[requirement]}",
            )
            continue
        seen[requirement] = row
        answers.append(SheetAnswer(requirement, status, maturity, comment))
    if reader.problems:
        count = len(reader.problems)
        raise InteropProblems(
            reader.problems,
            _say(
                lang,
                f"{count} fel i {path.name}; inget skrevs",
                f"{count} {'problem' if count == 1 else 'problems'} in {path.name}; nothing was "
                "written",
            ),
        )
    return answers


def apply_answers(base: Assessment, catalog: Catalog, answers: Sequence[SheetAnswer]) -> Assessment:
    """``base`` with the sheet's answers; blank cells keep the file's values."""
    from lotscert.engine.evaluate import evaluate
    from lotscert.pseudonyms import name_table

    # The export pseudonymised the comments: a comment that comes back as it went out keeps
    # the file's own text (with the names it holds).
    # (in either language of the export: an assessor is "bedömare 1" or "assessor 1")
    tables = [name_table([base], "sv"), name_table([base], "en")]
    effective = {
        identifier: item.effective_status
        for identifier, item in evaluate(catalog, base).requirements.items()
    }
    responses = dict(base.responses)
    for answer in answers:
        current = responses.get(answer.requirement) or Response(status="not_assessed")
        update: dict[str, Any] = {}
        if answer.status is not None and answer.status != effective.get(answer.requirement):
            update["status"] = answer.status
        if answer.maturity is not None:
            update["maturity"] = answer.maturity
        if answer.comment is not None and not (
            current.comment is not None
            and any(table.replace(current.comment) == answer.comment for table in tables)
        ):
            update["comment"] = answer.comment
        if update or answer.requirement not in responses:
            responses[answer.requirement] = Response.model_validate(
                {**{name: getattr(current, name) for name in Response.model_fields}, **update}
            )
    data = {name: getattr(base, name) for name in Assessment.model_fields}
    data["responses"] = responses
    return Assessment.model_validate(data)


def import_ciso_sheet(
    sheet_path: Path | str,
    into_path: Path | str,
    *,
    dry_run: bool = False,
    catalog_paths: Sequence[Path | str] = (),
    lang: Language = "sv",
) -> CisoImport:
    """Read the sheet, check every cell and merge the answers into ``into_path``."""
    from lotscert.atomic import backup_path
    from lotscert.loading import load_assessment_with_catalog

    sheet_path, into_path = Path(sheet_path), Path(into_path)
    if not into_path.is_file():
        raise AssessmentError(
            _say(
                lang,
                "bedömningsfilen finns inte; arket bär ingen kommun, år eller typ – skapa filen "
                "med lotscert init först",
                "the assessment file does not exist; the sheet carries no municipality, year or "
                "kind – create the file with lotscert init first",
            ),
            Location(str(into_path)),
        )
    base, catalog = load_assessment_with_catalog(into_path, catalog_paths)
    try:
        raw = into_path.read_bytes()
        base_text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError) as error:
        raise AssessmentError(str(error), Location(str(into_path))) from None
    byte_order_mark = ""
    if base_text.startswith("\ufeff"):
        byte_order_mark, base_text = "\ufeff", base_text[1:]
    answers = read_ciso_sheet(sheet_path, catalog, lang=lang)
    new = apply_answers(base, catalog, answers)
    report = CisoImport(sheet_path, into_path, new, base, diff(base, new, lang))
    if dry_run or new == base:
        return report
    from lotscert.excel.merge import merge_text  # ruamel.yaml: only to write

    text = merge_text(base_text, base, new)
    backup = backup_path(into_path)
    write_bytes_atomic(backup, raw)  # the bytes that were read and merged
    shutil.copymode(into_path, backup)
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    # under the file's lock, and only over the bytes that were read
    write_back(into_path, raw, (byte_order_mark + text).encode("utf-8"), lang=lang)
    report.written = True
    report.backup = backup
    return report
