"""Every refusal of a Swedish run is Swedish and of an English run English — no library or
English text in a Swedish run (attack B, defect 20): verify on a file that is no report, score
with another municipality's previous assessment, import oscal with a bad --id, report
certificate on a refused decision."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.paths import ROOT

Run = Callable[..., Result]
LOTSKOPING = ROOT / "assessments" / "9920-lotskoping" / "2026-test_certification.yaml"
EXEMPELBY_2025 = ROOT / "assessments" / "9910-exempelby" / "2025-self_assessment.yaml"


@pytest.mark.parametrize(
    ("name", "content", "sv", "en"),
    [
        ("plain.html", b"hej\n", "rapporten har inget integritetsblock", "no integrity block"),
        ("broken.json", b"[1,2", "inte giltig JSON (fel i kolumn 5)", "not JSON: Expecting"),
        ("utf16.html", b"\xff\xfe", "ingen lotscert-rapport (inte UTF-8)", "not UTF-8"),
        ("plain.md", b"# hej\n", "rapporten har inget integritetsblock", "no integrity block"),
    ],
)
def test_verify_refuses_a_non_report_in_the_run_language(
    run_cli: Run, tmp_path: Path, name: str, content: bytes, sv: str, en: str
) -> None:
    report = tmp_path / name
    report.write_bytes(content)
    swedish = run_cli(["verify", str(report), "--inputs", str(LOTSKOPING)])
    assert swedish.exit_code == 2
    assert sv in swedish.stderr
    assert en not in swedish.stderr
    english = run_cli(["verify", str(report), "--inputs", str(LOTSKOPING), "--lang", "en"])
    assert english.exit_code == 2
    assert en in english.stderr


def test_a_previous_assessment_of_another_municipality_is_refused_in_swedish(
    run_cli: Run,
) -> None:
    result = run_cli(["score", str(LOTSKOPING), "--previous", str(EXEMPELBY_2025)])
    assert result.exit_code == 2
    assert "gäller kommun 9910, inte 9920" in result.stderr
    assert "previous assessment is for" not in result.stderr
    english = run_cli(["score", str(LOTSKOPING), "--previous", str(EXEMPELBY_2025), "--lang", "en"])
    assert "9910, not 9920" in english.stderr
    assert "gäller" not in english.stderr


def test_a_bad_catalogue_id_on_import_oscal_is_said_in_words(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert run_cli(["export", "oscal", str(LOTSKOPING), "--out", str(out)]).exit_code == 0
    [catalog] = out.glob("*-oscal-catalog.json")
    result = run_cli(
        ["import", "oscal", str(catalog), "--id", "min katalog", "--out", str(tmp_path / "k.yaml")]
    )
    assert result.exit_code == 2
    assert "'min katalog' är inte ett giltigt id" in result.stderr
    assert "String should match" not in result.stderr
    assert not (tmp_path / "k.yaml").exists()


def test_a_refused_decision_prints_no_certificate_in_words(run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "9910-exempelby"
    shutil.copytree(ROOT / "assessments" / "9910-exempelby", folder)
    decision = folder / "2026-decision-1.yaml"
    text = decision.read_text(encoding="utf-8")
    decision.write_text(
        text.replace("outcome: granted", 'outcome: refused\nreason: "Avvikelser kvarstår"', 1),
        encoding="utf-8",
    )
    result = run_cli(["report", "certificate", str(decision), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "beslutet är ett avslag (refused) och utfärdar inget certifikat" in result.stderr
    english = run_cli(
        ["report", "certificate", str(decision), "--out", str(tmp_path / "r"), "--lang", "en"]
    )
    assert "the decision is a refusal (refused) and issues no certificate" in english.stderr
