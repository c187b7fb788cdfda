"""An assessment: one municipality, one period, one kind, with responses, persons and metrics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from lotscert.models.catalog import EvidenceKind
from lotscert.models.common import Identifier, RequirementId, StrictModel, WholeNumber

AssessmentKind = Literal[
    "self_assessment",
    "internal_audit",
    "test_certification",
    "certification_audit",
    "surveillance_audit",
    "recertification_audit",
    "special_audit",
    "persons_test_certification",
]
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


class Assessor(StrictModel):
    """A person who made the assessment."""

    name: str = Field(min_length=1, description="Namn. / Name.")
    role: str | None = Field(default=None, description="Roll. / Role.")
    organisation: str | None = Field(default=None, description="Organisation.")


class Department(StrictModel):
    """A department of the municipality that handles business matters."""

    id: Identifier = Field(description="Förvaltningens id, t.ex. sbf. / The department's id.")
    name: str = Field(min_length=1, description="Förvaltningens namn. / The department's name.")


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


class Action(StrictModel):
    """A planned action to close a gap."""

    text: str = Field(min_length=1, description="Vad som ska göras. / What is to be done.")
    owner: str | None = Field(default=None, description="Ansvarig. / Owner.")
    due: dt.date | None = Field(default=None, description="Klart senast. / Due date.")


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


class Metric(StrictModel):
    """A measured figure with its source and date."""

    value: Decimal = Field(description="Värdet. / The value.")
    source: str | None = Field(default=None, description="Källa. / Source.")
    date: dt.date | None = Field(default=None, description="Datum. / Date.")
    note: str | None = Field(default=None, description="Anteckning. / Note.")


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

    @property
    def catalog_id(self) -> str:
        """The catalogue id part of ``catalog``."""
        return self.catalog.split("@", 1)[0]

    @property
    def catalog_version(self) -> str:
        """The version part of ``catalog``."""
        return self.catalog.split("@", 1)[1]
