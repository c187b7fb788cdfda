"""Control and text-direction characters are refused by every interchange importer, at the cell
or field, before anything is written — as ``validate`` and the CSV imports refuse them
(attack B, defect 14): ``catalog import xlsx``, ``import oscal``, ``import ciso-assistant``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotscert import export_ciso
from lotscert.interop.oscal import catalog_document
from lotscert.interop.oscal.common import to_json
from lotscert.loading import load_catalog
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

FORBIDDEN = ["\u202e", "\u2066", "\u202a", "\x1b", "\x9b", "\x07"]
Run = Callable[..., Any]


def _oscal_with(tmp_path: Path, character: str) -> Path:
    catalog = load_catalog(CONTRACT_CATALOG)
    document = json.loads(to_json(catalog_document(catalog, dt.date(2026, 1, 1), "sv")))
    document["catalog"]["groups"][0]["controls"][0]["title"] = f"Beslut {character}fdp.exe"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(character=st.sampled_from(FORBIDDEN))
def test_import_oscal_refuses_the_field(run_cli: Run, tmp_path: Path, character: str) -> None:
    source = _oscal_with(tmp_path, character)
    out = tmp_path / "c.yaml"
    result = run_cli(["import", "oscal", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert "catalog.groups[0].controls[0].title" in result.stderr
    assert f"U+{ord(character):04X}" in result.stderr
    assert character not in result.stderr  # the message shows it escaped, never raw
    assert not out.exists()


@pytest.mark.parametrize("character", FORBIDDEN[:3])
def test_catalog_import_xlsx_refuses_the_cell(run_cli: Run, tmp_path: Path, character: str) -> None:
    book = tmp_path / "k.xlsx"
    assert run_cli(["catalog", "export", "xlsx", "--out", str(book)]).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Krav"]
    column = [cell.value for cell in sheet[1]].index("rubrik (sv)") + 1
    sheet.cell(row=2, column=column).value = f"Beslut {character}fdp.exe"
    workbook.save(book)
    out = tmp_path / "c.yaml"
    result = run_cli(["catalog", "import", "xlsx", str(book), "--out", str(out)])
    assert result.exit_code == 2
    letter = openpyxl.utils.get_column_letter(column)
    assert f"k.xlsx!Krav!{letter}2" in result.stderr
    assert f"U+{ord(character):04X}" in result.stderr
    assert character not in result.output + result.stderr
    assert not out.exists()


@pytest.mark.parametrize("character", FORBIDDEN[:3])
def test_import_ciso_assistant_refuses_the_cell(
    run_cli: Run, tmp_path: Path, character: str
) -> None:
    target = tmp_path / "2026-self_assessment.yaml"
    target.write_bytes(CONTRACT_ASSESSMENT.read_bytes())
    written = export_ciso(target, tmp_path / "out", catalog_paths=[CONTRACT_CATALOG])
    text = written.sheet.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    row = next(r for r in rows if r["assessable"].lower() in ("true", "1", "yes", "x"))
    row["observations"] = f"Politiskt {character}fdp.exe"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    written.sheet.write_bytes(buffer.getvalue().encode("utf-8"))
    before = target.read_bytes()
    result = run_cli(
        [
            "import",
            "ciso-assistant",
            str(written.sheet),
            "--into",
            str(target),
            "--catalog",
            str(CONTRACT_CATALOG),
        ]
    )
    assert result.exit_code == 2
    assert f"U+{ord(character):04X}" in result.stderr or "styrtecken" in result.stderr
    assert character not in result.output + result.stderr
    assert target.read_bytes() == before
