"""The compliance assessment sheet in CISO Assistant's import layout.

One row per node of the framework, in its order: each level a non-assessable row, each
requirement an assessable row with ``compliance_result`` (from the effective status),
``extended_result`` (from the finding grade), ``requirement_progress``, ``score`` (the
maturity) and ``observations`` (the comment). CISO Assistant matches a row by ``ref_id``, then
by ``urn``, and skips rows that are not ``assessable``.
"""

from __future__ import annotations

import re
from typing import Any

from lotscert.interop.ciso.library import node_urns
from lotscert.models.assessment import Assessment, Status
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import Grade, Result

SHEET_COLUMNS: tuple[str, ...] = (
    "urn",
    "ref_id",
    "assessable",
    "name",
    "compliance_result",
    "extended_result",
    "requirement_progress",
    "score",
    "observations",
)
#: lotscert's status → CISO Assistant's ``compliance_result``.
COMPLIANCE_RESULT: dict[Status, str] = {
    "fulfilled": "compliant",
    "partial": "partially_compliant",
    "not_fulfilled": "non_compliant",
    "not_applicable": "not_applicable",
    "not_assessed": "not_assessed",
}
STATUS_OF_RESULT: dict[str, Status] = {value: key for key, value in COMPLIANCE_RESULT.items()}
#: lotscert's finding grade → CISO Assistant's ``extended_result``.
EXTENDED_RESULT: dict[Grade, str] = {
    "major": "major_nonconformity",
    "minor": "minor_nonconformity",
    "observation": "opportunity_for_improvement",
}
#: Every ``extended_result`` CISO Assistant knows (lotscert writes the first three).
EXTENDED_RESULTS: tuple[str, ...] = (
    "major_nonconformity",
    "minor_nonconformity",
    "opportunity_for_improvement",
    "observation_sensitive_point",
    "good_practice",
)
PROGRESS: tuple[str, ...] = ("to_do", "in_progress", "in_review", "done")

#: A text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first, perhaps after
#: spaces or apostrophes) is written after an apostrophe, as CISO Assistant's own export does;
#: the import removes exactly that one apostrophe again.
_FORMULA_LIKE = re.compile(r"^[\s']*[=+\-@]")


def guard_formula(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet could run it."""
    return "'" + text if _FORMULA_LIKE.match(text) else text


def unguard_formula(text: str) -> str:
    """The text :func:`guard_formula` was given."""
    if text.startswith("'") and _FORMULA_LIKE.match(text[1:]):
        return text[1:]
    return text


def sheet_rows(
    catalog: Catalog, assessment: Assessment, result: Result, lang: Language = "sv"
) -> list[dict[str, Any]]:
    """The rows (column → value; ``assessable`` a bool, ``score`` an int or None)."""
    levels, requirements = node_urns(catalog, lang)
    rows: list[dict[str, Any]] = []
    for level in catalog.levels:
        rows.append(
            {
                "urn": levels[level.id],
                "ref_id": None,
                "assessable": False,
                "name": level.title.get(lang),
                "compliance_result": None,
                "extended_result": None,
                "requirement_progress": None,
                "score": None,
                "observations": None,
            }
        )
        for requirement in catalog.requirements:
            if requirement.level != level.id:
                continue
            verdict = result.requirements[requirement.id]
            response = assessment.responses.get(requirement.id)
            rows.append(
                {
                    "urn": requirements[requirement.id],
                    "ref_id": requirement.id,
                    "assessable": True,
                    "name": requirement.title.get(lang),
                    "compliance_result": COMPLIANCE_RESULT[verdict.effective_status],
                    "extended_result": EXTENDED_RESULT[verdict.finding]
                    if verdict.finding
                    else None,
                    "requirement_progress": "to_do"
                    if verdict.effective_status == "not_assessed"
                    else "done",
                    "score": verdict.maturity,
                    "observations": response.comment if response is not None else None,
                }
            )
    return rows
