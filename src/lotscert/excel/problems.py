"""The error that carries every problem found in a workbook (or in an assessment to export)."""

from __future__ import annotations

from lotscert.errors import WorkbookError


class WorkbookProblems(WorkbookError):
    """Several located problems, each a line such as ``Bok.xlsx!Ledning!F12: message``."""

    def __init__(self, problems: list[str], summary: str) -> None:
        first = problems[0] if problems else summary
        more = f" (+{len(problems) - 1})" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")
        self.problems = problems
        self.summary = summary
