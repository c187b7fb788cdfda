"""An assessment: one municipality, one period, one kind, with responses, persons and metrics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from lotscert.models.catalog import EvidenceKind
from lotscert.models.common import AssessmentKind as AssessmentKind  # re-exported
from lotscert.models.common import (
    Grade,
    Identifier,
    RequirementId,
    StrictModel,
    WholeNumber,
)

ASSESSMENT_KINDS: tuple[AssessmentKind, ...] = (
    "self_assessment",
    "internal_audit",
    "test_certification",
    "certification_audit",
    "surveillance_audit",
    "recertification_audit",
    "special_audit",
    "persons_test_certification",
)
Status = Literal["fulfilled", "partial", "not_fulfilled", "not_applicable", "not_assessed"]
STATUSES: tuple[Status, ...] = (
    "fulfilled",
    "partial",
    "not_fulfilled",
    "not_applicable",
    "not_assessed",
)
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
CatalogRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*@[^@\s]+$")]


class Municipality(StrictModel):
    """The municipality assessed."""

    code: MunicipalityCode = Field(
        description='SCB:s fyrsiffriga kommunkod som text, t.ex. "0860"; 99xx = fiktiv '
        'exempelkommun. / Four-digit SCB municipality code as text, e.g. "0860"; 99xx = fictional.'
    )
    name: str = Field(min_length=1, description="Kommunens namn. / The municipality's name.")

    @property
    def is_example(self) -> bool:
        """Codes 99xx are reserved for fictional example municipalities."""
        return self.code.startswith("99")


AuditRole = Literal[
    "lead_auditor", "auditor", "technical_expert", "observer", "assessor", "contributor"
]
AUDIT_ROLES: tuple[AuditRole, ...] = (
    "lead_auditor",
    "auditor",
    "technical_expert",
    "observer",
    "assessor",
    "contributor",
)


class Assessor(StrictModel):
    """A member of the team that made the assessment (ISO/IEC 17021-1 audit team)."""

    name: str = Field(min_length=1, description="Namn. / Name.")
    role: str | None = Field(default=None, description="Befattning eller roll i fritext. / Title.")
    organisation: str | None = Field(
        default=None,
        description="Organisation; avgör opartiskheten vid revision. / Organisation; decides "
        "impartiality in an audit.",
    )
    audit_role: AuditRole | None = Field(
        default=None,
        description="Roll i bedömningen: lead_auditor (ledande revisor), auditor (revisor), "
        "technical_expert (teknisk expert), observer (observatör) – eller, i kommunens egen "
        "bedömning, assessor (bedömare) och contributor (bidragit med underlag). Revisorer och "
        "bedömare skriver under; experter, observatörer och bidragsgivare aldrig. / Role in the "
        "assessment; auditors and assessors sign, experts, observers and contributors never.",
    )


class Department(StrictModel):
    """A department of the municipality that handles business matters."""

    id: Identifier = Field(description="Förvaltningens id, t.ex. sbf. / The department's id.")
    name: str = Field(min_length=1, description="Förvaltningens namn. / The department's name.")
    requirements: list[RequirementId] = Field(
        default_factory=list,
        description="Krav som förvaltningen besvarar (dess checklista med export xlsx "
        "--department); tom = alla. / Requirements the department answers (its checklist); "
        "empty = all.",
    )
    metrics: list[Identifier] = Field(
        default_factory=list,
        description="Mått som förvaltningen äger och rapporterar. / Metrics the department owns "
        "and reports.",
    )


class Evidence(StrictModel):
    """One piece of evidence: a document, a record, an interview, an observation or a metric."""

    kind: EvidenceKind = Field(description="document, record, interview, observation eller metric.")
    ref: str = Field(
        min_length=1,
        description="Referens: dokumentnamn, diarienummer, URL eller fil. / Reference: document "
        "name, registration number, URL or file.",
    )
    date: dt.date | None = Field(default=None, description="Datum (ÅÅÅÅ-MM-DD). / Date.")
    note: str | None = Field(default=None, description="Anteckning. / Note.")


class Verification(StrictModel):
    """The auditor's verification that an action was carried out and works (ISO/IEC 17021-1)."""

    by: str = Field(min_length=1, description="Vem som verifierade. / Who verified.")
    date: dt.date = Field(description="När det verifierades. / When it was verified.")
    evidence: list[Evidence] = Field(
        min_length=1,
        description="Underlag som visar att åtgärden är genomförd och verkar. / Evidence that the "
        "action is done and works.",
    )
    note: str | None = Field(default=None, description="Anteckning. / Note.")


class Closure(StrictModel):
    """The closing of a finding after its action was verified."""

    date: dt.date = Field(description="Stängningsdatum. / Date closed.")
    by: str | None = Field(default=None, description="Vem som stängde. / Who closed it.")
    note: str | None = Field(default=None, description="Anteckning. / Note.")


class Action(StrictModel):
    """The action on a finding, followed from plan to verification and closure.

    ``text`` is the corrective action (what removes the cause); ``correction`` the immediate
    fix of the case at hand; ``root_cause`` why it happened. ``verification`` and ``closure``
    are filled in later, by the auditor, when the action is verified and the finding closed.
    """

    text: str = Field(
        min_length=1,
        description="Korrigerande åtgärd: vad som ska göras. / Corrective action: what is to be "
        "done.",
    )
    owner: str | None = Field(default=None, description="Ansvarig. / Owner.")
    due: dt.date | None = Field(default=None, description="Klart senast. / Due date.")
    correction: str | None = Field(
        default=None,
        description="Omedelbar korrigering av det enskilda fallet. / Immediate correction of the "
        "case at hand.",
    )
    root_cause: str | None = Field(
        default=None, description="Grundorsak. / Root cause of the nonconformity."
    )
    verification: Verification | None = Field(
        default=None,
        description="Verifiering (av vem, när, underlag). / Verification (by whom, when, "
        "evidence).",
    )
    closure: Closure | None = Field(
        default=None, description="Stängning av fyndet. / Closure of the finding."
    )


class Judgement(StrictModel):
    """An auditor's decided grade where it differs from the engine's proposal."""

    grade: Grade = Field(
        description="Beslutad grad: major, minor eller observation. / Decided grade."
    )
    reason: str = Field(
        min_length=1,
        description="Motivering (krävs). / Justification (required).",
    )
    by: str | None = Field(default=None, description="Vem som beslutade. / Who decided.")


#: The parts of an answer a workbook gives, as provenance names them.
AnswerField = Literal["status", "maturity", "evidence", "comment", "action"]


class AnsweredBy(StrictModel):
    """Who gave an answer through a workbook, and when it was imported (provenance)."""

    department: Identifier | None = Field(
        default=None, description="Förvaltningens id. / The department's id."
    )
    name: str | None = Field(default=None, description="Namnet i arbetsboken. / Name given.")
    role: str | None = Field(default=None, description="Rollen i arbetsboken. / Role given.")
    workbook: str | None = Field(
        default=None, description="Arbetsbokens filnamn. / The workbook's file name."
    )
    imported: dt.datetime = Field(
        description="När svaret fördes in (UTC). / When the answer was imported (UTC)."
    )
    fields: list[AnswerField] | None = Field(
        default=None,
        description="Vilka delar av svaret som kom härifrån (status, maturity, evidence, "
        "comment, action); saknas = hela svaret. / Which parts of the answer came from here; "
        "absent = the whole answer.",
    )


class Response(StrictModel):
    """The municipality's answer to one requirement."""

    status: Status = Field(
        description="fulfilled (uppfyllt), partial (delvis), not_fulfilled (ej uppfyllt), "
        "not_applicable (ej tillämpligt), not_assessed (ej bedömt)."
    )
    maturity: WholeNumber | None = Field(
        default=None, ge=0, description="Mognad på katalogens skala. / Maturity on the scale."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Underlag. / Evidence.")
    comment: str | None = Field(default=None, description="Kommentar. / Comment.")
    action: Action | None = Field(default=None, description="Planerad åtgärd. / Planned action.")
    judgement: Judgement | None = Field(
        default=None,
        description="Revisorns beslutade grad med motivering, när den skiljer sig från den "
        "föreslagna. / The auditor's decided grade with its reason.",
    )
    answered_by: AnsweredBy | None = Field(
        default=None,
        description="Vem som svarade via en arbetsbok, och när (sätts av import xlsx). / Who "
        "answered through a workbook, and when (set by import xlsx).",
    )
    also_answered_by: list[AnsweredBy] = Field(
        default_factory=list,
        description="Andra som svarade på samma krav via en arbetsbok (en förvaltning som delar "
        "kravet), med de delar av svaret som fortfarande är deras. / Others who answered the "
        "same requirement through a workbook (a department sharing it), with the parts of the "
        "answer that are still theirs.",
    )


class CoverageActions(StrictModel):
    """Actions on coverage findings: a department or a specialist area without certified pilots."""

    departments: dict[Identifier, Action] = Field(
        default_factory=dict, description="Förvaltnings-id → åtgärd. / Department id → action."
    )
    specialist_areas: dict[Identifier, Action] = Field(
        default_factory=dict, description="Områdes-id → åtgärd. / Area id → action."
    )


class Training(StrictModel):
    """A person's web course: completed modules and the exam."""

    modules: dict[Identifier, dt.date] = Field(
        default_factory=dict,
        description="Avklarade moduler och datum. / Completed modules and their dates.",
    )
    exam_score: Decimal | None = Field(
        default=None, ge=0, le=1, description="Provresultat 0–1. / Exam score 0–1."
    )
    exam_date: dt.date | None = Field(default=None, description="Provdatum. / Exam date.")


class Person(StrictModel):
    """A person who handles business matters (a lots)."""

    id: Identifier = Field(
        description="Stabilt pseudonymt id, t.ex. lots-01. / Stable pseudonymous id."
    )
    name: str | None = Field(
        default=None, description="Namn (visas bara med --with-names). / Name."
    )
    department: Identifier | None = Field(
        default=None, description="Förvaltningens id. / The department's id."
    )
    role: str | None = Field(default=None, description="Befattning. / Role.")
    languages: dict[Identifier, WholeNumber] = Field(
        default_factory=dict, description="Språk och nivå. / Languages and level."
    )
    competences: dict[Identifier, WholeNumber] = Field(
        default_factory=dict, description="Område → nivå. / Area → level."
    )
    training: Training | None = Field(
        default=None, description="Webbutbildning och prov. / Web course and exam."
    )
    generalist: bool | None = Field(
        default=None,
        description="Generalistlots (t.ex. reception eller kontaktcenter): certifieras utan "
        "specialistområde där katalogen säger så. / Generalist pilot (e.g. reception, contact "
        "centre): certified without a specialist area where the catalogue says so.",
    )


class Metric(StrictModel):
    """A measured figure with where it comes from: source, period, date, number of answers."""

    value: Decimal = Field(description="Värdet. / The value.")
    source: str | None = Field(default=None, description="Källa. / Source.")
    date: dt.date | None = Field(
        default=None,
        description="Datum då måttet togs fram (åldern räknas härifrån). / Date the figure was "
        "produced (its age counts from here).",
    )
    note: str | None = Field(default=None, description="Anteckning. / Note.")
    period: str | None = Field(
        default=None,
        description='Mätperiod, t.ex. "2025" eller "2024–2025". / The period measured.',
    )
    answers: WholeNumber | None = Field(
        default=None, ge=0, description="Antal svar (enkäter). / Number of answers (surveys)."
    )
    source_kind: Identifier | None = Field(
        default=None,
        description="Sorts källa, t.ex. insikt eller case_system. / Kind of source.",
    )
    area: Identifier | None = Field(
        default=None, description="Område, t.ex. bygglov. / Area, e.g. bygglov."
    )
    factor: Identifier | None = Field(
        default=None,
        description="Faktor eller index, t.ex. nki eller bemotande. / Factor or index.",
    )


class Assessment(StrictModel):
    """One municipality's assessment for one period."""

    catalog: CatalogRef = Field(
        description="Katalog som id@version, t.ex. ss884000@1.0. / Catalogue as id@version."
    )
    municipality: Municipality = Field(description="Kommunen. / The municipality.")
    period: WholeNumber = Field(ge=2000, le=2100, description="År. / Year.")
    kind: AssessmentKind = Field(
        description="self_assessment, internal_audit, test_certification, certification_audit, "
        "surveillance_audit (övervakning), recertification_audit (omcertifiering), special_audit "
        "(särskild revision) eller persons_test_certification (testcertifiering av personer, "
        "utan krav). / The kind of assessment."
    )
    date: dt.date = Field(description="Bedömningens datum. / The assessment's date.")
    assessors: list[Assessor] = Field(default_factory=list, description="Bedömare. / Assessors.")
    departments: list[Department] = Field(
        default_factory=list,
        description="Förvaltningar som handlägger företagsärenden. / Departments handling "
        "business matters.",
    )
    responses: dict[RequirementId, Response] = Field(
        default_factory=dict, description="Svar per krav-id. / Responses by requirement id."
    )
    persons: list[Person] = Field(default_factory=list, description="Lotsar. / Pilots.")
    metrics: dict[Identifier, Metric] = Field(
        default_factory=dict, description="Uppmätta värden. / Measured figures."
    )
    coverage_actions: CoverageActions | None = Field(
        default=None,
        description="Åtgärder för täckningsfynd. / Actions on coverage findings.",
    )
    publishable: bool | None = Field(
        default=None,
        description="true: kommunen godkänner att krav som uppfylls på högsta mognad visas som "
        "goda exempel, med underlagens referenser, i nationella rapporter (aldrig med namn på "
        "personer). Standard: nej. / true: the municipality agrees that requirements fulfilled "
        "at the top maturity are shown as good examples, with their evidence references, in "
        "national reports (never with personal names). Default: no.",
    )

    @property
    def catalog_id(self) -> str:
        """The catalogue id part of ``catalog``."""
        return self.catalog.split("@", 1)[0]

    @property
    def catalog_version(self) -> str:
        """The version part of ``catalog``."""
        return self.catalog.split("@", 1)[1]
