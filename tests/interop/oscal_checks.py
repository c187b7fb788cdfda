"""The other side's checkers for OSCAL files: NIST's JSON schemas (with jsonschema-rs),
compliance-trestle's models, and the references no schema checks."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@cache
def _validator(kind: str) -> Any:
    import jsonschema_rs

    schema = json.loads((SCHEMAS / f"oscal_{kind}_schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def schema_errors(path: Path, kind: str) -> list[str]:
    """Every error NIST's schema finds in the file (``kind``: catalog, assessment-results)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return [str(error)[-400:] for error in _validator(kind).iter_errors(document)]


def trestle_read(path: Path, kind: str) -> Any:
    """The file read by compliance-trestle's pydantic models (raises when it is not valid)."""
    if kind == "catalog":
        from trestle.oscal.catalog import Catalog

        return Catalog.oscal_read(path)
    from trestle.oscal.assessment_results import AssessmentResults

    return AssessmentResults.oscal_read(path)


def walk(node: Any, path: str = "") -> Any:
    """Every (path, value) in a JSON document."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}[{index}]")


def empty_arrays(document: Any) -> list[str]:
    """Where the document has an empty list (OSCAL forbids them)."""
    return [path for path, value in walk(document) if value == []]


def all_ids(document: Any) -> list[str]:
    """Every ``id`` of the catalog (groups, controls, parts)."""
    found = []
    for _, value in walk(document):
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found.append(value["id"])
    return found


def unresolved_references(catalog: dict[str, Any], results: dict[str, Any]) -> list[str]:
    """Every reference of the assessment-results that points nowhere: a finding's target-id
    (a part of the catalog), related observations and risks, subjects, responsible parties,
    import-ap and the back matter."""
    problems: list[str] = []
    part_ids = set(all_ids(catalog))
    document = results["assessment-results"]
    metadata = document["metadata"]
    parties = {party["uuid"] for party in metadata.get("parties", [])}
    roles = {role["id"] for role in metadata.get("roles", [])}
    for item in metadata.get("responsible-parties", []):
        if item["role-id"] not in roles:
            problems.append(f"role {item['role-id']}")
        problems += [f"party {uuid}" for uuid in item["party-uuids"] if uuid not in parties]
    resources = {
        resource["uuid"] for resource in document.get("back-matter", {}).get("resources", [])
    }
    href = document["import-ap"]["href"]
    if not (href.startswith("#") and href[1:] in resources):
        problems.append(f"import-ap {href}")
    for result in document["results"]:
        observations = {item["uuid"] for item in result.get("observations", [])}
        for item in result.get("observations", []):
            for subject in item.get("subjects", []):
                if subject["type"] == "party" and subject["subject-uuid"] not in parties:
                    problems.append(f"subject {subject['subject-uuid']}")
        risks = {item["uuid"] for item in result.get("risks", [])}
        for risk in result.get("risks", []):
            for related in risk.get("related-observations", []):
                if related["observation-uuid"] not in observations:
                    problems.append(f"observation {related['observation-uuid']}")
        for finding in result.get("findings", []):
            for related in finding.get("related-risks", []):
                if related["risk-uuid"] not in risks:
                    problems.append(f"risk {related['risk-uuid']}")
            target = finding["target"]["target-id"]
            if target not in part_ids:
                problems.append(f"target-id {target}")
            for related in finding.get("related-observations", []):
                if related["observation-uuid"] not in observations:
                    problems.append(f"observation {related['observation-uuid']}")
    return problems


def duplicate_uuids(document: Any) -> list[str]:
    """UUIDs given to more than one object (a reference to one must be unambiguous)."""
    seen: set[str] = set()
    repeated = []
    for _, value in walk(document):
        if isinstance(value, dict) and isinstance(value.get("uuid"), str):
            if value["uuid"] in seen:
                repeated.append(value["uuid"])
            seen.add(value["uuid"])
    return repeated
