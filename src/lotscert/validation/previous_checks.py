"""An audit against the previous audit in its folder (DESIGN §6, Actions to closure).

``lotscert score`` follows up the open nonconformities of the latest earlier audit of the same
municipality in the assessment's folder (``lotscert.previous``); ``lotscert validate`` says the
same: a previous nonconformity this file does not answer (it holds the decision back), and a
verification or closure dated before the previous audit found the nonconformity. (A previous
nonconformity no longer found whose action is not verified stays a warning of ``score``: the
audit found the requirement met.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lotscert.diagnostics import DataPath, Diagnostic, Severity
from lotscert.errors import LotscertError
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import Warning
from lotscert.validation.audit_checks import Add, say_authority_warning

_GRADE_SV = {"major": "större avvikelse", "minor": "mindre avvikelse"}
_GRADE_EN = {"major": "major nonconformity", "minor": "minor nonconformity"}


#: What an assessment file read as, by the file as it stood (path, inode, size, modification
#: time) and the catalogues it was read with: a validate run reads a folder's files in turn, and
#: each audit is the previous audit of the next — read once, not again for every later file.
_Key = tuple[str, int, int, int, tuple[str, ...], tuple[str, ...]]
_read: dict[_Key, tuple[Assessment, Catalog] | None] = {}
_READ_KEPT = 64


def _key(
    path: Path, catalog_paths: Sequence[Path | str], optional_catalogs: Sequence[Path]
) -> _Key | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (
        str(path.resolve()),
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        tuple(map(str, catalog_paths)),
        tuple(map(str, optional_catalogs)),
    )


def remember(
    path: Path,
    read: tuple[Assessment, Catalog] | None,
    catalog_paths: Sequence[Path | str] = (),
    optional_catalogs: Sequence[Path] = (),
) -> None:
    """Keep what ``path`` read as (None: not without errors) for a later file's follow-up."""
    key = _key(path, catalog_paths, optional_catalogs)
    if key is None:
        return
    if len(_read) >= _READ_KEPT:
        del _read[next(iter(_read))]  # the oldest: the folder validated before
    _read[key] = read


def _read_audit(
    path: Path, catalog_paths: Sequence[Path | str], optional_catalogs: Sequence[Path]
) -> tuple[Assessment, Catalog] | None:
    """The assessment ``path`` holds and its catalogue, or None when it has errors."""
    from lotscert.loading import read_assessment

    key = _key(path, catalog_paths, optional_catalogs)
    if key is not None and key in _read:
        return _read[key]
    candidate, entry, problems = read_assessment(
        path, catalog_paths, optional_catalogs=optional_catalogs
    )
    if candidate is None or entry is None or any(d.severity == "error" for d in problems):
        read = None
    else:
        read = (candidate, entry.catalog)
    remember(path, read, catalog_paths, optional_catalogs)
    return read


def previous_audit(
    path: Path,
    assessment: Assessment,
    catalog_paths: Sequence[Path | str] = (),
    optional_catalogs: Sequence[Path] = (),
) -> tuple[Path, Assessment, Catalog] | None:
    """The latest earlier audit of the same municipality beside ``path`` that loads without
    errors (its own problems are its own file's), or None."""
    from lotscert.previous import previous_audit_candidates

    best: tuple[Path, Assessment, Catalog] | None = None
    for found in previous_audit_candidates(path, assessment.period):
        read = _read_audit(found, catalog_paths, optional_catalogs)
        if read is None:
            continue
        candidate, catalog = read
        if candidate.municipality.code != assessment.municipality.code:
            continue
        if candidate.date < assessment.date and (best is None or candidate.date > best[1].date):
            best = (found, candidate, catalog)
    return best


def check_against_previous(
    path: Path,
    file: str,
    assessment: Assessment,
    catalog: Catalog,
    catalog_paths: Sequence[Path | str] = (),
    optional_catalogs: Sequence[Path] = (),
) -> list[Diagnostic]:
    """What following up the previous audit finds in ``assessment`` (unplaced diagnostics)."""
    from lotscert.engine.evaluate import evaluate

    found = previous_audit(path, assessment, catalog_paths, optional_catalogs)
    if found is None:
        return []
    previous_path, previous, previous_catalog = found
    try:
        result = evaluate(
            catalog,
            assessment,
            previous,
            None if previous_catalog.ref == catalog.ref else previous_catalog,
            previous_source=previous_path.name,
        )
    except LotscertError:
        return []  # what stops scoring is said by the file's own checks
    diagnostics: list[Diagnostic] = []

    def add(severity: Severity, path: DataPath, code: str, sv: str, en: str) -> None:
        diagnostics.append(Diagnostic(file, severity, code, sv, en, path))

    for warning in result.warnings:
        if warning.code == "previous_finding_unanswered":
            _say_previous(warning, assessment, add)
        elif warning.code in ("verification_before_finding", "closure_before_finding") and (
            warning.details.get("found") == previous.date.isoformat()
        ):
            say_authority_warning(warning, add)  # only the previous audit's date shows these
    return diagnostics


def _say_previous(warning: Warning, assessment: Assessment, add: Add) -> None:
    details = warning.details
    concerns, grade, source = details["concerns"], details["grade"], details["source"]
    if concerns in assessment.responses:
        where: DataPath = ("responses", concerns)
    elif warning.path.startswith("responses."):
        where = ("responses",)
    else:
        where = ("departments",)
    add(
        "warning",
        where,
        "previous.unanswered",
        f"{_GRADE_SV.get(grade, grade)} på {concerns} från {source} besvaras inte i den "
        "här bedömningen; den är fortfarande öppen och håller tillbaka beslutet – bedöm "
        f"{concerns} eller verifiera åtgärden",
        f"the {_GRADE_EN.get(grade, grade)} on {concerns} from {source} is not answered in "
        "this assessment; it is still open and holds the decision back – assess "
        f"{concerns} or verify its action",
    )
