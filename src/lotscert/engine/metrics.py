"""Metric requirements: the measured figure, not the stated status, decides the verdict."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal

from lotscert.models.assessment import Metric, Status
from lotscert.models.catalog import ComparisonOperator, MetricTarget
from lotscert.models.result import MetricCheck

_COMPARISONS: dict[ComparisonOperator, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}

#: Statuses a measurement overrides; not_applicable and not_assessed are the assessor's call.
MEASURABLE_STATUSES: frozenset[Status] = frozenset({"fulfilled", "partial", "not_fulfilled"})


def check_metric(target: MetricTarget, metrics: Mapping[str, Metric]) -> MetricCheck:
    """Compare the measured value (if any) with the requirement's target, exactly."""
    measured = metrics.get(target.key)
    if measured is None:
        return MetricCheck(key=target.key, op=target.op, target=target.target, value=None, met=None)
    met = _COMPARISONS[target.op](measured.value, target.target)
    return MetricCheck(
        key=target.key,
        op=target.op,
        target=target.target,
        value=measured.value,
        met=met,
        source=measured.source,
        date=measured.date,
    )


def status_from_metric(stated: Status, check: MetricCheck | None) -> Status:
    """The effective status: met → fulfilled, not met → not_fulfilled, else as stated.

    A missing measurement keeps the stated status (and the caller warns); a requirement stated
    not_applicable or not_assessed keeps that status, because the measurement cannot say
    whether the requirement applies or whether anyone assessed it.
    """
    if check is None or check.met is None or stated not in MEASURABLE_STATUSES:
        return stated
    return "fulfilled" if check.met else "not_fulfilled"
