"""Whatever arrives, an import refuses it with a located message and writes nothing."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lotscert.errors import LotscertError, WorkbookError
from lotscert.excel import WorkbookProblems, export_workbook, import_workbook, safety
from lotscert.excel.evidence_cell import parse_evidence_cell
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """An assessment copy and a workbook exported from it."""
    assessment = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, assessment)
    workbook = export_workbook(assessment, tmp_path / "Bok.xlsx", catalog_paths=[CONTRACT_CATALOG])
    return assessment, workbook


def _edit(workbook: Path, change: Callable[[Any], None]) -> None:
    wb = openpyxl.load_workbook(workbook)
    change(wb)
    wb.save(workbook)


def _problems(workbook: Path, into: Path, **options: Any) -> list[str]:
    before = into.read_bytes()
    with pytest.raises(WorkbookProblems) as caught:
        import_workbook(workbook, into, catalog_paths=[CONTRACT_CATALOG], **options)
    assert into.read_bytes() == before
    assert not into.with_name(into.name + ".bak").exists()
    return caught.value.problems


def _refused(workbook: Path, into: Path, pattern: str) -> str:
    before = into.read_bytes()
    with pytest.raises(LotscertError, match=pattern) as caught:
        import_workbook(workbook, into, catalog_paths=[CONTRACT_CATALOG])
    assert into.read_bytes() == before
    return str(caught.value)


def test_every_cell_problem_is_reported_at_once_with_its_cell(files: tuple[Path, Path]) -> None:
    assessment, workbook = files

    def spoil(wb: Any) -> None:
        ledning = wb["Ledning"]
        ledning["I2"] = "=1+1"  # a formula
        ledning["F3"] = "Kanske"  # not in the drop-down
        ledning["G2"] = "7 – Magiskt"  # not on the scale
        ledning["L3"] = "2026-02-30"  # not a date
        ledning["H2"] = "dokument: ok (2025-01-01)\nutan kolon\nfilm: x"
        process = wb["Process"]
        process["A2"] = "P9"  # unknown requirement id
        process["F4"] = None  # status cleared but the comment stays
        persons = wb["Personer"]
        persons["G2"] = 5  # competence outside 0–3
        persons["N2"] = "1,5"  # exam score above 1
        metrics = wb["Mått"]
        metrics["B2"] = "åtta"

    _edit(workbook, spoil)
    problems = _problems(workbook, assessment)
    expected = [
        "Bok.xlsx!Ledning!I2: cellen innehåller en formel",
        "Bok.xlsx!Ledning!F3: 'Kanske' finns inte i listan",
        "Bok.xlsx!Ledning!G2: mognaden '7 – Magiskt' finns inte i listan",
        "Bok.xlsx!Ledning!L3: ogiltigt datum '2026-02-30'",
        "Bok.xlsx!Ledning!H2: underlag rad 2:",
        "Bok.xlsx!Ledning!H2: underlag rad 3: okänd underlagstyp 'film'",
        "Bok.xlsx!Process!A2: okänt krav-id 'P9'",
        "Bok.xlsx!Process: raden för krav P1 saknas",
        "Bok.xlsx!Process!F4: status saknas",
        "Bok.xlsx!Personer!G2: 5 finns inte i listan",
        "Bok.xlsx!Personer!N2: provresultatet ska vara mellan 0 och 1",
        "Bok.xlsx!Mått!B2: ett tal väntas",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert len(problems) == len(expected)


def test_messages_in_english(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    _edit(workbook, lambda wb: wb["Ledning"].__setitem__("F2", "Maybe"))
    with pytest.raises(WorkbookProblems) as caught:
        import_workbook(workbook, assessment, catalog_paths=[CONTRACT_CATALOG], lang="en")
    assert caught.value.problems == [
        "Bok.xlsx!Ledning!F2: 'Maybe' is not in the list; choose Uppfyllt, Delvis uppfyllt, "
        "Ej uppfyllt, Ej tillämpligt, Ej bedömt"
    ]


def test_moved_columns_are_refused(files: tuple[Path, Path]) -> None:
    assessment, workbook = files

    def swap(wb: Any) -> None:
        ws = wb["Ledning"]
        for row in range(1, 4):
            ws[f"F{row}"].value, ws[f"G{row}"].value = ws[f"G{row}"].value, ws[f"F{row}"].value

    _edit(workbook, swap)
    problems = _problems(workbook, assessment)
    assert problems[0].startswith(
        "Bok.xlsx!Ledning!F1: kolumnrubriken ska vara 'Status', fann 'Mognad'"
    )


def test_renamed_sheet_is_refused(files: tuple[Path, Path]) -> None:
    assessment, workbook = files

    def rename(wb: Any) -> None:
        wb["Ledning"].title = "Ledningen"

    _edit(workbook, rename)
    problems = _problems(workbook, assessment)
    assert problems[0].startswith("Bok.xlsx: bladet 'Ledning' saknas (borttaget eller omdöpt?)")


def test_tampered_metadata_is_refused(files: tuple[Path, Path]) -> None:
    assessment, workbook = files

    def tamper(wb: Any) -> None:
        ws = wb["lotscert-metadata"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "municipality_code":
                row[1].value = "9902"

    _edit(workbook, tamper)
    _refused(workbook, assessment, "lotscert-metadata har ändrats för hand")


def test_not_a_lotscert_workbook(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    openpyxl.Workbook().save(workbook)
    _refused(workbook, assessment, "inte en lotscert-checklista")


def test_workbook_for_another_municipality_is_refused(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, workbook = files
    other = tmp_path / "other.yaml"
    other.write_text(
        assessment.read_text(encoding="utf-8").replace('code: "9901"', 'code: "9902"'),
        encoding="utf-8",
    )
    message = _refused(workbook, other, "kommunen 9901, filen 9902")
    assert message.startswith("Bok.xlsx: ")


def test_workbook_for_another_year_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, workbook = files
    other = tmp_path / "other.yaml"
    other.write_text(
        assessment.read_text(encoding="utf-8").replace("period: 2026", "period: 2027"),
        encoding="utf-8",
    )
    _refused(workbook, other, "året 2026, filen 2027")


def test_changed_catalogue_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, workbook = files
    changed = tmp_path / "catalog.yaml"
    changed.write_text(
        CONTRACT_CATALOG.read_text(encoding="utf-8").replace("Lotsmöte", "Lotsmötet"),
        encoding="utf-8",
    )
    with pytest.raises(LotscertError, match="har ändrats sedan arbetsboken skapades"):
        import_workbook(workbook, assessment, catalog_paths=[changed])


def test_unknown_only_level(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    with pytest.raises(LotscertError, match="nivån 'ekonomi' finns inte i arbetsboken"):
        import_workbook(
            workbook, assessment, catalog_paths=[CONTRACT_CATALOG], only_level=["ekonomi"]
        )


# --- the file itself ------------------------------------------------------------------------


def test_not_xlsx(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    workbook.write_text("id;status\nL1;Uppfyllt\n", encoding="utf-8")
    _refused(workbook, assessment, r"inte en \.xlsx-arbetsbok")


def test_password_protected(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    workbook.write_bytes(safety.OLE_SIGNATURE + b"\x00" * 504)
    _refused(workbook, assessment, "lösenordsskyddad")


def test_corrupt_zip(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    _refused(workbook, assessment, "trasig arbetsbok")


def test_corrupt_member(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    _rewrite(workbook, {"xl/workbook.xml": b"<workbook><not closed"})
    _refused(workbook, assessment, "kan inte läsas")


def _rewrite(workbook: Path, replace: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename not in replace:
                target.writestr(item, source.read(item.filename))
        for name, data in replace.items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    workbook.write_bytes(buffer.getvalue())


def test_an_error_value_is_reported_at_its_cell(files: tuple[Path, Path]) -> None:
    assessment, workbook = files

    def spoil(wb: Any) -> None:
        cell = wb["Ledning"]["I2"]
        cell.value, cell.data_type = "#DIV/0!", "e"

    _edit(workbook, spoil)
    assert _problems(workbook, assessment) == [
        "Bok.xlsx!Ledning!I2: cellen innehåller ett felvärde"
    ]


def test_a_wrong_stored_sheet_size_does_not_hide_rows(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    """Some programs store a sheet's size as A1:A1; the rows below must still be read."""
    assessment, workbook = files
    _edit(workbook, lambda wb: wb["Ledning"].__setitem__("I2", "Ny kommentar"))
    sheets: dict[str, bytes] = {}
    with zipfile.ZipFile(workbook) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/sheet"):
                text = book.read(name).decode("utf-8")
                sheets[name] = re.sub(
                    r'<dimension ref="[^"]*"', '<dimension ref="A1"', text
                ).encode()
    _rewrite(workbook, sheets)
    report = import_workbook(workbook, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert report.written
    assert report.assessment.responses["L1"].comment == "Ny kommentar"
    assert report.previous is not None and report.assessment.persons == report.previous.persons
    assert report.assessment.persons


def _add_to_persons_sheet(workbook: Path, xml: bytes) -> None:
    book = openpyxl.load_workbook(workbook, read_only=True)
    names = book.sheetnames
    book.close()
    member = f"xl/worksheets/sheet{names.index('Personer') + 1}.xml"
    with zipfile.ZipFile(workbook) as package:
        data = package.read(member)
    _rewrite(workbook, {member: data.replace(b"</sheetData>", xml + b"</sheetData>")})


def test_a_cell_beyond_the_last_row_is_refused_at_once(files: tuple[Path, Path]) -> None:
    """A damaged or hostile sheet must not make the import count to a billion."""
    assessment, workbook = files
    far = b'<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row>'
    _add_to_persons_sheet(workbook, far)
    message = _refused(workbook, assessment, "utanför bladet")
    assert "Bok.xlsx!Personer!A999999999" in message


def test_a_value_on_the_very_last_row_is_read(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    last = (
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>lots-sist</t></is></c>'
        b'<c r="B1048576" t="inlineStr"><is><t>Sista raden</t></is></c></row>'
    )
    _add_to_persons_sheet(workbook, last)
    report = import_workbook(workbook, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert report.assessment.persons[-1].id == "lots-sist"


def test_a_workbook_with_more_cells_than_any_checklist_is_refused(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays bounded whatever a workbook holds (the limit is lowered for the test)."""
    from lotscert.excel import cellgrid

    assessment, workbook = files
    monkeypatch.setattr(cellgrid, "MAX_CELLS", 100)
    _refused(workbook, assessment, "fler än 2000000 ifyllda celler")


def test_macros_are_refused(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    _rewrite(workbook, {"xl/vbaProject.bin": b"\x00" * 100})
    _refused(workbook, assessment, "makron")


def test_external_links_are_refused(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    _rewrite(workbook, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    _refused(workbook, assessment, "externa länkar")


def test_zip_bomb_is_refused(files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    assessment, workbook = files
    _rewrite(workbook, {"xl/media/filler.bin": b"\x00" * 3_000_000})
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 2_000_000)
    _refused(workbook, assessment, "zip-bomb")


def test_zip_bomb_with_lying_sizes_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    _rewrite_new(bomb)
    data = bytearray(bomb.read_bytes())
    # Claim a tiny uncompressed size for the filler in the central directory.
    marker = data.rfind(b"PK\x01\x02")
    while marker != -1:
        name_length = int.from_bytes(data[marker + 28 : marker + 30], "little")
        name = bytes(data[marker + 46 : marker + 46 + name_length])
        if name == b"xl/filler.bin":
            data[marker + 24 : marker + 28] = (10).to_bytes(4, "little")
        marker = data.rfind(b"PK\x01\x02", 0, marker)
    bomb.write_bytes(bytes(data))
    with pytest.raises(WorkbookError):
        safety.check_workbook_file(bomb, max_uncompressed_bytes=1_000_000)


def _rewrite_new(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/filler.bin", b"\x00" * 2_000_000)


def test_oversize_file_is_refused(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment, workbook = files
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    _refused(workbook, assessment, "mer än gränsen 1000 byte")


def test_missing_workbook(files: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, _ = files
    with pytest.raises(LotscertError, match="filen finns inte"):
        import_workbook(tmp_path / "nope.xlsx", assessment, catalog_paths=[CONTRACT_CATALOG])


def test_evidence_cell_syntax_is_checked() -> None:
    assert parse_evidence_cell("\n\ndokument: x\n\n") != []
    with pytest.raises(ValueError, match="found no ':'"):
        parse_evidence_cell("bara text")


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_xml_entity_expansion_is_refused(files: tuple[Path, Path]) -> None:
    assessment, workbook = files
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    _rewrite(workbook, {"xl/worksheets/sheet2.xml": laughs})
    _refused(workbook, assessment, "kan inte läsas")


def test_a_cell_that_cannot_be_read_does_not_hide_what_the_other_answers_make_wrong(
    files: tuple[Path, Path],
) -> None:
    """Issue 12: one run tells the bad cell, the other rows' problems once merged and the
    conflicts with the file — and nothing on the bad cell's own row as a consequence."""
    assessment, workbook = files

    def answer(wb: Any) -> None:
        process = wb["Process"]
        process["L2"] = "2026-13-45"  # P1's due date: cannot be read
        process["F2"] = "Uppfyllt"  # … on the same row, without evidence: not told this time
        process["F3"] = "Uppfyllt"  # P2 fulfilled …
        process["H3"] = None  # … without evidence
        process["F4"] = "Ej tillämpligt"  # P3 not applicable …
        process["I4"] = None  # … without a comment
        wb["Ledning"]["I2"] = "Arbetsbokens kommentar"  # L1: also changed in the file since

    _edit(workbook, answer)
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(
        text.replace("  L1:\n", "  L1:\n    comment: Filens kommentar\n", 1), encoding="utf-8"
    )

    problems = _problems(workbook, assessment)

    assert problems[0] == "Bok.xlsx!Process!L2: ogiltigt datum '2026-13-45'; skriv ÅÅÅÅ-MM-DD"
    assert problems[1:3] == [
        "Bok.xlsx!Process!F3 (responses.P2.status): Uppfyllt kräver minst ett underlag i "
        "kolumnen Underlag",
        "Bok.xlsx!Process!F4 (responses.P3.status): Ej tillämpligt kräver en kommentar i "
        "kolumnen Kommentar som säger varför",
    ]
    assert len(problems) == 4
    assert problems[3].startswith(
        "Bok.xlsx!Ledning!I2 (responses.L1.comment): arbetsboken lägger till Arbetsbokens "
        "kommentar, men filen har redan Filens kommentar"
    )
    assert not any("P1" in problem for problem in problems[1:])


def test_every_problem_in_english_and_into_a_new_file(files: tuple[Path, Path]) -> None:
    _, workbook = files

    def answer(wb: Any) -> None:
        wb["Process"]["G2"] = "7 – Magiskt"  # P1's maturity: not on the scale
        wb["Process"]["F3"] = "Uppfyllt"
        wb["Process"]["H3"] = None

    _edit(workbook, answer)
    new = workbook.with_name("ny.yaml")
    with pytest.raises(WorkbookProblems) as caught:
        import_workbook(workbook, new, catalog_paths=[CONTRACT_CATALOG], lang="en")
    assert not new.exists()
    assert [problem.split(":")[0] for problem in caught.value.problems] == [
        "Bok.xlsx!Process!G2",
        "Bok.xlsx!Process!F3 (responses.P2.status)",
    ]
    assert "Fulfilled needs at least one item in the Evidence column" in caught.value.problems[1]
    assert caught.value.summary == "2 problems in the workbook; nothing was written"


def test_an_absurd_number_is_a_cell_error_not_an_internal_one(files: tuple[Path, Path]) -> None:
    """The attack's ninth finding: 1e1000000 in a metric cell ended in an internal overflow."""
    assessment, workbook = files
    _edit(workbook, lambda wb: wb["Mått"].__setitem__("B2", "1e1000000"))
    problems = _problems(workbook, assessment)
    assert problems == [
        "Bok.xlsx!Mått!B2: talet '1e1000000' är orimligt stort eller litet (över 1000 siffror)"
    ]


def test_the_merge_compares_decimals_exactly() -> None:
    """Values that differ past the 28th digit are different values (the default decimal
    context rounded them alike); values far out of range compare without overflow."""
    from decimal import Decimal

    from lotscert.excel.threeway import canonical

    assert canonical(Decimal("0.79999999999999999999999999999")) != canonical(Decimal("0.8"))
    assert canonical(Decimal("0.80")) == canonical(Decimal("0.8")) == "0.8"
    assert canonical(Decimal("1E+1000000")) == canonical(Decimal("10E+999999"))
