"""A persons test certification summed up for the municipality (DESIGN §3 Persons, §6).

The per-person verdicts come from ``engine/persons.py``; here they are counted per department
(against the catalogue's ``min_certified_per_department``) and per unmet criterion, so that a
municipality sees where its people stand before the function is audited. Pure; no text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lotscert.models.assessment import Assessment
from lotscert.models.catalog import CertificationParameters
from lotscert.models.result import PersonResult


@dataclass(frozen=True)
class DepartmentExamination:
    """How one department's persons fared."""

    id: str
    examined: int
    certified: int
    required: int | None

    @property
    def enough(self) -> bool | None:
        """Whether the department has the catalogue's number of certified persons (None: the
        catalogue sets none)."""
        return None if self.required is None else self.certified >= self.required


@dataclass(frozen=True)
class ExaminationSummary:
    """The whole examination in counts."""

    examined: int
    certified: int
    expired: int
    not_certified: int
    departments: list[DepartmentExamination]
    unmet: list[tuple[str, int]]


def summarise_examination(
    assessment: Assessment,
    persons: list[PersonResult],
    parameters: CertificationParameters | None,
) -> ExaminationSummary:
    """Counts per status, per department (in the assessment's order) and per unmet criterion
    (most common first, then by name)."""
    required = parameters.min_certified_per_department if parameters else None
    department_ids = [d.id for d in assessment.departments]
    department_ids += sorted(
        {p.department for p in persons if p.department and p.department not in department_ids}
    )
    departments = [
        DepartmentExamination(
            id=department,
            examined=sum(1 for p in persons if p.department == department),
            certified=sum(
                1 for p in persons if p.department == department and p.status == "certified"
            ),
            required=required,
        )
        for department in department_ids
    ]
    criteria: Counter[str] = Counter()
    for person in persons:
        criteria.update({unmet.criterion for unmet in person.unmet})
    return ExaminationSummary(
        examined=len(persons),
        certified=sum(1 for p in persons if p.status == "certified"),
        expired=sum(1 for p in persons if p.status == "expired"),
        not_certified=sum(1 for p in persons if p.status == "not_certified"),
        departments=departments,
        unmet=sorted(criteria.items(), key=lambda item: (-item[1], item[0])),
    )
