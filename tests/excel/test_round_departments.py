"""Each department in the round: ``status`` shows every department (also one without a list
of its own requirements), and a department's workbook carries only its own part of the
audit's records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from lotscert.excel import layout
from lotscert.excel.audit_extras import AUDIT_KEY
from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT

CATALOG = ["--catalog", str(CONTRACT_CATALOG)]
AUDIT_2026 = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"
SELF_2025 = ROOT / "assessments" / "9910-exempelby" / "2025-self_assessment.yaml"


def run(*args: str, lang: str = "sv") -> Any:
    runner = CliRunner(env={"COLUMNS": "200"})  # tables not wrapped
    return runner.invoke(build_app("en" if lang == "en" else "sv"), list(args))


def metadata(workbook: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(workbook)[layout.META_SHEET]
    return {str(row[0].value): str(row[1].value or "") for row in sheet.iter_rows()}


def test_status_shows_every_department(tmp_path: Path) -> None:
    result = run("status", str(SELF_2025), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    states = {state["department"]: state for state in data["departments"]}
    assert list(states) == ["kof", "sbf", "mhf", "sof", "tkf", "rtj"]
    assessment = load_assessment(SELF_2025)
    for department in assessment.departments:
        state = states[department.id]
        assert state["name"] == department.name
        assert state["own_list"] is False  # no list: it answers every requirement
        assert len(state["answered"]) + len(state["not_assessed"]) == 30
        own = [p for p in assessment.persons if p.department == department.id]
        assert state["persons"] == len(own)
        assert state["workbooks_sent"] == 0
    text = run("status", str(SELF_2025))
    assert text.exit_code == 0
    assert "Förvaltningar" in text.stdout
    for department in states:
        assert f"│ {department} " in text.stdout
    assert "│ alla " in text.stdout and "har ingen egen lista (requirements)" in text.stdout
    english = run("status", str(SELF_2025), "--lang", "en", lang="en")
    assert "Departments" in english.stdout and "has no list of its own" in english.stdout


def test_a_department_with_a_list_shows_its_part_metrics_and_workbooks(tmp_path: Path) -> None:
    assessment = tmp_path / "a.yaml"
    # (a metric on a department's list is one the catalogue judges by, or one the file holds:
    # the catalogue's handläggningstid, taken out of the file, is the one still missing)
    text = (
        CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
        .replace(
            '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}',
            '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen", requirements: [P1, P2], '
            "metrics: [handlaggningstid_median_dagar]}",
        )
        .replace(
            'metrics:\n  handlaggningstid_median_dagar: {value: 8, source: "Ärendesystemet", '
            "date: 2026-02-28}\n",
            "",
        )
    )
    assert "handlaggningstid_median_dagar: {" not in text
    assessment.write_text(text, encoding="utf-8")
    out = tmp_path / "mhf.xlsx"
    exported = run("export", "xlsx", str(assessment), "--department", "mhf", "--out", str(out),
                   *CATALOG)  # fmt: skip
    assert exported.exit_code == 0, exported.output
    result = run("status", str(assessment), *CATALOG, "--format", "json")
    assert result.exit_code == 0, result.output
    states = {state["department"]: state for state in json.loads(result.stdout)["departments"]}
    mhf = states["mhf"]
    assert mhf["own_list"] is True
    assert sorted(mhf["answered"] + mhf["not_assessed"]) == ["P1", "P2"]
    assert mhf["metrics"] == ["handlaggningstid_median_dagar"]
    assert mhf["metrics_missing"] == ["handlaggningstid_median_dagar"]
    assert (mhf["workbooks_sent"], mhf["workbooks_back"]) == (1, 0)
    assert states["sbf"]["own_list"] is False and states["sbf"]["workbooks_sent"] == 0
    table = run("status", str(assessment), *CATALOG)
    assert (
        "saknar värde: handlaggningstid_median_dagar" in table.stdout
        and "1 ut, 0 tillbaka" in table.stdout
    )


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    """The 2026 audit, with mhf answering only P1 (K4 and K7 carry correction / root cause)."""
    path = tmp_path / "a.yaml"
    text = AUDIT_2026.read_text(encoding="utf-8").replace(
        '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}',
        '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen", requirements: [P1]}',
    )
    path.write_text(text, encoding="utf-8")
    for extra in ("requirements", "catalog"):
        source = AUDIT_2026.parent.parent.parent / extra
        if source.is_dir():
            shutil.copytree(source, tmp_path / extra, dirs_exist_ok=True)
    return path


def test_a_department_workbook_carries_only_its_own_audit_records(
    audit: Path, tmp_path: Path
) -> None:
    whole = tmp_path / "hela.xlsx"
    assert run("export", "xlsx", str(audit), "--out", str(whole)).exit_code == 0
    extras = json.loads(metadata(whole)[AUDIT_KEY])
    assert {"K4", "K7"} <= set(extras["responses"])  # the whole assessment keeps them all
    generalists = set(extras.get("generalist", {}))
    assert "lots-05" in generalists  # kof's

    mhf = tmp_path / "mhf.xlsx"
    result = run("export", "xlsx", str(audit), "--department", "mhf", "--out", str(mhf))
    assert result.exit_code == 0, result.output
    carried = json.loads(metadata(mhf).get(AUDIT_KEY) or "{}")
    assert set(carried.get("responses", {})) <= {"P1"}
    mhf_persons = {p.id for p in load_assessment(audit).persons if p.department == "mhf"}
    assert set(carried.get("generalist", {})) <= mhf_persons
    for department in carried.get("coverage_actions", {}).get("departments", {}):
        assert department == "mhf"
    assert not carried.get("coverage_actions", {}).get("specialist_areas")

    # Both still import into their own file; the whole assessment's also into a new one (a
    # department's part is never made into a file of its own).
    for workbook in (mhf, whole):
        again = run("import", "xlsx", str(workbook), "--into", str(audit))
        assert again.exit_code == 0, again.output
        new = tmp_path / f"ny-{workbook.stem}.yaml"
        fresh = run("import", "xlsx", str(workbook), "--into", str(new))
        assert fresh.exit_code == (0 if workbook == whole else 2), fresh.output
        assert new.is_file() == (workbook == whole)
    original = load_assessment(audit)
    rebuilt = load_assessment(tmp_path / "ny-hela.yaml")
    for rid in ("K4", "K7"):  # a whole-assessment workbook still brings its records back
        assert rebuilt.responses[rid].action == original.responses[rid].action
