"""Diagnostics: one located problem each, worded in Swedish and English.

A diagnostic says where (file, line, column, and the path in the data such as
``responses.P3.maturity``), how bad (error or warning) and what to do about it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lotscert.models.common import Language
from lotscert.plaintext import escape_unprintable

Severity = Literal["error", "warning"]
DataPath = tuple[str | int, ...]


def format_path(path: DataPath) -> str:
    """``("responses", "P3", "maturity")`` → ``responses.P3.maturity``; list items as ``[2]``."""
    text = ""
    for index, part in enumerate(path):
        if part == "[key]":
            continue
        is_key = index + 1 < len(path) and path[index + 1] == "[key]"
        if isinstance(part, int) and not is_key:
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _one_line(text: str) -> str:
    """Anything non-printable (a newline in a file name, an escape sequence or a
    right-to-left override quoted from a file) shown escaped: a diagnostic stays one line and
    shows exactly what the file holds."""
    return escape_unprintable(text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file."""

    file: str
    severity: Severity
    code: str
    sv: str
    en: str
    path: DataPath = ()
    line: int | None = None
    column: int | None = None
    cell: str | None = None

    def message(self, lang: Language = "sv") -> str:
        """The message in ``lang``."""
        return self.en if lang == "en" else self.sv

    @property
    def where(self) -> str:
        """The location in the data, e.g. ``responses.P3.maturity``."""
        return format_path(self.path)

    @property
    def location(self) -> str:
        """``file:line:col``, ``file.xlsx!Sheet!C12`` or just the file."""
        if self.cell:
            return f"{self.file}!{self.cell}"
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file

    def format(self, lang: Language = "sv") -> str:
        """``path:line:col: error|warning: where: message`` — one line."""
        severity = self.severity
        if lang == "sv":
            severity = "fel" if self.severity == "error" else "varning"  # type: ignore[assignment]
        where = f"{self.where}: " if self.where else ""
        text = self.message(lang).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        return f"{_one_line(self.location)}: {severity}: {_one_line(where)}{_one_line(text)}"

    def as_dict(self, lang: Language = "sv") -> dict[str, object]:
        """A JSON-ready form, for ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "cell": self.cell,
            "severity": self.severity,
            "code": self.code,
            "where": _one_line(self.where),
            "message": _one_line(self.message(lang)),
        }

    def promoted(self) -> Diagnostic:
        """The same diagnostic as an error (``--strict``)."""
        return Diagnostic(
            self.file,
            "error",
            self.code,
            self.sv,
            self.en,
            self.path,
            self.line,
            self.column,
            self.cell,
        )


@dataclass
class Report:
    """Every diagnostic of a validation run, and what was checked."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: list[tuple[str, str]] = field(default_factory=list)  # (file, "catalog"|"assessment")

    @property
    def errors(self) -> list[Diagnostic]:
        """Only the errors."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Only the warnings."""
        return [d for d in self.diagnostics if d.severity == "warning"]

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Add diagnostics."""
        self.diagnostics.extend(diagnostics)


def sort_diagnostics(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """File order, then line order (unlocated last), stable otherwise."""
    return sorted(
        diagnostics, key=lambda d: (d.file, d.line if d.line is not None else 10**9, d.column or 0)
    )


def to_json(diagnostics: Sequence[Diagnostic], lang: Language = "sv") -> str:
    """The diagnostics as a JSON array."""
    return json.dumps([d.as_dict(lang) for d in diagnostics], ensure_ascii=False, indent=2)
