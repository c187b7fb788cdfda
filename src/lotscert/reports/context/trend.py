"""The trend report: one municipality over the years, step by step."""

from __future__ import annotations

from collections.abc import Sequence

from lotscert.labels import label
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import FindingRef, Result
from lotscert.reports.context.assessment import previous_finding_views
from lotscert.reports.context.common import (
    GRADE_ORDER,
    area_title,
    cornerstone_title,
    decision_view,
    department_name,
    level_title,
)
from lotscert.reports.context.views import (
    ChangeRow,
    FindingGroup,
    FindingRefView,
    TrendStep,
    TrendView,
    YearScores,
)
from lotscert.reports.formatting import format_delta, format_percent
from lotscert.reports.i18n import tr
from lotscert.reports.svg import Series, line_chart


def _finding_ref_view(
    ref: FindingRef, catalog: Catalog, assessment: Assessment, lang: Language
) -> FindingRefView:
    if ref.kind == "requirement":
        requirement = catalog.requirements_by_id.get(ref.concerns)
        concerns = f"{ref.concerns} {requirement.title.get(lang) if requirement else ''}".strip()
    elif ref.kind == "department_coverage":
        concerns = tr(
            lang, "coverage_department_heading", name=department_name(assessment, ref.concerns)
        )
    else:
        concerns = tr(lang, "coverage_area_heading", name=area_title(catalog, ref.concerns, lang))
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
        decision = decision_view(result, lang)
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
                previous_findings=previous_finding_views(result, catalog, assessment, lang),
                previous_heading=tr(lang, "previous_findings_intro", period=trend.previous_period)
                if result.previous_findings
                else None,
            )
        )
    level_titles = [level_title(latest_catalog, level, lang) for level in level_ids]
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
            cornerstone_title(latest_catalog, item, lang) for item in cornerstone_ids
        ],
        years=year_rows,
        steps=steps,
        chart=line_chart(series, tr(lang, "chart_trend"), lang),
    )
