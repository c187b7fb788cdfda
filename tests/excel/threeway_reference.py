"""The three-way merge as it was first written: the whole file dumped, every place compared,
the whole assessment rebuilt. Slow for a 2 000-person file, but plainly right; the merge in
:mod:`lotscert.excel.threeway` (which touches only what the workbook changed) must agree with
it on every input (``test_threeway_narrow.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lotscert.excel.threeway import (
    PRESENT,
    Conflict,
    MergeOutcome,
    Place,
    Prefer,
    Scope,
    _entity,
    _tidy_person,
    _tidy_response,
    canonical_places,
    places_of,
    removes_entry,
)
from lotscert.models.assessment import Assessment


def reference_merge(
    base: Mapping[Place, Any],
    current: Assessment,
    workbook: Mapping[Place, Any],
    scope: Scope,
    prefer: Prefer = None,
    read: Mapping[Place, Any] | None = None,
) -> MergeOutcome:
    """Apply what the workbook changed against ``base`` (canonical values) to ``current``
    (``read``: the workbook's values already in canonical form, when the caller has them).

    ``workbook`` holds the workbook's values as a model dump would (see :func:`places_of`).
    Conflicts are returned, not applied, unless ``prefer`` settles them.
    """
    current_data = current.model_dump()
    current_places = places_of(current_data, scope)
    file_now = canonical_places(current_places)
    read = canonical_places(workbook) if read is None else read
    decided: dict[Place, Any] = {}
    taken: list[Place] = []
    conflicts: list[Conflict] = []
    kept: list[Place] = []
    changed: set[Place] | None = None  # entities the file changed since the export, when needed

    def changed_in_file(entity: Place) -> bool:
        nonlocal changed
        if changed is None:
            changed = {
                _entity(place)
                for place in set(base) | set(file_now)
                if base.get(place) != file_now.get(place)
            }
        return entity in changed

    for place in _ordered(base, read):
        was, now, theirs = base.get(place), file_now.get(place), read.get(place)
        if theirs in (was, now):
            continue
        clash = now != was or (
            theirs is None and removes_entry(place) and changed_in_file(_entity(place))
        )
        if clash:
            conflicts.append(Conflict(place, was, now, theirs))
            if prefer != "workbook":
                if prefer == "file":
                    kept.append(place)
                continue
        decided[place] = workbook.get(place)
        taken.append(place)
    if conflicts and prefer is None:
        return MergeOutcome(current, [], conflicts, [])
    merged = _apply(current_data, decided, workbook)
    return MergeOutcome(Assessment.model_validate(merged), taken, conflicts, kept)


def _ordered(*groups: Mapping[Place, Any]) -> list[Place]:
    seen: dict[Place, None] = {}
    for group in groups:
        for place in group:
            seen.setdefault(place, None)
    return list(seen)


def _set(container: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        container.pop(key, None)
    else:
        container[key] = value


def _apply(
    data: dict[str, Any], decided: Mapping[Place, Any], workbook: Mapping[Place, Any]
) -> dict[str, Any]:
    """``data`` (a model dump) with the decided places set (None: removed)."""
    responses: dict[str, Any] = dict(data.get("responses") or {})
    persons: dict[str, dict[str, Any]] = {p["id"]: dict(p) for p in data.get("persons") or []}
    order = list(persons)
    metrics: dict[str, Any] = dict(data.get("metrics") or {})
    for place, value in decided.items():
        kind, key, rest = place[0], place[1], place[2:]
        if kind == "responses":
            response = dict(responses.get(key) or {})
            if rest[0] == "action":
                action = dict(response.get("action") or {})
                _set(action, rest[1], value)
                response["action"] = action
            else:
                _set(response, rest[0], value)
            responses[key] = response
        elif kind == "metrics":
            metric = dict(metrics.get(key) or {})
            _set(metric, rest[0], value)
            metrics[key] = metric
        else:
            if key not in persons:
                persons[key] = {"id": key}
                order.append(key)
            person = persons[key]
            if rest == (PRESENT,):
                person[PRESENT] = value
            elif rest[0] in ("languages", "competences"):
                group = dict(person.get(rest[0]) or {})
                _set(group, rest[1], value)
                person[rest[0]] = group
            elif rest[0] == "training":
                training = dict(person.get("training") or {})
                if rest[1] == "modules":
                    modules = dict(training.get("modules") or {})
                    _set(modules, rest[2], value)
                    training["modules"] = modules
                else:
                    _set(training, rest[1], value)
                person["training"] = training
                person["_training_touched"] = True
            else:
                _set(person, rest[0], value)
    data = dict(data)
    data["responses"] = {
        key: _tidy_response(response) for key, response in responses.items() if response
    }
    data["responses"] = {key: value for key, value in data["responses"].items() if value}
    kept_persons = []
    for key in order:
        person = persons[key]
        if person.pop(PRESENT, True) is None:
            continue
        kept_persons.append(_tidy_person(person))
    data["persons"] = kept_persons
    data["metrics"] = {
        key: metric for key, metric in metrics.items() if metric.get("value") is not None
    }
    return data
