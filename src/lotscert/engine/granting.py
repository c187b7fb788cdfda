"""May a certificate be granted on these audits? (DESIGN §6, Decisions are separate.)

ISO/IEC 17021-1 practice: a certificate is not granted while a major nonconformity is open, nor
when a minor nonconformity's corrective action is still unverified after its deadline (the audit
date + the catalogue's ``corrective_action_days``). A nonconformity counts as closed when

- its corrective action carries a verification dated on or before the decision (the
  corrective-action lifecycle of the assessment format, read by :func:`action_verified_on`), or
- a later audit the decision also rests on covered the same requirement (or the same
  department or specialist area) and no longer found a nonconformity there (a follow-up or
  special audit).

Pure functions: the results are computed by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lotscert.engine.dates import add_days
from lotscert.models.assessment import Action
from lotscert.models.catalog import CertificationParameters
from lotscert.models.result import Finding, Grade, Result


@dataclass(frozen=True)
class AuditOnRecord:
    """An audit a decision rests on, with its computed result."""

    path: str
    result: Result


@dataclass(frozen=True)
class GrantBlocker:
    """A nonconformity that stops a certificate being granted."""

    path: str
    grade: Grade
    concerns: str
    deadline: dt.date | None


def action_verified_on(action: Action | None) -> dt.date | None:
    """The date an action's effectiveness was verified, if the assessment records one.

    The verification fields belong to the corrective-action lifecycle of the assessment format
    (``action.verification.date``); an assessment without them has no verified action.
    """
    verification = getattr(action, "verification", None)
    date = getattr(verification, "date", None)
    return date if isinstance(date, dt.date) else None


def _key(finding: Finding) -> tuple[str, str]:
    return finding.kind, finding.concerns


def _covered_later(finding: Finding, later: Sequence[Result]) -> bool:
    """A later audit looked at the same thing and found no nonconformity there."""
    for result in later:
        if finding.kind == "requirement":
            requirement = result.requirements.get(finding.concerns)
            if requirement is None or requirement.possible is None:
                continue  # outside that audit's scope: it says nothing
        elif not any(_coverage_judged(result, finding)):
            continue
        still_open = any(
            _key(other) == _key(finding) and other.grade in ("major", "minor")
            for other in result.findings
        )
        if not still_open:
            return True
    return False


def _coverage_judged(result: Result, finding: Finding) -> list[bool]:
    if finding.kind == "department_coverage":
        return [d.id == finding.concerns for d in result.coverage.departments]
    return [a.id == finding.concerns for a in result.coverage.specialist_areas]


def grant_blockers(
    audits: Sequence[AuditOnRecord],
    decision_date: dt.date,
    parameters: CertificationParameters | None,
) -> list[GrantBlocker]:
    """Every open nonconformity that refuses a grant on ``decision_date``, oldest audit first."""
    ordered = sorted(audits, key=lambda audit: (audit.result.date, audit.path))
    blockers: list[GrantBlocker] = []
    for index, audit in enumerate(ordered):
        later = [other.result for other in ordered[index + 1 :]]
        for finding in audit.result.findings:
            if finding.grade == "observation":
                continue
            if _covered_later(finding, later):
                continue
            verified = action_verified_on(finding.action)
            if verified is not None and verified <= decision_date:
                continue
            if finding.grade == "major":
                blockers.append(GrantBlocker(audit.path, "major", finding.concerns, None))
                continue
            if parameters is None:
                continue
            deadline = add_days(audit.result.date, parameters.corrective_action_days)
            if decision_date > deadline:
                blockers.append(GrantBlocker(audit.path, "minor", finding.concerns, deadline))
    return blockers
