"""One exception family for everything a user can get wrong, each carrying where it happened."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and a line and column (1-based) or a workbook cell."""

    path: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None  # "Sheet!C12" for workbooks

    def __str__(self) -> str:
        if self.cell:
            return f"{self.path}!{self.cell}"
        if self.line is not None and self.column is not None:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return self.path


class LotscertError(Exception):
    """Base of every error lotscert reports to a user (the CLI prints it as one line, exit 2)."""

    exit_code = 2

    def __init__(
        self, message: str, location: Location | None = None, *, en: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.en = en  # the English message, when ``message`` is Swedish

    def __str__(self) -> str:
        return self.localized("sv")

    def localized(self, lang: str) -> str:
        """The located message in ``lang`` (Swedish unless an English one was given)."""
        message, en = self.message, self.en
        if en is None and message.count(" / ") == 1:
            # an older message carries both languages as "svenska / English": show one
            message, en = message.split(" / ")
        if lang == "en" and en:
            message = en
        if self.location is not None:
            return f"{self.location}: {message}"
        return message


class InputError(LotscertError):
    """A file could not be read or parsed (missing, not UTF-8, not YAML, too large)."""


class CatalogError(LotscertError):
    """A catalogue is invalid or cannot be found."""


class AssessmentError(LotscertError):
    """An assessment is invalid."""


class ValidationFailed(LotscertError):
    """One or more files have errors; ``diagnostics`` holds every one of them."""

    def __init__(self, diagnostics: list[object], message: str = "validation failed") -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


class WorkbookError(LotscertError):
    """An Excel workbook cannot be exported or imported."""


class ReportError(LotscertError):
    """A report cannot be rendered or written."""


class OutputExistsError(LotscertError):
    """Refusing to overwrite an existing file without --force."""
