"""The change since the previous assessment of the same municipality (DESIGN §3, Trend).

Per requirement, the change is judged by maturity first, then by effective status
(fulfilled > partial > not fulfilled > not assessed). ``not_applicable`` has no place on that
ladder: a requirement that did not apply last year and does now is ``new``; one that applied
and now does not is ``removed``, as is a previous requirement the current catalogue no longer
has. Level, cornerstone and overall deltas are in percentage points between the percentages
as shown (so a reader can check them by subtraction). A finding is the same finding across
years when its kind and what it concerns match, requirement ids translated through the
catalogue's ``replaces`` map. A requirement a sampling audit left out (``engine/scope.py``) is
unchanged, and a finding on it is not closed by that audit.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from lotscert.models.assessment import Status
from lotscert.models.result import (
    Change,
    Finding,
    FindingRef,
    RequirementChange,
    RequirementResult,
    Result,
    Score,
    Trend,
)

STATUS_RANK: dict[Status, int] = {
    "fulfilled": 3,
    "partial": 2,
    "not_fulfilled": 1,
    "not_assessed": 0,
}


def _compare(now: int, before: int) -> Change:
    if now > before:
        return "improved"
    if now < before:
        return "worse"
    return "unchanged"


def requirement_change(current: RequirementResult, previous: RequirementResult) -> Change:
    """How one requirement moved between two results."""
    now, before = current.effective_status, previous.effective_status
    if _outside_scope(current) or _outside_scope(previous):
        return "unchanged"  # a sampling audit that did not look says nothing about it
    if now == "not_applicable" or before == "not_applicable":
        if now == before:
            return "unchanged"
        return "new" if before == "not_applicable" else "removed"
    both_judged = STATUS_RANK[now] > 0 and STATUS_RANK[before] > 0
    if both_judged and current.maturity is not None and previous.maturity is not None:
        by_maturity = _compare(current.maturity, previous.maturity)
        if by_maturity != "unchanged":
            return by_maturity
    return _compare(STATUS_RANK[now], STATUS_RANK[before])


def _outside_scope(item: RequirementResult) -> bool:
    """Left out by a sampling audit (``engine/scope.py``): not assessed, and not counted."""
    return item.effective_status == "not_assessed" and item.possible is None


def _delta(now: Score | None, before: Score | None) -> Decimal | None:
    if now is None or before is None or now.percent is None or before.percent is None:
        return None
    return now.percent - before.percent


def _finding_key(finding: Finding, id_map: Mapping[str, str]) -> tuple[str, str]:
    if finding.kind == "requirement":
        return finding.kind, id_map.get(finding.concerns, finding.concerns)
    return finding.kind, finding.concerns


def _unlooked(finding: Finding, current: Result, id_map: Mapping[str, str]) -> bool:
    """A previous finding the current (sampling) audit did not look at: not closed by it."""
    if finding.kind != "requirement":
        return not current.coverage.departments and not current.coverage.specialist_areas
    item = current.requirements.get(id_map.get(finding.concerns, finding.concerns))
    return item is not None and _outside_scope(item)


def _ref(finding: Finding, id_map: Mapping[str, str]) -> FindingRef:
    _kind, concerns = _finding_key(finding, id_map)
    return FindingRef(grade=finding.grade, kind=finding.kind, concerns=concerns)


def compute_trend(current: Result, previous: Result, id_map: Mapping[str, str]) -> Trend:
    """Compare ``current`` with ``previous``; ``id_map`` maps previous requirement ids to current.

    Ids absent from ``id_map`` are taken to be unchanged.
    """
    previous_by_current: dict[str, RequirementResult] = {}
    for previous_id, item in previous.requirements.items():
        previous_by_current.setdefault(id_map.get(previous_id, previous_id), item)
    changes: dict[str, RequirementChange] = {}
    for rid, item in current.requirements.items():
        before = previous_by_current.get(rid)
        if before is None:
            changes[rid] = RequirementChange(
                change="new", status=item.effective_status, maturity=item.maturity
            )
            continue
        changes[rid] = RequirementChange(
            change=requirement_change(item, before),
            previous_id=before.id,
            previous_status=before.effective_status,
            status=item.effective_status,
            previous_maturity=before.maturity,
            maturity=item.maturity,
        )
    for previous_id, before in previous.requirements.items():
        mapped = id_map.get(previous_id, previous_id)
        if mapped in current.requirements or previous_id in changes:
            continue
        changes[previous_id] = RequirementChange(
            change="removed",
            previous_id=previous_id,
            previous_status=before.effective_status,
            previous_maturity=before.maturity,
        )

    previous_keys = {_finding_key(finding, id_map) for finding in previous.findings}
    current_keys = {_finding_key(finding, {}) for finding in current.findings}
    return Trend(
        previous_period=previous.period,
        previous_date=previous.date,
        requirements=changes,
        levels={
            level: _delta(score, previous.scores.levels.get(level))
            for level, score in current.scores.levels.items()
        },
        cornerstones={
            cornerstone: _delta(score, previous.scores.cornerstones.get(cornerstone))
            for cornerstone, score in current.scores.cornerstones.items()
        },
        overall=_delta(current.scores.overall, previous.scores.overall),
        previous_scores=previous.scores,
        findings_opened=[
            _ref(finding, {})
            for finding in current.findings
            if _finding_key(finding, {}) not in previous_keys
        ],
        findings_closed=[
            _ref(finding, id_map)
            for finding in previous.findings
            if _finding_key(finding, id_map) not in current_keys
            and not _unlooked(finding, current, id_map)
        ],
        findings_still_open=[
            _ref(finding, {})
            for finding in current.findings
            if _finding_key(finding, {}) in previous_keys
        ],
    )
