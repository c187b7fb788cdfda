"""The view dataclasses: what the templates get, and nothing else.

Plain, already-ordered data with every word in one language; the builders beside this module
fill them in. Numbers stay numbers (Decimal, date); the templates' filters format them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from lotscert.models.common import Language
from lotscert.reports.integrity import Integrity

# --- small views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What every report shares: title, language, watermark, integrity, generated-at."""

    lang: Language
    title: str
    subtitle: str
    subtitle_html: str
    t: dict[str, str]
    is_example: bool
    integrity: Integrity
    integrity_data: dict[str, object]
    generated_at: str | None
    running_header: str


@dataclass(frozen=True)
class AssessorView:
    """An assessor as printed (assessors sign reports, so their names are shown)."""

    name: str
    role: str
    organisation: str
    audit_role_label: str = "—"
    signs: bool = True
    from_audited: bool = False
    #: The role in the assessment and the title, without repeating one that says the same.
    roles_text: str = "—"


@dataclass(frozen=True)
class Header:
    """The municipality, the period and the scope of one assessment."""

    municipality_code: str
    municipality_name: str
    period: int
    kind: str
    kind_label: str
    date: dt.date
    catalog_title: str
    catalog_id: str
    catalog_version: str
    catalog_basis: str
    assessors: list[AssessorView]


@dataclass(frozen=True)
class ScoreView:
    """One row of a score table (a level, a cornerstone or the total)."""

    id: str
    title: str
    earned: Decimal
    possible: Decimal
    percent: Decimal | None
    delta: Decimal | None


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence; ``href`` only for an http(s) URL, anything else stays text."""

    kind_label: str
    ref: str
    href: str | None
    date: dt.date | None
    note: str | None


@dataclass(frozen=True)
class ActionView:
    """A finding's action, from plan to verification and closure."""

    text: str
    owner: str
    due: dt.date | None
    status: str = "planned"
    status_label: str = ""
    late: bool = False
    late_text: str | None = None
    correction: str | None = None
    root_cause: str | None = None
    verified_by: str | None = None
    verified_on: dt.date | None = None
    verification_evidence: list[EvidenceView] | None = None
    verification_note: str | None = None
    closed_on: dt.date | None = None
    closed_by: str | None = None


@dataclass(frozen=True)
class FindingView:
    """A finding with everything a reader needs to act on it."""

    anchor: str
    grade: str
    grade_label: str
    kind_label: str
    heading: str
    requirement_id: str | None
    level_title: str
    cornerstone_title: str
    modality_label: str
    weight: Decimal
    status_label: str
    maturity_text: str
    text: str
    evidence: list[EvidenceView]
    comment: str | None
    guidance: str
    metric_text: str | None
    action: ActionView | None
    proposed_grade_label: str | None = None
    grade_reason: str | None = None
    decided_by: str | None = None
    recurring_text: str | None = None
    persons_text: str | None = None
    #: who answered through a department's workbook, and when (department, role, date; the
    #: name is left out: reports show persons only with --with-names)
    answered_by_text: str | None = None


@dataclass(frozen=True)
class PreviousFindingView:
    """A finding open at the previous assessment, and how this one answers it."""

    grade: str
    grade_label: str
    heading: str
    answer: str
    answer_label: str
    needs_attention: bool


@dataclass(frozen=True)
class ActionRow:
    """One row of the action plan."""

    due: dt.date | None
    concerns: str
    text: str
    owner: str
    grade_label: str
    status: str = "planned"
    status_label: str = ""
    late: bool = False


@dataclass(frozen=True)
class RequirementRow:
    """One requirement in the full table."""

    id: str
    title: str
    level_title: str
    cornerstone_title: str
    modality_label: str
    weight: Decimal
    status_label: str
    maturity: int | None
    earned: Decimal | None
    possible: Decimal | None
    finding_label: str


@dataclass(frozen=True)
class PersonView:
    """A person: pseudonymous id unless names were asked for."""

    shown_as: str
    department: str
    role: str
    status: str
    status_label: str
    valid_until: dt.date | None
    exam_date: dt.date | None
    specialist_areas: list[str]
    unmet: list[str]


@dataclass(frozen=True)
class DepartmentView:
    """Certified pilots in a department."""

    name: str
    certified: list[str]
    required: int
    covered: bool
    covered_label: str


@dataclass(frozen=True)
class AreaView:
    """Certified specialists in an area."""

    title: str
    specialists: list[str]
    covered: bool
    covered_label: str


@dataclass(frozen=True)
class WarningView:
    """A consistency warning."""

    code: str
    path: str
    message: str


@dataclass(frozen=True)
class GradeCount:
    """How many findings of a grade."""

    grade: str
    label: str
    count: int


@dataclass(frozen=True)
class DecisionView:
    """The decision in words."""

    outcome: str
    text: str
    readiness_only: bool
    note: str | None
    corrective_action_deadline: dt.date | None
    valid_until: dt.date | None
    counts: list[GradeCount]
    complete: bool
    not_assessed_shall: list[str]
    verified_note: str | None = None
    held_back_note: str | None = None


@dataclass(frozen=True)
class Charts:
    """Inline SVG charts (already escaped markup, built from the result)."""

    levels: str
    cornerstones: str


# --- report views -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasurementRow:
    """One measured figure of the assessment, where it comes from and what it decides."""

    key: str
    value: Decimal
    unit: str
    source: str
    source_kind: str
    area: str
    factor: str
    period: str
    answers: int | None
    date: dt.date | None
    decides: str  # e.g. "P7: uppfyllt" or "P7: avgör inte (för få svar: 12 < 30)"


@dataclass(frozen=True)
class AssessmentView:
    """The shared content of the gap, certificate and persons reports for one assessment."""

    header: Header
    decision: DecisionView
    overall: ScoreView
    levels: list[ScoreView]
    cornerstones: list[ScoreView]
    charts: Charts
    findings: list[FindingView]
    actions: list[ActionRow]
    findings_without_action: int
    requirements: list[RequirementRow]
    persons: list[PersonView]
    certified_persons: list[PersonView]
    departments: list[DepartmentView]
    areas: list[AreaView]
    warnings: list[WarningView]
    measurements: list[MeasurementRow]
    has_person_level: bool
    delta_heading: str | None
    no_action_text: str
    signature_text: str
    signatories: list[AssessorView] | None = None
    impartiality_text: str | None = None
    previous_findings: list[PreviousFindingView] | None = None
    previous_heading: str | None = None


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the competence matrix."""

    value: int | None
    text: str
    colour: str
    specialist: bool
    below_minimum: bool


@dataclass(frozen=True)
class MatrixRow:
    """One person's row of the competence matrix."""

    shown_as: str
    department: str
    status_label: str
    cells: list[MatrixCell]


@dataclass(frozen=True)
class ScaleStepView:
    """A step of the competence scale, with its colour, for the legend."""

    value: int
    title: str
    colour: str
    is_minimum: bool
    is_specialist: bool


@dataclass(frozen=True)
class PersonCertificate:
    """One page: the certificate of one certified person."""

    shown_as: str
    department: str
    role: str
    scheme: str
    specialist_areas: list[str]
    exam_date: dt.date | None
    valid_until: dt.date | None


@dataclass(frozen=True)
class ExaminationRow:
    """One department in a persons test certification's summary."""

    department: str
    examined: int
    certified: int
    enough: str


@dataclass(frozen=True)
class ExaminationView:
    """A persons test certification summed up for the municipality, worded."""

    intro: str
    departments: list[ExaminationRow]
    unmet: list[tuple[str, int]]


@dataclass(frozen=True)
class PersonsView:
    """The person level on its own."""

    columns: list[str]
    language_columns: list[str]
    rows: list[MatrixRow]
    scale: list[ScaleStepView]
    base_min: int
    base_min_text: str
    languages_text: str
    certificates: list[PersonCertificate]
    #: A persons test certification's summary for the municipality (None for other kinds).
    summary: ExaminationView | None = None


@dataclass(frozen=True)
class YearScores:
    """One year's scores in the trend."""

    period: int
    kind_label: str
    date: dt.date
    overall: Decimal | None
    levels: list[Decimal | None]
    cornerstones: list[Decimal | None]
    decision_text: str
    counts: list[GradeCount]


@dataclass(frozen=True)
class FindingRefView:
    """A finding named across years."""

    grade_label: str
    concerns: str


@dataclass(frozen=True)
class ChangeRow:
    """One requirement's change between two years."""

    id: str
    title: str
    change: str
    change_label: str
    previous_status: str
    status: str
    previous_maturity: int | None
    maturity: int | None


@dataclass(frozen=True)
class FindingGroup:
    """Findings opened, closed or still open between two years."""

    key: str
    title: str
    items: list[FindingRefView]


@dataclass(frozen=True)
class TrendStep:
    """The change from one year to the next."""

    from_period: int
    to_period: int
    heading: str
    overall_text: str
    groups: list[FindingGroup]
    changes: list[ChangeRow]
    previous_findings: list[PreviousFindingView] | None = None
    previous_heading: str | None = None


@dataclass(frozen=True)
class TrendView:
    """One municipality over the years."""

    municipality_code: str
    municipality_name: str
    catalog_title: str
    level_titles: list[str]
    cornerstone_titles: list[str]
    years: list[YearScores]
    steps: list[TrendStep]
    chart: str


@dataclass(frozen=True)
class CompareRow:
    """One municipality-year in the comparison, as worded for the report."""

    shown_as: str
    code: str
    period: int
    kind_label: str
    overall: Decimal | None
    levels: list[Decimal | None]
    cornerstones: list[Decimal | None]
    decision_text: str
    outcome: str
    major: int
    minor: int
    observations: int
    #: "exempel" for a fictional example municipality (99xx), "" for a real one
    example_label: str = ""


@dataclass(frozen=True)
class CompareView:
    """Several municipalities side by side."""

    anonymised: bool
    intro: str
    level_titles: list[str]
    cornerstone_titles: list[str]
    rows: list[CompareRow]
    heat_maps: list[str]
    catalogs: list[str]
    #: some rows (not all) are example municipalities: the page says which rows are fiction
    some_examples: bool = False


@dataclass(frozen=True)
class LegendItem:
    """One swatch of a map legend: its colour, what it means and how many have it."""

    colour: str
    label: str
    count: int | None


@dataclass(frozen=True)
class NationalMunicipalityRow:
    """A municipality's latest assessment in the national report."""

    code: str
    name: str
    county: str
    period: int
    kind_label: str
    overall: Decimal | None
    outcome: str
    decision_text: str
    publishable: bool


@dataclass(frozen=True)
class RollupRow:
    """A county (or the whole country): how many assessed, scores, decisions."""

    name: str
    total: int | None
    assessed: int
    mean: Decimal | None
    median: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    outcomes: list[int]


@dataclass(frozen=True)
class RequirementShareRow:
    """One requirement across the country: how many fulfil it."""

    id: str
    title: str
    level_title: str
    modality_label: str
    catalog_ref: str
    applicable: int
    fulfilled: int
    partial: int
    not_fulfilled: int
    not_assessed: int
    top_maturity: int
    share: Decimal | None


@dataclass(frozen=True)
class ExampleMunicipalityView:
    """A municipality raised as a good example of one requirement."""

    name: str
    code: str
    period: int
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class ExampleGroupView:
    """The good examples of one requirement."""

    id: str
    title: str
    catalog_ref: str
    municipalities: list[ExampleMunicipalityView]


@dataclass(frozen=True)
class NationalView:
    """The national picture: map, counties, distribution, requirements, good examples."""

    intro: str
    map_decision: str
    map_score: str
    decision_legend: list[LegendItem]
    score_legend: list[LegendItem]
    map_source: str
    map_area: str | None
    off_map: str | None
    outcome_labels: list[str]
    status_titles: dict[str, str]
    national: RollupRow
    counties: list[RollupRow]
    histogram: str
    distribution: list[tuple[str, int]]
    held_back_chart: str
    requirements: list[RequirementShareRow]
    examples: list[ExampleGroupView]
    examples_note: str
    municipalities: list[NationalMunicipalityRow]
    catalogs: list[str]


@dataclass(frozen=True)
class ReportContext:
    """Everything a template gets: the page and exactly one of the report views."""

    kind: str
    page: Page
    assessment: AssessmentView | None = None
    persons: PersonsView | None = None
    trend: TrendView | None = None
    compare: CompareView | None = None
    national: NationalView | None = None
    #: A certificate issued by a decision (``reports/issued.py``).
    issued: object | None = None
