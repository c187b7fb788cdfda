"""One assessment's content: the gap report and the certificate (header, decision, scores,
charts, findings, action plan, requirements, persons and coverage)."""

from __future__ import annotations

from decimal import Decimal

from lotscert.engine.team import AUDITOR_ROLES, impartial_kinds
from lotscert.labels import label, unmet_text
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import PersonResult, Result, Score
from lotscert.reports.context.common import (
    area_title,
    cornerstone_title,
    decision_view,
    department_name,
    language_name,
    level_title,
    person_label,
)
from lotscert.reports.context.findings import action_rows, finding_view, sorted_findings
from lotscert.reports.context.measurements import build_measurements
from lotscert.reports.context.views import (
    AreaView,
    AssessmentView,
    AssessorView,
    Charts,
    DepartmentView,
    Header,
    PersonView,
    PreviousFindingView,
    RequirementRow,
    ScoreView,
    WarningView,
)
from lotscert.reports.formatting import format_number
from lotscert.reports.i18n import tr
from lotscert.reports.svg import Bar, bar_chart
from lotscert.warningtext import warning_text


def _score_view(score_id: str, title: str, score: Score, delta: Decimal | None = None) -> ScoreView:
    return ScoreView(
        id=score_id,
        title=title,
        earned=score.earned,
        possible=score.possible,
        percent=score.percent,
        delta=delta,
    )


def _person_view(
    person: PersonResult,
    catalog: Catalog,
    assessment: Assessment,
    lang: Language,
    with_names: bool,
) -> PersonView:
    return PersonView(
        shown_as=person_label(person.id, person.name, with_names),
        department=department_name(assessment, person.department) or "—",
        role=person.role or "—",
        status=person.status,
        status_label=label("person_status", person.status, lang),
        valid_until=person.valid_until,
        exam_date=person.exam_date,
        specialist_areas=[area_title(catalog, area, lang) for area in person.specialist_areas],
        unmet=[
            unmet_text(
                item.criterion,
                _unmet_subject(item.criterion, item.subject, catalog, lang),
                _unmet_value(item.actual, lang),
                _unmet_value(item.required, lang),
                lang,
            )
            for item in person.unmet
        ],
    )


def _unmet_subject(
    criterion: str, subject: str | None, catalog: Catalog, lang: Language
) -> str | None:
    if subject is None:
        return None
    if criterion == "area_below_base":
        return area_title(catalog, subject, lang)
    if criterion == "module_missing" and catalog.competence is not None:
        for module in catalog.competence.modules:
            if module.id == subject:
                return module.title.get(lang)
    if criterion == "language_below_required":
        return language_name(subject, lang)
    return subject


def _unmet_value(value: str | None, lang: Language) -> str | None:
    """Decimal points in numbers the engine wrote become commas in Swedish."""
    if value is None:
        return None
    try:
        return format_number(Decimal(value), lang)
    except ArithmeticError:
        return value


def _header(result: Result, catalog: Catalog, assessment: Assessment, lang: Language) -> Header:
    return Header(
        municipality_code=result.municipality.code,
        municipality_name=result.municipality.name,
        period=result.period,
        kind=result.kind,
        kind_label=label("kind", result.kind, lang),
        date=result.date,
        catalog_title=catalog.title.get(lang),
        catalog_id=result.catalog.id,
        catalog_version=result.catalog.version,
        catalog_basis=catalog.basis.get(lang),
        assessors=_team(result, assessment, lang),
    )


def _team(result: Result, assessment: Assessment, lang: Language) -> list[AssessorView]:
    """The team with roles, who signs and who is from the audited municipality (the engine's
    judgement; a result read back without it shows the file's team, everyone signing)."""
    if len(result.team) == len(assessment.assessors):
        views = []
        for member in result.team:
            role_label = label("audit_role", member.audit_role, lang) if member.audit_role else "—"
            views.append(
                AssessorView(
                    name=member.name,
                    role=member.role or "—",
                    organisation=member.organisation or "—",
                    audit_role_label=role_label,
                    signs=member.signs,
                    from_audited=member.from_audited,
                    roles_text=_roles_text(role_label, member.role),
                )
            )
        return views
    return [
        AssessorView(
            name=assessor.name,
            role=assessor.role or "—",
            organisation=assessor.organisation or "—",
            roles_text=assessor.role or "—",
        )
        for assessor in assessment.assessors
    ]


def _roles_text(role_label: str, title: str | None) -> str:
    """``Ledande revisor`` once, not ``Ledande revisor, Ledande revisor``."""
    parts = [part for part in (role_label, title or "") if part and part != "—"]
    unique = [
        part
        for index, part in enumerate(parts)
        if part.casefold() not in {earlier.casefold() for earlier in parts[:index]}
    ]
    return ", ".join(unique) or "—"


def _impartiality_text(
    result: Result, catalog: Catalog, team: list[AssessorView], lang: Language
) -> str | None:
    """For an audit that must be impartial: whether its auditors are."""
    if result.kind not in impartial_kinds(catalog) or not result.team:
        return None
    breaches = [
        member.name
        for member in result.team
        if member.audit_role in AUDITOR_ROLES and member.from_audited
    ]
    if breaches:
        return tr(lang, "impartiality_breached", names=", ".join(breaches))
    if not any(view.signs for view in team):
        return tr(lang, "impartiality_no_signatory")
    return tr(lang, "impartiality_kept", municipality=result.municipality.name)


def _previous_heading(
    kind: str, concerns: str, catalog: Catalog, assessment: Assessment, lang: Language
) -> str:
    if kind == "requirement":
        requirement = catalog.requirements_by_id.get(concerns)
        return f"{concerns} {requirement.title.get(lang) if requirement else ''}".strip()
    if kind == "department_coverage":
        return tr(lang, "coverage_department_heading", name=department_name(assessment, concerns))
    return tr(lang, "coverage_area_heading", name=area_title(catalog, concerns, lang))


def previous_finding_views(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language
) -> list[PreviousFindingView]:
    """The previous assessment's open findings and their answers, in the engine's order."""
    return [
        PreviousFindingView(
            grade=item.grade,
            grade_label=label("grade", item.grade, lang),
            heading=_previous_heading(item.kind, item.concerns, catalog, assessment, lang),
            answer=item.answer,
            answer_label=label("previous_answer", item.answer, lang),
            needs_attention=item.answer in ("closed_unverified", "unanswered"),
        )
        for item in result.previous_findings
    ]


def build_assessment_view(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language, with_names: bool
) -> AssessmentView:
    """The content shared by the gap, certificate and persons reports."""
    trend = result.trend
    levels = [
        _score_view(
            level_id,
            level_title(catalog, level_id, lang),
            score,
            trend.levels.get(level_id) if trend else None,
        )
        for level_id, score in result.scores.levels.items()
    ]
    cornerstones = [
        _score_view(
            cornerstone_id,
            cornerstone_title(catalog, cornerstone_id, lang),
            score,
            trend.cornerstones.get(cornerstone_id) if trend else None,
        )
        for cornerstone_id, score in result.scores.cornerstones.items()
    ]
    overall = _score_view(
        "overall", tr(lang, "overall"), result.scores.overall, trend.overall if trend else None
    )
    findings = [
        finding_view(index, finding, result, catalog, assessment, lang)
        for index, finding in enumerate(sorted_findings(result.findings))
    ]
    persons = sorted(
        (_person_view(person, catalog, assessment, lang, with_names) for person in result.persons),
        key=lambda view: view.shown_as,
    )
    person_by_id = {person.id: person for person in result.persons}

    def shown(person_id: str) -> str:
        person = person_by_id.get(person_id)
        return person_label(person_id, person.name if person else None, with_names)

    requirements = [
        RequirementRow(
            id=item.id,
            title=catalog.requirements_by_id[item.id].title.get(lang)
            if item.id in catalog.requirements_by_id
            else "",
            level_title=level_title(catalog, item.level, lang),
            cornerstone_title=cornerstone_title(catalog, item.cornerstone, lang),
            modality_label=label("modality", item.modality, lang),
            weight=item.weight,
            status_label=label("status", item.effective_status, lang),
            maturity=item.maturity,
            earned=item.earned,
            possible=item.possible,
            finding_label=label("grade", item.finding, lang) if item.finding else "—",
        )
        for item in result.requirements.values()
    ]
    covered = {True: tr(lang, "yes"), False: tr(lang, "no")}
    without_action = sum(1 for finding in findings if finding.action is None)
    header = _header(result, catalog, assessment, lang)
    return AssessmentView(
        header=header,
        decision=decision_view(result, lang),
        overall=overall,
        levels=levels,
        cornerstones=cornerstones,
        charts=Charts(
            levels=bar_chart(
                [Bar(view.title, view.percent) for view in [*levels, overall]],
                tr(lang, "chart_levels"),
                lang,
            ),
            cornerstones=bar_chart(
                [Bar(view.title, view.percent) for view in cornerstones],
                tr(lang, "chart_cornerstones"),
                lang,
            ),
        ),
        findings=findings,
        actions=action_rows(result, catalog, assessment, lang),
        findings_without_action=without_action,
        requirements=requirements,
        persons=persons,
        certified_persons=[person for person in persons if person.status == "certified"],
        departments=[
            DepartmentView(
                name=department.name,
                certified=sorted(shown(person_id) for person_id in department.certified),
                required=department.required,
                covered=department.covered,
                covered_label=covered[department.covered],
            )
            for department in result.coverage.departments
        ],
        areas=[
            AreaView(
                title=area_title(catalog, area.id, lang),
                specialists=sorted(shown(person_id) for person_id in area.specialists),
                covered=area.covered,
                covered_label=covered[area.covered],
            )
            for area in result.coverage.specialist_areas
        ],
        warnings=[
            WarningView(code=warning.code, path=warning.path, message=warning_text(warning, lang))
            for warning in result.warnings
        ],
        measurements=build_measurements(result, catalog, assessment, lang),
        has_person_level=catalog.competence is not None,
        delta_heading=tr(lang, "delta_since", year=trend.previous_period) if trend else None,
        no_action_text=tr(
            lang,
            "findings_without_action",
            plural=without_action,
            count=without_action,
        ),
        signature_text=tr(
            lang,
            "signature_text_readiness" if result.decision.readiness_only else "signature_text",
        ),
        signatories=[view for view in header.assessors if view.signs],
        impartiality_text=_impartiality_text(result, catalog, header.assessors, lang),
        previous_findings=previous_finding_views(result, catalog, assessment, lang),
        previous_heading=tr(lang, "previous_findings_intro", period=trend.previous_period)
        if trend is not None and result.previous_findings
        else None,
    )
