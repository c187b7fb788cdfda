"""The national picture: latest per municipality, counties, distribution, requirement shares,
good examples only from publishable assessments and without personal names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lotscert.engine import evaluate
from lotscert.engine.national import (
    MunicipalitySummary,
    RequirementOutcome,
    distribution,
    latest_per_municipality,
    national_picture,
    summarise,
)
from lotscert.loading import load_assessment_with_catalog
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


def summary(
    code: str,
    period: int = 2026,
    overall: str | None = "50",
    outcome: str = "conditional",
    kind: str = "self_assessment",
    date: dt.date | None = None,
    statuses: dict[str, str] | None = None,
) -> MunicipalitySummary:
    requirements = tuple(
        RequirementOutcome(rid, status, 4 if status == "fulfilled" else 1)  # type: ignore[arg-type]
        for rid, status in (statuses or {"A": "fulfilled", "B": "partial"}).items()
    )
    return MunicipalitySummary(
        code=code,
        name=f"Kommun {code}",
        is_example=False,
        period=period,
        kind=kind,  # type: ignore[arg-type]
        date=date or dt.date(period, 5, 1),
        catalog_ref="c@1",
        overall=Decimal(overall) if overall is not None else None,
        outcome=outcome,  # type: ignore[arg-type]
        readiness_only=True,
        requirements=requirements,
        publishable=False,
    )


def test_latest_assessment_per_municipality_wins() -> None:
    old = summary("0114", 2024, "10")
    new = summary("0114", 2026, "90")
    same_day_self = summary("0180", 2026, "20", date=dt.date(2026, 3, 1))
    same_day_audit = summary(
        "0180", 2026, "30", kind="certification_audit", date=dt.date(2026, 3, 1)
    )
    latest = latest_per_municipality([new, same_day_audit, old, same_day_self])
    assert [(s.code, s.overall) for s in latest] == [
        ("0114", Decimal("90")),
        ("0180", Decimal("30")),
    ]


def test_counties_roll_up_the_latest_only() -> None:
    picture = national_picture(
        [
            summary("0114", 2025, "0", outcome="not_recommended"),
            summary("0114", 2026, "80", outcome="recommended"),
            summary("0180", 2026, "60"),
            summary("1280", 2026, "40", outcome="not_recommended"),
            summary("9910", 2026, "10", outcome="incomplete"),
        ],
        county_of={"0114": "01", "0180": "01", "1280": "12"},
        county_sizes={"01": 26, "12": 33},
        tops={"c@1": 4},
    )
    assert picture.assessments_read == 5
    assert [s.code for s in picture.latest] == ["0114", "0180", "1280", "9910"]
    stockholm, skane, outside = picture.counties
    assert (stockholm.key, stockholm.municipalities_total, stockholm.assessed) == ("01", 26, 2)
    assert stockholm.mean == Decimal("70.0") and stockholm.median == Decimal("70.0")
    assert stockholm.outcomes == {
        "recommended": 1,
        "conditional": 1,
        "not_recommended": 0,
        "incomplete": 0,
        "persons_only": 0,
    }
    assert (skane.key, skane.lowest, skane.highest) == ("12", Decimal("40"), Decimal("40"))
    # a fictional 99xx example has no county: it is counted last, under ""
    assert (outside.key, outside.assessed, outside.municipalities_total) == ("", 1, None)
    assert picture.national.assessed == 4 and picture.national.municipalities_total == 59
    assert picture.national.mean == Decimal("47.5")


def test_distribution_puts_100_in_the_last_bin_and_skips_missing_scores() -> None:
    bins = distribution([Decimal("0"), Decimal("9.9"), Decimal("10"), Decimal("100"), None], 10)
    assert [(b.low, b.high, b.count) for b in bins][:2] == [(0, 10, 2), (10, 20, 1)]
    assert (bins[-1].low, bins[-1].high, bins[-1].count) == (90, 100, 1)
    assert sum(b.count for b in bins) == 4


@given(st.lists(st.decimals(min_value=0, max_value=100, places=1), max_size=50))
def test_every_score_lands_in_exactly_one_bin(scores: list[Decimal]) -> None:
    bins = distribution(scores, 10)
    assert sum(b.count for b in bins) == len(scores)
    for score in scores:
        assert sum(1 for b in bins if b.low <= score < b.high or (b.high == 100 == score)) == 1


def test_requirement_shares_least_fulfilled_first_not_applicable_left_out() -> None:
    picture = national_picture(
        [
            summary("0114", statuses={"A": "fulfilled", "B": "not_fulfilled", "C": "fulfilled"}),
            summary("0180", statuses={"A": "fulfilled", "B": "partial", "C": "not_applicable"}),
            summary("1280", statuses={"A": "partial", "B": "not_assessed", "C": "fulfilled"}),
        ],
        county_of={},
        county_sizes={},
        tops={"c@1": 4},
    )
    shares = {share.id: share for share in picture.requirements}
    assert [share.id for share in picture.requirements] == ["B", "A", "C"]
    assert shares["B"].share_fulfilled == Decimal("0.0")
    assert shares["A"].share_fulfilled == Decimal("66.7")
    assert (shares["C"].applicable, shares["C"].not_applicable) == (2, 1)
    assert shares["C"].share_fulfilled == Decimal("100.0")
    assert shares["A"].top_maturity == 2


def _contract(tmp_path: Path, **changes: object) -> tuple[Path, Path]:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "assessment.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, CONTRACT_CATALOG


def _summary_of(path: Path, catalog: Path) -> MunicipalitySummary:
    assessment, loaded_catalog = load_assessment_with_catalog(path, [catalog])
    return summarise(evaluate(loaded_catalog, assessment), assessment, str(path))


def test_good_examples_only_when_publishable(tmp_path: Path) -> None:
    path, catalog = _contract(tmp_path)
    private = _summary_of(path, catalog)
    assert not private.publishable and private.examples == ()
    path, catalog = _contract(tmp_path, publishable=True)
    public = _summary_of(path, catalog)
    assert public.publishable
    assessment, loaded_catalog = load_assessment_with_catalog(path, [catalog])
    top = {
        rid
        for rid, item in evaluate(loaded_catalog, assessment).requirements.items()
        if item.effective_status == "fulfilled" and item.maturity == 4
    }
    assert {rid for rid, _ in public.examples} == top and top


@pytest.mark.parametrize("spelling", ["Anna Andersson", "ANNA ANDERSSONS", "Andersson"])
def test_good_examples_carry_no_declared_personal_name(tmp_path: Path, spelling: str) -> None:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data["publishable"] = True
    data["persons"][0]["name"] = "Anna Andersson"
    best = next(
        rid
        for rid, response in data["responses"].items()
        if response["status"] == "fulfilled" and response.get("maturity") == 4
    )
    data["responses"][best]["evidence"].append(
        {"kind": "record", "ref": f"Intervju med {spelling} 2026-03-01"}
    )
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _summary_of(path, CONTRACT_CATALOG)
    refs = [item.ref for rid, evidence in result.examples for item in evidence]
    assert any(ref.startswith("Intervju med") for ref in refs)
    assert not any("anna" in ref.lower() or "andersson" in ref.lower() for ref in refs)
