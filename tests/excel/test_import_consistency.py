"""After an import, the consistency rules that no single cell shows are reported (exit 0)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

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
