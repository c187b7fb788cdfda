"""``init --from`` into an audit: the municipality's own staff are not carried over as its
auditors (DESIGN §6; ISO/IEC 17021-1 impartiality), and closed actions stay behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from typer.testing import Result

from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

Run = Callable[..., Result]
STAFF = {"name": "Anna Andersson", "organisation": "Exempelby kommun", "audit_role": "assessor"}
LEAD = {"name": "Karin Wester", "organisation": "Exempelcert AB", "audit_role": "lead_auditor"}
OBSERVER = {"name": "Maria Holm", "organisation": "Exempelby kommun", "audit_role": "observer"}


def _source(tmp_path: Path, kind: str, assessors: list[dict[str, Any]]) -> Path:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data.update(kind=kind, assessors=assessors)
    data["responses"]["P1"]["action"]["closure"] = {"date": "2026-06-01"}
    path = tmp_path / f"2026-{kind}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _init(run_cli: Run, tmp_path: Path, kind: str, source: Path) -> tuple[Path, Result]:
    result = run_cli(
        [
            "init",
            "--municipality",
            "9901",
            "--name",
            "Exempelby",
            "--year",
            "2027",
            "--kind",
            kind,
            "--catalog",
            str(CONTRACT_CATALOG),
            "--from",
            str(source),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "9901-exempelby" / f"2027-{kind}.yaml", result


def test_a_self_assessments_staff_are_not_made_auditors_of_a_certification_audit(
    run_cli: Run, tmp_path: Path
) -> None:
    source = _source(tmp_path, "self_assessment", [STAFF])
    target, result = _init(run_cli, tmp_path, "certification_audit", source)
    assert load_assessment(target).assessors == []
    assert "förs inte över till en certification_audit" in result.output
    text = " ".join(line.lstrip("# ") for line in target.read_text(encoding="utf-8").splitlines())
    assert "kommunens egen personal kan inte vara revisorer" in text


def test_a_certification_audit_keeps_the_certification_bodys_team_only(
    run_cli: Run, tmp_path: Path
) -> None:
    source = _source(tmp_path, "certification_audit", [LEAD, OBSERVER])
    target, _ = _init(run_cli, tmp_path, "certification_audit", source)
    new = load_assessment(target)
    assert [(a.name, a.audit_role) for a in new.assessors] == [("Karin Wester", "lead_auditor")]
    assert new.responses["P1"].action is None  # the closed action stays in last year's file


def test_a_self_assessment_from_a_self_assessment_keeps_its_assessors(
    run_cli: Run, tmp_path: Path
) -> None:
    source = _source(tmp_path, "self_assessment", [STAFF])
    target, result = _init(run_cli, tmp_path, "self_assessment", source)
    assert load_assessment(target).assessors == load_assessment(source).assessors
    assert "förs inte över" not in result.output
