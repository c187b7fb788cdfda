"""Helpers shared by several report builders: titles, names, links, the decision in words."""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from lotscert.labels import decision_text, label
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import GRADES, Result
from lotscert.reports.context.views import DecisionView, GradeCount
from lotscert.reports.i18n import tr, translations
from lotscert.warningtext import held_back_note

GRADE_ORDER: Final[dict[str, int]] = {grade: index for index, grade in enumerate(GRADES)}


def safe_href(ref: str) -> str | None:
    """``ref`` when it is an absolute http(s) URL with a host; anything else is no link."""
    text = ref.strip()
    # Any space, control, format or text-direction character: no link (what a link shows must
    # be exactly where it leads).
    if not text.isprintable() or any(character.isspace() for character in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


def person_label(person_id: str, name: str | None, with_names: bool) -> str:
    """The pseudonymous id, or ``Name (id)`` when names may be shown."""
    if with_names and name:
        return f"{name} ({person_id})"
    return person_id


def level_title(catalog: Catalog, level_id: str, lang: Language) -> str:
    level = catalog.levels_by_id.get(level_id)
    return level.title.get(lang) if level else level_id


def cornerstone_title(catalog: Catalog, cornerstone_id: str | None, lang: Language) -> str:
    if cornerstone_id is None:
        return ""
    cornerstone = catalog.cornerstones_by_id.get(cornerstone_id)
    return cornerstone.title.get(lang) if cornerstone else cornerstone_id


def area_title(catalog: Catalog, area_id: str, lang: Language) -> str:
    if catalog.competence is not None:
        for area in catalog.competence.areas:
            if area.id == area_id:
                return area.title.get(lang)
    return area_id


def department_name(assessment: Assessment, department_id: str | None) -> str:
    if department_id is None:
        return ""
    for department in assessment.departments:
        if department.id == department_id:
            return department.name
    return department_id


def language_name(code: str, lang: Language) -> str:
    """``sv`` → ``svenska``/``Swedish`` when the table knows the language, else the code."""
    key = f"language_{code}"
    table = translations(lang)
    return table.get(key, code)


def _verified_note(
    major: int, major_total: int, minor: int, minor_total: int, lang: Language
) -> str | None:
    """``Verifierade åtgärder: 4 av 4 mindre avvikelser; …`` (None when nothing is verified)."""
    if not major and not minor:
        return None
    parts = [
        tr(lang, key, count=count, total=total)
        for key, count, total in (
            ("verified_part_major", major, major_total),
            ("verified_part_minor", minor, minor_total),
        )
        if total
    ]
    return tr(lang, "verified_note", parts=tr(lang, "and").join(parts))


def decision_view(result: Result, lang: Language) -> DecisionView:
    decision = result.decision
    counts = [
        GradeCount("major", label("grade_plural", "major", lang), decision.major),
        GradeCount("minor", label("grade_plural", "minor", lang), decision.minor),
        GradeCount(
            "observation", label("grade_plural", "observation", lang), decision.observations
        ),
    ]
    return DecisionView(
        outcome=decision.outcome,
        text=decision_text(decision.outcome, decision.readiness_only, lang, result.kind),
        readiness_only=decision.readiness_only,
        note=tr(lang, "readiness_note") if decision.readiness_only else None,
        corrective_action_deadline=decision.corrective_action_deadline,
        valid_until=decision.valid_until,
        counts=counts,
        complete=result.complete,
        not_assessed_shall=list(decision.not_assessed_shall),
        verified_note=_verified_note(
            decision.major_verified, decision.major, decision.minor_verified, decision.minor, lang
        ),
        held_back_note=held_back_note(result, lang),
    )
