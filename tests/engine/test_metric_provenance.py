"""Measurements with provenance (DESIGN §6, issue 17): a measurement that is too old, rests on
too few answers, or comes from another source, area or factor than the catalogue names does not
decide its requirement; the stated status stands and the result says why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotscert.engine import evaluate
from lotscert.engine.metrics import add_months
from lotscert.models.assessment import Assessment, Metric
from lotscert.models.catalog import Catalog
from tests.engine.engine_builders import contract

KEY = "handlaggningstid_median_dagar"


def _with(target: dict[str, Any], measured: dict[str, Any]) -> tuple[Catalog, Assessment]:
    catalog, assessment = contract()
    requirements = []
    for requirement in catalog.requirements:
        if requirement.metric is not None and requirement.metric.key == KEY:
            metric = requirement.metric.model_copy(update=target)
            requirement = requirement.model_copy(update={"metric": metric})
        requirements.append(requirement)
    catalog = Catalog.model_validate(
        {**catalog.model_dump(), "requirements": [r.model_dump() for r in requirements]}
    )
    # 15 days misses the target (≤ 10): when the measurement decides, P2 is not fulfilled
    data = {"value": Decimal(15), "source": "Ärendesystemet", "date": dt.date(2026, 2, 28)}
    data.update(measured)
    metrics = {**assessment.metrics, KEY: Metric.model_validate(data)}
    return catalog, assessment.model_copy(update={"metrics": metrics})


def _p2(catalog: Catalog, assessment: Assessment) -> tuple[str, list[str], list[str]]:
    result = evaluate(catalog, assessment)
    item = result.requirements["P2"]
    assert item.metric is not None
    codes = [w.code for w in result.warnings if w.path == f"metrics.{KEY}"]
    return item.effective_status, list(item.metric.not_deciding), codes


def test_without_thresholds_the_measurement_decides_as_before() -> None:
    status, problems, codes = _p2(*_with({}, {"answers": 3}))
    assert (status, problems) == ("not_fulfilled", [])
    assert "metric_not_deciding" not in codes


def test_too_few_answers_does_not_decide() -> None:
    status, problems, codes = _p2(*_with({"min_answers": 30}, {"answers": 12}))
    assert (status, problems) == ("fulfilled", ["too_few_answers"])  # the stated status
    assert codes == ["metric_not_deciding"]


def test_enough_answers_decides() -> None:
    status, problems, _ = _p2(*_with({"min_answers": 30}, {"answers": 30}))
    assert (status, problems) == ("not_fulfilled", [])


def test_unknown_number_of_answers_does_not_decide_when_a_minimum_is_set() -> None:
    _, problems, _ = _p2(*_with({"min_answers": 30}, {}))
    assert problems == ["answers_unknown"]


def test_too_old_does_not_decide_and_the_boundary_day_still_decides() -> None:
    # the contract assessment is dated 2026-03-15
    old = _with({"max_age_months": 12}, {"date": dt.date(2025, 3, 14)})
    assert _p2(*old)[1] == ["too_old"]
    boundary = _with({"max_age_months": 12}, {"date": dt.date(2025, 3, 15)})
    assert _p2(*boundary)[:2] == ("not_fulfilled", [])
    undated = _with({"max_age_months": 12}, {"date": None})
    assert _p2(*undated)[1] == ["date_unknown"]


@pytest.mark.parametrize(
    ("target", "measured", "problem"),
    [
        ({"area": "bygglov"}, {"area": "livsmedelskontroll"}, "other_area"),
        ({"factor": "nki"}, {"factor": "bemotande"}, "other_factor"),
        ({"source_kind": "insikt"}, {"source_kind": "own_survey"}, "other_source_kind"),
    ],
)
def test_another_area_factor_or_source_does_not_decide(
    target: dict[str, Any], measured: dict[str, Any], problem: str
) -> None:
    assert _p2(*_with(target, measured))[1] == [problem]
    # a measurement that does not say its area is taken at its word (nothing to contradict)
    assert _p2(*_with(target, {}))[1] == []


def test_the_result_records_period_and_answers() -> None:
    result = evaluate(*_with({}, {"period": "2025", "answers": 143}))
    check = result.requirements["P2"].metric
    assert check is not None and (check.period, check.answers) == ("2025", 143)


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 14) == dt.date(2027, 1, 15)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_add_months_never_goes_backwards(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months


def test_the_warning_is_worded_in_swedish_and_english() -> None:
    from lotscert.warningtext import warning_text

    measured = {"answers": 12, "date": dt.date(2024, 1, 31)}
    result = evaluate(*_with({"min_answers": 30, "max_age_months": 12}, measured))
    [warning] = [w for w in result.warnings if w.code == "metric_not_deciding"]
    assert warning_text(warning, "sv") == (
        f"P2: måttet {KEY} avgör inte kravet (för få svar, för gammalt); angiven status "
        "uppfyllt gäller"
    )
    assert warning_text(warning, "en") == (
        f"P2: the measurement {KEY} does not decide the requirement (too few answers, too old); "
        "the stated status fulfilled stands"
    )
