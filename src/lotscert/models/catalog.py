"""The requirement catalogue: levels, cornerstones, scale, requirements, competence profile."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import Field

from lotscert.models.common import (
    AssessmentKind,
    Identifier,
    Language,
    RequirementId,
    StrictModel,
    Text,
    WholeNumber,
)

Modality = Literal["shall", "should"]
EvidenceKind = Literal["document", "record", "interview", "observation", "metric"]
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = (
    "document",
    "record",
    "interview",
    "observation",
    "metric",
)
ComparisonOperator = Literal["<=", "<", ">=", ">", "=="]
#: What a persons-register requirement checks of every lots (see ``PersonsLink``).
PersonCriterion = Literal[
    "certified", "training", "modules", "exam", "broad_base", "specialist", "languages"
]
PERSON_CRITERIA: tuple[PersonCriterion, ...] = (
    "certified",
    "training",
    "modules",
    "exam",
    "broad_base",
    "specialist",
    "languages",
)
RecertificationRoute = Literal["exam", "continuing_development"]
RECERTIFICATION_ROUTES: tuple[RecertificationRoute, ...] = ("exam", "continuing_development")


#: Fields added after workbooks began to carry the catalogue's fingerprint
#: (``excel/layout.catalog_model_sha256``): while a catalogue leaves them unset they are left out
#: of the fingerprint, so a workbook exported before they existed still imports. Add every new
#: optional catalogue field here.
FINGERPRINT_WHEN_SET: frozenset[tuple[str, str]] = frozenset(
    {
        ("CompetenceProfile", "recertification"),
        ("CertificationParameters", "surveillance_first_months"),
        ("CertificationParameters", "surveillance_interval_months"),
        ("CertificationParameters", "surveillance_required"),
        ("CertificationParameters", "suspend_when_surveillance_overdue"),
        ("CertificationParameters", "expiry_notice_days"),
        ("Requirement", "persons"),
        ("CompetenceProfile", "generalist_specialist_min"),
        ("CertificationParameters", "impartial_kinds"),
        ("CertificationParameters", "recurring_minor_is_major"),
        ("MetricTarget", "source_kind"),
        ("MetricTarget", "area"),
        ("MetricTarget", "factor"),
        ("MetricTarget", "min_answers"),
        ("MetricTarget", "max_age_months"),
        ("Catalog", "measurement"),
    }
)


class Level(StrictModel):
    """A requirement level, e.g. ledning, process or person."""

    id: Identifier = Field(description="Nivåns id, t.ex. ledning. / The level's id, e.g. ledning.")
    title: Text = Field(description="Nivåns namn. / The level's name.")
    shall_may_be_not_applicable: bool | None = Field(
        default=None,
        description="Får ett ska-krav på nivån markeras ej tillämpligt? Standard: nej för "
        "katalogens första nivå (ledningen), ja för övriga. / May a shall requirement of this "
        "level be not_applicable? Default: no for the catalogue's first level (leadership), yes "
        "for the others.",
    )


class Cornerstone(StrictModel):
    """One of the cornerstones requirements are tagged with."""

    id: Identifier = Field(description="Hörnstenens id. / The cornerstone's id.")
    title: Text = Field(description="Hörnstenens namn. / The cornerstone's name.")


class ScaleStep(StrictModel):
    """One step of a scale (maturity or competence)."""

    value: WholeNumber = Field(ge=0, le=100, description="Stegets värde. / The step's value.")
    title: Text = Field(description="Stegets benämning. / The step's label.")
    description: Text | None = Field(
        default=None, description="Vad steget innebär. / What the step means."
    )


class MetricTarget(StrictModel):
    """A measured figure that decides a requirement: key, comparison and target."""

    key: Identifier = Field(
        description="Måttets nyckel under metrics i bedömningen. / The metric's key under metrics "
        "in the assessment."
    )
    op: ComparisonOperator = Field(
        description="Jämförelse mot målet. / Comparison with the target."
    )
    target: Decimal = Field(description="Målvärdet. / The target value.")
    unit: Text | None = Field(default=None, description="Enhet. / Unit.")
    source_kind: Identifier | None = Field(
        default=None,
        description="Vilken sorts källa måttet ska komma från, t.ex. insikt eller case_system "
        "(se measurement.sources). / The kind of source the measurement must come from, e.g. "
        "insikt or case_system (see measurement.sources).",
    )
    area: Identifier | None = Field(
        default=None,
        description="Område i mätningen, t.ex. bygglov eller samtliga (se measurement.areas). / "
        "The survey's area, e.g. bygglov or samtliga (see measurement.areas).",
    )
    factor: Identifier | None = Field(
        default=None,
        description="Faktor eller index, t.ex. nki eller rattssakerhet (se measurement.factors). "
        "/ Factor or index, e.g. nki or rattssakerhet (see measurement.factors).",
    )
    min_answers: WholeNumber | None = Field(
        default=None,
        ge=1,
        description="Minsta antal svar för att måttet ska avgöra kravet. / The fewest answers "
        "with which the measurement decides the requirement.",
    )
    max_age_months: WholeNumber | None = Field(
        default=None,
        ge=1,
        description="Högsta ålder i månader (från måttets datum till bedömningens) för att måttet "
        "ska avgöra kravet. / The greatest age in months (from the measurement's date to the "
        "assessment's) at which the measurement decides the requirement.",
    )


class PersonsLink(StrictModel):
    """A requirement judged from the persons register ("every lots ..."), like a metric.

    The share of the register's lotsar who meet ``criteria`` decides the status: at least
    ``fulfilled_share`` → fulfilled, at least ``partial_share`` → partial, else not fulfilled.
    """

    criteria: list[PersonCriterion] = Field(
        min_length=1,
        description="Vad som prövas hos varje lots: certified (alla kriterier), training "
        "(moduler och prov), modules, exam, broad_base (bred grund), specialist, languages. / "
        "What is checked of every pilot.",
    )
    modules: list[Identifier] | None = Field(
        default=None,
        description="Bara dessa moduler (annars alla). / Only these modules (else all).",
    )
    languages: list[Identifier] | None = Field(
        default=None,
        description="Bara dessa språk (annars alla krävda). / Only these languages (else all).",
    )
    fulfilled_share: Decimal = Field(
        default=Decimal(1),
        ge=0,
        le=1,
        description="Andel lotsar (0–1) som ger uppfyllt. / Share of pilots (0–1) for fulfilled.",
    )
    partial_share: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Andel (0–1) som ger delvis uppfyllt; utan den är allt under "
        "fulfilled_share ej uppfyllt. / Share (0–1) for partly fulfilled.",
    )
    min_persons: WholeNumber = Field(
        default=1,
        ge=1,
        description="Så många lotsar måste finnas i registret för att det ska avgöra. / Pilots "
        "the register must hold to decide.",
    )


class Requirement(StrictModel):
    """One requirement of the catalogue."""

    id: RequirementId = Field(description="Stabilt id, t.ex. L1. / Stable id, e.g. L1.")
    level: Identifier = Field(description="Nivåns id. / The level's id.")
    cornerstone: Identifier = Field(description="Hörnstenens id. / The cornerstone's id.")
    modality: Modality = Field(description="shall = ska, should = bör.")
    weight: Decimal = Field(default=Decimal(1), gt=0, description="Vikt (> 0). / Weight (> 0).")
    title: Text = Field(description="Kort rubrik. / Short title.")
    text: Text = Field(description="Kravtexten. / The requirement's text.")
    guidance: Text = Field(
        description="Vad bra underlag ser ut som och vad som är nästa steg. / What good evidence "
        "looks like and what to do next."
    )
    evidence: list[EvidenceKind] = Field(
        default_factory=list, description="Förväntade underlagstyper. / Expected kinds of evidence."
    )
    metric: MetricTarget | None = Field(
        default=None, description="Mått som avgör kravet. / Metric that decides the requirement."
    )
    persons: PersonsLink | None = Field(
        default=None,
        description='Personregistret avgör kravet ("varje lots ..."). / The persons register '
        "decides the requirement.",
    )


class Term(StrictModel):
    """A named id of the catalogue's measurement vocabulary (a source kind, area or factor)."""

    id: Identifier = Field(description="Id, t.ex. insikt. / Id, e.g. insikt.")
    title: Text = Field(description="Namn. / Name.")


class MeasurementVocabulary(StrictModel):
    """The words measurements use: kinds of source, survey areas and factors (e.g. Insikt's)."""

    sources: list[Term] = Field(
        default_factory=list,
        description="Sorters källor, t.ex. insikt, case_system. / Kinds of source.",
    )
    areas: list[Term] = Field(
        default_factory=list,
        description="Områden, t.ex. Insikts bygglov, miljö- och hälsoskydd … / Areas.",
    )
    factors: list[Term] = Field(
        default_factory=list,
        description="Faktorer och index, t.ex. nki, bemotande, rattssakerhet. / Factors.",
    )

    def title(self, group: str, term_id: str | None, lang: Language) -> str | None:
        """The title of ``term_id`` in ``group`` (sources, areas, factors), else the id."""
        if term_id is None:
            return None
        terms: list[Term] = getattr(self, group)
        for term in terms:
            if term.id == term_id:
                return term.title.get(lang)
        return term_id


class CompetenceArea(StrictModel):
    """An area of knowledge a business matter can touch."""

    id: Identifier = Field(description="Områdets id. / The area's id.")
    title: Text = Field(description="Områdets namn. / The area's name.")


class TrainingModule(StrictModel):
    """A module of the web course."""

    id: Identifier = Field(description="Modulens id. / The module's id.")
    title: Text = Field(description="Modulens namn. / The module's name.")


class PersonRecertification(StrictModel):
    """How a person certificate is renewed before it expires (ISO/IEC 17024 practice)."""

    routes: list[RecertificationRoute] = Field(
        min_length=1,
        description="Godtagna vägar: exam (nytt prov) och/eller continuing_development "
        "(dokumenterad fortbildning). / Accepted routes: exam (a renewed exam) and/or "
        "continuing_development (documented professional development).",
    )
    development_hours: Decimal | None = Field(
        default=None,
        gt=0,
        description="Timmar fortbildning under giltighetstiden som krävs för förnyelse utan prov. "
        "/ Hours of development within the validity period needed to renew without an exam.",
    )


class CompetenceProfile(StrictModel):
    """The person-level profile a lots must meet to be certified."""

    scale: list[ScaleStep] = Field(
        min_length=2, description="Kompetensskalan, t.ex. 0–3. / The competence scale, e.g. 0–3."
    )
    areas: list[CompetenceArea] = Field(
        min_length=1, description="Kompetensområden. / Competence areas."
    )
    base_min: WholeNumber = Field(
        ge=0,
        description="Lägsta nivå i varje område (bred grund). / Minimum level in every area "
        "(broad base).",
    )
    specialist_min: WholeNumber = Field(
        ge=0,
        description="Antal områden på specialistnivå som krävs. / Number of areas required at "
        "specialist level.",
    )
    languages: dict[Identifier, WholeNumber] = Field(
        default_factory=dict,
        description="Krävda språk och nivå, t.ex. sv: 3. / Required languages and level.",
    )
    modules: list[TrainingModule] = Field(
        default_factory=list, description="Webbutbildningens moduler. / The web course's modules."
    )
    pass_mark: Decimal = Field(
        ge=0, le=1, description="Godkänd gräns på provet (0–1). / Exam pass mark (0–1)."
    )
    validity_years: WholeNumber = Field(
        ge=1,
        description="Personcertifikatets giltighet i år. / Person certificate validity, years.",
    )
    generalist_specialist_min: WholeNumber | None = Field(
        default=None,
        ge=0,
        description="Specialistområden som krävs av en generalistlots (generalist: true, t.ex. "
        "reception eller kontaktcenter); utan värde gäller specialist_min alla. / Specialist "
        "areas required of a generalist pilot; without it specialist_min applies to everyone.",
    )

    def specialist_min_for(self, generalist: bool | None) -> int:
        """How many specialist areas this person needs (generalists per the profile)."""
        if generalist and self.generalist_specialist_min is not None:
            return self.generalist_specialist_min
        return self.specialist_min

    recertification: PersonRecertification | None = Field(
        default=None,
        description="Hur ett personcertifikat förnyas. / How a person certificate is renewed.",
    )

    @property
    def top(self) -> int:
        """The specialist level: the top of the competence scale."""
        return max(step.value for step in self.scale)


def _certification_body_audits() -> list[AssessmentKind]:
    """The audits a certification body makes: its auditors come from outside by default."""
    return ["certification_audit", "surveillance_audit", "recertification_audit", "special_audit"]


class CertificationParameters(StrictModel):
    """Function-level certification parameters."""

    validity_years: WholeNumber = Field(
        ge=1, description="Certifikatets giltighet i år. / Certificate validity in years."
    )
    corrective_action_days: WholeNumber = Field(
        ge=0,
        description="Dagar för korrigerande åtgärder. / Days allowed for corrective actions.",
    )
    min_certified_per_department: WholeNumber = Field(
        default=1,
        ge=0,
        description="Minsta antal certifierade lotsar per förvaltning. / Minimum certified "
        "pilots per department.",
    )
    specialist_areas: list[Identifier] = Field(
        default_factory=list,
        description="Områden som måste ha en certifierad specialist. / Areas that must have a "
        "certified specialist.",
    )
    impartial_kinds: list[AssessmentKind] = Field(
        default_factory=_certification_body_audits,
        description="Bedömningar där ledande revisor och revisorer inte får komma från den "
        "granskade kommunen (standard: certifierings-, övervaknings-, omcertifierings- och "
        "extra revision). / Kinds where lead auditors and auditors may not come from the "
        "audited municipality (default: the certification body's audits).",
    )
    recurring_minor_is_major: bool = Field(
        default=False,
        description="En mindre avvikelse som var öppen redan vid förra revisionen föreslås som "
        "större. / A minor nonconformity also open at the previous audit is proposed as major.",
    )
    surveillance_first_months: WholeNumber | None = Field(
        default=None,
        ge=1,
        description="Första övervakningsrevisionen senast så många månader efter beslutet; utan "
        "värde planeras ingen övervakning. / The first surveillance audit at most this many "
        "months after the decision; without a value no surveillance is planned.",
    )
    surveillance_interval_months: WholeNumber | None = Field(
        default=None,
        ge=1,
        description="Därefter en övervakningsrevision per så många månader. / Then one "
        "surveillance audit per this many months.",
    )
    surveillance_required: list[RequirementId] = Field(
        default_factory=list,
        description="Krav som varje övervakningsrevision måste bedöma (t.ex. ledningens "
        "genomgång). / Requirements every surveillance audit must assess (e.g. the management "
        "review).",
    )
    suspend_when_surveillance_overdue: bool = Field(
        default=False,
        description="Föreslå indragning (suspension) när en övervakningsrevision är försenad. / "
        "Propose suspension when a surveillance audit is overdue.",
    )
    expiry_notice_days: WholeNumber | None = Field(
        default=None,
        ge=0,
        description="Registret visar ett certifikat som 'går snart ut' så många dagar före "
        "slutdatum. / The register shows a certificate as expiring this many days before it "
        "ends.",
    )


class Catalog(StrictModel):
    """A requirement catalogue (e.g. the bundled SS 884000-based catalogue)."""

    id: Identifier = Field(description="Katalogens id. / The catalogue's id.")
    version: str = Field(
        min_length=1,
        description='Version som text, t.ex. "1.0" (citattecken). / Version as text, e.g. "1.0".',
    )
    title: Text = Field(description="Katalogens namn. / The catalogue's title.")
    basis: Text = Field(
        description="Var formuleringarna kommer ifrån. / Where the wording comes from."
    )
    levels: list[Level] = Field(min_length=1, description="Kravnivåer. / Requirement levels.")
    cornerstones: list[Cornerstone] = Field(
        default_factory=list, description="Hörnstenar. / Cornerstones."
    )
    scale: list[ScaleStep] = Field(
        min_length=2, description="Mognadsskalan, t.ex. 0–4. / The maturity scale, e.g. 0–4."
    )
    measurement: MeasurementVocabulary | None = Field(
        default=None,
        description="Ord för mätningar: källor, områden och faktorer (t.ex. Insikts). / Words "
        "for measurements: sources, areas and factors (e.g. Insikt's).",
    )
    requirements: list[Requirement] = Field(min_length=1, description="Kraven. / The requirements.")
    competence: CompetenceProfile | None = Field(
        default=None, description="Kompetensprofil för personer. / Person competence profile."
    )
    certification: CertificationParameters | None = Field(
        default=None, description="Certifieringsparametrar. / Certification parameters."
    )
    replaces: dict[RequirementId, RequirementId] | None = Field(
        default=None,
        description="Äldre versions id → denna versions id. / Older version's ids → this one's.",
    )

    @property
    def ref(self) -> str:
        """``id@version``, as an assessment names its catalogue."""
        return f"{self.id}@{self.version}"

    @cached_property
    def top(self) -> int:
        """The highest value of the maturity scale."""
        return max(step.value for step in self.scale)

    def shall_may_be_not_applicable(self, level_id: str) -> bool:
        """Whether a ``shall`` requirement of ``level_id`` may be marked not applicable."""
        for index, level in enumerate(self.levels):
            if level.id == level_id:
                if level.shall_may_be_not_applicable is not None:
                    return level.shall_may_be_not_applicable
                return index != 0
        return True

    @cached_property
    def requirements_by_id(self) -> dict[str, Requirement]:
        """Requirements keyed by id."""
        return {requirement.id: requirement for requirement in self.requirements}

    @cached_property
    def levels_by_id(self) -> dict[str, Level]:
        """Levels keyed by id."""
        return {level.id: level for level in self.levels}

    @cached_property
    def cornerstones_by_id(self) -> dict[str, Cornerstone]:
        """Cornerstones keyed by id."""
        return {cornerstone.id: cornerstone for cornerstone in self.cornerstones}
