"""JSON Schemas generated from the models (``lotscert schema``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lotscert.atomic import write_text_atomic
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.decision import CertificationDecision


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for both file kinds."""
    catalog = Catalog.model_json_schema()
    catalog["title"] = "lotscert-katalog / lotscert catalogue"
    assessment = Assessment.model_json_schema()
    assessment["title"] = "lotscert-bedömning / lotscert assessment"
    decision = CertificationDecision.model_json_schema()
    decision["title"] = "lotscert-certifieringsbeslut / lotscert certification decision"
    for schema in (catalog, assessment, decision):
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return {
        "catalog.schema.json": catalog,
        "assessment.schema.json": assessment,
        "decision.schema.json": decision,
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write both schemas into ``out_dir``; the written paths."""
    written: list[Path] = []
    for name, schema in json_schemas().items():
        path = out_dir / name
        write_text_atomic(path, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written
