"""Requirements judged from the persons register (DESIGN §6, Evidence that decides).

A catalogue requirement with ``persons`` ("every lots has ...") is judged like a metric
requirement: the share of the register's lotsar who meet the linked criteria decides the
effective status — at least ``fulfilled_share`` fulfilled, at least ``partial_share`` partial,
else not fulfilled. A register with fewer than ``min_persons`` lotsar does not decide (the
stated status stands and the result says why) — but an empty register does: with no pilot at
all, no pilot meets the requirement, and it counts as not fulfilled (the result says so).
``not_applicable`` and ``not_assessed`` are the assessor's call and are never overridden.

Which unmet person criteria (``engine.persons``) count against which linked criterion:
``certified`` every one; ``training`` modules and exam; ``modules`` missing modules (only the
listed ones when the link names ``modules``); ``exam`` a missing, failed or expired exam;
``broad_base`` an area below the broad-base minimum; ``specialist`` too few specialist areas;
``languages`` a language below its level (only the listed ones when the link names them).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from lotscert.engine.arithmetic import to_fraction
from lotscert.engine.metrics import MEASURABLE_STATUSES
from lotscert.models.assessment import Status
from lotscert.models.catalog import PersonCriterion, PersonsLink
from lotscert.models.result import PersonResult, PersonsCheck, Unmet

_TRAINING = frozenset(
    {"no_training", "module_missing", "exam_missing", "exam_below_pass_mark", "exam_expired"}
)
_CRITERIA: dict[PersonCriterion, frozenset[str]] = {
    "training": _TRAINING,
    "modules": frozenset({"no_training", "module_missing"}),
    "exam": frozenset({"no_training", "exam_missing", "exam_below_pass_mark", "exam_expired"}),
    "broad_base": frozenset({"area_below_base"}),
    "specialist": frozenset({"too_few_specialist_areas"}),
    "languages": frozenset({"language_below_required"}),
}
_SHARE_PLACES = Decimal("0.0001")


def counts_against(link: PersonsLink, item: Unmet) -> bool:
    """Whether one unmet person criterion fails the linked requirement."""
    if "certified" in link.criteria:
        return True
    if not any(
        item.criterion in _CRITERIA[criterion]
        for criterion in link.criteria
        if criterion != "certified"
    ):
        return False
    if item.criterion == "module_missing" and link.modules is not None:
        return item.subject in link.modules
    if item.criterion == "language_below_required" and link.languages is not None:
        return item.subject in link.languages
    return True


def meets(link: PersonsLink, person: PersonResult) -> bool:
    """Whether the person meets every linked criterion."""
    return not any(counts_against(link, item) for item in person.unmet)


def status_from_share(link: PersonsLink, share: Fraction) -> Status:
    """fulfilled, partial or not_fulfilled by the link's thresholds."""
    if share >= to_fraction(link.fulfilled_share):
        return "fulfilled"
    if link.partial_share is not None and share >= to_fraction(link.partial_share):
        return "partial"
    return "not_fulfilled"


def check_persons(link: PersonsLink, persons: Sequence[PersonResult]) -> PersonsCheck:
    """Judge the linked requirement from the evaluated persons (ordered by id)."""
    not_meeting = [person.id for person in persons if not meets(link, person)]
    total = len(persons)
    meeting = total - len(not_meeting)
    share = Fraction(meeting, total) if total else None
    status: Status | None
    if not total:
        status = "not_fulfilled"  # no pilot at all: "every pilot ..." is met by nobody
    elif share is not None and total >= link.min_persons:
        status = status_from_share(link, share)
    else:
        status = None
    return PersonsCheck(
        criteria=list(link.criteria),
        persons=total,
        meeting=meeting,
        share=(Decimal(share.numerator) / Decimal(share.denominator)).quantize(
            _SHARE_PLACES, rounding=ROUND_HALF_UP
        )
        if share is not None
        else None,
        fulfilled_share=link.fulfilled_share,
        partial_share=link.partial_share,
        status=status,
        not_meeting=not_meeting,
    )


def status_from_persons(stated: Status, check: PersonsCheck | None) -> Status:
    """The effective status: the register's verdict, unless it cannot decide or the stated
    status is not_applicable / not_assessed."""
    if check is None or check.status is None or stated not in MEASURABLE_STATUSES:
        return stated
    return check.status
