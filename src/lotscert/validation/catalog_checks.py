"""A catalogue must be consistent in itself: unique ids, and every reference resolves."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.models.catalog import Catalog


def _duplicates(ids: Iterable[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    repeated: list[tuple[int, str]] = []
    for index, identifier in enumerate(ids):
        if identifier in seen:
            repeated.append((index, identifier))
        seen.add(identifier)
    return repeated


def check_catalog(catalog: Catalog, file: str) -> list[Diagnostic]:
    """Every inconsistency of the catalogue, as errors with data paths."""
    found: list[Diagnostic] = []

    def error(path: DataPath, code: str, sv: str, en: str) -> None:
        found.append(Diagnostic(file, "error", code, sv, en, path))

    for name, ids in (
        ("levels", [level.id for level in catalog.levels]),
        ("cornerstones", [c.id for c in catalog.cornerstones]),
        ("requirements", [r.id for r in catalog.requirements]),
        ("scale", [str(step.value) for step in catalog.scale]),
    ):
        for index, identifier in _duplicates(ids):
            error(
                (name, index),
                "catalog.duplicate_id",
                f"{identifier} finns redan i {name}; varje id ska vara unikt",
                f"{identifier} already exists in {name}; every id must be unique",
            )
    level_ids = {level.id for level in catalog.levels}
    cornerstone_ids = {c.id for c in catalog.cornerstones}
    for index, requirement in enumerate(catalog.requirements):
        if requirement.level not in level_ids:
            error(
                ("requirements", index, "level"),
                "catalog.unknown_level",
                f"okänd nivå {requirement.level}; katalogen har {', '.join(sorted(level_ids))}",
                f"unknown level {requirement.level}; the catalogue has "
                f"{', '.join(sorted(level_ids))}",
            )
        if cornerstone_ids and requirement.cornerstone not in cornerstone_ids:
            error(
                ("requirements", index, "cornerstone"),
                "catalog.unknown_cornerstone",
                f"okänd hörnsten {requirement.cornerstone}; katalogen har "
                f"{', '.join(sorted(cornerstone_ids))}",
                f"unknown cornerstone {requirement.cornerstone}; the catalogue has "
                f"{', '.join(sorted(cornerstone_ids))}",
            )
    if min(step.value for step in catalog.scale) != 0:
        error(
            ("scale",), "catalog.scale_start", "skalan ska börja på 0", "the scale must start at 0"
        )
    competence = catalog.competence
    if competence is not None:
        area_ids = [area.id for area in competence.areas]
        for index, identifier in _duplicates(area_ids):
            error(
                ("competence", "areas", index),
                "catalog.duplicate_id",
                f"området {identifier} finns två gånger",
                f"area {identifier} is listed twice",
            )
        for index, identifier in _duplicates([m.id for m in competence.modules]):
            error(
                ("competence", "modules", index),
                "catalog.duplicate_id",
                f"modulen {identifier} finns två gånger",
                f"module {identifier} is listed twice",
            )
        top = competence.top
        if competence.base_min > top:
            error(
                ("competence", "base_min"),
                "catalog.out_of_scale",
                f"base_min {competence.base_min} ligger över skalans topp {top}",
                f"base_min {competence.base_min} is above the scale's top {top}",
            )
        if competence.specialist_min > len(area_ids):
            error(
                ("competence", "specialist_min"),
                "catalog.out_of_scale",
                f"specialist_min {competence.specialist_min} är fler än antalet områden",
                f"specialist_min {competence.specialist_min} exceeds the number of areas",
            )
        for language, level in competence.languages.items():
            if level > top:
                error(
                    ("competence", "languages", language),
                    "catalog.out_of_scale",
                    f"språknivån {level} ligger över skalans topp {top}",
                    f"language level {level} is above the scale's top {top}",
                )
    if catalog.certification is not None:
        known_areas = {area.id for area in competence.areas} if competence else set()
        for index, area in enumerate(catalog.certification.specialist_areas):
            if area not in known_areas:
                error(
                    ("certification", "specialist_areas", index),
                    "catalog.unknown_area",
                    f"okänt kompetensområde {area}; lägg till det under competence.areas",
                    f"unknown competence area {area}; add it under competence.areas",
                )
        for index, requirement_id in enumerate(catalog.certification.surveillance_required):
            if requirement_id not in catalog.requirements_by_id:
                error(
                    ("certification", "surveillance_required", index),
                    "catalog.unknown_requirement",
                    f"övervakningen ska bedöma {requirement_id}, som inte finns i katalogen",
                    f"surveillance must assess {requirement_id}, which the catalogue lacks",
                )
        if (
            catalog.certification.surveillance_interval_months is not None
            and catalog.certification.surveillance_first_months is None
        ):
            error(
                ("certification", "surveillance_interval_months"),
                "catalog.surveillance_incomplete",
                "surveillance_interval_months kräver surveillance_first_months (första "
                "övervakningen)",
                "surveillance_interval_months needs surveillance_first_months (the first "
                "surveillance)",
            )
    vocabulary = catalog.measurement
    if vocabulary is not None:
        for index, requirement in enumerate(catalog.requirements):
            metric = requirement.metric
            if metric is None:
                continue
            for name, group in (
                ("source_kind", "sources"),
                ("area", "areas"),
                ("factor", "factors"),
            ):
                value = getattr(metric, name)
                known = {term.id for term in getattr(vocabulary, group)}
                if value is not None and value not in known:
                    error(
                        ("requirements", index, "metric", name),
                        "catalog.unknown_measurement_term",
                        f"{value} finns inte under measurement.{group} "
                        f"({', '.join(sorted(known)) or '–'})",
                        f"{value} is not under measurement.{group} "
                        f"({', '.join(sorted(known)) or '–'})",
                    )
    _check_persons_links(catalog, error)
    if catalog.replaces:
        for old, new in catalog.replaces.items():
            if new not in catalog.requirements_by_id:
                error(
                    ("replaces", old),
                    "catalog.unknown_requirement",
                    f"{old} ersätts av {new}, som inte finns i katalogen",
                    f"{old} is replaced by {new}, which the catalogue lacks",
                )
    return found


def _check_persons_links(
    catalog: Catalog, error: Callable[[DataPath, str, str, str], None]
) -> None:
    """A requirement judged from the persons register needs a person profile that has what
    it names, and thresholds in order."""
    competence = catalog.competence
    for index, requirement in enumerate(catalog.requirements):
        link = requirement.persons
        if link is None:
            continue
        path: DataPath = ("requirements", index, "persons")
        if competence is None:
            error(
                path,
                "catalog.persons_without_profile",
                f"{requirement.id} avgörs av personregistret men katalogen har ingen "
                "kompetensprofil (competence)",
                f"{requirement.id} is decided by the persons register but the catalogue has no "
                "competence profile",
            )
            continue
        modules = {module.id for module in competence.modules}
        for position, module in enumerate(link.modules or []):
            if module not in modules:
                error(
                    (*path, "modules", position),
                    "catalog.unknown_module",
                    f"okänd modul {module}; competence.modules har {', '.join(sorted(modules))}",
                    f"unknown module {module}; competence.modules has {', '.join(sorted(modules))}",
                )
        for position, language in enumerate(link.languages or []):
            if language not in competence.languages:
                error(
                    (*path, "languages", position),
                    "catalog.unknown_language",
                    f"språket {language} krävs inte i competence.languages",
                    f"the language {language} is not required in competence.languages",
                )
        if link.partial_share is not None and link.partial_share > link.fulfilled_share:
            error(
                (*path, "partial_share"),
                "catalog.share_order",
                f"partial_share {link.partial_share} är större än fulfilled_share "
                f"{link.fulfilled_share}",
                f"partial_share {link.partial_share} is above fulfilled_share "
                f"{link.fulfilled_share}",
            )
