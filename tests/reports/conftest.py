"""Fixtures for the report tests: the contract example, a hostile variant, the examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG
from tests.reports.report_helpers import HOSTILE_LINK, PLANTED_SCRIPT, SAFE_LINK


@pytest.fixture
def contract(tmp_path: Path) -> tuple[Path, Path]:
    """The contract example copied to ``tmp/contract/`` (assessment, catalogue)."""
    folder = tmp_path / "contract"
    folder.mkdir()
    assessment = folder / CONTRACT_ASSESSMENT.name
    catalog = folder / CONTRACT_CATALOG.name
    shutil.copyfile(CONTRACT_ASSESSMENT, assessment)
    shutil.copyfile(CONTRACT_CATALOG, catalog)
    return assessment, catalog


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """The contract example with a planted script in a comment and in the municipality name,
    an http link and a ``javascript:`` reference among the evidence."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    catalog = folder / CONTRACT_CATALOG.name
    shutil.copyfile(CONTRACT_CATALOG, catalog)
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data["municipality"]["name"] = 'Exempelby "</style><script>window.pwned=1</script>'
    data["responses"]["P1"]["comment"] = PLANTED_SCRIPT
    data["responses"]["P1"]["evidence"] = [
        {"kind": "document", "ref": SAFE_LINK},
        {"kind": "document", "ref": HOSTILE_LINK},
    ]
    assessment = folder / "assessment.yaml"
    assessment.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return assessment, catalog
