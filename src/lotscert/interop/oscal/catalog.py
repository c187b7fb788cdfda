"""A lotscert catalogue as an OSCAL ``catalog``.

Levels are groups, requirements controls. Each control has a ``statement`` part (the
requirement's text) and a ``guidance`` part, OSCAL's ``label`` prop with the requirement id,
and props in lotscert's namespace for what OSCAL has no field for: modality, weight,
cornerstone, expected kinds of evidence and the metric target. The catalogue's maturity scale
and cornerstones are props of the metadata. One language per document (``lang``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from lotscert.interop.ids import oscal_token, stable_uuid
from lotscert.interop.oscal.common import NS, OSCAL_VERSION, moment, prop
from lotscert.interop.oscal.markup import to_markup, to_markup_line
from lotscert.models.catalog import Catalog, Level, Requirement
from lotscert.models.common import Language


def number(value: Decimal) -> str:
    """A decimal as the shortest plain text (``2``, ``1.5``)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def catalog_digest(catalog: Catalog) -> str:
    """SHA-256 of the catalogue's content (what the document's UUID follows)."""
    return hashlib.sha256(catalog.model_dump_json().encode("utf-8")).hexdigest()


def control_id(requirement_id: str) -> str:
    """The control id of a requirement."""
    return oscal_token(requirement_id)


def statement_id(requirement_id: str) -> str:
    """The id of a control's statement part (what a finding's target names)."""
    return f"{control_id(requirement_id)}_smt"


def group_id(level_id: str) -> str:
    """The group id of a level."""
    return oscal_token(level_id)


def _control(requirement: Requirement, lang: Language) -> dict[str, Any]:
    identifier = control_id(requirement.id)
    props: list[dict[str, Any] | None] = [
        prop("label", requirement.id, core=True),
        prop("modality", requirement.modality),
        prop("weight", number(requirement.weight)),
        prop("cornerstone", requirement.cornerstone),
    ]
    props += [prop("evidence-kind", kind) for kind in requirement.evidence]
    metric = requirement.metric
    if metric is not None:
        props += [
            prop("metric-key", metric.key),
            prop("metric-operator", metric.op),
            prop("metric-target", number(metric.target)),
            prop("metric-unit", metric.unit.get(lang) if metric.unit else None),
        ]
    return {
        "id": identifier,
        "class": "requirement",
        "title": to_markup_line(requirement.title.get(lang)),
        "props": props,
        "parts": [
            {
                "id": statement_id(requirement.id),
                "name": "statement",
                "prose": to_markup(requirement.text.get(lang)),
            },
            {
                "id": f"{identifier}_gdn",
                "name": "guidance",
                "prose": to_markup(requirement.guidance.get(lang)),
            },
        ],
    }


def _group(catalog: Catalog, level: Level, lang: Language) -> dict[str, Any]:
    shall_na = catalog.shall_may_be_not_applicable(level.id)
    return {
        "id": group_id(level.id),
        "class": "level",
        "title": to_markup_line(level.title.get(lang)),
        "props": [
            prop("level-id", level.id),
            prop("shall-may-be-not-applicable", "true" if shall_na else "false"),
        ],
        "controls": [
            _control(requirement, lang)
            for requirement in catalog.requirements
            if requirement.level == level.id
        ],
    }


def catalog_document(catalog: Catalog, modified: dt.date, lang: Language = "sv") -> dict[str, Any]:
    """The OSCAL catalog for ``catalog``; ``modified`` is its ``last-modified`` date."""
    scale_props = [
        {
            "name": "maturity-step",
            "ns": NS,
            "value": str(step.value),
            "class": "maturity-scale",
            "remarks": to_markup(step.title.get(lang))
            + (
                "\n\n" + to_markup(step.description.get(lang))
                if step.description is not None
                else ""
            ),
        }
        for step in catalog.scale
    ]
    cornerstone_props = [
        {
            "name": "cornerstone",
            "ns": NS,
            "value": cornerstone.id,
            "class": "cornerstone-definition",
            "remarks": to_markup(cornerstone.title.get(lang)),
        }
        for cornerstone in catalog.cornerstones
    ]
    return {
        "catalog": {
            "uuid": stable_uuid(
                "catalog", catalog.ref, catalog_digest(catalog), modified.isoformat(), lang
            ),
            "metadata": {
                "title": to_markup_line(catalog.title.get(lang)),
                "last-modified": moment(modified),
                "version": " ".join(catalog.version.split()),
                "oscal-version": OSCAL_VERSION,
                "props": [
                    prop("catalog-id", catalog.id),
                    prop("language", lang),
                    *scale_props,
                    *cornerstone_props,
                ],
                "remarks": to_markup(catalog.basis.get(lang)),
            },
            "groups": [_group(catalog, level, lang) for level in catalog.levels],
        }
    }
