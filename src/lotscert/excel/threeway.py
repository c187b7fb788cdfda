"""The three-way merge of a returned workbook: base (what it was given), file (now), workbook.

A workbook carries the values it was exported with (its *base*, see :mod:`.basevalues`). Every
value the workbook can hold has a *place* (``responses.P1.status``,
``persons[lots-05].competences.bygg``, ``metrics.nki.value``), and for each place:

- the workbook did not change it (workbook = base): the file's value stays, whatever it is now
  (a blank the department did not touch removes nothing);
- only the workbook changed it (file = base): the workbook's value is taken;
- both changed it to the same value: nothing to do;
- both changed it differently: a :class:`Conflict`, settled per run by ``prefer`` ("workbook"
  or "file") or else reported, and nothing is written.

Removing a whole answer, person or metric (its status, row or value cleared in the workbook)
while the file changed any of its values since the export is a conflict too. Values are
compared in a canonical form (dates as ISO text, decimals without trailing zeros, an empty
text like a blank), the same form the base is stored in.

Pure functions: no I/O, no openpyxl, no text for users beyond the place names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from lotscert.models.assessment import Assessment

Place = tuple[str, ...]
Prefer = Literal["workbook", "file"] | None

#: The fields of an answer a workbook holds, in column order.
RESPONSE_FIELDS = ("status", "maturity", "evidence", "comment")
ACTION_FIELDS = ("text", "owner", "due")
PERSON_FIELDS = ("name", "department", "role")
METRIC_FIELDS = ("value", "source", "date", "note")
#: The place that says a person is in the register (its row is there).
PRESENT = "present"


@dataclass(frozen=True)
class Scope:
    """What a workbook covers: the answers of these requirements, and (when not None) the
    persons with these ids and the metrics with these keys."""

    requirements: tuple[str, ...]
    persons: tuple[str, ...] | None = None
    metrics: tuple[str, ...] | None = None

    def widened(self, persons: Iterable[str], metrics: Iterable[str]) -> Scope:
        """The scope with the persons and metrics a workbook added (new rows)."""
        return Scope(
            self.requirements,
            None if self.persons is None else _union(self.persons, persons),
            None if self.metrics is None else _union(self.metrics, metrics),
        )


def _union(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def canonical(value: Any) -> Any:
    """The comparable, JSON-storable form of a value (None for anything blank)."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, dict):
        return {
            str(key): canonical(item) for key, item in value.items() if canonical(item) is not None
        }
    return str(value)


def _person_places(person: Mapping[str, Any]) -> dict[Place, Any]:
    prefix: Place = ("persons", str(person["id"]))
    places: dict[Place, Any] = {(*prefix, PRESENT): True}
    for name in PERSON_FIELDS:
        places[(*prefix, name)] = person.get(name)
    for group in ("languages", "competences"):
        for key, value in (person.get(group) or {}).items():
            places[(*prefix, group, str(key))] = value
    training = person.get("training") or {}
    for module, completed in (training.get("modules") or {}).items():
        places[(*prefix, "training", "modules", str(module))] = completed
    places[(*prefix, "training", "exam_score")] = training.get("exam_score")
    places[(*prefix, "training", "exam_date")] = training.get("exam_date")
    return places


def places_of(data: Mapping[str, Any], scope: Scope) -> dict[Place, Any]:
    """Every place of ``scope`` that holds a value in ``data`` (an assessment's
    ``model_dump()``), with that value as the model dump holds it."""
    places: dict[Place, Any] = {}
    responses = data.get("responses") or {}
    for requirement_id in scope.requirements:
        response = responses.get(requirement_id)
        if not response:
            continue
        for name in RESPONSE_FIELDS:
            places[("responses", requirement_id, name)] = response.get(name)
        action = response.get("action") or {}
        for name in ACTION_FIELDS:
            places[("responses", requirement_id, "action", name)] = action.get(name)
    if scope.persons is not None:
        wanted = set(scope.persons)
        for person in data.get("persons") or []:
            if person["id"] in wanted:
                places.update(_person_places(person))
    if scope.metrics is not None:
        metrics = data.get("metrics") or {}
        for key in scope.metrics:
            metric = metrics.get(key)
            if metric:
                for name in METRIC_FIELDS:
                    places[("metrics", key, name)] = metric.get(name)
    return {place: value for place, value in places.items() if canonical(value) is not None}


def canonical_places(places: Mapping[Place, Any]) -> dict[Place, Any]:
    """The places with their values in canonical form."""
    return {place: canonical(value) for place, value in places.items()}


def place_name(place: Place) -> str:
    """``responses.P1.status``, ``persons[lots-05].competences.bygg``, ``metrics.nki.value``."""
    if place[0] == "persons":
        rest = [part for part in place[2:] if part != PRESENT]
        return f"persons[{place[1]}]" + "".join(f".{part}" for part in rest)
    return ".".join(place)


def _entity(place: Place) -> Place:
    return place[:2]


def _removes_entity(place: Place) -> bool:
    """The place whose absence removes the whole answer, person or metric."""
    kind = place[0]
    return (
        (kind == "responses" and place[2:] == ("status",))
        or (kind == "persons" and place[2:] == (PRESENT,))
        or (kind == "metrics" and place[2:] == ("value",))
    )


@dataclass(frozen=True)
class Conflict:
    """A place both the file (since the export) and the workbook changed, differently."""

    place: Place
    base: Any
    file: Any
    workbook: Any


@dataclass
class MergeOutcome:
    """The merged assessment, the places taken from the workbook, and the conflicts."""

    assessment: Assessment
    taken: list[Place] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept_file: list[Place] = field(default_factory=list)  # conflicts settled for the file


def merge_three_way(
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
            theirs is None and _removes_entity(place) and changed_in_file(_entity(place))
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


def _tidy_response(response: dict[str, Any]) -> dict[str, Any] | None:
    if response.get("status") is None:
        return None  # no status: no answer (the workbook cleared it)
    action = response.get("action")
    if action is not None and action.get("text") is None:
        response["action"] = None
    return response


def _tidy_person(person: dict[str, Any]) -> dict[str, Any]:
    """A person whose web-course values were all removed has no ``training`` left."""
    if person.pop("_training_touched", False):
        training = person.get("training") or {}
        if not training.get("modules") and all(
            training.get(name) is None for name in ("exam_score", "exam_date")
        ):
            person["training"] = None
    return person
