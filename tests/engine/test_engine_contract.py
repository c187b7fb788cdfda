"""The contract example (../shared/examples) gives exactly expected-minimal.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engine_builders import contract

from lotscert.engine import evaluate

D = Decimal


def test_requirements_table() -> None:
    result = evaluate(*contract())
    rows = {
        rid: (
            r.level,
            r.cornerstone,
            r.modality,
            r.weight,
            r.effective_status,
            r.maturity,
            r.earned,
            r.possible,
            r.finding,
        )
        for rid, r in result.requirements.items()
    }
    # earned = weight × maturity / top, top = 4:
    # L1 2×4/4 = 2; L2 1×2/4 = 0.5; P1 1×1/4 = 0.25; P2 1×3/4 = 0.75; K1 1×3/4 = 0.75.
    assert rows == {
        "L1": ("ledning", "kultur", "shall", D(2), "fulfilled", 4, D(2), D(2), None),
        "L2": ("ledning", "funktion", "should", D(1), "partial", 2, D("0.5"), D(1), "observation"),
        "P1": ("process", "funktion", "shall", D(1), "not_fulfilled", 1, D("0.25"), D(1), "major"),
        "P2": ("process", "rattssakerhet", "shall", D(1), "fulfilled", 3, D("0.75"), D(1), None),
        "P3": ("process", "kultur", "should", D(1), "not_applicable", None, None, None, None),
        "K1": ("person", "person", "shall", D(1), "fulfilled", 3, D("0.75"), D(1), None),
    }
    assert list(result.requirements) == ["L1", "L2", "P1", "P2", "P3", "K1"]
    metric = result.requirements["P2"].metric
    assert metric is not None
    # 8 <= 10: met
    assert (metric.key, metric.op, metric.target, metric.value, metric.met) == (
        "handlaggningstid_median_dagar",
        "<=",
        D(10),
        D(8),
        True,
    )


def test_scores() -> None:
    scores = evaluate(*contract()).scores
    levels = {k: (s.percent, s.earned, s.possible) for k, s in scores.levels.items()}
    # ledning (2 + 0.5) / (2 + 1) = 83.33 → 83.3; process (0.25 + 0.75) / 2 = 50.0
    # (P3 excluded); person 0.75 / 1 = 75.0
    assert levels == {
        "ledning": (D("83.3"), D("2.5"), D(3)),
        "process": (D("50.0"), D(1), D(2)),
        "person": (D("75.0"), D("0.75"), D(1)),
    }
    corner = {k: s.percent for k, s in scores.cornerstones.items()}
    # kultur L1 2/2 = 100.0 (P3 excluded); funktion (0.5 + 0.25) / 2 = 37.5;
    # rattssakerhet 0.75 / 1 = 75.0; person 0.75 / 1 = 75.0
    assert corner == {
        "rattssakerhet": D("75.0"),
        "kultur": D("100.0"),
        "funktion": D("37.5"),
        "person": D("75.0"),
    }
    # overall 4.25 / 6 = 70.83 → 70.8
    assert (scores.overall.percent, scores.overall.earned, scores.overall.possible) == (
        D("70.8"),
        D("4.25"),
        D(6),
    )


def test_persons() -> None:
    persons = {p.id: p for p in evaluate(*contract()).persons}
    assert persons["lots-01"].status == "certified"
    # exam 2025-10-20 + 3 years of validity
    assert persons["lots-01"].valid_until == dt.date(2028, 10, 20)
    assert persons["lots-01"].unmet == []
    assert persons["lots-02"].status == "not_certified"
    assert [(u.criterion, u.actual, u.required) for u in persons["lots-02"].unmet] == [
        ("exam_below_pass_mark", "0.70", "0.8")
    ]


def test_coverage_findings_decision() -> None:
    result = evaluate(*contract())
    departments = {d.id: (d.covered, d.certified) for d in result.coverage.departments}
    assert departments == {"sbf": (True, ["lots-01"]), "mhf": (False, [])}
    areas = {a.id: (a.covered, a.specialists) for a in result.coverage.specialist_areas}
    assert areas == {"bygglov": (True, ["lots-01"]), "miljo": (False, [])}
    assert [(f.grade, f.kind, f.concerns, f.level, f.requirement) for f in result.findings] == [
        ("major", "requirement", "P1", "process", "P1"),
        ("minor", "department_coverage", "mhf", "process", None),
        ("minor", "specialist_coverage", "miljo", "process", None),
        ("observation", "requirement", "L2", "ledning", "L2"),
    ]
    assert result.warnings == []
    assert result.complete is True
    decision = result.decision
    assert (decision.outcome, decision.readiness_only) == ("not_recommended", True)
    assert (decision.major, decision.minor, decision.observations) == (1, 2, 1)
    assert decision.corrective_action_deadline is None
    assert decision.valid_until is None
    assert result.trend is None
