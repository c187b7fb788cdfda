"""The report kinds and output formats: string enums, so the CLI and the library share them."""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never


class ReportKind(StrEnum):
    """What a report is about."""

    GAP = "gap"
    CERTIFICATE = "certificate"
    TREND = "trend"
    PERSONS = "persons"
    COMPARE = "compare"
    NATIONAL = "national"


class ReportFormat(StrEnum):
    """The file format a report is written in."""

    HTML = "html"
    MD = "md"
    JSON = "json"
    PDF = "pdf"


def file_extension(fmt: ReportFormat) -> str:
    """The file name extension of ``fmt`` (without the dot)."""
    match fmt:
        case ReportFormat.HTML:
            return "html"
        case ReportFormat.MD:
            return "md"
        case ReportFormat.JSON:
            return "json"
        case ReportFormat.PDF:
            return "pdf"
        case _:
            assert_never(fmt)
