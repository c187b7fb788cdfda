"""What the department-round tests share: the CLI, run in-process, against the contract
catalogue; exporting and importing a checklist; editing a workbook as a department would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from tests.paths import CONTRACT_CATALOG

CATALOG = ["--catalog", str(CONTRACT_CATALOG)]


def run(*args: str, lang: str = "sv") -> Any:
    return CliRunner().invoke(build_app("en" if lang == "en" else "sv"), list(args))


def export(assessment: Path, out: Path, *extra: str) -> Path:
    result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG, *extra)
    assert result.exit_code == 0, result.output
    return out


def edit(workbook: Path, change: Callable[[Any], None]) -> None:
    wb = openpyxl.load_workbook(workbook)
    change(wb)
    wb.save(workbook)


def import_(workbook: Path, into: Path, *extra: str, lang: str = "sv") -> Any:
    return run("import", "xlsx", str(workbook), "--into", str(into), *CATALOG, *extra, lang=lang)
