"""bench/generate.py: the national benchmark data set is deterministic and valid."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from lotscert.loading import validate_paths
from tests.paths import ROOT


def _generator() -> ModuleType:
    name = "lotscert_bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.yaml"))
    }


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    generate = _generator()
    plan = generate.Plan
    first = generate.generate(plan(out=tmp_path / "a", scale=0.01, extreme=False))
    generate.generate(plan(out=tmp_path / "b", scale=0.01, extreme=False))
    generate.generate(plan(out=tmp_path / "c", seed=1, scale=0.01, extreme=False))
    a, b, c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert len(first) == 3 * 5  # 1 % of 290 municipalities, five years each
    assert a == b
    assert a.keys() != c.keys() or a != c


def test_a_smaller_scale_writes_the_same_files_for_the_municipalities_it_keeps(
    tmp_path: Path,
) -> None:
    generate = _generator()
    small = generate.generate(generate.Plan(out=tmp_path / "s", scale=0.01, extreme=False))
    large = generate.generate(generate.Plan(out=tmp_path / "l", scale=0.02, extreme=False))
    small_files = {p.relative_to(tmp_path / "s"): p.read_bytes() for p in small}
    large_files = {p.relative_to(tmp_path / "l"): p.read_bytes() for p in large}
    kept = small_files.keys() & large_files.keys()
    assert kept
    assert all(small_files[key] == large_files[key] for key in kept)


def test_real_municipalities_every_requirement_and_a_spread_of_outcomes(tmp_path: Path) -> None:
    import yaml

    from lotscert.loading import find_catalog
    from lotscert.municipalities import lookup

    generate = _generator()
    paths = generate.generate(generate.Plan(out=tmp_path, scale=0.02, extreme=False))
    catalog = find_catalog(generate.DEFAULT_CATALOG)
    statuses: set[str] = set()
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        info = lookup(data["municipality"]["code"])
        assert info is not None and info.name == data["municipality"]["name"]
        assert set(data["responses"]) == {r.id for r in catalog.requirements}
        assert all(1 <= len(r["evidence"]) <= 4 for r in data["responses"].values())
        assert 3 <= len(data["persons"]) <= 40
        statuses.update(r["status"] for r in data["responses"].values())
    assert {"fulfilled", "partial", "not_fulfilled"} <= statuses


def test_a_tiny_generated_set_validates_without_errors_or_warnings(tmp_path: Path) -> None:
    generate = _generator()
    generate.generate(generate.Plan(out=tmp_path, scale=0.02, extreme=False))
    report = validate_paths([tmp_path])
    assert len(report.checked) == 6 * 5
    assert [d.format("en") for d in report.diagnostics] == []
