"""A lotscert catalogue as a CISO Assistant framework library (YAML).

The library names itself with lowercase ASCII URNs under the ``lotscert`` packager
(``urn:lotscert:risk:library:<catalogue>-<version>``). Its framework carries the maturity
scale as ``scores_definition`` (``min_score``/``max_score`` from the scale), the cornerstones
as ``implementation_groups_definition``, and a tree of ``requirement_nodes``: each level a
non-assessable node at depth 1, each requirement an assessable node at depth 2 under it, with
its text as description, its guidance as ``typical_evidence``, modality, evidence kinds and
metric in ``annotation``, its cornerstone as its implementation group and an integer weight.
Texts are in the chosen language, the other one under ``translations``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from lotscert.errors import Location
from lotscert.interop.ids import ascii_slug
from lotscert.interop.problems import InteropError
from lotscert.labels import label
from lotscert.models.catalog import Catalog, Requirement
from lotscert.models.common import Language, Text
from lotscert.yamlwrite import dump_plain

PACKAGER = "lotscert"


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


def _other(lang: Language) -> Language:
    return "en" if lang == "sv" else "sv"


def library_slug(catalog: Catalog) -> str:
    """``ss884000-1.0``: the catalogue and its version, lowercase ASCII."""
    return ascii_slug(f"{catalog.id}-{catalog.version}") or "catalogue"


def library_urn(catalog: Catalog) -> str:
    """The library's URN."""
    return f"urn:{PACKAGER}:risk:library:{library_slug(catalog)}"


def framework_urn(catalog: Catalog) -> str:
    """The framework's URN."""
    return f"urn:{PACKAGER}:risk:framework:{library_slug(catalog)}"


def node_urns(catalog: Catalog, lang: Language = "sv") -> tuple[dict[str, str], dict[str, str]]:
    """The URN of every level node and requirement node; a clash (two ids that are the same in
    lowercase ASCII) is an error, since CISO Assistant lowercases every URN."""
    prefix = f"urn:{PACKAGER}:risk:req_node:{library_slug(catalog)}:"
    seen: dict[str, str] = {}
    levels: dict[str, str] = {}
    requirements: dict[str, str] = {}
    for identifier, target in [
        *((level.id, levels) for level in catalog.levels),
        *((req.id, requirements) for req in catalog.requirements),
    ]:
        slug = ascii_slug(identifier)
        urn = prefix + (slug or "node")
        if urn in seen or not slug:
            raise InteropError(
                _say(
                    lang,
                    f"{identifier}: samma URN som {seen.get(urn, '—')} ({urn}); CISO Assistant "
                    "skriver alla URN med små ASCII-bokstäver – byt det ena id:t",
                    f"{identifier}: the same URN as {seen.get(urn, '—')} ({urn}); CISO "
                    "Assistant writes every URN in lowercase ASCII – change one of the ids",
                ),
                Location(catalog.ref),
            )
        seen[urn] = identifier
        target[identifier] = urn
    return levels, requirements


@dataclass(frozen=True)
class WeightScale:
    """Integer weights for CISO Assistant: every weight times ``factor``."""

    factor: int
    weights: dict[str, int] = field(default_factory=dict)


def integer_weights(catalog: Catalog) -> WeightScale:
    """Whole-number weights in the same proportions (×1 when they already are whole)."""
    fractions = {req.id: Fraction(req.weight) for req in catalog.requirements}
    factor = 1
    for value in fractions.values():
        factor = math.lcm(factor, value.denominator)
    return WeightScale(factor, {key: int(value * factor) for key, value in fractions.items()})


def _translated(fields: dict[str, Text | None], lang: Language) -> dict[str, Any] | None:
    other = _other(lang)
    values = {
        name: (text.en if other == "en" else text.sv)
        for name, text in fields.items()
        if text is not None and (text.en if other == "en" else text.sv)
    }
    return {other: values} if values else None


def _number(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _annotation(requirement: Requirement, lang: Language) -> str:
    parts = [
        _say(lang, "Ska-krav", "Shall requirement")
        if requirement.modality == "shall"
        else _say(lang, "Bör-krav", "Should requirement")
    ]
    if requirement.evidence:
        kinds = ", ".join(label("evidence_kind", kind, lang) for kind in requirement.evidence)
        parts.append(_say(lang, f"Förväntat underlag: {kinds}", f"Expected evidence: {kinds}"))
    if requirement.metric is not None:
        metric = requirement.metric
        unit = f" {metric.unit.get(lang)}" if metric.unit else ""
        parts.append(
            _say(lang, "Mått", "Metric")
            + f": {metric.key} {metric.op} {_number(metric.target)}{unit}"
        )
    return ". ".join(parts) + "."


def library_document(
    catalog: Catalog,
    *,
    lang: Language = "sv",
    version: int = 1,
    provider: str = PACKAGER,
    copyright_text: str | None = None,
) -> dict[str, Any]:
    """The framework library as plain data, in CISO Assistant's key order."""
    levels, requirements = node_urns(catalog, lang)
    weights = integer_weights(catalog)
    slug = library_slug(catalog)
    ref_id = f"{catalog.id}-{catalog.version}"
    name = catalog.title.get(lang)
    description = catalog.basis.get(lang)
    nodes: list[dict[str, Any]] = []
    for level in catalog.levels:
        node: dict[str, Any] = {
            "urn": levels[level.id],
            "assessable": False,
            "depth": 1,
            "name": level.title.get(lang),
        }
        translations = _translated({"name": level.title}, lang)
        if translations:
            node["translations"] = translations
        nodes.append(node)
        for requirement in catalog.requirements:
            if requirement.level != level.id:
                continue
            other = _other(lang)
            annotation_other = _annotation(requirement, other)
            node = {
                "urn": requirements[requirement.id],
                "assessable": True,
                "depth": 2,
                "parent_urn": levels[level.id],
                "ref_id": requirement.id,
                "name": requirement.title.get(lang),
                "description": requirement.text.get(lang),
                "annotation": _annotation(requirement, lang),
                "typical_evidence": requirement.guidance.get(lang),
                "implementation_groups": [requirement.cornerstone],
                "weight": weights.weights[requirement.id],
            }
            translations = _translated(
                {
                    "name": requirement.title,
                    "description": requirement.text,
                    "typical_evidence": requirement.guidance,
                },
                lang,
            )
            if translations:
                translations[other]["annotation"] = annotation_other
                node["translations"] = translations
            nodes.append(node)
    scores = []
    for step in catalog.scale:
        score: dict[str, Any] = {
            "score": step.value,
            "name": step.title.get(lang),
            "description": step.description.get(lang) if step.description else None,
        }
        translations = _translated({"name": step.title, "description": step.description}, lang)
        if translations:
            score["translations"] = translations
        scores.append(score)
    groups = []
    for cornerstone in catalog.cornerstones:
        group: dict[str, Any] = {
            "ref_id": cornerstone.id,
            "name": cornerstone.title.get(lang),
            "description": None,
        }
        translations = _translated({"name": cornerstone.title}, lang)
        if translations:
            group["translations"] = translations
        groups.append(group)
    framework: dict[str, Any] = {
        "urn": framework_urn(catalog),
        "ref_id": ref_id,
        "name": name,
        "description": description,
        "min_score": min(step.value for step in catalog.scale),
        "max_score": catalog.top,
        "scores_definition": scores,
        "implementation_groups_definition": groups,
        "requirement_nodes": nodes,
    }
    translations = _translated({"name": catalog.title, "description": catalog.basis}, lang)
    if translations:
        framework["translations"] = translations
    document: dict[str, Any] = {
        "urn": f"urn:{PACKAGER}:risk:library:{slug}",
        "locale": lang,
        "ref_id": ref_id,
        "name": name,
        "description": description,
        "copyright": copyright_text or description,
        "version": version,
        "provider": provider,
        "packager": PACKAGER,
    }
    if translations:
        document["translations"] = translations
    document["objects"] = {"framework": framework}
    return document


def library_yaml(document: dict[str, Any]) -> str:
    """The library as YAML text (UTF-8, keys in order, no anchors)."""
    return dump_plain(document)
