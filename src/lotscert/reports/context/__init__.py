"""The view-models of the reports: plain, already-ordered data with every word in one language.

Templates only lay these out. Everything that needs a decision — the order of findings, which
evidence reference is a link, whether a name may be shown, which label a status gets, the
colour of a competence cell — is made here, from the engine's :class:`Result`, the catalogue
and the assessment. Numbers stay numbers (Decimal, date); the templates' filters format them.

Where each report's content is decided:

- ``views`` — the dataclasses the templates get (no logic);
- ``page`` — the page frame every report shares;
- ``assessment`` — one assessment: the gap report and the certificate;
- ``findings`` — findings worst first and the action plan (used by ``assessment``);
- ``persons`` — the persons report: competence matrix and personal certificates;
- ``trend`` — one municipality over the years;
- ``compare`` — several municipalities: anonymous letters and heat maps;
- ``national`` — the national picture: maps of Sweden, counties, requirements, good examples;
- ``common`` — titles, names, links and the decision in words, shared by several builders.

Every public name is re-exported here, so ``from lotscert.reports.context import X`` works.
"""

from lotscert.reports.context.assessment import build_assessment_view
from lotscert.reports.context.common import (
    GRADE_ORDER,
    language_name,
    person_label,
    safe_href,
)
from lotscert.reports.context.compare import (
    HEAT_MAP_ROWS_PER_CHART,
    anonymous_letters,
    compare_heat_maps,
    heat_rows,
)
from lotscert.reports.context.findings import finding_sort_key, sorted_findings
from lotscert.reports.context.national import build_national_view
from lotscert.reports.context.page import build_page, subtitle_html
from lotscert.reports.context.persons import build_persons_view
from lotscert.reports.context.trend import build_trend_view
from lotscert.reports.context.views import (
    ActionRow,
    ActionView,
    AreaView,
    AssessmentView,
    AssessorView,
    ChangeRow,
    Charts,
    CompareRow,
    CompareView,
    DecisionView,
    DepartmentView,
    EvidenceView,
    FindingGroup,
    FindingRefView,
    FindingView,
    GradeCount,
    Header,
    MatrixCell,
    MatrixRow,
    Page,
    PersonCertificate,
    PersonsView,
    PersonView,
    PreviousFindingView,
    ReportContext,
    RequirementRow,
    ScaleStepView,
    ScoreView,
    TrendStep,
    TrendView,
    WarningView,
    YearScores,
)

__all__ = [
    "GRADE_ORDER",
    "HEAT_MAP_ROWS_PER_CHART",
    "ActionRow",
    "ActionView",
    "AreaView",
    "AssessmentView",
    "AssessorView",
    "ChangeRow",
    "Charts",
    "CompareRow",
    "CompareView",
    "DecisionView",
    "DepartmentView",
    "EvidenceView",
    "FindingGroup",
    "FindingRefView",
    "FindingView",
    "GradeCount",
    "Header",
    "MatrixCell",
    "MatrixRow",
    "Page",
    "PersonCertificate",
    "PersonView",
    "PersonsView",
    "PreviousFindingView",
    "ReportContext",
    "RequirementRow",
    "ScaleStepView",
    "ScoreView",
    "TrendStep",
    "TrendView",
    "WarningView",
    "YearScores",
    "anonymous_letters",
    "build_assessment_view",
    "build_national_view",
    "build_page",
    "build_persons_view",
    "build_trend_view",
    "compare_heat_maps",
    "finding_sort_key",
    "heat_rows",
    "language_name",
    "person_label",
    "safe_href",
    "sorted_findings",
    "subtitle_html",
]
