"""``lotscert score`` in-process: the contract end to end, formats, exit codes, bad input."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from lotscert.cli.score import OutputFormat, score_file
from lotscert.models.common import Language
from lotscert.resultjson import result_to_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ASSESSMENT = FIXTURES / "contract" / "assessment-minimal.yaml"
CATALOG = FIXTURES / "contract" / "catalog-minimal.yaml"
TWO_LEVEL = FIXTURES / "two-level" / "assessment.yaml"
TWO_LEVEL_CATALOG = FIXTURES / "two-level" / "catalog.yaml"
D = Decimal


def run(*args: str, lang: Language = "sv") -> Any:
    runner = CliRunner()
    return runner.invoke(build_app(lang), ["score", *args], catch_exceptions=False)


def contract_args(*extra: str) -> list[str]:
    return [str(ASSESSMENT), "--catalog", str(CATALOG), *extra]


# --- the contract, via JSON ---------------------------------------------------------------------


def test_contract_json_end_to_end() -> None:
    outcome = run(*contract_args("--format", "json"))
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout, parse_float=Decimal)
    rows = {
        rid: (
            r["level"],
            r["cornerstone"],
            r["modality"],
            r["weight"],
            r["effective_status"],
            r["maturity"],
            r["earned"],
            r["possible"],
            r["finding"],
        )
        for rid, r in data["requirements"].items()
    }
    assert rows == {
        "L1": ("ledning", "kultur", "shall", 2, "fulfilled", 4, 2, 2, None),
        "L2": ("ledning", "funktion", "should", 1, "partial", 2, D("0.5"), 1, "observation"),
        "P1": ("process", "funktion", "shall", 1, "not_fulfilled", 1, D("0.25"), 1, "major"),
        "P2": ("process", "rattssakerhet", "shall", 1, "fulfilled", 3, D("0.75"), 1, None),
        "P3": ("process", "kultur", "should", 1, "not_applicable", None, None, None, None),
        "K1": ("person", "person", "shall", 1, "fulfilled", 3, D("0.75"), 1, None),
    }
    metric = data["requirements"]["P2"]["metric"]
    assert (metric["value"], metric["op"], metric["target"], metric["met"]) == (8, "<=", 10, True)
    scores = data["scores"]
    assert {k: (v["percent"], v["earned"], v["possible"]) for k, v in scores["levels"].items()} == {
        "ledning": (D("83.3"), D("2.5"), 3),
        "process": (D("50.0"), 1, 2),
        "person": (D("75.0"), D("0.75"), 1),
    }
    assert {k: v["percent"] for k, v in scores["cornerstones"].items()} == {
        "kultur": D("100.0"),
        "funktion": D("37.5"),
        "rattssakerhet": D("75.0"),
        "person": D("75.0"),
    }
    assert (scores["overall"]["percent"], scores["overall"]["earned"]) == (D("70.8"), D("4.25"))
    assert scores["overall"]["possible"] == 6
    persons = {p["id"]: p for p in data["persons"]}
    assert (persons["lots-01"]["status"], persons["lots-01"]["valid_until"]) == (
        "certified",
        "2028-10-20",
    )
    assert persons["lots-02"]["status"] == "not_certified"
    assert persons["lots-02"]["unmet"] == [
        {"criterion": "exam_below_pass_mark", "subject": None, "actual": "0.70", "required": "0.8"}
    ]
    coverage = data["coverage"]
    assert {d["id"]: d["covered"] for d in coverage["departments"]} == {"sbf": True, "mhf": False}
    assert {a["id"]: a["covered"] for a in coverage["specialist_areas"]} == {
        "bygglov": True,
        "miljo": False,
    }
    assert [
        (f["grade"], f["kind"], f["concerns"], f["level"], f["requirement"])
        for f in data["findings"]
    ] == [
        ("major", "requirement", "P1", "process", "P1"),
        ("minor", "department_coverage", "mhf", "process", None),
        ("minor", "specialist_coverage", "miljo", "process", None),
        ("observation", "requirement", "L2", "ledning", "L2"),
    ]
    assert data["warnings"] == []
    assert data["complete"] is True
    decision = data["decision"]
    assert (decision["outcome"], decision["readiness_only"]) == ("not_recommended", True)
    assert (decision["major"], decision["minor"], decision["observations"]) == (1, 2, 1)
    assert "trend" in data and data["trend"] is None


def test_json_output_is_the_result_without_names_unless_asked() -> None:
    from lotscert.cli.score import score_with_catalog

    result = score_file(ASSESSMENT, [CATALOG])
    outcome = run(*contract_args("--format", "json"))
    # the one pseudonymisation pass: persons by id, assessors by pseudonym (issue 15)
    hidden = score_with_catalog(ASSESSMENT, [CATALOG], with_names=False).result
    assert outcome.stdout == result_to_json(hidden)
    assert "Bo Berg" not in outcome.stdout and "lots-01" in outcome.stdout
    assert "Anna Andersson" not in outcome.stdout and "bedömare 1" in outcome.stdout
    named = run(*contract_args("--format", "json", "--with-names"))
    assert named.stdout == result_to_json(result)


# --- the contract, via the table ----------------------------------------------------------------


def line_with(text: str, needle: str) -> str:
    lines = [line for line in text.splitlines() if needle in line]
    assert lines, f"no line with {needle!r} in:\n{text}"
    return lines[0]


def test_contract_table_in_english() -> None:
    outcome = run(*contract_args("--lang", "en"), lang="en")
    assert outcome.exit_code == 0, outcome.output
    out = outcome.stdout
    assert "Not ready for certification" in out
    assert "Major nonconformities: 1 · Minor nonconformities: 2 · Observations: 1" in out
    for title, points, pct in [
        ("Management", "2.5 / 3", "83.3%"),
        ("Process ", "1 / 2", "50.0%"),
        ("Person ", "0.75 / 1", "75.0%"),
        ("Legal certainty is good service", "0.75 / 1", "75.0%"),
        ("Business pilot as organisational culture", "2 / 2", "100.0%"),
        ("Business pilot as a function", "0.75 / 2", "37.5%"),
        ("Business pilot as a person", "0.75 / 1", "75.0%"),
        ("Overall", "4.25 / 6", "70.8%"),
    ]:
        line = line_with(out, title)
        assert points in line and pct in line, line
    assert re.search(r"│ L2 .*Partly fulfilled.*│ 2 .*0\.5 / 1.*Observation", out)
    assert re.search(r"│ P1 .*Not fulfilled.*│ 1 .*0\.25 / 1.*Major", out)
    assert re.search(r"│ P2 .*Fulfilled \(metric.*│ 3 .*0\.75 / 1", out)
    assert re.search(r"│ P3 .*Not applicable.*excluded", out)
    line = line_with(out, "lots-01")
    assert "Certified" in line and "2028-10-20" in line
    line = line_with(out, "lots-02")
    assert "Not certified" in line and "exam score 0.70 below the pass mark 0.8" in line
    coverage = [line for line in out.splitlines() if "✓" in line or "✗" in line]
    marks = {re.split(r"\s*│\s*", line)[2]: line.rstrip(" │")[-1] for line in coverage}
    assert marks == {"sbf": "✓", "mhf": "✗", "bygglov": "✓", "miljo": "✗"}
    assert "Bo Berg" not in out


def test_contract_table_in_swedish() -> None:
    outcome = run(*contract_args())
    assert outcome.exit_code == 0, outcome.output
    out = outcome.stdout
    assert "Inte redo för certifiering" in out
    assert "70,8 %" in line_with(out, "Totalt")
    assert "83,3 %" in line_with(out, "Ledning")
    assert "provresultat 0,70 under godkänd gräns 0,8" in out
    assert "Större avvikelse" in line_with(out, "│ P1 ")


def test_with_names_shows_names() -> None:
    out = run(*contract_args("--with-names")).stdout
    assert "lots-01 (Bo Berg)" in out


# --- formats, exit codes ------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_every_output_format(output_format: OutputFormat, tmp_path: Path) -> None:
    outcome = run(*contract_args("--format", output_format.value))
    assert outcome.exit_code == 0
    assert "70" in outcome.stdout
    target = tmp_path / "out.txt"
    assert run(*contract_args("--format", output_format.value, "--out", str(target))).exit_code == 0
    written = target.read_text(encoding="utf-8")
    assert "70" in written and "\x1b[" not in written


@pytest.mark.parametrize(
    ("fail_on", "contract_code", "two_level_code"),
    [("major", 1, 0), ("minor", 1, 1), ("observation", 1, 1)],
)
def test_fail_on(fail_on: str, contract_code: int, two_level_code: int) -> None:
    # contract: 1 major, 2 minor, 1 observation; two-level: 1 minor, 1 observation
    assert run(*contract_args("--fail-on", fail_on)).exit_code == contract_code
    outcome = run(str(TWO_LEVEL), "--catalog", str(TWO_LEVEL_CATALOG), "--fail-on", fail_on)
    assert outcome.exit_code == two_level_code
    assert run(*contract_args()).exit_code == 0


def test_two_level_table() -> None:
    outcome = run(str(TWO_LEVEL), "--catalog", str(TWO_LEVEL_CATALOG), "--lang", "en", lang="en")
    assert outcome.exit_code == 0, outcome.output
    out = outcome.stdout
    assert "Recommended once the corrective actions are verified" in out
    assert "68.6%" in line_with(out, "Delivery")
    assert "76.4%" in line_with(out, "Overall")
    assert "The catalogue has no competence profile: persons are not assessed." in out
    assert "responses.U1.status" in out  # the metric contradiction warning


def test_previous_gives_the_trend(tmp_path: Path) -> None:
    data = yaml.safe_load(ASSESSMENT.read_text(encoding="utf-8"))
    data["period"] = 2025
    data["date"] = "2025-03-10"
    data["responses"]["P1"] = {
        "status": "partial",
        "maturity": 2,
        "action": {"text": "Utse kontaktpersoner"},
    }
    previous = tmp_path / "2025.yaml"
    previous.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcome = run(*contract_args("--previous", str(previous), "--lang", "en"), lang="en")
    assert outcome.exit_code == 0, outcome.output
    assert "Change since 2025 (2025-03-10)" in outcome.stdout
    assert "P1: Worse (maturity 2 → 1)" in outcome.stdout
    as_json = json.loads(
        run(*contract_args("--previous", str(previous), "--format", "json")).stdout
    )
    # process: before (0.5 + 0.75) / 2 = 62.5, now 50.0 → −12.5
    assert as_json["trend"]["levels"]["process"] == -12.5
    assert as_json["trend"]["requirements"]["P1"]["change"] == "worse"


def test_several_files_give_a_json_list_or_a_folder(tmp_path: Path) -> None:
    both = [
        str(ASSESSMENT),
        str(TWO_LEVEL),
        "--catalog",
        str(CATALOG),
        "--catalog",
        str(TWO_LEVEL_CATALOG),
    ]
    outcome = run(*both, "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert [item["municipality"]["code"] for item in data] == ["9901", "9902"]
    folder = tmp_path / "out"
    folder.mkdir()
    assert run(*both, "--format", "json", "--out", str(folder)).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "9901-2026-self_assessment.json",
        "9902-2026-internal_audit.json",
    ]


# --- bad input ----------------------------------------------------------------------------------


def test_missing_file_exits_2() -> None:
    outcome = run("does-not-exist.yaml")
    assert outcome.exit_code == 2
    assert "finns inte" in outcome.stderr


def test_invalid_assessment_exits_2_with_location(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8").replace("maturity: 4", "maturity: fyra", 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    outcome = run(str(broken), "--catalog", str(CATALOG))
    assert outcome.exit_code == 2
    assert re.search(r"broken\.yaml:\d+:\d+: fel: .*responses\.L1\.maturity", outcome.stderr)
    assert "Traceback" not in outcome.output


def test_previous_of_another_municipality_exits_2(tmp_path: Path) -> None:
    data = yaml.safe_load(ASSESSMENT.read_text(encoding="utf-8"))
    data["municipality"]["code"] = "9902"
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcome = run(*contract_args("--previous", str(other)))
    assert outcome.exit_code == 2
    assert "9902" in outcome.stderr


def test_help_exists() -> None:
    outcome = CliRunner().invoke(build_app("en"), ["score", "--help"])
    assert outcome.exit_code == 0
    assert "--fail-on" in outcome.stdout and "Score an assessment" in outcome.stdout


def test_warnings_are_worded_in_swedish() -> None:
    outcome = run(str(TWO_LEVEL), "--catalog", str(TWO_LEVEL_CATALOG))
    assert outcome.exit_code == 0
    line = line_with(outcome.stdout, "responses.U1.status")
    assert "U1 anges som delvis uppfyllt men mätningen räknas som uppfyllt" in line
