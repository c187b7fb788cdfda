"""Merging a returned workbook into the assessment file: three-way, locked, re-checked.

:func:`import_workbook` reads the workbook first (every cell checked, nothing held), then takes
the file's lock (:func:`lotscert.atomic.edit_in_place`), reads the file, merges what the
workbook changed against the values it was exported with (:mod:`.threeway`), records who
answered (provenance), and writes the file back only if it is still byte for byte what was
read. The round's record is read and written in the same step, under the file's lock (see
:mod:`lotscert.round`). A conflict stops the import with every conflicting cell listed, unless
the run says which side wins (``prefer``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from lotscert.atomic import (
    InPlaceEdit,
    backup_path,
    edit_in_place,
    signals_held,
    write_bytes_atomic,
)
from lotscert.diagnostics import Diagnostic, sort_diagnostics
from lotscert.errors import AssessmentError, Location, LotscertError, WorkbookError
from lotscert.excel import layout
from lotscert.excel.audit_extras import AUDIT_KEY, restore_extras
from lotscert.excel.changes import diff
from lotscert.excel.importer import (
    ImportReport,
    WorkbookContent,
    check_same_assessment,
    read_workbook,
)
from lotscert.excel.layout import say
from lotscert.excel.problems import WorkbookProblems
from lotscert.excel.stalestamps import without_stale_stamps
from lotscert.excel.threeway import (
    PRESENT,
    Conflict,
    MergeOutcome,
    Place,
    Prefer,
    canonical_places,
    merge_three_way,
    place_name,
    places_of,
    removes_entry,
)
from lotscert.labels import label
from lotscert.models.assessment import (
    AnsweredBy,
    Assessment,
    Assessor,
    Department,
    Municipality,
)
from lotscert.models.common import Language
from lotscert.oserrors import os_reason
from lotscert.plaintext import escape_unprintable
from lotscert.round import RecordError, RecordStep
from lotscert.yamlsource import Source


class MergeConflicts(WorkbookProblems):
    """Values changed both in the file (since the export) and in the workbook; ``conflicts``
    are their lines (``problems`` also holds the workbook's other problems, if any)."""

    def __init__(self, problems: list[str], summary: str, conflicts: list[str]) -> None:
        super().__init__(problems, summary)
        self.conflicts = conflicts

    #: The conflict lines in Swedish and in English (kept in the round's record, which
    #: ``status`` shows in the language of its own run).
    both_languages: tuple[list[str], list[str]] | None = None
    #: Why the round's record could not note the conflicts, if it could not.
    record_problem: str | None = None


def header_assessment(content: WorkbookContent) -> Assessment:
    """A new assessment with the header the workbook carries (for a file that does not exist)."""
    meta = content.metadata
    return Assessment(
        catalog=content.catalog.ref,
        municipality=Municipality(code=meta["municipality_code"], name=meta["municipality_name"]),
        period=int(meta["period"]),
        kind=meta["kind"],
        date=dt.date.fromisoformat(meta["date"]),
        assessors=[Assessor.model_validate(a) for a in json.loads(meta["assessors"])],
        departments=[Department.model_validate(d) for d in json.loads(meta["departments"])],
        publishable={"true": True, "false": False}.get(meta.get("publishable", "")),
    )


def workbook_places(content: WorkbookContent) -> tuple[dict[Place, Any], Any]:
    """The workbook's values by place, and the scope widened by the rows it added (worked out
    once per workbook read: a 2 000-person checklist has a quarter of a million places)."""
    cached = content.__dict__.get("_places")
    if cached is None:
        cached = content.__dict__["_places"] = _workbook_places(content)
    places: dict[Place, Any] = cached[0]
    return places, cached[1]


def _workbook_places(content: WorkbookContent) -> tuple[dict[Place, Any], Any]:
    data: dict[str, Any] = {
        "responses": {
            key: response.model_dump()
            for key, response in content.responses.items()
            if response is not None
        },
        "persons": [person.model_dump() for person in content.persons or []],
        "metrics": {key: metric.model_dump() for key, metric in (content.metrics or {}).items()},
    }
    scope = content.scope.widened(
        (person.id for person in content.persons or []), content.metrics or {}
    )
    return places_of(data, scope), scope


def _within(places: dict[Place, Any], scope: Any) -> dict[Place, Any]:
    """The base's places the workbook was read for (``--only-level`` reads fewer)."""
    requirements = set(scope.requirements)
    persons = set(scope.persons or ()) if scope.persons is not None else None
    metrics = set(scope.metrics or ()) if scope.metrics is not None else None
    kept: dict[Place, Any] = {}
    for place, value in places.items():
        kind, key = place[0], place[1]
        if (
            (kind == "responses" and key in requirements)
            or (kind == "persons" and persons is not None and key in persons)
            or (kind == "metrics" and metrics is not None and key in metrics)
        ):
            kept[place] = value
    return kept


@dataclasses.dataclass(frozen=True)
class EarlierImport:
    """Earlier versions of the same workbook, imported before (from the round's record): the
    values as the last import left them, every value any of them brought in, and every value
    of theirs the office kept the file's value over (``--ours``), by place."""

    values: dict[Place, Any]
    brought: dict[Place, list[Any]]
    declined: dict[Place, list[Any]] = dataclasses.field(default_factory=dict)


def earlier_import(
    merged: list[list[Any]] | None,
    brought: list[list[Any]] | None,
    declined: list[list[Any]] | None = None,
) -> EarlierImport | None:
    """What the round's record says of earlier versions (None when there was none)."""
    if merged is None:
        return None
    return EarlierImport(
        {tuple(place): value for place, value in merged},
        {tuple(place): list(values) for place, values in brought or []},
        {tuple(place): list(values) for place, values in declined or []},
    )


def _canonical_read(content: WorkbookContent) -> dict[Place, Any]:
    cached = content.__dict__.get("_canonical")
    if cached is None:
        cached = content.__dict__["_canonical"] = canonical_places(workbook_places(content)[0])
    result: dict[Place, Any] = cached
    return result


def after_import(
    content: WorkbookContent, earlier: EarlierImport | None, file_won: dict[Place, Any]
) -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
    """The record of this import for the next version of the workbook: the values as it
    leaves them (what the earlier ones left, or the export, with this version's own values
    where it was read), every value any version brought in, and every value of the workbook
    the office kept the file's value over.

    Where the file won a conflict (``--ours``, ``file_won``): when the file's value is one an
    earlier version of this workbook brought in, the office chose that version's value, and it
    is where the workbook stands, and this workbook's own value is noted as declined (so it is
    not asked about again); otherwise the file's value is the office's own, the
    workbook's value stands (so the same workbook imported again is no conflict) and is
    noted as declined — it was never brought in, and is not asked about again."""
    before = content.base.places if earlier is None else earlier.values
    scope = workbook_places(content)[1]
    covered = _within(before, scope)
    kept = {place: value for place, value in before.items() if place not in covered}
    read = _canonical_read(content)
    kept.update(read)
    for place in _within(content.base.places, scope):
        if read.get(place) is None:
            # a value of the export this workbook removes: noted (as None) so that status can
            # tell when the file holds it again, as the next import asks
            kept[place] = None
    brought = {} if earlier is None else {p: list(v) for p, v in earlier.brought.items()}
    declined = {} if earlier is None else {p: list(v) for p, v in earlier.declined.items()}
    for place, value in file_won.items():
        if value in brought.get(place, ()):
            # the workbook's own value is kept out too: the same workbook imported again (an
            # older version, a colleague's copy) is then no conflict, however often it comes
            own = kept.get(place)
            kept[place] = value
            if own != value and own not in declined.setdefault(place, []):
                declined[place].append(own)
        elif kept.get(place) not in declined.setdefault(place, []):
            declined[place].append(kept.get(place))
    exported = content.base.places
    for place, value in kept.items():
        if value is None:
            continue  # a removal: remembered in the values it leaves, not as a value brought
        if value == exported.get(place) or value in declined.get(place, ()):
            continue  # the export's value, or one the file kept out: not brought in
        if value not in brought.setdefault(place, []):
            brought[place].append(value)
    return (
        [[list(place), value] for place, value in kept.items()],
        [[list(place), values] for place, values in brought.items() if values],
        [[list(place), values] for place, values in declined.items() if values],
    )


def merge_content(
    content: WorkbookContent,
    current: Assessment | None,
    prefer: Prefer = None,
    earlier: EarlierImport | None = None,
) -> MergeOutcome:
    """The three-way merge of the workbook into ``current`` (a new file when None), against
    the values it was exported with (and ``earlier``: see :func:`earlier_values`)."""
    read, scope = workbook_places(content)
    if current is None:
        # Nothing to merge with: every value the workbook holds is taken, and the audit's own
        # records (which have no cells) come from the workbook's metadata.
        outcome = merge_three_way({}, header_assessment(content), read, scope, prefer)
        extras = json.loads(content.metadata.get(AUDIT_KEY, "{}"))
        outcome.assessment = restore_extras(outcome.assessment, extras)
        return outcome
    against = _within(content.base.places, scope)
    before = None if earlier is None else _within(earlier.values, scope)
    brought = None if earlier is None else earlier.brought
    declined = None if earlier is None else earlier.declined
    return merge_three_way(
        against, current, read, scope, prefer, _canonical_read(content), before, brought, declined
    )


def changed_since(content: WorkbookContent, earlier: EarlierImport | None) -> bool:
    """Whether the workbook holds any value other than what it was merged against last (the
    export, or what an earlier version of it brought in)."""
    scope = workbook_places(content)[1]
    before = _within(content.base.places if earlier is None else earlier.values, scope)
    read = _canonical_read(content)
    return any(read.get(place) != value for place, value in before.items()) or any(
        place not in before for place, value in read.items() if value is not None
    )


def apply_content(content: WorkbookContent, base: Assessment | None) -> Assessment:
    """The assessment after the workbook's changes are merged into ``base``; raises
    :class:`MergeConflicts` when both changed the same value."""
    outcome = merge_content(content, base)
    if outcome.conflicts:
        lines = conflict_lines(content, outcome.conflicts, "sv")
        raise MergeConflicts(lines, f"{len(lines)} konflikter", lines)
    return outcome.assessment


def _cell(content: WorkbookContent, place: Place) -> str:
    """``Bok.xlsx!Process!F7`` for a place (the sheet alone when its row is gone)."""
    from openpyxl.utils import get_column_letter

    display = content.display
    kind, key, rest = place[0], place[1], place[2:]
    found = content.rows.get((kind, key))
    if found is None:  # its row is gone: the sheet it was on
        return f"{display}!{_sheet_of(content, kind, key)}"
    sheet, row = found
    column = 1
    if kind == "responses":
        name = {"text": "action"}.get(rest[-1], rest[-1]) if rest[0] == "action" else rest[0]
        keys = [column.key for column in layout.REQUIREMENT_COLUMNS]
        column = keys.index(name) + 1 if name in keys else 1
    elif kind == "metrics":
        keys = [column.key for column in layout.METRIC_COLUMNS]
        column = keys.index(rest[0]) + 1 if rest[0] in keys else 1
    else:
        column = _person_column(content, rest)
    return f"{display}!{sheet}!{get_column_letter(column)}{row}"


def _sheet_of(content: WorkbookContent, kind: str, key: str) -> str:
    """The sheet an answer, person or metric has its row on."""
    if kind == "persons":
        return layout.persons_sheet_name(content.lang)
    if kind == "metrics":
        return layout.metrics_sheet_name(content.lang)
    requirement = content.catalog.requirements_by_id.get(key)
    sheets: dict[str, str] = json.loads(content.metadata.get("level_sheets", "{}"))
    return sheets.get(requirement.level, "") if requirement is not None else ""


def _person_column(content: WorkbookContent, rest: Place) -> int:
    meta = content.metadata
    languages: list[str] = json.loads(meta["person_languages"])
    areas: list[str] = json.loads(meta["person_areas"])
    modules: list[str] = json.loads(meta["person_modules"])
    fixed = [column.key for column in layout.PERSON_FIXED_COLUMNS]
    first_language = len(fixed) + 1
    first_area = first_language + len(languages)
    first_module = first_area + len(areas)
    exam_score = first_module + len(modules)
    if rest[0] in fixed:
        return fixed.index(rest[0]) + 1
    if rest[0] == "languages" and rest[1] in languages:
        return first_language + languages.index(rest[1])
    if rest[0] == "competences" and rest[1] in areas:
        return first_area + areas.index(rest[1])
    if rest[:2] == ("training", "modules") and rest[2] in modules:
        return first_module + modules.index(rest[2])
    if rest[:2] == ("training", "exam_score"):
        return exam_score
    if rest[:2] == ("training", "exam_date"):
        return exam_score + 1
    return 1


def _show(value: Any, place: Place, lang: Language) -> str:
    if place[-1] == PRESENT:
        return say(lang, "raden finns", "its row") if value else say(lang, "ingen rad", "no row")
    if value is None:
        return "—"
    if place[-1] == "status" and isinstance(value, str):
        return label("status", value, lang)
    if place[-1] == "evidence" and isinstance(value, list):
        from lotscert.excel.evidence_cell import format_evidence_cell
        from lotscert.models.assessment import Evidence

        try:  # as the Underlag cell shows it
            items = [Evidence.model_validate(item) for item in value]
        except ValueError:
            pass
        else:
            # numbered: " | " separates an item's note in the cell, so it cannot join items
            lines = format_evidence_cell(items, lang).splitlines()
            return " ".join(f"[{number}] {line}" for number, line in enumerate(lines, 1))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_REMOVED_WORDS = {
    "responses": ("svaret är borttaget", "the answer is removed"),
    "persons": ("personen är borttagen", "the person is removed"),
    "metrics": ("måttet är borttaget", "the metric is removed"),
}


def conflict_lines(
    content: WorkbookContent, conflicts: Sequence[Conflict], lang: Language
) -> list[str]:
    """One located line per conflict: the cell, the YAML place, both values. A conflict over a
    whole answer, person or metric (its row, status or value) is one line, not one more per
    value of it."""
    whole = {conflict.place[:2] for conflict in conflicts if removes_entry(conflict.place)}
    lines = []
    for conflict in conflicts:
        place = conflict.place
        if place[:2] in whole and not removes_entry(place):
            continue
        where = _cell(content, place)
        name = place_name(place)
        now = _show(conflict.file, place, lang)
        theirs = _show(conflict.workbook, place, lang)
        was = _show(conflict.base, place, lang)
        removed_sv, removed_en = _REMOVED_WORDS[place[0]]
        if conflict.missing:
            earlier = _show(conflict.earlier, place, lang)
            if conflict.workbook == conflict.earlier:
                text = say(
                    lang,
                    f"en tidigare import av arbetsboken förde in {theirs} (exporten hade {was}), "
                    f"men filen har nu {now} – återställd från en säkerhetskopia, eller ändrad "
                    "efter importen? --theirs för in värdet igen, --ours behåller filens",
                    f"an earlier import of the workbook brought in {theirs} (the export had "
                    f"{was}), but the file now has {now} – put back from a backup, or changed "
                    "after that import? --theirs brings the value in again, --ours keeps the "
                    "file's",
                )
            else:
                text = say(
                    lang,
                    f"en tidigare import av arbetsboken förde in {earlier} (exporten hade {was}), "
                    f"men filen har nu {now}; den här har {theirs} – välj vad som gäller",
                    f"an earlier import of the workbook brought in {earlier} (the export had "
                    f"{was}), but the file now has {now}; this one has {theirs} – choose which "
                    "holds",
                )
        elif conflict.workbook is None and removes_entry(place) and not conflict.again:
            # the workbook removes the whole answer, person or metric (its row or value)
            text = say(
                lang,
                f"{removed_sv} i arbetsboken, men har ändrats i filen sedan exporten",
                f"{removed_en} in the workbook, but has changed in the file since the export",
            )
        elif conflict.again:
            text = say(
                lang,
                f"en tidigare version av arbetsboken förde in {now} (exporten hade {was}); den "
                f"här har {theirs} – en nyare version, en äldre eller en kopia av exporten? "
                "Välj vad som gäller",
                f"an earlier version of the workbook brought in {now} (the export had {was}); "
                f"this one has {theirs} – a newer version, an older one or a copy of the "
                "export? Choose which holds",
            )
        elif conflict.base is None and conflict.file is not None:
            text = say(
                lang,
                f"arbetsboken lägger till {theirs}, men filen har redan {now} (tillagt i filen "
                "efter exporten, eller i en annan förvaltnings arbetsbok)",
                f"the workbook adds {theirs}, but the file already has {now} (added in the file "
                "after the export, or in another department's workbook)",
            )
        else:
            text = say(
                lang,
                f"ändrat både i filen sedan exporten ({was} → {now}) och i arbetsboken "
                f"({was} → {theirs})",
                f"changed both in the file since the export ({was} → {now}) and in the "
                f"workbook ({was} → {theirs})",
            )
        lines.append(f"{where} ({name}): {text}")
    return lines


def _with_provenance(
    outcome: MergeOutcome, content: WorkbookContent, workbook_name: str, now: dt.datetime
) -> Assessment:
    """Every answer the workbook changed records who gave it and when — when the workbook
    knows who: it was made for a department, or a name or role was typed on its first sheet.
    A plain whole-assessment workbook filled in by the office itself records only the
    workbook and the time, and only over an answer a department gave before (whose stamp
    would otherwise name the department for the office's answer).

    Each stamp says which parts of the answer it gave (``fields``). An answer two departments
    share keeps a stamp for each (``also_answered_by``), with the parts still theirs: the
    latest import does not claim the other department's values (see :func:`stamps_after`)."""
    answered: dict[str, list[str]] = {}
    for place in outcome.taken:
        if place[0] == "responses":
            part = place[2]
            parts = answered.setdefault(place[1], [])
            if part not in parts:
                parts.append(part)
    name, role = content.answerer
    if not answered:
        return outcome.assessment
    known = bool(content.department or name or role)
    responses = dict(outcome.assessment.responses)
    for requirement_id, parts in answered.items():
        response = responses.get(requirement_id)
        if response is None or not (known or response.answered_by is not None):
            continue
        stamp = AnsweredBy(
            department=content.department,
            name=name or None,
            role=role or None,
            workbook=escape_unprintable(workbook_name),  # a file name may hold anything
            imported=now,
            fields=[part for part in _ANSWER_FIELDS if part in parts],
        )
        latest, others = stamps_after(response.answered_by, response.also_answered_by, stamp)
        responses[requirement_id] = response.model_copy(
            update={"answered_by": latest, "also_answered_by": others}
        )
    return outcome.assessment.model_copy(update={"responses": responses})


#: The parts of an answer a stamp names, in the workbook's column order.
_ANSWER_FIELDS = ("status", "maturity", "evidence", "comment", "action")


def _same_answerer(first: AnsweredBy, second: AnsweredBy) -> bool:
    """The same department (or, for the office's own workbooks, the same name and role)."""
    if first.department or second.department:
        return first.department == second.department
    return (first.name, first.role) == (second.name, second.role)


def stamps_after(
    latest: AnsweredBy | None, others: Sequence[AnsweredBy], stamp: AnsweredBy
) -> tuple[AnsweredBy, list[AnsweredBy]]:
    """The answer's stamps once ``stamp`` gave the parts it names: ``stamp`` is the latest; an
    earlier stamp of the same answerer is folded into it (its parts joined); another's keeps
    only the parts ``stamp`` did not give, and goes when none is left. A stamp without
    ``fields`` (written before they were kept) gave the whole answer as far as is known, so it
    is kept, and folded into a stamp of its own answerer as "the whole answer"."""
    given = set(stamp.fields or ())
    fields: set[str] | None = set(given)
    kept: list[AnsweredBy] = []
    for earlier in [s for s in (latest, *others) if s is not None]:
        if _same_answerer(earlier, stamp):
            fields = (
                None if fields is None or earlier.fields is None else fields | set(earlier.fields)
            )
            continue
        if earlier.fields is None:
            kept.append(earlier)
            continue
        left = [part for part in earlier.fields if part not in given]
        if left:
            kept.append(earlier.model_copy(update={"fields": left}))
    ordered = None if fields is None else [part for part in _ANSWER_FIELDS if part in fields]
    return stamp.model_copy(update={"fields": ordered}), kept


def _refuse_other_departments_persons(
    content: WorkbookContent, current: Assessment, lang: Language
) -> None:
    """A department's workbook changes only its own persons: one it changed (or added) that
    the file has in another department — moved there since the export, or another
    department's id typed on a new row — is refused at its row, and nothing is written."""
    problems = _other_departments_persons(content, current, lang)
    problems += _moved_to_other_departments(content, current, lang)
    if problems:
        count = len(problems)
        raise WorkbookProblems(
            problems,
            say(
                lang,
                f"{count} fel i arbetsboken; inget skrevs",
                f"{count} {'problem' if count == 1 else 'problems'} in the workbook; nothing "
                "was written",
            ),
        )


def _other_departments_persons(
    content: WorkbookContent, current: Assessment | None, lang: Language
) -> list[str]:
    """One located line per person the department's workbook changed that the file has in
    another department (see :func:`_refuse_other_departments_persons`)."""
    own = content.department
    if own is None or content.persons is None or current is None:
        return []
    touched = {place[1] for place in _changed_by_workbook(content) if place[0] == "persons"}
    problems: list[str] = []
    for person in current.persons:
        if person.id in touched and person.department != own:
            where = _cell(content, ("persons", person.id, "department"))
            other = person.department or say(lang, "ingen förvaltning", "no department")
            problems.append(
                f"{where} (persons[{person.id}]): "
                + say(
                    lang,
                    f"personen {person.id} hör till {other} i filen, inte till "
                    f"{own}; {own}:s arbetsbok kan bara ändra {own}:s egna personer",
                    f"person {person.id} belongs to {other} in the file, not to "
                    f"{own}; {own}'s workbook can only change {own}'s own persons",
                )
            )
    return problems


def _moved_to_other_departments(
    content: WorkbookContent, current: Assessment | None, lang: Language
) -> list[str]:
    """One located line per requirement or metric the department's workbook changed that is
    no longer the department's in the file as it is now (the office gave it to another
    department since the export): judged, like persons, by the file, not by the export."""
    own = content.department
    if own is None or current is None:
        return []
    department = next((d for d in current.departments if d.id == own), None)
    if department is None:  # (a department renamed since the export is told elsewhere)
        return []
    sent_metrics = set(content.base.scope.metrics or ())
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for place in sorted(_changed_by_workbook(content), key=str):
        kind, key = str(place[0]), str(place[1])
        if (kind, key) in seen or kind not in ("responses", "metrics"):
            continue
        seen.add((kind, key))
        listing = "requirements" if kind == "responses" else "metrics"
        others = [d.id for d in current.departments if d.id != own and key in getattr(d, listing)]
        if kind == "responses":
            moved = bool(department.requirements) and key not in department.requirements
        else:
            moved = key not in department.metrics and (key in sent_metrics or bool(others))
        if not moved:
            continue
        now_sv = ", ".join(others) if others else "ingen förvaltning"
        now_en = ", ".join(others) if others else "no department"
        what_sv, what_en = (
            (f"kravet {key}", f"requirement {key}")
            if kind == "responses"
            else (f"måttet {key}", f"the metric {key}")
        )
        problems.append(
            f"{_cell(content, place)} ({place_name(place)}): "
            + say(
                lang,
                f"{what_sv} hör nu till {now_sv} i filen ({listing}), inte till {own}; "
                f"{own}:s arbetsbok kan bara ändra det som är {own}:s i filen",
                f"{what_en} now belongs to {now_en} in the file ({listing}), not to {own}; "
                f"{own}'s workbook can only change what is {own}'s in the file",
            )
        )
    return problems


def _entry(path: Sequence[Any], assessment: Assessment) -> tuple[str, str] | None:
    """The answer, person or metric a diagnostic's path names, by id."""
    if len(path) < 2 or path[0] not in ("responses", "persons", "metrics"):
        return None
    if path[0] == "persons":
        index = path[1]
        if not isinstance(index, int) or not 0 <= index < len(assessment.persons):
            return None
        return "persons", assessment.persons[index].id
    return str(path[0]), str(path[1])


def _changed_by_workbook(content: WorkbookContent) -> list[Place]:
    """The places the workbook changed against the values it was given."""
    read = _canonical_read(content)
    given = _within(content.base.places, workbook_places(content)[1])
    return [place for place in {**given, **read} if read.get(place) != given.get(place)]


def _refuse_what_the_workbook_made_wrong(
    content: WorkbookContent,
    changed: Sequence[Place],
    merged: Assessment,
    checks: Sequence[Diagnostic],
    lang: Language,
) -> None:
    """The merged assessment's consistency errors in what the department changed, each at its
    cell (:func:`_merged_problems`): nothing is written."""
    problems = _merged_problems(content, changed, merged, checks, lang)
    if problems:
        count = len(problems)
        raise WorkbookProblems(
            problems,
            say(
                lang,
                f"{count} fel i arbetsboken när svaren förts in; inget skrevs",
                f"{count} {'problem' if count == 1 else 'problems'} in the workbook once its "
                "answers are merged; nothing was written",
            ),
        )


def _merged_problems(
    content: WorkbookContent,
    changed: Sequence[Place],
    merged: Assessment,
    checks: Sequence[Diagnostic],
    lang: Language,
) -> list[str]:
    """The merged assessment's consistency errors (``checks``) in answers, persons and metrics
    the department changed in the workbook (a fulfilled answer without evidence), one located
    line each. Errors the file had before, in what the workbook did not touch, are the file's
    own (the import reports them afterwards, as ``validate`` would)."""
    # What the department changed in the workbook (against what it was given), whether or
    # not the file needed it: an answer it did not touch is the file's own business.
    touched = {(place[0], place[1]) for place in changed}
    problems = []
    for diagnostic in checks:
        if diagnostic.code == "response.missing" and diagnostic.severity == "error":
            # an answer the workbook emptied (its status cleared) that must be there
            for kind, key in sorted(touched):
                if kind == "responses" and key not in merged.responses:
                    status: Place = (kind, key, "status")
                    problems.append(
                        f"{_cell(content, status)} ({place_name(status)}): "
                        + say(
                            lang,
                            "kravet måste ha ett svar; välj Ej bedömt om det inte är bedömt ännu",
                            "the requirement needs an answer; choose Not assessed if it is not "
                            "assessed yet",
                        )
                    )
            continue
        entry = _entry(diagnostic.path, merged)
        if diagnostic.severity != "error" or entry is None or entry not in touched:
            continue
        field = [str(part) for part in diagnostic.path[2:] if not isinstance(part, int)]
        place: Place = (entry[0], entry[1], *(field[:1] or _FIRST_FIELD[entry[0]]))
        where = _cell(content, place)
        words = _WORKBOOK_WORDS.get(diagnostic.code)
        message = say(lang, *words) if words else diagnostic.message(lang)
        problems.append(f"{where} ({place_name(place)}): {message}")
    return problems


def _check_sent_out(
    content: WorkbookContent,
    into_path: Path,
    unrecorded: bool,
    lang: Language,
    record: dict[str, Any] | LotscertError | None = None,
) -> None:
    """Refuse a workbook that is not what the round's record says went out: its base (the
    values it was given) or its department changed since the export — its own digests can be
    recomputed by whoever edits it, the office's record cannot — or one the record does not
    know while it knows others, or any workbook while the record cannot be read (unless
    ``unrecorded``: the office knows the record was lost or started after it went out).
    ``record``: the record as already read (under its lock), or why it could not be; None
    reads it here."""
    from lotscert import round as round_record

    name = round_record.record_path(into_path).name
    where = Location(content.display)
    way_out_sv = (
        f"; togs {name} bort eller skadades efter att arbetsboken skickades ut, för in den "
        "med --unrecorded"
    )
    way_out_en = (
        f"; if {name} was removed or damaged after the workbook was sent out, merge it with "
        "--unrecorded"
    )
    if record is None:
        try:
            record = round_record.load_record(into_path)
        except LotscertError as unreadable:
            record = unreadable
    if isinstance(record, LotscertError):
        if unrecorded:
            return
        error = record
        raise WorkbookError(
            say(
                lang,
                f"rundans logg kan inte läsas ({error.localized('sv')}), så arbetsboken kan "
                "inte jämföras med vad som skickades ut" + way_out_sv,
                f"the round's record cannot be read ({error.localized('en')}), so the workbook "
                "cannot be checked against what was sent out" + way_out_en,
            ),
            where,
        ) from None
    workbook_id = content.metadata["workbook_id"]
    entries = record.get("workbooks")
    entry = entries.get(workbook_id) if isinstance(entries, dict) else None
    if isinstance(entry, dict):
        digest = entry.get("base_sha256")
        if isinstance(digest, str) and digest != content.metadata.get("base_sha256"):
            raise WorkbookError(
                say(
                    lang,
                    f"värdena arbetsboken exporterades med är inte de som skickades ut ({name} "
                    "har en annan SHA-256 för dem): arbetsboken har ändrats; exportera en ny "
                    "arbetsbok och för över svaren",
                    f"the values the workbook was exported with are not those sent out ({name} "
                    "has another SHA-256 for them): the workbook has been changed; export a new "
                    "workbook and carry the answers over",
                ),
                where,
            )
        sent = entry.get("department") or None
        if "department" in entry and sent != content.department:
            raise WorkbookError(
                say(
                    lang,
                    f"arbetsboken skickades ut till {sent or 'hela bedömningen'} ({name}), men "
                    f"säger nu {content.department or 'hela bedömningen'}: den har ändrats; "
                    "exportera en ny arbetsbok",
                    f"the workbook was sent out for {sent or 'the whole assessment'} ({name}), "
                    f"but now says {content.department or 'the whole assessment'}: it has been "
                    "changed; export a new workbook",
                ),
                where,
            )
    elif (
        not unrecorded
        and isinstance(entries, dict)
        and any(isinstance(other, dict) and other.get("exported") for other in entries.values())
    ):  # (the record knows workbooks that went out from this file, and not this one)
        raise WorkbookError(
            say(
                lang,
                f"arbetsboken finns inte bland dem som skickades ut från {into_path.name} "
                f"({name}): den exporterades från en annan fil eller har ändrats" + way_out_sv,
                f"the workbook is not among those sent out from {into_path.name} ({name}): it "
                "was exported from another file or has been changed" + way_out_en,
            ),
            where,
        )
    elif (
        not unrecorded
        and content.department
        and content.metadata.get("base_sha256")
        and into_path.exists()  # (else: told that it only goes into the file it came from)
    ):
        # A department's workbook with a base comes only from an export that noted it in the
        # record: a record that does not know it was removed, or put back from before.
        missing = not round_record.record_path(into_path).exists()
        raise WorkbookError(
            say(
                lang,
                (
                    f"rundans logg {name} saknas"
                    if missing
                    else f"rundans logg {name} känner inte till arbetsboken"
                )
                + f", fast förvaltningen {content.department}s arbetsbok bara kan komma från "
                "en export som skrev in den där: loggen togs bort eller lades tillbaka från en "
                "äldre säkerhetskopia. Lägg tillbaka den senaste loggen, eller för in "
                "arbetsboken med --unrecorded (en senare version som tar tillbaka ett svar kan "
                "då förbigås)",
                (
                    f"the round's record {name} is missing"
                    if missing
                    else f"the round's record {name} does not know the workbook"
                )
                + f", though department {content.department}'s workbook can only come from an "
                "export that noted it there: the record was removed or put back from an older "
                "backup. Put the latest record back, or merge the workbook with --unrecorded (a "
                "later version taking an answer back can then be passed over)",
            ),
            where,
        )


def _refuse_record_behind(
    content: WorkbookContent,
    current: Assessment,
    record: dict[str, Any],
    into_path: Path,
    lang: Language,
) -> None:
    """Refuse a department's workbook when the round's record is older than the file: the file
    holds an answer the department brought in after this workbook went out that the record
    does not know of (the record put back from a backup) — an earlier version's values, which
    a later version may take back, would be passed over."""
    from lotscert import round as round_record

    entries = record.get("workbooks")
    if not content.department or not isinstance(entries, dict):
        return
    entry = entries.get(content.metadata["workbook_id"])
    if not isinstance(entry, dict):
        return
    try:
        exported = dt.datetime.fromisoformat(str(entry.get("exported") or ""))
    except ValueError:
        return
    known: set[dt.datetime] = set()
    for other in entries.values():
        imports = other.get("imports") if isinstance(other, dict) else None
        for item in imports if isinstance(imports, list) else ():
            with contextlib.suppress(AttributeError, TypeError, ValueError):
                known.add(dt.datetime.fromisoformat(item.get("at")))
    for requirement_id, response in current.responses.items():
        for stamp in (response.answered_by, *response.also_answered_by):
            if (
                stamp is None
                or stamp.department != content.department
                or stamp.imported.tzinfo is None
                or exported.tzinfo is None
                or stamp.imported < exported
                or stamp.imported in known
            ):
                continue
            name = round_record.record_path(into_path).name
            when = stamp.imported.isoformat()
            raise WorkbookError(
                say(
                    lang,
                    f"rundans logg {name} är äldre än {into_path.name}: filen har svar som "
                    f"förvaltningen {content.department} förde in {when} "
                    f"({stamp.workbook or 'arbetsbok'}, {requirement_id}) som loggen inte "
                    "känner till – lades den tillbaka från en säkerhetskopia? Lägg tillbaka "
                    "den senaste loggen, eller för in arbetsboken med --unrecorded (en senare "
                    "version som tar tillbaka ett svar kan då förbigås)",
                    f"the round's record {name} is older than {into_path.name}: the file has "
                    f"answers department {content.department} brought in {when} "
                    f"({stamp.workbook or 'workbook'}, {requirement_id}) that the record does "
                    "not know of – was it put back from a backup? Put the latest record back, "
                    "or merge the workbook with --unrecorded (a later version taking an answer "
                    "back can then be passed over)",
                ),
                Location(content.display),
            )


def _refuse_with_every_problem(
    content: WorkbookContent, into_path: Path, earlier: EarlierImport | None, lang: Language
) -> NoReturn:
    """A workbook with problems in its cells: those, and — in the same run — what the rest of
    its answers would make wrong once merged, and the conflicts it has with the file; nothing
    is written (see :func:`_every_problem`)."""
    from lotscert.loading import load_assessment_bytes

    problems, conflicts = list(content.problems), list[str]()
    try:
        current = load_assessment_bytes(into_path.read_bytes(), into_path)
        check_same_assessment(content.metadata, current, content.display, lang)
    except FileNotFoundError:
        problems, conflicts = _every_problem(content, None, earlier, into_path, lang)
    except (OSError, LotscertError):
        pass  # the file's own problem is told once the workbook's are fixed
    else:
        problems, conflicts = _every_problem(content, current, earlier, into_path, lang)
    raise WorkbookProblems(
        problems + conflicts, _every_problem_summary(problems, conflicts, into_path, lang)
    )


def _every_problem_summary(
    problems: list[str], conflicts: list[str], into_path: Path, lang: Language
) -> str:
    count = len(problems)
    summary = say(
        lang,
        f"{count} fel i arbetsboken",
        f"{count} {'problem' if count == 1 else 'problems'} in the workbook",
    )
    if conflicts:
        summary = (summary + say(lang, " och ", " and ")) if problems else ""
        summary += say(
            lang,
            f"{len(conflicts)} {'konflikt' if len(conflicts) == 1 else 'konflikter'} med "
            f"{into_path.name} (välj med --theirs eller --ours när felen är rättade)",
            f"{len(conflicts)} {'conflict' if len(conflicts) == 1 else 'conflicts'} with "
            f"{into_path.name} (choose with --theirs or --ours once the problems are fixed)",
        )
    return summary + say(lang, "; inget skrevs", "; nothing was written")


def _every_problem(
    content: WorkbookContent,
    current: Assessment | None,
    earlier: EarlierImport | None,
    into_path: Path,
    lang: Language,
) -> tuple[list[str], list[str]]:
    """Every problem of a workbook that cannot be merged as it stands (cells that cannot be
    read, conflicts with the file): its cells' problems, what the rest of its answers would
    make wrong once merged, and its conflicts — one run, nothing written. The answers, persons
    and metrics on a row with a problem (or not read at all) are left as they were, and those
    in conflict are not judged (that depends on which side wins), so nothing is reported as a
    consequence of something else."""
    from lotscert.loading import _display
    from lotscert.validation import check_assessment

    workbook, scope = workbook_places(content)
    given = _within(content.base.places, scope)
    before = given if earlier is None or current is None else _within(earlier.values, scope)
    doubtful = _doubtful(content, given)
    read = {
        place: value
        for place, value in _canonical_read(content).items()
        if place[:2] not in doubtful
    }
    if current is None:
        outcome = merge_three_way({}, header_assessment(content), workbook, scope, "workbook", read)
        extras = json.loads(content.metadata.get(AUDIT_KEY, "{}"))
        merged = restore_extras(outcome.assessment, extras)
    else:
        read.update({place: value for place, value in before.items() if place[:2] in doubtful})
        earlier_here = None if earlier is None else before
        brought = None if earlier is None else earlier.brought
        declined = None if earlier is None else earlier.declined
        outcome = merge_three_way(
            given, current, workbook, scope, "workbook", read, earlier_here, brought, declined
        )
        merged = outcome.assessment
    in_conflict = {conflict.place[:2] for conflict in outcome.conflicts}
    changed = [
        place
        for place in {**given, **read}
        if read.get(place) != given.get(place)
        and place[:2] not in doubtful
        and place[:2] not in in_conflict
    ]
    checks = check_assessment(merged, content.catalog, _display(into_path))
    problems = list(content.problems) + _other_departments_persons(content, current, lang)
    problems += _moved_to_other_departments(content, current, lang)
    problems += _merged_problems(content, changed, merged, checks, lang)
    if in_conflict and current is not None:
        # What is wrong in an answer in conflict whichever side wins is told now, too.
        conflicted = [
            place
            for place in {**given, **read}
            if read.get(place) != given.get(place) and place[:2] in in_conflict
        ]
        theirs = _merged_problems(content, conflicted, merged, checks, lang)
        if theirs:
            ours = merge_three_way(
                given, current, workbook, scope, "file", read, earlier_here, brought, declined
            ).assessment
            ours_checks = check_assessment(ours, content.catalog, _display(into_path))
            also = set(_merged_problems(content, conflicted, ours, ours_checks, lang))
            problems += [line for line in theirs if line in also]
    return problems, conflict_lines(content, outcome.conflicts, lang)


def _doubtful(content: WorkbookContent, given: dict[Place, Any]) -> set[Place]:
    """The answers, persons and metrics the workbook could not be read for: a problem on their
    row or their sheet, or their row not read while a sheet of their kind has a problem (the
    row whose id could not be read may be theirs)."""
    if not content.problem_rows:
        return set()
    problem_sheets = {sheet for sheet, _ in content.problem_rows}
    sheets_in_doubt = {sheet for sheet, row in content.problem_rows if row is None}
    doubtful: set[Place] = set()
    sheets_of: dict[str, set[str]] = {}
    for (kind, key), (sheet, row) in content.rows.items():
        sheets_of.setdefault(kind, set()).add(sheet)
        if (sheet, row) in content.problem_rows or sheet in sheets_in_doubt:
            doubtful.add((kind, key))
    for place in given:
        kind, key = place[0], place[1]
        if (kind, key) not in content.rows:
            sheets = sheets_of.get(kind)
            if not sheets or sheets & problem_sheets:
                doubtful.add((kind, key))
    return doubtful


#: The consistency rules a workbook user meets, in the workbook's words (columns, drop-down
#: entries) rather than the YAML file's.
_WORKBOOK_WORDS: dict[str, tuple[str, str]] = {
    "response.fulfilled_without_evidence": (
        "Uppfyllt kräver minst ett underlag i kolumnen Underlag",
        "Fulfilled needs at least one item in the Evidence column",
    ),
    "response.na_without_comment": (
        "Ej tillämpligt kräver en kommentar i kolumnen Kommentar som säger varför",
        "Not applicable needs a comment in the Comment column saying why",
    ),
    "response.maturity_missing": (
        "statusen kräver en mognad; välj en i kolumnen Mognad",
        "the status needs a maturity; choose one in the Maturity column",
    ),
}

#: The cell a problem with a whole answer, person or metric is shown at.
_FIRST_FIELD: dict[str, tuple[str, ...]] = {
    "responses": ("status",),
    "persons": ("present",),
    "metrics": ("value",),
}


def _decode(raw: bytes, path: Path) -> tuple[str, bool, str]:
    """The file's text with ``\\n`` line endings, whether it had Windows line endings, and its
    byte order mark ("" when none)."""
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        raise AssessmentError(str(error), Location(str(path))) from None
    mark = ""
    if text.startswith("\ufeff"):
        mark, text = "\ufeff", text[1:]
    return text, b"\r\n" in raw, mark


def import_workbook(
    workbook_path: Path,
    into_path: Path,
    dry_run: bool = False,
    only_level: Sequence[str] = (),
    *,
    catalog_paths: Sequence[Path | str] = (),
    lang: Language = "sv",
    prefer: Prefer = None,
    now: dt.datetime | None = None,
    unrecorded: bool = False,
) -> ImportReport:
    """Read ``workbook_path``, check every cell, and merge what it changed into ``into_path``.

    Raises :class:`WorkbookProblems` (every problem, located), :class:`MergeConflicts` (every
    conflict, located; settle them with ``prefer="workbook"`` or ``"file"``) or another
    :class:`~lotscert.errors.LotscertError`; then nothing is written. With ``dry_run`` the
    changes are computed and returned but nothing is written. An existing file is kept as
    ``NAME.bak`` (or a timestamped ``NAME.<time>.bak`` when that exists). The file is locked
    while it is read, merged and written, and written only if it is still what was read; the
    round's record is read and written in the same step (one that cannot be locked or written
    stops the import before anything is written). ``unrecorded`` merges a workbook the
    round's record does not know, or cannot tell about.
    """
    workbook_path, into_path = Path(workbook_path), Path(into_path)
    from lotscert import round as round_record

    content = read_workbook(
        workbook_path,
        None,
        only_levels=only_level,
        catalog_paths=catalog_paths,
        lang=lang,
        salvage=True,
    )
    moment = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    workbook_id = content.metadata["workbook_id"]
    _check_sent_out(content, into_path, unrecorded, lang)
    if content.department and not into_path.exists():
        raise WorkbookError(
            say(
                lang,
                f"arbetsboken är förvaltningen {content.department}s del av en bedömning och "
                f"kan bara föras in i bedömningsfilen den exporterades från; {into_path} finns "
                "inte (fel sökväg?)",
                f"the workbook is department {content.department}'s part of an assessment and "
                f"can only be merged into the assessment file it was exported from; {into_path} "
                "does not exist (wrong path?)",
            ),
            Location(str(into_path)),
        )
    if content.problems or dry_run:  # nothing is written: the record is only read
        record = round_record.read_record(into_path)
        earlier = _earlier(record, workbook_id)
        if content.problems:
            _refuse_with_every_problem(content, into_path, earlier, lang)
        try:
            raw: bytes | None = into_path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as error:
            raise AssessmentError(
                f"kan inte läsas: {os_reason(error, 'sv')}",
                Location(str(into_path)),
                en=f"cannot be read: {os_reason(error, 'en')}",
            ) from None
        return _merge_and_write(
            content,
            workbook_path,
            into_path,
            raw,
            None,
            lang,
            prefer,
            moment,
            earlier,
            record=None if unrecorded else record,
        )
    # The file and the round's record are read, merged and written as one step: both locked
    # (the file first, then the record: an export locks only the record), the record read
    # under its lock, and written just before the file — so two versions of a workbook
    # imported at once are merged one after the other, and a record that cannot be written
    # stops the import before anything is written.
    with edit_in_place(into_path, lang=lang) as edit, contextlib.ExitStack() as stack:
        step, record_problem = _open_record(stack, into_path, unrecorded, lang)
        _check_sent_out(
            content,
            into_path,
            unrecorded,
            lang,
            step.record if step is not None else RecordError(record_problem or ""),
        )
        earlier = _earlier(step.record, workbook_id) if step is not None else None
        file_name = escape_unprintable(workbook_path.name)

        def note(report: ImportReport) -> None:
            """Note the import in the record (just before the file is written)."""
            if step is None:
                return
            merged_values = brought_values = declined_values = None
            if report.workbook_changed or report.file_won:
                merged_values, brought_values, declined_values = after_import(
                    content, earlier, report.file_won
                )
            change = round_record.import_change(
                workbook_id,
                file=file_name,
                department=content.department,
                when=moment.isoformat(),
                changes=len(report.changes),
                conflicts=[],
                # a workbook that changed nothing leaves the values it is merged against
                merged=merged_values,
                brought=brought_values,
                declined=declined_values,
            )
            try:
                step.write(change)
            except LotscertError as error:  # (a full disk): the file is not written either
                raise _not_written_with_record(error, into_path) from None

        try:
            report = _merge_and_write(
                content,
                workbook_path,
                into_path,
                edit.original,
                edit,
                lang,
                prefer,
                moment,
                earlier,
                note,
                step,
                None if unrecorded or step is None else step.record,
            )
        except MergeConflicts as conflicts:
            swedish, english = conflicts.both_languages or (conflicts.conflicts, None)
            conflicts.record_problem = record_problem
            if step is not None:
                try:
                    step.write(
                        round_record.import_change(
                            workbook_id,
                            file=file_name,
                            department=content.department,
                            when=moment.isoformat(),
                            changes=0,
                            conflicts=swedish,
                            conflicts_en=english,
                            merged=None,
                        )
                    )
                except LotscertError as error:  # the conflicts are reported either way
                    conflicts.record_problem = error.localized(lang)
            raise
    if record_problem is not None:  # the answers are in; the record could not be read
        return dataclasses.replace(report, record_problem=record_problem)
    return report


def _earlier(record: dict[str, Any], workbook_id: str) -> EarlierImport | None:
    """What the round's record says of earlier imports of this workbook."""
    from lotscert import round as round_record

    return earlier_import(
        round_record.last_merged(record, workbook_id),
        round_record.last_brought(record, workbook_id),
        round_record.last_declined(record, workbook_id),
    )


def _open_record(
    stack: contextlib.ExitStack[Any], into_path: Path, unrecorded: bool, lang: Language
) -> tuple[RecordStep | None, str | None]:
    """The round's record, locked and read for the import (kept locked by ``stack``); or, when
    it cannot be read and the run said ``--unrecorded``, None and why. A record that cannot
    be locked or written stops the import: the file is not written without it."""
    from lotscert import round as round_record

    try:
        return stack.enter_context(round_record.record_step(into_path, lang=lang)), None
    except RecordError as error:
        if not unrecorded:
            raise  # (told by _check_sent_out, which read it a moment before)
        return None, error.localized(lang)
    except LotscertError as error:
        raise _not_written_with_record(error, into_path) from None


def _not_written_with_record(error: LotscertError, into_path: Path) -> LotscertError:
    """Why the round's record cannot be written, and that the file was not written either (in
    both languages: the run's is chosen when it is told)."""
    name = into_path.name
    swedish, english = error.message, error.en
    if english is None and swedish.count(" / ") == 1:  # an older "svenska / English" message
        swedish, english = swedish.split(" / ")
    return LotscertError(
        swedish + f" – rundans logg skrivs i samma steg som {name}, så inget skrevs",
        error.location,
        en=(english or swedish)
        + f" – the round's record is written in the same step as {name}, so nothing was written",
    )


def _merge_and_write(
    content: WorkbookContent,
    workbook_path: Path,
    into_path: Path,
    raw: bytes | None,
    edit: InPlaceEdit | None,
    lang: Language,
    prefer: Prefer,
    now: dt.datetime,
    earlier: EarlierImport | None,
    note: Callable[[ImportReport], None] | None = None,
    step: RecordStep | None = None,
    record: dict[str, Any] | None = None,
) -> ImportReport:
    """Merge, check, and (with ``edit``) write: ``note`` is given the report just before the
    file is written (the round's record is noted then, and put back by ``step`` when the file
    then cannot be written), or when nothing is to be written. ``record``: the round's record,
    checked against the file (not behind it) — None when the run said ``--unrecorded``."""
    from lotscert.loading import _display, load_assessment_bytes

    current: Assessment | None = None
    if raw is not None:
        current = load_assessment_bytes(raw, into_path)
        check_same_assessment(content.metadata, current, workbook_path.name, lang)
        if record is not None:
            _refuse_record_behind(content, current, record, into_path, lang)
        _refuse_other_departments_persons(content, current, lang)
    outcome = merge_content(content, current, prefer, earlier)
    if outcome.conflicts and prefer is None:
        problems, lines = _every_problem(content, current, earlier, into_path, lang)
        count = len(lines)
        summary = say(
            lang,
            f"{count} {'värde' if count == 1 else 'värden'} i arbetsboken krockar med "
            f"{into_path.name}; inget skrevs. Välj med --theirs (arbetsbokens värden gäller) "
            "eller --ours (filens värden gäller)",
            f"{count} {'value' if count == 1 else 'values'} in the workbook conflict with "
            f"{into_path.name}; nothing was written. Choose with --theirs (the workbook's "
            "values win) or --ours (the file's win)",
        )
        if problems:
            summary = _every_problem_summary(problems, lines, into_path, lang)
        stopped = MergeConflicts(problems + lines, summary, lines)
        stopped.both_languages = (
            conflict_lines(content, outcome.conflicts, "sv"),
            conflict_lines(content, outcome.conflicts, "en"),
        )
        raise stopped
    settled = conflict_lines(content, outcome.conflicts, lang)
    merged = outcome.assessment
    new = _with_provenance(outcome, content, workbook_path.name, now)
    if new is not current and current is not None and step is not None:
        # a stamp whose part the file no longer holds as its workbook brought it goes (the
        # stamps this import just made are its own)
        own = {
            key
            for key, response in new.responses.items()
            if key not in merged.responses
            or response.answered_by is not merged.responses[key].answered_by
        }
        new = without_stale_stamps(new, step.record, own)
    display = _display(into_path)
    checks: list[Diagnostic] = []
    if new is not current:  # the workbook changed something: is the result consistent?
        from lotscert.validation import check_assessment

        checks = check_assessment(new, content.catalog, display)
        # (merged into an existing file, the merge knows what the workbook changed)
        changed = outcome.changed if current is not None else _changed_by_workbook(content)
        _refuse_what_the_workbook_made_wrong(content, changed, new, checks, lang)
    changes = [] if new is current else diff(current, new, lang)
    report = ImportReport(
        workbook=workbook_path,
        into=into_path,
        assessment=new,
        previous=current,
        changes=changes,
        written=False,
        backup=None,
        created=False,
        levels=content.levels,
        persons_imported=content.persons is not None,
        metrics_imported=content.metrics is not None,
        settled=settled,
        file_won=outcome.file_won,
        workbook_changed=current is None
        or (bool(outcome.changed) if earlier is None else changed_since(content, earlier)),
    )
    if edit is None:
        return report
    if not (current is None or new != current):
        if note is not None:
            note(report)
        return report
    from lotscert.excel.merge import dump_new, merge_text  # ruamel.yaml: only to write

    if current is None or raw is None:
        header = (
            f"# {new.municipality.name} {new.period}: "
            + say(lang, "importerad från", "imported from")
            + f" {workbook_path.name}\n"
        )
        written_text = dump_new(new, header)
        data = written_text.encode("utf-8")
    else:
        text, windows_lines, mark = _decode(raw, into_path)
        try:
            text = written_text = merge_text(text, current, new)
        except WorkbookError as error:  # name the file it could not rewrite
            raise WorkbookError(
                error.message, error.location or Location(str(into_path)), en=error.en
            ) from None
        if windows_lines:
            text = text.replace("\n", "\r\n")
        data = (mark + text).encode("utf-8")
    backup: Path | None = None
    # The record, the .bak and the file are written together: a Ctrl-C is held until all are
    # written (or undone), and a file that cannot be written puts the record back.
    with signals_held():
        if note is not None:
            note(report)
        try:
            if raw is not None:
                backup = backup_path(edit.target)
                write_bytes_atomic(backup, raw, lang=lang)  # the bytes read and merged
                _copy_mode(edit.target, backup)
            edit.write(data)
        except BaseException:
            if step is not None:
                step.undo()
            raise
    # What `lotscert validate` says of the written file: the text read back as exactly
    # ``new`` (merge_text and dump_new check that), so its checks are those just made.
    source = Source(display, written_text, None)
    return dataclasses.replace(
        report,
        written=True,
        backup=backup,
        created=current is None,
        diagnostics=sort_diagnostics([source.place(check) for check in checks]),
    )


def _copy_mode(source: Path, target: Path) -> None:
    import shutil

    with contextlib.suppress(OSError):
        shutil.copymode(source, target)
