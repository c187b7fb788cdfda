"""Corrective actions followed to closure (DESIGN §6, Actions to closure; ISO/IEC 17021-1).

Where a finding's action stands at the assessment date: ``missing`` (none planned),
``planned``, ``overdue`` (due before the assessment date and not verified), ``verified`` (the
auditor verified it, with evidence) or ``closed``. A nonconformity's action in an audit is
``late`` when it is due after the corrective-action deadline (assessment date + the
catalogue's ``corrective_action_days``); a self-assessment plans at its own pace and has no
such deadline. Warnings: an overdue action, a late action, a nonconformity closed without
verification (a verification dated after the deadline, or otherwise not counting, is
``engine/action_records.py``'s). Every date is the assessment's, never
today's, so a report made again later says the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from lotscert.engine.dates import add_days
from lotscert.models.assessment import Action, Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import ActionStatus, Finding, Grade, Warning

NONCONFORMITIES: frozenset[Grade] = frozenset({"major", "minor"})


def is_verified(action: Action | None) -> bool:
    """True when the action carries the auditor's verification."""
    return action is not None and action.verification is not None


def action_status(action: Action | None, on: dt.date) -> ActionStatus:
    """Where ``action`` stands at the assessment date ``on``."""
    if action is None:
        return "missing"
    if action.closure is not None:
        return "closed"
    if action.verification is not None:
        return "verified"
    if action.due is not None and action.due < on:
        return "overdue"
    return "planned"


def action_deadline(catalog: Catalog, assessment: Assessment) -> dt.date | None:
    """The corrective-action deadline of an audit, or None (a self-assessment, or a catalogue
    without certification parameters)."""
    if catalog.certification is None or assessment.kind == "self_assessment":
        return None
    return add_days(assessment.date, catalog.certification.corrective_action_days)


def is_late(action: Action | None, grade: Grade, deadline: dt.date | None) -> bool:
    """A nonconformity's unverified action due after the deadline."""
    return (
        deadline is not None
        and grade in NONCONFORMITIES
        and action is not None
        and action.verification is None
        and action.due is not None
        and action.due > deadline
    )


def with_action_state(finding: Finding, on: dt.date, deadline: dt.date | None) -> Finding:
    """The finding with its action's status and lateness filled in."""
    return finding.model_copy(
        update={
            "action_status": action_status(finding.action, on),
            "action_late": is_late(finding.action, finding.grade, deadline),
        }
    )


@dataclass(frozen=True)
class PlacedAction:
    """An action and where it sits in the assessment file."""

    concerns: str
    path: str
    action: Action


def placed_actions(assessment: Assessment) -> Iterator[PlacedAction]:
    """Every action of the file: responses in file order, then coverage actions."""
    for rid, response in assessment.responses.items():
        if response.action is not None:
            yield PlacedAction(rid, f"responses.{rid}.action", response.action)
    coverage = assessment.coverage_actions
    if coverage is not None:
        for department, action in coverage.departments.items():
            yield PlacedAction(department, f"coverage_actions.departments.{department}", action)
        for area, action in coverage.specialist_areas.items():
            yield PlacedAction(area, f"coverage_actions.specialist_areas.{area}", action)


def action_warnings(
    assessment: Assessment, findings: list[Finding], deadline: dt.date | None
) -> list[Warning]:
    """Overdue, late and unverified-closed actions, in file order."""
    grade_of = {
        (finding.concerns, finding.kind == "requirement"): finding.grade for finding in findings
    }
    warnings: list[Warning] = []
    for placed in placed_actions(assessment):
        action = placed.action
        is_response = placed.path.startswith("responses.")
        grade = grade_of.get((placed.concerns, is_response))
        details = {"concerns": placed.concerns}
        if action_status(action, assessment.date) == "overdue" and action.due is not None:
            warnings.append(
                Warning(
                    code="action_overdue",
                    path=f"{placed.path}.due",
                    message=f"the action on {placed.concerns} was due {action.due}, before the "
                    f"assessment date {assessment.date}, and is not verified",
                    details={**details, "due": action.due.isoformat()},
                )
            )
        if grade is not None and is_late(action, grade, deadline) and action.due and deadline:
            warnings.append(
                Warning(
                    code="action_late",
                    path=f"{placed.path}.due",
                    message=f"the action on {placed.concerns} is due {action.due}, after the "
                    f"corrective-action deadline {deadline}",
                    details={
                        **details,
                        "due": action.due.isoformat(),
                        "deadline": deadline.isoformat(),
                    },
                )
            )
        if (
            action.closure is not None
            and action.verification is None
            and grade is not None
            and grade in NONCONFORMITIES
        ):
            warnings.append(
                Warning(
                    code="closed_without_verification",
                    path=f"{placed.path}.closure",
                    message=f"the {grade} nonconformity on {placed.concerns} is closed without "
                    "a verification",
                    details={**details, "grade": grade},
                )
            )
    return warnings
