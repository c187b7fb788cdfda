"""The assessment team and its impartiality (DESIGN §6; ISO/IEC 17021-1, 7.2 and 9.2).

Lead auditors, auditors and a municipality's own assessors sign; technical experts, observers
and contributors never do. In the kinds the catalogue lists as ``impartial_kinds`` (by default
the certification audit), a lead auditor or auditor from the audited municipality breaks
impartiality, and a member without an ``audit_role`` does not sign (nobody can tell what they
vouch for). A member is "from the audited municipality" when their organisation names it.
"""

from __future__ import annotations

import re

from lotscert.models.assessment import Assessment, Assessor, AuditRole
from lotscert.models.catalog import Catalog
from lotscert.models.common import AssessmentKind
from lotscert.models.result import TeamMember, Warning

SIGNING_ROLES: frozenset[AuditRole] = frozenset({"lead_auditor", "auditor", "assessor"})
AUDITOR_ROLES: frozenset[AuditRole] = frozenset({"lead_auditor", "auditor"})
DEFAULT_IMPARTIAL_KINDS: tuple[AssessmentKind, ...] = ("certification_audit",)


def impartial_kinds(catalog: Catalog) -> tuple[AssessmentKind, ...]:
    """The kinds in which auditors must come from outside the municipality."""
    if catalog.certification is None:
        return DEFAULT_IMPARTIAL_KINDS
    return tuple(catalog.certification.impartial_kinds)


def from_municipality(organisation: str | None, municipality_name: str) -> bool:
    """Whether ``organisation`` names the municipality (``Exempelby kommun``, ``Räddningstjänsten
    Exempelby``), as a whole word and whatever the case."""
    if not organisation or not municipality_name.strip():
        return False
    # A Swedish genitive counts too: "Norrbyns kommun" names Norrbyn.
    pattern = r"(?<!\w)" + re.escape(municipality_name.strip().casefold()) + r"s?(?!\w)"
    return re.search(pattern, organisation.casefold()) is not None


def signs(assessor: Assessor, impartial: bool) -> bool:
    """Whether the member signs: by role; without a role only outside an impartial audit."""
    if assessor.audit_role is None:
        return not impartial
    return assessor.audit_role in SIGNING_ROLES


def team_members(catalog: Catalog, assessment: Assessment) -> list[TeamMember]:
    """The team in file order, each with whether they sign and whether they are from the
    audited municipality."""
    impartial = assessment.kind in impartial_kinds(catalog)
    return [
        TeamMember(
            name=assessor.name,
            audit_role=assessor.audit_role,
            role=assessor.role,
            organisation=assessor.organisation,
            signs=signs(assessor, impartial),
            from_audited=from_municipality(assessor.organisation, assessment.municipality.name),
        )
        for assessor in assessment.assessors
    ]


def team_warnings(
    catalog: Catalog, assessment: Assessment, team: list[TeamMember]
) -> list[Warning]:
    """What an accredited body would object to in the team (the validator makes the
    impartiality breach an error; the engine stays total and warns)."""
    if assessment.kind not in impartial_kinds(catalog):
        return []
    warnings: list[Warning] = []
    for index, member in enumerate(team):
        path = f"assessors[{index}]"
        if member.audit_role is None:
            warnings.append(
                Warning(
                    code="team_role_missing",
                    path=f"{path}.audit_role",
                    message=f"{member.name} has no audit_role in a {assessment.kind}; "
                    "they do not sign",
                    details={"name": member.name},
                )
            )
        elif member.audit_role in AUDITOR_ROLES and member.from_audited:
            warnings.append(
                Warning(
                    code="team_not_impartial",
                    path=f"{path}.organisation",
                    message=f"{member.name} ({member.audit_role}) is from the audited "
                    f"municipality ({member.organisation}); an auditor must be impartial",
                    details={
                        "name": member.name,
                        "audit_role": member.audit_role,
                        "organisation": member.organisation or "",
                    },
                )
            )
        elif member.audit_role in AUDITOR_ROLES and not member.organisation:
            warnings.append(
                Warning(
                    code="team_organisation_missing",
                    path=f"{path}.organisation",
                    message=f"{member.name} ({member.audit_role}) has no organisation; "
                    "impartiality cannot be checked",
                    details={"name": member.name, "audit_role": member.audit_role},
                )
            )
    if not any(member.audit_role == "lead_auditor" for member in team):
        warnings.append(
            Warning(
                code="team_no_lead_auditor",
                path="assessors",
                message=f"the {assessment.kind} names no lead_auditor",
                details={},
            )
        )
    return warnings
