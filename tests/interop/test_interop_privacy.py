"""OSCAL assessment-results and the CISO Assistant sheet name persons by pseudonymous id only —
also in their free texts (remarks, observations, an action's owner): attack B, defect 11."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lotscert import export_ciso, export_oscal, import_ciso_sheet
from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

# Bo Berg and Cecilia Ek are persons of the contract assessment
NAMED = "Bo Berg ansvarar; Cecilia Eks utbildning saknas (bo.berg@exempelby.se)"


@pytest.fixture
def named(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    text = text.replace("Kontaktperson utses bara i större ärenden.", NAMED)
    text = text.replace('owner: "Lotssamordnaren"', 'owner: "Cecilia Ek"')
    path.write_text(text, encoding="utf-8")
    return path


def _no_person_name(text: str) -> None:
    folded = text.casefold()
    for part in ("bo berg", "bo.berg", "berg ", "cecilia", " ek", "eks "):
        assert part not in folded, part


def test_oscal_results_carry_no_persons_name_in_free_text(named: Path, tmp_path: Path) -> None:
    written = export_oscal(named, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    text = written.assessment_results.read_text(encoding="utf-8")
    _no_person_name(text)
    assert "ansvarar" in text  # the remark itself is there
    assert "Anna Andersson" in text  # the assessor is named among the parties, as documented


@pytest.mark.parametrize("sheet_format", ["csv", "xlsx"])
def test_ciso_sheet_carries_no_persons_name_and_comes_back_unchanged(
    named: Path, tmp_path: Path, sheet_format: str
) -> None:
    written = export_ciso(
        named,
        tmp_path / "out",
        catalog_paths=[CONTRACT_CATALOG],
        sheet_format=sheet_format,  # type: ignore[arg-type]
    )
    if sheet_format == "csv":
        text = written.sheet.read_bytes().decode("utf-8-sig")
    else:
        from openpyxl import load_workbook

        book = load_workbook(written.sheet)
        text = "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    _no_person_name(text)
    assert "ansvarar" in text
    # the pseudonymised comment that comes back does not replace the file's own text
    before = named.read_bytes()
    report = import_ciso_sheet(written.sheet, named, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == []
    assert named.read_bytes() == before
    assert load_assessment(named).responses  # still loads


def test_a_real_change_of_a_named_comment_still_comes_in(named: Path, tmp_path: Path) -> None:
    import csv
    import io

    written = export_ciso(named, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    text = written.sheet.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    fields = list(rows[0])
    for row in rows:
        if "ansvarar" in (row["observations"] or ""):
            row["observations"] = "Ny kommentar"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    written.sheet.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    shutil.copyfile(named, tmp_path / "backup.yaml")
    import_ciso_sheet(written.sheet, named, catalog_paths=[CONTRACT_CATALOG])
    comments = [r.comment for r in load_assessment(named).responses.values()]
    assert "Ny kommentar" in comments
