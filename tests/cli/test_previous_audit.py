"""The previous assessment a score or report follows up: given with ``--previous`` it must be
another, earlier file of the same municipality; found in the folder, its open nonconformities
must be answered — an unanswered major keeps a surveillance audit from saying the certificate
can be kept, and ``validate`` says so (DESIGN §6; ISO/IEC 17021-1, 9.6)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from lotscert.models.common import Language

ROOT = Path(__file__).resolve().parent.parent.parent
EXEMPELBY = ROOT / "assessments" / "9910-exempelby"
AUDIT = EXEMPELBY / "2026-certification_audit.yaml"
SELF = EXEMPELBY / "2025-self_assessment.yaml"


def run(*args: str, lang: Language = "sv") -> Any:
    return CliRunner().invoke(build_app(lang), list(args), catch_exceptions=False)


# --- --previous (defect 6) --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_assessment_given_as_its_own_previous_is_refused(lang: Language) -> None:
    outcome = run("score", str(AUDIT), "--previous", str(AUDIT), lang=lang)
    assert outcome.exit_code == 2
    [line] = outcome.stderr.strip().splitlines()
    said = "samma fil som bedömningen" if lang == "sv" else "the same file as the assessment"
    assert f"{AUDIT}: --previous" in line and said in line


def test_a_link_to_the_same_file_is_the_same_file(tmp_path: Path) -> None:
    link = tmp_path / "2025-certification_audit.yaml"
    link.symlink_to(AUDIT)
    outcome = run("score", str(AUDIT), "--previous", str(link))
    assert outcome.exit_code == 2
    assert "samma fil" in outcome.stderr


@pytest.mark.parametrize("command", [["score"], ["report", "gap", "--format", "md"]])
def test_a_later_assessment_as_previous_is_refused(command: list[str], tmp_path: Path) -> None:
    out = ["--out", str(tmp_path / "out")] if command[0] == "report" else []
    outcome = run(*command, str(SELF), "--previous", str(AUDIT), *out)
    assert outcome.exit_code == 2
    [line] = outcome.stderr.strip().splitlines()
    assert re.search(
        r"2026-certification_audit\.yaml: --previous \(2026, 2026-04-14\) är inte "
        r"tidigare än bedömningen \(2025, 2025-03-20\)",
        line,
    )
    assert not (tmp_path / "out").exists()


def test_a_copy_of_the_file_under_another_name_is_not_earlier(tmp_path: Path) -> None:
    copy = tmp_path / "2025-certification_audit.yaml"
    copy.write_bytes(AUDIT.read_bytes())
    outcome = run("score", str(AUDIT), "--previous", str(copy), lang="en")
    assert outcome.exit_code == 2
    assert "is not earlier than the assessment" in outcome.stderr


def test_an_earlier_previous_is_still_taken() -> None:
    outcome = run("score", str(AUDIT), "--previous", str(SELF), "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout)["trend"]["previous_period"] == 2025


def test_the_folder_gives_only_an_earlier_audit_as_previous(tmp_path: Path) -> None:
    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXEMPELBY, folder)
    (folder / "2026-decision-1.yaml").unlink()
    # the same audit under an earlier year's name, and the later surveillance audit: neither is
    # the certification audit's previous one
    shutil.copy(folder / AUDIT.name, folder / "2025-certification_audit.yaml")
    outcome = run("score", str(folder / AUDIT.name), "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    result = json.loads(outcome.stdout)
    assert result["previous_findings"] == [] and result["trend"] is None


# --- an unanswered major of the previous audit (defect 7) -------------------------------------


def _with_open_major(tmp_path: Path) -> Path:
    """Exempelby with L1 a major nonconformity of the certification audit, left open; the
    surveillance audit does not take L1 into its sample."""
    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXEMPELBY, folder)
    (folder / "2026-decision-1.yaml").unlink()
    audit = folder / AUDIT.name
    text = audit.read_text(encoding="utf-8")
    changed = re.sub(
        r"(\n  L1:\n    status: )fulfilled(\n    maturity: )4", r"\1not_fulfilled\g<2>1", text
    )
    assert changed != text
    audit.write_text(changed, encoding="utf-8")
    return folder


def test_an_unanswered_major_keeps_the_certificate_from_being_kept(tmp_path: Path) -> None:
    folder = _with_open_major(tmp_path)
    surveillance = folder / "2026-surveillance_audit.yaml"
    outcome = run("score", str(surveillance), "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    result = json.loads(outcome.stdout)
    assert result["decision"]["outcome"] == "not_recommended"
    unanswered = [p for p in result["previous_findings"] if p["answer"] == "unanswered"]
    assert [(p["concerns"], p["grade"]) for p in unanswered] == [("L1", "major")]
    table = run("score", str(surveillance))
    assert "Certifikatet kan behållas" not in table.stdout
    said = " ".join(table.stdout.replace("│", " ").split())
    assert (
        "håller tillbaka beslutet: större avvikelse på L1 (2026-certification_audit.yaml)" in said
    )
    report = run("report", "gap", str(surveillance), "--format", "md", "--out", str(tmp_path / "r"))
    assert report.exit_code == 0, report.output
    [gap] = (tmp_path / "r").rglob("*.md")
    assert "håller tillbaka beslutet: större avvikelse på L1" in gap.read_text(encoding="utf-8")


def test_validate_warns_about_the_unanswered_major(tmp_path: Path) -> None:
    folder = _with_open_major(tmp_path)
    outcome = run("validate", str(folder))
    assert outcome.exit_code == 0, outcome.output
    [line] = [line for line in outcome.stdout.splitlines() if "besvaras inte" in line]
    assert re.search(r"2026-surveillance_audit\.yaml:\d+:\d+: varning: ", line)
    assert "större avvikelse på L1 från 2026-certification_audit.yaml" in line
    strict = run("validate", "--strict", str(folder))
    assert strict.exit_code == 2


def test_the_bundled_surveillance_audit_answers_every_finding_and_is_kept() -> None:
    result = json.loads(
        run("score", str(EXEMPELBY / "2026-surveillance_audit.yaml"), "--format", "json").stdout
    )
    assert result["decision"]["outcome"] == "recommended"
    assert {p["answer"] for p in result["previous_findings"]} == {"closed_verified"}


def test_validate_follows_up_the_previous_audit_without_parsing_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every audit is the previous audit of the next one in its folder: the follow-up does not
    parse again a file the run has read (the national picture has 1 450 files, and each year's
    audit follows up the one before)."""
    from lotscert import yamlsource

    folder = _with_open_major(tmp_path)
    parsed: list[str] = []
    real = yamlsource._parse

    def counting(file: str, text: str) -> Any:
        parsed.append(Path(file).name)
        return real(file, text)

    monkeypatch.setattr(yamlsource, "_parse", counting)
    outcome = run("validate", str(folder))
    assert outcome.exit_code == 0, outcome.output
    assert "besvaras inte" in outcome.stdout  # the follow-up still ran
    # the certification audit, validated first, is the surveillance audit's previous audit
    assert parsed.count(AUDIT.name) == 1, parsed


def test_an_edited_previous_audit_is_read_again(tmp_path: Path) -> None:
    """What a run remembers of a file holds only while the file is unchanged: the office
    answers L1 in the surveillance audit's predecessor and the warning goes, in one process."""
    folder = _with_open_major(tmp_path)
    surveillance = folder / "2026-surveillance_audit.yaml"
    first = run("validate", str(surveillance))
    assert "besvaras inte" in first.stdout
    audit = folder / AUDIT.name
    text = audit.read_text(encoding="utf-8")
    audit.write_text(
        text.replace(
            "status: not_fulfilled\n    maturity: 1", "status: fulfilled\n    maturity: 4", 1
        ),
        encoding="utf-8",
    )
    second = run("validate", str(surveillance))
    assert second.exit_code == 0, second.output
    assert "besvaras inte" not in second.stdout
