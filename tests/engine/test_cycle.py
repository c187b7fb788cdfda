"""The certification cycle: validity from the decision, surveillance, renewal, suspension."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lotscert.engine.cycle import (
    CertificateEvent,
    CycleState,
    SurveillancePlan,
    certificate_cycle,
    event_order,
    out_of_turn,
    surveillance_dates,
)
from lotscert.engine.dates import add_months

D = dt.date
PLAN = SurveillancePlan(first_months=12, interval_months=12, suspend_when_overdue=True)
GRANT = CertificateEvent(D(2026, 5, 20), "granted", False, "decision-1.yaml")


def _at(at: dt.date, *events: CertificateEvent, audits: tuple[dt.date, ...] = ()) -> CycleState:
    return certificate_cycle(
        [GRANT, *events], 3, at, notice_days=90, plan=PLAN, surveillance_audits=audits
    )


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(D(2026, 5, 20), 12) == D(2027, 5, 20)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2027, 12, 31), 2) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_surveillance_within_twelve_months_then_yearly_until_recertification() -> None:
    assert surveillance_dates(D(2026, 5, 20), D(2029, 5, 20), PLAN) == [
        D(2027, 5, 20),
        D(2028, 5, 20),
    ]


def test_validity_counts_from_the_decision_not_the_audit() -> None:
    state = _at(D(2026, 6, 1))
    assert state.status == "valid"
    assert (state.valid_from, state.valid_until) == (D(2026, 5, 20), D(2029, 5, 20))
    assert state.next_surveillance_due == D(2027, 5, 20)
    assert state.recertification_due == D(2029, 5, 20)


def test_a_surveillance_audit_moves_the_next_due_date() -> None:
    state = _at(D(2026, 12, 1), audits=(D(2026, 11, 17),))
    assert state.surveillance_done == [D(2026, 11, 17)]
    assert state.next_surveillance_due == D(2028, 5, 20)
    assert state.next_due == D(2028, 5, 20)


def test_overdue_surveillance_warns_and_proposes_suspension() -> None:
    state = _at(D(2027, 5, 21))
    assert state.status == "surveillance_overdue"
    assert state.suspension_proposed
    on_time = _at(D(2027, 5, 20))
    assert on_time.status == "valid" and not on_time.suspension_proposed


def test_suspension_restoration_withdrawal_and_expiry() -> None:
    suspended = CertificateEvent(D(2027, 6, 1), "suspended", False, "decision-2.yaml")
    restored = CertificateEvent(D(2027, 8, 1), "restored", False, "decision-3.yaml")
    withdrawn = CertificateEvent(D(2027, 9, 1), "withdrawn", False, "decision-4.yaml")
    late_audit = (D(2027, 7, 15),)
    assert _at(D(2027, 7, 1), suspended).status == "suspended"
    assert _at(D(2027, 8, 2), suspended, restored, audits=late_audit).status == "valid"
    state = _at(D(2027, 9, 2), suspended, restored, withdrawn, audits=late_audit)
    assert state.status == "withdrawn" and state.next_due is None
    assert _at(D(2029, 3, 1), audits=(D(2027, 5, 1), D(2028, 5, 1))).status == "expiring"
    assert _at(D(2029, 5, 21), audits=(D(2027, 5, 1), D(2028, 5, 1))).status == "expired"


def test_a_renewal_before_expiry_continues_the_period() -> None:
    renewal = CertificateEvent(D(2029, 3, 1), "granted", True, "decision-5.yaml")
    state = certificate_cycle([GRANT, renewal], 3, D(2029, 6, 1))
    assert (state.valid_from, state.valid_until) == (D(2029, 3, 1), D(2032, 5, 20))
    late = CertificateEvent(D(2029, 8, 1), "granted", True, "decision-6.yaml")
    state = certificate_cycle([GRANT, late], 3, D(2029, 9, 1))
    assert state.valid_until == D(2032, 8, 1)


def test_a_decision_after_the_date_is_not_yet_known() -> None:
    assert certificate_cycle([GRANT], 3, D(2026, 5, 19)).status == "not_yet_decided"
    refused = CertificateEvent(D(2026, 5, 20), "refused", False, "decision-1.yaml")
    assert certificate_cycle([refused], 3, D(2027, 1, 1)).status == "not_yet_decided"


@given(st.dates(min_value=D(2026, 5, 20), max_value=D(2035, 1, 1)))
def test_expired_exactly_after_the_last_valid_day(at: dt.date) -> None:
    state = certificate_cycle([GRANT], 3, at, notice_days=90, plan=PLAN)
    assert (state.status == "expired") == (at > D(2029, 5, 20))
    if state.status != "expired":
        assert state.next_due is not None and state.valid_until == D(2029, 5, 20)


@given(st.permutations(list(range(1, 13))))
def test_same_day_decisions_count_in_the_order_of_their_numbers(numbers: list[int]) -> None:
    """Whatever order the files come in, ``decision-10`` is taken after ``decision-9`` (not
    between 1 and 2, as the text of the path would put it)."""
    events = [
        CertificateEvent(
            D(2026, 5, 20), "granted" if n == 1 else "suspended", False, f"a/2026-decision-{n}.yaml"
        )
        for n in numbers
    ]
    ordered = sorted(events, key=event_order)
    assert [e.source for e in ordered] == [f"a/2026-decision-{n}.yaml" for n in range(1, 13)]
    assert certificate_cycle(events, 3, D(2026, 6, 1)).status == "suspended"


def test_a_decision_out_of_turn_is_named() -> None:
    day = D(2026, 5, 20)
    grant = CertificateEvent(day, "granted", False, "2026-decision-2.yaml")
    early = CertificateEvent(day, "withdrawn", False, "2026-decision-1.yaml")
    late = CertificateEvent(day, "withdrawn", False, "2026-decision-10.yaml")
    assert out_of_turn([grant, early], early) == "not_granted"
    assert out_of_turn([grant, late], late) is None
    restore = CertificateEvent(D(2026, 6, 1), "restored", False, "2026-decision-11.yaml")
    assert out_of_turn([grant, restore], restore) == "not_suspended"
    assert out_of_turn([grant, late, restore], restore) == "withdrawn"
    suspend = CertificateEvent(D(2026, 5, 25), "suspended", False, "2026-decision-3.yaml")
    assert out_of_turn([grant, suspend, restore], restore) is None
