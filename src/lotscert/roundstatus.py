"""Where an assessment's round of workbooks stands: per department and level what is answered
and what is still ``not_assessed``, which workbooks went out and came back, the conflicts
that stopped an import and are still outstanding, and the values an import brought in that the
file no longer holds (the file put back from a backup: the next import of that workbook asks).

Every department gets a line of its own (:class:`DepartmentState`): the requirements it
answers (its own list, or every requirement when it has none — as ``export xlsx
--department`` gives it), the persons it has, the metrics it owns and which of them have no
value yet, and its workbooks out and back.

Pure: the assessment, its catalogue and the round's record (:mod:`lotscert.round`) in, a
:class:`RoundStatus` out. The CLI (``lotscert status``) prints it or writes it as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lotscert.models.assessment import Assessment, Department
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.round import conflict_text


@dataclass(frozen=True)
class LevelCount:
    """One department's (or the whole assessment's) requirements on one level."""

    department: str | None  # None: the whole assessment
    level: str
    answered: list[str]
    not_assessed: list[str]


@dataclass(frozen=True)
class DepartmentState:
    """One department's part of the round."""

    department: str
    name: str
    own_list: bool  # False: no requirements of its own listed; it answers every requirement
    answered: list[str]
    not_assessed: list[str]
    persons: int  # persons (pilots) of this department in the register
    metrics: list[str]  # the metrics it owns
    metrics_missing: list[str]  # owned metrics without a value in the assessment
    workbooks_sent: int
    workbooks_back: int  # of those, how many came back (imported at least once)


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
    #: the places whose value an import of this workbook brought in and the file no longer
    #: holds (put back from a backup, reverted, changed since): its next import asks
    not_in_file: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RoundStatus:
    """The round at a glance."""

    municipality: str
    period: int
    kind: str
    levels: list[LevelCount] = field(default_factory=list)
    workbooks: list[WorkbookState] = field(default_factory=list)
    record_unreadable: bool = False
    departments: list[DepartmentState] = field(default_factory=list)

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


def _department(
    assessment: Assessment,
    catalog: Catalog,
    department: Department,
    workbooks: list[WorkbookState],
) -> DepartmentState:
    wanted = set(department.requirements)
    ids = [r.id for r in catalog.requirements if not wanted or r.id in wanted]
    answered = [
        i
        for i in ids
        if i in assessment.responses and assessment.responses[i].status != "not_assessed"
    ]
    own_books = [book for book in workbooks if book.department == department.id]
    return DepartmentState(
        department=department.id,
        name=department.name,
        own_list=bool(wanted),
        answered=answered,
        not_assessed=[i for i in ids if i not in answered],
        persons=sum(1 for person in assessment.persons if person.department == department.id),
        metrics=list(department.metrics),
        metrics_missing=[m for m in department.metrics if m not in assessment.metrics],
        workbooks_sent=len(own_books),
        workbooks_back=sum(1 for book in own_books if book.returned),
    )


def _not_in_file(dumped: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    """The places (``responses.P1.maturity``) whose value the record says an import of this
    workbook brought in — not one the office kept the file's value over — and the file no
    longer holds, or (a removal: the record holds None) holds again (``dumped``: the
    assessment's model dump). (The file is the truth; the record only remembers.)"""
    from lotscert.excel.threeway import (
        Scope,
        canonical_places,
        place_name,
        places_of,
        removes_entry,
    )

    merged, brought, declined = (entry.get(name) for name in ("merged", "brought", "declined"))
    if not isinstance(merged, list) or not isinstance(brought, list):
        return []

    def key(place: list[Any]) -> tuple[str, ...]:
        return tuple(str(part) for part in place)

    by_place = {key(place): values for place, values in brought}
    kept_out = {key(place): values for place, values in declined or []}
    remembered = {
        key(place): value
        for place, value in merged
        if len(place) >= 3  # (a record edited by hand may hold anything of the right form)
        and place[0] in ("responses", "persons", "metrics")
        # a value brought in, or (None) a value of the export the workbook removed
        and (value is None or value in by_place.get(key(place), ()))
        and value not in kept_out.get(key(place), ())
    }
    if not remembered:
        return []
    keys: dict[str, list[str]] = {"responses": [], "persons": [], "metrics": []}
    for place in remembered:
        if place[1] not in keys[place[0]]:
            keys[place[0]].append(place[1])
    scope = Scope(tuple(keys["responses"]), tuple(keys["persons"]), tuple(keys["metrics"]))
    now = canonical_places(places_of(dumped, scope))
    missing = [place for place, value in remembered.items() if now.get(place) != value]
    # a whole answer, person or metric removed and back in the file (or brought in and no
    # longer in the file) is one place, as the import asks about it
    whole = {
        place[:2]
        for place in missing
        if removes_entry(place) and (remembered[place] is None or now.get(place) is None)
    }
    return [
        place_name(place) for place in missing if place[:2] not in whole or removes_entry(place)
    ]


def round_status(
    assessment: Assessment, catalog: Catalog, record: dict[str, Any], lang: Language = "sv"
) -> RoundStatus:
    """The round's status from the assessment and its record (conflicts in ``lang``)."""
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
    dumped: dict[str, Any] | None = None
    for key, entry in sorted(entries, key=lambda item: str(item[1].get("exported") or "")):
        if dumped is None and isinstance(entry.get("merged"), list):
            dumped = assessment.model_dump()
        imports = [item for item in entry.get("imports") or [] if isinstance(item, dict)]
        workbooks.append(
            WorkbookState(
                workbook_id=str(key),
                file=entry.get("file"),
                department=entry.get("department"),
                levels=[str(level) for level in entry.get("levels") or []],
                exported=entry.get("exported"),
                returned=[str(item.get("at")) for item in imports],
                conflicts=[conflict_text(line, lang) for line in entry.get("conflicts") or []],
                not_in_file=[] if dumped is None else _not_in_file(dumped, entry),
            )
        )
    return RoundStatus(
        municipality=assessment.municipality.name,
        period=assessment.period,
        kind=assessment.kind,
        levels=levels,
        workbooks=workbooks,
        record_unreadable=bool(record.get("unreadable")),
        departments=[
            _department(assessment, catalog, department, workbooks)
            for department in assessment.departments
        ],
    )
