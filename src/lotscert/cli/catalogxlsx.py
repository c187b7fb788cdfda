"""``lotscert catalog export xlsx`` and ``lotscert catalog import xlsx``: a catalogue as a
workbook and back (the official wording in from a spreadsheet).

No ``from __future__ import annotations`` in CLI modules: Typer evaluates the annotations.
"""

from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import counted, fatal, option_language, say
from lotscert.cli.interop import fail, group


def register(app: typer.Typer) -> None:
    """Add ``export xlsx`` and ``import xlsx`` under ``catalog``."""
    catalog_group = group(app, "catalog", "Visa kravkataloger.", "Show requirement catalogues.")
    export_group = group(
        catalog_group,
        "export",
        "Exportera en katalog till en arbetsbok.",
        "Export a catalogue to a workbook.",
    )
    import_group = group(
        catalog_group,
        "import",
        "Läs en katalog från en arbetsbok.",
        "Read a catalogue from a workbook.",
    )

    @export_group.command(
        "xlsx",
        help=say(
            "Skriv en katalog som arbetsbok: blad för katalogen, nivåer, hörnstenar, skala, "
            "krav (en rad per krav med svenska och engelska kolumner) och övrigt. Klistra in "
            "standardens text och läs tillbaka med lotscert catalog import xlsx. Standard: den "
            "inbyggda katalogen.",
            "Write a catalogue as a workbook: sheets for the catalogue, levels, cornerstones, "
            "scale, requirements (one row per requirement with Swedish and English columns) and "
            "other parts. Paste the standard's wording and read it back with lotscert catalog "
            "import xlsx. Default: the bundled catalogue.",
        ),
    )
    def export_xlsx(
        catalog_id: Annotated[
            str | None,
            typer.Argument(
                metavar="[ID]",
                help=say("Katalogens id eller id@version.", "The catalogue's id or id@version."),
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help=say(
                    "Arbetsboken att skriva (standard: ID-VERSION.xlsx).",
                    "The workbook to write (default: ID-VERSION.xlsx).",
                ),
            ),
        ] = None,
        catalog: Annotated[
            list[Path] | None,
            typer.Option(
                "--catalog",
                help=say("Katalogfil eller mapp att leta i.", "Catalogue file or folder."),
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help=say("Skriv över en befintlig fil.", "Overwrite a file.")),
        ] = False,
        lang: Annotated[
            str,
            typer.Option(
                "--lang",
                help=say("Arbetsbokens språk: sv eller en.", "Workbook language: sv or en."),
            ),
        ] = "sv",
    ) -> None:
        from lotscert.catalogxlsx import export_catalog_workbook
        from lotscert.errors import LotscertError
        from lotscert.loading import choose_catalog

        run_lang = option_language(lang)
        try:
            chosen = choose_catalog(catalog_id or "ss884000", catalog or [], run_lang).catalog
            target = out or Path(f"{chosen.id}-{chosen.version}.xlsx")
            written = export_catalog_workbook(chosen, target, lang=run_lang, force=force)
        except LotscertError as error:
            fail(error)
        print(written)

    @import_group.command(
        "xlsx",
        help=say(
            "Läs en katalogarbetsbok (från lotscert catalog export xlsx) och skriv katalogen "
            "som YAML. Varje cell kontrolleras och alla fel visas som Bok.xlsx!Krav!H12: "
            "meddelande (slutkod 2, inget skrivs).",
            "Read a catalogue workbook (from lotscert catalog export xlsx) and write the "
            "catalogue as YAML. Every cell is checked and every problem shown as "
            "Book.xlsx!Requirements!H12: message (exit 2, nothing written).",
        ),
    )
    def import_xlsx(
        workbook: Annotated[
            Path,
            typer.Argument(
                help=say("Arbetsboken (.xlsx).", "The workbook (.xlsx)."), show_default=False
            ),
        ],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                help=say("Katalogfilen att skriva (YAML).", "The catalogue file to write (YAML)."),
                show_default=False,
            ),
        ],
        force: Annotated[
            bool,
            typer.Option("--force", help=say("Skriv över en befintlig fil.", "Overwrite a file.")),
        ] = False,
        lang: Annotated[
            str, typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en."))
        ] = "sv",
    ) -> None:
        from lotscert.catalogxlsx import import_catalog_workbook
        from lotscert.errors import LotscertError

        if out.suffix.lower() not in (".yaml", ".yml"):
            fatal(say(f"{out}: ange en .yaml-fil", f"{out}: give a .yaml file"))
        try:
            imported = import_catalog_workbook(
                workbook, out, lang=option_language(lang), force=force
            )
        except LotscertError as error:
            fail(error)
        count = len(imported.catalog.requirements)
        print(
            say(
                f"Skrev {imported.written} ({counted(count, 'krav', 'krav')}).",
                f"Wrote {imported.written} ({counted(count, 'requirement', 'requirements')}).",
            )
        )
