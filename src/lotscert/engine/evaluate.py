"""``evaluate``: catalogue + assessment (+ the previous assessment) → one ``Result``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from lotscert.engine.action_records import Dates, check_records, honoured, record_warnings
from lotscert.engine.actions import action_deadline, action_warnings, with_action_state
from lotscert.engine.arithmetic import to_decimal
from lotscert.engine.authority import authority
from lotscert.engine.consistency import scoring_warnings
from lotscert.engine.coverage import compute_coverage, coverage_findings, coverage_level
from lotscert.engine.decision import decide, held_back_by_previous
from lotscert.engine.findings import grade_for, requirement_findings, sort_findings
from lotscert.engine.grading import FindingKey, grade_findings, judgement_warnings
from lotscert.engine.persons import evaluate_persons
from lotscert.engine.previous_findings import answer_previous, open_keys
from lotscert.engine.scope import scope_of
from lotscert.engine.scoring import ScoredRequirement, compute_scores, score_requirements
from lotscert.engine.team import team_members, team_warnings
from lotscert.engine.trend import compute_trend
from lotscert.errors import AssessmentError
from lotscert.models.assessment import Assessment, Response
from lotscert.models.catalog import Catalog
from lotscert.models.result import (
    CatalogInfo,
    Coverage,
    Finding,
    MunicipalityInfo,
    PersonResult,
    RequirementResult,
    Result,
)


def _requirement_result(item: ScoredRequirement, finding: Finding | None) -> RequirementResult:
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
        finding=finding.grade
        if finding is not None
        else grade_for(requirement.modality, item.effective_status),
        metric=item.metric,
        persons=item.persons,
    )


@dataclass(frozen=True)
class _Recurring:
    """The previous audit's open findings a recurring minor is matched against."""

    keys: Collection[FindingKey] = field(default_factory=frozenset)
    source: str | None = None


def _with_coverage_actions(findings: list[Finding], assessment: Assessment) -> list[Finding]:
    actions = assessment.coverage_actions
    if actions is None:
        return findings
    attached = []
    for finding in findings:
        table = (
            actions.departments
            if finding.kind == "department_coverage"
            else actions.specialist_areas
            if finding.kind == "specialist_coverage"
            else {}
        )
        action = table.get(finding.concerns)
        attached.append(finding.model_copy(update={"action": action}) if action else finding)
    return attached


def _with_honoured_actions(
    assessment: Assessment, scored: list[ScoredRequirement], findings: list[Finding]
) -> tuple[list[ScoredRequirement], list[Finding]]:
    """``scored`` and ``findings`` with the actions of ``assessment`` (records set aside)."""
    scored = [
        replace(item, response=assessment.responses.get(item.requirement.id)) for item in scored
    ]
    coverage = assessment.coverage_actions
    attached = []
    for finding in findings:
        if finding.kind == "requirement" and finding.requirement is not None:
            response = assessment.responses.get(finding.requirement)
            action = response.action if response is not None else None
        elif coverage is not None and finding.kind == "department_coverage":
            action = coverage.departments.get(finding.concerns, finding.action)
        elif coverage is not None and finding.kind == "specialist_coverage":
            action = coverage.specialist_areas.get(finding.concerns, finding.action)
        else:
            action = finding.action
        attached.append(finding.model_copy(update={"action": action}))
    return scored, attached


def _own_findings(
    catalog: Catalog, assessment: Assessment, findings: list[Finding]
) -> dict[tuple[str, bool], bool]:
    """What this assessment finds, as its records are dated against: a requirement the
    assessor states as a finding (not one the register or a measurement makes a finding of a
    stated follow-up), and every coverage finding."""
    own = {(f.concerns, False): True for f in findings if f.kind != "requirement"}
    for rid, response in assessment.responses.items():
        requirement = catalog.requirements_by_id.get(rid)
        if requirement is not None and grade_for(requirement.modality, response.status):
            own[(rid, True)] = True
    return own


def _evaluate_without_trend(
    catalog: Catalog,
    assessment: Assessment,
    recurring: _Recurring | None = None,
    previous_date: dt.date | None = None,
) -> tuple[Result, list[ScoredRequirement], Assessment]:
    """The result without a trend, the scored requirements and the assessment as it counts
    (verifications and closures that do not count set aside)."""
    import lotscert  # at call time: the package imports this module while it initialises

    persons: list[PersonResult] = []
    # Person and coverage rules need the catalogue's competence profile; coverage also needs
    # its certification parameters. A catalogue without them skips those rules. Persons come
    # first: a requirement linked to the register is judged from them. A sampling audit
    # (surveillance, special) that lists no persons does not judge coverage.
    judges_coverage = scope_of(assessment.kind) != "sample" or bool(assessment.persons)
    if catalog.competence is not None:
        persons = evaluate_persons(assessment.persons, catalog.competence, assessment.date)
    scored = score_requirements(catalog, assessment, persons)
    findings = requirement_findings(scored)
    coverage = Coverage()
    if catalog.competence is not None and catalog.certification is not None and judges_coverage:
        coverage = compute_coverage(assessment, catalog.certification, persons)
        findings.extend(coverage_findings(coverage, coverage_level(catalog)))
    findings = _with_coverage_actions(findings, assessment)
    recurring = recurring or _Recurring()
    may_decide = authority(catalog, assessment)
    findings, refused = grade_findings(
        findings, assessment, recurring.keys, recurring.source, may_decide
    )
    deadline = action_deadline(catalog, assessment)
    # A verification or closure that an auditor of the team did not make, or whose date does not
    # fit the finding, does not count (engine/action_records.py): set aside before deciding.
    own = _own_findings(catalog, assessment, findings)
    records = check_records(
        assessment, own, Dates(assessment.date, deadline, previous_date), may_decide
    )
    if records:
        assessment = honoured(assessment, records)
        scored, findings = _with_honoured_actions(assessment, scored, findings)
    findings = sort_findings(
        [with_action_state(finding, assessment.date, deadline) for finding in findings]
    )
    by_requirement = {f.requirement: f for f in findings if f.requirement is not None}
    team = team_members(catalog, assessment)
    result = Result(
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
        requirements={
            item.requirement.id: _requirement_result(item, by_requirement.get(item.requirement.id))
            for item in scored
        },
        scores=compute_scores(catalog, scored),
        findings=findings,
        persons=persons,
        coverage=coverage,
        warnings=[
            *scoring_warnings(catalog, assessment, scored),
            *judgement_warnings(refused),
            *record_warnings(records),
            *action_warnings(assessment, findings, deadline),
            *team_warnings(catalog, assessment, team),
        ],
        complete=all(item.effective_status != "not_assessed" for item in scored if item.in_scope),
        decision=decide(assessment, scored, findings, catalog.certification),
        team=team,
    )
    return result, scored, assessment


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
    previous_source: str | None = None,
) -> Result:
    """Score ``assessment`` against ``catalog`` by DESIGN §3 and §6, with a trend against
    ``previous`` and the answers to its open findings.

    ``previous`` is evaluated against ``previous_catalog`` when given (a catalogue revision:
    ids are matched through the current catalogue's ``replaces`` map), else against
    ``catalog``, its response ids translated through ``replaces`` if it names another
    catalogue version. ``previous_source`` names the previous file in the result (a recurring
    finding and each previous finding say where they come from). Raises ``AssessmentError``
    when ``previous`` is another municipality's or a maturity lies above the catalogue's scale.
    Whether ``previous`` is earlier is the caller's to check for files a user names
    (``lotscert.previous.check_previous``): a trend may be computed either way.
    """
    if previous is None:
        return _evaluate_without_trend(catalog, assessment)[0]
    if previous.municipality.code != assessment.municipality.code:
        raise AssessmentError(
            f"den tidigare bedömningen gäller kommun {previous.municipality.code}, inte "
            f"{assessment.municipality.code}",
            en=f"the previous assessment is for municipality {previous.municipality.code}, "
            f"not {assessment.municipality.code}",
        )
    if previous_catalog is None:
        id_map = _replacement_map(catalog, previous.catalog)
        previous_result = _evaluate_without_trend(catalog, _translated(previous, id_map))[0]
        trend_map: dict[str, str] = {}
        answer_map: dict[str, str] = {}
    else:
        id_map = _replacement_map(catalog, previous_catalog.ref)
        previous_result = _evaluate_without_trend(previous_catalog, previous)[0]
        trend_map = answer_map = id_map
    recurring = _Recurring()
    parameters = catalog.certification
    if (
        parameters is not None
        and parameters.recurring_minor_is_major
        and previous.kind != "self_assessment"
    ):
        recurring = _Recurring(open_keys(previous_result, answer_map), previous_source)
    result, scored, counted = _evaluate_without_trend(catalog, assessment, recurring, previous.date)
    trend = compute_trend(result, previous_result, trend_map)
    answers, warnings = answer_previous(
        previous_result, answer_map, result.findings, scored, counted, previous_source
    )
    decision = result.decision
    if previous.kind != "self_assessment":  # an audit's findings are followed up (not one's own)
        decision = held_back_by_previous(decision, answers, assessment, catalog.certification)
    return result.model_copy(
        update={
            "trend": trend,
            "previous_findings": answers,
            "warnings": [*result.warnings, *warnings],
            "decision": decision,
        }
    )
