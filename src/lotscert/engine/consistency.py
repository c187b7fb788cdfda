"""The consistency warnings that concern scoring (DESIGN §3, Consistency).

Errors (a missing response, an unknown id, not_applicable without a comment...) are the
validator's job; the engine stays total and, where it had to make do, says so here as a
warning. Thresholds are relative to the catalogue's scale: "fulfilled with maturity below 3"
on 0–4 is "below top − 1" on any scale, "not fulfilled with maturity above 1" is "above
bottom + 1".
"""

from __future__ import annotations

from lotscert.engine.scoring import ScoredRequirement
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import Warning

ASSESSED_STATUSES = frozenset({"fulfilled", "partial", "not_fulfilled"})
_PROBLEM_WORDS = {
    "too_few_answers": "too few answers",
    "answers_unknown": "number of answers not recorded",
    "too_old": "too old",
    "date_unknown": "no date",
    "other_source_kind": "another kind of source",
    "other_area": "another area",
    "other_factor": "another factor",
}


def _requirement_warnings(catalog: Catalog, item: ScoredRequirement) -> list[Warning]:
    rid = item.requirement.id
    bottom = min(step.value for step in catalog.scale)
    warnings: list[Warning] = []
    if item.response is None and not item.in_scope:
        return warnings  # outside a sampling or persons-only audit: nothing was left unanswered
    if item.response is None:
        warnings.append(
            Warning(
                code="response_missing",
                path=f"responses.{rid}",
                message=f"no response for {rid}; counted as not assessed",
            )
        )
        return warnings
    if item.status in ASSESSED_STATUSES and item.maturity is None:
        warnings.append(
            Warning(
                code="maturity_missing",
                path=f"responses.{rid}.maturity",
                message=f"{rid} is {item.status} but has no maturity; it earns no points",
            )
        )
    if item.status == "fulfilled" and item.maturity is not None and item.maturity < catalog.top - 1:
        warnings.append(
            Warning(
                code="fulfilled_low_maturity",
                path=f"responses.{rid}.maturity",
                message=f"{rid} is fulfilled with maturity {item.maturity} "
                f"(below {catalog.top - 1})",
            )
        )
    if item.status == "not_fulfilled" and item.maturity is not None and item.maturity > bottom + 1:
        warnings.append(
            Warning(
                code="not_fulfilled_high_maturity",
                path=f"responses.{rid}.maturity",
                message=f"{rid} is not fulfilled with maturity {item.maturity} "
                f"(above {bottom + 1})",
            )
        )
    metric = item.metric
    if metric is not None and item.status in ASSESSED_STATUSES:
        if metric.met is None:
            warnings.append(
                Warning(
                    code="metric_missing",
                    path=f"metrics.{metric.key}",
                    message=f"{rid} is decided by metric {metric.key}, which is not measured; "
                    f"the stated status {item.status} is kept",
                )
            )
        elif metric.not_deciding:
            warnings.append(
                Warning(
                    code="metric_not_deciding",
                    path=f"metrics.{metric.key}",
                    message=f"{rid}: the measurement {metric.key} does not decide the "
                    f"requirement ({', '.join(_PROBLEM_WORDS[p] for p in metric.not_deciding)}); "
                    f"the stated status {item.status} is kept",
                    details={
                        "requirement": rid,
                        "key": metric.key,
                        "reasons": ",".join(metric.not_deciding),
                        "stated": item.status,
                    },
                )
            )
        elif item.effective_status != item.status:
            warnings.append(
                Warning(
                    code="metric_contradiction",
                    path=f"responses.{rid}.status",
                    message=f"{rid} is stated {item.status} but the measurement "
                    f"{metric.key} = {metric.value} {metric.op} {metric.target} is "
                    f"{'met' if metric.met else 'not met'}; counted as {item.effective_status}",
                )
            )
    warnings.extend(_persons_warnings(item))
    return warnings


#: How many pseudonymous ids a warning names before it says how many more there are.
NAMED_PERSONS = 10


def named_persons(ids: list[str]) -> str:
    """``lots-03, lots-09`` — at most ``NAMED_PERSONS`` ids, then ``(+N)``."""
    shown = ", ".join(ids[:NAMED_PERSONS])
    return shown + (f" (+{len(ids) - NAMED_PERSONS})" if len(ids) > NAMED_PERSONS else "")


def _persons_warnings(item: ScoredRequirement) -> list[Warning]:
    check = item.persons
    rid = item.requirement.id
    if check is None or item.status not in ASSESSED_STATUSES:
        return []
    if check.persons == 0:
        return [
            Warning(
                code="persons_register_empty",
                path="persons",
                message=f"{rid} is judged from the persons register, which lists no pilot: "
                f"nobody meets it, so it counts as {check.status} (stated: {item.status})",
                details={"requirement": rid, "status": str(check.status), "stated": item.status},
            )
        ]
    if check.status is None:
        return [
            Warning(
                code="persons_register_too_small",
                path="persons",
                message=f"{rid} is decided by the persons register, which lists {check.persons} "
                f"pilot(s); the stated status {item.status} is kept",
                details={"requirement": rid, "persons": str(check.persons)},
            )
        ]
    if check.status == item.status:
        return []
    return [
        Warning(
            code="persons_contradiction",
            path=f"responses.{rid}.status",
            message=f"{rid} is stated {item.status} but the persons register shows "
            f"{check.meeting} of {check.persons} pilots meeting it; counted as "
            f"{check.status}; not meeting: {named_persons(check.not_meeting)}",
            details={
                "requirement": rid,
                "stated": item.status,
                "counted": check.status,
                "meeting": str(check.meeting),
                "persons": str(check.persons),
                "not_meeting": named_persons(check.not_meeting),
            },
        )
    ]


def scoring_warnings(
    catalog: Catalog, assessment: Assessment, scored: list[ScoredRequirement]
) -> list[Warning]:
    """Warnings per requirement in catalogue order, then responses naming unknown ids."""
    warnings: list[Warning] = []
    for item in scored:
        warnings.extend(_requirement_warnings(catalog, item))
    known = catalog.requirements_by_id
    for rid in sorted(assessment.responses):
        if rid not in known:
            warnings.append(
                Warning(
                    code="unknown_requirement",
                    path=f"responses.{rid}",
                    message=f"the catalogue {catalog.ref} has no requirement {rid}; ignored",
                )
            )
    return warnings
