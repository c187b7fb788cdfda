"""The bundled catalogue 1.1: testable requirements in the standard's style, no overlap with the
computed coverage rules, targets with source and reason, and a crosswalk from 1.0 so that 1.0
assessments keep working and ``init --from`` lists what changed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from lotscert.catalogdiff import catalog_changes, change_lines
from lotscert.engine import evaluate
from lotscert.loading import find_catalog, load_assessment, load_assessment_with_catalog
from lotscert.validation.catalog_checks import check_catalog
from tests.paths import ROOT

OLD = find_catalog("ss884000@1.0")
NEW = find_catalog("ss884000@1.1")
EXAMPLE = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"


def test_the_new_catalogue_has_no_problems() -> None:
    assert check_catalog(NEW, "ss884000-1.1.yaml") == []


def test_every_requirement_says_ska_or_bor_as_its_modality() -> None:
    for requirement in NEW.requirements:
        swedish = requirement.text.sv.lower()
        english = (requirement.text.en or "").lower()
        if requirement.modality == "shall":
            assert re.search(r"\bska\b", swedish), requirement.id
            assert re.search(r"\bshall\b", english), requirement.id
            assert not re.search(r"\bbör\b", swedish), requirement.id
        else:
            assert re.search(r"\bbör\b", swedish), requirement.id
            assert re.search(r"\bshould\b", english), requirement.id
            assert not re.search(r"\bska\b", swedish), requirement.id


def test_findings_of_the_review_are_addressed() -> None:
    by_id = NEW.requirements_by_id
    assert by_id["L6"].title.sv == "Ledningens årliga genomgång"
    assert by_id["L8"].modality == "shall"  # "inte mitt bord" is a cornerstone
    # one gap, one finding: the coverage rules are not repeated as requirements
    assert "minst en utsedd lots" not in by_id["L3"].text.sv
    assert "tillsammans" not in by_id["K8"].text.sv
    # the web course is tested once (K7), not by the leadership requirement too
    assert "webbutbildning" not in by_id["L7"].text.sv.lower()
    # evidence that can show it: not a register entry alone
    for rid in ("K4", "K7", "K8", "P7", "P8"):
        assert len(by_id[rid].evidence) >= 2, rid
    # the language requirements name a scale
    assert "CEFR" in by_id["K1"].text.sv and "CEFR" in by_id["K2"].text.sv
    # the handling time names what it counts and leaves statutory time limits to the law
    assert "kalenderdagar" in by_id["P5"].text.sv and "lagstadgad" in by_id["P5"].text.sv


def test_every_metric_names_its_source_and_reason() -> None:
    vocabulary = NEW.measurement
    assert vocabulary is not None
    areas = {term.id for term in vocabulary.areas}
    factors = {term.id for term in vocabulary.factors}
    assert {
        "bygglov",
        "miljo_halsoskydd",
        "livsmedelskontroll",
        "serveringstillstand",
        "brandtillsyn",
        "markupplatelse",
    } <= areas
    assert {
        "information",
        "tillganglighet",
        "bemotande",
        "kompetens",
        "rattssakerhet",
        "effektivitet",
    } <= factors
    for requirement in NEW.requirements:
        if requirement.metric is None:
            continue
        assert requirement.metric.source_kind is not None, requirement.id
        assert requirement.metric.max_age_months is not None, requirement.id
        assert "Skäl" in requirement.guidance.sv, requirement.id
        assert "Reason" in (requirement.guidance.en or ""), requirement.id
        if requirement.metric.source_kind == "insikt":
            assert requirement.metric.min_answers is not None, requirement.id


def test_the_crosswalk_covers_every_old_requirement() -> None:
    assert NEW.replaces is not None
    assert set(NEW.replaces) == set(OLD.requirements_by_id)
    assert set(NEW.replaces.values()) <= set(NEW.requirements_by_id)


def test_a_1_0_assessment_still_loads_and_is_scored_against_1_0() -> None:
    assessment, catalog = load_assessment_with_catalog(EXAMPLE)
    assert catalog.ref == "ss884000@1.0"
    result = evaluate(catalog, assessment)
    assert result.catalog.version == "1.0" and set(result.requirements) == set(
        OLD.requirements_by_id
    )


def test_a_trend_across_the_revision_matches_requirements_through_the_crosswalk() -> None:
    old_assessment = load_assessment(EXAMPLE)
    data = old_assessment.model_dump()
    data["catalog"] = NEW.ref
    data["period"] = 2027
    responses = dict(data["responses"])
    responses["P13"] = {"status": "not_assessed"}
    responses["P14"] = {"status": "not_assessed"}
    data["responses"] = responses
    from lotscert.models.assessment import Assessment

    new_assessment = Assessment.model_validate(data)
    result = evaluate(NEW, new_assessment, old_assessment, OLD)
    assert result.trend is not None
    changes = {rid: change.change for rid, change in result.trend.requirements.items()}
    assert changes["P13"] == "new" and changes["L1"] == "unchanged"


def test_change_lines_say_what_changed() -> None:
    lines = change_lines(catalog_changes(OLD, NEW), "sv")
    text = "\n".join(lines)
    assert 'L8 "Inte mitt bord" finns inte: bör → ska' in text
    assert 'L6 Ledningens årliga genomgång: tidigare rubrik "Årlig ledningens genomgång"' in text
    assert "P13 Företagens bedömning av rättssäkerheten: nytt krav (bör)" in text
    assert "källtyp insikt" in text
    assert catalog_changes(NEW, NEW) == []
    english = "\n".join(change_lines(catalog_changes(OLD, NEW), "en"))
    assert "should → shall" in english and "new requirement (should)" in english


def test_init_from_a_1_0_file_gives_a_1_1_file_and_lists_the_changes(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    source = EXAMPLE
    result = run_cli(
        [
            "init",
            "--municipality",
            "9910",
            "--name",
            "Exempelby",
            "--year",
            "2027",
            "--from",
            str(source),
            "--out",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "9910-exempelby" / "2027-self_assessment.yaml"
    assert str(target) in result.output
    assert "Katalogen är bytt från ss884000@1.0 till ss884000@1.1" in result.output
    assert "bör → ska" in result.output and "P14" in result.output
    new = load_assessment(target)
    assert new.catalog == "ss884000@1.1"
    assert set(new.responses) == set(NEW.requirements_by_id)
    old = load_assessment(source)
    assert new.responses["L1"].evidence == old.responses["L1"].evidence
    text = target.read_text(encoding="utf-8")
    assert "# Katalogen är bytt från ss884000@1.0 till ss884000@1.1" in text
    assert load_assessment_with_catalog(target)[1].ref == "ss884000@1.1"


def test_catalog_show_names_a_metric_s_source_and_conditions(
    run_cli: Callable[..., Result],
) -> None:
    result = run_cli(["catalog", "show", "ss884000@1.1", "--level", "process"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "minst 30 svar" in flat and "högst 24 månader gammalt" in flat
    assert "Insikt" in flat


def test_the_persons_register_links_of_1_0_are_carried_into_1_1() -> None:
    for requirement in OLD.requirements:
        if requirement.persons is not None:
            assert NEW.requirements_by_id[requirement.id].persons == requirement.persons
    assert NEW.competence is not None and OLD.competence is not None
    assert NEW.competence.generalist_specialist_min == OLD.competence.generalist_specialist_min
    assert NEW.certification is not None and OLD.certification is not None
    assert NEW.certification.impartial_kinds == OLD.certification.impartial_kinds
    assert NEW.certification.recurring_minor_is_major == OLD.certification.recurring_minor_is_major
