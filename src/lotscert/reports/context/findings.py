"""Findings as a reader sees them (worst first, with text, evidence and guidance) and the
action plan; used by the gap and certificate reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from lotscert.engine.actions import action_deadline, action_status
from lotscert.labels import label
from lotscert.models.assessment import Action, AnsweredBy, Assessment, Evidence
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import Finding, Result
from lotscert.reports.context.common import (
    GRADE_ORDER,
    area_title,
    cornerstone_title,
    department_name,
    level_title,
    safe_href,
)
from lotscert.reports.context.views import ActionRow, ActionView, EvidenceView, FindingView
from lotscert.reports.formatting import format_date, format_number
from lotscert.reports.i18n import counted, tr


def _maturity_text(catalog: Catalog, maturity: int | None, lang: Language) -> str:
    if maturity is None:
        return "—"
    for step in catalog.scale:
        if step.value == maturity:
            return f"{maturity} – {step.title.get(lang)} ({maturity}/{catalog.top})"
    return f"{maturity}/{catalog.top}"


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
            lang, "coverage_department_heading", name=department_name(assessment, finding.concerns)
        )
    return tr(lang, "coverage_area_heading", name=area_title(catalog, finding.concerns, lang))


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
                name=department_name(assessment, finding.concerns),
                certified=counted(
                    lang, _detail(finding, "certified", str(certified)), "noun_certified_pilot"
                ),
                required=_detail(finding, "required", str(required)),
            ),
            tr(lang, "coverage_department_guidance"),
        )
    return (
        tr(lang, "coverage_area_text", name=area_title(catalog, finding.concerns, lang)),
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


def action_view(
    action: Action, status: str, late: bool, deadline: dt.date | None, lang: Language
) -> ActionView:
    """An action with its lifecycle: correction, root cause, verification, closure."""
    verification = action.verification
    closure = action.closure
    return ActionView(
        text=action.text,
        owner=action.owner or "—",
        due=action.due,
        status=status,
        status_label=label("action_status", status, lang),
        late=late,
        late_text=tr(lang, "action_late_text", deadline=format_date(deadline))
        if late and deadline is not None
        else (tr(lang, "action_late_text_no_date") if late else None),
        correction=action.correction,
        root_cause=action.root_cause,
        verified_by=verification.by if verification else None,
        verified_on=verification.date if verification else None,
        verification_evidence=[_evidence_view(item, lang) for item in verification.evidence]
        if verification
        else None,
        verification_note=verification.note if verification else None,
        closed_on=closure.date if closure else None,
        closed_by=closure.by if closure else None,
    )


def _persons_text(result: Result, requirement_id: str | None, lang: Language) -> str | None:
    if requirement_id is None or requirement_id not in result.requirements:
        return None
    check = result.requirements[requirement_id].persons
    if check is None:
        return None
    if check.status is None:
        return tr(lang, "persons_check_undecided", persons=check.persons)
    text = tr(
        lang,
        "persons_check_text",
        meeting=check.meeting,
        persons=check.persons,
        status=label("status", check.status, lang).lower(),
    )
    if check.not_meeting:
        text += " " + tr(lang, "persons_check_not_meeting", ids=", ".join(check.not_meeting))
    return text


def finding_view(
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
        action = action_view(
            finding.action,
            finding.action_status or "planned",
            finding.action_late,
            action_deadline(catalog, assessment),
            lang,
        )
    proposed = finding.proposed_grade
    return FindingView(
        anchor=f"finding-{index + 1}",
        grade=finding.grade,
        grade_label=label("grade", finding.grade, lang),
        kind_label=label("finding_kind", finding.kind, lang),
        heading=_finding_heading(finding, catalog, assessment, lang),
        requirement_id=finding.requirement,
        level_title=level_title(catalog, finding.level, lang),
        cornerstone_title=cornerstone_title(catalog, finding.cornerstone, lang) or "—",
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
        proposed_grade_label=label("grade", proposed, lang)
        if proposed is not None and proposed != finding.grade
        else None,
        grade_reason=finding.grade_reason,
        decided_by=finding.decided_by,
        recurring_text=tr(lang, "recurring_text", source=finding.recurring_from or "—")
        if finding.recurring_from is not None
        else None,
        persons_text=_persons_text(result, finding.requirement, lang),
        answered_by_text=_answered_by_text(assessment, finding.requirement, lang),
    )


def _answered_by_text(
    assessment: Assessment, requirement_id: str | None, lang: Language
) -> str | None:
    """``mhf · Miljöchef · 2026-11-29 (mhf.xlsx)`` for an answer a department's workbook gave;
    with the parts of the answer each gave when that is known, and every department that gave
    a part of a shared answer (``mhf … : underlag; sbf … : status, mognad``)."""
    response = assessment.responses.get(requirement_id) if requirement_id else None
    stamp = response.answered_by if response is not None else None
    if response is None or stamp is None:
        return None
    return "; ".join(_stamp_text(one, lang) for one in (stamp, *response.also_answered_by))


def _stamp_text(stamp: AnsweredBy, lang: Language) -> str:
    parts = [part for part in (stamp.department, stamp.role) if part]
    parts.append(stamp.imported.date().isoformat())
    text = " · ".join(parts)
    if stamp.workbook:
        text = f"{text} ({stamp.workbook})"
    if stamp.fields:
        text += ": " + ", ".join(tr(lang, f"answer_part_{field}") for field in stamp.fields)
    return text


def action_rows(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language
) -> list[ActionRow]:
    grade_by_requirement = {
        finding.requirement: finding.grade
        for finding in result.findings
        if finding.requirement is not None
    }
    finding_by_requirement = {
        finding.requirement: finding
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
        found = finding_by_requirement.get(requirement_id)
        status = action_status(response.action, result.date)
        rows.append(
            ActionRow(
                due=response.action.due,
                concerns=_requirement_heading(requirement_id, catalog, lang),
                text=response.action.text,
                owner=response.action.owner or "—",
                grade_label=label("grade", grade, lang) if grade else "—",
                status=status,
                status_label=label("action_status", status, lang),
                late=found.action_late if found is not None else False,
            )
        )
    for finding in result.findings:
        if finding.action is None or (finding.requirement or "") in seen:
            continue
        status = finding.action_status or action_status(finding.action, result.date)
        rows.append(
            ActionRow(
                due=finding.action.due,
                concerns=_finding_heading(finding, catalog, assessment, lang),
                text=finding.action.text,
                owner=finding.action.owner or "—",
                grade_label=label("grade", finding.grade, lang),
                status=status,
                status_label=label("action_status", status, lang),
                late=finding.action_late,
            )
        )
    far_future = dt.date.max
    rows.sort(key=lambda row: (row.due is None, row.due or far_future, row.concerns))
    return rows
