"""Points per requirement and scores per level, per cornerstone and overall (DESIGN §3, Points).

A requirement earns ``weight × maturity / top``, ``top`` being the highest value of the
catalogue's maturity scale. ``not_applicable`` leaves both earned and possible; ``not_assessed``
(or a requirement with no response at all) is possible but unearned — except outside the
scope of a sampling audit (``engine/scope.py``), where it leaves both sides. Everything stays a
``Fraction`` here; rounding happens only when the result is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from lotscert.engine.arithmetic import percent, to_decimal, to_fraction
from lotscert.engine.metrics import check_metric, status_from_metric
from lotscert.engine.persons_evidence import check_persons, status_from_persons
from lotscert.engine.scope import in_scope, scope_of
from lotscert.errors import AssessmentError
from lotscert.models.assessment import Assessment, Response, Status
from lotscert.models.catalog import Catalog, Requirement
from lotscert.models.result import MetricCheck, PersonResult, PersonsCheck, Score, Scores


@dataclass(frozen=True)
class ScoredRequirement:
    """One requirement with its response, verdict and exact points."""

    requirement: Requirement
    response: Response | None
    status: Status
    effective_status: Status
    maturity: int | None
    earned: Fraction | None
    possible: Fraction | None
    metric: MetricCheck | None
    persons: PersonsCheck | None = None
    in_scope: bool = True

    @property
    def applicable(self) -> bool:
        """False for not_applicable: the requirement leaves both sides of every score."""
        return self.possible is not None


def score_requirement(
    catalog: Catalog,
    assessment: Assessment,
    requirement: Requirement,
    persons: Sequence[PersonResult] = (),
) -> ScoredRequirement:
    """The verdict and points of one requirement (``persons``: the evaluated register, which
    judges a requirement linked to it when the catalogue has a person profile)."""
    response = assessment.responses.get(requirement.id)
    status: Status = response.status if response is not None else "not_assessed"
    maturity = response.maturity if response is not None else None
    if maturity is not None and maturity > catalog.top:
        raise AssessmentError(
            f"responses.{requirement.id}.maturity: must be at most {catalog.top} on the "
            f"catalogue's scale, got {maturity}"
        )
    metric = (
        check_metric(requirement.metric, assessment.metrics, assessment.date)
        if requirement.metric
        else None
    )
    effective = status_from_metric(status, metric)
    persons_check = None
    # A sampling audit that lists no persons does not examine the register (as for coverage).
    examines_register = scope_of(assessment.kind) != "sample" or bool(assessment.persons)
    if requirement.persons is not None and catalog.competence is not None and examines_register:
        persons_check = check_persons(requirement.persons, persons)
        effective = status_from_persons(effective, persons_check)
    weight = to_fraction(requirement.weight)
    earned: Fraction | None
    possible: Fraction | None
    inside = in_scope(assessment.kind, response)
    if effective == "not_applicable" or not inside:
        earned, possible = None, None
    elif effective == "not_assessed" or maturity is None:
        earned, possible = Fraction(0), weight
    else:
        earned, possible = weight * maturity / catalog.top, weight
    return ScoredRequirement(
        requirement=requirement,
        response=response,
        status=status,
        effective_status=effective,
        maturity=maturity,
        earned=earned,
        possible=possible,
        metric=metric,
        persons=persons_check,
        in_scope=inside,
    )


def score_requirements(
    catalog: Catalog, assessment: Assessment, persons: Sequence[PersonResult] = ()
) -> list[ScoredRequirement]:
    """Every catalogue requirement scored, in catalogue order."""
    return [
        score_requirement(catalog, assessment, requirement, persons)
        for requirement in catalog.requirements
    ]


def make_score(scored: Iterable[ScoredRequirement]) -> Score:
    """Earned over possible for the applicable requirements among ``scored``."""
    earned = Fraction(0)
    possible = Fraction(0)
    for item in scored:
        if item.earned is not None and item.possible is not None:
            earned += item.earned
            possible += item.possible
    return Score(
        earned=to_decimal(earned), possible=to_decimal(possible), percent=percent(earned, possible)
    )


def _ordered_ids(declared: Iterable[str], used: Iterable[str]) -> list[str]:
    """The catalogue's ids in its order, then any id only requirements name."""
    ids = list(dict.fromkeys(declared))
    ids.extend(item for item in dict.fromkeys(used) if item not in ids)
    return ids


def compute_scores(catalog: Catalog, scored: list[ScoredRequirement]) -> Scores:
    """Scores overall, per level and per cornerstone, keyed in catalogue order."""
    level_ids = _ordered_ids(
        (level.id for level in catalog.levels), (s.requirement.level for s in scored)
    )
    cornerstone_ids = _ordered_ids(
        (cornerstone.id for cornerstone in catalog.cornerstones),
        (s.requirement.cornerstone for s in scored),
    )
    return Scores(
        overall=make_score(scored),
        levels={
            level: make_score(s for s in scored if s.requirement.level == level)
            for level in level_ids
        },
        cornerstones={
            cornerstone: make_score(s for s in scored if s.requirement.cornerstone == cornerstone)
            for cornerstone in cornerstone_ids
        },
    )
