"""A person's name in an input's file name (a draft saved as ``2026-utkast-sara-lindgren.yaml``)
is pseudonymised in every report's list of inputs and in redact's header, and the report is
still proven by ``verify`` (attack B, defect 12)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lotscert.reports import ReportFormat, ReportKind, verify, write_report
from tests.paths import ROOT

EXAMPLE_2026 = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"
EXAMPLE_2025 = ROOT / "assessments" / "9910-exempelby" / "2025-self_assessment.yaml"


def _named_draft(tmp_path: Path) -> Path:
    draft = tmp_path / "9910-exempelby" / "2026-utkast-sara-lindgren.yaml"
    draft.parent.mkdir()
    shutil.copyfile(EXAMPLE_2026, draft)
    return draft


@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.MD, ReportFormat.JSON])
@pytest.mark.parametrize("kind", [ReportKind.GAP, ReportKind.TREND, ReportKind.COMPARE])
def test_a_name_in_a_file_name_is_not_shown_and_the_report_is_proven(
    tmp_path: Path, kind: ReportKind, fmt: ReportFormat
) -> None:
    draft = _named_draft(tmp_path)
    last_year = draft.parent / EXAMPLE_2025.name
    shutil.copyfile(EXAMPLE_2025, last_year)
    given = [draft] if kind is ReportKind.GAP else [draft, last_year]
    [report] = write_report(kind, given, fmt, "sv", tmp_path / "out")
    text = report.read_text(encoding="utf-8")
    assert "lindgren" not in text.casefold()
    assert "2026-utkast-" in text  # the rest of the name stays: the file can be found
    assert verify(report, given).ok
    # another file of the same content is still told apart by its name
    renamed = draft.parent / "2026-utkast-annan.yaml"
    shutil.copyfile(draft, renamed)
    outcome = verify(report, [renamed, *given[1:]])
    assert outcome.content is not None and outcome.content.kind == "name"


def test_a_name_in_a_file_name_is_pseudonymised_in_redacts_header(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    draft = _named_draft(tmp_path)
    out = tmp_path / "kopia.yaml"
    result = run_cli(["redact", str(draft), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "lindgren" not in text.casefold()
    assert "2026-utkast-" in text.splitlines()[0] or "2026-utkast-" in text[:400]
