"""Loading the contract files, round trips, and located diagnostics."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from lotscert.errors import ValidationFailed
from lotscert.loading import (
    find_catalog,
    load_assessment,
    load_assessment_with_catalog,
    load_catalog,
    validate_paths,
)
from lotscert.models import Assessment, Catalog
from lotscert.yamlwrite import dump_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT


def test_contract_files_load_unchanged() -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    assessment = load_assessment(CONTRACT_ASSESSMENT)
    assert catalog.ref == "exempel-mini@1.0"
    assert catalog.top == 4
    assert [r.id for r in catalog.requirements] == ["L1", "L2", "P1", "P2", "P3", "K1"]
    assert assessment.municipality.is_example
    assert assessment.persons[1].training is not None
    assert assessment.persons[1].training.exam_score == Decimal("0.70")


def test_contract_files_are_the_shared_ones() -> None:
    shared = ROOT.parent / "shared" / "examples"
    if not shared.is_dir():
        pytest.skip("../shared/examples is not beside this clone")
    for name in ("catalog-minimal.yaml", "assessment-minimal.yaml"):
        assert (shared / name).read_bytes() == (CONTRACT_CATALOG.parent / name).read_bytes()


def test_every_field_survives_load_dump_load() -> None:
    assessment = load_assessment(CONTRACT_ASSESSMENT)
    again = Assessment.model_validate(yaml.safe_load(dump_assessment(assessment)))
    assert again == assessment
    catalog = load_catalog(CONTRACT_CATALOG)
    dumped = yaml.safe_dump(catalog.model_dump(mode="json", exclude_none=True), allow_unicode=True)
    assert Catalog.model_validate(yaml.safe_load(dumped)) == catalog


def test_contract_assessment_validates_against_its_catalogue() -> None:
    report = validate_paths([CONTRACT_ASSESSMENT, CONTRACT_CATALOG])
    assert report.diagnostics == []
    assert sorted(kind for _, kind in report.checked) == ["assessment", "catalog"]
    assessment, catalog = load_assessment_with_catalog(CONTRACT_ASSESSMENT, [CONTRACT_CATALOG])
    assert catalog.id == assessment.catalog_id


def test_bundled_catalogue_is_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    catalog = find_catalog("ss884000@1.0")
    levels = {r.level for r in catalog.requirements}
    assert levels == {"ledning", "process", "person"}
    counts = {level: sum(r.level == level for r in catalog.requirements) for level in levels}
    assert counts["ledning"] >= 8 and counts["process"] >= 10 and counts["person"] >= 8
    assert catalog.competence is not None and catalog.certification is not None


def _write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines(path: Path, catalog: Path = CONTRACT_CATALOG) -> list[str]:
    return [d.format("sv") for d in validate_paths([path], [catalog]).diagnostics]


def test_schema_error_points_at_the_yaml_line(tmp_path: Path) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("maturity: 4", "maturity: fyra")
    path = _write(tmp_path, text)
    lines = _lines(path)
    assert lines == [f"{path}:17:15: fel: responses.L1.maturity: ska vara ett heltal, fick 'fyra'"]


def test_all_problems_reported_in_one_run(tmp_path: Path) -> None:
    text = (
        CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
        .replace("maturity: 4", "maturity: 9")
        .replace(
            "  P3:\n    status: not_applicable\n",
            "  P3:\n    status: not_applicable\n    comment: ''\n",
            1,
        )
    )
    text = text.replace(
        '    comment: "Lotsmöten ordnas av regionens gemensamma lotsfunktion."\n', ""
    )
    path = _write(tmp_path, text)
    lines = _lines(path)
    assert any("responses.L1.maturity: mognaden ska vara 0–4, fick 9" in line for line in lines)
    assert any("not_applicable kräver en kommentar" in line for line in lines)


def test_duplicate_response_is_an_error_with_both_lines(tmp_path: Path) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("  P3:\n", "  P2:\n")
    path = _write(tmp_path, text)
    assert _lines(path) == [
        f"{path}:36:3: fel: nyckeln 'P2' finns två gånger (första gången på rad 31); "
        "ta bort eller slå ihop den ena; raderna 36–38 (responses.P2) lästes inte, resten av "
        "filen är kontrollerad så långt det går utan dem"
    ]


def test_unknown_requirement_suggests_and_lists(tmp_path: Path) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("  P3:\n", "  P9:\n")
    path = _write(tmp_path, text)
    lines = _lines(path)
    assert (
        f"{path}:36:3: fel: responses.P9: okänt krav-id P9; katalogen exempel-mini@1.0 har "
        "L1–L2, P1–P3, K1. Menade du P3?" in lines
    )
    assert any("svar saknas för P3" in line for line in lines)


def test_english_messages(tmp_path: Path) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace("maturity: 4", "maturity: 7")
    path = _write(tmp_path, text)
    diagnostics = validate_paths([path], [CONTRACT_CATALOG]).diagnostics
    assert diagnostics[0].format("en") == (
        f"{path}:17:15: error: responses.L1.maturity: maturity must be 0–4, got 7"
    )


def test_load_raises_with_every_diagnostic(tmp_path: Path) -> None:
    path = _write(tmp_path, "catalog: x@1\nperiod: nej\n")
    with pytest.raises(ValidationFailed) as failure:
        load_assessment(path)
    assert len(failure.value.diagnostics) >= 4  # municipality, kind, date missing; period wrong


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace(
        "due: 2026-09-30", "due: 2026-01-30"
    )
    path = _write(tmp_path, text)
    report = validate_paths([path], [CONTRACT_CATALOG])
    assert report.errors == []
    assert [d.code for d in report.warnings] == ["response.action_overdue"]
    strict = validate_paths([path], [CONTRACT_CATALOG], strict=True)
    assert [d.severity for d in strict.diagnostics] == ["error"]
