"""Errors of an exchange: one located problem, or every problem of a file at once."""

from __future__ import annotations

from lotscert.errors import LotscertError


class InteropError(LotscertError):
    """A file in another tool's format cannot be exported or imported."""


class InteropProblems(InteropError):
    """Every problem found in one file, each already located (``file:row:column: …``)."""

    def __init__(self, problems: list[str], summary: str) -> None:
        super().__init__(summary)
        self.problems = problems
        self.summary = summary
