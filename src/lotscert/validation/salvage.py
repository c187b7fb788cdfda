"""Every problem in one run: an assessment with schema errors is still checked for consistency.

When values of an answer, a person or a metric cannot be read (a bad date, a maturity of
"fyra"), the assessment cannot be built, and the consistency checks would only run once those
are fixed — a second round of errors for the user. :func:`salvage` instead leaves out exactly
the values in error (an optional value is dropped; an answer whose status cannot be read
becomes ``not_assessed``; a person whose id cannot be read gets a placeholder id) and builds the
rest, so that the checks see every other answer. Whatever the checks then say about an answer,
person or metric that had a schema error is dropped by :func:`unrelated`, so nothing is reported
twice or as a consequence of what was left out.

Only errors inside ``responses``, ``persons`` and ``metrics`` are salvaged: an error in the
header (catalogue, municipality, date …) or in the lists of assessors and departments changes
what every check means, and then only the schema errors are reported, as before.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.models.assessment import Assessment

#: The parts of an assessment whose entries can be salvaged one by one.
ENTRY_LISTS = ("responses", "persons", "metrics")

#: Rounds of leaving out values before giving up (each round fixes at least one error).
MAX_ROUNDS = 25


class _GiveUp(Exception):
    """The error is outside what can be salvaged."""


def entity(path: DataPath) -> DataPath:
    """The answer, person or metric a path belongs to (``("responses", "P1")``)."""
    return tuple(path[:2])


def _leave_out(data: Any, loc: Sequence[Any]) -> None:
    """Drop the value at ``loc`` from ``data``. A required value that is absent is not in the
    data: then the deepest node found is the object lacking it, and that object goes."""
    if not loc or loc[0] not in ENTRY_LISTS or len(loc) < 2:
        raise _GiveUp
    # Follow the path as far as it exists in the data (pydantic adds union and type tags).
    node, parents = data, []
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            parents.append((node, part))
            node = node[part]
        else:
            break
    if len(parents) <= 1:
        raise _GiveUp
    if len(parents) == 2:  # the whole entry: keep its place so paths and checks still line up
        container, key = parents[1]
        if loc[0] == "responses":
            container[key] = {"status": "not_assessed"}
        elif loc[0] == "persons":
            container[key] = {"id": f"ogiltig-{key}"}
        else:
            del container[key]
        return
    container, key = parents[-1]
    if isinstance(container, list):
        container.pop(key)
    else:
        del container[key]


def salvage(data: Any, error: ValidationError) -> Assessment | None:
    """The assessment built without the values in error, or None when that is not possible."""
    if not isinstance(data, dict):
        return None
    work = copy.deepcopy(data)
    current: ValidationError | None = error
    for _ in range(MAX_ROUNDS):
        assert current is not None
        try:
            # Deepest first, so that leaving out one value does not move another's index.
            for item in sorted(
                current.errors(include_url=False),
                key=lambda e: [str(p) for p in e["loc"]],
                reverse=True,
            ):
                _leave_out(work, item["loc"])
        except _GiveUp:
            return None
        except (KeyError, IndexError, TypeError):
            return None
        try:
            return Assessment.model_validate(work)
        except ValidationError as again:
            current = again
    return None


def unrelated(checks: Iterable[Diagnostic], schema_paths: Iterable[DataPath]) -> list[Diagnostic]:
    """The checks' diagnostics about answers, persons and metrics without a schema error."""
    spoiled = {entity(path) for path in schema_paths}
    return [d for d in checks if entity(d.path) not in spoiled]
