"""An empty persons register meets no "every pilot" requirement (DESIGN §6, Evidence that
decides): with no pilot at all, nobody meets it, and it is said."""

from __future__ import annotations

from typing import Any

import pytest
from engine_builders import CERTIFICATION, COMPETENCE, make_assessment, make_catalog, req, resp

from lotscert.engine import evaluate
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.validation import check_assessment
from lotscert.warningtext import warning_text

LINK = {"criteria": ["training"], "fulfilled_share": 1, "partial_share": "0.8"}


def _catalog() -> Catalog:
    linked = {**req("K1", level="b"), "persons": LINK}
    return make_catalog([req("A1"), linked], competence=COMPETENCE, certification=CERTIFICATION)


def _assessment(kind: str, stated: str, **extra: Any) -> Assessment:
    maturity = {"fulfilled": 4, "partial": 2, "not_fulfilled": 1}[stated]
    return make_assessment(
        {"A1": resp("fulfilled", 4), "K1": resp(stated, maturity)},
        kind=kind,
        persons=[],
        departments=("d1",),
        **extra,
    )


@pytest.mark.parametrize("stated", ["fulfilled", "partial", "not_fulfilled"])
@pytest.mark.parametrize("kind", ["self_assessment", "certification_audit", "test_certification"])
def test_with_no_pilot_an_every_pilot_requirement_is_not_fulfilled(kind: str, stated: str) -> None:
    result = evaluate(_catalog(), _assessment(kind, stated))
    assert result.requirements["K1"].effective_status == "not_fulfilled"
    assert result.requirements["K1"].finding == "major"
    assert result.decision.outcome == "not_recommended"
    [warning] = [w for w in result.warnings if w.code == "persons_register_empty"]
    assert warning.details["requirement"] == "K1"
    assert "ingen uppfyller kravet" in warning_text(warning, "sv")
    assert "nobody meets it" in warning_text(warning, "en")


def test_validate_says_the_register_is_empty() -> None:
    diagnostics = check_assessment(_assessment("test_certification", "fulfilled"), _catalog(), "x")
    [empty] = [d for d in diagnostics if d.code == "persons.register_empty"]
    assert (empty.severity, empty.path) == ("warning", ("persons",))
    assert "K1" in empty.sv and "tomt" in empty.sv and "empty" in empty.en


def test_a_sampling_audit_listing_no_persons_does_not_examine_the_register() -> None:
    sample = _assessment("surveillance_audit", "fulfilled")
    result = evaluate(_catalog(), sample)
    assert result.requirements["K1"].effective_status == "fulfilled"
    assert "persons_register_empty" not in [w.code for w in result.warnings]
    codes = [d.code for d in check_assessment(sample, _catalog(), "x")]
    assert "persons.register_empty" not in codes
