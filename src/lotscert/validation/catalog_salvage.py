"""Every problem of a catalogue in one run: a requirement, level or cornerstone that cannot be
read does not hide the consistency checks of the others.

:func:`salvage_catalog` builds the catalogue without the entries that have schema errors (only
entries of :data:`ENTRY_LISTS`; an error anywhere else — the catalogue's id, its scale, its
certification parameters — changes what every check means, and then only the schema errors
are reported). The checks' diagnostics are put back at the entries' own places in the file by
:func:`restore_places`, and what they can say only because an entry was left out (a
requirement naming a level that could not be read) is a :class:`Consequence` to drop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.models.catalog import Catalog
from lotscert.validation.salvage import Consequence

#: The catalogue's lists whose entries can be left out one by one, and the checks that may
#: then complain only because an entry is missing (its id is no longer known).
ENTRY_LISTS: Mapping[str, frozenset[str]] = {
    "requirements": frozenset({"catalog.unknown_requirement"}),
    "levels": frozenset({"catalog.unknown_level"}),
    "cornerstones": frozenset({"catalog.unknown_cornerstone"}),
}


@dataclass
class SalvagedCatalog:
    """The catalogue built without the entries in error."""

    catalog: Catalog
    #: Per list, the index in the file of each entry kept.
    kept: dict[str, list[int]]
    consequences: list[Consequence]


def salvage_catalog(data: Any, error: ValidationError) -> SalvagedCatalog | None:
    """The catalogue without the entries in error, or None when an error is elsewhere."""
    if not isinstance(data, dict):
        return None
    spoiled: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) < 2 or loc[0] not in ENTRY_LISTS or not isinstance(loc[1], int):
            return None
        spoiled.setdefault(str(loc[0]), set()).add(loc[1])
    work = dict(data)
    kept: dict[str, list[int]] = {}
    for name, indices in spoiled.items():
        entries = data.get(name)
        if not isinstance(entries, list):
            return None
        kept[name] = [index for index in range(len(entries)) if index not in indices]
        work[name] = [entries[index] for index in kept[name]]
    try:
        catalog = Catalog.model_validate(work)
    except ValidationError:  # e.g. no requirement is left: nothing meaningful to check
        return None
    consequences = [Consequence((), ENTRY_LISTS[name]) for name in spoiled]
    return SalvagedCatalog(catalog, kept, consequences)


def _entity(path: DataPath) -> DataPath:
    """The entry a path belongs to (``("requirements", 3)``), or the part of the catalogue."""
    return tuple(path[:2]) if path[:1] and path[0] in ENTRY_LISTS else tuple(path[:1])


def restore_places(
    diagnostics: Iterable[Diagnostic], salvaged: SalvagedCatalog, schema_paths: Iterable[Any]
) -> list[Diagnostic]:
    """The checks' diagnostics with the entries' indices in the file, leaving out those about
    entries with a schema error and every consequence of leaving them out."""
    spoiled = {_entity(tuple(path)) for path in schema_paths}
    restored: list[Diagnostic] = []
    for diagnostic in diagnostics:
        path = diagnostic.path
        if path[:1] and path[0] in salvaged.kept and len(path) > 1 and isinstance(path[1], int):
            index = salvaged.kept[str(path[0])][path[1]]
            diagnostic = replace(diagnostic, path=(path[0], index, *path[2:]))
        if _entity(diagnostic.path) in spoiled:
            continue
        if any(rule.covers(diagnostic) for rule in salvaged.consequences):
            continue
        restored.append(diagnostic)
    return restored
