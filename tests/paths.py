"""Paths the tests share."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTRACT_CATALOG = FIXTURES / "contract" / "catalog-minimal.yaml"
CONTRACT_ASSESSMENT = FIXTURES / "contract" / "assessment-minimal.yaml"
