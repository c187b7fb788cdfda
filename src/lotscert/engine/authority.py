"""Who may decide a grade, verify a corrective action and close a finding (DESIGN §6; ISO/IEC
17021-1, 9.4.8 and 9.4.9: grading nonconformities and reviewing their corrections is the audit
team's work, led by the lead auditor).

The name given under ``judgement.by``, ``verification.by`` or ``closure.by`` must be a member of
this file's team (``assessors``) who audits:

- in the kinds the catalogue lists as ``impartial_kinds`` (the certification body's audits) a
  lead auditor or auditor who is not from the audited municipality and not a person of its
  register — never an observer, a technical expert, the municipality's own staff or someone
  outside the team;
- in the municipality's own kinds (self-assessment, internal audit) a member who signs
  (``engine/team.py``): the municipality checks itself there.

A name counts as an auditor's only when it is the team member's name as written there (case,
Unicode's two spellings of an accent, invisible format characters and spacing aside), and is
not written exactly as one of the audited organisation's people. Any other name is refused; one
that could be one of the audited organisation's people in another spelling (``engine/names.py``:
word order, accents, initials) is said to be theirs. (Pseudonyms such as ``bedömare 1`` and
``bedömare 2`` differ only in a digit, which that generous comparison ignores: it never decides
who may.)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from lotscert.engine.names import same_person
from lotscert.engine.team import AUDITOR_ROLES, from_municipality, impartial_kinds, signs
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog

#: Why a name may not decide: none given, not in the team, in the team but not auditing
#: (observer, expert, no role), or from the audited organisation.
Refusal = Literal["missing", "not_in_team", "not_auditor", "audited_organisation"]


def name_key(name: str) -> str:
    """A name as compared: NFKC, without format characters, case-folded, single spaces."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Authority:
    """The names in one assessment file that may decide grades and verify actions."""

    impartial: bool
    auditors: frozenset[str]
    team: frozenset[str]
    audited: frozenset[str]
    audited_names: tuple[str, ...] = ()  # as written, for the generous comparison

    def refusal(self, name: str | None) -> Refusal | None:
        """None when ``name`` may decide; else why not."""
        if name is None or not name_key(name):
            return "missing"
        key = name_key(name)
        if key in self.audited:
            return "audited_organisation"
        if key in self.auditors:
            return None
        # Refused in any case now; name the reason a reader expects for a variant spelling.
        if any(same_person(name, other) for other in self.audited_names):
            return "audited_organisation"
        if key in self.team:
            return "not_auditor"
        return "not_in_team"


def authority(catalog: Catalog, assessment: Assessment) -> Authority:
    """Who may decide in ``assessment`` (see the module's rules)."""
    impartial = assessment.kind in impartial_kinds(catalog)
    municipality = assessment.municipality.name
    register = [p.name for p in assessment.persons if p.name]
    auditors: set[str] = set()
    audited_names: list[str] = list(register) if impartial else []
    team: set[str] = set()
    for assessor in assessment.assessors:
        key = name_key(assessor.name)
        team.add(key)
        if impartial:
            if from_municipality(assessor.organisation, municipality):
                audited_names.append(assessor.name)
            elif assessor.audit_role in AUDITOR_ROLES:
                auditors.add(key)
        elif signs(assessor, impartial=False):
            auditors.add(key)
    audited = frozenset(name_key(name) for name in audited_names)
    return Authority(
        impartial=impartial,
        auditors=frozenset(auditors - audited),
        team=frozenset(team),
        audited=audited,
        audited_names=tuple(dict.fromkeys(audited_names)),
    )
