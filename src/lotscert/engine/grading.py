"""Proposed and decided grades (DESIGN §6, Proposed and decided).

The engine proposes each finding's grade (``findings.grade_for``). Where the catalogue's
``recurring_minor_is_major`` is set, a minor nonconformity that was also open at the previous
audit of the same municipality is proposed as major, and the finding names that audit's file.
An auditor may then decide another grade in the assessment file (``judgement``: grade and a
required reason); the decided grade counts for the decision, and both are kept.

Grading is the audit team's (ISO/IEC 17021-1): a judgement that changes the proposed grade counts
only when ``by`` names an auditor of this file's team (``engine/authority.py``). One that does
not is set aside — the proposed grade stands — and said as a warning; a judgement that changes
nothing stays, with a warning when it names nobody who may decide.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from lotscert.engine.authority import Authority, Refusal
from lotscert.models.assessment import Assessment
from lotscert.models.result import Finding, Grade, Warning

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


@dataclass(frozen=True)
class JudgementRefused:
    """A judgement whose ``by`` may not decide: set aside when it changes the grade."""

    requirement: str
    proposed: Grade
    judged: Grade
    by: str | None
    refusal: Refusal

    @property
    def changes_grade(self) -> bool:
        """True when the judgement would change the proposed grade (and so is set aside)."""
        return self.judged != self.proposed


def refused_judgement(
    finding: Finding, assessment: Assessment, may_decide: Authority
) -> JudgementRefused | None:
    """The finding's judgement when its ``by`` may not decide, else None."""
    if finding.kind != "requirement" or finding.requirement is None:
        return None
    response = assessment.responses.get(finding.requirement)
    judgement = response.judgement if response is not None else None
    if judgement is None:
        return None
    refusal = may_decide.refusal(judgement.by)
    if refusal is None:
        return None
    return JudgementRefused(
        finding.requirement, finding.grade, judgement.grade, judgement.by, refusal
    )


def decide_grade(
    finding: Finding, assessment: Assessment, may_decide: Authority | None = None
) -> Finding:
    """The auditor's decided grade, where the file gives a judgement for the requirement that
    counts (``may_decide``: who may change a grade; None trusts every judgement)."""
    if finding.kind != "requirement" or finding.requirement is None:
        return finding
    response = assessment.responses.get(finding.requirement)
    judgement = response.judgement if response is not None else None
    if judgement is None:
        return finding
    if may_decide is not None:
        refused = refused_judgement(finding, assessment, may_decide)
        if refused is not None and refused.changes_grade:
            return finding
    return finding.model_copy(
        update={
            "grade": judgement.grade,
            "grade_reason": judgement.reason,
            "decided_by": judgement.by,
        }
    )


def judgement_warnings(refused: list[JudgementRefused]) -> list[Warning]:
    """One warning per judgement whose ``by`` may not decide."""
    warnings = []
    for item in refused:
        who = item.by or "nobody"
        effect = (
            f"it does not count: the proposed grade {item.proposed} stands"
            if item.changes_grade
            else "it changes nothing"
        )
        warnings.append(
            Warning(
                code="judgement_not_by_auditor",
                path=f"responses.{item.requirement}.judgement.by",
                message=f"the judgement on {item.requirement} ({item.judged}) is decided by "
                f"{who}, not by an auditor of the team ({item.refusal.replace('_', ' ')}); "
                f"{effect}",
                details={
                    "requirement": item.requirement,
                    "proposed": item.proposed,
                    "judged": item.judged,
                    "by": item.by or "",
                    "refusal": item.refusal,
                    "counts": "no" if item.changes_grade else "unchanged",
                },
            )
        )
    return warnings


def grade_findings(
    findings: list[Finding],
    assessment: Assessment,
    recurring: Collection[FindingKey] = (),
    recurring_source: str | None = None,
    may_decide: Authority | None = None,
) -> tuple[list[Finding], list[JudgementRefused]]:
    """Every finding with its proposed grade and, where judged by someone who may, the decided
    one; and the judgements whose ``by`` may not decide."""
    graded: list[Finding] = []
    refused: list[JudgementRefused] = []
    for finding in findings:
        proposed = propose(finding, recurring, recurring_source)
        if may_decide is not None:
            problem = refused_judgement(proposed, assessment, may_decide)
            if problem is not None:
                refused.append(problem)
        graded.append(decide_grade(proposed, assessment, may_decide))
    return graded, refused
