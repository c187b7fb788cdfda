"""Every rule of DESIGN §3, with the arithmetic written out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from engine_builders import (
    CERTIFICATION,
    COMPETENCE,
    make_assessment,
    make_catalog,
    person,
    req,
    resp,
)

from lotscert.engine import evaluate
from lotscert.engine.arithmetic import percent, round_one_decimal, to_decimal
from lotscert.engine.coverage import coverage_level
from lotscert.engine.dates import add_years
from lotscert.errors import AssessmentError
from lotscert.models.result import Decision, PersonResult, Result

D = Decimal


# --- arithmetic ---------------------------------------------------------------------------------


def test_percent_rounds_half_up() -> None:
    # 11/16 = 68.75 % → 68.8 (half up, not to even)
    assert percent(Fraction(11, 4), Fraction(4)) == D("68.8")
    # 0.125 → 12.5 stays; 1/8 of 100 = 12.5
    assert percent(Fraction(1, 8), Fraction(1)) == D("12.5")
    # 2/3 = 66.666… → 66.7; 1/3 = 33.33… → 33.3
    assert percent(Fraction(2), Fraction(3)) == D("66.7")
    assert percent(Fraction(1), Fraction(3)) == D("33.3")
    assert percent(Fraction(0), Fraction(0)) is None
    assert str(percent(Fraction(1), Fraction(1))) == "100.0"
    assert str(percent(Fraction(0), Fraction(5))) == "0.0"
    assert round_one_decimal(Fraction(-1, 20)) == D("-0.1")


def test_to_decimal_exact_or_six_places() -> None:
    assert str(to_decimal(Fraction(17, 4))) == "4.25"
    assert str(to_decimal(Fraction(2))) == "2"
    assert str(to_decimal(Fraction(20))) == "20"
    assert str(to_decimal(Fraction(1, 3))) == "0.333333"
    assert str(to_decimal(Fraction(2, 3))) == "0.666667"
    assert str(to_decimal(Fraction(5, 2))) == "2.5"


def test_68_75_percent_in_a_result() -> None:
    catalog = make_catalog([req("R1"), req("R2"), req("R3"), req("R4")])
    assessment = make_assessment(
        {
            "R1": resp("fulfilled", 4),
            "R2": resp("fulfilled", 4),
            "R3": resp("fulfilled", 3),
            "R4": resp("not_fulfilled", 0),
        }
    )
    result = evaluate(catalog, assessment)
    # (4 + 4 + 3 + 0) / 4 = 2.75 of 4 = 68.75 % → 68.8
    assert result.scores.overall.earned == D("2.75")
    assert result.scores.overall.percent == D("68.8")


def test_add_years_leap_day() -> None:
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


# --- points -------------------------------------------------------------------------------------


def test_points_weights_and_scale() -> None:
    catalog = make_catalog(
        [req("R1", weight="0.5"), req("R2", weight=3, level="b", cornerstone="y")], top=3
    )
    assessment = make_assessment({"R1": resp("partial", 2), "R2": resp("partial", 1)})
    result = evaluate(catalog, assessment)
    # R1: 0.5 × 2 / 3 = 1/3 → 0.333333; R2: 3 × 1 / 3 = 1
    assert result.requirements["R1"].earned == D("0.333333")
    assert result.requirements["R2"].earned == D(1)
    # overall exact: (1/3 + 1) / 3.5 = 4/3 / 7/2 = 8/21 = 38.095… → 38.1
    assert result.scores.overall.percent == D("38.1")
    assert result.scores.overall.earned == D("1.333333")
    assert result.scores.overall.possible == D("3.5")
    # level a: (1/3) / 0.5 = 66.666… → 66.7; level b: 1 / 3 = 33.3
    assert result.scores.levels["a"].percent == D("66.7")
    assert result.scores.levels["b"].percent == D("33.3")


def test_not_applicable_leaves_both_sides_and_not_assessed_is_unearned() -> None:
    catalog = make_catalog([req("R1"), req("R2"), req("R3", modality="should")])
    assessment = make_assessment(
        {"R1": resp("fulfilled", 4), "R2": resp("not_applicable"), "R3": resp("not_assessed")}
    )
    result = evaluate(catalog, assessment)
    # possible = R1 1 + R3 1 = 2 (R2 excluded); earned = 1 + 0 = 1 → 50.0
    assert result.requirements["R2"].earned is None
    assert result.requirements["R2"].possible is None
    assert result.requirements["R3"].earned == D(0)
    assert result.requirements["R3"].possible == D(1)
    assert result.scores.overall.percent == D("50.0")
    # a should requirement not assessed: incomplete result, but the decision still stands
    assert result.complete is False
    assert result.decision.outcome == "recommended"
    assert result.requirements["R3"].finding is None


def test_level_with_only_not_applicable_has_no_percent() -> None:
    catalog = make_catalog([req("R1"), req("R2", level="b", modality="should")])
    result = evaluate(
        catalog, make_assessment({"R1": resp("fulfilled", 4), "R2": resp("not_applicable")})
    )
    assert result.scores.levels["b"].percent is None
    assert result.scores.levels["b"].possible == D(0)
    assert result.scores.overall.percent == D("100.0")


def test_missing_response_counts_as_not_assessed_with_a_warning() -> None:
    catalog = make_catalog([req("R1"), req("R2")])
    result = evaluate(
        catalog, make_assessment({"R1": resp("fulfilled", 4), "X9": resp("partial", 2)})
    )
    assert result.requirements["R2"].status == "not_assessed"
    assert result.requirements["R2"].possible == D(1)
    codes = [(w.code, w.path) for w in result.warnings]
    assert codes == [("response_missing", "responses.R2"), ("unknown_requirement", "responses.X9")]
    assert result.decision.outcome == "incomplete"
    assert result.decision.not_assessed_shall == ["R2"]


def test_maturity_above_the_scale_is_an_error() -> None:
    catalog = make_catalog([req("R1")])
    with pytest.raises(AssessmentError, match=r"responses\.R1\.maturity"):
        evaluate(catalog, make_assessment({"R1": resp("fulfilled", 5)}))


def test_assessed_without_maturity_earns_nothing_and_warns() -> None:
    catalog = make_catalog([req("R1")])
    result = evaluate(catalog, make_assessment({"R1": resp("partial")}))
    assert result.requirements["R1"].earned == D(0)
    assert result.requirements["R1"].possible == D(1)
    assert [w.code for w in result.warnings] == ["maturity_missing"]


# --- metrics ------------------------------------------------------------------------------------

METRIC = {"key": "dagar", "op": "<=", "target": 10}


@pytest.mark.parametrize(
    ("stated", "value", "effective", "warnings"),
    [
        ("fulfilled", 8, "fulfilled", []),
        ("fulfilled", 10, "fulfilled", []),  # 10 <= 10
        ("fulfilled", 11, "not_fulfilled", ["metric_contradiction"]),
        ("partial", 9, "fulfilled", ["metric_contradiction"]),
        ("not_fulfilled", 12, "not_fulfilled", []),
        ("not_fulfilled", 3, "fulfilled", ["metric_contradiction"]),
        ("fulfilled", None, "fulfilled", ["metric_missing"]),
        ("not_applicable", 30, "not_applicable", []),
        ("not_assessed", 3, "not_assessed", []),
    ],
)
def test_metric_decides_the_effective_status(
    stated: str, value: int | None, effective: str, warnings: list[str]
) -> None:
    catalog = make_catalog([req("R1", metric=METRIC)])
    metrics = {} if value is None else {"dagar": {"value": value, "source": "system"}}
    maturity = {"fulfilled": 3, "partial": 3, "not_fulfilled": 1}.get(stated)
    result = evaluate(catalog, make_assessment({"R1": resp(stated, maturity)}, metrics=metrics))
    item = result.requirements["R1"]
    assert item.status == stated
    assert item.effective_status == effective
    assert [w.code for w in result.warnings] == warnings
    if maturity is not None:
        # the maturity still gives the points: 1 × maturity / 4
        assert item.earned == D(maturity) / 4


def test_metric_decides_the_finding() -> None:
    catalog = make_catalog([req("R1", metric={"key": "nki", "op": ">=", "target": "70.5"})])
    result = evaluate(
        catalog,
        make_assessment({"R1": resp("fulfilled", 4)}, metrics={"nki": {"value": "70.4"}}),
    )
    # 70.4 >= 70.5 is false → not fulfilled → major on a shall requirement
    assert result.requirements["R1"].finding == "major"
    assert result.findings[0].status == "not_fulfilled"
    assert result.decision.outcome == "not_recommended"


# --- consistency warnings, relative to the scale ------------------------------------------------


@pytest.mark.parametrize(
    ("top", "status", "maturity", "expected"),
    [
        (4, "fulfilled", 2, ["fulfilled_low_maturity"]),  # 2 < 4 − 1
        (4, "fulfilled", 3, []),
        (5, "fulfilled", 3, ["fulfilled_low_maturity"]),  # 3 < 5 − 1
        (5, "fulfilled", 4, []),
        (4, "not_fulfilled", 2, ["not_fulfilled_high_maturity"]),  # 2 > 0 + 1
        (4, "not_fulfilled", 1, []),
        (5, "partial", 0, []),
    ],
)
def test_consistency_warnings(top: int, status: str, maturity: int, expected: list[str]) -> None:
    catalog = make_catalog([req("R1")], top=top)
    result = evaluate(catalog, make_assessment({"R1": resp(status, maturity)}))
    assert [w.code for w in result.warnings] == expected
    assert all(w.path == "responses.R1.maturity" for w in result.warnings)


# --- findings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modality", "status", "grade"),
    [
        ("shall", "not_fulfilled", "major"),
        ("shall", "partial", "minor"),
        ("shall", "fulfilled", None),
        ("shall", "not_applicable", None),
        ("should", "not_fulfilled", "observation"),
        ("should", "partial", "observation"),
        ("should", "fulfilled", None),
        ("should", "not_assessed", None),
    ],
)
def test_finding_grades(modality: str, status: str, grade: str | None) -> None:
    catalog = make_catalog([req("R1", modality=modality)])
    maturity = None if status in ("not_applicable", "not_assessed") else 1
    result = evaluate(catalog, make_assessment({"R1": resp(status, maturity)}))
    assert result.requirements["R1"].finding == grade
    assert [f.grade for f in result.findings] == ([grade] if grade else [])


def test_findings_worst_first_then_weight_then_catalogue_order() -> None:
    catalog = make_catalog(
        [
            req("S1", modality="should", weight=5),
            req("A1", weight=1),
            req("A2", weight=2),
            req("A3", weight=1),
            req("B1", weight=2),
        ]
    )
    action = {"text": "Gör något", "owner": "Chefen", "due": "2026-06-30"}
    result = evaluate(
        catalog,
        make_assessment(
            {
                "S1": resp("not_fulfilled", 0),
                "A1": resp("partial", 2),
                "A2": resp("partial", 2),
                "A3": resp("not_fulfilled", 1, action=action),
                "B1": resp("not_fulfilled", 1, comment="Saknas"),
            }
        ),
    )
    # major: B1 (weight 2) before A3 (weight 1); minor: A2 (2) before A1 (1); then S1
    assert [f.concerns for f in result.findings] == ["B1", "A3", "A2", "A1", "S1"]
    by_id = {f.concerns: f for f in result.findings}
    assert by_id["A3"].action is not None and by_id["A3"].action.text == "Gör något"
    assert by_id["B1"].action is None
    assert by_id["B1"].comment == "Saknas"
    assert by_id["B1"].weight == D(2)
    assert (by_id["B1"].level, by_id["B1"].cornerstone) == ("a", "x")


def test_finding_carries_evidence() -> None:
    catalog = make_catalog([req("R1")])
    evidence = [{"kind": "record", "ref": "Dnr 2026/12", "date": "2026-01-02"}]
    result = evaluate(catalog, make_assessment({"R1": resp("partial", 2, evidence=evidence)}))
    assert [e.ref for e in result.findings[0].evidence] == ["Dnr 2026/12"]


# --- persons ------------------------------------------------------------------------------------


def _person_result(**kwargs: Any) -> PersonResult:
    catalog = make_catalog([req("R1")], competence=COMPETENCE)
    data = person("p1", **kwargs)
    result = evaluate(catalog, make_assessment({"R1": resp("fulfilled", 4)}, persons=[data]))
    return result.persons[0]


def test_person_certified_with_validity() -> None:
    p = _person_result()
    assert p.status == "certified"
    # exam 2025-01-10 + 3 years
    assert p.valid_until == dt.date(2028, 1, 10)
    assert p.specialist_areas == ["bygg"]


@pytest.mark.parametrize(
    ("kwargs", "unmet"),
    [
        ({"training": False}, [("no_training", None, None, None)]),
        ({"modules": ("m1",)}, [("module_missing", "m2", None, None)]),
        ({"exam_score": None}, [("exam_missing", None, None, None)]),
        ({"exam_date": None}, [("exam_missing", None, None, None)]),
        ({"exam_score": "0.79"}, [("exam_below_pass_mark", None, "0.79", "0.8")]),
        ({"exam_score": "0.8"}, []),  # reaching the pass mark is enough
        (
            {"competences": {"bygg": 3, "miljo": 1}},
            [("area_below_base", "miljo", "1", "2"), ("area_below_base", "mat", "0", "2")],
        ),
        (
            {"competences": {"bygg": 2, "miljo": 2, "mat": 2}},
            [("too_few_specialist_areas", None, "0", "1")],
        ),
        (
            {"languages": {"sv": 3}},
            [("language_below_required", "en", "0", "2")],
        ),
        (
            {"languages": {"sv": 2, "en": 3}},
            [("language_below_required", "sv", "2", "3")],
        ),
    ],
)
def test_person_unmet_criteria(kwargs: dict[str, Any], unmet: list[tuple[str | None, ...]]) -> None:
    p = _person_result(**kwargs)
    got = [(u.criterion, u.subject, u.actual, u.required) for u in p.unmet]
    assert got == unmet
    assert p.status == ("certified" if not unmet else "not_certified")


def test_person_expired_when_only_validity_ran_out() -> None:
    # exam 2023-03-14 + 3 years = 2026-03-14, the day before the assessment (2026-03-15)
    p = _person_result(exam_date=dt.date(2023, 3, 14))
    assert p.status == "expired"
    assert p.valid_until == dt.date(2026, 3, 14)
    assert [(u.criterion, u.actual, u.required) for u in p.unmet] == [
        ("exam_expired", "2023-03-14", "2026-03-14")
    ]
    # valid on the last day: exam 2023-03-15 + 3 years = 2026-03-15 = the assessment date
    assert _person_result(exam_date=dt.date(2023, 3, 15)).status == "certified"


def test_person_expired_and_failing_is_not_certified() -> None:
    p = _person_result(exam_date=dt.date(2020, 1, 1), exam_score="0.5")
    assert p.status == "not_certified"
    assert p.valid_until is None
    assert [u.criterion for u in p.unmet] == ["exam_below_pass_mark", "exam_expired"]


def test_persons_sorted_by_id_naturally() -> None:
    catalog = make_catalog([req("R1")], competence=COMPETENCE)
    people = [person("lots-10"), person("lots-2"), person("lots-1")]
    result = evaluate(catalog, make_assessment({"R1": resp("fulfilled", 4)}, persons=people))
    assert [p.id for p in result.persons] == ["lots-1", "lots-2", "lots-10"]


def test_catalogue_without_competence_skips_persons_and_coverage() -> None:
    catalog = make_catalog([req("R1")], certification=CERTIFICATION)
    result = evaluate(
        catalog,
        make_assessment({"R1": resp("fulfilled", 4)}, persons=[person("p1")], departments=("d1",)),
    )
    assert result.persons == []
    assert result.coverage.departments == []
    assert result.findings == []


# --- coverage -----------------------------------------------------------------------------------


def _coverage_result(people: list[dict[str, Any]], levels: tuple[str, ...] = ("a", "b")) -> Result:
    catalog = make_catalog(
        [req("R1", level=levels[0])],
        levels=levels,
        competence=COMPETENCE,
        certification={**CERTIFICATION, "min_certified_per_department": 2},
    )
    return evaluate(
        catalog,
        make_assessment(
            {"R1": resp("fulfilled", 4)},
            persons=people,
            departments=("d1", "d2"),
            kind="certification_audit",
        ),
    )


def test_department_and_specialist_coverage() -> None:
    miljo = {"bygg": 2, "miljo": 3, "mat": 2}
    result = _coverage_result(
        [
            person("p1", "d1"),
            person("p2", "d1", competences=miljo),
            person("p3", "d2"),
            person("p4", "d2", exam_score="0.1", competences=miljo),  # not certified
        ]
    )
    departments = {d.id: (d.certified, d.required, d.covered) for d in result.coverage.departments}
    assert departments == {"d1": (["p1", "p2"], 2, True), "d2": (["p3"], 2, False)}
    areas = {a.id: (a.specialists, a.covered) for a in result.coverage.specialist_areas}
    # p4 is a miljo specialist but not certified: does not count
    assert areas == {"bygg": (["p1", "p3"], True), "miljo": (["p2"], True)}
    findings = [(f.grade, f.kind, f.concerns, f.level, f.details) for f in result.findings]
    assert findings == [
        ("minor", "department_coverage", "d2", "a", {"certified": 1, "required": 2}),
    ]
    # one minor → conditional, deadline 2026-03-15 + 90 days = 2026-06-13
    assert result.decision.outcome == "conditional"
    assert result.decision.corrective_action_deadline == dt.date(2026, 6, 13)


def test_coverage_level_choice() -> None:
    assert (
        coverage_level(make_catalog([req("R1")], levels=("ledning", "process", "person")))
        == "process"
    )
    assert (
        coverage_level(make_catalog([req("R1", level="person")], levels=("person", "drift")))
        == "drift"
    )
    assert coverage_level(make_catalog([req("R1", level="person")], levels=("person",))) == "person"
    assert coverage_level(make_catalog([req("R1")], levels=("a", "b"))) == "a"
    result = _coverage_result([], levels=("styr", "process"))
    assert {f.level for f in result.findings} == {"process"}
    # no certified pilot at all: both departments and both areas are holes
    assert [f.concerns for f in result.findings] == ["d1", "d2", "bygg", "miljo"]


# --- decision -----------------------------------------------------------------------------------


def _decide(responses: dict[str, dict[str, Any]], kind: str = "certification_audit") -> Decision:
    catalog = make_catalog(
        [req("S1"), req("S2"), req("B1", modality="should")], certification=CERTIFICATION
    )
    return evaluate(catalog, make_assessment(responses, kind=kind)).decision


GOOD = {"S1": resp("fulfilled", 4), "S2": resp("fulfilled", 3), "B1": resp("fulfilled", 3)}


def test_decision_recommended_with_validity() -> None:
    decision = _decide(GOOD)
    assert decision.outcome == "recommended"
    # 2026-03-15 + 3 years
    assert decision.valid_until == dt.date(2029, 3, 15)
    assert decision.corrective_action_deadline is None
    assert decision.readiness_only is False


def test_decision_observation_only_is_still_recommended() -> None:
    decision = _decide({**GOOD, "B1": resp("not_fulfilled", 0)})
    assert decision.outcome == "recommended"
    assert decision.observations == 1


def test_decision_conditional() -> None:
    decision = _decide({**GOOD, "S2": resp("partial", 2)})
    assert decision.outcome == "conditional"
    assert decision.corrective_action_deadline == dt.date(2026, 6, 13)
    assert decision.valid_until is None


def test_decision_not_recommended_beats_minor() -> None:
    decision = _decide({**GOOD, "S1": resp("not_fulfilled", 1), "S2": resp("partial", 2)})
    assert decision.outcome == "not_recommended"
    assert (decision.major, decision.minor) == (1, 1)


def test_decision_incomplete_beats_everything() -> None:
    decision = _decide({**GOOD, "S1": resp("not_fulfilled", 1), "S2": resp("not_assessed")})
    assert decision.outcome == "incomplete"
    assert decision.not_assessed_shall == ["S2"]


def test_self_assessment_is_a_readiness_verdict() -> None:
    decision = _decide(GOOD, kind="self_assessment")
    assert decision.readiness_only is True
    assert decision.outcome == "recommended"


def test_decision_without_certification_section_has_no_dates() -> None:
    catalog = make_catalog([req("S1")])
    decision = evaluate(catalog, make_assessment({"S1": resp("partial", 2)})).decision
    assert decision.outcome == "conditional"
    assert decision.corrective_action_deadline is None


def test_duplicate_person_ids_still_give_one_order() -> None:
    catalog = make_catalog([req("R1")], competence=COMPETENCE)
    first, second = person("p1", exam_score="0.5"), person("p1", exam_score="0.9")
    one = evaluate(catalog, make_assessment({"R1": resp("fulfilled", 4)}, persons=[first, second]))
    two = evaluate(catalog, make_assessment({"R1": resp("fulfilled", 4)}, persons=[second, first]))
    assert one == two
