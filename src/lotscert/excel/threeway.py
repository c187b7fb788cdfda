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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from typing import Any, Literal

from lotscert.models.assessment import Assessment, Metric, Person, Response

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


#: Decimals whose exponent is within this many places are compared in plain form.
_PLAIN_EXPONENT = 40


def canonical(value: Any) -> Any:
    """The comparable, JSON-storable form of a value (None for anything blank)."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # exact: as many digits as the value has (the default context would round at 28)
        digits = max(1, len(value.as_tuple().digits))
        exact = Context(prec=digits, Emax=MAX_EMAX, Emin=MIN_EMIN)
        if not value.is_finite() or abs(value.adjusted()) > _PLAIN_EXPONENT:
            return str(value.normalize(exact))  # far out of range: scientific form
        text = format(value.normalize(exact), "f")
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


def removal_place(place: Place) -> Place:
    """The place whose absence removes the answer, person or metric ``place`` belongs to: its
    status, its row, its value."""
    kind = place[0]
    last = "status" if kind == "responses" else PRESENT if kind == "persons" else "value"
    return (kind, place[1], last)


def removes_entry(place: Place) -> bool:
    """True for the place whose absence removes the whole answer, person or metric."""
    return place == removal_place(place)


@dataclass(frozen=True)
class Conflict:
    """A place both the file (since the export) and the workbook changed, differently — or
    (``again``) one whose value in the file an earlier version of the same workbook brought
    in, and this version says otherwise: an older version, a second copy of the export, or a
    changed mind, which lotscert cannot tell apart."""

    place: Place
    base: Any
    file: Any
    workbook: Any
    again: bool = False
    #: an earlier version of the same workbook brought ``earlier`` in, and the file no longer
    #: holds it (put back from a ``.bak``, reverted, or changed after that import)
    missing: bool = False
    earlier: Any = None


@dataclass
class MergeOutcome:
    """The merged assessment, the places taken from the workbook, and the conflicts."""

    assessment: Assessment
    taken: list[Place] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept_file: list[Place] = field(default_factory=list)  # conflicts settled for the file
    #: every place the workbook changed against its base (whether taken, equal to the file's
    #: value, or in conflict)
    changed: list[Place] = field(default_factory=list)
    #: every place the workbook changed whose value the file kept (a conflict settled for the
    #: file, and the rest of an answer, person or metric it kept whole), with the file's value
    file_won: dict[Place, Any] = field(default_factory=dict)


def merge_three_way(
    base: Mapping[Place, Any],
    current: Assessment,
    workbook: Mapping[Place, Any],
    scope: Scope,
    prefer: Prefer = None,
    read: Mapping[Place, Any] | None = None,
    earlier: Mapping[Place, Any] | None = None,
    brought: Mapping[Place, Sequence[Any]] | None = None,
    declined: Mapping[Place, Sequence[Any]] | None = None,
) -> MergeOutcome:
    """Apply what the workbook changed against ``base`` (canonical values) to ``current``
    (``read``: the workbook's values already in canonical form, when the caller has them).

    ``workbook`` holds the workbook's values as a model dump would (see :func:`places_of`).
    ``earlier``: the values as the last import of an earlier version of this workbook left
    them (``base`` overlaid with what it brought in; None when there was none), and
    ``brought`` every value any earlier version brought in, by place. Which of two versions
    is the newer cannot be told (a workbook's save time says when it was last saved, not which
    version it holds), so a value an earlier version of the same workbook brought in that this
    one changes — or a value an earlier version brought in and a later one took back, which
    this one brings again — is a conflict, never taken silently: an older version arriving
    late, a colleague's copy of the same export and a genuine correction look alike. The file
    is the truth, the record only remembers: a value an earlier version brought in that the
    file no longer holds (put back from a ``.bak``, reverted, changed after that import) is a
    conflict when this version still says it or says something else — never passed over
    silently — unless ``declined`` (the values of this workbook the office kept the file's
    value over with ``--ours``, by place) holds it. A declined value never stood: a later
    version's other value is measured against the export (taken when the file still holds the
    export's value, a conflict when the file changed it too). Conflicts are returned, not
    applied, unless ``prefer`` settles them.

    Only the answers, persons and metrics holding a place the workbook changed are looked at
    in the file, and only they are rebuilt: the file's value stays everywhere else, so one
    department's answer does not cost a dump and a rebuild of a 2 000-person register.
    """
    read = canonical_places(workbook) if read is None else read
    merged_before: Mapping[Place, Any] = base if earlier is None else earlier
    # the base's places in its order, then the places the workbook added
    changed = [place for place, was in base.items() if read.get(place) != was]
    changed += [place for place, value in read.items() if value is not None and place not in base]
    candidates = changed
    if earlier is not None:  # and the places an earlier version of the workbook changed
        seen = set(changed)
        candidates = changed + [
            place
            for place in _union_order(earlier, base)
            if earlier.get(place) != base.get(place) and place not in seen
        ]
    if not candidates:
        return MergeOutcome(current)
    entities = {_entity(place) for place in candidates}
    file_now = canonical_places(places_of(_dump(current, entities), _narrowed(scope, entities)))
    decided: dict[Place, Any] = {}
    taken: list[Place] = []
    conflicts: list[Conflict] = []
    kept: list[Place] = []
    in_file: set[Place] | None = None  # entities the file changed since, when needed

    def changed_in_file(entity: Place) -> bool:
        nonlocal in_file
        if in_file is None:
            in_file = {
                _entity(place)
                for place in (*merged_before, *file_now)
                if _entity(place) in entities and merged_before.get(place) != file_now.get(place)
            }
        return entity in in_file

    brought = brought or {}
    for place in candidates:
        was, now, theirs = base.get(place), file_now.get(place), read.get(place)
        before = merged_before.get(place)
        if theirs == now:
            continue
        kept_out = () if declined is None else declined.get(place, ())
        if theirs in kept_out:
            continue  # the office kept the file's value over this very one before (--ours)
        again = False
        if before in kept_out:
            # ``before`` is a value of the workbook the file was kept over (--ours): it never
            # stood, so the workbook is measured against its export, as if it had not come —
            # a new value with the file unchanged since the export is an ordinary change
            before = was
        # ``before`` is what an earlier version of this workbook brought in (or removed)
        stands = before != was
        missing = now != before and stands  # … and the file no longer holds it
        if now != before:  # the file changed it since the workbook's values were merged
            if theirs == was or (theirs == before and not missing):
                continue  # … and the workbook says nothing new about it
            clash = True
        elif before != was:  # the file holds what this workbook said last
            clash = True
            again = stands
        elif theirs != was and theirs in brought.get(place, ()):
            clash = again = True  # an earlier version's value, which a later one took back
        else:
            clash = theirs is None and removes_entry(place) and changed_in_file(_entity(place))
        if clash:
            conflicts.append(
                Conflict(place, was, now, theirs, again, missing, before if missing else None)
            )
            if prefer != "workbook":
                if prefer == "file":
                    kept.append(place)
                continue
        decided[place] = workbook.get(place)
        taken.append(place)
    if conflicts and prefer is None:
        return MergeOutcome(current, [], conflicts, [], changed)
    file_won = {place: file_now.get(place) for place in kept}
    if kept:
        # The file wins a removal: the whole answer, person or metric stays as the file has
        # it (not only the value in conflict, the rest of it emptied).
        whole = {
            _entity(place)
            for place in kept
            if read.get(removal_place(place)) is None
            and merged_before.get(removal_place(place)) is not None
        }
        if whole:
            file_won.update(
                (place, file_now.get(place)) for place in decided if _entity(place) in whole
            )
            decided = {place: v for place, v in decided.items() if _entity(place) not in whole}
            taken = [place for place in taken if _entity(place) not in whole]
    if conflicts and prefer == "workbook":
        # The workbook wins over a removal in the file: the whole answer, person or metric
        # comes back as the workbook holds it (not only the values in conflict on an
        # otherwise empty entry).
        restored = {
            _entity(place)
            for place in (conflict.place for conflict in conflicts)
            if file_now.get(removal_place(place)) is None
            and read.get(removal_place(place)) is not None
        }
        if restored:
            seen_taken = set(taken)
            for place, value in workbook.items():
                if _entity(place) in restored and place not in decided:
                    decided[place] = value
                    if place not in seen_taken:
                        taken.append(place)
    outcome = MergeOutcome(_apply(current, decided), taken, conflicts, kept, changed)
    outcome.file_won = file_won
    return outcome


def _union_order(*groups: Mapping[Place, Any]) -> list[Place]:
    seen: dict[Place, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return list(seen)


def _narrowed(scope: Scope, entities: set[Place]) -> Scope:
    """``scope`` cut down to the answers, persons and metrics in ``entities``."""

    def keys(kind: str, within: Iterable[str] | None) -> tuple[str, ...] | None:
        if within is None:
            return None
        return tuple(key for key in within if (kind, key) in entities)

    persons = {key for kind, key in entities if kind == "persons"}
    return Scope(
        keys("responses", scope.requirements) or (),
        None if scope.persons is None else (*(keys("persons", scope.persons) or ()), *persons),
        keys("metrics", scope.metrics),
    )


def _dump(current: Assessment, entities: set[Place]) -> dict[str, Any]:
    """The model dump of ``current`` holding only the entries in ``entities``."""
    wanted = {kind: {key for k, key in entities if k == kind} for kind in _KINDS}
    return {
        "responses": {
            key: response.model_dump()
            for key, response in current.responses.items()
            if key in wanted["responses"]
        },
        "persons": [
            person.model_dump() for person in current.persons if person.id in wanted["persons"]
        ],
        "metrics": {
            key: metric.model_dump()
            for key, metric in current.metrics.items()
            if key in wanted["metrics"]
        },
    }


_KINDS = ("responses", "persons", "metrics")


def _set(container: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        container.pop(key, None)
    else:
        container[key] = value


def _apply(current: Assessment, decided: Mapping[Place, Any]) -> Assessment:
    """``current`` with the decided places set (None: removed); only the answers, persons and
    metrics holding a decided place are dumped, changed and validated again."""
    if not decided:
        return current
    by_entity: dict[Place, list[tuple[Place, Any]]] = {}
    for place, value in decided.items():
        by_entity.setdefault(_entity(place), []).append((place[2:], value))
    responses = dict(current.responses)
    metrics = dict(current.metrics)
    persons: dict[str, Person | None] = {person.id: person for person in current.persons}
    for (kind, key), changes in by_entity.items():
        if kind == "responses":
            found = responses.get(key)
            response = _response_with(found.model_dump() if found else {}, changes)
            if response is None:
                responses.pop(key, None)
            else:
                responses[key] = Response.model_validate(response)
        elif kind == "metrics":
            had = metrics.get(key)
            metric = had.model_dump() if had else {}
            for rest, value in changes:
                _set(metric, rest[0], value)
            if metric.get("value") is None:
                metrics.pop(key, None)
            else:
                metrics[key] = Metric.model_validate(metric)
        else:
            was = persons.get(key)
            person = _person_with(was.model_dump() if was else {"id": key}, changes)
            persons[key] = None if person is None else Person.model_validate(person)
    return current.model_copy(
        update={
            "responses": responses,
            "persons": [person for person in persons.values() if person is not None],
            "metrics": metrics,
        }
    )


def _response_with(
    response: dict[str, Any], changes: list[tuple[Place, Any]]
) -> dict[str, Any] | None:
    for rest, value in changes:
        if rest[0] == "action":
            action = dict(response.get("action") or {})
            _set(action, rest[1], value)
            response["action"] = action
        else:
            _set(response, rest[0], value)
    return _tidy_response(response) if response else None


def _person_with(person: dict[str, Any], changes: list[tuple[Place, Any]]) -> dict[str, Any] | None:
    """The person's dump with the changes; None when its row was removed."""
    for rest, value in changes:
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
    if person.pop(PRESENT, True) is None:
        return None
    return _tidy_person(person)


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
