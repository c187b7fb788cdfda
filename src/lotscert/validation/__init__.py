"""Consistency checks beyond the schema: a catalogue in itself, an assessment against it.

The assessment checks (and the scoring engine under them) are imported when first used: a
command that only reads a catalogue or a workbook does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotscert.validation.assessment_checks import check_assessment
    from lotscert.validation.catalog_checks import check_catalog

__all__ = ["check_assessment", "check_catalog"]


def __getattr__(name: str) -> Any:
    if name == "check_assessment":
        from lotscert.validation.assessment_checks import check_assessment

        return check_assessment
    if name == "check_catalog":
        from lotscert.validation.catalog_checks import check_catalog

        return check_catalog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
