"""Findings from requirements (DESIGN §3, Findings) and their order, worst first.

A ``shall`` requirement not fulfilled is a major nonconformity, a ``shall`` requirement partly
fulfilled a minor one, a ``should`` requirement partly or not fulfilled an observation. The
effective status (after a metric decided) counts. ``not_applicable`` and ``not_assessed`` give no
finding: the first is out of scope, the second makes the assessment incomplete instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from lotscert.engine.scoring import ScoredRequirement
from lotscert.models.assessment import Status
from lotscert.models.catalog import Modality
from lotscert.models.result import GRADES, Finding, Grade

GRADE_RANK: dict[Grade, int] = {grade: rank for rank, grade in enumerate(GRADES)}


def grade_for(modality: Modality, effective_status: Status) -> Grade | None:
    """The finding grade of a requirement with this modality and effective status, if any."""
    if modality == "shall":
        if effective_status == "not_fulfilled":
            return "major"
        if effective_status == "partial":
            return "minor"
        return None
    if effective_status in ("partial", "not_fulfilled"):
        return "observation"
    return None


def requirement_finding(item: ScoredRequirement) -> Finding | None:
    """The finding for one scored requirement, carrying what an auditor needs to see."""
    requirement = item.requirement
    grade = grade_for(requirement.modality, item.effective_status)
    if grade is None:
        return None
    response = item.response
    return Finding(
        grade=grade,
        kind="requirement",
        requirement=requirement.id,
        level=requirement.level,
        cornerstone=requirement.cornerstone,
        concerns=requirement.id,
        weight=requirement.weight,
        status=item.effective_status,
        evidence=list(response.evidence) if response is not None else [],
        comment=response.comment if response is not None else None,
        action=response.action if response is not None else None,
    )


def requirement_findings(scored: Iterable[ScoredRequirement]) -> list[Finding]:
    """Findings of every requirement, in catalogue order."""
    return [finding for item in scored if (finding := requirement_finding(item)) is not None]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Worst first: by grade, then by weight descending, then in the order given.

    The order given is catalogue order for requirement findings followed by coverage findings,
    so ``sorted`` (stable) keeps it within equal grade and weight.
    """
    return sorted(findings, key=lambda finding: (GRADE_RANK[finding.grade], -finding.weight))


def count_grades(findings: Iterable[Finding]) -> dict[Grade, int]:
    """How many findings of each grade."""
    counts: dict[Grade, int] = dict.fromkeys(GRADES, 0)
    for finding in findings:
        counts[finding.grade] += 1
    return counts


def at_least_as_bad(grade: Grade, threshold: Grade) -> bool:
    """True when ``grade`` is ``threshold`` or worse (major is worst)."""
    return GRADE_RANK[grade] <= GRADE_RANK[threshold]
