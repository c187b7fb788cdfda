"""The merge changes only what changed: comments, order and layout elsewhere stay."""

from __future__ import annotations

import re

from excel_strategies import REQUIREMENT_IDS, assessments
from hypothesis import given, settings

from lotscert.excel.merge import dump_new, merge_text
from lotscert.models.assessment import Action, Assessment, Evidence, Response

BASE = """\
# Exempelby 2027 – kommentar överst
catalog: exempel-mini@1.0
municipality: {code: "9901", name: "Exempelby"}  # fiktiv
period: 2027
kind: self_assessment
date: 2027-01-15
responses:
  # L1 – Beslut om företagslotsning
  # Vägledning: visa beslutet.
  L1:
    status: not_assessed
  # L2 – Resurser
  L2:
    status: partial  # preliminärt
    comment: "Ska utredas"
  # P1 – Kontaktperson
  P1:
    status: not_fulfilled
    action: {text: "Inför kontaktperson", due: 2027-06-30}
  # sista kommentaren
"""


def _base() -> Assessment:
    import yaml

    return Assessment.model_validate(yaml.safe_load(BASE))


def test_answers_go_under_their_requirement_and_every_comment_stays() -> None:
    old = _base()
    responses = dict(old.responses)
    responses["L1"] = Response(
        status="fulfilled",
        maturity=3,
        evidence=[Evidence(kind="document", ref="KS 2026-11-20 § 145")],
    )
    responses["L2"] = Response(status="fulfilled", maturity=4)  # the comment is removed
    responses["P1"] = responses["P1"].model_copy(
        update={"action": Action(text="Inför kontaktperson", owner="Lotssamordnaren")}
    )
    merged = merge_text(BASE, old, old.model_copy(update={"responses": responses}))
    assert merged == (
        """\
# Exempelby 2027 – kommentar överst
catalog: exempel-mini@1.0
municipality: {code: "9901", name: "Exempelby"}  # fiktiv
period: 2027
kind: self_assessment
date: 2027-01-15
responses:
  # L1 – Beslut om företagslotsning
  # Vägledning: visa beslutet.
  L1:
    status: fulfilled
    maturity: 3
    evidence:
      - kind: document
        ref: "KS 2026-11-20 § 145"
  # L2 – Resurser
  L2:
    status: fulfilled # preliminärt
    maturity: 4
  # P1 – Kontaktperson
  P1:
    status: not_fulfilled
    action: {text: "Inför kontaktperson", owner: Lotssamordnaren}
  # sista kommentaren
"""
    )


def test_new_texts_that_other_readers_would_misread_are_quoted() -> None:
    old = _base()
    responses = dict(old.responses)
    for requirement_id, comment in (("L1", "no"), ("L2", "1:20"), ("P1", "2026-01-01")):
        responses[requirement_id] = responses[requirement_id].model_copy(
            update={"comment": comment}
        )
    merged = merge_text(BASE, old, old.model_copy(update={"responses": responses}))
    assert 'comment: "no"' in merged
    assert 'comment: "1:20"' in merged
    assert 'comment: "2026-01-01"' in merged


def _with_comments(text: str, ids: list[str]) -> str:
    for requirement_id in ids:
        text = re.sub(
            rf"^  {re.escape(requirement_id)}:$",
            f"  # om {requirement_id}\n  {requirement_id}:",
            text,
            count=1,
            flags=re.MULTILINE,
        )
    return text


@settings(max_examples=60, deadline=None)
@given(first=assessments, second=assessments)
def test_comments_of_requirements_kept_stay_above_them(
    first: Assessment, second: Assessment
) -> None:
    ids = [r for r in REQUIREMENT_IDS if r in first.responses]
    text = _with_comments(dump_new(first), ids)
    second = second.model_copy(update={"catalog": first.catalog})
    merged = merge_text(text, first, second)
    for requirement_id in ids:
        if requirement_id in second.responses:
            assert f"  # om {requirement_id}\n  {requirement_id}:" in merged, merged
