"""A workbook file that cannot be read is told in our own words — which part is damaged and
how — in Swedish or English, never in the library's ("File is not a zip file", "no element
found", "list index out of range", "Error -3 while decompressing data"). A workbook given
where an assessment (YAML) is wanted says so, and a folder says it is a folder."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from round_helpers import CATALOG, edit, import_, run

from tests.paths import CONTRACT_ASSESSMENT

#: Library words that must never reach the user.
LIBRARY_TEXT = (
    "File is not a zip file",
    "no element found",
    "list index out of range",
    "Error -3",
    "decompressing",
    "invalid literal",
    "There is no item named",
    "Traceback",
    "internt fel",
    "internal error",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bok")
    assessment = folder / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, assessment)
    out = folder / "bok.xlsx"
    result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG)
    assert result.exit_code == 0, result.output
    return out


def _members(workbook: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(workbook) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def _rebuilt(workbook: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _members(workbook):
            new = change(name, data)
            if new is not None:
                archive.writestr(name, new)


def _truncated(workbook: Path, target: Path) -> None:
    target.write_bytes(workbook.read_bytes()[:5000])


def _half_a_sheet(workbook: Path, target: Path) -> None:
    _rebuilt(
        workbook,
        target,
        lambda name, data: data[: len(data) // 2] if name == "xl/worksheets/sheet2.xml" else data,
    )


def _unknown_shared_string(workbook: Path, target: Path) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet2.xml":
            return data
        return data.replace(
            b"<sheetData>", b'<sheetData><row r="1"><c r="A1" t="s"><v>99999</v></c></row>', 1
        )

    _rebuilt(workbook, target, change)


def _damaged_compressed_data(workbook: Path, target: Path) -> None:
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    for index in range(start, start + 8):
        data[index] ^= 0x55
    target.write_bytes(bytes(data))


def _broken_workbook_part(workbook: Path, target: Path) -> None:
    _rebuilt(
        workbook,
        target,
        lambda name, data: b"<workbook><not closed" if name == "xl/workbook.xml" else data,
    )


CASES = [
    (
        _truncated,
        "trasig arbetsbok: zip-arkivet är ofullständigt eller skadat",
        "corrupt workbook: its zip archive is incomplete or damaged",
    ),
    (
        _half_a_sheet,
        "delen xl/worksheets/sheet2.xml (bladet Ledning) är skadad (inte hel XML, rad 1, kolumn",
        "the part xl/worksheets/sheet2.xml (sheet Ledning) is damaged (not well-formed XML, line",
    ),
    (
        _unknown_shared_string,
        "delen xl/worksheets/sheet2.xml (bladet Ledning) hänvisar till en text eller ett format "
        "som inte finns",
        "the part xl/worksheets/sheet2.xml (sheet Ledning) refers to a text or format the "
        "workbook does not have",
    ),
    (
        _damaged_compressed_data,
        "trasig arbetsbok: delen xl/worksheets/sheet2.xml går inte att packa upp (skadad "
        "komprimerad data)",
        "corrupt workbook: the part xl/worksheets/sheet2.xml cannot be unpacked (damaged "
        "compressed data)",
    ),
    (
        _broken_workbook_part,
        "arbetsboken kan inte läsas: delen xl/workbook.xml är skadad (inte hel XML, rad 1",
        "the workbook cannot be read: the part xl/workbook.xml is damaged (not well-formed XML",
    ),
]


@pytest.mark.parametrize(("damage", "swedish", "english"), CASES)
def test_a_damaged_workbook_is_told_in_our_own_words(
    exported: Path,
    tmp_path: Path,
    damage: Callable[[Path, Path], None],
    swedish: str,
    english: str,
) -> None:
    workbook = tmp_path / "bok.xlsx"
    damage(exported, workbook)
    assessment = tmp_path / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, assessment)
    before = assessment.read_bytes()
    for lang, expected in (("sv", swedish), ("en", english)):
        result = run(
            "import", "xlsx", str(workbook), "--into", str(assessment), *CATALOG, "--lang", lang,
            lang=lang,
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        prefix = "lotscert: fel: " if lang == "sv" else "lotscert: error: "
        assert line.startswith(f"{prefix}{workbook}: "), line
        assert expected in line
        assert not any(text in result.output for text in LIBRARY_TEXT), result.output
        assert assessment.read_bytes() == before
        assert sorted(path.name for path in tmp_path.iterdir()) == ["a.yaml", "bok.xlsx"]


def test_a_folder_given_as_the_workbook_says_it_is_a_folder(tmp_path: Path) -> None:
    assessment = tmp_path / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, assessment)
    folder = tmp_path / "svar"
    folder.mkdir()
    result = run("import", "xlsx", str(folder), "--into", str(assessment), *CATALOG)
    assert result.exit_code == 2
    assert result.stderr == (
        f"lotscert: fel: {folder}: är en mapp, inte en arbetsbok; ange arbetsbokens fil (.xlsx)\n"
    )
    english = run(
        "import", "xlsx", str(folder), "--into", str(assessment), *CATALOG, "--lang", "en",
        lang="en",
    )  # fmt: skip
    assert "is a folder, not a workbook" in english.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["validate"],
        ["score"],
        ["export", "xlsx", "--out", "ny.xlsx"],
        ["report", "gap", "--out", "rapporter"],
    ],
)
def test_a_workbook_given_for_the_assessment_says_it_is_a_workbook(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    workbook = tmp_path / "sbf.xlsx"
    shutil.copy(exported, workbook)
    result = run(*command, "sbf.xlsx", *CATALOG)
    assert result.exit_code == 2, result.output
    assert (
        "sbf.xlsx: fel: filen är en arbetsbok (Excel), inte en YAML-fil; ange bedömningsfilen "
        "(.yaml;"
    ) in result.output
    assert "UTF-8" not in result.output and "Anteckningar" not in result.output
    english = run(*command, "sbf.xlsx", *CATALOG, "--lang", "en", lang="en")
    assert "the file is a workbook (Excel), not a YAML file" in english.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sbf.xlsx"]


@pytest.mark.parametrize("into", [".", "..", "/"])
def test_a_folder_given_as_the_assessment_to_import_into_is_refused(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, into: str
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(exported, tmp_path / "bok.xlsx")
    result = run("import", "xlsx", "bok.xlsx", "--into", into, *CATALOG)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"lotscert: fel: {into}: är inte en vanlig fil (en mapp, en enhet eller ett rör); ange "
        "en YAML-fil\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bok.xlsx"]


def _with_modified(stamp: str | None) -> Callable[[str, bytes], bytes | None]:
    """A change of the document properties' ``dcterms:modified`` (None: no properties)."""

    def change(name: str, data: bytes) -> bytes | None:
        if name != "docProps/core.xml":
            return data
        if stamp is None:
            return None
        text = data.decode("utf-8")
        start = text.index("<dcterms:modified")
        start = text.index(">", start) + 1
        end = text.index("</dcterms:modified>", start)
        return (text[:start] + stamp + text[end:]).encode("utf-8")

    return change


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-11-29",  # a date without a time: valid Dublin Core, which openpyxl refuses
        "29 november 2026",  # not a date at all
        "2026-11-29T10:00:00+01:00",  # a time-zone offset
        None,  # no document properties
    ],
)
def test_a_workbook_is_read_whatever_its_document_properties_say(
    exported: Path, tmp_path: Path, stamp: str | None
) -> None:
    """lotscert reads no document property (author, title, saved): a spreadsheet program that
    writes them in a form openpyxl does not take (a date without a time) must not make the
    department's answers unreadable. The workbook imports exactly as the one exported."""
    workbook = tmp_path / "bok.xlsx"
    edit_copy = tmp_path / "svar.xlsx"
    shutil.copy(exported, edit_copy)
    edit(edit_copy, lambda wb: wb["Process"].cell(2, 9, "Svar från förvaltningen"))
    _rebuilt(edit_copy, workbook, _with_modified(stamp))
    expected, given = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for target in (expected, given):
        shutil.copy(CONTRACT_ASSESSMENT, target)
        target.chmod(0o644)
    assert import_(edit_copy, expected).exit_code == 0
    result = import_(workbook, given)
    assert result.exit_code == 0, result.output
    assert "Skrev 1 ändring" in result.output
    assert given.read_bytes() == expected.read_bytes()
