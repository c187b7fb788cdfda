"""What changed between two versions of a catalogue, requirement by requirement.

The newer catalogue's ``replaces`` map says which old id became which new id (an id it does
not name is taken to be kept as it is). :func:`catalog_changes` lists, in the new catalogue's
order, every requirement that is new, gone or different — modality (ska/bör), weight, level,
cornerstone, title, text, guidance, evidence kinds or the metric that decides it — and
:func:`change_lines` words the list for a person (``lotscert init --from`` prints it).
"""

from __future__ import annotations

from dataclasses import dataclass

from lotscert.models.catalog import Catalog, MetricTarget, Requirement
from lotscert.models.common import Language

#: The aspects compared, in the order they are reported.
ASPECTS: tuple[str, ...] = (
    "modality",
    "weight",
    "level",
    "cornerstone",
    "title",
    "text",
    "guidance",
    "evidence",
    "metric",
    "persons",
)


@dataclass(frozen=True)
class RequirementChange:
    """One requirement that differs between the versions."""

    old_id: str | None  # None: new in the newer catalogue
    new_id: str | None  # None: removed
    aspects: tuple[str, ...] = ()
    old: Requirement | None = None
    new: Requirement | None = None


def _metric_text(metric: MetricTarget | None, lang: Language = "en") -> str:
    if metric is None:
        return "–"
    sv = lang == "sv"
    parts = [f"{metric.key} {metric.op} {metric.target}"]
    if metric.source_kind:
        parts.append(f"{'källtyp' if sv else 'source'} {metric.source_kind}")
    if metric.area:
        parts.append(f"{'område' if sv else 'area'} {metric.area}")
    if metric.factor:
        parts.append(f"{'faktor' if sv else 'factor'} {metric.factor}")
    if metric.min_answers is not None:
        parts.append(f"≥ {metric.min_answers} {'svar' if sv else 'answers'}")
    if metric.max_age_months is not None:
        parts.append(f"≤ {metric.max_age_months} {'månader' if sv else 'months'}")
    return ", ".join(parts)


def _differences(old: Requirement, new: Requirement) -> tuple[str, ...]:
    found = []
    for aspect in ASPECTS:
        if aspect == "metric":
            if _metric_text(old.metric) != _metric_text(new.metric) or (
                old.metric is not None
                and new.metric is not None
                and old.metric.unit != new.metric.unit
            ):
                found.append(aspect)
        elif aspect == "evidence":
            if sorted(old.evidence) != sorted(new.evidence):
                found.append(aspect)
        elif getattr(old, aspect) != getattr(new, aspect):
            found.append(aspect)
    return tuple(found)


def catalog_changes(old: Catalog, new: Catalog) -> list[RequirementChange]:
    """Every requirement that differs from ``old`` to ``new`` (new order, removed ones last)."""
    renamed = dict(new.replaces or {})
    new_from_old: dict[str, str] = {}
    for requirement in old.requirements:
        target = renamed.get(requirement.id, requirement.id)
        if target in new.requirements_by_id:
            new_from_old.setdefault(target, requirement.id)
    changes: list[RequirementChange] = []
    for requirement in new.requirements:
        old_id = new_from_old.get(requirement.id)
        if old_id is None:
            changes.append(RequirementChange(None, requirement.id, (), None, requirement))
            continue
        before = old.requirements_by_id[old_id]
        aspects = _differences(before, requirement)
        if old_id != requirement.id:
            aspects = ("id", *aspects)
        if aspects:
            changes.append(RequirementChange(old_id, requirement.id, aspects, before, requirement))
    kept = set(new_from_old.values())
    for requirement in old.requirements:
        if requirement.id not in kept:
            changes.append(RequirementChange(requirement.id, None, (), requirement, None))
    return changes


_WORDS: dict[str, tuple[str, str]] = {
    "title": ("rubriken", "title"),
    "text": ("kravtexten", "text"),
    "guidance": ("vägledningen", "guidance"),
    "level": ("nivå", "level"),
    "cornerstone": ("hörnsten", "cornerstone"),
}


def _modality(value: str, lang: Language) -> str:
    if lang == "en":
        return value
    return "ska" if value == "shall" else "bör"


def change_lines(changes: list[RequirementChange], lang: Language = "sv") -> list[str]:
    """One line per changed requirement, e.g. ``L8 "Inte mitt bord" finns inte: bör → ska;
    kravtexten omformulerad``."""
    sv = lang == "sv"
    lines = []
    for change in changes:
        if change.new is None and change.old is not None:
            title = change.old.title.get(lang)
            lines.append(
                f"{change.old.id} {title}: "
                + ("borttaget i den nya versionen" if sv else "removed in the new version")
            )
            continue
        assert change.new is not None
        title = change.new.title.get(lang)
        if change.old is None:
            modality = _modality(change.new.modality, lang)
            lines.append(
                f"{change.new.id} {title}: "
                + (f"nytt krav ({modality})" if sv else f"new requirement ({modality})")
            )
            continue
        old, new = change.old, change.new
        parts: list[str] = []
        for aspect in change.aspects:
            match aspect:
                case "id":
                    parts.append(f"{'tidigare' if sv else 'formerly'} {old.id}")
                case "modality":
                    parts.append(
                        f"{_modality(old.modality, lang)} → {_modality(new.modality, lang)}"
                    )
                case "weight":
                    parts.append(f"{'vikt' if sv else 'weight'} {old.weight} → {new.weight}")
                case "level" | "cornerstone":
                    word = _WORDS[aspect][0 if sv else 1]
                    parts.append(f"{word} {getattr(old, aspect)} → {getattr(new, aspect)}")
                case "title":
                    parts.append(
                        f'{"tidigare rubrik" if sv else "formerly titled"} "{old.title.get(lang)}"'
                    )
                case "text" | "guidance":
                    word = _WORDS[aspect][0 if sv else 1]
                    parts.append(f"{word} {'omformulerad' if sv else 'reworded'}")
                case "evidence":
                    added = sorted(set(new.evidence) - set(old.evidence))
                    removed = sorted(set(old.evidence) - set(new.evidence))
                    change_text = ", ".join(
                        [*(f"+{kind}" for kind in added), *(f"−{kind}" for kind in removed)]
                    )
                    parts.append(f"{'underlagstyper' if sv else 'evidence kinds'} {change_text}")
                case "persons":
                    parts.append(
                        "kopplingen till personregistret ändrad"
                        if sv
                        else "link to the persons register changed"
                    )
                case "metric":
                    parts.append(
                        f"{'mått' if sv else 'metric'}: {_metric_text(old.metric, lang)} → "
                        f"{_metric_text(new.metric, lang)}"
                    )
        lines.append(f"{new.id} {title}: " + "; ".join(parts))
    return lines
