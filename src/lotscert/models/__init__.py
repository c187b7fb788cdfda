"""pydantic models of lotscert's three kinds of data: catalogue, assessment and result."""

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
from lotscert.models.result import Finding, PersonResult, Result, Score, Scores

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
