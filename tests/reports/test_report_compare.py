"""The comparison: one summary row per assessment, streaming, sortable, anonymisable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

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


def _real_municipality(folder: Path) -> Path:
    """Hultsfred (0860), a real municipality, with the figures of an example file."""
    source = EXAMPLES / "9910-exempelby" / "2026-certification_audit.yaml"
    text = source.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["municipality"] = {"code": "0860", "name": "Hultsfred"}
    target = folder / "0860-hultsfred" / "2026-certification_audit.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


@needs_examples
@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.MD], ids=lambda f: f.value)
def test_fiction_is_marked_per_row_not_over_real_figures(tmp_path: Path, fmt: ReportFormat) -> None:
    real = _real_municipality(tmp_path / "in")
    [mixed] = write_report(ReportKind.COMPARE, [EXAMPLES, real], fmt, "sv", tmp_path / "mixed")
    text = mixed.read_text(encoding="utf-8")
    # no banner, no watermark over the real figures
    assert "Exempeldata – fiktiv kommun" not in text
    assert 'class="watermark"' not in text
    # each example row marked, the real one not; the page says what the mark means
    for line in text.splitlines():
        if "Hultsfred (0860)" in line and ("<tr" in line or line.startswith("|")):
            assert "(exempel)" not in line, line
        if "Exempelby (9910)" in line and ("<tr" in line or line.startswith("|")):
            assert "(exempel)" in line, line
    assert "Rader märkta ”exempel” gäller påhittade kommuner" in text

    [fiction] = write_report(ReportKind.COMPARE, [EXAMPLES], fmt, "sv", tmp_path / "fiction")
    assert "Exempeldata – fiktiv kommun" in fiction.read_text(encoding="utf-8")
    assert "Rader märkta" not in fiction.read_text(encoding="utf-8")

    [only_real] = write_report(ReportKind.GAP, [real], fmt, "sv", tmp_path / "real")
    assert "Exempeldata" not in only_real.read_text(encoding="utf-8")


@needs_examples
def test_json_rows_say_which_are_examples(tmp_path: Path) -> None:
    real = _real_municipality(tmp_path / "in")
    [path] = write_report(ReportKind.COMPARE, [EXAMPLES, real], ReportFormat.JSON, "en", tmp_path)
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    assert {row["code"]: row["example"] for row in rows}["0860"] is False
    assert all(row["example"] for row in rows if row["code"].startswith("99"))
