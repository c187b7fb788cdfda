"""Where a certificate stands in its cycle at a date (DESIGN §6; ISO/IEC 17021-1, 17024).

A grant starts a validity period at the decision date, as long as the catalogue's
``validity_years``. A renewal (a grant resting on a recertification audit, or a person
certificate renewed by exam or continuing development) decided before the old period ends
continues it: the new period ends ``validity_years`` after the old end. Suspension and
withdrawal are later decisions on the same certificate number; restoration lifts a suspension.
Decisions are taken in date order; decisions of the same day in the order of their decision
numbers, read from the file name as a number (``decision-2`` before ``decision-10``). A
suspension or withdrawal needs a grant in force before it, and a restoration a suspension
(``out_of_turn``).

A function certificate is watched by surveillance audits: the first within
``surveillance_first_months`` of the grant, then one every ``surveillance_interval_months``,
each due date before the certificate ends (then recertification is due instead). The k-th
surveillance audit after the grant answers the k-th due date. When a due date has passed
unanswered the surveillance is overdue, and when the catalogue says so a suspension is proposed.

Pure functions over already loaded decisions and audit dates; no I/O, no text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from lotscert.engine.dates import add_days, add_months, add_years
from lotscert.engine.persons import natural_key
from lotscert.models.decision import DecisionOutcome

CertificateStatus = Literal[
    "valid",
    "expiring",
    "surveillance_overdue",
    "suspended",
    "withdrawn",
    "expired",
    "not_yet_decided",
]
CERTIFICATE_STATUSES: tuple[CertificateStatus, ...] = (
    "valid",
    "expiring",
    "surveillance_overdue",
    "suspended",
    "withdrawn",
    "expired",
    "not_yet_decided",
)


@dataclass(frozen=True)
class CertificateEvent:
    """One decision about one certificate number."""

    date: dt.date
    outcome: DecisionOutcome
    renewal: bool
    source: str


@dataclass(frozen=True)
class SurveillancePlan:
    """The catalogue's surveillance numbers (``certification``)."""

    first_months: int
    interval_months: int | None
    suspend_when_overdue: bool


@dataclass(frozen=True)
class CycleState:
    """A certificate at a date: its status, period, and what is due next."""

    status: CertificateStatus
    decided: dt.date | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    surveillance_due: list[dt.date] = field(default_factory=list)
    surveillance_done: list[dt.date] = field(default_factory=list)
    next_surveillance_due: dt.date | None = None
    recertification_due: dt.date | None = None
    suspension_proposed: bool = False
    sources: list[str] = field(default_factory=list)

    @property
    def next_due(self) -> dt.date | None:
        """The next date something must happen: a surveillance audit or recertification."""
        dates = [d for d in (self.next_surveillance_due, self.recertification_due) if d]
        return min(dates) if dates else None


NaturalKey = tuple[tuple[int, int | str], ...]
DecisionOrder = tuple[dt.date, NaturalKey, NaturalKey]


def decision_order(date: dt.date, source: str) -> DecisionOrder:
    """The order decisions were taken in: by date, then (the same day) by the decision number in
    the file name, read as a number (``2026-decision-2`` before ``2026-decision-10``), then by
    the whole path."""
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return (date, natural_key(name), natural_key(source))


def event_order(event: CertificateEvent) -> DecisionOrder:
    """:func:`decision_order` of one event."""
    return decision_order(event.date, event.source)


#: Why a decision cannot be taken at its turn (see :func:`out_of_turn`).
OutOfTurn = Literal["not_granted", "withdrawn", "not_suspended"]


def out_of_turn(events: Sequence[CertificateEvent], event: CertificateEvent) -> OutOfTurn | None:
    """Whether ``event`` (one of ``events``, all about one certificate) finds the certificate in
    a state it can act on: a suspension or withdrawal needs a grant in force before it (not
    withdrawn since), a restoration a suspension still in force. None when it can."""
    granted = suspended = withdrawn = False
    for earlier in sorted(events, key=event_order):
        if earlier is event:
            break
        match earlier.outcome:
            case "granted":
                granted, suspended, withdrawn = True, False, False
            case "suspended":
                suspended = True
            case "restored":
                suspended = False
            case "withdrawn":
                withdrawn = True
            case "refused":
                pass
    if event.outcome not in ("suspended", "withdrawn", "restored"):
        return None
    if not granted:
        return "not_granted"
    if withdrawn:
        return "withdrawn"
    if event.outcome == "restored" and not suspended:
        return "not_suspended"
    return None


def surveillance_dates(
    granted: dt.date, valid_until: dt.date, plan: SurveillancePlan
) -> list[dt.date]:
    """The surveillance due dates of one validity period (each before the period ends)."""
    dates: list[dt.date] = []
    due = add_months(granted, plan.first_months)
    while due < valid_until:
        dates.append(due)
        if plan.interval_months is None:
            break
        due = add_months(due, plan.interval_months)
    return dates


def certificate_cycle(
    events: Sequence[CertificateEvent],
    validity_years: int,
    at: dt.date,
    *,
    notice_days: int | None = None,
    plan: SurveillancePlan | None = None,
    surveillance_audits: Sequence[dt.date] = (),
) -> CycleState:
    """The state at ``at`` of the certificate these decisions (in any order) are about."""
    known = sorted((e for e in events if e.date <= at), key=event_order)
    sources = [e.source for e in known]
    decided = valid_from = valid_until = None
    suspended = withdrawn = False
    for event in known:
        match event.outcome:
            case "granted":
                if event.renewal and valid_until is not None and event.date <= valid_until:
                    valid_until = add_years(valid_until, validity_years)
                else:
                    valid_until = add_years(event.date, validity_years)
                decided = valid_from = event.date
                suspended = withdrawn = False
            case "suspended":
                suspended = True
            case "restored":
                suspended = False
            case "withdrawn":
                withdrawn = True
            case "refused":
                pass
    if decided is None or valid_until is None:
        return CycleState("not_yet_decided", None, None, None, sources=sources)
    due: list[dt.date] = []
    done: list[dt.date] = []
    next_surveillance = None
    if plan is not None:
        due = surveillance_dates(decided, valid_until, plan)
        done = sorted(d for d in surveillance_audits if decided < d <= at)
        if len(done) < len(due):
            next_surveillance = due[len(done)]
    overdue = next_surveillance is not None and at > next_surveillance
    status: CertificateStatus
    if withdrawn:
        status = "withdrawn"
    elif at > valid_until:
        status = "expired"
    elif suspended:
        status = "suspended"
    elif overdue:
        status = "surveillance_overdue"
    elif notice_days is not None and at >= add_days(valid_until, -notice_days):
        status = "expiring"
    else:
        status = "valid"
    active = status not in ("withdrawn", "expired")
    return CycleState(
        status=status,
        decided=decided,
        valid_from=valid_from,
        valid_until=valid_until,
        surveillance_due=due,
        surveillance_done=done,
        next_surveillance_due=next_surveillance if active else None,
        recertification_due=valid_until if active else None,
        suspension_proposed=overdue and active and plan is not None and plan.suspend_when_overdue,
        sources=sources,
    )
