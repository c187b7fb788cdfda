"""The national picture: many municipalities' latest results, rolled up (issue 17).

Each assessment is first reduced to a :class:`MunicipalitySummary` (one at a time, so hundreds
of files never sit in memory together); :func:`national_picture` then keeps the latest
assessment of each municipality and computes what a national or regional reader asks first:
how the decisions and scores spread, how each county does, which requirements hold the country
back (the share of municipalities that fulfil each), and the good examples — municipalities
that fulfil a requirement at the top of the maturity scale, taken only from assessments marked
``publishable`` and with every declared personal name removed from their evidence references.

Pure functions, no I/O, no text: the report builders word it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from lotscert.engine.arithmetic import percent, round_one_decimal, to_fraction
from lotscert.models.assessment import Assessment, AssessmentKind, Status
from lotscert.models.catalog import EvidenceKind
from lotscert.models.result import OUTCOMES, Outcome, Result

#: Order of the kinds when a municipality has two assessments on the same day: the later in
#: this list is the stronger evidence and is the one shown.
_KIND_RANK: dict[AssessmentKind, int] = {
    "persons_test_certification": -1,
    "special_audit": -1,
    "surveillance_audit": -1,
    "self_assessment": 0,
    "internal_audit": 1,
    "test_certification": 2,
    "certification_audit": 3,
    "recertification_audit": 4,
}


@dataclass(frozen=True)
class RequirementOutcome:
    """One requirement's effective status and maturity in one assessment."""

    id: str
    effective_status: Status
    maturity: int | None


@dataclass(frozen=True)
class ExampleEvidence:
    """An evidence reference of a good example (personal names already removed)."""

    kind: EvidenceKind
    ref: str
    date: dt.date | None


@dataclass(frozen=True)
class MunicipalitySummary:
    """What the national picture needs of one assessment, never the whole result."""

    code: str
    name: str
    is_example: bool
    period: int
    kind: AssessmentKind
    date: dt.date
    catalog_ref: str
    overall: Decimal | None
    outcome: Outcome
    readiness_only: bool
    requirements: tuple[RequirementOutcome, ...]
    publishable: bool
    #: requirement id → evidence, for requirements fulfilled at the top maturity (only when
    #: the assessment is publishable)
    examples: tuple[tuple[str, tuple[ExampleEvidence, ...]], ...] = ()
    source: str = ""  # where the summary came from (a file path), for the reader's table


def summarise(result: Result, assessment: Assessment, source: str = "") -> MunicipalitySummary:
    """The summary of one evaluated assessment; good examples only when it is publishable."""
    top = result.catalog.top
    requirements = tuple(
        RequirementOutcome(rid, item.effective_status, item.maturity)
        for rid, item in result.requirements.items()
    )
    publishable = assessment.publishable is True
    examples: list[tuple[str, tuple[ExampleEvidence, ...]]] = []
    if publishable:
        best = [
            rid
            for rid, item in result.requirements.items()
            if item.effective_status == "fulfilled" and item.maturity == top
        ]
        if best:
            from lotscert.redact import redact_assessment

            # every declared name (persons, assessors) out of the references, in any spelling
            clean = redact_assessment(assessment)
            for rid in best:
                response = clean.responses.get(rid)
                evidence = tuple(
                    ExampleEvidence(item.kind, item.ref, item.date)
                    for item in (response.evidence if response else [])
                )
                examples.append((rid, evidence))
    return MunicipalitySummary(
        code=result.municipality.code,
        name=result.municipality.name,
        is_example=result.municipality.is_example,
        period=result.period,
        kind=result.kind,
        date=result.date,
        catalog_ref=f"{result.catalog.id}@{result.catalog.version}",
        overall=result.scores.overall.percent,
        outcome=result.decision.outcome,
        readiness_only=result.decision.readiness_only,
        requirements=requirements,
        publishable=publishable,
        examples=tuple(examples),
        source=source,
    )


def _recency(summary: MunicipalitySummary) -> tuple[int, dt.date, int, str]:
    return (summary.period, summary.date, _KIND_RANK[summary.kind], summary.source)


def answered(summary: MunicipalitySummary) -> bool:
    """True when at least one requirement has been assessed: not an untouched skeleton (next
    year's file made by ``lotscert init``, every requirement ``not_assessed``)."""
    return any(item.effective_status != "not_assessed" for item in summary.requirements)


def latest_per_municipality(
    summaries: Iterable[MunicipalitySummary],
) -> list[MunicipalitySummary]:
    """The latest assessment of each municipality (period, then date, then the stronger kind),
    in code order — the latest with answers: an untouched skeleton (:func:`answered`) is
    shown only when the municipality has nothing else."""
    latest: dict[str, MunicipalitySummary] = {}
    for summary in summaries:
        current = latest.get(summary.code)
        if current is None or (answered(summary), _recency(summary)) > (
            answered(current),
            _recency(current),
        ):
            latest[summary.code] = summary
    return [latest[code] for code in sorted(latest)]


def skipped_skeletons(
    summaries: Iterable[MunicipalitySummary], latest: Sequence[MunicipalitySummary]
) -> int:
    """How many untouched skeletons are newer than the assessment shown for their
    municipality (left out by :func:`latest_per_municipality`, and said so in the report)."""
    shown = {summary.code: summary for summary in latest}
    return sum(
        1
        for summary in summaries
        if not answered(summary)
        and summary.code in shown
        and _recency(summary) > _recency(shown[summary.code])
    )


@dataclass(frozen=True)
class ScoreBin:
    """One bar of the score distribution: ``low`` ≤ score < ``high`` (the last includes 100)."""

    low: int
    high: int
    count: int


@dataclass(frozen=True)
class GroupRollup:
    """A group of municipalities (a county, or the whole set): how many, scores, decisions."""

    key: str
    municipalities_total: int | None  # how many the group has in the reference data
    assessed: int
    mean: Decimal | None
    median: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    outcomes: dict[Outcome, int]


@dataclass(frozen=True)
class RequirementShare:
    """One requirement across the municipalities that answered it (latest assessments)."""

    catalog_ref: str
    id: str
    applicable: int
    fulfilled: int
    partial: int
    not_fulfilled: int
    not_assessed: int
    not_applicable: int
    top_maturity: int
    share_fulfilled: Decimal | None  # percent of applicable, one decimal


@dataclass(frozen=True)
class GoodExample:
    """A municipality that fulfils a requirement at the top maturity, with its evidence."""

    code: str
    name: str
    period: int
    evidence: tuple[ExampleEvidence, ...]


@dataclass(frozen=True)
class RequirementExamples:
    """The good examples of one requirement."""

    catalog_ref: str
    id: str
    examples: tuple[GoodExample, ...]


@dataclass(frozen=True)
class NationalPicture:
    """The roll-up of the latest assessment per municipality."""

    latest: list[MunicipalitySummary]
    assessments_read: int
    national: GroupRollup
    counties: list[GroupRollup]
    distribution: list[ScoreBin]
    requirements: list[RequirementShare]
    examples: list[RequirementExamples]
    publishable: int
    catalogs: list[str] = field(default_factory=list)
    #: newer untouched skeletons passed over for a municipality's latest answered assessment
    skipped_skeletons: int = 0


def _median(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return round_one_decimal((to_fraction(ordered[middle - 1]) + to_fraction(ordered[middle])) / 2)


def rollup(
    key: str, members: Sequence[MunicipalitySummary], total: int | None = None
) -> GroupRollup:
    """Scores and decisions of a group of latest assessments."""
    scores = [member.overall for member in members if member.overall is not None]
    mean = (
        round_one_decimal(sum((to_fraction(value) for value in scores), Fraction(0)) / len(scores))
        if scores
        else None
    )
    counts = Counter(member.outcome for member in members)
    return GroupRollup(
        key=key,
        municipalities_total=total,
        assessed=len(members),
        mean=mean,
        median=_median(scores),
        lowest=min(scores) if scores else None,
        highest=max(scores) if scores else None,
        outcomes={outcome: counts.get(outcome, 0) for outcome in OUTCOMES},
    )


def distribution(scores: Iterable[Decimal | None], width: int) -> list[ScoreBin]:
    """Scores 0–100 in bins of ``width`` points; 100 falls in the last bin."""
    edges = list(range(0, 100, width))
    counts = [0] * len(edges)
    for score in scores:
        if score is None:
            continue
        index = min(int(score // width), len(edges) - 1)
        counts[max(index, 0)] += 1
    return [
        ScoreBin(low, min(low + width, 100), count)
        for low, count in zip(edges, counts, strict=True)
    ]


def requirement_shares(
    latest: Sequence[MunicipalitySummary], tops: dict[str, int]
) -> list[RequirementShare]:
    """Per catalogue and requirement: how many fulfil it; the least fulfilled first.

    ``tops``: catalogue ref → the top of its maturity scale."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    top_counts: dict[tuple[str, str], int] = defaultdict(int)
    order: dict[tuple[str, str], int] = {}
    for summary in latest:
        for index, item in enumerate(summary.requirements):
            key = (summary.catalog_ref, item.id)
            order.setdefault(key, index)
            counts[key][item.effective_status] += 1
            if item.effective_status == "fulfilled" and item.maturity == tops.get(
                summary.catalog_ref
            ):
                top_counts[key] += 1
    shares = []
    for key, count in counts.items():
        applicable = sum(count.values()) - count["not_applicable"]
        shares.append(
            RequirementShare(
                catalog_ref=key[0],
                id=key[1],
                applicable=applicable,
                fulfilled=count["fulfilled"],
                partial=count["partial"],
                not_fulfilled=count["not_fulfilled"],
                not_assessed=count["not_assessed"],
                not_applicable=count["not_applicable"],
                top_maturity=top_counts[key],
                share_fulfilled=percent(Fraction(count["fulfilled"]), Fraction(applicable)),
            )
        )
    return sorted(
        shares,
        key=lambda share: (
            share.share_fulfilled if share.share_fulfilled is not None else Decimal(101),
            share.catalog_ref,
            order[(share.catalog_ref, share.id)],
        ),
    )


def good_examples(latest: Sequence[MunicipalitySummary]) -> list[RequirementExamples]:
    """Per requirement (catalogue order), the publishable municipalities at the top maturity."""
    found: dict[tuple[str, str], list[GoodExample]] = defaultdict(list)
    order: dict[tuple[str, str], int] = {}
    for summary in latest:
        for index, item in enumerate(summary.requirements):
            order.setdefault((summary.catalog_ref, item.id), index)
        for rid, evidence in summary.examples:
            found[(summary.catalog_ref, rid)].append(
                GoodExample(summary.code, summary.name, summary.period, evidence)
            )
    return [
        RequirementExamples(key[0], key[1], tuple(sorted(items, key=lambda e: e.code)))
        for key, items in sorted(found.items(), key=lambda item: (item[0][0], order[item[0]]))
    ]


def national_picture(
    summaries: Iterable[MunicipalitySummary],
    *,
    county_of: dict[str, str],
    county_sizes: dict[str, int],
    tops: dict[str, int],
    bin_width: int = 10,
) -> NationalPicture:
    """The national picture of every summary given (any order, several years each).

    ``county_of``: kommunkod → county code (a municipality outside it, e.g. a fictional 99xx
    example, is counted under the county ``""``); ``county_sizes``: county code → number of
    municipalities it has; ``tops``: catalogue ref → top of its maturity scale.
    """
    every = list(summaries)
    latest = latest_per_municipality(every)
    by_county: dict[str, list[MunicipalitySummary]] = defaultdict(list)
    for summary in latest:
        by_county[county_of.get(summary.code, "")].append(summary)
    counties = [
        rollup(county, by_county[county], county_sizes.get(county))
        for county in sorted(by_county, key=lambda county: (county == "", county))
    ]
    return NationalPicture(
        latest=latest,
        assessments_read=len(every),
        national=rollup("", latest, sum(county_sizes.values()) or None),
        counties=counties,
        distribution=distribution((summary.overall for summary in latest), bin_width),
        requirements=requirement_shares(latest, tops),
        examples=good_examples(latest),
        publishable=sum(1 for summary in latest if summary.publishable),
        catalogs=sorted({summary.catalog_ref for summary in latest}),
        skipped_skeletons=skipped_skeletons(every, latest),
    )
