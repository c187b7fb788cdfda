"""``lotscert export oscal``: both documents pass NIST's schemas and compliance-trestle's
models, every reference resolves, and the same input gives the same bytes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotscert.engine.evaluate import evaluate
from lotscert.interop.ids import from_oscal_token, is_token, oscal_token
from lotscert.interop.oscal import export_oscal
from lotscert.interop.oscal.markup import from_markup, to_markup, to_markup_line
from lotscert.loading import load_assessment_with_catalog
from tests.interop.oscal_checks import (
    duplicate_uuids,
    empty_arrays,
    schema_errors,
    trestle_read,
    unresolved_references,
)
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG, ROOT

EXAMPLES = sorted(
    path for path in (ROOT / "assessments").glob("*/*.yaml") if "-decision-" not in path.name
)
CASES = [(path, ()) for path in EXAMPLES] + [(CONTRACT_ASSESSMENT, (CONTRACT_CATALOG,))]


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("assessment", "catalogs"), CASES, ids=lambda v: getattr(v, "name", ""))
def test_every_document_passes_both_checkers_and_resolves(
    assessment: Path, catalogs: tuple[Path, ...], tmp_path: Path
) -> None:
    written = export_oscal(assessment, tmp_path, catalog_paths=catalogs)
    assert schema_errors(written.catalog, "catalog") == []
    assert schema_errors(written.assessment_results, "assessment-results") == []
    assert trestle_read(written.catalog, "catalog").uuid
    assert trestle_read(written.assessment_results, "assessment-results").results
    catalog, results = _load(written.catalog), _load(written.assessment_results)
    assert unresolved_references(catalog, results) == []
    assert empty_arrays(catalog) == [] and empty_arrays(results) == []
    assert duplicate_uuids(catalog) == [] and duplicate_uuids(results) == []
    # the catalog document the results point to is the one written beside them
    hrefs = [
        link["href"]
        for resource in results["assessment-results"]["back-matter"]["resources"]
        for link in resource["rlinks"]
    ]
    assert written.catalog.name in hrefs


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_same_input_gives_byte_identical_files(tmp_path: Path, lang: str) -> None:
    source = EXAMPLES[0]
    first = export_oscal(source, tmp_path / "a", lang=lang)  # type: ignore[arg-type]
    second = export_oscal(source, tmp_path / "b", lang=lang)  # type: ignore[arg-type]
    assert first.catalog.read_bytes() == second.catalog.read_bytes()
    assert first.assessment_results.read_bytes() == second.assessment_results.read_bytes()
    if lang == "en":
        assert first.catalog.name.endswith("-oscal-catalog.en.json")


def test_findings_follow_the_effective_status(tmp_path: Path) -> None:
    for source in EXAMPLES:
        assessment, catalog = load_assessment_with_catalog(source)
        result = evaluate(catalog, assessment)
        written = export_oscal(source, tmp_path / source.parent.name / source.stem)
        document = _load(written.assessment_results)["assessment-results"]
        findings = document["results"][0].get("findings", [])
        in_scope = [
            item
            for item in result.requirements.values()
            if not (item.effective_status == "not_assessed" and item.possible is None)
        ]
        assert len(findings) == len(in_scope)
        selection = document["results"][0]["reviewed-controls"]["control-selections"][0]
        excluded = {item["control-id"] for item in selection.get("exclude-controls", [])}
        assert excluded == set(result.requirements) - {item.id for item in in_scope}
        for finding in findings:
            props = {p["name"]: p["value"] for p in finding["props"]}
            verdict = result.requirements[props["requirement-id"]]
            assert props["effective-status"] == verdict.effective_status
            expected = (
                "satisfied"
                if verdict.effective_status in ("fulfilled", "not_applicable")
                else "not-satisfied"
            )
            assert finding["target"]["status"]["state"] == expected
            implementation = finding["target"].get("implementation-status", {}).get("state")
            if verdict.effective_status == "not_applicable":
                assert implementation == "not-applicable"
            if verdict.finding is not None:
                assert props["finding-grade"] == verdict.finding
            else:
                assert "finding-grade" not in props
            if verdict.maturity is not None:
                assert props["maturity"] == str(verdict.maturity)


def test_evidence_methods_and_persons_without_names(tmp_path: Path) -> None:
    written = export_oscal(CONTRACT_ASSESSMENT, tmp_path, catalog_paths=[CONTRACT_CATALOG])
    text = written.assessment_results.read_text(encoding="utf-8")
    document = json.loads(text)["assessment-results"]
    observations = document["results"][0]["observations"]
    methods = {}
    for item in observations:
        props = {p["name"]: p["value"] for p in item["props"]}
        if "evidence-kind" in props:
            methods[props["evidence-kind"]] = item["methods"]
    assert methods == {
        "document": ["EXAMINE"],
        "interview": ["INTERVIEW"],
        "metric": ["TEST"],
        "record": ["EXAMINE"],
    }
    assessment, _ = load_assessment_with_catalog(CONTRACT_ASSESSMENT, [CONTRACT_CATALOG])
    names = [person.name for person in assessment.persons if person.name]
    assert names and not any(name in text for name in names)
    persons = [item for item in observations if item.get("subjects")]
    assert {p["value"] for item in persons for p in item["props"] if p["name"] == "person-id"} == {
        person.id for person in assessment.persons
    }


def test_nonconformities_are_risks_with_their_corrective_action(tmp_path: Path) -> None:
    written = export_oscal(CONTRACT_ASSESSMENT, tmp_path, catalog_paths=[CONTRACT_CATALOG])
    result = _load(written.assessment_results)["assessment-results"]["results"][0]
    risks = {
        next(p["value"] for p in risk["props"] if p["name"] == "requirement-id"): risk
        for risk in result["risks"]
    }
    assert sorted(risks) == ["L2", "P1"]  # the observation and the major nonconformity
    p1 = risks["P1"]
    assert p1["status"] == "remediating"
    assert p1["deadline"] == "2026-06-30T00:00:00+02:00"  # summer time
    remediation = p1["remediations"][0]
    assert remediation["lifecycle"] == "planned"
    assert remediation["description"] == (
        "Inför kontaktperson i alla samordnade ärenden\n\nAnsvarig: Lotssamordnaren"
    )
    finding = next(f for f in result["findings"] if f["target"]["target-id"] == "P1_smt")
    assert finding["related-risks"] == [{"risk-uuid": p1["uuid"]}]


def test_times_are_in_swedish_time(tmp_path: Path) -> None:
    written = export_oscal(CONTRACT_ASSESSMENT, tmp_path, catalog_paths=[CONTRACT_CATALOG])
    metadata = _load(written.assessment_results)["assessment-results"]["metadata"]
    assert metadata["last-modified"] == "2026-03-15T00:00:00+01:00"  # winter time
    catalog_meta = _load(written.catalog)["catalog"]["metadata"]
    assert catalog_meta["oscal-version"] == "1.2.3"


def test_ugly_texts_stay_plain_and_valid(tmp_path: Path) -> None:
    source = tmp_path / "2026-self_assessment.yaml"
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8").replace(
        'comment: "Kontaktperson utses bara i större ärenden."',
        'comment: "<script>alert(1)</script> =HYPERLINK(\\"x\\") *fet* '
        '# rubrik\\n- lista\\n1. ett"',
    )
    source.write_text(text, encoding="utf-8")
    shutil.copy(CONTRACT_CATALOG, tmp_path / "catalog.yaml")
    written = export_oscal(source, tmp_path / "out", catalog_paths=[tmp_path / "catalog.yaml"])
    assert schema_errors(written.assessment_results, "assessment-results") == []
    document = _load(written.assessment_results)["assessment-results"]
    remarks = [f.get("remarks", "") for f in document["results"][0]["findings"]]
    ugly = next(r for r in remarks if "script" in r)
    assert "<script>" not in ugly and "\\<script\\>" in ugly
    assert from_markup(ugly).startswith("<script>alert(1)</script> =HYPERLINK")


def test_ids_that_are_not_tokens_get_an_underscore() -> None:
    assert oscal_token("L1") == "L1"
    assert oscal_token("1.2") == "_1.2"
    assert from_oscal_token("_1.2") == "1.2"
    assert from_oscal_token("_x") == "_x"
    assert is_token("_1.2") and not is_token("1.2")


plain_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
).filter(lambda s: s.strip() == s and s)


@given(plain_line)
def test_markup_reads_back_as_the_plain_text(text: str) -> None:
    assert from_markup(to_markup_line(text)) == text
    assert from_markup(to_markup(text)) == text


@given(st.lists(plain_line, min_size=1, max_size=4))
def test_line_breaks_survive_as_hard_breaks(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert from_markup(to_markup(text)) == text
