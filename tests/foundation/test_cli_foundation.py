"""The foundation commands as a user runs them: validate, init, catalog, schema, --version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from lotscert import __version__
from lotscert.loading import load_assessment, validate_paths
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT

Run = Callable[..., Result]


def test_version(run_cli: Run) -> None:
    result = run_cli(["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"lotscert {__version__}"


def test_python_dash_m_and_english_by_environment() -> None:
    env = dict(os.environ, LOTSCERT_LANG="en")
    done = subprocess.run(
        [sys.executable, "-m", "lotscert", "--help"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0
    assert "Check catalogues and assessments" in done.stdout
    swedish = subprocess.run(
        [sys.executable, "-m", "lotscert", "--help"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "LOTSCERT_LANG"},
    )
    assert "Kontrollera kataloger och bedömningar" in swedish.stdout


def test_validate_ok_exit_0(run_cli: Run) -> None:
    result = run_cli(["validate", str(CONTRACT_ASSESSMENT), "--catalog", str(CONTRACT_CATALOG)])
    assert result.exit_code == 0, result.output
    assert "0 fel, 0 varningar" in result.output


def test_validate_error_exit_2_with_located_line(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("maturity: 4", "maturity: 7"),
        encoding="utf-8",
    )
    result = run_cli(["validate", str(bad), "--catalog", str(CONTRACT_CATALOG)])
    assert result.exit_code == 2
    assert f"{bad}:17:15: fel: responses.L1.maturity: mognaden ska vara 0–4, fick 7" in (
        result.output
    )


def test_validate_json_and_english(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("2026-09-30", "2026-01-01"),
        encoding="utf-8",
    )
    result = run_cli(
        [
            "validate",
            str(bad),
            "--catalog",
            str(CONTRACT_CATALOG),
            "--format",
            "json",
            "--lang",
            "en",
        ],
        lang="en",
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data[0]["severity"] == "warning"
    assert data[0]["line"] == 25
    assert data[0]["where"] == "responses.L2.action.due"
    assert "before the assessment date" in data[0]["message"]


def test_validate_strict_makes_warnings_errors(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("2026-09-30", "2026-01-01"),
        encoding="utf-8",
    )
    args = ["validate", str(bad), "--catalog", str(CONTRACT_CATALOG)]
    assert run_cli(args).exit_code == 0
    assert run_cli([*args, "--strict"]).exit_code == 2


def test_validate_missing_path(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "finns inte" in result.output


def test_validate_folder_finds_catalogue_beside_assessment(run_cli: Run) -> None:
    result = run_cli(["validate", str(CONTRACT_CATALOG.parent)])
    assert result.exit_code == 0, result.output
    assert "Kontrollerade 2 filer (1 katalog, 1 bedömning)" in result.output


def _init(run_cli: Run, tmp_path: Path, *extra: str) -> Result:
    return run_cli(
        ["init", "--municipality", "0860", "--year", "2027", "--out", str(tmp_path / "a"), *extra]
    )


def test_init_writes_a_skeleton_that_validates(run_cli: Run, tmp_path: Path) -> None:
    result = _init(run_cli, tmp_path)
    assert result.exit_code == 0, result.output
    target = tmp_path / "a" / "0860-hultsfred" / "2027-self_assessment.yaml"
    assert result.output.strip() == str(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# Vägledning:" in text
    assessment = load_assessment(target)
    assert assessment.municipality.name == "Hultsfred"
    assert {r.status for r in assessment.responses.values()} == {"not_assessed"}
    report = validate_paths([target])
    assert report.errors == []


def test_init_refuses_to_overwrite(run_cli: Run, tmp_path: Path) -> None:
    assert _init(run_cli, tmp_path).exit_code == 0
    target = tmp_path / "a" / "0860-hultsfred" / "2027-self_assessment.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    before = target.read_bytes()
    again = _init(run_cli, tmp_path)
    assert again.exit_code == 2
    assert "finns redan" in again.output and "--force" in again.output
    assert target.read_bytes() == before
    assert _init(run_cli, tmp_path, "--force").exit_code == 0
    assert target.read_bytes() != before


def test_init_from_previous_resets_statuses_and_carries_evidence(
    run_cli: Run, tmp_path: Path
) -> None:
    result = run_cli(
        [
            "init",
            "--municipality",
            "9901",
            "--name",
            "Exempelby",
            "--year",
            "2027",
            "--catalog",
            str(CONTRACT_CATALOG),
            "--from",
            str(CONTRACT_ASSESSMENT),
            "--out",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "9901-exempelby" / "2027-self_assessment.yaml"
    new = load_assessment(target)
    old = load_assessment(CONTRACT_ASSESSMENT)
    assert {r.status for r in new.responses.values()} == {"not_assessed"}
    assert all(r.maturity is None for r in new.responses.values())
    assert new.responses["L1"].evidence == old.responses["L1"].evidence
    assert new.responses["P1"].action == old.responses["P1"].action  # open action kept
    assert new.responses["L1"].action is None
    assert new.persons == old.persons and new.departments == old.departments
    assert new.metrics == old.metrics


def test_init_unknown_code_suggests(run_cli: Run, tmp_path: Path) -> None:
    result = _init(run_cli, tmp_path, "--municipality", "1234")
    assert result.exit_code == 2
    assert "finns inte bland Sveriges 290 kommuner" in result.output


def test_catalog_list_and_show(run_cli: Run) -> None:
    listing = run_cli(["catalog", "list", "--catalog", str(CONTRACT_CATALOG)])
    assert listing.exit_code == 0
    assert "ss884000@1.0" in listing.output and "exempel-mini@1.0" in listing.output
    shown = run_cli(
        [
            "catalog",
            "show",
            "exempel-mini",
            "--catalog",
            str(CONTRACT_CATALOG),
            "--level",
            "process",
        ]
    )
    assert shown.exit_code == 0
    assert "En kontaktperson per ärende" in shown.output
    assert "Beslut om företagslotsning" not in shown.output
    english = run_cli(
        ["catalog", "show", "exempel-mini", "--catalog", str(CONTRACT_CATALOG), "--lang", "en"],
        lang="en",
    )
    assert "One contact person per matter" in english.output
    missing = run_cli(["catalog", "show", "nope"])
    assert missing.exit_code == 2


def test_schema_writes_both_files_with_descriptions(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assessment = json.loads((tmp_path / "assessment.schema.json").read_text(encoding="utf-8"))
    catalog = json.loads((tmp_path / "catalog.schema.json").read_text(encoding="utf-8"))
    assert "municipality" in assessment["properties"]
    assert "requirements" in catalog["properties"]

    def undocumented(schema: dict[str, object]) -> list[str]:
        missing: list[str] = []
        for name, definition in schema.get("$defs", {}).items():  # type: ignore[union-attr]
            for field, spec in definition.get("properties", {}).items():
                if "description" not in spec:
                    missing.append(f"{name}.{field}")
        for field, spec in schema.get("properties", {}).items():  # type: ignore[union-attr]
            if "description" not in spec:
                missing.append(field)
        return missing

    assert undocumented(assessment) == []
    assert undocumented(catalog) == []


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    from lotscert.schemas import json_schemas

    for name, schema in json_schemas().items():
        committed = ROOT / "schema" / name
        assert committed.is_file(), f"run: lotscert schema --out schema ({name} missing)"
        assert json.loads(committed.read_text(encoding="utf-8")) == schema, (
            f"schema/{name} is stale: run lotscert schema --out schema"
        )


@pytest.mark.parametrize("path", sorted((ROOT / "assessments").rglob("*.yaml")), ids=str)
def test_example_assessments_validate_cleanly(path: Path) -> None:
    report = validate_paths([path])
    assert [d.format("en") for d in report.diagnostics] == []
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["municipality"]["code"].startswith("99")
