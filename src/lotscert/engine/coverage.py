"""Function coverage (DESIGN §3, Function coverage) and its findings.

Every department listed in the assessment needs ``min_certified_per_department`` certified
pilots, and every area in ``specialist_areas`` at least one certified specialist. Each hole is a
minor nonconformity on the level where the catalogue keeps the function's process.

Which level that is: DESIGN §3 names the ``process`` level, so a catalogue with a level of that
id gets the findings there. A catalogue without one gets them on its first level that is not
``person`` (a coverage hole is about the organisation, not about one person's competence), or
on its first level when that is all there is. No other level id is assumed.
"""

from __future__ import annotations

from decimal import Decimal

from lotscert.engine.persons import natural_key
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog, CertificationParameters
from lotscert.models.result import AreaCoverage, Coverage, DepartmentCoverage, Finding, PersonResult

PREFERRED_COVERAGE_LEVEL = "process"
PERSON_LEVEL = "person"


def coverage_level(catalog: Catalog) -> str:
    """The level id coverage findings are put on (see the module's docstring)."""
    ids = [level.id for level in catalog.levels]
    if PREFERRED_COVERAGE_LEVEL in ids:
        return PREFERRED_COVERAGE_LEVEL
    for level_id in ids:
        if level_id != PERSON_LEVEL:
            return level_id
    return ids[0]


def compute_coverage(
    assessment: Assessment, parameters: CertificationParameters, persons: list[PersonResult]
) -> Coverage:
    """Certified pilots per department and certified specialists per required area."""
    certified = [person for person in persons if person.status == "certified"]
    departments = []
    for department in assessment.departments:
        in_department = sorted(
            (person.id for person in certified if person.department == department.id),
            key=natural_key,
        )
        departments.append(
            DepartmentCoverage(
                id=department.id,
                name=department.name,
                certified=in_department,
                required=parameters.min_certified_per_department,
                covered=len(in_department) >= parameters.min_certified_per_department,
            )
        )
    areas = []
    for area in parameters.specialist_areas:
        specialists = sorted(
            (person.id for person in certified if area in person.specialist_areas),
            key=natural_key,
        )
        areas.append(AreaCoverage(id=area, specialists=specialists, covered=bool(specialists)))
    return Coverage(departments=departments, specialist_areas=areas)


def coverage_findings(coverage: Coverage, level: str) -> list[Finding]:
    """A minor nonconformity for each department or area not covered, in the order listed."""
    findings = [
        Finding(
            grade="minor",
            kind="department_coverage",
            requirement=None,
            level=level,
            cornerstone=None,
            concerns=department.id,
            weight=Decimal(1),
            details={"certified": len(department.certified), "required": department.required},
        )
        for department in coverage.departments
        if not department.covered
    ]
    findings.extend(
        Finding(
            grade="minor",
            kind="specialist_coverage",
            requirement=None,
            level=level,
            cornerstone=None,
            concerns=area.id,
            weight=Decimal(1),
            details={"specialists": len(area.specialists), "required": 1},
        )
        for area in coverage.specialist_areas
        if not area.covered
    )
    return findings
