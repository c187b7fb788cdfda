"""YAML → xlsx → YAML gives back the same assessment: examples and generated ones."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from excel_strategies import assessments
from hypothesis import HealthCheck, given, settings

from lotscert.excel import build_workbook, export_workbook, import_workbook
from lotscert.excel.importer import read_workbook
from lotscert.excel.merge import dump_new, merge_text
from lotscert.excel.merging import apply_content
from lotscert.loading import load_assessment, load_catalog
from lotscert.models.assessment import Assessment
from lotscert.register import looks_like_decision
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT

# The example assessments (the certification decisions beside them are not assessments).
EXAMPLES = sorted(
    path for path in (ROOT / "assessments").rglob("*.yaml") if not looks_like_decision(path)
)
CATALOG = load_catalog(CONTRACT_CATALOG)


def _round_trip(assessment: Assessment, folder: Path, base: Assessment | None) -> Assessment:
    path = folder / "book.xlsx"
    path.write_bytes(build_workbook(assessment, CATALOG))
    content = read_workbook(path, base, catalog_paths=[CONTRACT_CATALOG])
    return apply_content(content, base)


@pytest.mark.parametrize(
    "example", [CONTRACT_ASSESSMENT, *EXAMPLES], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_examples_round_trip_into_a_new_file_and_into_themselves(
    example: Path, tmp_path: Path
) -> None:
    original = load_assessment(example)
    workbook = export_workbook(example, tmp_path / "book.xlsx", catalog_paths=[CONTRACT_CATALOG])
    report = import_workbook(workbook, tmp_path / "new.yaml", catalog_paths=[CONTRACT_CATALOG])
    assert report.created
    assert load_assessment(tmp_path / "new.yaml") == original
    copy = tmp_path / "same.yaml"
    shutil.copy(example, copy)
    report = import_workbook(workbook, copy, catalog_paths=[CONTRACT_CATALOG])
    assert report.changes == []
    assert not report.written
    assert copy.read_bytes() == example.read_bytes()
    assert not (tmp_path / "same.yaml.bak").exists()


def test_english_workbook_round_trips(tmp_path: Path) -> None:
    original = load_assessment(CONTRACT_ASSESSMENT)
    workbook = export_workbook(
        CONTRACT_ASSESSMENT, tmp_path / "en.xlsx", "en", catalog_paths=[CONTRACT_CATALOG]
    )
    import openpyxl

    assert openpyxl.load_workbook(workbook).sheetnames[:2] == ["Instructions", "Management"]
    import_workbook(workbook, tmp_path / "new.yaml", catalog_paths=[CONTRACT_CATALOG], lang="en")
    assert load_assessment(tmp_path / "new.yaml") == original


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(assessment=assessments)
def test_generated_assessments_round_trip(assessment: Assessment, tmp_path: Path) -> None:
    assert _round_trip(assessment, tmp_path, assessment) == assessment


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(assessment=assessments)
def test_generated_assessments_round_trip_into_no_file(
    assessment: Assessment, tmp_path: Path
) -> None:
    """Without a file to merge into, the only loss is an empty text in a cell, read back as
    absent (None), and an empty web-course record; the header (assessors, departments)
    travels in the metadata sheet exactly."""
    result = _round_trip(assessment, tmp_path, None).model_dump(mode="json")
    expected = assessment.model_dump(mode="json")
    for response in expected["responses"].values():
        _blank(response, "comment")
        if response["action"] is not None:
            _blank(response["action"], "owner")
    for person in expected["persons"]:
        _blank(person, "name")
        _blank(person, "role")
        if person["training"] == {"modules": {}, "exam_score": None, "exam_date": None}:
            person["training"] = None
    for metric in expected["metrics"].values():
        _blank(metric, "source")
        _blank(metric, "note")
    assert result == expected


def _blank(mapping: dict[str, object], key: str) -> None:
    if mapping[key] == "":
        mapping[key] = None


@settings(max_examples=60, deadline=None)
@given(first=assessments, second=assessments)
def test_merging_one_assessment_text_into_another_reads_back_exactly(
    first: Assessment, second: Assessment
) -> None:
    text = dump_new(first)
    second = second.model_copy(update={"catalog": first.catalog})
    merged = merge_text(text, first, second)  # raises unless it reads back as ``second``
    assert Assessment.model_validate(yaml.safe_load(merged)) == second
    again = merge_text(merged, second, second)
    assert Assessment.model_validate(yaml.safe_load(again)) == second


@settings(max_examples=25, deadline=None)
@given(assessment=assessments)
def test_text_that_looks_like_a_formula_is_never_a_formula(assessment: Assessment) -> None:
    import io

    book = build_workbook(assessment, CATALOG)
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
