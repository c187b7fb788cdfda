"""Metric requirements: the measured figure, not the stated status, decides the verdict
(DESIGN §3 and §6) — unless the catalogue says the measurement is too old, rests on too few
answers, or comes from another source, area or factor than it names; then the stated status
stands and the result says why."""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal

from lotscert.models.assessment import Metric, Status
from lotscert.models.catalog import ComparisonOperator, MetricTarget
from lotscert.models.result import MetricCheck, MetricProblem

_COMPARISONS: dict[ComparisonOperator, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}

#: Statuses a measurement overrides; not_applicable and not_assessed are the assessor's call.
MEASURABLE_STATUSES: frozenset[Status] = frozenset({"fulfilled", "partial", "not_fulfilled"})


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def not_deciding(target: MetricTarget, measured: Metric, on: dt.date) -> list[MetricProblem]:
    """Why ``measured`` may not decide a requirement judged on ``on`` (DESIGN §6): fewer answers
    than the catalogue's minimum (or none recorded), older than its maximum age (or no date),
    or another kind of source, area or factor than the catalogue names."""
    problems: list[MetricProblem] = []
    if target.min_answers is not None:
        if measured.answers is None:
            problems.append("answers_unknown")
        elif measured.answers < target.min_answers:
            problems.append("too_few_answers")
    if target.max_age_months is not None:
        if measured.date is None:
            problems.append("date_unknown")
        elif on > add_months(measured.date, target.max_age_months):
            problems.append("too_old")
    for name, code in (
        ("source_kind", "other_source_kind"),
        ("area", "other_area"),
        ("factor", "other_factor"),
    ):
        wanted, given = getattr(target, name), getattr(measured, name)
        if wanted is not None and given is not None and wanted != given:
            problems.append(code)  # type: ignore[arg-type]
    return problems


def check_metric(
    target: MetricTarget, metrics: Mapping[str, Metric], on: dt.date | None = None
) -> MetricCheck:
    """Compare the measured value (if any) with the requirement's target, exactly; with ``on``
    (the assessment's date), also whether the measurement is recent and broad enough to decide.
    """
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
        period=measured.period,
        answers=measured.answers,
        not_deciding=not_deciding(target, measured, on) if on is not None else [],
    )


def status_from_metric(stated: Status, check: MetricCheck | None) -> Status:
    """The effective status: met → fulfilled, not met → not_fulfilled, else as stated.

    A missing measurement, or one too old or resting on too few answers for the catalogue,
    keeps the stated status (and the caller warns); a requirement stated
    not_applicable or not_assessed keeps that status, because the measurement cannot say
    whether the requirement applies or whether anyone assessed it.
    """
    if (
        check is None
        or check.met is None
        or check.not_deciding
        or stated not in MEASURABLE_STATUSES
    ):
        return stated
    return "fulfilled" if check.met else "not_fulfilled"
