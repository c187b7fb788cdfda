"""``lotscert report``: every kind in every format, written paths printed, errors located."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lotscert.reports import ReportFormat, ReportKind
from lotscert.reports.kinds import file_extension
from tests.paths import FIXTURES
from tests.reports.report_helpers import example_groups


def _inputs(kind: ReportKind) -> list[str]:
    groups = example_groups()
    first = next(iter(groups.values()))
    match kind:
        case ReportKind.TREND:
            return [str(path) for path in first]
        case ReportKind.COMPARE | ReportKind.NATIONAL:
            return [str(path.parent) for path in (files[0] for files in groups.values())]
        case _:
            return [str(first[-1])]


@pytest.mark.skipif(len(example_groups()) < 2, reason="the example assessments are not there yet")
@pytest.mark.parametrize("kind", list(ReportKind), ids=lambda kind: kind.value)
@pytest.mark.parametrize("fmt", list(ReportFormat), ids=lambda fmt: fmt.value)
def test_every_kind_in_every_format(
    kind: ReportKind, fmt: ReportFormat, tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    out = tmp_path / "out"
    result = run_cli(
        ["report", kind.value, *_inputs(kind), "--format", fmt.value, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.output.strip().splitlines()]
    assert written
    for path in written:
        assert path.is_file() and path.stat().st_size > 500
        assert path.suffix == "." + file_extension(fmt)
        assert path.is_relative_to(out)
    if kind is ReportKind.COMPARE or kind is ReportKind.NATIONAL:
        assert written[0].name.startswith(f"{kind.value}-")
    elif kind is ReportKind.TREND:
        assert written[0].name.endswith(f"-trend.{fmt.value}")
    else:
        assert written[0].name.endswith(f"-{kind.value}.{fmt.value}")
        assert written[0].parent.name.startswith("99")


def test_output_names_are_deterministic(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    result = run_cli(
        [
            "report",
            "gap",
            str(assessment),
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path),
            "--format",
            "md",
            "--lang",
            "en",
        ]
    )
    assert result.exit_code == 0, result.output
    expected = tmp_path / "9901-exempelby" / "2026-self_assessment-gap.en.md"
    assert result.output.strip() == str(expected)
    assert expected.read_text(encoding="utf-8").startswith("# Gap report\n")


@pytest.mark.parametrize("kind", ["gap", "certificate", "persons", "compare"])
def test_a_report_in_each_language_keeps_its_own_file(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result], kind: str
) -> None:
    """``report gap A`` and ``report gap A --lang en`` used to write the same file name: the
    English run silently replaced the Swedish report."""
    assessment, catalog = contract
    written = {}
    for lang in ("sv", "en"):
        args = ["report", kind, str(assessment), "--catalog", str(catalog)]
        result = run_cli([*args, "--out", str(tmp_path), "--format", "md", "--lang", lang])
        assert result.exit_code == 0, result.output
        written[lang] = Path(result.output.strip())
    assert written["sv"] != written["en"]
    assert written["en"].name.endswith(".en.md")
    assert not written["sv"].name.endswith(".en.md")
    assert written["sv"].read_text(encoding="utf-8") != written["en"].read_text(encoding="utf-8")


def test_trend_needs_two_assessments_of_one_municipality(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    one = run_cli(
        ["report", "trend", str(assessment), "--catalog", str(catalog), "--out", str(tmp_path)]
    )
    assert one.exit_code == 2
    assert f"{assessment}: trenden kräver minst två bedömningar" in one.output
    other = assessment.parent / "other.yaml"
    other.write_text(
        assessment.read_text(encoding="utf-8")
        .replace('code: "9901"', 'code: "9902"')
        .replace("period: 2026", "period: 2025"),
        encoding="utf-8",
    )
    mixed = run_cli(
        [
            "report",
            "trend",
            str(assessment),
            str(other),
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path),
        ]
    )
    assert mixed.exit_code == 2
    assert f"{other}: gäller Exempelby (9902), inte Exempelby (9901)" in mixed.output
    assert not list(tmp_path.rglob("*trend*"))


def test_trend_of_two_years(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    earlier = assessment.parent / "2025.yaml"
    earlier.write_text(
        assessment.read_text(encoding="utf-8")
        .replace("period: 2026", "period: 2025")
        .replace("date: 2026-03-15", "date: 2025-03-15")
        .replace("status: partial\n    maturity: 2", "status: not_fulfilled\n    maturity: 1"),
        encoding="utf-8",
    )
    result = run_cli(
        [
            "report",
            "trend",
            str(assessment),
            str(earlier),
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path),
            "--format",
            "md",
        ]
    )
    assert result.exit_code == 0, result.output
    text = Path(result.output.strip()).read_text(encoding="utf-8")
    assert Path(result.output.strip()).name == "2025-2026-trend.md"
    assert "## Från 2025 till 2026" in text
    assert (
        "| L2 Resurser över förvaltningsgränser | Förbättrat | Ej uppfyllt (1) "
        "| Delvis uppfyllt (2) |" in text
    )


def test_bad_input_is_one_located_line(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    broken = assessment.parent / "broken.yaml"
    broken.write_text(
        assessment.read_text(encoding="utf-8").replace("maturity: 4", "maturity: 9"),
        encoding="utf-8",
    )
    result = run_cli(
        ["report", "gap", str(broken), "--catalog", str(catalog), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert str(broken) in result.output or "broken.yaml" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    missing = run_cli(["report", "gap", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    assert "nope.yaml: filen finns inte" in missing.output


def test_previous_adds_the_change(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    earlier = assessment.parent / "2025.yaml"
    earlier.write_text(
        assessment.read_text(encoding="utf-8").replace("period: 2026", "period: 2025"),
        encoding="utf-8",
    )
    result = run_cli(
        [
            "report",
            "gap",
            str(assessment),
            "--previous",
            str(earlier),
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path),
            "--format",
            "md",
        ]
    )
    assert result.exit_code == 0, result.output
    text = Path(result.output.strip()).read_text(encoding="utf-8")
    assert "Förändring sedan 2025 (procentenheter)" in text
    assert "| **Totalt** | **4,25 / 6** | **70,8 %** | ±0,0 |" in text


def test_previous_of_another_municipality_is_located(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    other = assessment.parent / "other.yaml"
    other.write_text(
        assessment.read_text(encoding="utf-8").replace('code: "9901"', 'code: "9902"'),
        encoding="utf-8",
    )
    result = run_cli(
        [
            "report",
            "gap",
            str(assessment),
            "--previous",
            str(other),
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"lotscert: fel: {other}: ")
    assert "9902" in result.output and not (tmp_path / "out").exists()


def test_cli_choices_mirror_the_library_enums() -> None:
    from lotscert.cli.report import FormatChoice, KindChoice

    assert [choice.value for choice in KindChoice] == [kind.value for kind in ReportKind]
    assert [choice.value for choice in FormatChoice] == [fmt.value for fmt in ReportFormat]


@pytest.mark.parametrize("kind", ["gap", "certificate", "persons"])
def test_a_catalogue_without_person_level(
    kind: str, tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    """Another scale (0–5), two levels, no competence profile: reports still render."""
    folder = FIXTURES / "two-level"
    for fmt in ("html", "md", "json"):
        result = run_cli(
            [
                "report",
                kind,
                str(folder / "assessment.yaml"),
                "--catalog",
                str(folder / "catalog.yaml"),
                "--out",
                str(tmp_path),
                "--format",
                fmt,
            ]
        )
        assert result.exit_code == 0, result.output
    text = Path(result.output.strip()).with_suffix(".md")  # written by the md round
    if kind != "certificate":
        assert "Kravkatalogen har ingen personnivå." in text.read_text(encoding="utf-8")


def test_two_files_for_one_report_and_misplaced_options_are_refused(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    copy = assessment.parent / "copy.yaml"
    copy.write_bytes(assessment.read_bytes())
    twice = run_cli(
        [
            "report",
            "gap",
            str(assessment),
            str(copy),
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert twice.exit_code == 2
    assert f"{copy}: ger samma rapport som {assessment}" in twice.output
    assert not (tmp_path / "out").exists()
    anonymous = run_cli(
        [
            "report",
            "gap",
            str(assessment),
            "--catalog",
            str(catalog),
            "--anonymise",
            "--out",
            str(tmp_path / "out2"),
        ]
    )
    assert anonymous.exit_code == 2
    assert "--anonymise gäller bara rapporten compare" in anonymous.output
