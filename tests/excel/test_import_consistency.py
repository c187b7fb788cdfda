"""After an import, the consistency rules that no single cell shows are reported (exit 0)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import Result

from lotscert.excel import export_workbook, import_workbook
from lotscert.loading import validate_paths
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


def test_import_reports_what_validate_would_say(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    source = tmp_path / "in.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    # K1 fulfilled, but its only evidence removed: valid cell by cell, an error for validate.
    text = text.replace(
        "    evidence:\n"
        '      - {kind: record, ref: "Utbildningsregister 2025", date: 2025-12-31}\n',
        "",
    )
    source.write_text(text, encoding="utf-8")
    workbook = tmp_path / "lista.xlsx"
    exported = run_cli(
        ["export", "xlsx", str(source), "--out", str(workbook), "--catalog", str(CONTRACT_CATALOG)]
    )
    assert exported.exit_code == 0, exported.output
    target = tmp_path / "out.yaml"
    imported = run_cli(
        ["import", "xlsx", str(workbook), "--into", str(target), "--catalog", str(CONTRACT_CATALOG)]
    )
    assert imported.exit_code == 0, imported.output
    assert target.is_file()
    assert "1 sak att åtgärda" in imported.output
    assert "responses.K1.status: fulfilled kräver minst ett underlag" in imported.output


@pytest.mark.parametrize("into", ["existing", "existing-crlf-bom", "new"])
def test_the_import_reports_exactly_what_validate_says_of_the_written_file(
    tmp_path: Path, into: str
) -> None:
    """The import checks the file it wrote without reading it again: the same diagnostics,
    at the same lines, as ``lotscert validate`` of that file."""
    source = tmp_path / "in.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace(
        "    evidence:\n"
        '      - {kind: record, ref: "Utbildningsregister 2025", date: 2025-12-31}\n',
        "",
    )
    source.write_text(text, encoding="utf-8")
    workbook = tmp_path / "lista.xlsx"
    export_workbook(source, workbook, catalog_paths=[CONTRACT_CATALOG])
    book = openpyxl.load_workbook(workbook)
    book["Ledning"]["I2"] = "Svar från förvaltningen"  # a comment on the first requirement
    book.save(workbook)
    target = tmp_path / "out.yaml"
    if into == "existing":
        target.write_text(text, encoding="utf-8")
    elif into == "existing-crlf-bom":
        target.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))

    report = import_workbook(workbook, target, catalog_paths=[CONTRACT_CATALOG])

    assert report.written
    validated = validate_paths([target], [CONTRACT_CATALOG]).diagnostics
    assert [d.format("sv") for d in report.diagnostics] == [d.format("sv") for d in validated]
    assert any(d.code == "response.fulfilled_without_evidence" for d in validated)
