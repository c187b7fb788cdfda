"""The certification decision (DESIGN §3, Decision).

The ladder, first match wins: a ``shall`` requirement not assessed → incomplete, no decision;
a major nonconformity → not recommended; a minor nonconformity → recommended once the
corrective actions are verified (deadline: assessment date + the catalogue's days); else
recommended, valid until assessment date + the catalogue's years. A self-assessment gives the
same outcome, marked ``readiness_only``: a readiness verdict, never a certificate. A persons test
certification says nothing about the function (``persons_only``); requirements outside a sampling
audit's scope (``engine/scope.py``) do not make it incomplete.

DESIGN §6 (actions to closure): a finding counts at its decided grade, and a nonconformity
whose action the auditor has verified no longer holds the decision back — a ``conditional``
result becomes ``recommended`` once every minor's action is verified (a re-evaluation, no new
audit), and a major blocks until its correction is verified.

ISO/IEC 17021-1 (9.6.2, 9.6.3): the previous audit's nonconformities are followed up before the
certification continues. A nonconformity of the previous audit that this one does not answer
(``engine/previous_findings.py``: ``unanswered``) is still open: an unanswered major keeps the
outcome at not recommended (the certificate cannot be kept or renewed on this audit), an
unanswered minor at conditional.
"""

from __future__ import annotations

from collections.abc import Iterable

from lotscert.engine.actions import is_verified
from lotscert.engine.dates import add_days, add_years
from lotscert.engine.findings import count_grades
from lotscert.engine.scope import scope_of
from lotscert.engine.scoring import ScoredRequirement
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import CertificationParameters
from lotscert.models.result import Decision, Finding, Outcome, PreviousFinding

#: Outcomes from best to worst, for comparing decisions (incomplete decides nothing: lowest).
OUTCOME_RANK: dict[Outcome, int] = {
    "recommended": 3,
    "conditional": 2,
    "not_recommended": 1,
    "incomplete": 0,
    "persons_only": 0,
}


def decide(
    assessment: Assessment,
    scored: Iterable[ScoredRequirement],
    findings: list[Finding],
    parameters: CertificationParameters | None,
) -> Decision:
    """Climb the decision ladder."""
    not_assessed_shall = [
        item.requirement.id
        for item in scored
        if item.requirement.modality == "shall"
        and item.effective_status == "not_assessed"
        and item.in_scope
    ]
    counts = count_grades(findings)
    verified = count_grades(finding for finding in findings if is_verified(finding.action))
    outcome: Outcome
    deadline = valid_until = None
    if scope_of(assessment.kind) == "persons":
        outcome = "persons_only"
    elif not_assessed_shall:
        outcome = "incomplete"
    elif counts["major"] > verified["major"]:
        outcome = "not_recommended"
    elif counts["minor"] > verified["minor"]:
        outcome = "conditional"
        if parameters is not None:
            deadline = add_days(assessment.date, parameters.corrective_action_days)
    else:
        outcome = "recommended"
        # Only an audit of the whole function recommends a new validity period.
        if parameters is not None and scope_of(assessment.kind) == "full":
            valid_until = add_years(assessment.date, parameters.validity_years)
    return Decision(
        outcome=outcome,
        readiness_only=assessment.kind == "self_assessment",
        corrective_action_deadline=deadline,
        valid_until=valid_until,
        major=counts["major"],
        minor=counts["minor"],
        observations=counts["observation"],
        not_assessed_shall=not_assessed_shall,
        major_verified=verified["major"],
        minor_verified=verified["minor"],
    )


def held_back_by_previous(
    decision: Decision,
    answers: Iterable[PreviousFinding],
    assessment: Assessment,
    parameters: CertificationParameters | None,
) -> Decision:
    """``decision`` no better than the previous audit's unanswered nonconformities allow."""
    if decision.outcome in ("incomplete", "persons_only"):
        return decision
    unanswered = {answer.grade for answer in answers if answer.answer == "unanswered"}
    if "major" in unanswered:
        worst: Outcome = "not_recommended"
    elif "minor" in unanswered:
        worst = "conditional"
    else:
        return decision
    if OUTCOME_RANK[decision.outcome] <= OUTCOME_RANK[worst]:
        return decision
    deadline = None
    if worst == "conditional" and parameters is not None:
        deadline = add_days(assessment.date, parameters.corrective_action_days)
    return decision.model_copy(
        update={"outcome": worst, "corrective_action_deadline": deadline, "valid_until": None}
    )
