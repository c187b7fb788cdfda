"""Audit integrity (DESIGN §6): the persons register as evidence, actions to closure, the audit
team, proposed and decided grades, and the previous audit's findings."""

from __future__ import annotations

import datetime as dt
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
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import Result
from lotscert.validation import check_assessment

DATE = dt.date(2026, 3, 15)
DEADLINE = DATE + dt.timedelta(days=90)  # 2026-06-13


def _with(assessment: Assessment, **fields: Any) -> Assessment:
    data = assessment.model_dump(mode="json", exclude_none=True)
    data.update(fields)
    return Assessment.model_validate(data)


def _catalog(link: dict[str, Any] | None = None, **certification: Any) -> Catalog:
    requirement = req("K1", level="b")
    if link is not None:
        requirement["persons"] = link
    return make_catalog(
        [req("A1"), req("A2", modality="should"), requirement],
        competence=COMPETENCE,
        certification={**CERTIFICATION, "specialist_areas": ["bygg"], **certification},
    )


def _people(failing: int, total: int = 10) -> list[dict[str, Any]]:
    """``total`` pilots in d1, the first ``failing`` of them below the exam's pass mark."""
    return [
        person(f"lots-{index:02d}", exam_score="0.5" if index <= failing else "0.9")
        for index in range(1, total + 1)
    ]


def _codes(result: Result) -> list[str]:
    return [warning.code for warning in result.warnings]


LINK = {"criteria": ["training"], "fulfilled_share": 1, "partial_share": "0.8"}


# --- the persons register as evidence ---------------------------------------------------------


@pytest.mark.parametrize(
    ("failing", "expected"),
    [(0, "fulfilled"), (1, "partial"), (2, "partial"), (3, "not_fulfilled"), (10, "not_fulfilled")],
)
def test_the_register_decides_a_linked_requirement(failing: int, expected: str) -> None:
    catalog = _catalog(LINK)
    assessment = make_assessment(
        {"A1": resp("fulfilled", 4), "A2": resp("fulfilled", 4), "K1": resp("fulfilled", 4)},
        persons=_people(failing),
        departments=("d1",),
    )
    item = evaluate(catalog, assessment).requirements["K1"]
    assert item.status == "fulfilled"
    assert item.effective_status == expected
    assert item.persons is not None
    assert (item.persons.meeting, item.persons.persons) == (10 - failing, 10)
    assert item.persons.not_meeting == [f"lots-{index:02d}" for index in range(1, failing + 1)]


def test_a_contradicted_status_is_a_warning_naming_the_persons() -> None:
    catalog = _catalog(LINK)
    assessment = make_assessment(
        {"A1": resp("fulfilled", 4), "A2": resp("fulfilled", 4), "K1": resp("fulfilled", 4)},
        persons=_people(2),
        departments=("d1",),
    )
    result = evaluate(catalog, assessment)
    [warning] = [w for w in result.warnings if w.code == "persons_contradiction"]
    assert warning.path == "responses.K1.status"
    assert warning.details["not_meeting"] == "lots-01, lots-02"
    assert result.requirements["K1"].finding == "minor"
    diagnostics = check_assessment(assessment, catalog, "x.yaml")
    [validated] = [d for d in diagnostics if d.code == "persons.contradiction"]
    assert validated.severity == "warning"
    assert "lots-01, lots-02" in validated.sv
    assert "8 av 10" in validated.sv


def test_not_applicable_and_a_too_small_register_are_not_overridden() -> None:
    catalog = _catalog({**LINK, "min_persons": 5})
    small = make_assessment(
        {"A1": resp("fulfilled", 4), "A2": resp("fulfilled", 4), "K1": resp("partial", 2)},
        persons=_people(0, total=3),
        departments=("d1",),
    )
    result = evaluate(catalog, small)
    assert result.requirements["K1"].effective_status == "partial"
    assert "persons_register_too_small" in _codes(result)
    not_applicable = make_assessment(
        {"A1": resp("fulfilled", 4), "A2": resp("fulfilled", 4), "K1": resp("not_applicable")},
        persons=_people(5),
        departments=("d1",),
    )
    assert evaluate(catalog, not_applicable).requirements["K1"].effective_status == (
        "not_applicable"
    )


def test_criteria_limited_to_one_language() -> None:
    catalog = _catalog({"criteria": ["languages"], "languages": ["en"]})
    people = [person("lots-01", languages={"sv": 1, "en": 2}), person("lots-02")]
    assessment = make_assessment(
        {"A1": resp("fulfilled", 4), "A2": resp("fulfilled", 4), "K1": resp("fulfilled", 4)},
        persons=people,
        departments=("d1",),
    )
    # lots-01's Swedish is below the profile, but the link checks English only.
    assert evaluate(catalog, assessment).requirements["K1"].effective_status == "fulfilled"


def test_a_generalist_is_certified_without_a_specialist_area_where_the_profile_says_so() -> None:
    generalist = {**person("lots-01", competences={"bygg": 2, "miljo": 2, "mat": 2})}
    generalist["generalist"] = True
    assessment = make_assessment({}, persons=[generalist], departments=("d1",))
    without = make_catalog([req("A1")], competence=COMPETENCE, certification=CERTIFICATION)
    assert evaluate(without, assessment).persons[0].status == "not_certified"
    with_profile = make_catalog(
        [req("A1")],
        competence={**COMPETENCE, "generalist_specialist_min": 0},
        certification=CERTIFICATION,
    )
    assert evaluate(with_profile, assessment).persons[0].status == "certified"
    codes = [d.code for d in check_assessment(assessment, without, "x.yaml")]
    assert "person.generalist_without_profile" in codes


# --- actions to closure ---------------------------------------------------------------------


#: The certification body's lead auditor: the one who decides grades and verifies actions.
LEAD = {"name": "Karin Wester", "organisation": "Exempelcert AB", "audit_role": "lead_auditor"}


def _audit(responses: dict[str, dict[str, Any]], **fields: Any) -> Assessment:
    base = {"A1": resp("fulfilled", 4), "A2": resp("fulfilled", 4), "K1": resp("fulfilled", 4)}
    assessment = make_assessment(
        {**base, **responses},
        kind="certification_audit",
        persons=_people(0),
        departments=("d1",),
    )
    return _with(assessment, **{"assessors": [LEAD], **fields})


VERIFIED = {
    "by": "Karin Wester",
    "date": "2026-05-20",
    "evidence": [{"kind": "record", "ref": "Stickprov maj 2026"}],
}


def test_overdue_and_late_actions_are_warnings_and_marked_on_the_finding() -> None:
    result = evaluate(
        _catalog(),
        _audit(
            {
                "A1": resp("partial", 2, action={"text": "Gör", "due": "2026-01-31"}),
                "K1": resp("partial", 2, action={"text": "Gör", "due": "2026-12-31"}),
            }
        ),
    )
    by_concern = {finding.concerns: finding for finding in result.findings}
    assert by_concern["A1"].action_status == "overdue"
    assert not by_concern["A1"].action_late
    assert by_concern["K1"].action_status == "planned"
    assert by_concern["K1"].action_late
    late = [w for w in result.warnings if w.code == "action_late"]
    assert [w.details for w in late] == [
        {"concerns": "K1", "due": "2026-12-31", "deadline": DEADLINE.isoformat()}
    ]
    assert [w.path for w in result.warnings if w.code == "action_overdue"] == [
        "responses.A1.action.due"
    ]


def test_a_self_assessment_has_no_corrective_action_deadline() -> None:
    assessment = make_assessment(
        {
            "A1": resp("partial", 2, action={"text": "Gör", "due": "2027-12-31"}),
            "A2": resp("fulfilled", 4),
            "K1": resp("fulfilled", 4),
        },
        kind="self_assessment",
        persons=_people(0),
        departments=("d1",),
    )
    assert "action_late" not in _codes(evaluate(_catalog(), assessment))


def test_verified_minors_turn_conditional_into_recommended() -> None:
    action = {"text": "Gör", "due": "2026-05-31"}
    conditional = evaluate(_catalog(), _audit({"A1": resp("partial", 2, action=action)}))
    assert conditional.decision.outcome == "conditional"
    verified = evaluate(
        _catalog(),
        _audit({"A1": resp("partial", 2, action={**action, "verification": VERIFIED})}),
    )
    assert verified.decision.outcome == "recommended"
    assert verified.decision.minor == 1
    assert verified.decision.minor_verified == 1
    assert verified.decision.valid_until == dt.date(2029, 3, 15)
    assert verified.findings[0].action_status == "verified"


def test_a_major_blocks_until_its_correction_is_verified() -> None:
    action = {"text": "Gör", "correction": "Rättat i ärendet", "due": "2026-05-31"}
    blocked = evaluate(_catalog(), _audit({"A1": resp("not_fulfilled", 1, action=action)}))
    assert blocked.decision.outcome == "not_recommended"
    released = evaluate(
        _catalog(),
        _audit({"A1": resp("not_fulfilled", 1, action={**action, "verification": VERIFIED})}),
    )
    assert released.decision.outcome == "recommended"
    assert released.decision.major_verified == 1


def test_late_verification_and_closure_without_verification_are_warnings() -> None:
    late = {**VERIFIED, "date": "2026-07-01"}
    result = evaluate(
        _catalog(),
        _audit(
            {
                "A1": resp("partial", 2, action={"text": "Gör", "verification": late}),
                "K1": resp("partial", 2, action={"text": "Gör", "closure": {"date": "2026-05-01"}}),
            }
        ),
    )
    assert "verification_late" in _codes(result)
    assert [w.path for w in result.warnings if w.code == "closed_without_verification"] == [
        "responses.K1.action.closure"
    ]
    closed_first = _audit(
        {
            "A1": resp(
                "partial",
                2,
                action={"text": "Gör", "verification": VERIFIED, "closure": {"date": "2026-05-01"}},
            )
        }
    )
    codes = [d.code for d in check_assessment(closed_first, _catalog(), "x.yaml")]
    assert "action.closed_before_verified" in codes


def test_coverage_findings_carry_actions() -> None:
    assessment = _audit(
        {},
        departments=[{"id": "d1", "name": "Ett"}, {"id": "d2", "name": "Två"}],
        coverage_actions={
            "departments": {"d2": {"text": "Utbilda en lots", "due": "2026-05-31"}},
            "specialist_areas": {"miljo": {"text": "Certifiera en specialist"}},
        },
    )
    catalog = _catalog(specialist_areas=["bygg", "miljo"])
    result = evaluate(catalog, assessment)
    actions = {finding.concerns: finding.action for finding in result.findings}
    assert actions["d2"] is not None and actions["d2"].text == "Utbilda en lots"
    assert actions["miljo"] is not None
    unknown = _with(assessment, coverage_actions={"departments": {"d9": {"text": "x"}}})
    codes = [d.code for d in check_assessment(unknown, _catalog(), "x.yaml")]
    assert "coverage_action.unknown_department" in codes


# --- the audit team ---------------------------------------------------------------------------


TEAM = [
    {"name": "Karin", "organisation": "Exempelcert AB", "audit_role": "lead_auditor"},
    {"name": "Lars", "organisation": "Exempelcert AB", "audit_role": "auditor"},
    {"name": "Maria", "organisation": "Exempelby kommun", "audit_role": "observer"},
    {"name": "Per", "organisation": "Konsult AB", "audit_role": "technical_expert"},
]


def test_observers_and_experts_never_sign() -> None:
    result = evaluate(_catalog(), _audit({}, assessors=TEAM))
    assert [(m.name, m.signs, m.from_audited) for m in result.team] == [
        ("Karin", True, False),
        ("Lars", True, False),
        ("Maria", False, True),
        ("Per", False, False),
    ]
    assert not [w for w in result.warnings if w.code.startswith("team_")]


@pytest.mark.parametrize("organisation", ["Exempelby kommun", "Räddningstjänsten Exempelby"])
def test_an_auditor_from_the_audited_municipality_is_an_error(organisation: str) -> None:
    team = [*TEAM[:1], {"name": "Erik", "organisation": organisation, "audit_role": "auditor"}]
    assessment = _audit({}, assessors=team)
    assert "team_not_impartial" in _codes(evaluate(_catalog(), assessment))
    [error] = [
        d for d in check_assessment(assessment, _catalog(), "x.yaml") if d.severity == "error"
    ]
    assert error.code == "team.not_impartial"
    assert error.path == ("assessors", 1, "organisation")


def test_impartiality_in_a_test_certification_only_where_the_catalogue_says_so() -> None:
    team = [{"name": "Erik", "organisation": "Exempelby kommun", "audit_role": "lead_auditor"}]
    assessment = _with(_audit({}, assessors=team), kind="test_certification")
    assert "team_not_impartial" not in _codes(evaluate(_catalog(), assessment))
    strict = _catalog(impartial_kinds=["certification_audit", "test_certification"])
    assert "team_not_impartial" in _codes(evaluate(strict, assessment))


def test_without_roles_nobody_signs_an_impartial_audit() -> None:
    result = evaluate(_catalog(), _audit({}, assessors=[{"name": "Karin"}]))
    assert [m.signs for m in result.team] == [False]
    assert {"team_role_missing", "team_no_lead_auditor"} <= set(_codes(result))
    self_assessment = _with(_audit({}, assessors=[{"name": "Anna"}]), kind="self_assessment")
    assert [m.signs for m in evaluate(_catalog(), self_assessment).team] == [True]


# --- proposed and decided grades --------------------------------------------------------------


def test_an_auditor_decides_another_grade_with_a_reason() -> None:
    judgement = {"grade": "minor", "reason": "Ett enstaka ärende", "by": "Karin Wester"}
    result = evaluate(_catalog(), _audit({"A1": resp("not_fulfilled", 1, judgement=judgement)}))
    [finding] = result.findings
    assert (finding.grade, finding.proposed_grade) == ("minor", "major")
    assert finding.grade_reason == "Ett enstaka ärende"
    assert result.requirements["A1"].finding == "minor"
    assert result.decision.outcome == "conditional"


def test_a_judgement_needs_a_reason_and_a_finding() -> None:
    with pytest.raises(ValueError, match="reason"):
        _audit({"A1": resp("partial", 2, judgement={"grade": "major"})})
    fulfilled = _audit({"A1": resp("fulfilled", 4, judgement={"grade": "minor", "reason": "x"})})
    codes = [d.code for d in check_assessment(fulfilled, _catalog(), "x.yaml")]
    assert "judgement.without_finding" in codes


# --- the previous audit -----------------------------------------------------------------------


def _previous(kind: str = "certification_audit", **responses: dict[str, Any]) -> Assessment:
    assessment = _audit(
        {"A1": resp("partial", 2, action={"text": "Gör"}), **responses},
    )
    return _with(assessment, kind=kind, period=2025, date="2025-03-15")


def test_a_minor_open_at_the_previous_audit_is_proposed_as_major_where_the_catalogue_says_so() -> (
    None
):
    current = _audit({"A1": resp("partial", 2, action={"text": "Gör igen"})})
    plain = evaluate(
        _catalog(), current, _previous(), previous_source="2025-certification_audit.yaml"
    )
    assert plain.findings[0].grade == "minor"
    strict = _catalog(recurring_minor_is_major=True)
    result = evaluate(strict, current, _previous(), previous_source="2025-certification_audit.yaml")
    [finding] = result.findings
    assert (finding.grade, finding.proposed_grade) == ("major", "major")
    assert finding.recurring_from == "2025-certification_audit.yaml"
    assert result.decision.outcome == "not_recommended"
    from_self = evaluate(strict, current, _previous("self_assessment"))
    assert from_self.findings[0].grade == "minor"


def test_the_previous_audits_open_findings_are_answered() -> None:
    previous = _previous(
        K1=resp("partial", 2, action={"text": "Gör"}),
        A2=resp("partial", 2, action={"text": "Gör"}),
    )
    previous = _with(
        previous,
        departments=[{"id": "d1", "name": "Ett"}, {"id": "d2", "name": "Två"}],
        responses={
            **previous.model_dump(mode="json", exclude_none=True)["responses"],
            "A2": resp("not_fulfilled", 1),  # an observation: not followed up
        },
    )
    # The previous audit's finding was verified between the two audits (not after this one).
    between = {**VERIFIED, "date": "2025-06-10"}
    current = _audit(
        {
            "A1": resp("fulfilled", 4, action={"text": "Gjort", "verification": between}),
            "K1": resp("fulfilled", 4),
        },
        departments=[{"id": "d1", "name": "Ett"}],
    )
    result = evaluate(_catalog(), current, previous, previous_source="2025.yaml")
    answers = {(item.kind, item.concerns): item.answer for item in result.previous_findings}
    assert answers == {
        ("requirement", "A1"): "closed_verified",
        ("requirement", "K1"): "closed_unverified",
        ("department_coverage", "d2"): "unanswered",
    }
    assert [(w.code, w.details["concerns"]) for w in result.warnings if "previous" in w.code] == [
        ("previous_finding_unverified", "K1"),
        ("previous_finding_unanswered", "d2"),
    ]


def test_a_finding_found_again_is_still_open_and_a_register_decided_one_is_closed_by_it() -> None:
    catalog = _catalog(LINK)
    previous = _with(
        _previous(),
        persons=_people(2),
        responses={
            **_previous().model_dump(mode="json", exclude_none=True)["responses"],
            "K1": resp("partial", 2, action={"text": "Omprov"}),
        },
    )
    current = _audit({"A1": resp("partial", 2, action={"text": "Gör"})})
    answers = {
        item.concerns: item.answer
        for item in evaluate(catalog, current, previous).previous_findings
    }
    assert answers == {"A1": "still_open", "K1": "closed_by_register"}


def test_an_audit_dated_at_the_calendars_end_has_a_deadline_that_never_passes() -> None:
    late = _with(
        _audit({"A1": resp("partial", 2, action={"text": "Gör", "due": "9999-12-31"})}),
        date="9999-12-31",
    )
    result = evaluate(_catalog(), late)
    assert result.decision.corrective_action_deadline == dt.date.max
    assert "action_late" not in _codes(result)
    assert "action.late" not in [d.code for d in check_assessment(late, _catalog(), "x.yaml")]
