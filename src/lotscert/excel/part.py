"""Which part of an assessment a workbook carries: all of it, some levels, or one department's.

A department's checklist (``export xlsx --department ID``) holds exactly what it answers: the
requirements listed for it in the assessment (``departments[].requirements``; all of the chosen
levels when none are listed), its own persons, and the metrics it owns
(``departments[].metrics``) — and no Personer or Mått sheet when it has none, so there is
nothing of anyone else's it could change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lotscert.errors import CatalogError
from lotscert.excel.layout import say
from lotscert.excel.threeway import Scope
from lotscert.models.assessment import Assessment, Department
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language


@dataclass(frozen=True)
class Part:
    """The requirements (in catalogue order), persons and metrics a workbook carries; None
    for persons or metrics: no such sheet."""

    department: str | None
    requirements: tuple[str, ...]
    persons: tuple[str, ...] | None
    metrics: tuple[str, ...] | None

    @property
    def scope(self) -> Scope:
        """The places the workbook's base covers."""
        return Scope(self.requirements, self.persons, self.metrics)

    def levels(self, catalog: Catalog, chosen: Sequence[str]) -> list[str]:
        """The chosen levels that have a sheet: for a department, those with any of its
        requirements."""
        if self.department is None:
            return list(chosen)
        wanted = set(self.requirements)
        return [
            level
            for level in chosen
            if any(r.level == level and r.id in wanted for r in catalog.requirements)
        ]

    def view(self, assessment: Assessment) -> Assessment:
        """The assessment as the workbook shows it: only this part's persons and metrics."""
        if self.department is None:
            return assessment
        persons = set(self.persons or ())
        metrics = set(self.metrics or ())
        return assessment.model_copy(
            update={
                "persons": [p for p in assessment.persons if p.id in persons],
                "metrics": {k: v for k, v in assessment.metrics.items() if k in metrics},
            }
        )


def find_department(assessment: Assessment, department_id: str, lang: Language) -> Department:
    """The assessment's department with this id, or a :class:`CatalogError` naming those it has."""
    for department in assessment.departments:
        if department.id == department_id.strip():
            return department
    known = ", ".join(d.id for d in assessment.departments) or say(lang, "inga", "none")
    raise CatalogError(
        say(
            lang,
            f"förvaltningen {department_id!r} finns inte i bedömningen (förvaltningar: {known})",
            f"department {department_id!r} is not in the assessment (departments: {known})",
        )
    )


def choose_part(
    assessment: Assessment,
    catalog: Catalog,
    chosen_levels: Sequence[str],
    department_id: str | None,
    lang: Language,
) -> Part:
    """The part of ``assessment`` a workbook for ``chosen_levels`` (and a department) carries."""
    in_levels = [r.id for r in catalog.requirements if r.level in set(chosen_levels)]
    if department_id is None:
        return Part(
            None,
            tuple(in_levels),
            tuple(p.id for p in assessment.persons),
            tuple(assessment.metrics),
        )
    department = find_department(assessment, department_id, lang)
    listed = set(department.requirements)
    unknown = [r for r in department.requirements if r not in catalog.requirements_by_id]
    if unknown:  # a typo would leave the requirement on nobody's checklist
        ids = ", ".join(unknown)
        raise CatalogError(
            say(
                lang,
                f"förvaltningen {department.id}:s lista (requirements) har krav-id som inte finns "
                f"i katalogen {catalog.ref}: {ids}; rätta listan (lotscert validate visar var)",
                f"department {department.id}'s list (requirements) has requirement ids the "
                f"catalogue {catalog.ref} does not have: {ids}; correct the list (lotscert "
                "validate shows where)",
            )
        )
    metric_keys = {r.metric.key for r in catalog.requirements if r.metric is not None}
    unknown = [k for k in department.metrics if k not in metric_keys | set(assessment.metrics)]
    if unknown:  # a typo would give a blank row under the wrong key
        keys = ", ".join(unknown)
        raise CatalogError(
            say(
                lang,
                f"förvaltningen {department.id}:s lista (metrics) har mått som varken katalogen "
                f"{catalog.ref} eller filen har: {keys}; rätta listan (lotscert validate visar "
                "var)",
                f"department {department.id}'s list (metrics) has metrics neither the catalogue "
                f"{catalog.ref} nor the file has: {keys}; correct the list (lotscert validate "
                "shows where)",
            )
        )
    requirements = tuple(r for r in in_levels if not listed or r in listed)
    if not requirements:
        raise CatalogError(
            say(
                lang,
                f"förvaltningen {department.id} har inga krav på de valda nivåerna",
                f"department {department.id} has no requirements on the chosen levels",
            )
        )
    persons = tuple(p.id for p in assessment.persons if p.department == department.id)
    metrics = tuple(dict.fromkeys(department.metrics))
    return Part(department.id, requirements, persons or None, metrics or None)
