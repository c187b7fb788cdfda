"""``evaluate``: catalogue + assessment (+ the previous assessment) → one ``Result``."""

from __future__ import annotations

from lotscert.engine.arithmetic import to_decimal
from lotscert.engine.consistency import scoring_warnings
from lotscert.engine.coverage import compute_coverage, coverage_findings, coverage_level
from lotscert.engine.decision import decide
from lotscert.engine.findings import grade_for, requirement_findings, sort_findings
from lotscert.engine.persons import evaluate_persons
from lotscert.engine.scope import scope_of
from lotscert.engine.scoring import ScoredRequirement, compute_scores, score_requirements
from lotscert.engine.trend import compute_trend
from lotscert.errors import AssessmentError
from lotscert.models.assessment import Assessment, Response
from lotscert.models.catalog import Catalog
from lotscert.models.result import (
    CatalogInfo,
    Coverage,
    MunicipalityInfo,
    PersonResult,
    RequirementResult,
    Result,
)


def _requirement_result(item: ScoredRequirement) -> RequirementResult:
    requirement = item.requirement
    return RequirementResult(
        id=requirement.id,
        level=requirement.level,
        cornerstone=requirement.cornerstone,
        modality=requirement.modality,
        weight=requirement.weight,
        status=item.status,
        effective_status=item.effective_status,
        maturity=item.maturity,
        earned=to_decimal(item.earned) if item.earned is not None else None,
        possible=to_decimal(item.possible) if item.possible is not None else None,
        finding=grade_for(requirement.modality, item.effective_status),
        metric=item.metric,
    )


def _evaluate_without_trend(catalog: Catalog, assessment: Assessment) -> Result:
    import lotscert  # at call time: the package imports this module while it initialises

    scored = score_requirements(catalog, assessment)
    findings = requirement_findings(scored)
    persons: list[PersonResult] = []
    coverage = Coverage()
    # Person and coverage rules need the catalogue's competence profile; coverage also needs
    # its certification parameters. A catalogue without them skips those rules.
    # A sampling audit (surveillance, special) that lists no persons does not judge coverage.
    judges_coverage = scope_of(assessment.kind) != "sample" or bool(assessment.persons)
    if catalog.competence is not None:
        persons = evaluate_persons(assessment.persons, catalog.competence, assessment.date)
        if catalog.certification is not None and judges_coverage:
            coverage = compute_coverage(assessment, catalog.certification, persons)
            findings.extend(coverage_findings(coverage, coverage_level(catalog)))
    findings = sort_findings(findings)
    return Result(
        lotscert_version=lotscert.__version__,
        catalog=CatalogInfo(id=catalog.id, version=catalog.version, top=catalog.top),
        municipality=MunicipalityInfo(
            code=assessment.municipality.code,
            name=assessment.municipality.name,
            is_example=assessment.municipality.is_example,
        ),
        period=assessment.period,
        kind=assessment.kind,
        date=assessment.date,
        requirements={item.requirement.id: _requirement_result(item) for item in scored},
        scores=compute_scores(catalog, scored),
        findings=findings,
        persons=persons,
        coverage=coverage,
        warnings=scoring_warnings(catalog, assessment, scored),
        complete=all(item.effective_status != "not_assessed" for item in scored if item.in_scope),
        decision=decide(assessment, scored, findings, catalog.certification),
    )


def _replacement_map(catalog: Catalog, previous_ref: str) -> dict[str, str]:
    """Previous ids → current ids, when the previous assessment used another catalogue."""
    if previous_ref == catalog.ref or not catalog.replaces:
        return {}
    return dict(catalog.replaces)


def _translated(previous: Assessment, id_map: dict[str, str]) -> Assessment:
    """The previous assessment with its response ids in the current catalogue's terms."""
    if not id_map:
        return previous
    responses: dict[str, Response] = {}
    for rid in sorted(previous.responses):
        responses.setdefault(id_map.get(rid, rid), previous.responses[rid])
    return previous.model_copy(update={"responses": responses})


def evaluate(
    catalog: Catalog,
    assessment: Assessment,
    previous: Assessment | None = None,
    previous_catalog: Catalog | None = None,
) -> Result:
    """Score ``assessment`` against ``catalog`` by DESIGN §3, with a trend against ``previous``.

    ``previous`` is evaluated against ``previous_catalog`` when given (a catalogue revision:
    ids are matched through the current catalogue's ``replaces`` map), else against
    ``catalog``, its response ids translated through ``replaces`` if it names another
    catalogue version. Raises ``AssessmentError`` when ``previous`` is another municipality's
    or a maturity lies above the catalogue's scale.
    """
    result = _evaluate_without_trend(catalog, assessment)
    if previous is None:
        return result
    if previous.municipality.code != assessment.municipality.code:
        raise AssessmentError(
            f"the previous assessment is for municipality {previous.municipality.code}, "
            f"not {assessment.municipality.code}"
        )
    if previous_catalog is None:
        id_map = _replacement_map(catalog, previous.catalog)
        previous_result = _evaluate_without_trend(catalog, _translated(previous, id_map))
        trend = compute_trend(result, previous_result, {})
    else:
        id_map = _replacement_map(catalog, previous_catalog.ref)
        previous_result = _evaluate_without_trend(previous_catalog, previous)
        trend = compute_trend(result, previous_result, id_map)
    return result.model_copy(update={"trend": trend})
