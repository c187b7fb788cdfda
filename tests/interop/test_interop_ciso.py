"""``lotscert export ciso-assistant`` and ``lotscert import ciso-assistant``: the framework
library in CISO Assistant's format, the audit sheet in its import layout, and the sheet read
back — checked cell by cell and merged like the Excel import."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotscert.interop.ciso import export_ciso, import_ciso_sheet
from lotscert.interop.ciso.sheet import EXTENDED_RESULTS, SHEET_COLUMNS, STATUS_OF_RESULT
from lotscert.loading import load_assessment, load_assessment_with_catalog
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT

EXAMPLE = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"
CATALOG = ["--catalog", str(CONTRACT_CATALOG)]


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def _rows(sheet: Path) -> list[dict[str, str]]:
    text = sheet.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def _write_rows(sheet: Path, rows: list[dict[str, str]], separator: str, bom: bool) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SHEET_COLUMNS), delimiter=separator)
    writer.writeheader()
    writer.writerows(rows)
    sheet.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))


def test_library_has_what_ciso_assistant_loads(tmp_path: Path) -> None:
    written = export_ciso(EXAMPLE, tmp_path)
    library = yaml.safe_load(written.library.read_text(encoding="utf-8"))
    _, catalog = load_assessment_with_catalog(EXAMPLE)
    for key in ("urn", "locale", "ref_id", "name", "description", "copyright", "provider"):
        assert isinstance(library[key], str) and library[key]
    assert library["packager"] == "lotscert"
    assert isinstance(library["version"], int) and not isinstance(library["version"], bool)
    framework = library["objects"]["framework"]
    assert framework["urn"].startswith("urn:lotscert:risk:framework:")
    assert framework["min_score"] == 0 and framework["max_score"] == catalog.top
    assert [s["score"] for s in framework["scores_definition"]] == [s.value for s in catalog.scale]
    groups = {g["ref_id"] for g in framework["implementation_groups_definition"]}
    assert groups == {c.id for c in catalog.cornerstones}
    nodes = framework["requirement_nodes"]
    urns = [node["urn"] for node in nodes]
    assert len(set(urns)) == len(urns)
    assert all(re.fullmatch(r"[a-z0-9:._-]+", urn) for urn in urns)
    by_urn = {node["urn"]: node for node in nodes}
    requirements = [node for node in nodes if node["assessable"]]
    assert [node["ref_id"] for node in requirements] == [r.id for r in catalog.requirements]
    for node in nodes:
        if node["assessable"]:
            assert node["depth"] == 2 and by_urn[node["parent_urn"]]["depth"] == 1
            assert set(node["implementation_groups"]) <= groups
            assert isinstance(node["weight"], int) and node["weight"] >= 1
            assert node["typical_evidence"] and node["description"]
            assert node["translations"]["en"]["name"]
        else:
            assert node["depth"] == 1 and "parent_urn" not in node
    # weights keep their proportions
    weights = {node["ref_id"]: node["weight"] for node in requirements}
    first = catalog.requirements[0]
    for requirement in catalog.requirements:
        assert Fraction(weights[requirement.id], weights[first.id]) == Fraction(
            requirement.weight
        ) / Fraction(first.weight)
    assert written.weight_factor == 2  # the bundled catalogue has a weight of 1.5


def test_sheet_is_in_the_import_layout(tmp_path: Path, assessment: Path) -> None:
    written = export_ciso(assessment, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    raw = written.sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _rows(written.sheet)
    assert list(rows[0]) == list(SHEET_COLUMNS)
    loaded, catalog = load_assessment_with_catalog(assessment, [CONTRACT_CATALOG])
    answered = {row["ref_id"]: row for row in rows if row["assessable"] == "True"}
    assert list(answered) == [r.id for r in catalog.requirements]
    for row in answered.values():
        assert row["compliance_result"] in STATUS_OF_RESULT
        assert row["extended_result"] in ("", *EXTENDED_RESULTS)
        if row["extended_result"] in ("major_nonconformity", "minor_nonconformity"):
            assert row["compliance_result"] in ("non_compliant", "partially_compliant")
    assert answered["L1"]["compliance_result"] == "compliant"
    assert answered["L2"]["extended_result"] == "opportunity_for_improvement"
    assert answered["P1"]["extended_result"] == "major_nonconformity"
    assert answered["P3"]["compliance_result"] == "not_applicable"
    assert answered["P3"]["score"] == ""
    assert answered["L2"]["score"] == "2"
    assert answered["P1"]["observations"] == loaded.responses["P1"].comment


@pytest.mark.parametrize("sheet_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(
    tmp_path: Path, assessment: Path, sheet_format: str
) -> None:
    written = export_ciso(
        assessment,
        tmp_path / "out",
        catalog_paths=[CONTRACT_CATALOG],
        sheet_format=sheet_format,  # type: ignore[arg-type]
    )
    before = assessment.read_bytes()
    report = import_ciso_sheet(written.sheet, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == [] and not report.written
    assert assessment.read_bytes() == before


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    for sheet_format in ("csv", "xlsx"):
        first = export_ciso(EXAMPLE, tmp_path / "a", sheet_format=sheet_format)  # type: ignore[arg-type]
        second = export_ciso(EXAMPLE, tmp_path / "b", sheet_format=sheet_format)  # type: ignore[arg-type]
        assert first.sheet.read_bytes() == second.sheet.read_bytes()
        assert first.library.read_bytes() == second.library.read_bytes()


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
@pytest.mark.parametrize("bom", [True, False])
def test_any_separator_with_or_without_bom(
    tmp_path: Path, assessment: Path, separator: str, bom: bool
) -> None:
    written = export_ciso(assessment, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    rows = _rows(written.sheet)
    for row in rows:
        if row["ref_id"] == "P1":
            row["compliance_result"] = "partially_compliant"
            row["score"] = "2"
            row["observations"] = "Kontaktperson | i de flesta ärenden; nu även små."
            row["extended_result"] = ""
    sheet = tmp_path / "edited.csv"
    _write_rows(sheet, rows, separator, bom)
    report = import_ciso_sheet(sheet, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert report.written and report.backup is not None and report.backup.exists()
    after = load_assessment(assessment)
    assert after.responses["P1"].status == "partial"
    assert after.responses["P1"].maturity == 2
    assert after.responses["P1"].comment == "Kontaktperson | i de flesta ärenden; nu även små."
    # everything else, and the comments of the YAML file, stay
    assert after.responses["L1"] == load_assessment(report.backup).responses["L1"]
    assert "# A minimal assessment" in assessment.read_text(encoding="utf-8")


def test_blank_cells_keep_the_file(tmp_path: Path, assessment: Path) -> None:
    written = export_ciso(assessment, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    rows = _rows(written.sheet)
    for row in rows:
        row["score"] = row["observations"] = row["compliance_result"] = ""
        row["extended_result"] = ""
    _write_rows(written.sheet, rows, ";", True)
    report = import_ciso_sheet(written.sheet, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == []


def test_formula_like_text_travels_guarded(tmp_path: Path, assessment: Path) -> None:
    text = assessment.read_text(encoding="utf-8").replace(
        '"Kontaktperson utses bara i större ärenden."', '"=HYPERLINK(\\"http://x\\")"'
    )
    assessment.write_text(text, encoding="utf-8")
    written = export_ciso(assessment, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    row = next(r for r in _rows(written.sheet) if r["ref_id"] == "P1")
    assert row["observations"] == '\'=HYPERLINK("http://x")'
    report = import_ciso_sheet(written.sheet, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == []


def test_every_cell_problem_is_located_and_nothing_written(
    run_cli: Callable[..., Any], tmp_path: Path, assessment: Path
) -> None:
    written = export_ciso(assessment, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    rows = _rows(written.sheet)
    by_id = {row["ref_id"]: row for row in rows}
    by_id["L1"]["compliance_result"] = "mostly"
    by_id["L2"]["score"] = "7"
    by_id["P1"]["ref_id"] = "P99"
    by_id["P1"]["urn"] = ""
    by_id["P2"]["extended_result"] = "major_nonconformity"
    by_id["K1"]["assessable"] = "kanske"
    rows.append(dict(by_id["L2"], score="3"))
    sheet = tmp_path / "bad.csv"
    _write_rows(sheet, rows, ",", False)
    before = assessment.read_bytes()
    result = run_cli(["import", "ciso-assistant", str(sheet), "--into", str(assessment), *CATALOG])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    rows_of: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row["ref_id"]:
            rows_of.setdefault(row["ref_id"], index + 2)
    expected = [
        f"{sheet}!E{rows_of['L1']}: okänt compliance_result 'mostly'",
        f"{sheet}!H{rows_of['L2']}: score ska vara ett heltal 0–4",
        f"{sheet}!B{rows_of['P99']}: okänt krav 'P99'",
        f"{sheet}!F{rows_of['P2']}: en avvikelse kräver compliance_result",
        f"{sheet}!C{rows_of['K1']}: assessable ska vara True eller False",
        f"{sheet}!B{len(rows) + 1}: kravet L2 står redan på rad {rows_of['L2']}",
    ]
    for text in expected:
        assert any(text in line for line in lines), (text, lines)
    assert lines[-1] == "lotscert: fel: 6 fel i bad.csv; inget skrevs"
    assert assessment.read_bytes() == before
    assert not assessment.with_name(assessment.name + ".bak").exists()


def test_xlsx_formula_is_refused_at_its_cell(
    run_cli: Callable[..., Any], tmp_path: Path, assessment: Path
) -> None:
    written = export_ciso(
        assessment, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG], sheet_format="xlsx"
    )
    book = openpyxl.load_workbook(written.sheet)
    sheet = book.active
    sheet["H3"] = "=1+1"
    book.save(written.sheet)
    result = run_cli(
        ["import", "ciso-assistant", str(written.sheet), "--into", str(assessment), *CATALOG],
        lang="en",
    )
    assert result.exit_code == 2
    assert f"{written.sheet}!audit!H3: the cell holds a formula" in result.stderr


def test_cli_round_trip_and_dry_run(
    run_cli: Callable[..., Any], tmp_path: Path, assessment: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli(["export", "ciso-assistant", str(assessment), "--out", str(out), *CATALOG])
    assert result.exit_code == 0, result.output
    library, sheet = (Path(line) for line in result.stdout.split())
    assert library.name == "exempel-mini-1.0-ciso-assistant-library.yaml"
    assert sheet.name == "2026-self_assessment-ciso-assistant.csv"
    rows = _rows(sheet)
    next(r for r in rows if r["ref_id"] == "L2")["compliance_result"] = "compliant"
    _write_rows(sheet, rows, ";", True)
    dry = run_cli(
        ["import", "ciso-assistant", str(sheet), "--into", str(assessment), "--dry-run", *CATALOG]
    )
    assert dry.exit_code == 0, dry.output
    assert "1 ändring; --dry-run: inget skrevs." in dry.stdout
    real = run_cli(["import", "ciso-assistant", str(sheet), "--into", str(assessment), *CATALOG])
    assert real.exit_code == 0, real.output
    assert load_assessment(assessment).responses["L2"].status == "fulfilled"
    # as after import xlsx: what validate says of the merged file (P1 fulfilled, no evidence)
    rows = _rows(sheet)
    p1 = next(r for r in rows if r["ref_id"] == "P1")
    p1["compliance_result"], p1["extended_result"] = "compliant", ""
    _write_rows(sheet, rows, ";", True)
    last = run_cli(["import", "ciso-assistant", str(sheet), "--into", str(assessment), *CATALOG])
    assert last.exit_code == 0, last.output
    assert "saker att åtgärda" in last.stderr or "sak att åtgärda" in last.stderr
    assert "responses.P1" in last.stderr


def test_import_needs_an_existing_file(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("ref_id;compliance_result\nL1;compliant\n", encoding="utf-8")
    result = run_cli(
        ["import", "ciso-assistant", str(sheet), "--into", str(tmp_path / "none.yaml"), *CATALOG]
    )
    assert result.exit_code == 2
    assert "lotscert init" in result.stderr


# Printable text, tabs and line breaks (control and bidi characters are refused by the loader).
comments = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")), st.sampled_from("\n\t")
    ),
    min_size=1,
    max_size=60,
).filter(
    lambda s: (
        s.strip() == s and not any((ord(c) < 32 and c not in "\n\t") or c == "\x7f" for c in s)
    )
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(comment=comments, sheet_format=st.sampled_from(["csv", "xlsx"]))
def test_any_comment_goes_out_and_comes_back(
    tmp_path: Path, comment: str, sheet_format: str
) -> None:
    from lotscert.yamlwrite import double_quoted

    target = tmp_path / "2026-self_assessment.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace(
        '"Kontaktperson utses bara i större ärenden."', double_quoted(comment)
    )
    target.write_text(text, encoding="utf-8")
    written = export_ciso(
        target,
        tmp_path / "out",
        catalog_paths=[CONTRACT_CATALOG],
        sheet_format=sheet_format,  # type: ignore[arg-type]
    )
    report = import_ciso_sheet(written.sheet, target, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == [], comment
