"""Where an assessment's round of workbooks stands: per department and level what is answered
and what is still ``not_assessed``, which workbooks went out and came back, and the conflicts
that stopped an import and are still outstanding.

Pure: the assessment, its catalogue and the round's record (:mod:`lotscert.round`) in, a
:class:`RoundStatus` out. The CLI (``lotscert status``) prints it or writes it as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog


@dataclass(frozen=True)
class LevelCount:
    """One department's (or the whole assessment's) requirements on one level."""

    department: str | None  # None: the whole assessment
    level: str
    answered: list[str]
    not_assessed: list[str]


@dataclass(frozen=True)
class WorkbookState:
    """One workbook sent out (or one that came back without being noted at export)."""

    workbook_id: str
    file: str | None
    department: str | None
    levels: list[str]
    exported: str | None
    returned: list[str]  # when each import of it succeeded
    conflicts: list[str]


@dataclass(frozen=True)
class RoundStatus:
    """The round at a glance."""

    municipality: str
    period: int
    kind: str
    levels: list[LevelCount] = field(default_factory=list)
    workbooks: list[WorkbookState] = field(default_factory=list)
    record_unreadable: bool = False

    @property
    def outstanding_conflicts(self) -> int:
        """Conflicts noted by imports that have not been settled since."""
        return sum(len(workbook.conflicts) for workbook in self.workbooks)

    def to_json(self) -> dict[str, Any]:
        """The status as plain data (for ``--format json``)."""
        data = asdict(self)
        data["outstanding_conflicts"] = self.outstanding_conflicts
        return data


def _counts(
    assessment: Assessment, catalog: Catalog, department: str | None, wanted: set[str] | None
) -> list[LevelCount]:
    counts = []
    for level in catalog.levels:
        ids = [
            r.id
            for r in catalog.requirements
            if r.level == level.id and (wanted is None or r.id in wanted)
        ]
        if not ids:
            continue
        answered = [
            i
            for i in ids
            if i in assessment.responses and assessment.responses[i].status != "not_assessed"
        ]
        missing = [i for i in ids if i not in answered]
        counts.append(LevelCount(department, level.id, answered, missing))
    return counts


def round_status(assessment: Assessment, catalog: Catalog, record: dict[str, Any]) -> RoundStatus:
    """The round's status from the assessment and its record."""
    levels = _counts(assessment, catalog, None, None)
    for department in assessment.departments:
        if department.requirements:  # a department without a list answers "everything"
            levels += _counts(assessment, catalog, department.id, set(department.requirements))
    workbooks = []
    entries = [
        (key, value)
        for key, value in record.get("workbooks", {}).items()
        if isinstance(value, dict)
    ]
    for key, entry in sorted(entries, key=lambda item: str(item[1].get("exported") or "")):
        imports = [item for item in entry.get("imports") or [] if isinstance(item, dict)]
        workbooks.append(
            WorkbookState(
                workbook_id=str(key),
                file=entry.get("file"),
                department=entry.get("department"),
                levels=[str(level) for level in entry.get("levels") or []],
                exported=entry.get("exported"),
                returned=[str(item.get("at")) for item in imports],
                conflicts=[str(line) for line in entry.get("conflicts") or []],
            )
        )
    return RoundStatus(
        municipality=assessment.municipality.name,
        period=assessment.period,
        kind=assessment.kind,
        levels=levels,
        workbooks=workbooks,
        record_unreadable=bool(record.get("unreadable")),
    )
