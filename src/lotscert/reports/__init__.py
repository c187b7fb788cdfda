"""Reports: gap, certificate, trend, persons and compare, in HTML, Markdown, JSON and PDF.

``write_report`` loads, evaluates, renders and writes; ``compare_rows`` and ``compare_report``
are the streaming comparison; ``verify`` checks a report against its files by making it again.
Jinja2 and WeasyPrint are imported only when a report is rendered.
"""

from lotscert.reports.api import (
    Row,
    compare_report,
    compare_rows,
    write_report,
)
from lotscert.reports.integrity import Integrity, read_integrity
from lotscert.reports.kinds import ReportFormat, ReportKind
from lotscert.reports.proof import VerifyResult, verify

__all__ = [
    "Integrity",
    "ReportFormat",
    "ReportKind",
    "Row",
    "VerifyResult",
    "compare_report",
    "compare_rows",
    "read_integrity",
    "verify",
    "write_report",
]
