"""The previous audit's unanswered nonconformities hold this assessment's decision back
(ISO/IEC 17021-1, 9.6: a major is corrected and verified before certification continues)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from engine_builders import CERTIFICATION, make_assessment, make_catalog, req, resp

from lotscert.engine import evaluate
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog

LEAD = {"name": "Karin Wester", "organisation": "Exempelcert AB", "audit_role": "lead_auditor"}


def _catalog() -> Catalog:
    return make_catalog([req("A1"), req("A2")], certification=CERTIFICATION)


def _assessment(kind: str, on: dt.date, **responses: dict[str, Any]) -> Assessment:
    assessment = make_assessment(responses, kind=kind, date=on, period=on.year)
    data = assessment.model_dump(mode="json", exclude_none=True)
    data["assessors"] = [LEAD]
    return Assessment.model_validate(data)


def _previous(status: str, kind: str = "certification_audit") -> Assessment:
    return _assessment(
        kind,
        dt.date(2025, 4, 14),
        A1=resp(status, 1 if status == "not_fulfilled" else 2, action={"text": "Rätta"}),
        A2=resp("fulfilled", 4),
    )


# The surveillance audit samples A2 only: A1 is not answered.
SURVEILLANCE = _assessment("surveillance_audit", dt.date(2025, 11, 17), A2=resp("fulfilled", 4))


@pytest.mark.parametrize(
    ("status", "outcome"), [("not_fulfilled", "not_recommended"), ("partial", "conditional")]
)
def test_an_unanswered_previous_nonconformity_holds_the_decision_back(
    status: str, outcome: str
) -> None:
    alone = evaluate(_catalog(), SURVEILLANCE)
    assert alone.decision.outcome == "recommended"
    result = evaluate(_catalog(), SURVEILLANCE, _previous(status))
    assert [p.answer for p in result.previous_findings] == ["unanswered"]
    assert result.decision.outcome == outcome
    assert "previous_finding_unanswered" in [w.code for w in result.warnings]


def test_an_answered_previous_major_does_not_hold_the_decision_back() -> None:
    answered = _assessment(
        "surveillance_audit",
        dt.date(2025, 11, 17),
        A1=resp("fulfilled", 3),
        A2=resp("fulfilled", 4),
    )
    result = evaluate(_catalog(), answered, _previous("not_fulfilled"))
    assert result.decision.outcome == "recommended"


def test_a_previous_self_assessment_is_not_followed_up() -> None:
    result = evaluate(_catalog(), SURVEILLANCE, _previous("not_fulfilled", "self_assessment"))
    assert result.decision.outcome == "recommended"


def test_a_major_closed_without_verification_is_still_followed_up() -> None:
    closed = _assessment(
        "certification_audit",
        dt.date(2025, 4, 14),
        A1=resp("not_fulfilled", 1, action={"text": "Rätta", "closure": {"date": "2025-04-20"}}),
        A2=resp("fulfilled", 4),
    )
    result = evaluate(_catalog(), SURVEILLANCE, closed)
    assert [(p.concerns, p.answer) for p in result.previous_findings] == [("A1", "unanswered")]
    assert result.decision.outcome == "not_recommended"
