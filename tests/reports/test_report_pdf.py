"""PDF: page numbers, title and municipality on every page, the watermark, a clear error
when WeasyPrint is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lotscert.errors import ReportError
from lotscert.reports import ReportFormat, ReportKind, write_report

weasyprint = pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is not installed")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_every_page_has_header_footer_and_watermark(
    contract: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, catalog = contract
    [pdf] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.PDF, "sv", tmp_path, catalog_paths=[catalog]
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert "Gapanalys – Exempelby 2026" in page
        assert "Exempeldata – fiktiv kommun" in page


def test_missing_weasyprint_is_one_line(
    contract: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment, catalog = contract
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ReportError, match=r"pip install 'lotscert\[pdf\]'") as caught:
        write_report(
            ReportKind.GAP, [assessment], ReportFormat.PDF, "sv", tmp_path, catalog_paths=[catalog]
        )
    assert "\n" not in str(caught.value)
    assert not list(tmp_path.rglob("*.pdf"))
