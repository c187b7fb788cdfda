"""Usage errors (an unknown command or option, a missing argument, a bad value) in Swedish.

Typer prints these through its bundled click, in English only: ``Error: No such command
'validera'``. A Swedish user typing a command for the first time is the one who sees them most,
so when the run's language is Swedish they are shown in Swedish, in the same one-line form as
every other lotscert error, after the usage line and where to find help. English runs keep
Typer's own text.
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from lotscert.cli.common import current_language

_installed: list[bool] = []

#: Typer's English messages that are not tied to an exception type, in Swedish.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^No such command '(.+)'\. Did you mean '(.+)'\?$"),
        "okänt kommando '{0}' – menade du '{1}'?",
    ),
    (re.compile(r"^No such command '(.+)'\.$"), "okänt kommando '{0}'"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), "oväntat extra argument: {0}"),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), "valet '{0}' behöver ett värde"),
    (re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"), "valet '{0}' behöver {1} värden"),
    (re.compile(r"^Option '(.+)' does not take a value\.$"), "valet '{0}' tar inget värde"),
    (re.compile(r"^Missing command\.$"), "ett kommando saknas"),
)

#: Messages of value conversions, in Swedish.
_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Input should be a valid integer.*$"), "ett heltal väntas"),
    (re.compile(r"^Input should be a valid number.*$"), "ett tal väntas"),
    (re.compile(r"^Value error, (.+) is not one of (.+?)\.?$"), "{0} är inte ett av {1}"),
    (re.compile(r"^'(.+)' is not one of (.+?)\.?$"), "'{0}' är inte ett av {1}"),
    (re.compile(r"^'?(.+?)'? is not a valid integer\.?$"), "'{0}' är inte ett heltal"),
    (re.compile(r"^Path '(.+)' does not exist\.$"), "sökvägen '{0}' finns inte"),
)


def swedish_message(error: Any) -> str:
    """The error's message in Swedish (unknown wordings stay as Typer wrote them)."""
    from typer._click import exceptions

    if isinstance(error, exceptions.NoSuchOption):
        text = f"okänt val {error.option_name}"
        possibilities = list(error.possibilities or ())
        if len(possibilities) == 1:
            return f"{text} – menade du {possibilities[0]}?"
        if possibilities:
            return f"{text} (möjliga val: {', '.join(sorted(possibilities))})"
        return text
    if isinstance(error, exceptions.MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        what = {"argument": "argumentet", "option": "valet"}.get(kind, "värdet")
        return f"{what} {hint} saknas".replace("  ", " ").strip()
    if isinstance(error, exceptions.BadParameter):
        value = _translate(str(error.message), _VALUES)
        hint = _hint(error)
        return f"ogiltigt värde för {hint}: {value}" if hint else f"ogiltigt värde: {value}"
    return _translate(error.format_message(), _MESSAGES)


def _hint(error: Any) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
    elif error.param is not None:
        hint = error.param.get_error_hint()
    else:
        return ""
    if isinstance(hint, str):
        return hint
    return " / ".join(str(part) for part in hint)


def _translate(message: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, swedish in table:
        match = pattern.match(message)
        if match:
            return swedish.format(*match.groups())
    return message


def install() -> None:
    """Show usage errors in Swedish whenever the run's language is Swedish (idempotent)."""
    if _installed:
        return
    _installed.append(True)
    try:  # Typer's bundled click; another Typer version may lay it out differently
        from typer._click import exceptions

        english = exceptions.UsageError.show
    except (ImportError, AttributeError):
        return  # then Typer's English messages are shown, nothing breaks

    def show(self: Any, file: IO[Any] | None = None) -> None:
        if current_language() != "sv":
            english(self, file)
            return
        from typer import echo

        stream = file if file is not None else sys.stderr
        context = self.ctx
        if context is not None:
            usage = context.get_usage().replace("Usage:", "Användning:", 1)
            usage = usage.replace("[OPTIONS]", "[VAL]").replace("COMMAND [ARGS]", "KOMMANDO [ARG]")
            echo(usage, file=stream)
            if context.command.get_help_option(context) is not None:
                help_option = context.help_option_names[0]
                echo(f"Hjälp: {context.command_path} {help_option}\n", file=stream)
        echo(f"lotscert: fel: {swedish_message(self)}", file=stream)

    exceptions.UsageError.show = show  # type: ignore[method-assign]
