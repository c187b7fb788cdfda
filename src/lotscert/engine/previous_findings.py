"""The previous assessment's open findings, answered in this one (DESIGN §6, Actions to
closure; ISO/IEC 17021-1, 9.6.2: the follow-up of earlier nonconformities).

A previous finding is open when it was a nonconformity (major or minor) whose action was not
verified then (a closure without a verification, or one set aside by
``engine/action_records.py``, leaves it open). This assessment answers it:

- ``still_open`` — the same finding is found again;
- ``closed_verified`` — no longer found, and the action in this file carries a verification;
- ``closed_by_register`` — no longer found, and a measurement, the persons register or the
  coverage computed from it shows it (the evidence itself verifies);
- ``closed_unverified`` — no longer found, but nothing verifies the action;
- ``unanswered`` — the requirement is not assessed here (or the department no longer listed).

A persons test certification answers none (it examines persons, not the function); a sampling
audit must take the open findings into its sample. When the previous assessment was an audit
(not a self-assessment), ``unanswered`` and ``closed_unverified`` are warnings: an auditor
follows up the last audit's findings.
"""

from __future__ import annotations

from collections.abc import Mapping

from lotscert.engine.actions import NONCONFORMITIES, is_verified
from lotscert.engine.grading import FindingKey, finding_key
from lotscert.engine.scope import scope_of
from lotscert.engine.scoring import ScoredRequirement
from lotscert.models.assessment import Action, Assessment
from lotscert.models.result import Finding, PreviousAnswer, PreviousFinding, Result, Warning


def is_earlier(previous: Assessment, assessment: Assessment) -> bool:
    """Whether ``previous`` can be the previous assessment of ``assessment``: an earlier period,
    or the same period on an earlier date, and never dated after it (the same file is not)."""
    return (previous.period, previous.date) < (
        assessment.period,
        assessment.date,
    ) and previous.date <= assessment.date


def open_findings(previous: Result, id_map: Mapping[str, str]) -> list[Finding]:
    """The previous result's open nonconformities, requirement ids in current terms."""
    found = []
    for finding in previous.findings:
        # A closure without a verification closes nothing an auditor can rely on.
        if finding.grade not in NONCONFORMITIES or is_verified(finding.action):
            continue
        if finding.kind == "requirement":
            mapped = id_map.get(finding.concerns, finding.concerns)
            finding = finding.model_copy(update={"concerns": mapped, "requirement": mapped})
        found.append(finding)
    return found


def open_keys(previous: Result, id_map: Mapping[str, str]) -> set[FindingKey]:
    """The keys of the previous result's open nonconformities."""
    return {finding_key(finding) for finding in open_findings(previous, id_map)}


def _coverage_action(assessment: Assessment, finding: Finding) -> Action | None:
    actions = assessment.coverage_actions
    if actions is None:
        return None
    table = (
        actions.departments if finding.kind == "department_coverage" else actions.specialist_areas
    )
    return table.get(finding.concerns)


def _answer(
    finding: Finding,
    current_keys: set[FindingKey],
    scored: Mapping[str, ScoredRequirement],
    assessment: Assessment,
) -> PreviousAnswer:
    if finding_key(finding) in current_keys:
        return "still_open"
    if finding.kind == "requirement":
        item = scored.get(finding.concerns)
        if item is None or item.effective_status == "not_assessed":
            return "unanswered"
        if item.response is not None and is_verified(item.response.action):
            return "closed_verified"
        decided_by_evidence = (item.metric is not None and item.metric.met is not None) or (
            item.persons is not None and item.persons.status is not None
        )
        return "closed_by_register" if decided_by_evidence else "closed_unverified"
    if finding.kind == "department_coverage" and finding.concerns not in {
        department.id for department in assessment.departments
    }:
        return "unanswered"
    if is_verified(_coverage_action(assessment, finding)):
        return "closed_verified"
    return "closed_by_register"


def answer_previous(
    previous: Result,
    id_map: Mapping[str, str],
    current_findings: list[Finding],
    scored: list[ScoredRequirement],
    assessment: Assessment,
    source: str | None,
) -> tuple[list[PreviousFinding], list[Warning]]:
    """How this assessment answers each open finding of ``previous``, and the warnings."""
    if scope_of(assessment.kind) == "persons":
        return [], []  # a persons test certification examines persons, not the function
    current_keys = {finding_key(finding) for finding in current_findings}
    by_id = {item.requirement.id: item for item in scored}
    answers: list[PreviousFinding] = []
    warnings: list[Warning] = []
    followed_up = previous.kind != "self_assessment"
    for finding in open_findings(previous, id_map):
        answer = _answer(finding, current_keys, by_id, assessment)
        answers.append(
            PreviousFinding(
                grade=finding.grade,
                kind=finding.kind,
                concerns=finding.concerns,
                answer=answer,
                previous_period=previous.period,
                previous_source=source,
            )
        )
        if not followed_up or answer not in ("unanswered", "closed_unverified"):
            continue
        where = (
            f"responses.{finding.concerns}" if finding.kind == "requirement" else "coverage_actions"
        )
        details = {
            "concerns": finding.concerns,
            "grade": finding.grade,
            "period": str(previous.period),
            "source": source or str(previous.period),
        }
        if answer == "unanswered":
            warnings.append(
                Warning(
                    code="previous_finding_unanswered",
                    path=where,
                    message=f"the {finding.grade} nonconformity on {finding.concerns} from "
                    f"{details['source']} is not answered in this assessment; it stays open and "
                    "holds the decision back",
                    details=details,
                )
            )
        else:
            warnings.append(
                Warning(
                    code="previous_finding_unverified",
                    path=f"{where}.action.verification" if finding.kind == "requirement" else where,
                    message=f"the {finding.grade} nonconformity on {finding.concerns} from "
                    f"{details['source']} is no longer found, but its action is not verified",
                    details=details,
                )
            )
    return answers, warnings
