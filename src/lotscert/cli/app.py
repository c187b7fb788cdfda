"""Builds the Typer app from the command modules, with help texts in the chosen language."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Annotated

import typer

from lotscert import __version__
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
    "lotscert.cli.report",
    "lotscert.cli.redact",
)


def _version(value: bool) -> None:
    if value:
        print(f"lotscert {__version__}")
        raise typer.Exit(0)


def build_app(lang: Language) -> typer.Typer:
    """The whole command tree, worded in ``lang``."""
    set_language(lang)
    app = typer.Typer(
        name="lotscert",
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
    return app
