"""Provenance that no longer holds: a stamp (``answered_by``) names the parts of an answer a
workbook gave; when the file's value of such a part is no longer what that workbook brought
(the office corrected it in the YAML, another workbook changed it), the stamp must not go on
crediting the department with it.

The round's record knows what each workbook left (its ``merged`` values), so an import — which
holds the file and the record under the file's lock — drops from every other stamp the parts
whose value in the file is no longer that workbook's. A hand edit of the YAML is seen only by
the next import into the file (``status`` lists it as ``not_in_file`` meanwhile).

Pure: an assessment and a record in, an assessment out.
"""

from __future__ import annotations

from typing import Any

from lotscert.excel.threeway import ACTION_FIELDS, Scope, canonical_places, places_of
from lotscert.models.assessment import AnsweredBy, Assessment, Response

Values = dict[tuple[str, ...], Any]


def _workbook_values(
    record: dict[str, Any], stamp: AnsweredBy, cache: dict[tuple[Any, ...], Values]
) -> Values:
    """The values the stamp's workbook left (its record entry's ``merged``), or {} when the
    record cannot tell which workbook it was (none, or more than one, matches)."""
    key = (stamp.department, stamp.workbook)
    if key not in cache:
        cache[key] = _find_values(record, stamp)
    return cache[key]


def _find_values(record: dict[str, Any], stamp: AnsweredBy) -> Values:
    found = []
    for entry in (record.get("workbooks") or {}).values():
        if not isinstance(entry, dict) or entry.get("department") != stamp.department:
            continue
        files = {
            str(item.get("file")) for item in entry.get("imports") or [] if isinstance(item, dict)
        }
        if stamp.workbook in files and isinstance(entry.get("merged"), list):
            found.append(entry["merged"])
    if len(found) != 1:
        return {}
    return {
        tuple(str(part) for part in item[0]): item[1]
        for item in found[0]
        if isinstance(item, list) and len(item) == 2 and isinstance(item[0], list)
    }


def _still_given(
    stamp: AnsweredBy,
    requirement_id: str,
    now: Values,
    record: dict[str, Any],
    cache: dict[tuple[Any, ...], Values],
) -> AnsweredBy | None:
    """``stamp`` with only the parts whose value in the file is still its workbook's (None
    when none is left); unchanged when the record cannot tell."""
    if stamp.fields is None:
        return stamp  # the whole answer, as far as is known: nothing to compare
    given = _workbook_values(record, stamp, cache)
    if not given:
        return stamp
    kept = []
    for part in stamp.fields:
        names = [("action", name) for name in ACTION_FIELDS] if part == "action" else [(part,)]
        places = [("responses", requirement_id, *name) for name in names]
        if all(now.get(place) == given.get(place) for place in places):
            kept.append(part)
    if kept == list(stamp.fields):
        return stamp
    return stamp.model_copy(update={"fields": kept}) if kept else None


def without_stale_stamps(
    assessment: Assessment, record: dict[str, Any], own: set[str] | None = None
) -> Assessment:
    """``assessment`` with every stamp cut to the parts whose value is still what its workbook
    brought — but the latest stamp (``answered_by``) of the answers in ``own``, which the import
    being written just made (the record does not hold its values yet)."""
    own = own or set()
    responses: dict[str, Response] = {}
    cache: dict[tuple[Any, ...], Values] = {}
    for requirement_id, response in assessment.responses.items():
        stamps = [response.answered_by, *response.also_answered_by]
        if not any(s is not None for s in stamps):
            continue
        now = canonical_places(
            places_of(
                {"responses": {requirement_id: response.model_dump()}}, Scope((requirement_id,))
            )
        )
        cut = [
            s
            if s is None or (index == 0 and requirement_id in own)
            else _still_given(s, requirement_id, now, record, cache)
            for index, s in enumerate(stamps)
        ]
        if cut == stamps:
            continue
        left = [s for s in cut if s is not None]
        latest, others = (left[0], left[1:]) if left else (None, [])
        responses[requirement_id] = response.model_copy(
            update={"answered_by": latest, "also_answered_by": others}
        )
    if not responses:
        return assessment
    return assessment.model_copy(update={"responses": {**assessment.responses, **responses}})
