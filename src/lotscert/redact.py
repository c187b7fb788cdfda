"""A copy of an assessment without the names of people, for sending to a national comparison.

What goes: every person's ``name`` (the pseudonymous ``id`` stays), every assessor's ``name``
(replaced by "bedömare 1", "bedömare 2" … since an assessor must have one), and every
occurrence of those names — whole, by part (first name, surname) and in the genitive ("Annas")
— in the free text of the file: comments, notes, evidence references, actions and their
owners, roles, organisations and metric sources. A name in running text is replaced by the
person's id or the assessor's pseudonym, so the text still says who did what.

What stays: the municipality, departments, ids, statuses, figures and dates. Names of people
the file does not declare (say, someone mentioned only in a comment) cannot be recognised; check
free text by hand before sending.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lotscert.models.assessment import Assessment
from lotscert.models.common import Language

#: Fields whose text is never a name and must not change (keys of the data as dumped).
_KEEP = frozenset({"catalog", "municipality", "kind", "status", "id", "department", "date"})


def _assessor_label(number: int, lang: Language) -> str:
    return f"assessor {number}" if lang == "en" else f"bedömare {number}"


def _name_parts(name: str) -> list[str]:
    """A name's parts worth hiding on their own: ``Anna-Karin Ek`` → Anna-Karin, Anna, Karin,
    Ek (a single letter is kept: it is an initial at most)."""
    parts: list[str] = []
    for word in name.split():
        parts.append(word)
        parts.extend(piece for piece in word.split("-") if piece != word)
    return [part for part in parts if len(part.strip(".,")) >= 2]


def _replacer(names: dict[str, str]) -> Callable[[str], str]:
    """A function replacing every declared name (whole first, then by part) in a text."""
    patterns: list[tuple[re.Pattern[str], str]] = []
    for name, label in sorted(names.items(), key=lambda item: -len(item[0])):
        patterns.append((re.compile(rf"(?<!\w){re.escape(name)}s?(?!\w)", re.IGNORECASE), label))
    parts: dict[str, str] = {}
    for name, label in names.items():
        for part in _name_parts(name):
            parts.setdefault(part.strip(".,"), label)
    for part, label in sorted(parts.items(), key=lambda item: -len(item[0])):
        patterns.append((re.compile(rf"(?<!\w){re.escape(part)}s?(?!\w)", re.IGNORECASE), label))

    def replace(text: str) -> str:
        for pattern, label in patterns:
            text = pattern.sub(label, text)
        return text

    return replace


def _scrub(value: Any, replace: Callable[[str], str], key: str | None = None) -> Any:
    if key in _KEEP:
        return value
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, dict):
        return {k: _scrub(v, replace, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(item, replace) for item in value]
    return value


def declared_names(assessment: Assessment) -> list[str]:
    """The names of people the assessment itself declares (persons and assessors)."""
    names = [person.name for person in assessment.persons if person.name]
    names.extend(assessor.name for assessor in assessment.assessors)
    return [name.strip() for name in names if name.strip()]


def redact_assessment(assessment: Assessment, lang: Language = "sv") -> Assessment:
    """The assessment without the names of its persons and assessors (see the module)."""
    names: dict[str, str] = {}
    for person in assessment.persons:
        if person.name and person.name.strip():
            names.setdefault(person.name.strip(), person.id)
    for number, assessor in enumerate(assessment.assessors, start=1):
        if assessor.name.strip():
            names.setdefault(assessor.name.strip(), _assessor_label(number, lang))
    data = assessment.model_dump(mode="python", exclude_none=True)
    for person in data.get("persons", []):
        person.pop("name", None)
    for number, assessor in enumerate(data.get("assessors", []), start=1):
        assessor["name"] = _assessor_label(number, lang)
    if names:
        data = _scrub(data, _replacer(names))
    return Assessment.model_validate(data)
