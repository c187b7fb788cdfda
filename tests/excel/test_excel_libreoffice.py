"""A real spreadsheet opens the checklist: LibreOffice reads it, and its re-saved copy imports.

Skipped, with the reason, when LibreOffice (``soffice``) is not installed; ``.ci/run`` installs
it (Debian package libreoffice-calc-nogui) so CI runs these.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from lotscert.excel import build_workbook, import_workbook
from lotscert.excel.importer import read_workbook
from lotscert.excel.merging import apply_content
from lotscert.loading import load_assessment, load_catalog
from lotscert.models.assessment import Action, Assessment, Evidence, Metric, Response
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)

LONG = "lång kommentar " * 340
FORMULA = '=HYPERLINK("http://example.invalid","klicka")'
ESCAPE_FORM = "Se bilaga_x0041_.pdf"


def _soffice(tmp_path: Path, source: Path, target: str, outdir: Path) -> None:
    assert SOFFICE is not None
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def _tricky_assessment() -> Assessment:
    base = load_assessment(CONTRACT_ASSESSMENT)
    responses = dict(base.responses)
    responses["L2"] = Response(
        status="partial",
        maturity=2,
        evidence=[
            Evidence(kind="document", ref="Protokoll (bilaga 2): § 14", date=dt.date(2026, 1, 2)),
            Evidence(kind="record", ref="rad ett\nrad två | pipa", note="å ä ö 🙂"),
            Evidence(kind="interview", ref="slutar (2025-01-01)"),
        ],
        comment=FORMULA,
        action=Action(text="+46 70 000 00 00", owner="@lotsen", due=dt.date(2026, 12, 31)),
    )
    responses["P1"] = Response(status="not_fulfilled", maturity=0, comment=LONG)
    responses["P3"] = Response(status="not_applicable", comment="-1 ärenden\nfler rader")
    # Excel's escape form typed as text: written _x005F_x0041_, shown and read back as typed
    responses["P2"] = responses["P2"].model_copy(update={"comment": ESCAPE_FORM})
    metrics = {
        "handlaggningstid_median_dagar": Metric(
            value=Decimal("8.125000000001"), source="=cmd|' /C calc'!A0", date=dt.date(1899, 1, 1)
        )
    }
    return base.model_copy(update={"responses": responses, "metrics": metrics})


def test_libreoffice_reads_the_values_and_its_resaved_copy_imports(tmp_path: Path) -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = _tricky_assessment()
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(assessment, catalog))

    # Every sheet as CSV (token 12 = -1: one file per sheet): the values, not formulas' results.
    csv_dir = tmp_path / "csv"
    _soffice(
        tmp_path,
        book,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        csv_dir,
    )
    ledning = csv_dir / "bok-Ledning.csv"
    assert ledning.exists(), sorted(p.name for p in csv_dir.iterdir())
    rows = list(csv.reader(ledning.open(encoding="utf-8", newline="")))
    assert rows[0][:6] == ["Id", "Rubrik", "Krav", "Ska/bör", "Vägledning", "Status"]
    l2 = next(row for row in rows if row[0] == "L2")
    assert l2[5] == "Delvis uppfyllt"
    assert l2[6] == "2 – Delvis infört"
    assert l2[7].splitlines() == [
        "dokument: Protokoll (bilaga 2): § 14 (2026-01-02)",
        "register: rad ett\\nrad två \\| pipa | å ä ö 🙂",
        "intervju: slutar \\(2025-01-01)",
    ]
    assert l2[8] == FORMULA  # shown as typed, never evaluated to "klicka"
    assert l2[9] == "+46 70 000 00 00" and l2[10] == "@lotsen"
    assert l2[11] == "2026-12-31"
    process = list(csv.reader((csv_dir / "bok-Process.csv").open(encoding="utf-8", newline="")))
    assert next(row for row in process if row[0] == "P1")[8] == LONG
    assert next(row for row in process if row[0] == "P3")[8] == "-1 ärenden\nfler rader"
    assert next(row for row in process if row[0] == "P2")[8] == ESCAPE_FORM
    metrics = list(csv.reader((csv_dir / "bok-Mått.csv").open(encoding="utf-8", newline="")))
    assert metrics[1][:4] == [
        "handlaggningstid_median_dagar",
        "8.125000000001",
        "=cmd|' /C calc'!A0",
        "1899-01-01",
    ]

    # Re-saved by LibreOffice as .xlsx, the way a department hands it back: imports unchanged.
    resaved_dir = tmp_path / "resaved"
    _soffice(tmp_path, book, "xlsx:Calc MS Excel 2007 XML", resaved_dir)
    resaved = resaved_dir / "bok.xlsx"
    content = read_workbook(resaved, assessment, catalog_paths=[CONTRACT_CATALOG])
    assert apply_content(content, assessment) == assessment


def test_resaved_example_merges_without_changes(tmp_path: Path) -> None:
    into = tmp_path / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, into)
    catalog = load_catalog(CONTRACT_CATALOG)
    book = tmp_path / "bok.xlsx"
    book.write_bytes(build_workbook(load_assessment(into), catalog))
    _soffice(tmp_path, book, "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    report = import_workbook(tmp_path / "out" / "bok.xlsx", into, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == [] and not report.written
