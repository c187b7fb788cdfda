"""Shared strings (what Excel and LibreOffice write) are read by Excel's escape rule.

A cell text in .xlsx may hold ``_xHHHH_``, the character U+HHHH; a "_" that starts such a form
as typed is stored ``_x005F_`` (ECMA-376 ``ST_Xstring``). openpyxl 3.1 instead drops every
``x005F_`` of a shared string, so ``Arkiv lotsx005F_2026`` came back as ``Arkiv lots2026`` and a
workbook saved in LibreOffice could not be imported at all when the file held such a text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotscert.excel import basevalues, build_workbook, layout
from lotscert.excel.cellgrid import excel_unescaped, read_grid
from lotscert.excel.importer import read_workbook
from lotscert.excel.merging import apply_content
from lotscert.loading import load_assessment, load_catalog
from lotscert.models.assessment import Assessment
from tests.excel.excel_strategies import _ALPHABET
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

#: Pieces of text that look like, or almost like, Excel's escape form.
_PIECES = st.one_of(
    st.sampled_from(
        [
            "_x005F_",
            "x005F_",
            "_x005f_",
            "_x0041_",
            "_X0041_",
            "_xD800_",
            "_x000D_",
            "_xFFFF_",
            "_x",
            "_",
            "__",
            "x",
            "005F",
            "0041_",
            " ",
            "å",
            "Arkiv lots",
        ]
    ),
    st.text(_ALPHABET, min_size=1, max_size=4),
)
#: Texts an assessment may hold, rich in escape-like forms (not starting "=", which a typed
#: cell would turn into a formula).
escape_texts = (
    st.lists(_PIECES, min_size=1, max_size=10)
    .map("".join)
    .filter(lambda text: text.strip() != "" and not text.startswith("="))
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _with_comments(p1: str, p2: str | None = None) -> Assessment:
    assessment = load_assessment(CONTRACT_ASSESSMENT)
    responses = dict(assessment.responses)
    responses["P1"] = responses["P1"].model_copy(update={"comment": p1})
    if p2 is not None:
        responses["P2"] = responses["P2"].model_copy(update={"comment": p2})
    return assessment.model_copy(update={"responses": responses})


def _comment_cell(ws: openpyxl.worksheet.worksheet.Worksheet, requirement: str) -> tuple[int, int]:
    header = [cell.value for cell in ws[1]]
    column = header.index("Kommentar") + 1
    row = next(cell.row for cell in ws["A"] if cell.value == requirement)
    return row, column


_INLINE_CELL = re.compile(
    rb'(<c [^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?(?:/>|>(.*?)</t>)</is></c>', re.S
)


def _as_shared_strings(book: Path, out: Path) -> Path:
    """The workbook with every inline text turned into a shared string, as Excel and
    LibreOffice save texts (openpyxl writes inline strings, like lotscert's export)."""
    table: list[bytes] = []

    def shared(match: re.Match[bytes]) -> bytes:
        table.append(match.group(3) or b"")
        return match.group(1) + b't="s"' + match.group(2) + f"><v>{len(table) - 1}</v></c>".encode()

    buffer = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE_CELL.sub(shared, data).replace(b' t="inlineStr" />', b" />")
                assert b"inlineStr" not in data, item.filename
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item, data)
        items = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in table)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
            % (len(table), len(table), items),
        )
    out.write_bytes(buffer.getvalue())
    return out


def _saved_with_shared_strings(book: Path, typed: dict[str, str] | None = None) -> Path:
    """The workbook as a spreadsheet saves it: ``typed`` comments stored as a spreadsheet
    stores what is typed (:func:`layout.excel_escaped`), every text a shared string."""
    if typed:
        wb = openpyxl.load_workbook(book)
        for requirement, text in typed.items():
            ws = wb["Process"]
            ws.cell(*_comment_cell(ws, requirement)).value = layout.excel_escaped(text)
        book = book.with_name("ifylld.xlsx")
        wb.save(book)
    return _as_shared_strings(book, book.with_name("sparad.xlsx"))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(in_file=escape_texts, typed=escape_texts)
def test_any_text_survives_a_shared_strings_workbook(
    tmp_path: Path, in_file: str, typed: str
) -> None:
    """A text in the file (P1) comes back unchanged, and a text a department typed (P2) is
    imported exactly as typed, from a workbook whose texts are shared strings."""
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = _with_comments(in_file)
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(assessment, catalog))
    saved = _saved_with_shared_strings(book, {"P2": typed})
    content = read_workbook(saved, assessment, catalog_paths=[CONTRACT_CATALOG])
    merged = apply_content(content, assessment)
    assert merged.responses["P1"].comment == in_file
    assert merged.responses["P2"].comment == typed
    assert merged == _with_comments(in_file, typed)


@settings(max_examples=300, deadline=None)
@given(text=st.text(_ALPHABET, max_size=30) | escape_texts)
def test_the_escape_rule_undoes_the_export_escape(text: str) -> None:
    """What export stores (``_x005F_`` before a typed ``_xHHHH_``) reads back as typed."""
    assert excel_unescaped(layout.excel_escaped(text)) == text


def test_excel_escape_forms_are_decoded() -> None:
    assert excel_unescaped("_x0041_") == "A"
    assert excel_unescaped("_x005F_x0041_") == "_x0041_"
    assert excel_unescaped("Arkiv lotsx005F_2026") == "Arkiv lotsx005F_2026"
    assert excel_unescaped("se Box_x005F_x005F_") == "se Box_x005F_"
    assert excel_unescaped("_xD800_") == "_xD800_"  # no lone surrogate


_STRINGS_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" '
    'uniqueCount="4">'
    "<si><t>Arkiv lotsx005F_2026, se Box_x005F_x005F_</t></si>"
    '<si><r><t xml:space="preserve">rich _x005F_</t></r><r><rPr><b/></rPr><t>x0041_ </t></r>'
    '<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>'
    '<si><t xml:space="preserve">  kant  </t></si>'
    "<si/>"
    "</sst>"
)


def test_hand_written_shared_strings_are_decoded(tmp_path: Path) -> None:
    """Plain and rich-text items (runs joined, each run decoded, phonetic runs left out),
    whitespace kept, an empty item."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in range(1, 5):
        ws.cell(row, 1).value = f"plats {row}"
    path = tmp_path / "base.xlsx"
    book.save(path)
    path = _as_shared_strings(path, tmp_path / "shared.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = _STRINGS_XML.encode() if item.filename.endswith("sharedStrings.xml") else None
            target.writestr(item, data if data is not None else source.read(item))
    edited = tmp_path / "edited.xlsx"
    edited.write_bytes(buffer.getvalue())
    sheet = read_grid(edited)[ws.title]
    assert sheet.value(1, 1) == ("Arkiv lotsx005F_2026, se Box_x005F_", "s")
    assert sheet.value(2, 1) == ("rich _x0041_ ", "s")
    assert sheet.value(3, 1) == ("  kant  ", "s")
    assert sheet.value(4, 1) == ("", "s")


def test_a_typed_x005f_text_is_imported_as_typed(tmp_path: Path) -> None:
    """The attacker's case B: typed ``Arkiv lotsx005F_2026, se Box_x005F_``, stored by the
    spreadsheet as ``…Box_x005F_x005F_``; it used to arrive as ``Arkiv lots2026, se Box_``."""
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = load_assessment(CONTRACT_ASSESSMENT)
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(assessment, catalog))
    typed = "Arkiv lotsx005F_2026, se Box_x005F_"
    saved = _saved_with_shared_strings(book, {"P1": typed})
    with zipfile.ZipFile(saved) as archive:
        assert b"se Box_x005F_x005F_<" in archive.read("xl/sharedStrings.xml")
    content = read_workbook(saved, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert apply_content(content, assessment).responses["P1"].comment == typed


@pytest.mark.parametrize("comment", ["Se PM_x005F_ i diariet", "Arkiv lotsx005F_2026"])
def test_a_file_text_with_x005f_survives_a_shared_strings_save(
    tmp_path: Path, comment: str
) -> None:
    """The attacker's case A without LibreOffice: the workbook saved with shared strings was
    refused (its base no longer matched its digest)."""
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = _with_comments(comment)
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(assessment, catalog))
    content = read_workbook(
        _saved_with_shared_strings(book), assessment, catalog_paths=[CONTRACT_CATALOG]
    )
    assert apply_content(content, assessment) == assessment


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_save_keeps_x005f_texts(tmp_path: Path) -> None:
    """The attacker's cases through LibreOffice itself: an untouched open and save of a
    workbook whose file holds ``Se PM_x005F_ i diariet`` and ``Arkiv lotsx005F_2026`` imports
    with no change, and a typed ``…Box_x005F_`` arrives as typed."""
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = _with_comments("Se PM_x005F_ i diariet", "Arkiv lotsx005F_2026")
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(assessment, catalog))
    typed = "Arkiv lotsx005F_2026, se Box_x005F_"
    department = _saved_with_shared_strings(book, {"P3": typed})
    for source, name in ((book, "orörd"), (department, "ifylld")):
        source_copy = tmp_path / f"{name}.xlsx"
        shutil.copy(source, source_copy)
        assert SOFFICE is not None
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(tmp_path / "lo"),
                str(source_copy),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    untouched = read_workbook(
        tmp_path / "lo" / "orörd.xlsx", assessment, catalog_paths=[CONTRACT_CATALOG]
    )
    assert apply_content(untouched, assessment) == assessment
    with zipfile.ZipFile(tmp_path / "lo" / "ifylld.xlsx") as archive:
        assert b"se Box_x005F_x005F_<" in archive.read("xl/sharedStrings.xml")
    filled = read_workbook(
        tmp_path / "lo" / "ifylld.xlsx", assessment, catalog_paths=[CONTRACT_CATALOG]
    )
    merged = apply_content(filled, assessment)
    assert merged.responses["P3"].comment == typed
    assert merged.responses["P1"].comment == "Se PM_x005F_ i diariet"
    assert merged.responses["P2"].comment == "Arkiv lotsx005F_2026"


def test_no_base_cell_exceeds_excel_s_limit(tmp_path: Path) -> None:
    """Long texts made of escape forms: each visible cell fits once escaped, and the hidden
    base sheet is cut so that no cell holds more than Excel's 32 767 characters; the workbook
    reads back unchanged."""
    catalog = load_catalog(CONTRACT_CATALOG)
    long = "_x0041_" * 2400  # 16 800 characters, 31 200 as stored
    assessment = _with_comments(long, long)
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(assessment, catalog))
    wb = openpyxl.load_workbook(book)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert len(str(cell.value or "")) <= layout.MAX_CELL_CHARS, (ws.title, cell)
    content = read_workbook(book, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert apply_content(content, assessment) == assessment


@settings(max_examples=100, deadline=None)
@given(text=st.lists(_PIECES, max_size=40).map("".join), size=st.integers(7, 60))
def test_base_pieces_fit_once_stored(text: str, size: int) -> None:
    """Every piece of the base, as stored, fits the cell size; joined they are the text."""
    original = basevalues.CHUNK
    basevalues.CHUNK = size
    try:
        pieces = basevalues.chunks(text)
    finally:
        basevalues.CHUNK = original
    assert "".join(pieces) == text
    assert all(len(layout.excel_escaped(piece)) <= size for piece in pieces)
    assert all(excel_unescaped(layout.excel_escaped(piece)) == piece for piece in pieces)
