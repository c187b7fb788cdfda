"""The view-models of the reports: plain, already-ordered data with every word in one language.

Templates only lay these out. Everything that needs a decision — the order of findings, which
evidence reference is a link, whether a name may be shown, which label a status gets, the
colour of a competence cell — is made here, from the engine's :class:`Result`, the catalogue
and the assessment. Numbers stay numbers (Decimal, date); the templates' filters format them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final
from urllib.parse import urlsplit

from lotscert.labels import decision_text, label, unmet_text
from lotscert.models.assessment import Assessment, Evidence
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import GRADES, Finding, FindingRef, PersonResult, Result, Score
from lotscert.reports.formatting import format_date, format_delta, format_number, format_percent
from lotscert.reports.i18n import tr, translations
from lotscert.reports.integrity import Integrity
from lotscert.reports.svg import (
    Bar,
    HeatCell,
    HeatRow,
    Series,
    bar_chart,
    competence_colour,
    heat_map,
    line_chart,
)

GRADE_ORDER: Final[dict[str, int]] = {grade: index for index, grade in enumerate(GRADES)}
KIND_SLUGS: Final[dict[str, str]] = {
    "self_assessment": "self",
    "internal_audit": "internal",
    "test_certification": "test",
    "certification_audit": "audit",
}


# --- small views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What every report shares: title, language, watermark, integrity, generated-at."""

    lang: Language
    title: str
    subtitle: str
    t: dict[str, str]
    is_example: bool
    integrity: Integrity
    integrity_data: dict[str, object]
    generated_at: str | None
    running_header: str


@dataclass(frozen=True)
class AssessorView:
    """An assessor as printed (assessors sign reports, so their names are shown)."""

    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class Header:
    """The municipality, the period and the scope of one assessment."""

    municipality_code: str
    municipality_name: str
    period: int
    kind: str
    kind_label: str
    date: dt.date
    catalog_title: str
    catalog_id: str
    catalog_version: str
    catalog_basis: str
    assessors: list[AssessorView]


@dataclass(frozen=True)
class ScoreView:
    """One row of a score table (a level, a cornerstone or the total)."""

    id: str
    title: str
    earned: Decimal
    possible: Decimal
    percent: Decimal | None
    delta: Decimal | None


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence; ``href`` only for an http(s) URL, anything else stays text."""

    kind_label: str
    ref: str
    href: str | None
    date: dt.date | None
    note: str | None


@dataclass(frozen=True)
class ActionView:
    """A planned action."""

    text: str
    owner: str
    due: dt.date | None


@dataclass(frozen=True)
class FindingView:
    """A finding with everything a reader needs to act on it."""

    anchor: str
    grade: str
    grade_label: str
    kind_label: str
    heading: str
    requirement_id: str | None
    level_title: str
    cornerstone_title: str
    modality_label: str
    weight: Decimal
    status_label: str
    maturity_text: str
    text: str
    evidence: list[EvidenceView]
    comment: str | None
    guidance: str
    metric_text: str | None
    action: ActionView | None


@dataclass(frozen=True)
class ActionRow:
    """One row of the action plan."""

    due: dt.date | None
    concerns: str
    text: str
    owner: str
    grade_label: str


@dataclass(frozen=True)
class RequirementRow:
    """One requirement in the full table."""

    id: str
    title: str
    level_title: str
    cornerstone_title: str
    modality_label: str
    weight: Decimal
    status_label: str
    maturity: int | None
    earned: Decimal | None
    possible: Decimal | None
    finding_label: str


@dataclass(frozen=True)
class PersonView:
    """A person: pseudonymous id unless names were asked for."""

    shown_as: str
    department: str
    role: str
    status: str
    status_label: str
    valid_until: dt.date | None
    exam_date: dt.date | None
    specialist_areas: list[str]
    unmet: list[str]


@dataclass(frozen=True)
class DepartmentView:
    """Certified pilots in a department."""

    name: str
    certified: list[str]
    required: int
    covered: bool
    covered_label: str


@dataclass(frozen=True)
class AreaView:
    """Certified specialists in an area."""

    title: str
    specialists: list[str]
    covered: bool
    covered_label: str


@dataclass(frozen=True)
class WarningView:
    """A consistency warning."""

    code: str
    path: str
    message: str


@dataclass(frozen=True)
class GradeCount:
    """How many findings of a grade."""

    grade: str
    label: str
    count: int


@dataclass(frozen=True)
class DecisionView:
    """The decision in words."""

    outcome: str
    text: str
    readiness_only: bool
    note: str | None
    corrective_action_deadline: dt.date | None
    valid_until: dt.date | None
    counts: list[GradeCount]
    complete: bool
    not_assessed_shall: list[str]


@dataclass(frozen=True)
class Charts:
    """Inline SVG charts (already escaped markup, built from the result)."""

    levels: str
    cornerstones: str


# --- report views -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentView:
    """The shared content of the gap, certificate and persons reports for one assessment."""

    header: Header
    decision: DecisionView
    overall: ScoreView
    levels: list[ScoreView]
    cornerstones: list[ScoreView]
    charts: Charts
    findings: list[FindingView]
    actions: list[ActionRow]
    findings_without_action: int
    requirements: list[RequirementRow]
    persons: list[PersonView]
    certified_persons: list[PersonView]
    departments: list[DepartmentView]
    areas: list[AreaView]
    warnings: list[WarningView]
    has_person_level: bool
    delta_heading: str | None
    no_action_text: str
    signature_text: str


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the competence matrix."""

    value: int | None
    text: str
    colour: str
    specialist: bool
    below_minimum: bool


@dataclass(frozen=True)
class MatrixRow:
    """One person's row of the competence matrix."""

    shown_as: str
    department: str
    status_label: str
    cells: list[MatrixCell]


@dataclass(frozen=True)
class ScaleStepView:
    """A step of the competence scale, with its colour, for the legend."""

    value: int
    title: str
    colour: str
    is_minimum: bool
    is_specialist: bool


@dataclass(frozen=True)
class PersonCertificate:
    """One page: the certificate of one certified person."""

    shown_as: str
    department: str
    role: str
    scheme: str
    specialist_areas: list[str]
    exam_date: dt.date | None
    valid_until: dt.date | None


@dataclass(frozen=True)
class PersonsView:
    """The person level on its own."""

    columns: list[str]
    language_columns: list[str]
    rows: list[MatrixRow]
    scale: list[ScaleStepView]
    base_min: int
    base_min_text: str
    languages_text: str
    certificates: list[PersonCertificate]


@dataclass(frozen=True)
class YearScores:
    """One year's scores in the trend."""

    period: int
    kind_label: str
    date: dt.date
    overall: Decimal | None
    levels: list[Decimal | None]
    cornerstones: list[Decimal | None]
    decision_text: str
    counts: list[GradeCount]


@dataclass(frozen=True)
class FindingRefView:
    """A finding named across years."""

    grade_label: str
    concerns: str


@dataclass(frozen=True)
class ChangeRow:
    """One requirement's change between two years."""

    id: str
    title: str
    change: str
    change_label: str
    previous_status: str
    status: str
    previous_maturity: int | None
    maturity: int | None


@dataclass(frozen=True)
class FindingGroup:
    """Findings opened, closed or still open between two years."""

    key: str
    title: str
    items: list[FindingRefView]


@dataclass(frozen=True)
class TrendStep:
    """The change from one year to the next."""

    from_period: int
    to_period: int
    heading: str
    overall_text: str
    groups: list[FindingGroup]
    changes: list[ChangeRow]


@dataclass(frozen=True)
class TrendView:
    """One municipality over the years."""

    municipality_code: str
    municipality_name: str
    catalog_title: str
    level_titles: list[str]
    cornerstone_titles: list[str]
    years: list[YearScores]
    steps: list[TrendStep]
    chart: str


@dataclass(frozen=True)
class CompareRow:
    """One municipality-year in the comparison, as worded for the report."""

    shown_as: str
    code: str
    period: int
    kind_label: str
    overall: Decimal | None
    levels: list[Decimal | None]
    cornerstones: list[Decimal | None]
    decision_text: str
    outcome: str
    major: int
    minor: int
    observations: int


@dataclass(frozen=True)
class CompareView:
    """Several municipalities side by side."""

    anonymised: bool
    intro: str
    level_titles: list[str]
    cornerstone_titles: list[str]
    rows: list[CompareRow]
    heat_maps: list[str]
    catalogs: list[str]


@dataclass(frozen=True)
class ReportContext:
    """Everything a template gets: the page and exactly one of the report views."""

    kind: str
    page: Page
    assessment: AssessmentView | None = None
    persons: PersonsView | None = None
    trend: TrendView | None = None
    compare: CompareView | None = None


# --- helpers ------------------------------------------------------------------------------------


def safe_href(ref: str) -> str | None:
    """``ref`` when it is an absolute http(s) URL with a host; anything else is no link."""
    text = ref.strip()
    if any(character.isspace() or ord(character) < 32 for character in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


def municipality_slug(code: str, name: str) -> str:
    """``9901-exempelby``: a folder name from the code and the name (å, ä, ö → a, a, o)."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    lowered = name.lower().translate(table)
    slug = "".join(
        character if character.isascii() and character.isalnum() else "-" for character in lowered
    )
    slug = "-".join(part for part in slug.split("-") if part)
    return f"{code}-{slug}" if slug else code


def person_label(person_id: str, name: str | None, with_names: bool) -> str:
    """The pseudonymous id, or ``Name (id)`` when names may be shown."""
    if with_names and name:
        return f"{name} ({person_id})"
    return person_id


def _level_title(catalog: Catalog, level_id: str, lang: Language) -> str:
    level = catalog.levels_by_id.get(level_id)
    return level.title.get(lang) if level else level_id


def _cornerstone_title(catalog: Catalog, cornerstone_id: str | None, lang: Language) -> str:
    if cornerstone_id is None:
        return ""
    cornerstone = catalog.cornerstones_by_id.get(cornerstone_id)
    return cornerstone.title.get(lang) if cornerstone else cornerstone_id


def _area_title(catalog: Catalog, area_id: str, lang: Language) -> str:
    if catalog.competence is not None:
        for area in catalog.competence.areas:
            if area.id == area_id:
                return area.title.get(lang)
    return area_id


def _department_name(assessment: Assessment, department_id: str | None) -> str:
    if department_id is None:
        return ""
    for department in assessment.departments:
        if department.id == department_id:
            return department.name
    return department_id


def _maturity_text(catalog: Catalog, maturity: int | None, lang: Language) -> str:
    if maturity is None:
        return "—"
    for step in catalog.scale:
        if step.value == maturity:
            return f"{maturity} – {step.title.get(lang)} ({maturity}/{catalog.top})"
    return f"{maturity}/{catalog.top}"


def _score_view(score_id: str, title: str, score: Score, delta: Decimal | None = None) -> ScoreView:
    return ScoreView(
        id=score_id,
        title=title,
        earned=score.earned,
        possible=score.possible,
        percent=score.percent,
        delta=delta,
    )


def _evidence_view(item: Evidence, lang: Language) -> EvidenceView:
    return EvidenceView(
        kind_label=label("evidence_kind", item.kind, lang),
        ref=item.ref,
        href=safe_href(item.ref),
        date=item.date,
        note=item.note,
    )


def finding_sort_key(finding: Finding) -> tuple[int, Decimal]:
    """Worst first: major, minor, observation; within a grade the heaviest requirement first."""
    return (GRADE_ORDER[finding.grade], -finding.weight)


def sorted_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings worst first (a stable sort: the engine's order breaks ties)."""
    return sorted(findings, key=finding_sort_key)


def _requirement_heading(requirement_id: str, catalog: Catalog, lang: Language) -> str:
    requirement = catalog.requirements_by_id.get(requirement_id)
    title = requirement.title.get(lang) if requirement else ""
    return f"{requirement_id} {title}".strip()


def _finding_heading(
    finding: Finding, catalog: Catalog, assessment: Assessment, lang: Language
) -> str:
    if finding.kind == "requirement" and finding.requirement is not None:
        requirement = catalog.requirements_by_id.get(finding.requirement)
        title = requirement.title.get(lang) if requirement else ""
        return f"{finding.requirement} {title}".strip()
    if finding.kind == "department_coverage":
        return tr(
            lang, "coverage_department_heading", name=_department_name(assessment, finding.concerns)
        )
    return tr(lang, "coverage_area_heading", name=_area_title(catalog, finding.concerns, lang))


def _detail(finding: Finding, key: str, default: str) -> str:
    value = finding.details.get(key)
    return default if value is None else str(value)


def _finding_text_and_guidance(
    finding: Finding, result: Result, catalog: Catalog, assessment: Assessment, lang: Language
) -> tuple[str, str]:
    if finding.kind == "requirement" and finding.requirement is not None:
        requirement = catalog.requirements_by_id.get(finding.requirement)
        if requirement is None:
            return "", ""
        return requirement.text.get(lang), requirement.guidance.get(lang)
    if finding.kind == "department_coverage":
        # The engine gives the counts in ``details``; the coverage table holds them too.
        department = next(
            (item for item in result.coverage.departments if item.id == finding.concerns), None
        )
        certified = len(department.certified) if department else 0
        required = department.required if department else 0
        return (
            tr(
                lang,
                "coverage_department_text",
                name=_department_name(assessment, finding.concerns),
                certified=_detail(finding, "certified", str(certified)),
                required=_detail(finding, "required", str(required)),
            ),
            tr(lang, "coverage_department_guidance"),
        )
    return (
        tr(lang, "coverage_area_text", name=_area_title(catalog, finding.concerns, lang)),
        tr(lang, "coverage_area_guidance"),
    )


def _metric_text(
    result: Result, requirement_id: str | None, catalog: Catalog, lang: Language
) -> str | None:
    if requirement_id is None or requirement_id not in result.requirements:
        return None
    check = result.requirements[requirement_id].metric
    if check is None:
        return None
    requirement = catalog.requirements_by_id.get(requirement_id)
    unit = ""
    if requirement is not None and requirement.metric is not None and requirement.metric.unit:
        unit = " " + requirement.metric.unit.get(lang)
    if check.met is None:
        outcome = tr(lang, "metric_missing")
    else:
        outcome = tr(lang, "metric_met") if check.met else tr(lang, "metric_not_met")
    return tr(
        lang,
        "metric_text",
        key=check.key,
        value=format_number(check.value, lang),
        op=check.op,
        target=format_number(check.target, lang),
        unit=unit,
        outcome=outcome,
        source=check.source or "—",
        date=format_date(check.date),
    )


def _finding_view(
    index: int,
    finding: Finding,
    result: Result,
    catalog: Catalog,
    assessment: Assessment,
    lang: Language,
) -> FindingView:
    text, guidance = _finding_text_and_guidance(finding, result, catalog, assessment, lang)
    requirement = (
        result.requirements.get(finding.requirement) if finding.requirement is not None else None
    )
    modality = label("modality", requirement.modality, lang) if requirement else "—"
    action = None
    if finding.action is not None:
        action = ActionView(
            text=finding.action.text, owner=finding.action.owner or "—", due=finding.action.due
        )
    return FindingView(
        anchor=f"finding-{index + 1}",
        grade=finding.grade,
        grade_label=label("grade", finding.grade, lang),
        kind_label=label("finding_kind", finding.kind, lang),
        heading=_finding_heading(finding, catalog, assessment, lang),
        requirement_id=finding.requirement,
        level_title=_level_title(catalog, finding.level, lang),
        cornerstone_title=_cornerstone_title(catalog, finding.cornerstone, lang) or "—",
        modality_label=modality,
        weight=finding.weight,
        status_label=label("status", finding.status, lang) if finding.status else "—",
        maturity_text=_maturity_text(catalog, requirement.maturity if requirement else None, lang),
        text=text,
        evidence=[_evidence_view(item, lang) for item in finding.evidence],
        comment=finding.comment,
        guidance=guidance,
        metric_text=_metric_text(result, finding.requirement, catalog, lang),
        action=action,
    )


def _action_rows(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language
) -> list[ActionRow]:
    grade_by_requirement = {
        finding.requirement: finding.grade
        for finding in result.findings
        if finding.requirement is not None
    }
    rows: list[ActionRow] = []
    seen: set[str] = set()
    for requirement_id in result.requirements:
        response = assessment.responses.get(requirement_id)
        if response is None or response.action is None:
            continue
        seen.add(requirement_id)
        grade = grade_by_requirement.get(requirement_id)
        rows.append(
            ActionRow(
                due=response.action.due,
                concerns=_requirement_heading(requirement_id, catalog, lang),
                text=response.action.text,
                owner=response.action.owner or "—",
                grade_label=label("grade", grade, lang) if grade else "—",
            )
        )
    for finding in result.findings:
        if finding.action is None or (finding.requirement or "") in seen:
            continue
        rows.append(
            ActionRow(
                due=finding.action.due,
                concerns=_finding_heading(finding, catalog, assessment, lang),
                text=finding.action.text,
                owner=finding.action.owner or "—",
                grade_label=label("grade", finding.grade, lang),
            )
        )
    far_future = dt.date.max
    rows.sort(key=lambda row: (row.due is None, row.due or far_future, row.concerns))
    return rows


def _person_view(
    person: PersonResult,
    catalog: Catalog,
    assessment: Assessment,
    lang: Language,
    with_names: bool,
) -> PersonView:
    return PersonView(
        shown_as=person_label(person.id, person.name, with_names),
        department=_department_name(assessment, person.department) or "—",
        role=person.role or "—",
        status=person.status,
        status_label=label("person_status", person.status, lang),
        valid_until=person.valid_until,
        exam_date=person.exam_date,
        specialist_areas=[_area_title(catalog, area, lang) for area in person.specialist_areas],
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
        return _area_title(catalog, subject, lang)
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


def language_name(code: str, lang: Language) -> str:
    """``sv`` → ``svenska``/``Swedish`` when the table knows the language, else the code."""
    key = f"language_{code}"
    table = translations(lang)
    return table.get(key, code)


def _decision_view(result: Result, lang: Language) -> DecisionView:
    decision = result.decision
    counts = [
        GradeCount("major", label("grade_plural", "major", lang), decision.major),
        GradeCount("minor", label("grade_plural", "minor", lang), decision.minor),
        GradeCount(
            "observation", label("grade_plural", "observation", lang), decision.observations
        ),
    ]
    return DecisionView(
        outcome=decision.outcome,
        text=decision_text(decision.outcome, decision.readiness_only, lang),
        readiness_only=decision.readiness_only,
        note=tr(lang, "readiness_note") if decision.readiness_only else None,
        corrective_action_deadline=decision.corrective_action_deadline,
        valid_until=decision.valid_until,
        counts=counts,
        complete=result.complete,
        not_assessed_shall=list(decision.not_assessed_shall),
    )


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
        assessors=[
            AssessorView(
                name=assessor.name,
                role=assessor.role or "—",
                organisation=assessor.organisation or "—",
            )
            for assessor in assessment.assessors
        ],
    )


def build_assessment_view(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language, with_names: bool
) -> AssessmentView:
    """The content shared by the gap, certificate and persons reports."""
    trend = result.trend
    levels = [
        _score_view(
            level_id,
            _level_title(catalog, level_id, lang),
            score,
            trend.levels.get(level_id) if trend else None,
        )
        for level_id, score in result.scores.levels.items()
    ]
    cornerstones = [
        _score_view(
            cornerstone_id,
            _cornerstone_title(catalog, cornerstone_id, lang),
            score,
            trend.cornerstones.get(cornerstone_id) if trend else None,
        )
        for cornerstone_id, score in result.scores.cornerstones.items()
    ]
    overall = _score_view(
        "overall", tr(lang, "overall"), result.scores.overall, trend.overall if trend else None
    )
    findings = [
        _finding_view(index, finding, result, catalog, assessment, lang)
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
            level_title=_level_title(catalog, item.level, lang),
            cornerstone_title=_cornerstone_title(catalog, item.cornerstone, lang),
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
    return AssessmentView(
        header=_header(result, catalog, assessment, lang),
        decision=_decision_view(result, lang),
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
        actions=_action_rows(result, catalog, assessment, lang),
        findings_without_action=sum(1 for finding in findings if finding.action is None),
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
                title=_area_title(catalog, area.id, lang),
                specialists=sorted(shown(person_id) for person_id in area.specialists),
                covered=area.covered,
                covered_label=covered[area.covered],
            )
            for area in result.coverage.specialist_areas
        ],
        warnings=[
            WarningView(code=warning.code, path=warning.path, message=warning.message)
            for warning in result.warnings
        ],
        has_person_level=catalog.competence is not None,
        delta_heading=tr(lang, "delta_since", year=trend.previous_period) if trend else None,
        no_action_text=tr(
            lang,
            "findings_without_action",
            count=sum(1 for finding in findings if finding.action is None),
        ),
        signature_text=tr(
            lang,
            "signature_text_readiness" if result.decision.readiness_only else "signature_text",
        ),
    )


def build_persons_view(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language, with_names: bool
) -> PersonsView:
    """The competence matrix, the legend and one certificate per certified person."""
    profile = catalog.competence
    if profile is None:
        return PersonsView(
            columns=[],
            language_columns=[],
            rows=[],
            scale=[],
            base_min=0,
            base_min_text=tr(lang, "no_person_level"),
            languages_text="",
            certificates=[],
        )
    top = profile.top
    result_by_id = {person.id: person for person in result.persons}
    rows: list[MatrixRow] = []
    for person in sorted(assessment.persons, key=lambda item: item.id):
        person_result = result_by_id.get(person.id)
        cells = []
        for area in profile.areas:
            value = person.competences.get(area.id)
            cells.append(
                MatrixCell(
                    value=value,
                    text="—" if value is None else str(value),
                    colour=competence_colour(value, top),
                    specialist=value is not None and value >= top,
                    below_minimum=value is None or value < profile.base_min,
                )
            )
        for language, required in profile.languages.items():
            value = person.languages.get(language)
            cells.append(
                MatrixCell(
                    value=value,
                    text="—" if value is None else str(value),
                    colour=competence_colour(value, top),
                    specialist=False,
                    below_minimum=value is None or value < required,
                )
            )
        rows.append(
            MatrixRow(
                shown_as=person_label(person.id, person.name, with_names),
                department=_department_name(assessment, person.department) or "—",
                status_label=label("person_status", person_result.status, lang)
                if person_result
                else "—",
                cells=cells,
            )
        )
    scale = [
        ScaleStepView(
            value=step.value,
            title=step.title.get(lang),
            colour=competence_colour(step.value, top),
            is_minimum=step.value == profile.base_min,
            is_specialist=step.value == top,
        )
        for step in sorted(profile.scale, key=lambda item: item.value)
    ]
    scheme = tr(
        lang,
        "person_scheme",
        catalog=catalog.title.get(lang),
        ref=f"{catalog.id}@{catalog.version}",
    )
    certificates = [
        PersonCertificate(
            shown_as=person_label(person.id, person.name, with_names),
            department=_department_name(assessment, person.department) or "—",
            role=person.role or "—",
            scheme=scheme,
            specialist_areas=[_area_title(catalog, area, lang) for area in person.specialist_areas],
            exam_date=person.exam_date,
            valid_until=person.valid_until,
        )
        for person in sorted(result.persons, key=lambda item: item.id)
        if person.status == "certified"
    ]
    languages_text = ", ".join(
        tr(lang, "language_requirement", language=language_name(code, lang), level=level)
        for code, level in profile.languages.items()
    )
    return PersonsView(
        columns=[area.title.get(lang) for area in profile.areas],
        language_columns=[language_name(code, lang) for code in profile.languages],
        rows=rows,
        scale=scale,
        base_min=profile.base_min,
        base_min_text=tr(
            lang, "base_min_text", level=profile.base_min, specialists=profile.specialist_min
        ),
        languages_text=languages_text,
        certificates=certificates,
    )


def _finding_ref_view(
    ref: FindingRef, catalog: Catalog, assessment: Assessment, lang: Language
) -> FindingRefView:
    if ref.kind == "requirement":
        requirement = catalog.requirements_by_id.get(ref.concerns)
        concerns = f"{ref.concerns} {requirement.title.get(lang) if requirement else ''}".strip()
    elif ref.kind == "department_coverage":
        concerns = tr(
            lang, "coverage_department_heading", name=_department_name(assessment, ref.concerns)
        )
    else:
        concerns = tr(lang, "coverage_area_heading", name=_area_title(catalog, ref.concerns, lang))
    return FindingRefView(grade_label=label("grade", ref.grade, lang), concerns=concerns)


def _sorted_refs(refs: Sequence[FindingRef]) -> list[FindingRef]:
    return sorted(refs, key=lambda ref: (GRADE_ORDER[ref.grade], ref.kind, ref.concerns))


def build_trend_view(
    years: Sequence[tuple[Result, Catalog, Assessment]], lang: Language
) -> TrendView:
    """One municipality over two or more years (oldest first; each result has its trend)."""
    latest_result, latest_catalog, _ = years[-1]
    level_ids = list(latest_result.scores.levels)
    cornerstone_ids = list(latest_result.scores.cornerstones)
    year_rows: list[YearScores] = []
    steps: list[TrendStep] = []
    for result, catalog, assessment in years:
        decision = _decision_view(result, lang)
        year_rows.append(
            YearScores(
                period=result.period,
                kind_label=label("kind", result.kind, lang),
                date=result.date,
                overall=result.scores.overall.percent,
                levels=[
                    result.scores.levels[level].percent if level in result.scores.levels else None
                    for level in level_ids
                ],
                cornerstones=[
                    result.scores.cornerstones[item].percent
                    if item in result.scores.cornerstones
                    else None
                    for item in cornerstone_ids
                ],
                decision_text=decision.text,
                counts=decision.counts,
            )
        )
        trend = result.trend
        if trend is None:
            continue
        changes = [
            ChangeRow(
                id=requirement_id,
                title=catalog.requirements_by_id[requirement_id].title.get(lang)
                if requirement_id in catalog.requirements_by_id
                else "",
                change=change.change,
                change_label=label("change", change.change, lang),
                previous_status=label("status", change.previous_status, lang)
                if change.previous_status
                else "—",
                status=label("status", change.status, lang) if change.status else "—",
                previous_maturity=change.previous_maturity,
                maturity=change.maturity,
            )
            for requirement_id, change in trend.requirements.items()
        ]
        groups = [
            FindingGroup(
                key,
                tr(lang, f"findings_{key}"),
                [_finding_ref_view(ref, catalog, assessment, lang) for ref in _sorted_refs(refs)],
            )
            for key, refs in (
                ("opened", trend.findings_opened),
                ("closed", trend.findings_closed),
                ("still_open", trend.findings_still_open),
            )
        ]
        steps.append(
            TrendStep(
                from_period=trend.previous_period,
                to_period=result.period,
                heading=tr(
                    lang, "trend_step_heading", before=trend.previous_period, after=result.period
                ),
                overall_text=tr(
                    lang,
                    "trend_overall_text",
                    before=format_percent(trend.previous_scores.overall.percent, lang),
                    after=format_percent(result.scores.overall.percent, lang),
                    delta=format_delta(trend.overall, lang),
                ),
                groups=groups,
                changes=changes,
            )
        )
    level_titles = [_level_title(latest_catalog, level, lang) for level in level_ids]
    series = [
        Series(title, [(row.period, row.levels[index]) for row in year_rows])
        for index, title in enumerate(level_titles)
    ]
    series.append(Series(tr(lang, "overall"), [(row.period, row.overall) for row in year_rows]))
    return TrendView(
        municipality_code=latest_result.municipality.code,
        municipality_name=latest_result.municipality.name,
        catalog_title=latest_catalog.title.get(lang),
        level_titles=level_titles,
        cornerstone_titles=[
            _cornerstone_title(latest_catalog, item, lang) for item in cornerstone_ids
        ],
        years=year_rows,
        steps=steps,
        chart=line_chart(series, tr(lang, "chart_trend"), lang),
    )


def anonymous_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: letters for an anonymised comparison."""
    letters = ""
    index += 1
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def build_page(
    *,
    lang: Language,
    title: str,
    subtitle: str,
    is_example: bool,
    integrity: Integrity,
    generated_at: str | None,
    running_header: str,
) -> Page:
    """The page frame of a report."""
    return Page(
        lang=lang,
        title=title,
        subtitle=subtitle,
        t=translations(lang),
        is_example=is_example,
        integrity=integrity,
        integrity_data=integrity.to_dict(),
        generated_at=generated_at,
        running_header=running_header,
    )


def heat_rows(rows: Sequence[CompareRow]) -> list[HeatRow]:
    """The comparison's heat map: one row per municipality-year, levels then the total."""
    return [
        HeatRow(
            f"{row.shown_as} {row.period}",
            [HeatCell(value) for value in [*row.levels, row.overall]],
        )
        for row in rows
    ]


HEAT_MAP_ROWS_PER_CHART: Final = 30


def compare_heat_maps(
    view_rows: Sequence[CompareRow], level_titles: Sequence[str], lang: Language
) -> list[str]:
    """The heat map of a comparison, in charts of at most 30 rows: a national comparison of
    290 municipalities then prints across pages instead of being cut at the first one."""
    rows = heat_rows(view_rows)
    columns = [*level_titles, tr(lang, "overall")]
    return [
        heat_map(
            rows[start : start + HEAT_MAP_ROWS_PER_CHART], columns, tr(lang, "chart_heat_map"), lang
        )
        for start in range(0, len(rows), HEAT_MAP_ROWS_PER_CHART)
    ]
