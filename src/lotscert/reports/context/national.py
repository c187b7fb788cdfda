"""The national report's view: the maps, counties, distribution, requirements, good examples.

Built from the engine's :class:`~lotscert.engine.national.NationalPicture` and the catalogues;
every word in one language, every colour decided here (the templates only lay it out).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from lotscert.engine.national import GroupRollup, MunicipalitySummary, NationalPicture
from lotscert.labels import decision_text, label, labels
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import Outcome
from lotscert.reports.context.common import safe_href
from lotscert.reports.context.views import (
    EvidenceView,
    ExampleGroupView,
    ExampleMunicipalityView,
    LegendItem,
    NationalMunicipalityRow,
    NationalView,
    RequirementShareRow,
    RollupRow,
)
from lotscert.reports.formatting import format_percent
from lotscert.reports.i18n import counted, tr
from lotscert.reports.map import Shade, choropleth, column_chart, sweden_map
from lotscert.reports.svg import Bar, bar_chart, score_colour

#: Colour-blind-safe fills for the decision map (green to red through purple for "no verdict").
DECISION_COLOURS: Final[dict[str, str]] = {
    "recommended": "#1b7837",
    "conditional": "#a6dba0",
    "not_recommended": "#d6604d",
    "incomplete": "#c2a5cf",
    "persons_only": "#92c5de",
}
NOT_IN_REPORT: Final = "#ececec"
#: The decisions the national picture shows: only assessments of the whole function are in it,
#: so "persons only" never occurs.
SHOWN_OUTCOMES: Final[tuple[Outcome, ...]] = (
    "recommended",
    "conditional",
    "not_recommended",
    "incomplete",
)
#: Score classes of the score map: [low, high) in points, the last one includes 100.
SCORE_CLASSES: Final = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100))
#: How many of the least fulfilled requirements the chart shows (the table shows all).
HELD_BACK_SHOWN: Final = 10


def _score_class(score: Decimal | None) -> int | None:
    if score is None:
        return None
    for index, (_, high) in enumerate(SCORE_CLASSES):
        if score < high:
            return index
    return len(SCORE_CLASSES) - 1


def _class_colour(index: int | None) -> str:
    if index is None:
        return score_colour(None)
    low, high = SCORE_CLASSES[index]
    return score_colour(Decimal(low + high) / 2)


def _outcome_legend(outcome: str, lang: Language) -> str:
    return tr(lang, f"national_outcome_{outcome}")


def _tooltip(summary: MunicipalitySummary, lang: Language) -> str:
    decision = decision_text(summary.outcome, summary.readiness_only, lang)
    return (
        f"{summary.name} ({summary.code}), {summary.period}: "
        f"{format_percent(summary.overall, lang)} – {decision}"
    )


def _requirement_title(catalogs: Mapping[str, Catalog], ref: str, rid: str, lang: Language) -> str:
    catalog = catalogs.get(ref)
    requirement = catalog.requirements_by_id.get(rid) if catalog else None
    return requirement.title.get(lang) if requirement else rid


def build_national_view(
    picture: NationalPicture,
    catalogs: Mapping[str, Catalog],
    county_of: Mapping[str, str],
    county_names: Mapping[str, str],
    lang: Language,
) -> NationalView:
    """The national report's view of ``picture``; ``catalogs``: ref → catalogue; ``county_of``:
    kommunkod → county code; ``county_names``: county code → name."""
    latest = picture.latest
    decision_shades = {
        s.code: Shade(DECISION_COLOURS[s.outcome], _tooltip(s, lang)) for s in latest
    }
    score_shades = {
        s.code: Shade(_class_colour(_score_class(s.overall)), _tooltip(s, lang)) for s in latest
    }
    missing = Shade(NOT_IN_REPORT, tr(lang, "national_not_in_report"))
    # a county's own picture: when every municipality on the map lies in one county, the maps
    # show that county (with its neighbours' edges) instead of the whole country
    present = {county_of.get(s.code, "") for s in latest if s.code in sweden_map().paths}
    focus: list[str] = []
    map_area = None
    if len(present) == 1 and "" not in present:
        [only] = present
        focus = [code for code, county in county_of.items() if county == only]
        map_area = tr(lang, "national_map_area", county=county_names.get(only, only))
    outcome_counts = picture.national.outcomes
    decision_legend = [
        LegendItem(DECISION_COLOURS[o], _outcome_legend(o, lang), outcome_counts[o])
        for o in SHOWN_OUTCOMES
    ]
    on_map = sum(1 for s in latest if s.code in sweden_map().paths)
    # the grey shapes counted in the legends: those drawn (the county's, or the country's)
    map_total = len(focus) if focus else len(sweden_map().paths)
    decision_legend.append(
        LegendItem(NOT_IN_REPORT, tr(lang, "national_not_in_report"), map_total - on_map)
    )
    class_counts = [0] * len(SCORE_CLASSES)
    for summary in latest:
        index = _score_class(summary.overall)
        if index is not None:
            class_counts[index] += 1
    score_legend = [
        LegendItem(_class_colour(index), f"{low}–{high}", class_counts[index])
        for index, (low, high) in enumerate(SCORE_CLASSES)
    ]
    score_legend.append(
        LegendItem(NOT_IN_REPORT, tr(lang, "national_not_in_report"), map_total - on_map)
    )

    def rollup_row(name: str, group: GroupRollup) -> RollupRow:
        return RollupRow(
            name=name,
            total=group.municipalities_total,
            assessed=group.assessed,
            mean=group.mean,
            median=group.median,
            lowest=group.lowest,
            highest=group.highest,
            outcomes=[group.outcomes[outcome] for outcome in SHOWN_OUTCOMES],
        )

    counties = [
        rollup_row(county_names.get(group.key, group.key) or tr(lang, "national_no_county"), group)
        for group in picture.counties
    ]
    distribution = [(f"{b.low}–{b.high}", b.count) for b in picture.distribution]
    requirements = []
    for share in picture.requirements:
        catalog = catalogs.get(share.catalog_ref)
        requirement = catalog.requirements_by_id.get(share.id) if catalog else None
        level = catalog.levels_by_id.get(requirement.level) if catalog and requirement else None
        requirements.append(
            RequirementShareRow(
                id=share.id,
                title=requirement.title.get(lang) if requirement else share.id,
                level_title=level.title.get(lang) if level else "",
                modality_label=label("modality", requirement.modality, lang) if requirement else "",
                catalog_ref=share.catalog_ref,
                applicable=share.applicable,
                fulfilled=share.fulfilled,
                partial=share.partial,
                not_fulfilled=share.not_fulfilled,
                not_assessed=share.not_assessed,
                top_maturity=share.top_maturity,
                share=share.share_fulfilled,
            )
        )
    several_catalogs = len(picture.catalogs) > 1
    held_back = [
        Bar(
            f"{row.id}{' (' + row.catalog_ref + ')' if several_catalogs else ''} {row.title}",
            row.share,
        )
        for row in requirements[:HELD_BACK_SHOWN]
    ]
    examples = [
        ExampleGroupView(
            id=group.id,
            title=_requirement_title(catalogs, group.catalog_ref, group.id, lang),
            catalog_ref=group.catalog_ref,
            municipalities=[
                ExampleMunicipalityView(
                    name=example.name,
                    code=example.code,
                    period=example.period,
                    evidence=[
                        EvidenceView(
                            kind_label=label("evidence_kind", item.kind, lang),
                            ref=item.ref,
                            href=safe_href(item.ref),
                            date=item.date,
                            note=None,
                        )
                        for item in example.evidence
                    ],
                )
                for example in group.examples
            ],
        )
        for group in picture.examples
    ]
    municipalities = [
        NationalMunicipalityRow(
            code=s.code,
            name=s.name,
            county=county_names.get(county_of.get(s.code, ""), "")
            or tr(lang, "national_no_county"),
            period=s.period,
            kind_label=label("kind", s.kind, lang),
            overall=s.overall,
            outcome=s.outcome,
            decision_text=decision_text(s.outcome, s.readiness_only, lang),
            publishable=s.publishable,
        )
        for s in latest
    ]
    return NationalView(
        intro=tr(
            lang,
            "national_intro",
            municipalities=counted(lang, len(latest), "noun_municipality"),
            assessments=counted(lang, picture.assessments_read, "noun_assessment"),
        )
        + (
            " "
            + tr(
                lang,
                "national_skipped_skeletons",
                assessments=counted(lang, picture.skipped_skeletons, "noun_assessment"),
            )
            if picture.skipped_skeletons
            else ""
        ),
        map_decision=choropleth(
            decision_shades, missing, tr(lang, "national_map_decision"), "national-table", focus
        ),
        map_score=choropleth(
            score_shades, missing, tr(lang, "national_map_score"), "national-table", focus
        ),
        map_area=map_area,
        decision_legend=decision_legend,
        score_legend=score_legend,
        map_source=sweden_map().source,
        outcome_labels=[tr(lang, f"national_short_{outcome}") for outcome in SHOWN_OUTCOMES],
        off_map=(
            tr(
                lang,
                "national_off_map",
                count=counted(lang, len(latest) - on_map, "noun_municipality"),
            )
            if len(latest) > on_map
            else None
        ),
        status_titles=labels("status", lang),
        national=rollup_row(tr(lang, "national_whole"), picture.national),
        counties=counties,
        histogram=column_chart(
            distribution, tr(lang, "national_distribution"), tr(lang, "national_score_axis")
        ),
        distribution=distribution,
        held_back_chart=bar_chart(held_back, tr(lang, "national_held_back"), lang),
        requirements=requirements,
        examples=examples,
        examples_note=tr(
            lang,
            "national_examples_note",
            publishable=counted(lang, picture.publishable, "noun_municipality"),
        ),
        municipalities=municipalities,
        catalogs=picture.catalogs,
    )
