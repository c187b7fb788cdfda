"""The domain's words in Swedish and English: statuses, grades, outcomes, kinds.

Shared by the CLI, the reports and the Excel checklists so that a status is called the same
thing everywhere. Catalogue-specific words (levels, areas, scale steps) come from the catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # the CLI imports this module at start-up: no pydantic here
    from lotscert.models.assessment import AssessmentKind
    from lotscert.models.common import Language

#: The assessment kinds in their order (the same as ``lotscert.models.assessment``, which a test
#: checks); here so that the CLI can list them without importing the models.
ASSESSMENT_KINDS: Final[tuple[AssessmentKind, ...]] = (
    "self_assessment",
    "internal_audit",
    "test_certification",
    "certification_audit",
    "surveillance_audit",
    "recertification_audit",
    "special_audit",
    "persons_test_certification",
)

_LABELS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "status": {
        "fulfilled": ("Uppfyllt", "Fulfilled"),
        "partial": ("Delvis uppfyllt", "Partly fulfilled"),
        "not_fulfilled": ("Ej uppfyllt", "Not fulfilled"),
        "not_applicable": ("Ej tillämpligt", "Not applicable"),
        "not_assessed": ("Ej bedömt", "Not assessed"),
    },
    "grade": {
        "major": ("Större avvikelse", "Major nonconformity"),
        "minor": ("Mindre avvikelse", "Minor nonconformity"),
        "observation": (
            "Observation (förbättringsmöjlighet)",
            "Observation (opportunity for improvement)",
        ),
    },
    "grade_plural": {
        "major": ("Större avvikelser", "Major nonconformities"),
        "minor": ("Mindre avvikelser", "Minor nonconformities"),
        "observation": ("Observationer", "Observations"),
    },
    "modality": {
        "shall": ("Ska", "Shall"),
        "should": ("Bör", "Should"),
    },
    "kind": {
        "self_assessment": ("Självskattning", "Self-assessment"),
        "internal_audit": ("Intern revision", "Internal audit"),
        "test_certification": ("Testcertifiering", "Test certification"),
        "certification_audit": ("Certifieringsrevision", "Certification audit"),
        "surveillance_audit": ("Övervakningsrevision", "Surveillance audit"),
        "recertification_audit": ("Omcertifieringsrevision", "Recertification audit"),
        "special_audit": ("Särskild revision", "Special audit"),
        "persons_test_certification": (
            "Testcertifiering av personer",
            "Persons test certification",
        ),
    },
    "evidence_kind": {
        "document": ("dokument", "document"),
        "record": ("register", "record"),
        "interview": ("intervju", "interview"),
        "observation": ("observation", "observation"),
        "metric": ("mått", "metric"),
    },
    "person_status": {
        "certified": ("Certifierad", "Certified"),
        "not_certified": ("Ej certifierad", "Not certified"),
        "expired": ("Certifiering har gått ut", "Certification expired"),
    },
    "certificate_status": {
        "valid": ("Giltigt", "Valid"),
        "expiring": ("Giltigt, går snart ut", "Valid, expiring soon"),
        "surveillance_overdue": ("Övervakning försenad", "Surveillance overdue"),
        "suspended": ("Tillfälligt indraget", "Suspended"),
        "withdrawn": ("Återkallat", "Withdrawn"),
        "expired": ("Har gått ut", "Expired"),
        "not_yet_decided": ("Inget beslut ännu", "Not yet decided"),
    },
    "criterion": {
        "no_training": ("Webbutbildning saknas", "No web course recorded"),
        "module_missing": ("Modul inte avklarad", "Module not completed"),
        "exam_missing": ("Provresultat saknas", "No exam result"),
        "exam_below_pass_mark": ("Provresultat under godkänd gräns", "Exam below the pass mark"),
        "exam_expired": ("Provet har gått ut", "Exam expired"),
        "area_below_base": ("Område under bred grund", "Area below the broad base"),
        "too_few_specialist_areas": ("För få specialistområden", "Too few specialist areas"),
        "language_below_required": ("Språknivå under kravet", "Language below the requirement"),
    },
    "finding_kind": {
        "requirement": ("Krav", "Requirement"),
        "department_coverage": ("Förvaltningstäckning", "Department coverage"),
        "specialist_coverage": ("Specialisttäckning", "Specialist coverage"),
    },
    "audit_role": {
        "lead_auditor": ("Ledande revisor", "Lead auditor"),
        "auditor": ("Revisor", "Auditor"),
        "technical_expert": ("Teknisk expert", "Technical expert"),
        "observer": ("Observatör", "Observer"),
        "assessor": ("Bedömare", "Assessor"),
        "contributor": ("Bidragit med underlag", "Contributor"),
    },
    "action_status": {
        "missing": ("Ingen åtgärd planerad", "No action planned"),
        "planned": ("Planerad", "Planned"),
        "overdue": ("Försenad", "Overdue"),
        "verified": ("Verifierad", "Verified"),
        "closed": ("Stängd", "Closed"),
    },
    "previous_answer": {
        "closed_verified": ("Stängd, åtgärden verifierad", "Closed, action verified"),
        "closed_by_register": (
            "Stängd, visas av mätning eller register",
            "Closed, shown by a measurement or the register",
        ),
        "closed_unverified": ("Stängd utan verifiering", "Closed without verification"),
        "still_open": ("Kvarstår", "Still open"),
        "unanswered": ("Inte besvarad", "Not answered"),
    },
    "change": {
        "improved": ("Förbättrat", "Improved"),
        "unchanged": ("Oförändrat", "Unchanged"),
        "worse": ("Försämrat", "Worse"),
        "new": ("Nytt", "New"),
        "removed": ("Borttaget", "Removed"),
    },
    # The decision, worded for an audit (a recommendation) ...
    "outcome": {
        "recommended": ("Rekommenderas för certifiering", "Recommended for certification"),
        "conditional": (
            "Rekommenderas för certifiering när de korrigerande åtgärderna har verifierats",
            "Recommended once the corrective actions are verified",
        ),
        "not_recommended": (
            "Rekommenderas inte för certifiering",
            "Not recommended for certification",
        ),
        "incomplete": (
            "Ofullständig bedömning – inget beslut",
            "Incomplete assessment – no decision",
        ),
        "persons_only": (
            "Testcertifiering av personer – ingen bedömning av funktionen",
            "Persons test certification – no verdict on the function",
        ),
    },
    # ... for a surveillance or special audit (keep the certificate or not) ...
    "maintain": {
        "recommended": (
            "Certifikatet kan behållas",
            "The certificate can be maintained",
        ),
        "conditional": (
            "Certifikatet kan behållas när de korrigerande åtgärderna har verifierats",
            "The certificate can be maintained once the corrective actions are verified",
        ),
        "not_recommended": (
            "Större avvikelse – beslut om indragning behövs",
            "Major nonconformity – a decision on suspension is needed",
        ),
        "incomplete": (
            "Ofullständig revision – inget ställningstagande",
            "Incomplete audit – no verdict",
        ),
        "persons_only": (
            "Testcertifiering av personer – ingen bedömning av funktionen",
            "Persons test certification – no verdict on the function",
        ),
    },
    # ... and for a self-assessment (a readiness verdict, never a certificate).
    "readiness": {
        "recommended": ("Redo för certifiering", "Ready for certification"),
        "conditional": (
            "Redo för certifiering när de korrigerande åtgärderna är genomförda",
            "Ready once the corrective actions are completed",
        ),
        "not_recommended": ("Inte redo för certifiering", "Not ready for certification"),
        "incomplete": (
            "Ofullständig självskattning – ingen bedömning",
            "Incomplete self-assessment – no verdict",
        ),
        "persons_only": (
            "Testcertifiering av personer – ingen bedömning av funktionen",
            "Persons test certification – no verdict on the function",
        ),
    },
}


def label(group: str, key: str, lang: Language = "sv") -> str:
    """The word for ``key`` in ``group``, e.g. ``label("status", "partial")``; else the key."""
    words = _LABELS.get(group, {}).get(key)
    if words is None:
        return key
    return words[0] if lang == "sv" else words[1]


def labels(group: str, lang: Language = "sv") -> dict[str, str]:
    """Every key of ``group`` with its word, in the defined order."""
    return {key: (sv if lang == "sv" else en) for key, (sv, en) in _LABELS[group].items()}


#: Kinds that watch or follow up a certificate already granted: their verdict is whether the
#: certificate can be kept, not whether one should be granted.
SURVEILLING_KINDS: Final[frozenset[str]] = frozenset({"surveillance_audit", "special_audit"})


def decision_text(
    outcome: str, readiness_only: bool, lang: Language = "sv", kind: str | None = None
) -> str:
    """The decision in words: a readiness verdict for a self-assessment, whether a certificate
    can be kept for a surveillance or special audit, else a recommendation."""
    if kind in SURVEILLING_KINDS:
        return label("maintain", outcome, lang)
    return label("readiness" if readiness_only else "outcome", outcome, lang)


def unmet_text(
    criterion: str,
    subject: str | None,
    actual: str | None,
    required: str | None,
    lang: Language = "sv",
) -> str:
    """An unmet person criterion in words."""
    sv = lang == "sv"
    match criterion:
        case "no_training":
            return "webbutbildning saknas" if sv else "no web course recorded"
        case "module_missing":
            return (
                f"modulen {subject} är inte avklarad" if sv else f"module {subject} not completed"
            )
        case "exam_missing":
            return "provresultat saknas" if sv else "no exam result"
        case "exam_below_pass_mark":
            return (
                f"provresultat {actual} under godkänd gräns {required}"
                if sv
                else f"exam score {actual} below the pass mark {required}"
            )
        case "exam_expired":
            return (
                f"provet ({actual}) gällde till {required}"
                if sv
                else f"the exam ({actual}) was valid until {required}"
            )
        case "area_below_base":
            return (
                f"{subject}: nivå {actual}, lägst {required} krävs"
                if sv
                else f"{subject}: level {actual}, at least {required} required"
            )
        case "too_few_specialist_areas":
            return (
                f"{actual} specialistområden, {required} krävs"
                if sv
                else f"{actual} specialist areas, {required} required"
            )
        case "language_below_required":
            return (
                f"språk {subject}: nivå {actual}, {required} krävs"
                if sv
                else f"language {subject}: level {actual}, {required} required"
            )
    return criterion
