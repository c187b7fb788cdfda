"""Invariants of the engine over generated catalogues and assessments (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from engine_builders import CERTIFICATION, COMPETENCE, make_assessment, make_catalog, person, req
from hypothesis import given, settings
from hypothesis import strategies as st

from lotscert.engine import evaluate
from lotscert.engine.decision import OUTCOME_RANK
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import Result, Scores
from lotscert.resultjson import result_to_json

STATUSES = ("fulfilled", "partial", "not_fulfilled", "not_applicable", "not_assessed")
WEIGHTS = ("0.25", "0.5", "1", "1.5", "2", "3", "0.1")
LEVELS = ("l1", "l2", "l3")
CORNERSTONES = ("c1", "c2", "c3")
AREAS = ("bygg", "miljo", "mat")

Case = tuple[Catalog, dict[str, Any]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A catalogue and the raw data of an assessment against it."""
    top = draw(st.integers(min_value=1, max_value=6))
    count = draw(st.integers(min_value=1, max_value=8))
    requirements = []
    for index in range(count):
        metric = None
        if draw(st.booleans()) and index == 0:
            metric = {"key": "m", "op": draw(st.sampled_from(["<=", ">=", "=="])), "target": 10}
        requirements.append(
            req(
                f"R{index}",
                level=draw(st.sampled_from(LEVELS)),
                cornerstone=draw(st.sampled_from(CORNERSTONES)),
                modality=draw(st.sampled_from(["shall", "should"])),
                weight=draw(st.sampled_from(WEIGHTS)),
                metric=metric,
            )
        )
    with_persons = draw(st.booleans())
    catalog = make_catalog(
        requirements,
        levels=LEVELS,
        cornerstones=CORNERSTONES,
        top=top,
        competence=COMPETENCE if with_persons else None,
        certification=CERTIFICATION if with_persons else None,
    )
    responses: dict[str, dict[str, Any]] = {}
    for requirement in requirements:
        status = draw(st.sampled_from(STATUSES))
        response: dict[str, Any] = {"status": status, "comment": "Motivering."}
        if status not in ("not_applicable", "not_assessed") or draw(st.booleans()):
            response["maturity"] = draw(st.integers(min_value=0, max_value=top))
        if status == "fulfilled":
            response["evidence"] = [{"kind": "document", "ref": "Beslut"}]
        responses[requirement["id"]] = response
    persons = [
        person(
            f"p{index}",
            draw(st.sampled_from(["d1", "d2"])),
            competences={area: draw(st.integers(0, 3)) for area in AREAS},
            exam_score=draw(st.sampled_from(["0.5", "0.8", "0.95"])),
            exam_date=draw(st.dates(dt.date(2021, 1, 1), dt.date(2026, 3, 1))),
        )
        for index in range(draw(st.integers(0, 4)) if with_persons else 0)
    ]
    metrics = {"m": {"value": draw(st.integers(0, 20))}} if draw(st.booleans()) else {}
    data = {
        "responses": responses,
        "persons": persons,
        "departments": ("d1", "d2"),
        "metrics": metrics,
        "kind": draw(st.sampled_from(["self_assessment", "certification_audit"])),
    }
    return catalog, data


def build(data: dict[str, Any]) -> Assessment:
    return make_assessment(
        data["responses"],
        persons=data["persons"],
        departments=data["departments"],
        metrics=data["metrics"],
        kind=data["kind"],
    )


def all_scores(scores: Scores) -> dict[str, Decimal | None]:
    flat = {"overall": scores.overall.percent}
    flat.update({f"level:{k}": s.percent for k, s in scores.levels.items()})
    flat.update({f"cornerstone:{k}": s.percent for k, s in scores.cornerstones.items()})
    return flat


@settings(max_examples=150, deadline=None)
@given(cases())
def test_every_score_is_within_0_and_100(case: Case) -> None:
    catalog, data = case
    result = evaluate(catalog, build(data))
    for score in [
        result.scores.overall,
        *result.scores.levels.values(),
        *result.scores.cornerstones.values(),
    ]:
        assert Decimal(0) <= score.earned <= score.possible
        if score.percent is not None:
            assert Decimal(0) <= score.percent <= Decimal(100)
        else:
            assert score.possible == 0


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_raising_one_maturity_never_lowers_a_score(case: Case, data: st.DataObject) -> None:
    catalog, raw = case
    raisable = [
        rid
        for rid, response in raw["responses"].items()
        if response.get("maturity", catalog.top) < catalog.top
    ]
    if not raisable:
        return
    rid = data.draw(st.sampled_from(raisable))
    before = all_scores(evaluate(catalog, build(raw)).scores)
    responses = dict(raw["responses"])
    responses[rid] = {**responses[rid], "maturity": responses[rid]["maturity"] + 1}
    after = all_scores(evaluate(catalog, build({**raw, "responses": responses})).scores)
    for key, value in before.items():
        if value is None:
            assert after[key] is None
        else:
            raised = after[key]
            assert raised is not None and raised >= value, key


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_not_applicable_changes_no_other_requirement(case: Case, data: st.DataObject) -> None:
    catalog, raw = case
    rid = data.draw(st.sampled_from(sorted(raw["responses"])))
    before = evaluate(catalog, build(raw))
    responses = {**raw["responses"], rid: {"status": "not_applicable", "comment": "Gäller inte."}}
    after = evaluate(catalog, build({**raw, "responses": responses}))
    for other, item in before.requirements.items():
        if other != rid:
            assert after.requirements[other] == item
    assert after.requirements[rid].earned is None and after.requirements[rid].possible is None


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_a_new_finding_never_improves_the_decision(case: Case, data: st.DataObject) -> None:
    catalog, raw = case
    before = evaluate(catalog, build(raw))
    fulfilled = [
        rid for rid, item in before.requirements.items() if item.effective_status == "fulfilled"
    ]
    if not fulfilled:
        return
    rid = data.draw(st.sampled_from(fulfilled))
    worse = data.draw(st.sampled_from(["partial", "not_fulfilled"]))
    response = {**raw["responses"][rid], "status": worse}
    response.setdefault("maturity", 0)
    after = evaluate(catalog, build({**raw, "responses": {**raw["responses"], rid: response}}))
    assert len(after.findings) >= len(before.findings)
    assert OUTCOME_RANK[after.decision.outcome] <= OUTCOME_RANK[before.decision.outcome]


def _shuffled_json(
    catalog: Catalog, raw: dict[str, Any], order: list[int], people: list[int]
) -> str:
    items = list(raw["responses"].items())
    responses = {items[i][0]: items[i][1] for i in order}
    persons = [raw["persons"][i] for i in people]
    return result_to_json(
        evaluate(catalog, build({**raw, "responses": responses, "persons": persons}))
    )


@settings(max_examples=100, deadline=None)
@given(cases(), st.data())
def test_same_result_whatever_the_order_of_responses_and_persons(
    case: Case, data: st.DataObject
) -> None:
    catalog, raw = case
    count, people = len(raw["responses"]), len(raw["persons"])
    original = _shuffled_json(catalog, raw, list(range(count)), list(range(people)))
    order = data.draw(st.permutations(range(count)))
    person_order = data.draw(st.permutations(range(people)))
    assert _shuffled_json(catalog, raw, list(order), list(person_order)) == original
    # and the same input twice gives the same result
    again: Result = evaluate(catalog, build(raw))
    assert result_to_json(again) == original
