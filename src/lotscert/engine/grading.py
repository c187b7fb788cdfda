"""Proposed and decided grades (DESIGN §6, Proposed and decided).

The engine proposes each finding's grade (``findings.grade_for``). Where the catalogue's
``recurring_minor_is_major`` is set, a minor nonconformity that was also open at the previous
audit of the same municipality is proposed as major, and the finding names that audit's file.
An auditor may then decide another grade in the assessment file (``judgement``: grade and a
required reason); the decided grade counts for the decision, and both are kept.
"""

from __future__ import annotations

from collections.abc import Collection

from lotscert.models.assessment import Assessment
from lotscert.models.result import Finding

#: A finding across years: its kind and what it concerns (requirement ids in current terms).
FindingKey = tuple[str, str]


def finding_key(finding: Finding) -> FindingKey:
    """The identity of a finding across years."""
    return finding.kind, finding.concerns


def propose(
    finding: Finding,
    recurring: Collection[FindingKey],
    recurring_source: str | None,
) -> Finding:
    """The engine's proposal: as graded, or major for a recurring minor."""
    if finding.grade == "minor" and finding_key(finding) in recurring:
        return finding.model_copy(
            update={
                "grade": "major",
                "proposed_grade": "major",
                "recurring_from": recurring_source or "",
            }
        )
    return finding.model_copy(update={"proposed_grade": finding.grade})


def decide_grade(finding: Finding, assessment: Assessment) -> Finding:
    """The auditor's decided grade, where the file gives a judgement for the requirement."""
    if finding.kind != "requirement" or finding.requirement is None:
        return finding
    response = assessment.responses.get(finding.requirement)
    judgement = response.judgement if response is not None else None
    if judgement is None:
        return finding
    return finding.model_copy(
        update={
            "grade": judgement.grade,
            "grade_reason": judgement.reason,
            "decided_by": judgement.by,
        }
    )


def grade_findings(
    findings: list[Finding],
    assessment: Assessment,
    recurring: Collection[FindingKey] = (),
    recurring_source: str | None = None,
) -> list[Finding]:
    """Every finding with its proposed grade and, where judged, the decided one."""
    return [
        decide_grade(propose(finding, recurring, recurring_source), assessment)
        for finding in findings
    ]
