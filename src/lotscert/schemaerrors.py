"""pydantic validation errors → diagnostics a municipal officer can act on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.yamlsource import ImpossibleDate, Source


def _show(value: Any) -> str:
    if isinstance(value, bool):  # as YAML spells it
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _words(error: dict[str, Any]) -> tuple[str, str, bool]:
    """Swedish text, English text, and whether to point at the key rather than the value."""
    kind = error["type"]
    context = error.get("ctx") or {}
    given = error.get("input")
    field = str(error["loc"][-1]) if error["loc"] else ""
    if isinstance(given, ImpossibleDate):
        return (
            f"ogiltigt datum {str(given)!r}; skriv ÅÅÅÅ-MM-DD med en dag som finns",
            f"invalid date {str(given)!r}; write YYYY-MM-DD with a day that exists",
            False,
        )
    match kind:
        case "missing":
            return (
                f"fältet {field} saknas – lägg till det",
                f"the field {field} is missing – add it",
                False,
            )
        case "extra_forbidden":
            return (
                f"okänd nyckel {field} – kontrollera stavningen",
                f"unknown key {field} – check the spelling",
                True,
            )
        case "string_type":
            if isinstance(given, int | float | Decimal) and not isinstance(given, bool):
                if field == "code":
                    return (
                        f'kommunkoden ska vara text inom citattecken, t.ex. code: "0114" '
                        f"(YAML läste värdet som talet {given})",
                        f'the municipality code must be text in quotes, e.g. code: "0114" '
                        f"(YAML read the value as the number {given})",
                        False,
                    )
                return (
                    f'ska vara text – sätt värdet inom citattecken, t.ex. "{given}"',
                    f'must be text – put the value in quotes, e.g. "{given}"',
                    False,
                )
            return (
                f"ska vara text, fick {_show(given)}",
                f"must be text, got {_show(given)}",
                False,
            )
        case "string_pattern_mismatch":
            if field == "code":
                return (
                    f'kommunkoden ska vara fyra siffror, t.ex. "0860", fick {_show(given)}',
                    f'the municipality code must be four digits, e.g. "0860", got {_show(given)}',
                    False,
                )
            if field == "catalog":
                return (
                    f"katalogen anges som id@version, t.ex. ss884000@1.0, fick {_show(given)}",
                    f"name the catalogue as id@version, e.g. ss884000@1.0, got {_show(given)}",
                    False,
                )
            if field == "sha256":
                return (
                    "ska vara filens SHA-256: 64 tecken 0–9 och a–f, som sha256sum FIL skriver "
                    f"dem, fick {_show(given)}",
                    "must be the file's SHA-256: 64 characters 0–9 and a–f, as sha256sum FILE "
                    f"prints them, got {_show(given)}",
                    False,
                )
            if field in ("certificate", "certificate_number"):
                return (
                    "ett certifikatnummer består av bokstäver, siffror och - / . _ (inga "
                    f"mellanslag), fick {_show(given)}",
                    "a certificate number is letters, digits and - / . _ (no spaces), got "
                    f"{_show(given)}",
                    False,
                )
            return (
                f"{_show(given)} är inte ett giltigt id (bokstäver, siffror, . _ -)",
                f"{_show(given)} is not a valid id (letters, digits, . _ -)",
                False,
            )
        case "string_too_short" | "too_short":
            least = context.get("min_length", 1)
            if kind == "too_short" and isinstance(least, int) and least > 1:
                actual = context.get("actual_length")
                return (
                    f"behöver minst {least} poster, fick {actual}",
                    f"needs at least {least} items, got {actual}",
                    False,
                )
            return ("får inte vara tom", "must not be empty", False)
        case "int_type" | "int_parsing" | "int_from_float":
            return (
                f"ska vara ett heltal, fick {_show(given)}",
                f"must be a whole number, got {_show(given)}",
                False,
            )
        case "decimal_type" | "decimal_parsing" | "float_type" | "float_parsing":
            return (
                f"ska vara ett tal, fick {_show(given)}",
                f"must be a number, got {_show(given)}",
                False,
            )
        case "finite_number":
            return (
                f"ska vara ett ändligt tal, fick {_show(given)}",
                f"must be a finite number, got {_show(given)}",
                False,
            )
        case "bool_type" | "bool_parsing":
            return (
                f"ska vara true eller false, fick {_show(given)}",
                f"must be true or false, got {_show(given)}",
                False,
            )
        case "greater_than_equal":
            return (
                f"ska vara minst {context.get('ge')}, fick {_show(given)}",
                f"must be at least {context.get('ge')}, got {_show(given)}",
                False,
            )
        case "greater_than":
            return (
                f"ska vara större än {context.get('gt')}, fick {_show(given)}",
                f"must be greater than {context.get('gt')}, got {_show(given)}",
                False,
            )
        case "less_than_equal":
            return (
                f"får vara högst {context.get('le')}, fick {_show(given)}",
                f"must be at most {context.get('le')}, got {_show(given)}",
                False,
            )
        case "less_than":
            return (
                f"ska vara mindre än {context.get('lt')}, fick {_show(given)}",
                f"must be less than {context.get('lt')}, got {_show(given)}",
                False,
            )
        case "literal_error":
            # pydantic lists the choices as "'a', 'b' or 'c'"; the "or" must not reach Swedish.
            expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
            return (
                f"{_show(given)} är inte tillåtet; välj ett av: {expected}",
                f"{_show(given)} is not allowed; choose one of: {expected}",
                False,
            )
        case (
            "date_type"
            | "date_parsing"
            | "date_from_datetime_parsing"
            | "date_from_datetime_inexact"
        ):
            return (
                f"ska vara ett datum ÅÅÅÅ-MM-DD (utan citattecken), fick {_show(given)}",
                f"must be a date YYYY-MM-DD (without quotes), got {_show(given)}",
                False,
            )
        case "dict_type" | "model_type" | "model_attributes_type":
            return (
                f"ska vara en samling nyckel: värde, fick {_show(given)}",
                f"must be a mapping of key: value, got {_show(given)}",
                False,
            )
        case "list_type":
            return (
                f"ska vara en lista (rader som börjar med -), fick {_show(given)}",
                f"must be a list (lines starting with -), got {_show(given)}",
                False,
            )
    return (
        f"ogiltigt värde: {error.get('msg', kind)}",
        f"invalid value: {error.get('msg', kind)}",
        False,
    )


def schema_diagnostics(error: ValidationError, source: Source) -> list[Diagnostic]:
    """One located diagnostic per pydantic error."""
    diagnostics: list[Diagnostic] = []
    for item in error.errors(include_url=False):
        path: DataPath = tuple(item["loc"])
        sv, en, at_key = _words(dict(item))
        diagnostic = Diagnostic(source.file, "error", f"schema.{item['type']}", sv, en, path)
        diagnostics.append(source.place(diagnostic, at_key=at_key))
    return diagnostics


def error_words(item: dict[str, Any], lang: str = "sv") -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in words, in ``lang``."""
    sv, en, _ = _words(dict(item))
    return en if lang == "en" else sv


def describe_validation_error(error: ValidationError, lang: str = "sv") -> str:
    """A pydantic error on values that came from command-line options, as one readable line:
    ``period: får vara högst 2100, fick 99999``."""
    parts: list[str] = []
    for item in error.errors(include_url=False):
        sv, en, _ = _words(dict(item))
        where = ".".join(str(part) for part in item["loc"])
        parts.append(
            f"{where}: {en if lang == 'en' else sv}" if where else (en if lang == "en" else sv)
        )
    return "; ".join(parts)
