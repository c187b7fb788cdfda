"""The comparison: one summary row per assessment, streaming, sortable, anonymisable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotscert.reports import (
    ReportFormat,
    ReportKind,
    api,
    compare_report,
    compare_rows,
    write_report,
)
from lotscert.reports.context.compare import anonymous_letters
from tests.reports.report_helpers import EXAMPLES, example_groups

needs_examples = pytest.mark.skipif(
    len(example_groups()) < 2, reason="the example assessments are not there yet"
)


@needs_examples
def test_rows_from_a_folder_one_result_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []
    original = api.evaluate_loaded

    def counting(item: api.LoadedAssessment, previous: object = None) -> object:
        seen.append(item.path)
        return original(item)

    monkeypatch.setattr(api, "evaluate_loaded", counting)
    progress: list[Path] = []
    rows = compare_rows([EXAMPLES], progress=progress.append)
    files = [path for group in example_groups().values() for path in group]
    assert seen == progress == files
    # Only audits of the whole function are compared (not a surveillance audit's sample, not a
    # persons test certification).
    whole = [
        path
        for path in files
        if not path.stem.endswith(("surveillance_audit", "persons_test_certification"))
    ]
    assert [row.path for row in rows] == whole
    for row in rows:
        assert row.overall is not None and set(row.levels) >= {"ledning", "process", "person"}
        assert row.major >= 0 and row.outcome
        # A row keeps a summary, not the result.
        assert not hasattr(row, "requirements") and not hasattr(row, "findings")


@needs_examples
def test_anonymised_comparison_names_nobody(tmp_path: Path) -> None:
    rows = compare_rows([EXAMPLES])
    names = {row.name for row in rows} | {row.code for row in rows}
    for fmt in (ReportFormat.HTML, ReportFormat.MD, ReportFormat.JSON):
        [path] = write_report(ReportKind.COMPARE, [EXAMPLES], fmt, "sv", tmp_path, anonymise=True)
        text = path.read_text(encoding="utf-8")
        body = text.split("lotscert-integrity")[0] if fmt is not ReportFormat.JSON else text
        for name in names:
            if fmt is ReportFormat.JSON:
                document = json.loads(text)
                assert all(row["code"] is None for row in document["rows"])
                assert all(row["municipality"] not in names for row in document["rows"])
            else:
                assert name not in body.split("Underlag och kontrollsummor")[0], (fmt, name)
        assert path.name.endswith(f"-anonym.{fmt.value}")


@needs_examples
def test_letters_follow_the_score(tmp_path: Path) -> None:
    rows = compare_rows([EXAMPLES])
    context, _document, years = compare_report(rows, lang="sv", anonymise=True, generated_at=None)
    assert context.compare is not None
    shown = [row.shown_as for row in context.compare.rows]
    overall = [row.overall for row in context.compare.rows]
    assert overall == sorted(overall, reverse=True)
    assert shown[0] == "A"
    assert years == sorted({row.period for row in rows})
    plain, _, _ = compare_report(rows, lang="sv", anonymise=False, generated_at=None)
    assert plain.compare is not None
    codes = [row.code for row in plain.compare.rows]
    assert codes == sorted(codes)
    assert len(plain.compare.heat_maps) == 1 and "<svg" in plain.compare.heat_maps[0]


def test_letters() -> None:
    assert [anonymous_letters(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_sortable_table_works_without_javascript(
    contract: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, catalog = contract
    [path] = write_report(
        ReportKind.COMPARE, [assessment], ReportFormat.HTML, "en", tmp_path, catalog_paths=[catalog]
    )
    text = path.read_text(encoding="utf-8")
    assert path.name == "compare-2026.en.html"  # English: the language is in the name
    # Plain header cells (buttons are added by the script) and values to sort by.
    assert '<table class="compare sortable">' in text
    assert 'data-sort="70.8"' in text
    assert "Exempelby (9901)" in text
