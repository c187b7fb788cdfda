"""``lotscert catalog export xlsx`` / ``catalog import xlsx``: the bundled catalogue goes out
and comes back unchanged, and every cell problem is reported at its cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotscert.catalogxlsx import (
    catalog_workbook_bytes,
    export_catalog_workbook,
    read_catalog_workbook,
)
from lotscert.interop.problems import InteropProblems
from lotscert.loading import bundled_catalog_paths, load_catalog
from tests.paths import CONTRACT_CATALOG, ROOT

# the newest bundled version: the one ``catalog export xlsx`` exports without an id
BUNDLED = max(bundled_catalog_paths(), key=lambda path: load_catalog(path).version)
SOURCES = [
    *bundled_catalog_paths(),
    CONTRACT_CATALOG,
    ROOT / "tests" / "fixtures" / "two-level" / "catalog.yaml",
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name + "/" + p.name)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_export_then_import_is_lossless(source: Path, lang: str, tmp_path: Path) -> None:
    catalog = load_catalog(source)
    book = export_catalog_workbook(catalog, tmp_path / "k.xlsx", lang=lang)  # type: ignore[arg-type]
    assert read_catalog_workbook(book) == catalog


def test_cli_round_trip_of_the_bundled_catalogue(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    book, out = tmp_path / "bok.xlsx", tmp_path / "katalog.yaml"
    exported = run_cli(["catalog", "export", "xlsx", "--out", str(book)])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.strip() == str(book)
    again = run_cli(["catalog", "export", "xlsx", "--out", str(book)])
    assert again.exit_code == 2 and "--force" in again.stderr
    imported = run_cli(["catalog", "import", "xlsx", str(book), "--out", str(out)])
    assert imported.exit_code == 0, imported.output
    count = len(load_catalog(BUNDLED).requirements)
    assert imported.stdout.strip() == f"Skrev {out} ({count} krav)."
    assert load_catalog(out) == load_catalog(BUNDLED)
    assert run_cli(["validate", str(out)]).exit_code == 0


def test_same_catalogue_gives_the_same_bytes() -> None:
    catalog = load_catalog(BUNDLED)
    assert catalog_workbook_bytes(catalog) == catalog_workbook_bytes(catalog)


def _edit(book: Path, change: Callable[[Any], None]) -> None:
    workbook = openpyxl.load_workbook(book)
    change(workbook)
    workbook.save(book)


def test_every_cell_problem_is_located(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    book = export_catalog_workbook(load_catalog(BUNDLED), tmp_path / "bok.xlsx")

    def change(workbook: Any) -> None:
        sheet = workbook["Krav"]
        sheet["D2"] = "måste"  # modality
        sheet["E3"] = "tung"  # weight
        sheet["F4"] = None  # Swedish title
        sheet["G4"] = "Only English"
        sheet["H5"] = "=A1"  # a formula
        sheet["L6"] = "dokument, brev"  # evidence
        sheet["M7"] = "nki ungefär 70"  # metric

    _edit(book, change)
    out = tmp_path / "k.yaml"
    result = run_cli(["catalog", "import", "xlsx", str(book), "--out", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    expected = [
        f"{book}!Krav!D2: skriv ska eller bör, inte 'måste'",
        f"{book}!Krav!E3: ska vara ett tal, inte 'tung'",
        f"{book}!Krav!F4: den svenska texten saknas",
        f"{book}!Krav!H5: cellen innehåller en formel",
        f"{book}!Krav!L6: okänd underlagstyp 'brev'",
        f"{book}!Krav!M7: skriv måttet som NYCKEL JÄMFÖRELSE MÅL",
    ]
    for text in expected:
        assert any(text in line for line in lines), (text, lines)
    assert lines[-1] == "lotscert: fel: 6 fel i bok.xlsx; inget skrevs"
    assert not out.exists()


def test_references_are_checked_at_their_cells(tmp_path: Path) -> None:
    book = export_catalog_workbook(load_catalog(BUNDLED), tmp_path / "bok.xlsx")

    def change(workbook: Any) -> None:
        workbook["Krav"]["B3"] = "ledningen"  # a level that does not exist
        workbook["Krav"]["A4"] = "L1"  # a duplicate id

    _edit(book, change)
    with pytest.raises(InteropProblems) as raised:
        read_catalog_workbook(book)
    problems = raised.value.problems
    assert any(p.startswith(f"{book}!Krav!B3: ") and "ledningen" in p for p in problems), problems
    assert any(p.startswith(f"{book}!Krav!A4: ") and "L1" in p for p in problems), problems


def test_moved_columns_and_english_headers_are_read(tmp_path: Path) -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    book = export_catalog_workbook(catalog, tmp_path / "bok.xlsx")

    def change(workbook: Any) -> None:
        sheet = workbook["Krav"]
        for row in range(1, sheet.max_row + 1):  # swap "rubrik (sv)" and "kravtext (sv)"
            first, second = sheet.cell(row, 6), sheet.cell(row, 8)
            first.value, second.value = second.value, first.value
        sheet["A1"] = "id"
        sheet["D1"] = "shall/should"

    _edit(book, change)
    assert read_catalog_workbook(book) == catalog


def test_unknown_column_and_missing_sheet(tmp_path: Path) -> None:
    book = export_catalog_workbook(load_catalog(CONTRACT_CATALOG), tmp_path / "bok.xlsx")

    def change(workbook: Any) -> None:
        workbook["Krav"]["P1"] = "anteckning"
        del workbook["Skala"]

    _edit(book, change)
    with pytest.raises(InteropProblems) as raised:
        read_catalog_workbook(book, lang="en")
    problems = raised.value.problems
    assert any(p.startswith(f"{book}!Krav!P1: unknown column 'anteckning'") for p in problems)
    assert any("the sheet 'Scale' is missing" in p for p in problems)


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
).filter(lambda s: s.strip() == s)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=printable, text=printable)
def test_any_wording_survives(tmp_path: Path, title: str, text: str) -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    first = catalog.requirements[0]
    changed = first.model_copy(
        update={
            "title": first.title.model_copy(update={"sv": title}),
            "text": first.text.model_copy(update={"en": text + "\nrad två"}),
        }
    )
    catalog = catalog.model_copy(update={"requirements": [changed, *catalog.requirements[1:]]})
    book = tmp_path / "b.xlsx"
    book.write_bytes(catalog_workbook_bytes(catalog))
    assert read_catalog_workbook(book) == catalog
