"""The quick merge: changed values are replaced where they stand and nothing else moves; any
other change is left to the round-trip merge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from excel_strategies import assessments, texts
from hypothesis import event, given, settings
from hypothesis import strategies as st

from lotscert.excel.merge import dump_new, merge_text
from lotscert.excel.patch import NeedsFullMerge, patch_text
from lotscert.models.assessment import STATUSES, Assessment, Person, Training
from lotscert.yamlsource import parse_text

BASE = """\
# Exempelby 2027 – kommentar överst
catalog: exempel-mini@1.0
municipality: {code: "9901", name: "Exempelby"}  # fiktiv
period: 2027
kind: self_assessment
date: 2027-01-15
responses:
  # L1 – Beslut om företagslotsning
  L1:
    status: not_assessed
  L2:
    status: partial  # preliminärt
    comment: "Ska utredas"
    maturity: 2
  P1:
    status: not_fulfilled
    action: {text: "Inför kontaktperson", due: 2027-06-30}
    comment: |
      Ett block
      på två rader
persons:
  - id: lots-01
    name: Åsa Öberg   # lotsen
    competences: {bygglov: 2, miljo: 1}
    training: {modules: {grund: 2026-03-01}, exam_score: 0.70}
# sista kommentaren
"""


def _base() -> Assessment:
    return Assessment.model_validate(parse_text(BASE))


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    return [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]


def _update_response(old: Assessment, requirement_id: str, **changes: object) -> Assessment:
    responses = dict(old.responses)
    responses[requirement_id] = responses[requirement_id].model_copy(update=changes)
    return old.model_copy(update={"responses": responses})


def _update_person(old: Assessment, **changes: object) -> Assessment:
    person = old.persons[0].model_copy(update=changes)
    return old.model_copy(update={"persons": [person]})


def test_changed_values_are_replaced_in_place_and_every_comment_stays() -> None:
    old = _base()
    new = _update_response(old, "L2", status="fulfilled", comment="Klart, se beslut", maturity=4)
    new = _update_response(new, "L1", status="not_applicable")
    assert new.persons[0].training is not None
    training = new.persons[0].training.model_copy(
        update={"exam_score": Decimal("0.85"), "modules": {"grund": dt.date(2026, 4, 2)}}
    )
    new = _update_person(
        new, name="Åsa Öberg-Lind", competences={"bygglov": 3, "miljo": 1}, training=training
    )
    patched = patch_text(BASE, old, new)
    assert _changed_lines(BASE, patched) == [
        ("    status: not_assessed", "    status: not_applicable"),
        ("    status: partial  # preliminärt", "    status: fulfilled  # preliminärt"),
        ('    comment: "Ska utredas"', '    comment: "Klart, se beslut"'),
        ("    maturity: 2", "    maturity: 4"),
        ("    name: Åsa Öberg   # lotsen", '    name: "Åsa Öberg-Lind"   # lotsen'),
        ("    competences: {bygglov: 2, miljo: 1}", "    competences: {bygglov: 3, miljo: 1}"),
        (
            "    training: {modules: {grund: 2026-03-01}, exam_score: 0.70}",
            "    training: {modules: {grund: 2026-04-02}, exam_score: 0.85}",
        ),
    ]
    assert Assessment.model_validate(parse_text(patched)) == new
    assert merge_text(BASE, old, new) == patched


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "1:20",
        "2026-01-01",
        "a, b: {c}",
        '=HYPERLINK("http://x")',
        "två\nrader",
        "<script>alert(1)</script>",
        "tab\there",
        "\u2028line separator",
        "",
    ],
)
def test_new_texts_read_back_exactly_in_flow_and_block_context(text: str) -> None:
    old = _base()
    new = _update_response(old, "L2", comment=text)
    new = new.model_copy(
        update={"municipality": new.municipality.model_copy(update={"name": text or "x"})}
    )
    patched = patch_text(BASE, old, new)
    assert Assessment.model_validate(parse_text(patched)) == new


@pytest.mark.parametrize(
    "change",
    [
        lambda a: _update_response(a, "L2", comment=None),  # a value removed
        lambda a: _update_person(a, competences={"bygglov": 2, "miljo": 1, "alkohol": 1}),
        lambda a: _update_response(a, "P1", comment="inte längre ett block"),  # a block scalar
        lambda a: a.model_copy(update={"persons": [*a.persons, Person(id="lots-02", name="Bo")]}),
        lambda a: _update_person(a, competences={"bygglov": 2}),  # a key removed
        lambda a: _update_person(a, training=Training()),  # back to nothing in it
    ],
)
def test_other_changes_go_to_the_round_trip(change: object) -> None:
    old = _base()
    assert callable(change)
    new = change(old)
    with pytest.raises(NeedsFullMerge):
        patch_text(BASE, old, new)
    merged = merge_text(BASE, old, new)
    assert Assessment.model_validate(parse_text(merged)) == new
    assert "# sista kommentaren" in merged


def test_a_key_added_to_a_block_mapping_is_a_line_inserted_and_nothing_else_moves() -> None:
    """An answer's first comment, and the provenance an import adds (``answered_by``)."""
    from lotscert.models.assessment import AnsweredBy

    old = _base()
    stamp = AnsweredBy(
        department="sbf",
        name="Åsa: Öberg",
        workbook="sbf.xlsx",
        imported=dt.datetime(2027, 2, 1, 9, 30, tzinfo=dt.UTC),
    )
    new = _update_response(old, "L1", comment="ny: med kolon", answered_by=stamp)
    new = _update_response(new, "L2", answered_by=stamp)
    patched = patch_text(BASE, old, new)
    assert Assessment.model_validate(parse_text(patched)) == new
    added = [line for line in patched.splitlines() if line not in BASE.splitlines()]
    assert added == [
        '    answered_by: {department: sbf, name: "Åsa: Öberg", workbook: sbf.xlsx, '
        'imported: "2027-02-01T09:30:00+00:00"}',
        '    comment: "ny: med kolon"',
        '    answered_by: {department: sbf, name: "Åsa: Öberg", workbook: sbf.xlsx, '
        'imported: "2027-02-01T09:30:00+00:00"}',
    ]
    assert [line for line in BASE.splitlines() if line not in patched.splitlines()] == []
    assert merge_text(BASE, old, new) == patched


def test_anchors_go_to_the_round_trip() -> None:
    text = BASE.replace("period: 2027", "period: &p 2027")
    old = Assessment.model_validate(parse_text(text))
    new = _update_response(old, "L1", status="fulfilled")
    with pytest.raises(NeedsFullMerge):
        patch_text(text, old, new)


@settings(max_examples=80, deadline=None)
@given(first=assessments, data=st.data())
def test_changed_values_anywhere_read_back_as_the_new_assessment(
    first: Assessment, data: st.DataObject
) -> None:
    """Statuses, texts and names changed at random in a file lotscert wrote: the patch (or,
    when it declines, the round trip) gives a file that reads as exactly the new assessment."""
    text = dump_new(first)
    responses = {
        key: response.model_copy(
            update={
                "status": data.draw(st.sampled_from(STATUSES)),
                "comment": data.draw(texts) if response.comment is not None else None,
            }
        )
        for key, response in first.responses.items()
    }
    persons = [
        person.model_copy(update={"name": data.draw(texts)} if person.name is not None else {})
        for person in first.persons
    ]
    new = first.model_copy(update={"responses": responses, "persons": persons})
    try:
        patched = patch_text(text, first, new)
        event("patched in place")
    except NeedsFullMerge:
        patched = merge_text(text, first, new)
        event("round trip")
    assert Assessment.model_validate(parse_text(patched)) == new
