"""What an audit of each kind must cover (DESIGN §6, Decisions are separate; ISO/IEC 17021-1).

A certification, recertification or internal audit, a test certification and a self-assessment
cover the whole catalogue: every requirement needs a response. A surveillance audit samples: it
covers the requirements the catalogue names under ``certification.surveillance_required`` (the
management review and the like) and any others it chooses; a special audit (a follow-up of
findings, a short-notice visit) covers what it chooses. A requirement such an audit leaves out is
outside its scope: it neither earns nor loses points and does not make the audit incomplete. A
persons test certification examines persons only and covers no requirement at all.
"""

from __future__ import annotations

from typing import Literal

from lotscert.models.assessment import AssessmentKind, Response

Scope = Literal["full", "sample", "persons"]

_SCOPES: dict[AssessmentKind, Scope] = {
    "self_assessment": "full",
    "internal_audit": "full",
    "test_certification": "full",
    "certification_audit": "full",
    "recertification_audit": "full",
    "surveillance_audit": "sample",
    "special_audit": "sample",
    "persons_test_certification": "persons",
}

#: Kinds whose findings a certification body may base a function decision on.
CERTIFYING_KINDS: frozenset[AssessmentKind] = frozenset(
    {"certification_audit", "recertification_audit", "surveillance_audit", "special_audit"}
)
#: Kinds that examine persons well enough for a person-certificate decision.
PERSON_EXAMINING_KINDS: frozenset[AssessmentKind] = frozenset(
    {
        "test_certification",
        "certification_audit",
        "recertification_audit",
        "persons_test_certification",
    }
)


def scope_of(kind: AssessmentKind) -> Scope:
    """``full``, ``sample`` or ``persons``: what an assessment of ``kind`` covers."""
    return _SCOPES[kind]


def in_scope(kind: AssessmentKind, response: Response | None) -> bool:
    """Whether a requirement with ``response`` (None: not answered) is inside the audit."""
    scope = scope_of(kind)
    if scope == "full":
        return True
    if scope == "sample":
        return response is not None
    return False
