"""Every problem of a catalogue or a decision in one run: an entry of a list that cannot be
read (a requirement, a level, a person certificate) does not hide the checks of the others.

:func:`salvage_entries` builds the file's model without the entries that have schema errors
(only entries of the lists named; an error anywhere else — a catalogue's id or scale, a
decision's outcome — changes what every check means, and then only the schema errors are
reported). The checks' diagnostics are put back at the entries' own places in the file by
:func:`restore_path` / :func:`restore_places`, and what they can say only because an entry was
left out (a requirement naming a level that could not be read) is a :class:`Consequence` to
drop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.validation.salvage import Consequence

ModelT = TypeVar("ModelT", bound=BaseModel)

#: A catalogue's lists whose entries can be left out one by one, and the checks that may then
#: complain only because an entry is missing (its id is no longer known).
CATALOG_ENTRY_LISTS: Mapping[str, frozenset[str]] = {
    "requirements": frozenset({"catalog.unknown_requirement"}),
    "levels": frozenset({"catalog.unknown_level"}),
    "cornerstones": frozenset({"catalog.unknown_cornerstone"}),
}
#: The same for a certification decision: its person certificates.
DECISION_ENTRY_LISTS: Mapping[str, frozenset[str]] = {
    "persons": frozenset({"decision.no_persons"}),
}


@dataclass
class SalvagedEntries(Generic[ModelT]):
    """The file's model built without the entries in error."""

    model: ModelT
    #: Per list, the index in the file of each entry kept.
    kept: dict[str, list[int]]
    consequences: list[Consequence]
    #: The entries left out (``("requirements", 3)``).
    spoiled: set[DataPath]


def salvage_entries(
    model: type[ModelT], data: Any, error: ValidationError, lists: Mapping[str, frozenset[str]]
) -> SalvagedEntries[ModelT] | None:
    """``model`` built without the entries in error, or None when an error is elsewhere."""
    if not isinstance(data, dict):
        return None
    left_out: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) < 2 or loc[0] not in lists or not isinstance(loc[1], int):
            return None
        left_out.setdefault(str(loc[0]), set()).add(loc[1])
    work = dict(data)
    kept: dict[str, list[int]] = {}
    for name, indices in left_out.items():
        entries = data.get(name)
        if not isinstance(entries, list):
            return None
        kept[name] = [index for index in range(len(entries)) if index not in indices]
        work[name] = [entries[index] for index in kept[name]]
    try:
        built = model.model_validate(work)
    except ValidationError:  # e.g. no requirement is left: nothing meaningful to check
        return None
    consequences = [Consequence((), lists[name]) for name in left_out]
    spoiled: set[DataPath] = {
        (name, index) for name, indices in left_out.items() for index in indices
    }
    return SalvagedEntries(built, kept, consequences, spoiled)


def restore_path(path: DataPath, kept: Mapping[str, list[int]]) -> DataPath:
    """A path in the model built without some entries, as a path in the file."""
    if len(path) > 1 and path[0] in kept and isinstance(path[1], int):
        return (path[0], kept[str(path[0])][path[1]], *path[2:])
    return path


def restore_places(
    diagnostics: Iterable[Diagnostic], salvaged: SalvagedEntries[Any]
) -> list[Diagnostic]:
    """The checks' diagnostics with the entries' indices in the file, leaving out every
    consequence of the entries left out."""
    restored = [
        replace(diagnostic, path=restore_path(diagnostic.path, salvaged.kept))
        for diagnostic in diagnostics
    ]
    return [diagnostic for diagnostic in restored if is_unrelated(diagnostic, salvaged)]


def is_unrelated(diagnostic: Diagnostic, salvaged: SalvagedEntries[Any]) -> bool:
    """Whether ``diagnostic`` (with the file's indices) is about neither an entry left out nor
    a consequence of leaving it out."""
    if tuple(diagnostic.path[:2]) in salvaged.spoiled:
        return False
    return not any(rule.covers(diagnostic) for rule in salvaged.consequences)
