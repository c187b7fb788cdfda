"""Every problem in one run: an assessment with schema errors is still checked for consistency.

When values of an assessment cannot be read (a bad date, a maturity of "fyra", a department
id "miljö"), the assessment cannot be built, and the consistency checks would only run once
those are fixed — a second round of errors for the user. :func:`salvage` instead leaves out
exactly the values in error and builds the rest, so that the checks see everything else:

- inside ``responses``, ``persons``, ``metrics`` and ``coverage_actions`` an optional value is
  dropped; an answer whose status cannot be read becomes ``not_assessed``; a person whose id
  cannot be read gets a placeholder id; a metric or coverage action that cannot be read is
  left out;
- an assessor or a department that cannot be read is replaced by a placeholder in its place
  (so that the others keep their positions, and a department keeps its id when that could be
  read);
- a header value that cannot be read (``date``, ``kind``, ``municipality``, ``period``,
  ``publishable``, an unknown key) is replaced by a neutral value, and the checks that need
  it are marked as not meaningful (see :data:`NEEDS`);
- a ``catalog`` that cannot be read cannot be salvaged: nothing can be checked against a
  catalogue that is not known (the caller says so).

What was left out is recorded in :class:`Salvaged` as :class:`Consequence` rules. Whatever the
checks then say about a part that had a schema error, or what a check can only say because a
part was left out (an unknown department when the department list could not be read, actions
"overdue" against a date that could not be read …) is dropped by :func:`unrelated`, so nothing
is reported twice or as a consequence of what was left out.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.models.assessment import Assessment
from lotscert.models.common import Identifier

#: The parts of an assessment whose entries can be salvaged one by one.
ENTRY_LISTS = ("responses", "persons", "metrics", "coverage_actions")

#: Rounds of leaving out values before giving up (each round fixes at least one error).
MAX_ROUNDS = 25

#: The checks (diagnostic codes) whose verdict needs a part of the assessment: when that part
#: cannot be read, what they say is not about the file but about what was left out.
NEEDS: Mapping[str, frozenset[str]] = {
    "date": frozenset(
        {
            "response.action_overdue",
            "action.late",
            "persons.contradiction",
            "person.exam_after_assessment",
            "person.module_after_assessment",
        }
    ),
    "kind": frozenset(
        {
            "response.missing",
            "response.surveillance_missing",
            "response.empty_scope",
            "response.persons_only",
            "person.none_examined",
            "team.role_missing",
            "team.not_impartial",
            "team.organisation_missing",
            "team.no_lead_auditor",
            "action.late",
        }
    ),
    "municipality": frozenset(
        {"municipality.unknown_code", "municipality.name_mismatch", "team.not_impartial"}
    ),
    "assessors": frozenset({"team.no_lead_auditor"}),
    "department_ids": frozenset(
        {"person.unknown_department", "coverage_action.unknown_department", "department.duplicate"}
    ),
    "responses": frozenset(
        {
            "response.missing",
            "response.surveillance_missing",
            "response.empty_scope",
            "response.persons_only",
        }
    ),
    "persons": frozenset({"person.none_examined", "persons.contradiction"}),
    "metrics": frozenset({"metric.missing", "metric.contradiction"}),
}

#: Neutral values for header fields that cannot be read (the checks needing them are dropped).
_NEUTRAL: Mapping[str, Any] = {
    "date": "2000-01-01",
    "period": 2000,
    "kind": "self_assessment",
    "municipality": {"code": "9900", "name": "?"},
}
#: Optional header fields: left out when they cannot be read.
_OPTIONAL_HEADER = ("publishable",)
#: Header lists: an entry that cannot be read keeps its place as a placeholder.
_HEADER_LISTS = ("assessors", "departments")
#: Empty values for a whole part that is not even a list or mapping.
_EMPTY: Mapping[str, Any] = {
    "responses": {},
    "persons": [],
    "metrics": {},
    "coverage_actions": None,
    "assessors": [],
    "departments": [],
}


class _GiveUp(Exception):
    """The error is outside what can be salvaged."""


@dataclass(frozen=True)
class Consequence:
    """Diagnostics at or under ``under`` (only at it when ``exact``; with one of ``codes``,
    any code when None) are consequences of what was left out, not problems of their own."""

    under: DataPath = ()
    codes: frozenset[str] | None = None
    exact: bool = False

    def covers(self, diagnostic: Diagnostic) -> bool:
        """Whether ``diagnostic`` is such a consequence."""
        if self.codes is not None and diagnostic.code not in self.codes:
            return False
        if self.exact:
            return tuple(diagnostic.path) == self.under
        return tuple(diagnostic.path[: len(self.under)]) == self.under


@dataclass
class Salvaged:
    """The assessment built without what could not be read, and what that leaves unsaid."""

    assessment: Assessment
    consequences: list[Consequence] = field(default_factory=list)
    #: Header parts replaced by a neutral value or left out (``date``, ``departments`` …).
    unknown: set[str] = field(default_factory=set)
    #: Metric keys left out (the caller knows which requirements they decide).
    metrics_left_out: set[str] = field(default_factory=set)


def entity(path: DataPath) -> DataPath:
    """The part a path belongs to: an answer, person, metric, assessor or department
    (``("responses", "P1")``), a coverage action (``("coverage_actions", "departments",
    "mhf")``) or a header field (``("date",)``)."""
    if path[:1] == ("coverage_actions",):
        return tuple(path[:3])
    if path[:1] and path[0] in (*ENTRY_LISTS, *_HEADER_LISTS):
        return tuple(path[:2])
    return tuple(path[:1])


class _Salvage:
    def __init__(self, data: dict[Any, Any]) -> None:
        self.work = data
        self.result_unknown: set[str] = set()
        self.consequences: list[Consequence] = []
        self.metrics_left_out: set[str] = set()

    def note(self, part: str) -> None:
        self.result_unknown.add(part)
        if part in NEEDS:
            self.consequences.append(Consequence((), NEEDS[part]))

    def leave_out(self, loc: Sequence[Any]) -> None:
        """Drop or replace the value at ``loc``. A required value that is absent is not in the
        data: then the deepest node found is the object lacking it, and that object goes."""
        if not loc or not isinstance(loc[0], str):
            raise _GiveUp
        head = loc[0]
        work = self.work
        if "[key]" in loc and head in ENTRY_LISTS:  # a key that is not an id: its entry goes
            self._drop_key(loc[: loc.index("[key]")])
            return
        if head == "catalog":
            raise _GiveUp  # nothing can be checked against an unknown catalogue
        if head in _NEUTRAL:
            work[head] = copy.deepcopy(_NEUTRAL[head])
            self.note(head)
            self.consequences.append(Consequence((head,)))
            return
        if head in _OPTIONAL_HEADER:
            work.pop(head, None)
            self.note(head)
            return
        if head not in ENTRY_LISTS and head not in _HEADER_LISTS:
            if len(loc) == 1 and head in work:  # an unknown key (a typo): left out
                del work[head]
                meant = difflib.get_close_matches(head, list(Assessment.model_fields), n=1)
                if meant and meant[0] not in work:  # "responsess": the responses are unknown
                    self.note("department_ids" if meant[0] == "departments" else meant[0])
                return
            raise _GiveUp
        # Follow the path as far as it exists in the data (pydantic adds union and type tags).
        node: Any = work
        parents: list[tuple[Any, Any]] = []
        for part in loc:
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            ):
                parents.append((node, part))
                node = node[part]
            else:
                break
        if len(parents) <= 1:  # the part itself is not a list or mapping
            work[head] = copy.deepcopy(_EMPTY[head])
            if head == "coverage_actions":
                del work[head]
            self.note("department_ids" if head == "departments" else head)
            self.consequences.append(Consequence((head,)))
            return
        depth = 3 if head == "coverage_actions" else 2
        if head in _HEADER_LISTS:
            self._replace_header_entry(parents[1][0], parents[1][1], head)
            return
        if len(parents) < depth:  # coverage_actions.departments itself is broken
            self._drop_key(loc[: len(parents)])
            return
        if len(parents) == depth:  # the whole entry: keep its place so paths still line up
            container, key = parents[depth - 1]
            self.consequences.append(Consequence((head, *loc[1:depth])))
            if head == "responses":
                container[key] = {"status": "not_assessed"}
            elif head == "persons":
                container[key] = {"id": f"ogiltig-{key}"}
                self.note("persons")
            else:
                if head == "metrics":
                    self.metrics_left_out.add(str(key))
                del container[key]
            return
        container, key = parents[-1]
        if isinstance(container, list):
            container.pop(key)
        else:
            del container[key]
        if head == "persons":
            self.note("persons")  # a person judged without a value may contradict a status

    def _drop_key(self, loc: Sequence[Any]) -> None:
        """Leave out the entry at ``loc`` (a mapping key), whatever it holds."""
        node: Any = self.work
        for part in loc[:-1]:
            node = node[part]
        if isinstance(node, dict):
            node.pop(loc[-1], None)
        else:
            raise _GiveUp
        self.consequences.append(Consequence(tuple(loc)))
        if loc[0] == "metrics" and len(loc) == 2:
            self.metrics_left_out.add(str(loc[1]))
        if loc[0] == "responses":
            self.note("responses")

    def _replace_header_entry(self, container: list[Any], index: Any, head: str) -> None:
        """An assessor or department that cannot be read: a placeholder in its place."""
        old = container[index]
        self.consequences.append(Consequence((head, index)))
        if head == "assessors":
            container[index] = {"name": "?"}
            self.note("assessors")
            return
        raw_id = old.get("id") if isinstance(old, dict) else old  # "- sbf": the id alone
        if _is_identifier(raw_id):
            container[index] = {"id": raw_id, "name": "?"}
        else:  # which department persons meant cannot be told
            container[index] = {"id": f"ogiltig-{index}", "name": "?"}
            self.note("department_ids")


def _is_identifier(value: object) -> bool:
    from pydantic import TypeAdapter

    if not isinstance(value, str):
        return False
    try:
        TypeAdapter(Identifier).validate_python(value)
    except ValidationError:
        return False
    return True


def salvage(data: Any, error: ValidationError) -> Salvaged | None:
    """The assessment built without the values in error, or None when that is not possible
    (the file is not a mapping, or its catalogue cannot be read)."""
    if not isinstance(data, dict):
        return None
    state = _Salvage(copy.deepcopy(data))
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
                state.leave_out(item["loc"])
        except _GiveUp:
            return None
        except (KeyError, IndexError, TypeError):
            return None
        try:
            built = Assessment.model_validate(state.work)
        except ValidationError as again:
            current = again
        else:
            return Salvaged(built, state.consequences, state.result_unknown, state.metrics_left_out)
    return None


def unrelated(
    checks: Iterable[Diagnostic],
    schema_paths: Iterable[DataPath],
    consequences: Iterable[Consequence] = (),
) -> list[Diagnostic]:
    """The checks' diagnostics about parts without a schema error, leaving out every
    consequence of what was left out."""
    spoiled = {entity(path) for path in schema_paths}
    rules = list(consequences)
    return [
        d
        for d in checks
        if entity(d.path) not in spoiled and not any(rule.covers(d) for rule in rules)
    ]
