"""``lotscert export xlsx`` and ``lotscert import xlsx`` as a user runs them."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

CATALOG = ["--catalog", str(CONTRACT_CATALOG)]


def run(*args: str, lang: str = "sv") -> Any:
    runner = CliRunner()
    return runner.invoke(build_app("en" if lang == "en" else "sv"), list(args))


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def _export(assessment: Path, out: Path, *extra: str) -> Path:
    result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG, *extra)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    return out


def _edit(workbook: Path, change: Callable[[Any], None]) -> None:
    wb = openpyxl.load_workbook(workbook)
    change(wb)
    wb.save(workbook)


def test_export_never_overwrites_without_force(assessment: Path, tmp_path: Path) -> None:
    out = _export(assessment, tmp_path / "bok.xlsx")
    before = out.read_bytes()
    result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG)
    assert result.exit_code == 2
    assert "finns redan; använd --force" in result.stderr
    assert out.read_bytes() == before
    _export(assessment, out, "--force")


def test_export_sheets_and_layout(assessment: Path, tmp_path: Path) -> None:
    out = _export(assessment, tmp_path / "bok.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Instruktioner",
        "Ledning",
        "Process",
        "Person",
        "Personer",
        "Mått",
        "lotscert-metadata",
        "lotscert-base",
    ]
    meta = wb["lotscert-metadata"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    ledning = wb["Ledning"]
    assert ledning.freeze_panes == "B2"
    assert ledning.auto_filter.ref == "A1:L3"
    assert ledning.print_title_rows == "$1:$1"
    assert ledning.page_setup.orientation == "landscape"
    assert ledning.protection.sheet
    assert ledning["A2"].protection.locked and not ledning["F2"].protection.locked
    assert ledning["F2"].value == "Uppfyllt"
    assert ledning["G2"].value == "4 – Infört, följs upp och förbättras"
    assert ledning["H2"].value == "dokument: KF 2025-11-20 § 145 (2025-11-20)"
    assert ledning["L3"].is_date
    validations = {str(dv.sqref): dv for dv in ledning.data_validations.dataValidation}
    assert validations["F2:F3"].type == "list"
    assert validations["G2:G3"].type == "list"
    assert validations["L2:L3"].type == "date"
    assert ledning.conditional_formatting
    persons = wb["Personer"]
    assert persons["N2"].value == "0.86" and persons["N2"].data_type == "s"


def test_export_only_some_levels_in_english(assessment: Path, tmp_path: Path) -> None:
    out = _export(assessment, tmp_path / "bok.xlsx", "--level", "process", "--lang", "en")
    assert openpyxl.load_workbook(out).sheetnames == [
        "Instructions",
        "Process",
        "Persons",
        "Metrics",
        "lotscert-metadata",
        "lotscert-base",
    ]


def test_import_shows_changes_keeps_backup_and_comments(assessment: Path, tmp_path: Path) -> None:
    out = _export(assessment, tmp_path / "bok.xlsx")
    original = assessment.read_text(encoding="utf-8")

    def answer(wb: Any) -> None:
        ledning = wb["Ledning"]
        ledning["F3"] = "Uppfyllt"
        ledning["G3"] = "3 – Infört"
        ledning["I3"] = '=HYPERLINK("x") är text här'
        ledning["I3"].data_type = "s"

    _edit(out, answer)
    dry = run("import", "xlsx", str(out), "--into", str(assessment), "--dry-run", *CATALOG)
    assert dry.exit_code == 0, dry.output
    assert "responses.L2.status" in dry.stdout and "--dry-run: inget skrevs" in dry.stdout
    assert assessment.read_text(encoding="utf-8") == original

    result = run("import", "xlsx", str(out), "--into", str(assessment), *CATALOG)
    assert result.exit_code == 0, result.output
    assert "Delvis uppfyllt" in result.stdout and "Skrev 3 ändringar" in result.stdout
    backup = assessment.with_name(assessment.name + ".bak")
    assert backup.read_text(encoding="utf-8") == original
    merged = assessment.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(original.splitlines(), merged.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert sorted(changed) == sorted(
        [
            "-    status: partial",
            "+    status: fulfilled",
            "-    maturity: 2",
            "+    maturity: 3",
            '+    comment: "=HYPERLINK(\\"x\\") är text här"',
        ]
    )
    assert merged.startswith("# A minimal assessment")
    updated = load_assessment(assessment)
    assert updated.responses["L2"].comment == '=HYPERLINK("x") är text här'

    _edit(out, lambda wb: wb["Ledning"].__setitem__("G3", "4 – Infört, följs upp och förbättras"))
    # (changing what its first version brought in: asked, and taken with --theirs)
    again = run("import", "xlsx", str(out), "--into", str(assessment), *CATALOG, "--theirs")
    assert again.exit_code == 0, again.output
    backups = sorted(tmp_path.glob("2026-self_assessment.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == merged


@pytest.mark.parametrize("structural", [False, True])
def test_a_file_with_windows_line_endings_keeps_them(
    assessment: Path, tmp_path: Path, structural: bool
) -> None:
    """Saved in Notepad: an import changes the answered lines, not every line's ending nor the
    byte order mark."""
    text = "\ufeff" + assessment.read_text(encoding="utf-8")  # Notepad's byte order mark
    crlf = text.replace("\n", "\r\n").encode("utf-8")
    assessment.write_bytes(crlf)
    out = _export(assessment, tmp_path / "bok.xlsx")
    # a changed status is patched in place; a new comment goes through the round trip
    cell, value = ("I2", "Ny kommentar") if structural else ("F3", "Uppfyllt")
    _edit(out, lambda wb: wb["Ledning"].__setitem__(cell, value))
    result = run("import", "xlsx", str(out), "--into", str(assessment), *CATALOG)
    assert result.exit_code == 0, result.output
    written = assessment.read_bytes()
    assert written != crlf
    assert written.count(b"\n") == written.count(b"\r\n")  # every line ends in \r\n
    assert written.startswith(b"\xef\xbb\xbf# A minimal assessment")
    assert len(written.splitlines()) - len(crlf.splitlines()) == (1 if structural else 0)
    assert assessment.with_name(assessment.name + ".bak").read_bytes() == crlf


def test_problems_exit_2_one_line_each(assessment: Path, tmp_path: Path) -> None:
    out = _export(assessment, tmp_path / "bok.xlsx")
    original = assessment.read_bytes()

    def spoil(wb: Any) -> None:
        wb["Ledning"]["F2"] = "Ja"
        wb["Process"]["L2"] = "snart"

    _edit(out, spoil)
    result = run("import", "xlsx", str(out), "--into", str(assessment), *CATALOG)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("lotscert: fel: bok.xlsx!Ledning!F2: 'Ja' finns inte i listan")
    assert lines[1].startswith("lotscert: fel: bok.xlsx!Process!L2: ogiltigt datum 'snart'")
    assert lines[2] == "lotscert: fel: 2 fel i arbetsboken; inget skrevs"
    assert "Traceback" not in result.output
    assert assessment.read_bytes() == original


def test_department_workbooks_one_after_another(assessment: Path, tmp_path: Path) -> None:
    ledning = _export(assessment, tmp_path / "ledning.xlsx", "--level", "ledning")
    process = _export(assessment, tmp_path / "process.xlsx", "--level", "process")
    _edit(ledning, lambda wb: wb["Ledning"].__setitem__("F3", "Uppfyllt"))
    _edit(process, lambda wb: wb["Process"].__setitem__("F2", "Delvis uppfyllt"))
    for workbook in (ledning, process):
        result = run("import", "xlsx", str(workbook), "--into", str(assessment), *CATALOG)
        assert result.exit_code == 0, result.output
    updated = load_assessment(assessment)
    assert updated.responses["L2"].status == "fulfilled"
    assert updated.responses["P1"].status == "partial"


def test_only_level_leaves_the_rest_alone(assessment: Path, tmp_path: Path) -> None:
    out = _export(assessment, tmp_path / "bok.xlsx")

    def answer(wb: Any) -> None:
        wb["Ledning"]["F3"] = "Uppfyllt"
        wb["Process"]["F2"] = "Uppfyllt"
        wb["Personer"]["B2"] = "Ny Namn"

    _edit(out, answer)
    result = run(
        "import", "xlsx", str(out), "--into", str(assessment), "--only-level", "Ledning", *CATALOG
    )
    assert result.exit_code == 0, result.output
    updated = load_assessment(assessment)
    original = load_assessment(CONTRACT_ASSESSMENT)
    assert updated.responses["L2"].status == "fulfilled"
    assert updated.responses["P1"] == original.responses["P1"]
    assert updated.persons == original.persons


def test_blank_workbook_for_next_year(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    result = run(
        "export", "xlsx", "--blank", "--municipality", "0860", "--year", "2027", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert "Hultsfred (0860)" in [cell.value for cell in wb["Instruktioner"]["B"]]
    into = tmp_path / "2027.yaml"
    imported = run("import", "xlsx", str(out), "--into", str(into))
    assert imported.exit_code == 0, imported.output
    assessment = load_assessment(into)
    assert assessment.municipality.name == "Hultsfred" and assessment.period == 2027
    assert assessment.responses
    assert {response.status for response in assessment.responses.values()} == {"not_assessed"}


def test_a_long_list_of_changes_is_cut_short_unless_asked_for(tmp_path: Path) -> None:
    """A department that fills in 120 persons must not get thousands of table rows."""
    from lotscert.cli.excel import MAX_CHANGE_ROWS

    out = tmp_path / "blank.xlsx"
    run("export", "xlsx", "--blank", "--municipality", "0860", "--year", "2027", "--out", str(out))

    def fill(wb: Any) -> None:
        for row in range(2, 122):
            wb["Personer"].cell(row, 1).value = f"lots-{row:03d}"
            wb["Personer"].cell(row, 2).value = f"Person {row}"

    _edit(out, fill)
    short = run("import", "xlsx", str(out), "--into", str(tmp_path / "a.yaml"))
    assert short.exit_code == 0, short.output
    from lotscert.loading import choose_catalog

    # the requirements' statuses (of the newest bundled catalogue, which --blank uses), then 2
    # values for each of 120 persons
    requirements = len(choose_catalog("ss884000").catalog.requirements)
    total = requirements + 240
    assert f"… och {total - MAX_CHANGE_ROWS} till (visa alla med --all-changes)" in short.output
    assert short.output.count("persons.lots-") == MAX_CHANGE_ROWS - requirements
    every = run("import", "xlsx", str(out), "--into", str(tmp_path / "b.yaml"), "--all-changes")
    assert every.exit_code == 0, every.output
    assert every.output.count("persons.lots-") == 240
    assert "--all-changes)" not in every.output


def test_blank_needs_municipality_and_year() -> None:
    result = run("export", "xlsx", "--blank", "--year", "2027")
    assert result.exit_code == 2
    assert "--blank kräver --municipality" in result.stderr


def test_unknown_municipality_code(tmp_path: Path) -> None:
    result = run(
        "export", "xlsx", "--blank", "--municipality", "0001", "--year", "2027",
        "--out", str(tmp_path / "x.xlsx"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "okänd kommunkod '0001'" in result.stderr


def test_excel_escape_codes_are_written_escaped_and_read_back_as_typed(tmp_path: Path) -> None:
    """A text holding ``_x0041_`` was refused at export (an import could take it in, and then
    no checklist could be made): it is now written as Excel and LibreOffice save it
    (``_x005F_x0041_``), so every spreadsheet shows it as typed and lotscert reads it back."""
    import zipfile

    source = tmp_path / "a.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    source.write_text(text.replace("Lotssamordnaren", "Lots_x0041_"), encoding="utf-8")
    out = tmp_path / "x.xlsx"
    result = run("export", "xlsx", str(source), "--out", str(out), *CATALOG)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(name).decode("utf-8") for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]  # fmt: skip
    assert any(">Lots_x005F_x0041_<" in sheet for sheet in sheets)
    before = source.read_bytes()
    again = run("import", "xlsx", str(out), "--into", str(source), *CATALOG)
    assert again.exit_code == 0, again.output
    assert source.read_bytes() == before  # nothing changed: read as it was written


def test_control_characters_are_refused_at_export(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    source.write_text(
        text.replace('"Kontaktperson utses bara i större ärenden."', '"bell \\a here"'),
        encoding="utf-8",
    )
    result = run("export", "xlsx", str(source), "--out", str(tmp_path / "x.xlsx"), *CATALOG)
    assert result.exit_code == 2
    # Refused where every command reads the file (issue 15: only plain text), located at the
    # YAML line, before the export's own per-cell check (which still guards library callers).
    assert (
        f"lotscert: {source}:29:14: fel: responses.P1.comment: otillåtet tecken U+0007 (ett "
        "styrtecken) i «bell \\x07 here»" in result.stderr
    )
    assert not (tmp_path / "x.xlsx").exists()


def test_library_blank_for_an_example_municipality(tmp_path: Path) -> None:
    from lotscert.excel import export_workbook

    out = export_workbook(
        None, tmp_path / "b.xlsx", municipality="9910", municipality_name="Exempelby", year=2027
    )
    report = import_workbook_into_new(out, tmp_path / "new.yaml")
    assert report.municipality.name == "Exempelby" and report.municipality.code == "9910"


def import_workbook_into_new(workbook: Path, into: Path) -> Any:
    from lotscert.excel import import_workbook

    return import_workbook(workbook, into).assessment
