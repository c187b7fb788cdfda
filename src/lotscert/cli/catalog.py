"""``lotscert catalog list|show``: which catalogues lotscert sees, and what they require.

No ``from __future__ import annotations`` in CLI modules: Typer evaluates the annotations.
"""

from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import current_language, fatal, say, stdout_console


def register(app: typer.Typer) -> None:
    """Add the ``catalog`` group."""
    group = typer.Typer(
        help=say(
            "Visa kravkataloger, och för dem till och från arbetsböcker.",
            "Show requirement catalogues, and take them to and from workbooks.",
        ),
        no_args_is_help=True,
    )
    app.add_typer(group, name="catalog")

    catalog_option = typer.Option(
        "--catalog",
        help=say("Ytterligare katalogfil eller mapp.", "Additional catalogue file or folder."),
    )

    @group.command(
        "list",
        help=say(
            "Lista katalogerna: inbyggda, de i ./requirements/ och de som anges med --catalog.",
            "List the catalogues: bundled, those in ./requirements/ and any given with --catalog.",
        ),
    )
    def list_catalogs(
        catalog: Annotated[list[Path] | None, catalog_option] = None,
        lang: Annotated[str, typer.Option("--lang", help="sv | en")] = "sv",
    ) -> None:
        from rich.markup import escape
        from rich.table import Table

        from lotscert.errors import LotscertError
        from lotscert.loading import available_catalogs

        language = current_language()
        try:
            entries = available_catalogs(catalog or [])
        except LotscertError as error:
            fatal(error)
        table = Table(title=say("Kravkataloger", "Requirement catalogues"))
        table.add_column(say("Katalog", "Catalogue"), no_wrap=True)
        table.add_column(say("Titel", "Title"))
        table.add_column(say("Krav", "Requirements"), justify="right")
        table.add_column(say("Källa", "Source"), no_wrap=True)
        table.add_column(say("Fil", "File"), overflow="fold")
        origins = {
            "bundled": say("inbyggd", "bundled"),
            "local": "./requirements",
            "given": "--catalog",
        }
        for entry in entries:
            table.add_row(
                escape(entry.catalog.ref),
                escape(entry.catalog.title.get(language)),
                str(len(entry.catalog.requirements)),
                origins[entry.origin],
                escape(str(entry.path)),
            )
        stdout_console().print(table)

    @group.command(
        "show",
        help=say(
            "Visa en katalogs krav per nivå (standard: den inbyggda ss884000).",
            "Show a catalogue's requirements by level (default: the bundled ss884000).",
        ),
    )
    def show(
        catalog_id: Annotated[
            str | None,
            typer.Argument(
                metavar="[ID]",
                help=say("Katalogens id eller id@version.", "The catalogue's id or id@version."),
            ),
        ] = None,
        level: Annotated[
            str | None, typer.Option("--level", help=say("Bara denna nivå.", "Only this level."))
        ] = None,
        catalog: Annotated[list[Path] | None, catalog_option] = None,
        lang: Annotated[str, typer.Option("--lang", help="sv | en")] = "sv",
    ) -> None:
        from rich.markup import escape
        from rich.tree import Tree

        from lotscert.errors import LotscertError
        from lotscert.labels import label
        from lotscert.loading import choose_catalog

        language = current_language()
        try:
            chosen = choose_catalog(catalog_id or "ss884000", catalog or [], language).catalog
        except LotscertError as error:
            fatal(error)
        levels = [lvl for lvl in chosen.levels if level is None or lvl.id == level]
        if not levels:
            known_levels = ", ".join(lvl.id for lvl in chosen.levels)
            fatal(
                say(
                    f"nivån {level} finns inte; katalogen har {known_levels}",
                    f"level {level} not found; the catalogue has {known_levels}",
                )
            )
        tree = Tree(f"[bold]{escape(chosen.title.get(language))}[/bold] ({escape(chosen.ref)})")
        tree.add(f"[dim]{escape(chosen.basis.get(language))}[/dim]")
        for lvl in levels:
            branch = tree.add(f"[bold]{escape(lvl.title.get(language))}[/bold] ({lvl.id})")
            for requirement in chosen.requirements:
                if requirement.level != lvl.id:
                    continue
                cornerstone = chosen.cornerstones_by_id.get(requirement.cornerstone)
                tag = escape(
                    cornerstone.title.get(language) if cornerstone else requirement.cornerstone
                )
                node = branch.add(
                    f"[bold]{requirement.id}[/bold] {escape(requirement.title.get(language))} "
                    f"[dim]({label('modality', requirement.modality, language)}, "
                    f"{say('vikt', 'weight')} {requirement.weight}, {tag})[/dim]"
                )
                node.add(escape(requirement.text.get(language)))
                node.add(
                    f"[italic]{say('Vägledning', 'Guidance')}:[/italic] "
                    f"{requirement.guidance.get(language)}"
                )
                if requirement.metric is not None:
                    metric = requirement.metric
                    unit = f" {metric.unit.get(language)}" if metric.unit else ""
                    vocabulary = chosen.measurement
                    conditions = []
                    for name, group, sv, en in (
                        ("source_kind", "sources", "källa", "source"),
                        ("area", "areas", "område", "area"),
                        ("factor", "factors", "faktor", "factor"),
                    ):
                        value = getattr(metric, name)
                        if value is not None:
                            shown = (
                                vocabulary.title(group, value, language) if vocabulary else value
                            )
                            conditions.append(f"{say(sv, en)} {shown}")
                    if metric.min_answers is not None:
                        conditions.append(
                            say(
                                f"minst {metric.min_answers} svar",
                                f"≥ {metric.min_answers} answers",
                            )
                        )
                    if metric.max_age_months is not None:
                        conditions.append(
                            say(
                                f"högst {metric.max_age_months} månader gammalt",
                                f"at most {metric.max_age_months} months old",
                            )
                        )
                    extra = f" ({'; '.join(conditions)})" if conditions else ""
                    node.add(
                        escape(
                            f"{say('Mått', 'Metric')}: {metric.key} {metric.op} {metric.target}"
                            f"{unit}{extra}"
                        )
                    )
        stdout_console().print(tree)
