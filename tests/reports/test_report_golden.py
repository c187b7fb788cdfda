"""Golden files: Markdown and JSON of the contract example must not change by accident.

Regenerate deliberately with ``LOTSCERT_UPDATE_GOLDEN=1 pytest tests/reports`` and review the
diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lotscert.reports import ReportFormat, ReportKind, write_report

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    (ReportKind.GAP, ReportFormat.MD, "sv"),
    (ReportKind.GAP, ReportFormat.MD, "en"),
    (ReportKind.CERTIFICATE, ReportFormat.MD, "sv"),
    (ReportKind.PERSONS, ReportFormat.MD, "sv"),
    (ReportKind.GAP, ReportFormat.JSON, "sv"),
]


@pytest.mark.parametrize(("kind", "fmt", "lang"), CASES, ids=lambda value: str(value))
def test_contract_example_matches_golden_file(
    contract: tuple[Path, Path], tmp_path: Path, kind: ReportKind, fmt: ReportFormat, lang: str
) -> None:
    assessment, catalog = contract
    [written] = write_report(
        kind,
        [assessment],
        fmt,
        "en" if lang == "en" else "sv",
        tmp_path / "out",
        catalog_paths=[catalog],
    )
    golden = GOLDEN / f"contract-{kind.value}-{lang}.{fmt.value}"
    produced = written.read_text(encoding="utf-8")
    if os.environ.get("LOTSCERT_UPDATE_GOLDEN") == "1":
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden.name}; run with LOTSCERT_UPDATE_GOLDEN=1"
    assert produced == golden.read_text(encoding="utf-8")


def test_golden_markdown_carries_the_expected_result() -> None:
    """The golden file says what expected-minimal.md says, in the report's words."""
    text = (GOLDEN / "contract-gap-sv.md").read_text(encoding="utf-8")
    assert "**Inte redo för certifiering**" in text
    assert "| **Totalt** | **4,25 / 6** | **70,8 %** |" in text
    for line in (
        "| Ledning | 2,5 / 3 | 83,3 % |",
        "| Process | 1 / 2 | 50,0 % |",
        "| Person | 0,75 / 1 | 75,0 % |",
    ):
        assert line in text
    assert "provresultat 0,7 under godkänd gräns 0,8" in text
    english = (GOLDEN / "contract-gap-en.md").read_text(encoding="utf-8")
    assert "**Not ready for certification**" in english
    assert "| **Overall** | **4.25 / 6** | **70.8%** |" in english
