"""What every command shares: the language, the one-line fatal exit, the console."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from lotscert.errors import LotscertError

if TYPE_CHECKING:
    from rich.console import Console

    from lotscert.errors import ValidationFailed
    from lotscert.models.common import Language

_state: dict[str, Language] = {"lang": "sv"}


def detect_language(arguments: Sequence[str]) -> Language:
    """``--lang en``/``--lang=en`` anywhere on the command line, else ``LOTSCERT_LANG``, else sv."""
    chosen: str | None = None
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            chosen = arguments[index + 1]
        elif argument.startswith("--lang="):
            chosen = argument.split("=", 1)[1]
    if chosen is None:
        chosen = os.environ.get("LOTSCERT_LANG", "sv")
    lang: Language = "en" if chosen.strip().lower().startswith("en") else "sv"
    _state["lang"] = lang
    return lang


def current_language() -> Language:
    """The language chosen for this run."""
    return _state["lang"]


def option_language(option: str) -> Language:
    """A command's own ``--lang`` value: English when it says so, else the run's language."""
    return "en" if option.strip().lower().startswith("en") else current_language()


def set_language(lang: Language) -> None:
    """Set the language (used by commands that take ``--lang`` themselves)."""
    _state["lang"] = lang


def say(sv: str, en: str) -> str:
    """Pick the Swedish or English wording of a CLI message."""
    return en if _state["lang"] == "en" else sv


def counted(number: int, one: str, many: str) -> str:
    """``1 fil``, ``3 filer``: a number with the word in the right form."""
    return f"{number} {one if number == 1 else many}"


def jobs_help() -> str:
    """Help text of ``--jobs`` (the commands that work through many files)."""
    return say(
        "Antal processer som delar på filerna; 0 = alla kärnor (standard), 1 = ingen "
        "parallellkörning.",
        "Processes that share the files; 0 = every core (the default), 1 = no parallel work.",
    )


def stdout_console() -> Console:
    """A rich console on standard output (no colours when not a terminal)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    """A rich console on standard error, for progress and messages."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def catalog_option() -> Any:
    """The ``--catalog`` option shared by the commands that load assessments (built when the
    command is registered, so its help is in the chosen language)."""
    import typer

    return typer.Option(
        "--catalog",
        help=say(
            "Katalogfil eller mapp att leta kataloger i (kan anges flera gånger).",
            "Catalogue file or folder to look in (may be repeated).",
        ),
    )


def print_invalid(failure: ValidationFailed) -> None:
    """Every error of an input that failed to load, one line each, on standard error."""
    from lotscert.diagnostics import Diagnostic

    lines = [
        d.format(current_language())
        for d in failure.diagnostics
        if isinstance(d, Diagnostic) and d.severity == "error"
    ]
    from lotscert.plaintext import escape_unprintable

    for line in lines or [escape_unprintable(str(failure))]:
        print(f"lotscert: {line}", file=sys.stderr)


def fatal(message: object, code: int = 2) -> NoReturn:
    """Print one line to standard error and exit (never a traceback). A file that failed
    validation prints each of its located errors, which already say "fel"/"error". Anything
    non-printable quoted in the line (from a file name or a file) is shown escaped."""
    from lotscert.errors import ValidationFailed
    from lotscert.plaintext import escape_unprintable

    if isinstance(message, ValidationFailed) and message.diagnostics:
        print_invalid(message)
        raise SystemExit(code)
    if isinstance(message, LotscertError):
        message = message.localized(current_language())
    text = escape_unprintable(str(message).replace("\n", " "))
    prefix = say("fel", "error")
    print(f"lotscert: {prefix}: {text}", file=sys.stderr)
    raise SystemExit(code)


def fail_with_problems(error: LotscertError) -> NoReturn:
    """Exit 2 after every located problem, one line each on standard error: a workbook's or
    an exchange file's cell problems (``.problems`` and a ``.summary``), a file's validation
    errors, or the one error."""
    problems = getattr(error, "problems", None)
    summary = getattr(error, "summary", None)
    if isinstance(problems, list) and summary is not None:
        prefix = say("fel", "error")
        for line in problems:
            print(f"lotscert: {prefix}: {line}", file=sys.stderr)
        fatal(summary)
    fatal(error)
