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


def previous_audit(
    path: Path,
    assessment: Assessment,
    catalog_paths: Sequence[Path | str] = (),
    optional_catalogs: Sequence[Path] = (),
) -> tuple[Path, Assessment, Catalog] | None:
    """The latest earlier audit of the same municipality beside ``path`` that loads without
    errors (its own problems are its own file's), or None."""
    from lotscert.loading import read_assessment
    from lotscert.previous import previous_audit_candidates

    best: tuple[Path, Assessment, Catalog] | None = None
    for found in previous_audit_candidates(path, assessment.period):
        candidate, entry, problems = read_assessment(
            found, catalog_paths, optional_catalogs=optional_catalogs
        )
        if candidate is None or entry is None or any(d.severity == "error" for d in problems):
            continue
        if candidate.municipality.code != assessment.municipality.code:
            continue
        if candidate.date < assessment.date and (best is None or candidate.date > best[1].date):
            best = (found, candidate, entry.catalog)
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
