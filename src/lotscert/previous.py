"""The previous audit in a municipality's folder (DESIGN §6, Actions to closure).

Open findings of the last audit must be answered in this one. When no ``--previous`` is given,
the folder an assessment lives in (``assessments/<kommunkod>-<namn>/``) is searched for audit
files by the names ``lotscert init`` gives (``<år>-<kind>.yaml``, any audit kind), and the one
with the latest date before this assessment's is taken. Self-assessments are not: they are the
municipality's own and their findings are not an auditor's to follow up (give one with
``--previous`` for a trend against it).

An explicit ``--previous`` is checked the same way (:func:`check_previous`): it must be another
file, and an earlier assessment — a file given as its own previous would make every open minor
"recurring" (proposed as major), and a later one would turn the trend and the follow-up around.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lotscert.engine.previous_findings import is_earlier
from lotscert.errors import AssessmentError, Location

if TYPE_CHECKING:
    from lotscert.models.assessment import Assessment

#: The audit kinds, in the order candidates of one year are listed (the weightiest first).
_KIND_RANK = {
    "internal_audit": 0,
    "persons_test_certification": 1,
    "test_certification": 2,
    "special_audit": 3,
    "surveillance_audit": 4,
    "recertification_audit": 5,
    "certification_audit": 6,
}
_AUDIT_FILE = re.compile(r"^(?P<year>[0-9]{4})-(?P<kind>" + "|".join(_KIND_RANK) + r")\.ya?ml$")


def previous_audit_candidates(path: Path, period: int) -> list[Path]:
    """Audit files beside ``path`` from ``period`` or earlier (not ``path`` itself), the most
    likely previous one first: latest year, then the weightiest kind. The caller reads their
    dates (a surveillance audit may follow the certification audit in the same year)."""
    folder = path.parent
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return []
    ranked = []
    for name in names:
        match = _AUDIT_FILE.match(name)
        if match is None or int(match["year"]) > period or name == path.name:
            continue
        ranked.append((int(match["year"]), _KIND_RANK[match["kind"]], name))
    return [folder / name for *_key, name in sorted(ranked, reverse=True)]


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()


def check_previous(
    path: Path | str, assessment: Assessment, previous_path: Path | str, previous: Assessment
) -> None:
    """Refuse a ``--previous`` that is the assessment itself, another municipality's or not
    earlier than it (by period and date), with one located line in Swedish and English."""
    where = Location(str(previous_path))
    if _same_file(Path(path), Path(previous_path)):
        raise AssessmentError(
            "--previous är samma fil som bedömningen; ange förra årets (eller förra revisionens) "
            "fil",
            where,
            en="--previous is the same file as the assessment; give last year's (or the last "
            "audit's) file",
        )
    if previous.municipality.code != assessment.municipality.code:
        raise AssessmentError(
            f"--previous gäller kommun {previous.municipality.code}, inte "
            f"{assessment.municipality.code}; ange samma kommuns förra bedömning",
            where,
            en=f"--previous is for municipality {previous.municipality.code}, not "
            f"{assessment.municipality.code}; give the same municipality's previous assessment",
        )
    if not is_earlier(previous, assessment):
        raise AssessmentError(
            f"--previous ({previous.period}, {previous.date}) är inte tidigare än bedömningen "
            f"({assessment.period}, {assessment.date}); ange en tidigare bedömning",
            where,
            en=f"--previous ({previous.period}, {previous.date}) is not earlier than the "
            f"assessment ({assessment.period}, {assessment.date}); give an earlier assessment",
        )
