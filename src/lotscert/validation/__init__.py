"""Consistency checks beyond the schema: a catalogue in itself, an assessment against it."""

from lotscert.validation.assessment_checks import check_assessment
from lotscert.validation.catalog_checks import check_catalog

__all__ = ["check_assessment", "check_catalog"]
