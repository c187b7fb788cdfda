"""A header value that cannot be read (date, kind, municipality, a department …) does not hide
the rest of the file: ``validate`` reports it, located, and checks everything that does not
need it in the same run — without reporting what follows only from leaving it out (issue 12).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from lotscert.loading import read_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

LIBRARY_WORDS = ("pattern", "Input should", "String should", "validation error", "pydantic")


def _write(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "bedomning.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(path: Path, lang: str = "sv") -> list[str]:
    result = CliRunner().invoke(
        build_app(lang),
        ["validate", str(path), "--catalog", str(CONTRACT_CATALOG), "--lang", lang],
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    word = ": fel: " if lang == "sv" else ": error: "
    lines = [line for line in result.stdout.splitlines() if word in line]
    for line in lines:
        assert not any(library in line for library in LIBRARY_WORDS), line
    return lines


NO_EVIDENCE = (
    '    evidence:\n      - {kind: document, ref: "KF 2025-11-20 § 145", date: 2025-11-20}\n',
    "",
)
UNKNOWN_DEPARTMENT = ("    department: mhf\n", "    department: ekonomi\n")


def test_a_bad_date_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        ("date: 2026-03-15", "date: 2026-13-45"),
        NO_EVIDENCE,
        UNKNOWN_DEPARTMENT,
        # would be "overdue" against the assessment date: not knowable without one
        ("due: 2026-06-30", "due: 2020-06-30"),
    )
    lines = _errors(path)
    assert len(lines) == 3, lines
    date, evidence, department = lines
    assert date.startswith(f"{path}:8:7: fel: date: ogiltigt datum '2026-13-45'")
    assert "bedömningens datum" in date and "kontrollerades inte" in date
    assert evidence.startswith(f"{path}:16:13: fel: responses.L1.status: fulfilled kräver")
    assert department.startswith(f"{path}:55:17: fel: persons[1].department: okänd förvaltning")
    english = _errors(path, "en")
    assert len(english) == 3
    assert "invalid date '2026-13-45'" in english[0] and "was not checked" in english[0]
    assert "fulfilled needs at least one evidence item" in english[1]
    assert "unknown department ekonomi" in english[2]


def test_library_reports_the_same_in_one_call(tmp_path: Path) -> None:
    path = _write(tmp_path, ("date: 2026-03-15", "date: 2026-13-45"), NO_EVIDENCE)
    assessment, entry, problems = read_assessment(path, [CONTRACT_CATALOG])
    assert assessment is None and entry is None
    assert [(d.code, d.where, d.line) for d in problems] == [
        ("schema.date_from_datetime_parsing", "date", 8),
        ("response.fulfilled_without_evidence", "responses.L1.status", 16),
    ]


def test_a_department_whose_id_cannot_be_read_gives_no_unknown_department(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        ('{id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}', '{id: "miljö", name: "M"}'),
        NO_EVIDENCE,
    )
    lines = _errors(path)
    assert len(lines) == 2, lines
    assert "departments[1].id: 'miljö' är inte ett giltigt id" in lines[0]
    assert "förvaltningar kontrollerades inte" in lines[0]
    assert "responses.L1.status" in lines[1]


def test_a_department_with_a_bad_name_keeps_its_id(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        ('{id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}', '{id: mhf, name: ""}'),
        UNKNOWN_DEPARTMENT,
    )
    lines = _errors(path)
    # persons[1] still names an unknown department; lots-02 in mhf would not be one
    assert [line.split(": fel: ")[1].split(":")[0] for line in lines] == [
        "departments[1].name",
        "persons[1].department",
    ]


def test_an_unreadable_kind_skips_only_what_needs_the_kind(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        ("kind: self_assessment", "kind: sjalvskattning"),
        # "responses missing" depends on the kind: a persons-only certification has none
        ("  K1:\n    status: fulfilled\n", "  K9:\n    status: fulfilled\n"),
    )
    lines = _errors(path)
    assert len(lines) == 2, lines
    assert "kind: 'sjalvskattning' är inte tillåtet" in lines[0]
    assert "okänt krav-id K9" in lines[1]


def test_an_unreadable_assessor_is_not_a_missing_lead_auditor(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        ("kind: self_assessment", "kind: certification_audit"),
        (
            '{name: "Anna Andersson", role: "Näringslivsutvecklare", organisation: '
            '"Exempelby kommun"}',
            '{name: "Anna Andersson", audit_role: lead_auditor, organisation: "Revision AB", '
            "signed: yes}",
        ),
    )
    lines = _errors(path)
    assert [line.split(": fel: ")[1].split(":")[0] for line in lines] == ["assessors[0].signed"]
    result = CliRunner().invoke(
        build_app("sv"), ["validate", str(path), "--catalog", str(CONTRACT_CATALOG)]
    )
    assert "lead_auditor" not in result.stdout.split("assessors[0].signed")[1]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("catalog: exempel-mini@1.0", "catalog: exempel-mini"), "catalog"),
        (("catalog: exempel-mini@1.0\n", ""), "catalog"),
        (("catalog: exempel-mini@1.0", "catalog: exempel-mini@9.9"), "catalog"),
    ],
)
def test_without_a_catalogue_every_schema_problem_and_one_line_saying_so(
    tmp_path: Path, change: tuple[str, str], where: str
) -> None:
    path = _write(
        tmp_path,
        change,
        ("date: 2025-11-20}", "date: 2025-11-31}"),
        ("maturity: 3\n    evidence:\n      - {kind: metric", "maturity: tre\n    evidence:\n"
         "      - {kind: metric"),
    )  # fmt: skip
    lines = _errors(path)
    assert len(lines) == 3, lines
    catalog = [line for line in lines if f": fel: {where}:" in line]
    assert len(catalog) == 1 and "utan katalog kontrollerades inte svaren mot kraven" in catalog[0]
    assert any("responses.L1.evidence[0].date" in line for line in lines)
    assert any("responses.P2.maturity" in line for line in lines)
    english = _errors(path, "en")
    assert sum("without a catalogue the responses were not checked" in x for x in english) == 1


def test_a_misspelt_section_is_not_also_reported_missing(tmp_path: Path) -> None:
    path = _write(tmp_path, ("responses:\n", "responsess:\n"))
    lines = _errors(path)
    assert len(lines) == 1 and "okänd nyckel responsess" in lines[0], lines


def test_a_left_out_metric_does_not_make_its_requirement_lack_it(tmp_path: Path) -> None:
    path = _write(tmp_path, ("{value: 8, source:", "{value: åtta, source:"))
    result = CliRunner().invoke(
        build_app("sv"), ["validate", str(path), "--catalog", str(CONTRACT_CATALOG)]
    )
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and "metrics.handlaggningstid_median_dagar.value" in lines[0], lines


def test_parts_that_are_not_lists_or_mappings_do_not_hide_the_rest(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        (
            '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen"}\n',
            "  - sbf\n",  # a department written as its id alone: the id still counts
        ),
        ("assessors:\n  - {name", "publishable: kanske\nassessors:\n  - {name"),
        ("metrics:\n  handlaggningstid", "metrics: [1]\nxmetrics:\n  handlaggningstid"),
        NO_EVIDENCE,
    )
    lines = _errors(path)
    assert [line.split(": fel: ")[1].split(":")[0] for line in lines] == [
        "publishable",
        "departments[0]",
        "responses.L1.status",
        "metrics",
        "xmetrics",
    ], lines
    assert "förvaltningar kontrollerades inte" not in lines[1]
