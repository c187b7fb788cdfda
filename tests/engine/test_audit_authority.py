"""Who may change a grade, verify an action and close a finding, and when (ISO/IEC 17021-1:
the audit team grades nonconformities and verifies their corrections; DESIGN §6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from engine_builders import CERTIFICATION, COMPETENCE, make_assessment, make_catalog, person, req
from engine_builders import resp as response
from hypothesis import given, settings
from hypothesis import strategies as st

from lotscert.engine import evaluate
from lotscert.engine.authority import name_key
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import Result
from lotscert.validation import check_assessment

DATE = dt.date(2026, 3, 15)  # the audit; its corrective-action deadline is 2026-06-13
TEAM = [
    {"name": "Karin Wester", "organisation": "Exempelcert AB", "audit_role": "lead_auditor"},
    {"name": "Lars Nyström", "organisation": "Exempelcert AB", "audit_role": "auditor"},
    {"name": "Maria Holm", "organisation": "Exempelby kommun", "audit_role": "observer"},
    {"name": "Per Ek", "organisation": "Konsult AB", "audit_role": "technical_expert"},
]
PILOT = "Sara Lindgren"  # a pilot in the audited municipality's register


def _catalog() -> Catalog:
    return make_catalog(
        [req("A1"), req("A2", modality="should"), req("K1", level="b")],
        competence=COMPETENCE,
        certification={**CERTIFICATION, "specialist_areas": ["bygg"]},
    )


def _audit(
    responses: dict[str, dict[str, Any]], kind: str = "certification_audit", **fields: Any
) -> Assessment:
    base = {
        "A1": response("fulfilled", 4),
        "A2": response("fulfilled", 4),
        "K1": response("fulfilled", 4),
    }
    pilots = [person("lots-01"), {**person("lots-02"), "name": PILOT}]
    assessment = make_assessment(
        {**base, **responses}, kind=kind, date=DATE, persons=pilots, departments=("d1",)
    )
    data = assessment.model_dump(mode="json", exclude_none=True)
    data.update({"assessors": TEAM, **fields})
    return Assessment.model_validate(data)


def _codes(result: Result) -> list[str]:
    return [warning.code for warning in result.warnings]


def _diagnostics(assessment: Assessment) -> dict[str, tuple[str, tuple[Any, ...]]]:
    return {
        d.code: (d.severity, d.path) for d in check_assessment(assessment, _catalog(), "x.yaml")
    }


def _judged(by: str | None, grade: str = "observation") -> dict[str, Any]:
    judgement = {"grade": grade, "reason": "Bedöms som ringa"}
    if by is not None:
        judgement["by"] = by
    return response("not_fulfilled", 1, judgement=judgement)


# --- judgements (defect 1) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "why"),
    [
        (None, "missing"),
        ("Maria Holm", "audited_organisation"),  # the municipality's own observer
        (PILOT, "audited_organisation"),  # a pilot of the audited municipality
        ("Lindgren, Sara", "audited_organisation"),  # the same pilot, written another way
        ("S. Lindgren", "audited_organisation"),
        ("Maria\u200b Holm", "audited_organisation"),
        ("Per Ek", "not_auditor"),  # a technical expert never grades
        ("Anna Okänd", "not_in_team"),
    ],
)
def test_a_judgement_lowering_a_major_counts_only_by_an_auditor_of_the_team(
    by: str | None, why: str
) -> None:
    assessment = _audit({"A1": _judged(by)})
    result = evaluate(_catalog(), assessment)
    [finding] = result.findings
    assert (finding.grade, finding.proposed_grade, finding.decided_by) == ("major", "major", None)
    assert result.decision.outcome == "not_recommended"
    [warning] = [w for w in result.warnings if w.code == "judgement_not_by_auditor"]
    assert warning.path == "responses.A1.judgement.by"
    assert (warning.details["refusal"], warning.details["counts"]) == (why, "no")
    severity, path = _diagnostics(assessment)["judgement.not_by_auditor"]
    assert (severity, path) == ("error", ("responses", "A1", "judgement", "by"))


@pytest.mark.parametrize(
    "by", ["Karin Wester", "Lars Nyström", "  karin\u200b  WESTER ", "Lars Nyström"]
)
def test_a_judgement_by_an_auditor_of_the_team_decides_the_grade(by: str) -> None:
    assessment = _audit({"A1": _judged(by, "minor")})
    result = evaluate(_catalog(), assessment)
    [finding] = result.findings
    assert (finding.grade, finding.proposed_grade) == ("minor", "major")
    assert result.decision.outcome == "conditional"
    assert "judgement_not_by_auditor" not in _codes(result)
    assert "judgement.not_by_auditor" not in _diagnostics(assessment)


def test_an_auditor_from_the_audited_municipality_cannot_judge() -> None:
    team = [
        *TEAM,
        {"name": "Erik Berg", "organisation": "Exempelby kommun", "audit_role": "auditor"},
    ]
    result = evaluate(_catalog(), _audit({"A1": _judged("Erik Berg")}, assessors=team))
    assert result.findings[0].grade == "major"


def test_a_judgement_without_by_that_changes_nothing_stays_a_warning() -> None:
    # An older file: by was optional. Confirming the proposed grade harms nobody.
    assessment = _audit({"A1": _judged(None, "major")})
    result = evaluate(_catalog(), assessment)
    assert result.findings[0].grade == "major"
    assert result.findings[0].grade_reason == "Bedöms som ringa"
    [warning] = [w for w in result.warnings if w.code == "judgement_not_by_auditor"]
    assert warning.details["counts"] == "unchanged"
    assert _diagnostics(assessment)["judgement.not_by_auditor"][0] == "warning"


def test_in_a_self_assessment_the_municipalitys_own_assessor_judges() -> None:
    own = [{"name": "Anna Andersson", "organisation": "Exempelby kommun", "audit_role": "assessor"}]
    assessment = _audit(
        {"A1": _judged("Anna Andersson", "minor")}, kind="self_assessment", assessors=own
    )
    assert evaluate(_catalog(), assessment).findings[0].grade == "minor"


_AUDITORS = {name_key("Karin Wester"), name_key("Lars Nyström")}


@settings(max_examples=60, deadline=None)
@given(by=st.one_of(st.none(), st.text(max_size=30)))
def test_nobody_but_an_auditor_of_the_team_turns_a_major_into_a_recommendation(
    by: str | None,
) -> None:
    if by is not None and name_key(by) in _AUDITORS:
        return
    assessment = _audit({"A1": _judged(by)})
    assert evaluate(_catalog(), assessment).decision.outcome == "not_recommended"


# --- verification and closure (defect 3) ------------------------------------------------------


def _verified(who: str = "Karin Wester", on: str = "2026-05-20", **closure: Any) -> dict[str, Any]:
    action: dict[str, Any] = {
        "text": "Rätta rutinen",
        "due": "2026-05-31",
        "verification": {
            "by": who,
            "date": on,
            "evidence": [{"kind": "record", "ref": "Stickprov"}],
        },
    }
    if closure:
        action["closure"] = closure
    return action


def test_a_major_verified_by_an_auditor_within_the_deadline_no_longer_blocks() -> None:
    assessment = _audit({"A1": response("not_fulfilled", 1, action=_verified())})
    assert evaluate(_catalog(), assessment).decision.outcome == "recommended"
    assert not [
        d for d in check_assessment(assessment, _catalog(), "x.yaml") if "action." in d.code
    ]


@pytest.mark.parametrize(
    ("by", "why"),
    [
        (PILOT, "audited_organisation"),
        ("Maria Holm", "audited_organisation"),
        ("Per Ek", "not_auditor"),
        ("Anna Okänd", "not_in_team"),
    ],
)
def test_a_verification_not_made_by_an_auditor_of_the_team_does_not_count(
    by: str, why: str
) -> None:
    assessment = _audit({"A1": response("not_fulfilled", 1, action=_verified(by))})
    result = evaluate(_catalog(), assessment)
    assert result.decision.outcome == "not_recommended"
    assert result.findings[0].action_status != "verified"
    [warning] = [w for w in result.warnings if w.code == "verification_not_by_auditor"]
    assert (warning.path, warning.details["why"]) == ("responses.A1.action.verification.by", why)
    assert _diagnostics(assessment)["action.verification_not_by_auditor"] == (
        "error",
        ("responses", "A1", "action", "verification", "by"),
    )


def test_a_verification_before_the_finding_was_made_does_not_count() -> None:
    assessment = _audit({"A1": response("partial", 2, action=_verified(on="2020-01-01"))})
    result = evaluate(_catalog(), assessment)
    assert result.decision.outcome == "conditional"
    assert "verification_before_finding" in _codes(result)
    assert _diagnostics(assessment)["action.verification_before_finding"][0] == "error"


def test_a_verification_after_the_deadline_does_not_meet_the_condition() -> None:
    assessment = _audit({"A1": response("partial", 2, action=_verified(on="2030-01-01"))})
    result = evaluate(_catalog(), assessment)
    assert result.decision.outcome == "conditional"
    assert result.decision.minor_verified == 0
    assert "verification_late" in _codes(result)
    assert _diagnostics(assessment)["action.verification_late"][0] == "warning"


def _previous() -> Assessment:
    earlier = _audit({"A1": response("not_fulfilled", 1, action={"text": "Rätta rutinen"})})
    data = earlier.model_dump(mode="json", exclude_none=True)
    data.update(period=2025, date="2025-03-15")
    return Assessment.model_validate(data)


def test_a_previous_finding_is_verified_and_closed_between_the_audits() -> None:
    between = _verified(on="2025-06-10", date="2026-03-15", by="Karin Wester")  # closed by her
    current = _audit({"A1": response("fulfilled", 4, action=between)})
    result = evaluate(_catalog(), current, _previous(), previous_source="2025.yaml")
    assert [item.answer for item in result.previous_findings] == ["closed_verified"]
    assert not [w for w in result.warnings if w.code.startswith(("verification_", "closure_"))]


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (_verified(on="2026-12-31"), "verification_after_assessment"),
        (_verified(on="2024-01-01"), "verification_before_finding"),
        (_verified(on="2025-06-10", date="2027-01-05"), "closure_after_assessment"),
        (_verified(on="2025-06-10", date="2026-03-15", by=PILOT), "closure_not_by_auditor"),
    ],
)
def test_a_previous_findings_records_out_of_place_do_not_count(
    action: dict[str, Any], code: str
) -> None:
    current = _audit({"A1": response("fulfilled", 4, action=action)})
    result = evaluate(_catalog(), current, _previous(), previous_source="2025.yaml")
    assert code in _codes(result)
    if code.startswith("verification"):
        assert [item.answer for item in result.previous_findings] == ["closed_unverified"]
    if code != "verification_before_finding":  # needs the previous audit's date
        assert _diagnostics(current)[f"action.{code}"][0] == "error"


def test_reports_word_the_set_aside_records_in_swedish_and_english() -> None:
    from lotscert.warningtext import warning_text

    judged = evaluate(_catalog(), _audit({"A1": _judged("Maria Holm")}))
    [warning] = [w for w in judged.warnings if w.code == "judgement_not_by_auditor"]
    sv = warning_text(warning, "sv")
    assert "Maria Holm" in sv and "hör till den granskade kommunen" in sv
    assert "den räknas inte – den föreslagna graden (större avvikelse) gäller" in sv
    assert "it does not count – the proposed grade (major" in warning_text(warning, "en")
    verified = evaluate(_catalog(), _audit({"A1": response("partial", 2, action=_verified(PILOT))}))
    [warning] = [w for w in verified.warnings if w.code == "verification_not_by_auditor"]
    assert warning_text(warning, "sv") == (
        "Åtgärden för A1 är verifierad av Sara Lindgren, som inte får verifiera (hör till den "
        "granskade kommunen); den räknas som overifierad"
    )


_EXAMPLES = sorted(
    path
    for path in (Path(__file__).resolve().parents[2] / "assessments").rglob("*.yaml")
    if "decision" not in path.name
)
_SET_ASIDE = {
    "judgement_not_by_auditor",
    "verification_not_by_auditor",
    "closure_not_by_auditor",
}


@pytest.mark.parametrize("path", _EXAMPLES, ids=lambda path: path.name)
def test_pseudonymised_reports_keep_who_verified_and_judged(path: Path) -> None:
    # Reports without --with-names evaluate pseudonymised files: "bedömare 1" verifies there.
    from lotscert.loading import load_assessment_with_catalog
    from lotscert.pseudonyms import pseudonymise_all

    assessment, catalog = load_assessment_with_catalog(path)
    [hidden] = pseudonymise_all([assessment], "sv")
    plain, pseudonymous = evaluate(catalog, assessment), evaluate(catalog, hidden)
    assert pseudonymous.decision == plain.decision
    assert not {w.code for w in pseudonymous.warnings} & _SET_ASIDE
