"""``lotscert import oscal``: an OSCAL catalog becomes a lotscert catalogue that validates;
lotscert's own export comes back as it was; what OSCAL lacks is defaulted and said."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lotscert.interop.oscal import catalog_document, read_oscal_catalog
from lotscert.interop.oscal.common import to_json
from lotscert.interop.problems import InteropProblems
from lotscert.loading import bundled_catalog_paths, load_catalog
from tests.interop.oscal_checks import schema_errors, trestle_read
from tests.paths import CONTRACT_CATALOG

DATA = Path(__file__).resolve().parent / "data"


def _write(document: dict[str, Any], path: Path) -> Path:
    path.write_text(to_json(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("source", [bundled_catalog_paths()[0], CONTRACT_CATALOG])
def test_lotscert_export_reads_back(source: Path, tmp_path: Path) -> None:
    catalog = load_catalog(source)
    path = _write(catalog_document(catalog, dt.date(2026, 1, 1)), tmp_path / "c.json")
    imported = read_oscal_catalog(path).catalog
    assert imported.id == catalog.id and imported.version == catalog.version
    assert [level.id for level in imported.levels] == [level.id for level in catalog.levels]
    assert [c.id for c in imported.cornerstones] == [c.id for c in catalog.cornerstones]
    assert [(s.value, s.title.sv) for s in imported.scale] == [
        (s.value, s.title.sv) for s in catalog.scale
    ]
    for mine, theirs in zip(imported.requirements, catalog.requirements, strict=True):
        for name in ("id", "level", "cornerstone", "modality", "weight", "evidence"):
            assert getattr(mine, name) == getattr(theirs, name)
        for name in ("title", "text", "guidance"):
            assert getattr(mine, name).sv == getattr(theirs, name).sv
        assert (mine.metric is None) == (theirs.metric is None)
        if mine.metric and theirs.metric:
            assert (mine.metric.key, mine.metric.op, mine.metric.target) == (
                theirs.metric.key,
                theirs.metric.op,
                theirs.metric.target,
            )


def test_english_document_fills_both_languages(tmp_path: Path) -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    path = _write(catalog_document(catalog, dt.date(2026, 1, 1), "en"), tmp_path / "c.json")
    imported = read_oscal_catalog(path).catalog
    first = imported.requirements[0]
    assert first.title.en == catalog.requirements[0].title.en == first.title.sv


def test_ids_starting_with_a_digit_travel_as_tokens(tmp_path: Path) -> None:
    catalog = load_catalog(CONTRACT_CATALOG)
    renamed = catalog.model_copy(
        update={
            "requirements": [
                req.model_copy(update={"id": f"1.{index}"})
                for index, req in enumerate(catalog.requirements)
            ]
        }
    )
    path = _write(catalog_document(renamed, dt.date(2026, 1, 1)), tmp_path / "c.json")
    assert schema_errors(path, "catalog") == []
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["catalog"]["groups"][0]["controls"][0]["id"] == "_1.0"
    imported = read_oscal_catalog(path).catalog
    assert [r.id for r in imported.requirements] == [r.id for r in renamed.requirements]


def test_a_foreign_catalog_is_defaulted_and_reported() -> None:
    path = DATA / "foreign-catalog.json"
    assert schema_errors(path, "catalog") == []
    assert trestle_read(path, "catalog").groups
    imported = read_oscal_catalog(path, lang="en")
    catalog = imported.catalog
    assert [level.id for level in catalog.levels] == ["gv", "ops"]
    assert [r.id for r in catalog.requirements] == ["GV-1", "gv-1.1", "op-1"]
    assert [r.level for r in catalog.requirements] == ["gv", "gv", "ops"]
    first = catalog.requirements[0]
    assert first.text.sv == "a. Develop a policy; review it [frequency].\nb. Publish the policy."
    assert first.guidance.sv == "Look for a decision record."
    assert catalog.title.sv == "Example *Service* Catalog"
    assert {r.modality for r in catalog.requirements} == {"shall"}
    assert [c.id for c in catalog.cornerstones] == ["allmant"]
    assert catalog.scale == load_catalog(bundled_catalog_paths()[0]).scale
    assert catalog.competence is None and catalog.certification is None
    notes = "\n".join(imported.notes)
    for expected in (
        "cornerstone",
        "modality",
        "weight",
        "guidance",
        "maturity scale",
        "withdrawn",
    ):
        assert expected in notes


def test_cli_writes_a_catalogue_that_validates(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["import", "oscal", str(DATA / "foreign-catalog.json"), "--id", "exempel"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "requirements" / "exempel.yaml"
    assert f"Skrev {Path('requirements') / 'exempel.yaml'} (3 krav, 2 nivåer)." in result.stdout
    assert "obs:" in result.stderr
    catalog = load_catalog(written)
    assert catalog.id == "exempel" and catalog.version == "2.1"
    again = run_cli(["import", "oscal", str(DATA / "foreign-catalog.json"), "--id", "exempel"])
    assert again.exit_code == 2
    assert "finns redan; använd --force" in again.stderr
    valid = run_cli(["validate", str(written)])
    assert valid.exit_code == 0, valid.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "inte giltig JSON"),
        ('{"profile": {}}', "ingen OSCAL-katalog"),
        ("\udcff", "inte UTF-8"),
    ],
)
def test_bad_files_are_refused_with_their_place(
    run_cli: Callable[..., Any], tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(content.encode("utf-8", "surrogateescape"))
    out = tmp_path / "out.yaml"
    result = run_cli(["import", "oscal", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{source}" in result.stderr and message in result.stderr
    assert not out.exists()


def test_duplicate_ids_are_located_at_their_controls(tmp_path: Path) -> None:
    document = json.loads((DATA / "foreign-catalog.json").read_text(encoding="utf-8"))
    twin = json.loads(json.dumps(document["catalog"]["groups"][0]["controls"][0]))
    twin["props"] = []  # no label: the control id gv-1 …
    twin.pop("controls")
    document["catalog"]["groups"][1]["groups"][0]["controls"].append(twin)
    document["catalog"]["groups"][0]["controls"][0]["props"] = []  # … twice
    source = tmp_path / "twins.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InteropProblems) as raised:
        read_oscal_catalog(source, lang="en")
    assert raised.value.problems == [
        f"{source}: catalog.groups[1].groups[0].controls[1]: gv-1 already exists in "
        "requirements; every id must be unique"
    ]


def test_every_control_problem_is_located(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    document = json.loads((DATA / "foreign-catalog.json").read_text(encoding="utf-8"))
    controls = document["catalog"]["groups"][0]["controls"]
    controls[0]["props"].append({"name": "modality", "ns": "urn:lotscert:oscal", "value": "must"})
    del controls[0]["controls"][0]["title"]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run_cli(["import", "oscal", str(source), "--out", str(out)], lang="en")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(
        "catalog.groups[0].controls[0].props: modality must be shall or should" in line
        for line in lines
    )
    assert any("catalog.groups[0].controls[0].controls[0].title" in line for line in lines)
    assert "2 problems in the OSCAL catalog; nothing was written" in lines[-1]
    assert not out.exists()


def test_a_catalogue_with_the_same_id_and_version_is_pointed_out(tmp_path: Path) -> None:
    from lotscert.interop.oscal import import_oscal_catalog

    catalog = load_catalog(bundled_catalog_paths()[0])
    path = _write(catalog_document(catalog, dt.date(2026, 1, 1)), tmp_path / "c.json")
    imported = import_oscal_catalog(path, tmp_path / "k.yaml", lang="en")
    assert any(f"catalogue {catalog.ref} already exists" in note for note in imported.notes)
    assert "already exists" not in (tmp_path / "k.yaml").read_text(encoding="utf-8")
    other = import_oscal_catalog(path, tmp_path / "k2.yaml", lang="en", catalog_id="ss884000-sis")
    assert not any("already exists" in note for note in other.notes)
