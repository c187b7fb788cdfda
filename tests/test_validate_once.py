"""``validate`` reports every problem of a file in one run: values that cannot be read do not
hide the consistency of the rest (issue 12: a bad date used to hide four other errors)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from lotscert.cli.app import build_app
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


def _validate(path: Path, lang: str = "sv") -> list[str]:
    result = CliRunner().invoke(
        build_app(lang), ["validate", str(path), "--catalog", str(CONTRACT_CATALOG)]
    )
    assert result.exit_code == 2, result.output
    return [line for line in result.output.splitlines() if ": fel: " in line or ": error: " in line]


def test_schema_and_consistency_errors_in_one_run(tmp_path: Path) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    text = text.replace(
        '{kind: metric, ref: "Ärendesystemet, uttag 2026-02-28", date: 2026-02-28}',
        '{kind: metric, ref: "Ärendesystemet, uttag 2026-02-28", date: 2026-02-30}',
    )  # P2: a date that does not exist
    text = text.replace("    status: not_fulfilled\n    maturity: 1\n",
                        "    status: not_fulfilled\n    maturity: fyra\n")  # P1  # fmt: skip
    text = text.replace(
        '    evidence:\n      - {kind: document, ref: "KF 2025-11-20 § 145", date: 2025-11-20}\n',
        "",
    )  # L1: fulfilled without evidence
    text = text.replace(
        '    comment: "Lotsmöten ordnas av regionens gemensamma lotsfunktion."\n', ""
    )
    path = tmp_path / "bedomning.yaml"
    path.write_text(text, encoding="utf-8")
    lines = _validate(path)
    joined = "\n".join(lines)
    assert "responses.P2.evidence[0].date" in joined
    assert "responses.P1.maturity" in joined
    assert "responses.L1" in joined and "fulfilled kräver minst ett underlag" in joined
    assert "responses.P3" in joined and "not_applicable kräver en kommentar" in joined
    assert len(lines) == 4, lines
    for word in ("pattern", "Input should", "String should", "validation error"):
        assert word not in joined
    english = "\n".join(_validate(path, "en"))
    assert "fulfilled needs at least one evidence item" in english


def test_a_response_whose_status_cannot_be_read_is_not_also_reported_missing(
    tmp_path: Path,
) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace(
        "  K1:\n    status: fulfilled\n", "  K1:\n    status: klar\n"
    )
    path = tmp_path / "bedomning.yaml"
    path.write_text(text, encoding="utf-8")
    lines = _validate(path)
    assert len(lines) == 1 and "responses.K1.status" in lines[0], lines


def test_an_answer_from_a_department_no_longer_listed_is_a_warning(tmp_path: Path) -> None:
    """The attack's fifteenth finding: answered_by named a department the file had removed."""
    from lotscert.loading import read_assessment
    from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace(
        "    maturity: 4\n",
        "    maturity: 4\n    answered_by: {department: ekonomi, imported: 2026-11-29T10:00:00Z}\n",
        1,
    )
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    _, _, problems = read_assessment(path, [CONTRACT_CATALOG])
    assert [(d.severity, d.code, d.path) for d in problems] == [
        (
            "warning",
            "response.answered_by_unknown_department",
            ("responses", "L1", "answered_by", "department"),
        )
    ]
