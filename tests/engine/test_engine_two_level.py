"""A catalogue unlike the bundled one: two levels, a 0–5 scale, fractional weights, no persons."""

from __future__ import annotations

from decimal import Decimal

from engine_builders import two_level

from lotscert.engine import evaluate

D = Decimal


def test_points_on_a_zero_to_five_scale() -> None:
    result = evaluate(*two_level())
    assert result.catalog.top == 5
    points = {
        rid: (r.effective_status, r.earned, r.possible) for rid, r in result.requirements.items()
    }
    assert points == {
        "S1": ("fulfilled", D("1.5"), D("1.5")),  # 1.5 × 5 / 5
        "S2": ("partial", D("0.3"), D("0.5")),  # 0.5 × 3 / 5
        # stated partial, but nki 72 >= 70 is met → fulfilled; 2.5 × 4 / 5 = 2
        "U1": ("fulfilled", D(2), D("2.5")),
        "U2": ("partial", D("0.4"), D(1)),  # 1 × 2 / 5
        "U3": ("not_applicable", None, None),
    }


def test_scores_per_level_cornerstone_and_overall() -> None:
    scores = evaluate(*two_level()).scores
    # styrning: (1.5 + 0.3) / (1.5 + 0.5) = 1.8 / 2 = 90.0
    # utforande: (2 + 0.4) / (2.5 + 1) = 2.4 / 3.5 = 68.571… → 68.6 (U3 excluded)
    assert {k: (s.earned, s.possible, s.percent) for k, s in scores.levels.items()} == {
        "styrning": (D("1.8"), D(2), D("90.0")),
        "utforande": (D("2.4"), D("3.5"), D("68.6")),
    }
    # oppenhet: S1 + U2 = (1.5 + 0.4) / (1.5 + 1) = 1.9 / 2.5 = 76.0
    # samverkan: S2 + U1 = (0.3 + 2) / (0.5 + 2.5) = 2.3 / 3 = 76.666… → 76.7
    assert {k: s.percent for k, s in scores.cornerstones.items()} == {
        "oppenhet": D("76.0"),
        "samverkan": D("76.7"),
    }
    # overall: 4.2 / 5.5 = 76.363… → 76.4
    assert (scores.overall.earned, scores.overall.possible, scores.overall.percent) == (
        D("4.2"),
        D("5.5"),
        D("76.4"),
    )


def test_findings_warnings_decision() -> None:
    result = evaluate(*two_level())
    # U2 shall partial → minor; S2 should partial → observation; U1 fulfilled by its metric
    assert [(f.grade, f.concerns) for f in result.findings] == [
        ("minor", "U2"),
        ("observation", "S2"),
    ]
    assert [(w.code, w.path) for w in result.warnings] == [
        ("metric_contradiction", "responses.U1.status")
    ]
    # no competence/certification section: persons and coverage are skipped
    assert result.persons == []
    assert result.coverage.departments == [] and result.coverage.specialist_areas == []
    decision = result.decision
    assert (decision.outcome, decision.readiness_only) == ("conditional", False)
    # the catalogue gives no corrective-action days, so there is no deadline to compute
    assert decision.corrective_action_deadline is None
    assert result.complete is True
