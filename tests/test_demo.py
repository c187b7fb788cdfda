"""The demo runs the whole main job on the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path

from lotscert.demo import run_demo
from tests.paths import ROOT


def test_demo_scores_every_example_and_writes_reports(tmp_path: Path) -> None:
    run = run_demo(ROOT / "assessments", tmp_path, formats=("html",))
    assert run.validation.errors == []
    outcomes = {item.result.decision.outcome for item in run.scored}
    assert outcomes == {
        "recommended",
        "conditional",
        "not_recommended",
        "incomplete",
        "persons_only",
    }
    with_previous = [item for item in run.scored if item.previous is not None]
    assert with_previous and all(item.result.trend is not None for item in with_previous)
    for path in run.written:
        assert path.is_file() and path.stat().st_size > 0
    names = {path.name for path in run.written}
    assert "compare-2026.html" in names
    assert "national-2026.html" in names
    assert any(name.endswith("-gap.html") for name in names)
    assert any(name.endswith("-trend.html") for name in names)
    assert "2027-self_assessment-tom.xlsx" in names
    assert "2026-certification_audit.xlsx" in names
    # The certification cycle: the register and the certificates the decisions issue.
    assert "register-2026-11-17.html" in names and "register-2026-11-17.json" in names
    assert "2026-decision-1-certificate-EC-FL-2026-001.html" in names
    assert "2026-persons_test_certification-persons.html" in names
    register = json.loads((tmp_path / "register-2026-11-17.json").read_text(encoding="utf-8"))
    assert [c["number"] for c in register["certificates"]] == ["EC-FL-2026-001"]
    assert register["certificates"][0]["status"] == "valid"
    assert register["certificates"][0]["next_surveillance_due"] == "2028-05-20"
    assert len(register["persons"]) == 8
    first = json.loads(run.scored[0].json_path.read_text(encoding="utf-8"))
    assert first["municipality"]["is_example"] is True
