"""The three-way merge looks only at what the workbook changed — and decides exactly as the
whole-file merge does (:mod:`threeway_reference`), for every kind of change on either side."""

from __future__ import annotations

from typing import Any

from excel_strategies import (
    REQUIREMENT_IDS,
    assessments,
    decimals,
    levels,
    optional_texts,
    responses,
    trainings,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from threeway_reference import reference_merge

from lotscert.excel.threeway import (
    MergeOutcome,
    Scope,
    canonical_places,
    merge_three_way,
    places_of,
)
from lotscert.loading import load_assessment
from lotscert.models.assessment import Assessment, Metric, Person, Response
from tests.paths import CONTRACT_ASSESSMENT

PERSON_IDS = ["p1", "p2", "p3", "p4"]
METRIC_KEYS = ["nki", "tid", "antal"]

new_persons = st.builds(
    Person,
    id=st.just("x"),
    name=optional_texts,
    department=st.none() | st.sampled_from(["bygg", "miljo"]),
    role=optional_texts,
    languages=st.dictionaries(st.sampled_from(["sv", "en"]), levels),
    competences=st.dictionaries(st.sampled_from(["bygglov", "miljo"]), levels),
    training=st.none() | trainings,
)
new_metrics = st.builds(Metric, value=decimals, source=optional_texts, note=optional_texts)
CHOICES = st.sampled_from(["keep", "keep", "keep", "drop", "new", "tweak"])


@st.composite
def variant(draw: st.DrawFn, of: Assessment) -> Assessment:
    """``of`` with each answer, person and metric kept, dropped, replaced or changed a little
    (one field), the way a department or an editor changes a file."""
    answers: dict[str, Response] = {}
    for key in REQUIREMENT_IDS:
        choice, had = draw(CHOICES), of.responses.get(key)
        if choice == "new" or (choice == "tweak" and had is None):
            answers[key] = draw(responses)
        elif choice == "tweak" and had is not None:
            answers[key] = had.model_copy(update={"comment": draw(optional_texts)})
        elif choice == "keep" and had is not None:
            answers[key] = had
    people: list[Person] = []
    by_id = {person.id: person for person in of.persons}
    for key in PERSON_IDS:
        choice, was = draw(CHOICES), by_id.get(key)
        if choice == "new" or (choice == "tweak" and was is None):
            people.append(draw(new_persons).model_copy(update={"id": key}))
        elif choice == "tweak" and was is not None:
            people.append(was.model_copy(update={"role": draw(optional_texts)}))
        elif choice == "keep" and was is not None:
            people.append(was)
    figures: dict[str, Metric] = {}
    for key in METRIC_KEYS:
        choice, old = draw(CHOICES), of.metrics.get(key)
        if choice == "new" or (choice == "tweak" and old is None):
            figures[key] = draw(new_metrics)
        elif choice == "tweak" and old is not None:
            figures[key] = old.model_copy(update={"note": draw(optional_texts)})
        elif choice == "keep" and old is not None:
            figures[key] = old
    return of.model_copy(update={"responses": answers, "persons": people, "metrics": figures})


@st.composite
def rounds(draw: st.DrawFn) -> tuple[Assessment, Assessment, Assessment]:
    """What was exported (base), the file now, and the workbook that came back."""
    start = draw(assessments)
    base = draw(variant(start.model_copy(update={"persons": [], "metrics": {}})))
    return base, draw(variant(base)), draw(variant(base))


def _kept_whole(
    outcome: MergeOutcome, exported: dict[Any, Any], returned: dict[Any, Any]
) -> set[tuple[str, str]]:
    """The entries the workbook removed whose removal the file won (``--ours``)."""
    last = {"responses": "status", "persons": "present", "metrics": "value"}
    kept = set()
    for place in outcome.kept_file:
        removal = (place[0], place[1], last[place[0]])
        if removal in exported and removal not in returned:
            kept.add((place[0], place[1]))
    return kept


def _restored_whole(
    outcome: MergeOutcome, file: Assessment, returned: dict[Any, Any], prefer: Any
) -> set[tuple[str, str]]:
    """The entries the file removed whose removal the workbook won (``--theirs``)."""
    if prefer != "workbook":
        return set()
    last = {"responses": "status", "persons": "present", "metrics": "value"}
    restored = set()
    for conflict in outcome.conflicts:
        kind, key = conflict.place[0], conflict.place[1]
        if _entry(file, kind, key) is None and (kind, key, last[kind]) in returned:
            restored.add((kind, key))
    return restored


def _places(assessment: Assessment, scope: Scope, entry: tuple[str, str]) -> dict[Any, Any]:
    found = canonical_places(places_of(assessment.model_dump(), scope))
    return {place: value for place, value in found.items() if place[:2] == entry}


def _keys(assessment: Assessment, kind: str) -> set[str]:
    if kind == "persons":
        return {person.id for person in assessment.persons}
    return set(getattr(assessment, kind))


def _entry(assessment: Assessment, kind: str, key: str) -> Any:
    if kind == "persons":
        return next((person for person in assessment.persons if person.id == key), None)
    return getattr(assessment, kind).get(key)


def _outcome(outcome: MergeOutcome) -> tuple[Any, ...]:
    return (outcome.assessment, outcome.taken, outcome.conflicts, outcome.kept_file)


@settings(max_examples=300, deadline=None)
@given(round_=rounds(), prefer=st.sampled_from([None, "workbook", "file"]))
def test_the_narrow_merge_decides_as_the_whole_file_merge(
    round_: tuple[Assessment, Assessment, Assessment], prefer: Any
) -> None:
    base, file, workbook = round_
    given_scope = Scope(
        tuple(REQUIREMENT_IDS),
        tuple(person.id for person in base.persons),
        tuple(base.metrics),
    )
    exported = canonical_places(places_of(base.model_dump(), given_scope))
    scope = given_scope.widened((person.id for person in workbook.persons), workbook.metrics)
    returned = places_of(workbook.model_dump(), scope)

    narrow = merge_three_way(exported, file, returned, scope, prefer)
    whole = reference_merge(exported, file, returned, scope, prefer)

    kept_whole = _kept_whole(narrow, exported, returned)
    restored = _restored_whole(narrow, file, returned, prefer)
    if not kept_whole and not restored:
        assert _outcome(narrow) == _outcome(whole)
    else:
        # --ours on a removal keeps the whole answer, person or metric as the file has it
        # (the first merge emptied the rest of it), and --theirs on an entry the file removed
        # brings back the whole of it as the workbook holds it (the first merge wrote only
        # the values in conflict); everything else as the whole-file merge
        special = kept_whole | restored
        assert (narrow.conflicts, narrow.kept_file) == (whole.conflicts, whole.kept_file)
        assert [p for p in narrow.taken if p[:2] not in restored] == [
            p for p in whole.taken if p[:2] not in special
        ]
        for kind, key in kept_whole:
            assert _entry(narrow.assessment, kind, key) == _entry(file, kind, key)
        for entry in restored:
            assert _places(narrow.assessment, scope, entry) == {
                place: value
                for place, value in canonical_places(returned).items()
                if place[:2] == entry
            }
        for kind in ("responses", "persons", "metrics"):
            keys = {k for k in _keys(whole.assessment, kind) | _keys(file, kind)}
            for key in keys - {k for w, k in special if w == kind}:
                assert _entry(narrow.assessment, kind, key) == _entry(whole.assessment, kind, key)
    # what was rebuilt in part is a whole, valid assessment
    assert Assessment.model_validate(narrow.assessment.model_dump()) == narrow.assessment


def test_an_untouched_workbook_changes_nothing_and_builds_nothing() -> None:
    """A workbook returned as it was given is a no-op: the very same assessment comes back."""
    file = load_assessment(CONTRACT_ASSESSMENT)
    scope = Scope(tuple(file.responses), tuple(p.id for p in file.persons), tuple(file.metrics))
    exported = places_of(file.model_dump(), scope)
    outcome = merge_three_way(canonical_places(exported), file, exported, scope)
    assert outcome.assessment is file
    assert (outcome.taken, outcome.conflicts) == ([], [])
