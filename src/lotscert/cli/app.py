"""Builds the Typer app from the command modules, with help texts in the chosen language."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from lotscert import __version__, inputs
from lotscert.cli import usage_errors
from lotscert.cli.common import say, set_language

if TYPE_CHECKING:  # pydantic is not imported at start-up (``lotscert --help`` stays fast)
    from lotscert.models.common import Language

#: Each module has ``register(app)`` and adds its commands. Keep imports in them light.
COMMAND_MODULES: tuple[str, ...] = (
    "lotscert.cli.catalog",
    "lotscert.cli.validate",
    "lotscert.cli.score",
    "lotscert.cli.schema",
    "lotscert.cli.init",
    "lotscert.cli.demo",
    "lotscert.cli.excel",
    "lotscert.cli.metrics",
    "lotscert.cli.interop",
    "lotscert.cli.catalogxlsx",
    "lotscert.cli.report",
    "lotscert.cli.register",
    "lotscert.cli.redact",
    "lotscert.cli.status",
)


def _version(value: bool) -> None:
    if value:
        print(f"lotscert {__version__}")
        raise typer.Exit(0)


#: The options of ``lotscert`` itself (before any command); ``--lang`` takes a value.
_ROOT_FLAGS = frozenset(("--help", "-h", "--version"))


def _root_only(arguments: Sequence[str]) -> bool:
    """True when the command line names no command: ``lotscert [--lang X] [--help|--version]``."""
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--lang":
            index += 2
            continue
        if argument not in _ROOT_FLAGS and not argument.startswith("--lang="):
            return False
        index += 1
    return True


def _summaries_only(app: typer.Typer) -> None:
    """Give every command a parameterless stand-in that keeps its help.

    When no command runs (``lotscert --help``, ``--version``), Typer still inspects every
    command's signature to build the whole tree; the stand-ins make that nearly free. The root
    help lists only names and help texts, which stay the same.
    """
    for info in app.registered_commands:
        original = info.callback

        def stand_in() -> None:  # pragma: no cover - never runs
            raise AssertionError("a summary-only command was run")

        stand_in.__doc__ = getattr(original, "__doc__", None)
        info.callback = stand_in
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _summaries_only(group.typer_instance)


class _NotingGroup(TyperGroup):
    """The root command group: before a command runs, a record of the files it reads is
    opened, with every file its command line names (:mod:`lotscert.inputs`), so that no
    command writes over one of them."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not ctx.resilient_parsing:
            ctx.with_resource(inputs.run())
            inputs.note_arguments(list(args[1:]))
        return super().resolve_command(ctx, args)


def build_app(lang: Language, arguments: Sequence[str] | None = None) -> typer.Typer:
    """The whole command tree, worded in ``lang``.

    ``arguments``: the command line about to run, when known; if it names no command, the
    commands are registered for their names and help only (a faster ``--help``/``--version``).
    """
    set_language(lang)
    usage_errors.install()
    app = typer.Typer(
        name="lotscert",
        cls=_NotingGroup,
        help=say(
            "lotscert – kontrollera kommunens företagslots mot en kravkatalog (SS 884000): "
            "validera underlag, räkna poäng, bedöm certifieringsberedskap och skriv rapporter. "
            "Engelska: --lang en eller LOTSCERT_LANG=en.",
            "lotscert – check a municipality's business-pilot function against a requirement "
            "catalogue (SS 884000): validate evidence, score it, decide readiness for "
            "certification and write reports. Swedish is the default; --lang sv.",
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        version: Annotated[
            bool,
            typer.Option(
                "--version",
                callback=_version,
                is_eager=True,
                help=say("Visa versionen och avsluta.", "Show the version and exit."),
            ),
        ] = False,
        lang: Annotated[
            str,
            typer.Option(
                "--lang",
                help=say("Språk för meddelanden: sv eller en.", "Language of messages: sv or en."),
            ),
        ] = lang,
    ) -> None:
        """lotscert."""

    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        module.register(app)
    if arguments is not None and _root_only(arguments):
        _summaries_only(app)
    return app
