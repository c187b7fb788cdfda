"""What an auditor checks beyond the answers (DESIGN §6): the team's impartiality, judged
grades, actions followed to closure, coverage actions, and stated statuses the persons
register contradicts. The rules themselves live in the engine; this module words them as
located diagnostics for ``lotscert validate``.
"""

from __future__ import annotations

from typing import Protocol

from lotscert.diagnostics import DataPath, Severity
from lotscert.engine.actions import action_deadline, is_late, placed_actions
from lotscert.engine.consistency import named_persons
from lotscert.engine.findings import grade_for
from lotscert.engine.persons import evaluate_persons
from lotscert.engine.persons_evidence import check_persons
from lotscert.engine.scope import scope_of
from lotscert.engine.team import AUDITOR_ROLES, from_municipality, impartial_kinds
from lotscert.errors import LotscertError
from lotscert.labels import label
from lotscert.models.assessment import Action, Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.result import Warning

_ROLE_SV = {
    "lead_auditor": "ledande revisor",
    "auditor": "revisor",
}


class Add(Protocol):
    def __call__(self, severity: Severity, path: DataPath, code: str, sv: str, en: str) -> None: ...


def check_audit(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    """Every audit-integrity problem of ``assessment`` (errors and warnings)."""
    _check_team(assessment, catalog, add)
    _check_judgements(assessment, catalog, add)
    _check_actions(assessment, catalog, add)
    check_authority(assessment, catalog, add)
    _check_coverage_actions(assessment, catalog, add)
    _check_persons_register(assessment, catalog, add)


def _check_team(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    if assessment.kind not in impartial_kinds(catalog):
        return
    name = assessment.municipality.name
    for index, assessor in enumerate(assessment.assessors):
        path: DataPath = ("assessors", index)
        role = assessor.audit_role
        if role is None:
            add(
                "warning",
                (*path, "name"),
                "team.role_missing",
                f"{assessor.name} saknar audit_role (lead_auditor, auditor, technical_expert, "
                "observer) och skriver inte under",
                f"{assessor.name} has no audit_role (lead_auditor, auditor, technical_expert, "
                "observer) and does not sign",
            )
        elif role in AUDITOR_ROLES and from_municipality(assessor.organisation, name):
            add(
                "error",
                (*path, "organisation"),
                "team.not_impartial",
                f"{assessor.name} är {_ROLE_SV[role]} men kommer från den granskade kommunen "
                f"({assessor.organisation}); i en {assessment.kind} ska revisorerna vara "
                "opartiska – ge rollen observer eller technical_expert, eller byt revisor",
                f"{assessor.name} is {role.replace('_', ' ')} but comes from the audited "
                f"municipality ({assessor.organisation}); in a {assessment.kind} the auditors "
                "must be impartial – make them observer or technical_expert, or change auditor",
            )
        elif role in AUDITOR_ROLES and not assessor.organisation:
            add(
                "warning",
                (*path, "name"),
                "team.organisation_missing",
                f"{assessor.name} saknar organisation; opartiskheten kan inte prövas",
                f"{assessor.name} has no organisation; impartiality cannot be checked",
            )
    if assessment.assessors and not any(
        assessor.audit_role == "lead_auditor" for assessor in assessment.assessors
    ):
        add(
            "warning",
            ("assessors",),
            "team.no_lead_auditor",
            "ingen i teamet har audit_role: lead_auditor",
            "nobody in the team has audit_role: lead_auditor",
        )


def _check_judgements(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    for rid, response in assessment.responses.items():
        requirement = catalog.requirements_by_id.get(rid)
        if response.judgement is None or requirement is None:
            continue
        if grade_for(requirement.modality, response.status) is None:
            add(
                "error",
                ("responses", rid, "judgement"),
                "judgement.without_finding",
                f"{rid} har status {response.status} och inget fynd att gradera om; ändra "
                "status i stället",
                f"{rid} has status {response.status} and no finding to grade; change the "
                "status instead",
            )


def _check_action(action: Action, path: DataPath, assessment: Assessment, add: Add) -> None:
    done = action.verification is not None or action.closure is not None
    if action.due is not None and action.due < assessment.date and not done:
        add(
            "warning",
            (*path, "due"),
            "response.action_overdue",
            f"åtgärdens datum {action.due} ligger före bedömningens datum {assessment.date}",
            f"the action's due date {action.due} is before the assessment date {assessment.date}",
        )
    verification, closure = action.verification, action.closure
    if verification is not None and closure is not None and closure.date < verification.date:
        add(
            "error",
            (*path, "closure", "date"),
            "action.closed_before_verified",
            f"fyndet stängdes {closure.date}, före verifieringen {verification.date}",
            f"the finding was closed {closure.date}, before the verification {verification.date}",
        )


def _check_actions(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    deadline = action_deadline(catalog, assessment)
    for rid, response in assessment.responses.items():
        requirement = catalog.requirements_by_id.get(rid)
        if response.action is None or requirement is None:
            continue
        grade = grade_for(requirement.modality, response.status)
        if response.judgement is not None:
            grade = response.judgement.grade
        late = grade is not None and is_late(response.action, grade, deadline)
        if late and deadline is not None:
            add(
                "warning",
                ("responses", rid, "action", "due"),
                "action.late",
                f"åtgärden ska vara klar {response.action.due}, efter tidsgränsen för "
                f"korrigerande åtgärder {deadline} (bedömningens datum + "
                f"{catalog.certification.corrective_action_days if catalog.certification else 0} "
                "dagar)",
                f"the action is due {response.action.due}, after the corrective-action deadline "
                f"{deadline} (the assessment date + "
                f"{catalog.certification.corrective_action_days if catalog.certification else 0} "
                "days)",
            )
        _check_action(response.action, ("responses", rid, "action"), assessment, add)


def _check_coverage_actions(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    actions = assessment.coverage_actions
    if actions is None:
        return
    departments = {department.id for department in assessment.departments}
    areas = set(catalog.certification.specialist_areas) if catalog.certification else set()
    for department, action in actions.departments.items():
        path: DataPath = ("coverage_actions", "departments", department)
        if department not in departments:
            add(
                "error",
                (*path, "[key]"),
                "coverage_action.unknown_department",
                f"okänd förvaltning {department}; finns: {', '.join(sorted(departments)) or '—'}",
                f"unknown department {department}; listed: {', '.join(sorted(departments)) or '—'}",
            )
        _check_action(action, path, assessment, add)
    for area, action in actions.specialist_areas.items():
        path = ("coverage_actions", "specialist_areas", area)
        if area not in areas:
            add(
                "error",
                (*path, "[key]"),
                "coverage_action.unknown_area",
                f"{area} är inget område som kräver specialist; katalogen kräver "
                f"{', '.join(sorted(areas)) or '—'}",
                f"{area} is not an area that needs a specialist; the catalogue requires "
                f"{', '.join(sorted(areas)) or '—'}",
            )
        _check_action(action, path, assessment, add)


def _check_persons_register(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    profile = catalog.competence
    if profile is None:
        return
    if profile.generalist_specialist_min is None:
        for index, person in enumerate(assessment.persons):
            if person.generalist:
                add(
                    "warning",
                    ("persons", index, "generalist"),
                    "person.generalist_without_profile",
                    "katalogen har ingen generalistprofil (generalist_specialist_min); "
                    "personen bedöms som specialistlots",
                    "the catalogue has no generalist profile (generalist_specialist_min); the "
                    "person is judged as a specialist pilot",
                )
    linked = [r for r in catalog.requirements if r.persons is not None]
    if not linked:
        return
    if scope_of(assessment.kind) == "sample" and not assessment.persons:
        return  # a sampling audit that lists no persons does not examine the register
    if not assessment.persons:
        stated = [
            requirement.id
            for requirement in linked
            if (response := assessment.responses.get(requirement.id)) is not None
            and response.status in ("fulfilled", "partial", "not_fulfilled")
        ]
        if stated:
            add(
                "warning",
                ("persons",),
                "persons.register_empty",
                "personregistret är tomt: kraven på varje lots "
                f"({', '.join(stated)}) uppfylls då av ingen och räknas som ej uppfyllda; "
                "för in lotsarna under persons",
                "the persons register is empty: the requirements on every pilot "
                f"({', '.join(stated)}) are then met by nobody and count as not fulfilled; "
                "list the pilots under persons",
            )
        return
    persons = evaluate_persons(assessment.persons, profile, assessment.date)
    for requirement in linked:
        response = assessment.responses.get(requirement.id)
        if requirement.persons is None or response is None:
            continue
        if response.status not in ("fulfilled", "partial", "not_fulfilled"):
            continue
        check = check_persons(requirement.persons, persons)
        if check.status is None or check.status == response.status:
            continue
        add(
            "warning",
            ("responses", requirement.id, "status"),
            "persons.contradiction",
            f"personregistret visar {check.meeting} av {check.persons} lotsar som uppfyller "
            f"kravet, alltså {label('status', check.status, 'sv').lower()}, men status är "
            f"{label('status', response.status, 'sv').lower()}; uppfyller inte: "
            f"{named_persons(check.not_meeting) or '—'}",
            f"the persons register shows {check.meeting} of {check.persons} pilots meeting the "
            f"requirement, so {check.status}, but the status is {response.status}; not "
            f"meeting: {named_persons(check.not_meeting) or '—'}",
        )


_REFUSAL_SV = {
    "missing": "ingen är angiven",
    "not_in_team": "personen finns inte bland assessors",
    "not_auditor": "personen är med i teamet men inte som revisor",
    "audited_organisation": "personen hör till den granskade kommunen",
}
_REFUSAL_EN = {
    "missing": "nobody is given",
    "not_in_team": "the person is not among the assessors",
    "not_auditor": "the person is in the team but not as an auditor",
    "audited_organisation": "the person belongs to the audited municipality",
}
_GRADE_SV = {"major": "större avvikelse", "minor": "mindre avvikelse", "observation": "observation"}
#: Record problems (engine/action_records.py) that cannot be right: errors; the rest warn.
_RECORD_ERRORS = frozenset(
    {
        "verification_not_by_auditor",
        "verification_before_finding",
        "verification_after_assessment",
        "closure_not_by_auditor",
        "closure_before_finding",
        "closure_after_assessment",
    }
)


def _has_records(assessment: Assessment) -> bool:
    """Whether the file holds a judgement, a verification or a closure to check."""
    if any(response.judgement is not None for response in assessment.responses.values()):
        return True
    return any(
        placed.action.verification is not None or placed.action.closure is not None
        for placed in placed_actions(assessment)
    )


def _data_path(path: str) -> DataPath:
    return tuple(path.split("."))


def check_authority(assessment: Assessment, catalog: Catalog, add: Add) -> None:
    """Judgements, verifications and closures that do not count (the engine sets them aside:
    ``engine/grading.py``, ``engine/action_records.py``), worded for ``validate``."""
    if not _has_records(assessment):
        return
    from lotscert.engine.evaluate import evaluate

    try:
        result = evaluate(catalog, assessment)
    except LotscertError:
        return  # the problem that stops scoring is reported by the other checks
    for warning in result.warnings:
        say_authority_warning(warning, add)


def say_authority_warning(warning: Warning, add: Add) -> None:
    """One engine warning about a judgement, verification or closure as a diagnostic."""
    d = warning.details
    path = _data_path(warning.path)
    concerns = d.get("concerns", "")
    why = d.get("why") or d.get("refusal", "")
    if warning.code == "judgement_not_by_auditor":
        rid, by = d["requirement"], d["by"]
        changes = d["counts"] == "no"
        who_sv = f"är beslutad av {by} ({_REFUSAL_SV[why]})" if by else "säger inte vem (by)"
        who_en = f"is decided by {by} ({_REFUSAL_EN[why]})" if by else "does not say by whom (by)"
        add(
            "error" if changes else "warning",
            path,
            "judgement.not_by_auditor",
            f"bedömningen av {rid} som {_GRADE_SV[d['judged']]} {who_sv}, men bara en "
            "revisor i teamet får bestämma graden; "
            + (
                f"den räknas inte – föreslagen grad ({_GRADE_SV[d['proposed']]}) gäller"
                if changes
                else "ange revisorn under by"
            ),
            f"the judgement of {rid} as {d['judged']} {who_en}, but only an auditor of "
            "the team may decide the grade; "
            + (
                f"it does not count – the proposed grade ({d['proposed']}) stands"
                if changes
                else "name the auditor under by"
            ),
        )
        return
    if warning.code not in _RECORD_ERRORS and warning.code != "verification_late":
        return
    severity: Severity = "error" if warning.code in _RECORD_ERRORS else "warning"
    sv, en = _record_text(warning.code, concerns, d, why)
    add(severity, path, f"action.{warning.code}", sv, en)


def _record_text(code: str, concerns: str, d: dict[str, str], why: str) -> tuple[str, str]:
    by, date = d.get("by", ""), d.get("date", "")
    unverified_sv = "åtgärden räknas som overifierad"
    unverified_en = "the action counts as unverified"
    if code == "verification_not_by_auditor":
        return (
            f"åtgärden på {concerns} är verifierad av {by}, men bara en revisor i teamet får "
            f"verifiera ({_REFUSAL_SV[why]}); {unverified_sv}",
            f"the action on {concerns} is verified by {by}, but only an auditor of the team may "
            f"verify ({_REFUSAL_EN[why]}); {unverified_en}",
        )
    if code == "verification_before_finding":
        return (
            f"åtgärden på {concerns} är verifierad {date}, före fyndet ({d['found']}); "
            f"{unverified_sv}",
            f"the action on {concerns} is verified {date}, before the finding ({d['found']}); "
            f"{unverified_en}",
        )
    if code == "verification_after_assessment":
        return (
            f"åtgärden på {concerns} är verifierad {date}, efter den här bedömningen "
            f"({d['assessment']}) som följer upp fyndet; {unverified_sv}",
            f"the action on {concerns} is verified {date}, after this assessment "
            f"({d['assessment']}) that follows the finding up; {unverified_en}",
        )
    if code == "verification_late":
        return (
            f"åtgärden på {concerns} är verifierad {date}, efter tidsgränsen för korrigerande "
            f"åtgärder {d['deadline']}; {unverified_sv}",
            f"the action on {concerns} is verified {date}, after the corrective-action deadline "
            f"{d['deadline']}; {unverified_en}",
        )
    if code == "closure_not_by_auditor":
        return (
            f"fyndet på {concerns} är stängt av {by}, men bara en revisor i teamet får stänga "
            f"({_REFUSAL_SV[why]}); fyndet räknas som öppet",
            f"the finding on {concerns} is closed by {by}, but only an auditor of the team may "
            f"close it ({_REFUSAL_EN[why]}); the finding counts as open",
        )
    if code == "closure_before_finding":
        return (
            f"fyndet på {concerns} är stängt {date}, före fyndet ({d['found']}); fyndet räknas "
            "som öppet",
            f"the finding on {concerns} is closed {date}, before the finding ({d['found']}); the "
            "finding counts as open",
        )
    return (
        f"fyndet på {concerns} är stängt {date}, efter den här bedömningen ({d['assessment']}); "
        "fyndet räknas som öppet",
        f"the finding on {concerns} is closed {date}, after this assessment ({d['assessment']}); "
        "the finding counts as open",
    )
