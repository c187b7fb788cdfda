"""Excel checklists: export an assessment (or a blank one) as a workbook, import it back.

openpyxl is imported only inside the functions that write or read a workbook, so importing
this package stays light.
"""

from lotscert.excel.changes import Change
from lotscert.excel.evidence_cell import format_evidence_cell, parse_evidence_cell
from lotscert.excel.export import (
    blank_assessment,
    build_workbook,
    export_assessment,
    export_blank,
    export_workbook,
)
from lotscert.excel.importer import ImportReport, read_workbook
from lotscert.excel.layout import FORMAT_VERSION
from lotscert.excel.merging import MergeConflicts, import_workbook
from lotscert.excel.problems import WorkbookProblems
from lotscert.excel.safety import check_workbook_file

__all__ = [
    "FORMAT_VERSION",
    "Change",
    "ImportReport",
    "MergeConflicts",
    "WorkbookProblems",
    "blank_assessment",
    "build_workbook",
    "check_workbook_file",
    "export_assessment",
    "export_blank",
    "export_workbook",
    "format_evidence_cell",
    "import_workbook",
    "parse_evidence_cell",
    "read_workbook",
]
