"""The computed result of an assessment: never hand-edited, rendered by every report.

Numbers are exact decimals. ``percent`` is rounded half up to one decimal; ``earned`` and
``possible`` are exact sums (rounded to six decimals only where a scale makes them recurring).
The engine fills these models; renderers only read them. Texts are not stored here: a finding
or an unmet criterion carries a code and its parameters, and each renderer words it in its
own language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lotscert.models.assessment import Action, AssessmentKind, AuditRole, Evidence, Status
from lotscert.models.catalog import ComparisonOperator, Modality, PersonCriterion
from lotscert.models.common import GRADES as GRADES  # re-exported: found here since 1.0
from lotscert.models.common import Grade as Grade

FindingKind = Literal["requirement", "department_coverage", "specialist_coverage"]
PersonStatus = Literal["certified", "not_certified", "expired"]
Outcome = Literal["recommended", "conditional", "not_recommended", "incomplete", "persons_only"]
OUTCOMES: tuple[Outcome, ...] = (
    "recommended",
    "conditional",
    "not_recommended",
    "incomplete",
    "persons_only",
)
MetricProblem = Literal[
    "too_few_answers",
    "answers_unknown",
    "too_old",
    "date_unknown",
    "other_source_kind",
    "other_area",
    "other_factor",
]
Change = Literal["improved", "unchanged", "worse", "new", "removed"]
#: Where a finding's action stands at the assessment date.
ActionStatus = Literal["missing", "planned", "overdue", "verified", "closed"]
#: How this assessment answers a finding that was open at the previous one.
PreviousAnswer = Literal[
    "closed_verified", "closed_by_register", "closed_unverified", "still_open", "unanswered"
]


class ResultModel(BaseModel):
    """Base of result models: immutable; unknown keys refused when a result is read back."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class MetricCheck(ResultModel):
    """How a measured metric compared with a requirement's target."""

    key: str = Field(description="Måttets nyckel. / The metric's key.")
    op: ComparisonOperator = Field(description="Jämförelse. / Comparison.")
    target: Decimal = Field(description="Målvärde. / Target.")
    value: Decimal | None = Field(description="Uppmätt värde, null om det saknas. / Measured.")
    met: bool | None = Field(description="Målet nått; null om mått saknas. / Target met.")
    source: str | None = Field(default=None, description="Källa. / Source.")
    date: dt.date | None = Field(default=None, description="Datum. / Date.")
    period: str | None = Field(default=None, description="Mätperiod. / Period measured.")
    answers: int | None = Field(default=None, description="Antal svar. / Number of answers.")
    not_deciding: list[MetricProblem] = Field(
        default_factory=list,
        description="Varför måttet inte avgör kravet (för få svar, för gammalt, annan källa, "
        "annat område eller annan faktor än katalogen kräver); tom när det avgör. / Why the "
        "measurement does not decide the requirement; empty when it does.",
    )


class PersonsCheck(ResultModel):
    """How the persons register judged a "every lots ..." requirement."""

    criteria: list[PersonCriterion] = Field(description="Vad som prövades. / What was checked.")
    persons: int = Field(description="Lotsar i registret. / Pilots in the register.")
    meeting: int = Field(description="Lotsar som uppfyller. / Pilots who meet the criteria.")
    share: Decimal | None = Field(
        description="Andel som uppfyller (4 decimaler), null utan personer. / Share meeting."
    )
    fulfilled_share: Decimal = Field(description="Gräns för uppfyllt. / Share for fulfilled.")
    partial_share: Decimal | None = Field(description="Gräns för delvis. / Share for partial.")
    status: Status | None = Field(
        description="Status enligt registret; null när det är för litet för att avgöra. / "
        "Status by the register; null when it is too small to decide."
    )
    not_meeting: list[str] = Field(
        default_factory=list,
        description="Pseudonyma id för lotsar som inte uppfyller. / Pseudonymous ids of pilots "
        "who do not.",
    )


class RequirementResult(ResultModel):
    """The verdict and points for one requirement."""

    id: str = Field(description="Krav-id. / Requirement id.")
    level: str = Field(description="Nivå. / Level.")
    cornerstone: str = Field(description="Hörnsten. / Cornerstone.")
    modality: Modality = Field(description="shall/should.")
    weight: Decimal = Field(description="Vikt. / Weight.")
    status: Status = Field(description="Status som angiven. / Status as given.")
    effective_status: Status = Field(
        description="Status efter mätning (mått avgör). / Status after the metric decided."
    )
    maturity: int | None = Field(description="Mognad. / Maturity.")
    earned: Decimal | None = Field(description="Poäng; null om ej tillämpligt. / Points earned.")
    possible: Decimal | None = Field(description="Möjliga poäng. / Points possible.")
    finding: Grade | None = Field(description="Avvikelsegrad eller null. / Finding grade.")
    metric: MetricCheck | None = Field(default=None, description="Måttjämförelse. / Metric check.")
    persons: PersonsCheck | None = Field(
        default=None, description="Prövning mot personregistret. / Persons register check."
    )


class Score(ResultModel):
    """Earned over possible points, and the percentage."""

    earned: Decimal = Field(description="Erhållna poäng. / Points earned.")
    possible: Decimal = Field(description="Möjliga poäng. / Points possible.")
    percent: Decimal | None = Field(
        description="Procent med en decimal; null när inget är möjligt. / Percent, one decimal."
    )


class Scores(ResultModel):
    """Scores overall, per level and per cornerstone (in catalogue order)."""

    overall: Score = Field(description="Totalt. / Overall.")
    levels: dict[str, Score] = Field(description="Per nivå. / Per level.")
    cornerstones: dict[str, Score] = Field(description="Per hörnsten. / Per cornerstone.")


class Finding(ResultModel):
    """A nonconformity or observation."""

    grade: Grade = Field(description="major, minor eller observation.")
    kind: FindingKind = Field(description="Vad fyndet gäller. / What the finding is about.")
    requirement: str | None = Field(description="Krav-id, null för täckningsfynd. / Requirement.")
    level: str = Field(description="Nivå. / Level.")
    cornerstone: str | None = Field(description="Hörnsten. / Cornerstone.")
    concerns: str = Field(
        description="Vad fyndet gäller: krav-id, förvaltnings-id eller område. / What it concerns."
    )
    weight: Decimal = Field(description="Kravets vikt (1 för täckning). / Weight.")
    status: Status | None = Field(default=None, description="Effektiv status. / Effective status.")
    evidence: list[Evidence] = Field(default_factory=list, description="Underlag. / Evidence seen.")
    comment: str | None = Field(default=None, description="Kommentar. / Comment.")
    action: Action | None = Field(default=None, description="Åtgärd. / Planned action.")
    details: dict[str, str | int] = Field(
        default_factory=dict,
        description="Parametrar för texten, t.ex. certified/required. / Parameters for wording.",
    )
    proposed_grade: Grade | None = Field(
        default=None,
        description="Graden som motorn föreslog; grade är den beslutade. / The grade the engine "
        "proposed; grade is the decided one.",
    )
    grade_reason: str | None = Field(
        default=None,
        description="Revisorns motivering när beslutad grad skiljer sig. / The auditor's reason "
        "when the decided grade differs.",
    )
    decided_by: str | None = Field(default=None, description="Vem som beslutade. / Decided by.")
    recurring_from: str | None = Field(
        default=None,
        description="Fyndet var öppet även vid denna tidigare revision (fil) och föreslås därför "
        "som större. / Also open at this previous audit (file), so proposed as major.",
    )
    action_status: ActionStatus | None = Field(
        default=None,
        description="missing, planned, overdue (förfallen), verified, closed. / Where the action "
        "stands at the assessment date.",
    )
    action_late: bool = Field(
        default=False,
        description="Åtgärden är planerad efter tidsgränsen för korrigerande åtgärder. / The "
        "action is due after the corrective-action deadline.",
    )


class Unmet(ResultModel):
    """One certification criterion a person does not meet."""

    criterion: Literal[
        "no_training",
        "module_missing",
        "exam_missing",
        "exam_below_pass_mark",
        "exam_expired",
        "area_below_base",
        "too_few_specialist_areas",
        "language_below_required",
    ] = Field(description="Kriterium. / Criterion.")
    subject: str | None = Field(
        default=None, description="Modul, område eller språk. / Module, area or language."
    )
    actual: str | None = Field(default=None, description="Faktiskt värde. / Actual value.")
    required: str | None = Field(default=None, description="Krav. / Required value.")


class PersonResult(ResultModel):
    """A person's certification status."""

    id: str = Field(description="Pseudonymt id. / Pseudonymous id.")
    name: str | None = Field(default=None, description="Namn. / Name.")
    department: str | None = Field(default=None, description="Förvaltning. / Department.")
    role: str | None = Field(default=None, description="Befattning. / Role.")
    status: PersonStatus = Field(description="certified, not_certified eller expired.")
    valid_until: dt.date | None = Field(description="Giltigt till. / Valid until.")
    exam_date: dt.date | None = Field(default=None, description="Provdatum. / Exam date.")
    specialist_areas: list[str] = Field(
        default_factory=list, description="Specialistområden. / Specialist areas."
    )
    unmet: list[Unmet] = Field(default_factory=list, description="Ej uppfyllt. / Unmet criteria.")


class DepartmentCoverage(ResultModel):
    """Certified pilots in one department."""

    id: str = Field(description="Förvaltnings-id. / Department id.")
    name: str = Field(description="Namn. / Name.")
    certified: list[str] = Field(description="Certifierade personers id. / Certified persons.")
    required: int = Field(description="Krävt antal. / Required number.")
    covered: bool = Field(description="Kravet uppfyllt. / Requirement met.")


class AreaCoverage(ResultModel):
    """Certified specialists in one required area."""

    id: str = Field(description="Områdes-id. / Area id.")
    specialists: list[str] = Field(
        description="Certifierade specialister. / Certified specialists."
    )
    covered: bool = Field(description="Minst en. / At least one.")


class Coverage(ResultModel):
    """Department and specialist coverage of the function."""

    departments: list[DepartmentCoverage] = Field(
        default_factory=list, description="Per förvaltning."
    )
    specialist_areas: list[AreaCoverage] = Field(default_factory=list, description="Per område.")


class Warning(ResultModel):
    """A consistency warning carried into the result."""

    code: str = Field(description="Varningskod. / Warning code.")
    path: str = Field(description="Var i datan. / Where in the data.")
    message: str = Field(description="Meddelande. / Message.")
    details: dict[str, str] = Field(
        default_factory=dict,
        description="Parametrar för rapportens formulering. / Parameters for a report's wording.",
    )


class Decision(ResultModel):
    """The certification decision (or, for a self-assessment, the readiness verdict)."""

    outcome: Outcome = Field(
        description="recommended, conditional, not_recommended, incomplete, persons_only (a "
        "persons test certification: no verdict on the function)."
    )
    readiness_only: bool = Field(
        description="Sant för självskattning: en beredskapsbedömning, inget certifikat. / True for "
        "a self-assessment: a readiness verdict, not a certificate."
    )
    corrective_action_deadline: dt.date | None = Field(description="Åtgärder senast. / Deadline.")
    valid_until: dt.date | None = Field(description="Giltigt till. / Valid until.")
    major: int = Field(description="Antal större avvikelser. / Major nonconformities.")
    minor: int = Field(description="Antal mindre avvikelser. / Minor nonconformities.")
    observations: int = Field(description="Antal observationer. / Observations.")
    not_assessed_shall: list[str] = Field(
        default_factory=list, description="Ej bedömda ska-krav. / Shall requirements not assessed."
    )
    major_verified: int = Field(
        default=0,
        description="Större avvikelser vars åtgärd är verifierad (blockerar inte längre). / Major "
        "nonconformities whose action is verified (no longer blocking).",
    )
    minor_verified: int = Field(
        default=0,
        description="Mindre avvikelser vars åtgärd är verifierad. / Minor nonconformities whose "
        "action is verified.",
    )


class TeamMember(ResultModel):
    """A member of the assessment team as the engine judged them (DESIGN §6)."""

    name: str = Field(description="Namn. / Name.")
    audit_role: AuditRole | None = Field(description="Roll i bedömningen. / Role in the audit.")
    role: str | None = Field(default=None, description="Befattning. / Title.")
    organisation: str | None = Field(default=None, description="Organisation.")
    signs: bool = Field(description="Skriver under rapporten. / Signs the report.")
    from_audited: bool = Field(
        description="Kommer från den granskade kommunen. / Comes from the audited municipality."
    )


class PreviousFinding(ResultModel):
    """A finding open at the previous assessment and how this one answers it."""

    grade: Grade = Field(description="Grad förra gången. / Grade then.")
    kind: FindingKind = Field(description="Slag. / Kind.")
    concerns: str = Field(description="Vad det gäller (i denna katalogs id). / What it concerns.")
    answer: PreviousAnswer = Field(
        description="closed_verified, closed_by_register, closed_unverified, still_open, "
        "unanswered."
    )
    previous_period: int = Field(description="Förra periodens år. / Previous period.")
    previous_source: str | None = Field(
        default=None, description="Förra bedömningens fil. / The previous assessment's file."
    )


class FindingRef(ResultModel):
    """A finding identified across years."""

    grade: Grade = Field(description="Grad. / Grade.")
    kind: FindingKind = Field(description="Slag. / Kind.")
    concerns: str = Field(description="Vad det gäller. / What it concerns.")


class RequirementChange(ResultModel):
    """How one requirement changed since the previous assessment."""

    change: Change = Field(description="improved, unchanged, worse, new, removed.")
    previous_id: str | None = Field(default=None, description="Id förra året. / Previous id.")
    previous_status: Status | None = Field(default=None, description="Förra status.")
    status: Status | None = Field(default=None, description="Status nu. / Status now.")
    previous_maturity: int | None = Field(default=None, description="Förra mognaden.")
    maturity: int | None = Field(default=None, description="Mognad nu. / Maturity now.")


class Trend(ResultModel):
    """Change against the previous assessment of the same municipality."""

    previous_period: int = Field(description="Förra periodens år. / Previous period.")
    previous_date: dt.date = Field(description="Förra datumet. / Previous date.")
    requirements: dict[str, RequirementChange] = Field(description="Per krav. / Per requirement.")
    levels: dict[str, Decimal | None] = Field(description="Förändring i procentenheter per nivå.")
    cornerstones: dict[str, Decimal | None] = Field(description="Förändring per hörnsten.")
    overall: Decimal | None = Field(description="Förändring totalt. / Overall delta.")
    previous_scores: Scores = Field(description="Förra årets poäng. / Previous scores.")
    findings_opened: list[FindingRef] = Field(description="Nya fynd. / Findings opened.")
    findings_closed: list[FindingRef] = Field(description="Stängda fynd. / Findings closed.")
    findings_still_open: list[FindingRef] = Field(description="Kvarstående. / Still open.")


class CatalogInfo(ResultModel):
    """Which catalogue the result was computed against."""

    id: str = Field(description="Katalog-id.")
    version: str = Field(description="Version.")
    top: int = Field(description="Skalans högsta värde. / Top of the maturity scale.")


class MunicipalityInfo(ResultModel):
    """The municipality, with the example flag."""

    code: str = Field(description="Kommunkod.")
    name: str = Field(description="Namn.")
    is_example: bool = Field(description="Fiktiv exempelkommun (99xx). / Fictional example.")


class Result(ResultModel):
    """Everything the engine computes from a catalogue and an assessment."""

    lotscert_version: str = Field(description="lotscert-versionen. / The lotscert version.")
    catalog: CatalogInfo = Field(description="Katalog. / Catalogue.")
    municipality: MunicipalityInfo = Field(description="Kommun. / Municipality.")
    period: int = Field(description="År. / Year.")
    kind: AssessmentKind = Field(description="Bedömningens slag. / Kind of assessment.")
    date: dt.date = Field(description="Datum. / Date.")
    requirements: dict[str, RequirementResult] = Field(description="Per krav, katalogens ordning.")
    scores: Scores = Field(description="Poäng. / Scores.")
    findings: list[Finding] = Field(description="Fynd, värst först. / Findings, worst first.")
    persons: list[PersonResult] = Field(description="Personer. / Persons.")
    coverage: Coverage = Field(description="Täckning. / Coverage.")
    warnings: list[Warning] = Field(description="Varningar. / Warnings.")
    complete: bool = Field(description="Allt bedömt. / Every requirement assessed.")
    decision: Decision = Field(description="Beslut. / Decision.")
    trend: Trend | None = Field(default=None, description="Förändring sedan förra. / Trend.")
    team: list[TeamMember] = Field(
        default_factory=list, description="Bedömningsteamet. / The assessment team."
    )
    previous_findings: list[PreviousFinding] = Field(
        default_factory=list,
        description="Förra bedömningens öppna fynd och hur de besvaras. / The previous "
        "assessment's open findings and how they are answered.",
    )

    def without_names(self) -> Result:
        """The result without persons' names: what travels unless names are asked for."""
        persons = [person.model_copy(update={"name": None}) for person in self.persons]
        return self.model_copy(update={"persons": persons})
