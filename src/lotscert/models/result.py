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

from lotscert.models.assessment import Action, AssessmentKind, Evidence, Status
from lotscert.models.catalog import ComparisonOperator, Modality

Grade = Literal["major", "minor", "observation"]
GRADES: tuple[Grade, ...] = ("major", "minor", "observation")
FindingKind = Literal["requirement", "department_coverage", "specialist_coverage"]
PersonStatus = Literal["certified", "not_certified", "expired"]
Outcome = Literal["recommended", "conditional", "not_recommended", "incomplete", "persons_only"]
Change = Literal["improved", "unchanged", "worse", "new", "removed"]


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

    def without_names(self) -> Result:
        """The result without persons' names: what travels unless names are asked for."""
        persons = [person.model_copy(update={"name": None}) for person in self.persons]
        return self.model_copy(update={"persons": persons})
