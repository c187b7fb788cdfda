"""Small builders for catalogues and assessments in engine tests (plain dicts → models)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONTRACT = FIXTURES / "contract"
TWO_LEVEL = FIXTURES / "two-level"


def load_yaml_model(path: Path, model: type[Any]) -> Any:
    with path.open(encoding="utf-8") as handle:
        return model.model_validate(yaml.safe_load(handle))


def contract() -> tuple[Catalog, Assessment]:
    catalog = load_yaml_model(CONTRACT / "catalog-minimal.yaml", Catalog)
    assessment = load_yaml_model(CONTRACT / "assessment-minimal.yaml", Assessment)
    return catalog, assessment


def two_level() -> tuple[Catalog, Assessment]:
    catalog = load_yaml_model(TWO_LEVEL / "catalog.yaml", Catalog)
    assessment = load_yaml_model(TWO_LEVEL / "assessment.yaml", Assessment)
    return catalog, assessment


def text(value: str) -> dict[str, str]:
    return {"sv": value, "en": value}


def req(
    rid: str,
    level: str = "a",
    cornerstone: str = "x",
    modality: str = "shall",
    weight: Any = 1,
    metric: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rid,
        "level": level,
        "cornerstone": cornerstone,
        "modality": modality,
        "weight": weight,
        "title": text(f"Title {rid}"),
        "text": text(f"Text {rid}"),
        "guidance": text(f"Guidance {rid}"),
    }
    if metric is not None:
        data["metric"] = metric
    return data


COMPETENCE: dict[str, Any] = {
    "scale": [{"value": v, "title": text(str(v))} for v in range(4)],
    "areas": [{"id": area, "title": text(area)} for area in ("bygg", "miljo", "mat")],
    "base_min": 2,
    "specialist_min": 1,
    "languages": {"sv": 3, "en": 2},
    "modules": [{"id": m, "title": text(m)} for m in ("m1", "m2")],
    "pass_mark": "0.8",
    "validity_years": 3,
}

CERTIFICATION: dict[str, Any] = {
    "validity_years": 3,
    "corrective_action_days": 90,
    "min_certified_per_department": 1,
    "specialist_areas": ["bygg", "miljo"],
}


def make_catalog(
    requirements: list[dict[str, Any]],
    *,
    levels: tuple[str, ...] = ("a", "b"),
    cornerstones: tuple[str, ...] = ("x", "y"),
    top: int = 4,
    competence: dict[str, Any] | None = None,
    certification: dict[str, Any] | None = None,
    replaces: dict[str, str] | None = None,
    version: str = "1",
) -> Catalog:
    data: dict[str, Any] = {
        "id": "test",
        "version": version,
        "title": text("Test"),
        "basis": text("Test"),
        "levels": [{"id": level, "title": text(level)} for level in levels],
        "cornerstones": [{"id": c, "title": text(c)} for c in cornerstones],
        "scale": [{"value": v, "title": text(str(v))} for v in range(top + 1)],
        "requirements": requirements,
    }
    if competence is not None:
        data["competence"] = competence
    if certification is not None:
        data["certification"] = certification
    if replaces is not None:
        data["replaces"] = replaces
    return Catalog.model_validate(data)


def resp(status: str, maturity: int | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"status": status, **extra}
    if maturity is not None:
        data["maturity"] = maturity
    if status == "fulfilled" and "evidence" not in data:
        data["evidence"] = [{"kind": "document", "ref": "Beslut"}]
    if status == "not_applicable" and "comment" not in data:
        data["comment"] = "Gäller inte här."
    return data


def person(
    pid: str,
    department: str | None = "d1",
    *,
    competences: dict[str, int] | None = None,
    languages: dict[str, int] | None = None,
    modules: tuple[str, ...] = ("m1", "m2"),
    exam_score: str | None = "0.9",
    exam_date: dt.date | None = dt.date(2025, 1, 10),
    training: bool = True,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": pid,
        "department": department,
        "competences": competences
        if competences is not None
        else {"bygg": 3, "miljo": 2, "mat": 2},
        "languages": languages if languages is not None else {"sv": 3, "en": 2},
    }
    if training:
        training_data: dict[str, Any] = {"modules": {m: dt.date(2024, 12, 1) for m in modules}}
        if exam_score is not None:
            training_data["exam_score"] = exam_score
        if exam_date is not None:
            training_data["exam_date"] = exam_date
        data["training"] = training_data
    return data


def make_assessment(
    responses: dict[str, dict[str, Any]],
    *,
    kind: str = "internal_audit",
    date: dt.date = dt.date(2026, 3, 15),
    persons: list[dict[str, Any]] | None = None,
    departments: tuple[str, ...] = (),
    metrics: dict[str, Any] | None = None,
    code: str = "9901",
    period: int = 2026,
    catalog: str = "test@1",
) -> Assessment:
    return Assessment.model_validate(
        {
            "catalog": catalog,
            "municipality": {"code": code, "name": "Exempelby"},
            "period": period,
            "kind": kind,
            "date": date,
            "departments": [{"id": d, "name": f"Förvaltning {d}"} for d in departments],
            "responses": responses,
            "persons": persons or [],
            "metrics": metrics or {},
        }
    )
