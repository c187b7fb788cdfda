"""``--generated-at`` is a date or a date and time (ISO 8601), never free text: a proven report's
footer cannot claim a decision the report does not make (attack B, defect 17)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from lotscert.errors import ReportError
from lotscert.register import build_register
from lotscert.reports import ReportFormat, ReportKind, verify, write_report
from lotscert.reports.integrity import checked_generated_at
from lotscert.reports.register import RegisterFormat, render_register
from tests.paths import ROOT

AUDIT = ROOT / "assessments" / "9930-norrbyn" / "2026-internal_audit.yaml"
CLAIM = (
    "2026-11-29 – BESLUT: Rekommenderas för certifiering utan villkor (Sara Lindgren, ledande "
    "revisor)"
)


def test_a_free_text_is_refused_in_words_and_nothing_is_written(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "r"
    result = run_cli(
        [
            "report",
            "certificate",
            str(AUDIT),
            "--format",
            "md",
            "--out",
            str(out),
            "--generated-at",
            CLAIM,
        ]
    )
    assert result.exit_code == 2
    assert "--generated-at ska vara ett datum eller en tidpunkt i ISO 8601" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.rglob("*.md"))
    english = run_cli(
        ["report", "gap", str(AUDIT), "--out", str(out), "--generated-at", "igår", "--lang", "en"]
    )
    assert english.exit_code == 2
    assert "--generated-at must be a date or a date and time in ISO 8601" in english.stderr


@pytest.mark.parametrize("text", ["2026-11-29", "2026-11-29T14:05", "2026-11-29 14:05:00+01:00"])
def test_a_date_or_time_is_printed_and_proven(tmp_path: Path, text: str) -> None:
    copy = tmp_path / "9930-norrbyn" / AUDIT.name
    copy.parent.mkdir()
    shutil.copyfile(AUDIT, copy)
    [report] = write_report(
        ReportKind.CERTIFICATE, [copy], ReportFormat.MD, "sv", tmp_path / "r", generated_at=text
    )
    assert text in report.read_text(encoding="utf-8")
    assert verify(report, [copy]).ok


def test_the_register_refuses_a_free_text() -> None:
    register = build_register([ROOT / "assessments" / "9930-norrbyn"], dt.date(2026, 12, 1))
    with pytest.raises(ReportError):
        render_register(register, RegisterFormat.HTML, "sv", CLAIM)


@settings(max_examples=60, derandomize=True)
@given(text=st.text(min_size=1, max_size=40))
def test_property_only_iso_dates_pass(text: str) -> None:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        with pytest.raises(ReportError):
            checked_generated_at(text)
    else:
        assert checked_generated_at(text) == text
