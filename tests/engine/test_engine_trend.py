"""The trend against the previous assessment, by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yaml
from engine_builders import CONTRACT, contract, make_assessment, make_catalog, req, resp

from lotscert.engine import evaluate
from lotscert.errors import AssessmentError
from lotscert.models.assessment import Assessment
from lotscert.models.result import FindingRef

D = Decimal


def refs(items: list[FindingRef]) -> list[tuple[str, str, str]]:
    return [(r.grade, r.kind, r.concerns) for r in items]


def _previous_year() -> Assessment:
    with (CONTRACT / "assessment-minimal.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    data["period"] = 2025
    data["date"] = dt.date(2025, 3, 10)
    responses = data["responses"]
    responses["L2"].update(status="partial", maturity=1)
    responses["P1"].update(status="partial", maturity=2)
    responses["P3"] = {"status": "partial", "maturity": 2}
    responses["K1"] = {"status": "not_assessed"}
    data["persons"][1]["training"]["exam_score"] = 0.9
    # last year's course and exam were taken before last year's date (a module or exam dated
    # after an assessment does not count in it): the same course, a year earlier
    for person in data["persons"]:
        training = person["training"]
        training["modules"] = {
            module: done.replace(year=done.year - 1) for module, done in training["modules"].items()
        }
        training["exam_date"] = training["exam_date"].replace(year=training["exam_date"].year - 1)
    return Assessment.model_validate(data)


def test_trend_same_catalogue() -> None:
    catalog, assessment = contract()
    trend = evaluate(catalog, assessment, _previous_year()).trend
    assert trend is not None
    assert (trend.previous_period, trend.previous_date) == (2025, dt.date(2025, 3, 10))
    changes = {rid: c.change for rid, c in trend.requirements.items()}
    assert changes == {
        "L1": "unchanged",  # fulfilled 4 → fulfilled 4
        "L2": "improved",  # maturity 1 → 2
        "P1": "worse",  # maturity 2 → 1
        "P2": "unchanged",
        "P3": "removed",  # partial → not applicable: no longer in scope
        "K1": "improved",  # not assessed → fulfilled
    }
    assert trend.requirements["L2"].previous_maturity == 1
    assert trend.requirements["L2"].maturity == 2
    # previous: ledning (2 + 1×1/4) / 3 = 2.25 / 3 = 75.0; process (0.5 + 0.75 + 0.5) / 3 =
    # 58.33 → 58.3; person 0 / 1 = 0.0; overall (2 + 0.25 + 0.5 + 0.75 + 0.5 + 0) / 7 = 57.1
    previous = trend.previous_scores
    assert {k: s.percent for k, s in previous.levels.items()} == {
        "ledning": D("75.0"),
        "process": D("58.3"),
        "person": D("0.0"),
    }
    assert previous.overall.percent == D("57.1")
    # deltas between the shown percentages: 83.3 − 75.0, 50.0 − 58.3, 75.0 − 0.0, 70.8 − 57.1
    assert trend.levels == {"ledning": D("8.3"), "process": D("-8.3"), "person": D("75.0")}
    assert trend.overall == D("13.7")
    # kultur: previous (2 + 0.5) / 3 = 83.3 → 100.0; funktion 37.5 → 37.5; person 0 → 75
    assert trend.cornerstones == {
        "rattssakerhet": D("0.0"),
        "kultur": D("16.7"),
        "funktion": D("0.0"),
        "person": D("75.0"),
    }
    # previous findings: P1 minor, L2 observation, P3 observation (no coverage holes: both
    # persons certified). Now: P1 major, mhf and miljo minor, L2 observation.
    assert refs(trend.findings_opened) == [
        ("minor", "department_coverage", "mhf"),
        ("minor", "specialist_coverage", "miljo"),
    ]
    assert refs(trend.findings_still_open) == [
        ("major", "requirement", "P1"),
        ("observation", "requirement", "L2"),
    ]
    assert refs(trend.findings_closed) == [("observation", "requirement", "P3")]


def _revision() -> tuple[Any, Any, Assessment, Assessment]:
    old = make_catalog([req("OLD1"), req("KEEP"), req("GONE", level="b")], version="1")
    new = make_catalog(
        [req("NEW1"), req("KEEP"), req("FRESH", level="b")],
        version="2",
        replaces={"OLD1": "NEW1"},
    )
    previous = make_assessment(
        {
            "OLD1": resp("partial", 2),
            "KEEP": resp("fulfilled", 3),
            "GONE": resp("not_fulfilled", 1),
        },
        period=2025,
        date=dt.date(2025, 3, 1),
        catalog="test@1",
    )
    current = make_assessment(
        {"NEW1": resp("fulfilled", 4), "KEEP": resp("fulfilled", 3), "FRESH": resp("partial", 2)},
        catalog="test@2",
    )
    return old, new, previous, current


def test_trend_across_a_catalogue_revision() -> None:
    old, new, previous, current = _revision()
    trend = evaluate(new, current, previous, old).trend
    assert trend is not None
    assert {rid: (c.change, c.previous_id) for rid, c in trend.requirements.items()} == {
        "NEW1": ("improved", "OLD1"),  # maturity 2 → 4 under its new id
        "KEEP": ("unchanged", "KEEP"),
        "FRESH": ("new", None),
        "GONE": ("removed", "GONE"),
    }
    # OLD1's minor finding is NEW1's, now closed; GONE's major is closed; FRESH's minor opened
    assert [(r.grade, r.concerns) for r in trend.findings_closed] == [
        ("major", "GONE"),
        ("minor", "NEW1"),
    ]
    assert [(r.grade, r.concerns) for r in trend.findings_opened] == [("minor", "FRESH")]
    assert trend.findings_still_open == []
    # level a: previous (2/4 + 3/4) / 2 = 62.5, now (1 + 0.75) / 2 = 87.5 → +25.0
    assert trend.levels["a"] == D("25.0")


def test_trend_translates_ids_without_the_previous_catalogue() -> None:
    _, new, previous, current = _revision()
    trend = evaluate(new, current, previous).trend
    assert trend is not None
    # OLD1 is read as NEW1 through `replaces`; FRESH had no previous answer (not assessed),
    # GONE is unknown to the current catalogue and drops out
    assert {rid: c.change for rid, c in trend.requirements.items()} == {
        "NEW1": "improved",
        "KEEP": "unchanged",
        "FRESH": "improved",
    }


def test_trend_refuses_another_municipality() -> None:
    catalog, assessment = contract()
    other = assessment.model_copy(
        update={"municipality": assessment.municipality.model_copy(update={"code": "9902"})}
    )
    with pytest.raises(AssessmentError, match="9902"):
        evaluate(catalog, assessment, other)


def test_change_rules_not_applicable_both_years_is_unchanged() -> None:
    catalog = make_catalog([req("R1", modality="should")])
    now = make_assessment({"R1": resp("not_applicable")})
    before = make_assessment({"R1": resp("not_applicable")}, period=2025)
    trend = evaluate(catalog, now, before).trend
    assert trend is not None
    assert trend.requirements["R1"].change == "unchanged"
    assert trend.overall is None  # nothing possible either year
    again = evaluate(catalog, make_assessment({"R1": resp("partial", 2)}), before).trend
    assert again is not None and again.requirements["R1"].change == "new"


def test_status_decides_when_maturity_is_equal() -> None:
    catalog = make_catalog([req("R1")])
    now = make_assessment({"R1": resp("fulfilled", 3)})
    before = make_assessment({"R1": resp("partial", 3)}, period=2025)
    trend = evaluate(catalog, now, before).trend
    assert trend is not None and trend.requirements["R1"].change == "improved"
    back = evaluate(catalog, before, now).trend
    assert back is not None and back.requirements["R1"].change == "worse"
