"""pydantic models of lotscert's three kinds of data: catalogue, assessment and result.

The result models are imported on first use: building pydantic models costs start-up time, and
commands that only read and write assessments (validate, export, import) never need them.
"""

from typing import TYPE_CHECKING, Any

from lotscert.models.assessment import (
    Action,
    Assessment,
    Assessor,
    Department,
    Evidence,
    Metric,
    Municipality,
    Person,
    Response,
    Training,
)
from lotscert.models.catalog import (
    Catalog,
    CertificationParameters,
    CompetenceArea,
    CompetenceProfile,
    Cornerstone,
    Level,
    MetricTarget,
    Requirement,
    ScaleStep,
    TrainingModule,
)
from lotscert.models.common import Text

if TYPE_CHECKING:
    from lotscert.models.result import Finding, PersonResult, Result, Score, Scores

_RESULT_MODELS = frozenset({"Finding", "PersonResult", "Result", "Score", "Scores"})


def __getattr__(name: str) -> Any:
    if name in _RESULT_MODELS:
        from lotscert.models import result

        return getattr(result, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Action",
    "Assessment",
    "Assessor",
    "Catalog",
    "CertificationParameters",
    "CompetenceArea",
    "CompetenceProfile",
    "Cornerstone",
    "Department",
    "Evidence",
    "Finding",
    "Level",
    "Metric",
    "MetricTarget",
    "Municipality",
    "Person",
    "PersonResult",
    "Requirement",
    "Response",
    "Result",
    "ScaleStep",
    "Score",
    "Scores",
    "Text",
    "Training",
    "TrainingModule",
]
