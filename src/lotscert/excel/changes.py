"""What an import changes, value by value, as shown to the user before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from lotscert.excel.evidence_cell import format_evidence_cell
from lotscert.labels import label
from lotscert.models.assessment import Assessment, Evidence
from lotscert.models.common import Language


@dataclass(frozen=True)
class Change:
    """One changed value: where in the assessment, before and after (as shown to a user)."""

    field: str
    old: str
    new: str


def _show(value: Any, lang: Language, key: str = "") -> str:
    if value is None:
        return "—"
    if key == "status":
        return label("status", str(value), lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and isinstance(value[0], Evidence):
        return format_evidence_cell(value, lang)
    if isinstance(value, list) and not value:
        return "—"
    return str(value)


def diff(old: Assessment | None, new: Assessment, lang: Language = "sv") -> list[Change]:
    """Every changed value, field by field, in a stable order."""
    changes: list[Change] = []

    def add(path: str, before: Any, after: Any, key: str = "") -> None:
        before = None if before == [] else before
        after = None if after == [] else after
        if before != after:
            changes.append(Change(path, _show(before, lang, key), _show(after, lang, key)))

    if old is not None:
        for name in ("catalog", "period", "kind", "date"):
            add(name, getattr(old, name), getattr(new, name))
        add("municipality", old.municipality, new.municipality)
        add("assessors", old.assessors, new.assessors)
        add("departments", old.departments, new.departments)
    old_responses = old.responses if old else {}
    for requirement_id in [*old_responses, *(k for k in new.responses if k not in old_responses)]:
        before, after = old_responses.get(requirement_id), new.responses.get(requirement_id)
        prefix = f"responses.{requirement_id}"
        for key in ("status", "maturity", "evidence", "comment"):
            add(f"{prefix}.{key}", getattr(before, key, None), getattr(after, key, None), key)
        for key in ("text", "owner", "due"):
            add(
                f"{prefix}.action.{key}",
                getattr(before.action, key, None) if before and before.action else None,
                getattr(after.action, key, None) if after and after.action else None,
            )
    old_persons = {p.id: p for p in old.persons} if old else {}
    new_persons = {p.id: p for p in new.persons}
    for person_id in [*old_persons, *(k for k in new_persons if k not in old_persons)]:
        before_person, after_person = old_persons.get(person_id), new_persons.get(person_id)
        prefix = f"persons.{person_id}"
        if before_person is None or after_person is None:
            add(prefix, before_person and before_person.id, after_person and after_person.id)
            if after_person is None:
                continue
        for key in ("name", "department", "role"):
            add(f"{prefix}.{key}", getattr(before_person, key, None), getattr(after_person, key))
        for group in ("languages", "competences"):
            old_levels: dict[str, int] = getattr(before_person, group, {}) if before_person else {}
            new_levels: dict[str, int] = getattr(after_person, group)
            for item in [*old_levels, *(k for k in new_levels if k not in old_levels)]:
                add(f"{prefix}.{group}.{item}", old_levels.get(item), new_levels.get(item))
        old_training = before_person.training if before_person else None
        new_training = after_person.training
        old_modules = old_training.modules if old_training else {}
        new_modules = new_training.modules if new_training else {}
        for item in [*old_modules, *(k for k in new_modules if k not in old_modules)]:
            add(f"{prefix}.training.modules.{item}", old_modules.get(item), new_modules.get(item))
        for key in ("exam_score", "exam_date"):
            add(
                f"{prefix}.training.{key}",
                getattr(old_training, key, None),
                getattr(new_training, key, None),
            )
    old_metrics = old.metrics if old else {}
    for key in [*old_metrics, *(k for k in new.metrics if k not in old_metrics)]:
        before_metric, after_metric = old_metrics.get(key), new.metrics.get(key)
        for part in ("value", "source", "date", "note"):
            add(
                f"metrics.{key}.{part}",
                getattr(before_metric, part, None),
                getattr(after_metric, part, None),
            )
    return changes
