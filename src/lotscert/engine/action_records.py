"""Verification and closure that count (DESIGN §6, Actions to closure; ISO/IEC 17021-1, 9.4.9
and 9.6.2: the certification body reviews and verifies corrections and corrective actions).

A verification or closure recorded in an assessment file counts only when an auditor of this
file's team made it (``engine/authority.py``) and its date fits the finding:

- an action on a finding of this assessment (its own finding) is verified on or after the
  assessment date (the finding did not exist before) and, in an audit, by the corrective-action
  deadline (assessment date + the catalogue's days; a later one is late: the condition of a
  conditional recommendation was not met). It is closed on or after the assessment date;
- an action on a finding of an earlier audit, closed in this one (the requirement is no longer
  a finding), was verified and closed on or before this assessment's date (this audit follows
  it up) and, when the earlier audit is known, on or after its date.

A verification that does not count is set aside: the action is as if unverified (an open major
keeps blocking the decision), and a closure resting on it goes with it. Each is a warning here
and, where it cannot be right, an error in ``lotscert validate``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from lotscert.engine.actions import PlacedAction, placed_actions
from lotscert.engine.authority import Authority
from lotscert.models.assessment import Action, Assessment, CoverageActions, Response
from lotscert.models.result import Warning

RecordCode = Literal[
    "verification_not_by_auditor",
    "verification_before_finding",
    "verification_after_assessment",
    "verification_late",
    "closure_not_by_auditor",
    "closure_before_finding",
    "closure_after_assessment",
]


@dataclass(frozen=True)
class RecordProblem:
    """A verification or closure that does not count, and why."""

    code: RecordCode
    concerns: str
    path: str  # dotted, from the file's top: responses.K4.action.verification.date
    details: Mapping[str, str]

    @property
    def part(self) -> Literal["verification", "closure"]:
        """Which record is set aside."""
        return "verification" if self.code.startswith("verification") else "closure"


@dataclass(frozen=True)
class Dates:
    """The dates a record is checked against."""

    assessment: dt.date
    deadline: dt.date | None
    previous: dt.date | None = None  # the earlier audit's date, when known


def check_action(
    placed: PlacedAction, own_finding: bool, dates: Dates, may_decide: Authority
) -> list[RecordProblem]:
    """What in ``placed``'s verification and closure does not count."""
    problems: list[RecordProblem] = []
    action, base = placed.action, placed.path

    def problem(code: RecordCode, where: str, **details: str) -> None:
        problems.append(RecordProblem(code, placed.concerns, f"{base}.{where}", details))

    verification = action.verification
    if verification is not None:
        refusal = may_decide.refusal(verification.by)
        if refusal is not None:
            problem(
                "verification_not_by_auditor", "verification.by", by=verification.by, why=refusal
            )
        when = verification.date.isoformat()
        if own_finding:
            if verification.date < dates.assessment:
                problem(
                    "verification_before_finding",
                    "verification.date",
                    date=when,
                    found=dates.assessment.isoformat(),
                )
            elif dates.deadline is not None and verification.date > dates.deadline:
                problem(
                    "verification_late",
                    "verification.date",
                    date=when,
                    deadline=dates.deadline.isoformat(),
                )
        elif verification.date > dates.assessment:
            problem(
                "verification_after_assessment",
                "verification.date",
                date=when,
                assessment=dates.assessment.isoformat(),
            )
        elif dates.previous is not None and verification.date < dates.previous:
            problem(
                "verification_before_finding",
                "verification.date",
                date=when,
                found=dates.previous.isoformat(),
            )
    closure = action.closure
    if closure is not None:
        if closure.by is not None:
            refusal = may_decide.refusal(closure.by)
            if refusal is not None:
                problem("closure_not_by_auditor", "closure.by", by=closure.by, why=refusal)
        when = closure.date.isoformat()
        found = dates.assessment if own_finding else dates.previous
        if not own_finding and closure.date > dates.assessment:
            problem(
                "closure_after_assessment",
                "closure.date",
                date=when,
                assessment=dates.assessment.isoformat(),
            )
        elif found is not None and closure.date < found:
            problem("closure_before_finding", "closure.date", date=when, found=found.isoformat())
    return problems


def check_records(
    assessment: Assessment,
    own_findings: Mapping[tuple[str, bool], bool],
    dates: Dates,
    may_decide: Authority,
) -> list[RecordProblem]:
    """Every verification and closure of the file that does not count, in file order.

    ``own_findings`` maps (concerns, is a response) to whether this assessment finds it; an
    action not in it belongs to an earlier audit's finding (or to no finding at all).
    """
    problems: list[RecordProblem] = []
    for placed in placed_actions(assessment):
        if placed.action.verification is None and placed.action.closure is None:
            continue
        own = own_findings.get((placed.concerns, placed.path.startswith("responses.")), False)
        problems.extend(check_action(placed, own, dates, may_decide))
    return problems


def _honoured(action: Action, parts: set[str]) -> Action:
    update: dict[str, None] = {}
    if "verification" in parts:
        update["verification"] = None
        update["closure"] = None  # a closure rests on the verification
    if "closure" in parts:
        update["closure"] = None
    return action.model_copy(update=update)


def honoured(assessment: Assessment, problems: list[RecordProblem]) -> Assessment:
    """``assessment`` with every verification and closure that does not count set aside."""
    if not problems:
        return assessment
    parts: dict[str, set[str]] = {}
    for item in problems:
        action_path = item.path.rsplit(".", 2)[0]
        parts.setdefault(action_path, set()).add(item.part)
    responses: dict[str, Response] = {}
    for rid, response in assessment.responses.items():
        wanted = parts.get(f"responses.{rid}.action")
        if wanted and response.action is not None:
            response = response.model_copy(update={"action": _honoured(response.action, wanted)})
        responses[rid] = response
    coverage = assessment.coverage_actions
    if coverage is not None:
        departments = {
            key: _honoured(action, parts[f"coverage_actions.departments.{key}"])
            if f"coverage_actions.departments.{key}" in parts
            else action
            for key, action in coverage.departments.items()
        }
        areas = {
            key: _honoured(action, parts[f"coverage_actions.specialist_areas.{key}"])
            if f"coverage_actions.specialist_areas.{key}" in parts
            else action
            for key, action in coverage.specialist_areas.items()
        }
        coverage = CoverageActions(departments=departments, specialist_areas=areas)
    return assessment.model_copy(update={"responses": responses, "coverage_actions": coverage})


_MESSAGES: dict[RecordCode, str] = {
    "verification_not_by_auditor": "the action on {concerns} is verified by {by}, not by an "
    "auditor of the team ({why}); it counts as unverified",
    "verification_before_finding": "the action on {concerns} is verified {date}, before the "
    "finding was made ({found}); it counts as unverified",
    "verification_after_assessment": "the action on {concerns} is verified {date}, after this "
    "assessment ({assessment}) that closes it; it counts as unverified",
    "verification_late": "the action on {concerns} was verified {date}, after the "
    "corrective-action deadline {deadline}; it counts as unverified",
    "closure_not_by_auditor": "the finding on {concerns} is closed by {by}, not by an auditor of "
    "the team ({why}); it counts as not closed",
    "closure_before_finding": "the finding on {concerns} is closed {date}, before it was made "
    "({found}); it counts as not closed",
    "closure_after_assessment": "the finding on {concerns} is closed {date}, after this "
    "assessment ({assessment}); it counts as not closed",
}


def record_warnings(problems: list[RecordProblem]) -> list[Warning]:
    """One warning per verification or closure set aside."""
    return [
        Warning(
            code=item.code,
            path=item.path,
            message=_MESSAGES[item.code].format(
                concerns=item.concerns,
                **{**item.details, "why": item.details.get("why", "").replace("_", " ")},
            ),
            details={"concerns": item.concerns, **item.details},
        )
        for item in problems
    ]
