"""What the checklist does not show but must not lose: the audit's own records.

A finding's action beyond its text, owner and due date (correction, root cause, verification,
closure), the auditor's judged grade, a pilot's ``generalist`` mark and the actions on coverage
findings are the auditor's, not the departments'. The workbook carries them untouched in one
JSON value on its hidden metadata sheet, and an import puts them back (from the file imported
into, when there is one, else from the workbook), so export → import stays lossless.

A department's workbook carries only the records of its own part (:func:`part_extras`): those of
its requirements and its own persons, and the coverage action on the department itself — never
another department's corrections or root causes.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from lotscert.models.assessment import Action, Assessment, Judgement, Response

#: The metadata key holding the extras (absent when there are none).
AUDIT_KEY = "audit"
_ACTION_EXTRAS = ("correction", "root_cause", "verification", "closure")


def audit_extras(assessment: Assessment) -> dict[str, Any]:
    """The records of ``assessment`` the workbook has no cells for (empty when none)."""
    responses: dict[str, Any] = {}
    for rid, response in assessment.responses.items():
        entry: dict[str, Any] = {}
        if response.action is not None:
            dumped = response.action.model_dump(mode="json", include=set(_ACTION_EXTRAS))
            action = {key: value for key, value in dumped.items() if value is not None}
            if action:
                entry["action"] = action
        if response.judgement is not None:
            entry["judgement"] = response.judgement.model_dump(mode="json")
        if entry:
            responses[rid] = entry
    extras: dict[str, Any] = {}
    if responses:
        extras["responses"] = responses
    generalists = [person.id for person in assessment.persons if person.generalist is not None]
    if generalists:
        extras["generalist"] = {
            person.id: person.generalist
            for person in assessment.persons
            if person.generalist is not None
        }
    if assessment.coverage_actions is not None:
        extras["coverage_actions"] = assessment.coverage_actions.model_dump(mode="json")
    return extras


def part_extras(
    extras: dict[str, Any],
    department: str,
    requirements: Collection[str],
    persons: Collection[str] | None,
) -> dict[str, Any]:
    """The extras that belong to one department's workbook: the records of ``requirements``,
    the ``generalist`` marks of ``persons`` (None: the workbook has no persons) and the
    coverage action on ``department`` itself."""
    kept: dict[str, Any] = {}
    wanted = set(requirements)
    responses = {rid: e for rid, e in extras.get("responses", {}).items() if rid in wanted}
    if responses:
        kept["responses"] = responses
    own = set(persons or ())
    generalist = {pid: v for pid, v in extras.get("generalist", {}).items() if pid in own}
    if generalist:
        kept["generalist"] = generalist
    coverage = extras.get("coverage_actions") or {}
    if department in coverage.get("departments", {}):
        kept["coverage_actions"] = {
            "departments": {department: coverage["departments"][department]},
            "specialist_areas": {},
        }
    return kept


def dump_extras(extras: dict[str, Any]) -> str:
    """The extras as the metadata value (sorted keys: the same content gives the same text)."""
    return json.dumps(extras, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _with_response_extras(response: Response, entry: dict[str, Any]) -> Response:
    update: dict[str, Any] = {}
    action_extras = entry.get("action")
    if response.action is not None and action_extras:
        action = Action.model_validate(
            {**response.action.model_dump(mode="json", exclude_none=True), **action_extras}
        )
        update["action"] = action
    if response.judgement is None and entry.get("judgement") is not None:
        update["judgement"] = Judgement.model_validate(entry["judgement"])
    return response.model_copy(update=update) if update else response


def restore_extras(assessment: Assessment, extras: dict[str, Any]) -> Assessment:
    """``assessment`` with the extras put back where the workbook left their place empty."""
    if not extras:
        return assessment
    responses = dict(assessment.responses)
    for rid, entry in extras.get("responses", {}).items():
        if rid in responses:
            responses[rid] = _with_response_extras(responses[rid], entry)
    generalist = extras.get("generalist", {})
    persons = [
        person.model_copy(update={"generalist": generalist[person.id]})
        if person.generalist is None and person.id in generalist
        else person
        for person in assessment.persons
    ]
    data = {name: getattr(assessment, name) for name in type(assessment).model_fields}
    data.update(responses=responses, persons=persons)
    if assessment.coverage_actions is None and extras.get("coverage_actions") is not None:
        data["coverage_actions"] = extras["coverage_actions"]
    return Assessment.model_validate(data)
