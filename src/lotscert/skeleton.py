"""A new year's assessment: every requirement not assessed, optionally carrying last year over."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lotscert import __version__, municipalities
from lotscert.engine.scope import scope_of
from lotscert.engine.team import from_municipality, impartial_kinds
from lotscert.errors import AssessmentError
from lotscert.models.assessment import (
    Assessment,
    AssessmentKind,
    Assessor,
    Municipality,
    Response,
)
from lotscert.models.catalog import Catalog, Requirement


def slug(name: str) -> str:
    """``Upplands Väsby`` → ``upplands-vasby``: a folder name that works everywhere."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "kommun"


def default_path(out_dir: Path, municipality: Municipality, year: int, kind: str) -> Path:
    """``assessments/<kod>-<namn>/<år>-<typ>.yaml``."""
    return out_dir / f"{municipality.code}-{slug(municipality.name)}" / f"{year}-{kind}.yaml"


def resolve_municipality(code: str, name: str | None) -> Municipality:
    """The municipality for ``code``; 99xx example codes need ``name``."""
    if not re.fullmatch(r"[0-9]{4}", code):
        raise AssessmentError(
            f"kommunkoden ska vara fyra siffror, t.ex. 0860, fick {code!r} / the municipality "
            f"code must be four digits, e.g. 0860, got {code!r}"
        )
    if municipalities.is_example_code(code):
        return Municipality(code=code, name=name or f"Exempelkommun {code}")
    info = municipalities.lookup(code)
    if info is None:
        close = ", ".join(f"{s.code} {s.name}" for s in municipalities.suggest(code, name))
        raise AssessmentError(
            f"kommunkoden {code} finns inte bland Sveriges 290 kommuner"
            + (f" (närmast: {close})" if close else "")
            + f" / unknown municipality code {code}"
        )
    return Municipality(code=code, name=info.name)


@dataclass(frozen=True)
class Skeleton:
    """A new assessment and the comments to write above its responses."""

    assessment: Assessment
    response_comments: dict[str, list[str]]
    header: list[str]
    #: Members of the previous file's team not carried over (the CLI says so).
    team_not_carried: int = 0


def _carry_over(previous: Assessment, catalog: Catalog) -> dict[str, Response]:
    renamed = catalog.replaces or {}
    carried: dict[str, Response] = {}
    for old_id, response in previous.responses.items():
        new_id = renamed.get(old_id, old_id)
        if new_id not in catalog.requirements_by_id:
            continue
        action = response.action if response.status not in ("fulfilled", "not_applicable") else None
        if action is not None and action.closure is not None:
            action = None  # a closed finding is done; its record stays in last year's file
        carried[new_id] = Response(status="not_assessed", evidence=response.evidence, action=action)
    return carried


def _carried_team(previous: Assessment, catalog: Catalog, kind: AssessmentKind) -> list[Assessor]:
    """The team carried over: all of it into a self-assessment; into an audit only the members
    of an audit of the same kind, and never, where the audit must be impartial, anyone from the
    audited municipality (the municipality's staff are not its auditors)."""
    if kind == "self_assessment":
        return list(previous.assessors)
    if previous.kind != kind:
        return []
    if kind not in impartial_kinds(catalog):
        return list(previous.assessors)
    return [
        assessor
        for assessor in previous.assessors
        if not from_municipality(assessor.organisation, previous.municipality.name)
    ]


def _in_scope(catalog: Catalog, kind: AssessmentKind) -> list[Requirement]:
    """The requirements a new assessment of ``kind`` starts with (``engine/scope.py``): all of
    them for an audit of the whole function, the catalogue's ``surveillance_required`` for a
    surveillance audit, none for a special audit (it adds what it covers) or a persons test
    certification."""
    match scope_of(kind):
        case "full":
            return list(catalog.requirements)
        case "sample" if kind == "surveillance_audit" and catalog.certification is not None:
            required = set(catalog.certification.surveillance_required)
            return [r for r in catalog.requirements if r.id in required]
        case _:
            return []


def new_assessment(
    catalog: Catalog,
    municipality: Municipality,
    year: int,
    kind: AssessmentKind = "self_assessment",
    *,
    previous: Assessment | None = None,
    today: dt.date | None = None,
) -> Skeleton:
    """Every requirement as ``not_assessed``; with ``previous``, evidence, persons, departments,
    metrics and open actions carried over, and every status reset."""
    if previous is not None and previous.municipality.code != municipality.code:
        raise AssessmentError(
            f"--from gäller kommun {previous.municipality.code}, inte {municipality.code}",
            en=f"--from is for municipality {previous.municipality.code}, not {municipality.code}",
        )
    carried = _carry_over(previous, catalog) if previous else {}
    team = _carried_team(previous, catalog, kind) if previous else []
    responses = {
        requirement.id: carried.get(requirement.id, Response(status="not_assessed"))
        for requirement in _in_scope(catalog, kind)
    }
    assessment = Assessment(
        catalog=catalog.ref,
        municipality=municipality,
        period=year,
        kind=kind,
        date=today or dt.date.today(),
        assessors=team,
        departments=previous.departments if previous else [],
        responses=responses,
        persons=previous.persons if previous else [],
        metrics=previous.metrics if previous else {},
    )
    comments: dict[str, list[str]] = {}
    for requirement in _in_scope(catalog, kind):
        modality = "ska" if requirement.modality == "shall" else "bör"
        lines = [
            f"{requirement.id} – {requirement.title.sv} ({modality}, vikt {requirement.weight})",
            f"Krav: {requirement.text.sv}",
            f"Vägledning: {requirement.guidance.sv}",
        ]
        if requirement.metric is not None:
            metric = requirement.metric
            lines.append(f"Avgörs av måttet {metric.key} {metric.op} {metric.target}")
        comments[requirement.id] = lines
    header = [
        f"{municipality.name} ({municipality.code}) – {kind} {year}, katalog {catalog.ref}.",
        f"Skapad av lotscert {__version__}. Fyll i status (fulfilled, partial, not_fulfilled, "
        "not_applicable, not_assessed), maturity, evidence och action per krav; kontrollera "
        "med: lotscert validate FILEN.",
        "Ändra date till bedömningens datum.",
    ]
    scope = scope_of(kind)
    if scope == "sample":
        header.append(
            "En övervakningsrevision eller särskild revision bedömer ett urval: lägg till de krav "
            "revisionen omfattar; krav utan svar ligger utanför den."
        )
    elif scope == "persons":
        header.append(
            "En testcertifiering av personer bedömer inga krav: fyll i personerna under persons."
        )
    if previous is not None:
        header.append(
            f"Underlag, personer, förvaltningar, mått och öppna åtgärder är överförda från "
            f"{previous.period}; alla statusar är nollställda till not_assessed."
        )
        if len(team) < len(previous.assessors):
            header.append(
                f"Bedömarna från {previous.period} ({previous.kind}) är inte överförda till en "
                f"{kind}: ange teamet under assessors med audit_role (lead_auditor, auditor, "
                "technical_expert, observer); kommunens egen personal kan inte vara revisorer "
                "i en opartisk revision."
            )
    dropped = len(previous.assessors) - len(team) if previous is not None else 0
    return Skeleton(assessment, comments, header, dropped)
