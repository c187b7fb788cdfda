"""``lotscert import metrics``: measurements from a CSV file into many assessments at once.

No ``from __future__ import annotations`` in CLI modules: Typer evaluates the annotations.
"""

from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import counted, current_language, fatal, print_invalid, say, set_language
from lotscert.cli.interop import group


def register(app: typer.Typer) -> None:
    """Add ``import metrics``."""
    import_group = group(
        app, "import", "Importera från andra format.", "Import from other formats."
    )

    @import_group.command(
        "metrics",
        help=say(
            "För in mätvärden från en CSV-fil (som en statistikexport: kommunkod, nyckel, värde, "
            "period, antal_svar, källa; även källtyp, datum, område, faktor, anteckning) i "
            "bedömningarna bland PATHS (filer eller mappar), en rad per mått och kommun. Allt "
            "kontrolleras först; varje fel visas som fil:rad:kolumn (slutkod 2, inget skrivs). "
            "Varje ändrad fil skrivs atomärt och behåller kommentarer och ordning.",
            "Put measurements from a CSV file (like a statistics export: code, key, value, "
            "period, answers, source; also source_kind, date, area, factor, note) into the "
            "assessments among PATHS (files or folders), one row per measurement and "
            "municipality. Everything is checked first; every problem is shown as "
            "file:row:column (exit 2, nothing written). Each changed file is written atomically "
            "and keeps its comments and order.",
        ),
    )
    def import_metrics_command(
        metrics_file: Annotated[
            Path,
            typer.Argument(
                help=say("CSV-filen med mätvärden.", "The CSV file of measurements."),
                show_default=False,
                metavar="FILE.csv",
            ),
        ],
        into: Annotated[
            list[Path],
            typer.Option(
                "--into",
                help=say(
                    "Bedömningsfiler eller mappar att föra in mätvärdena i.",
                    "Assessment files or folders to put the measurements into.",
                ),
                show_default=False,
            ),
        ],
        extra: Annotated[
            list[Path] | None,
            # the paths after the first one of ``--into A B C`` arrive here
            typer.Argument(hidden=True, show_default=False, metavar="PATH"),
        ] = None,
        year: Annotated[
            int | None,
            typer.Option(
                "--year",
                help=say(
                    "Bara bedömningar för detta år (när en mapp har flera år).",
                    "Only assessments of this year (when a folder holds several years).",
                ),
            ),
        ] = None,
        dry_run: Annotated[
            bool,
            typer.Option(
                "--dry-run",
                help=say("Visa ändringarna men skriv inget.", "Show the changes, write nothing."),
            ),
        ] = False,
        lang: Annotated[
            str | None,
            typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en.")),
        ] = None,
    ) -> None:
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.metricsimport import import_metrics

        if lang is not None:
            set_language("en" if lang.strip().lower().startswith("en") else "sv")
        paths = [*into, *(extra or [])]
        missing = [path for path in [metrics_file, *paths] if not path.exists()]
        if missing:
            fatal(say(f"{missing[0]}: filen finns inte", f"{missing[0]}: file not found"))
        try:
            outcome = import_metrics(metrics_file, paths, year=year, dry_run=dry_run)
        except ValidationFailed as failure:
            print_invalid(failure)
            raise SystemExit(2) from None
        except LotscertError as error:
            fatal(error)
        english = current_language() == "en"
        for change in outcome.changes:
            before = "–" if change.old is None else str(change.old.value)
            line = f"{change.path}: metrics.{change.key}: {before} → {change.new.value}"
            if change.old is not None and change.old.value == change.new.value:
                fields = [
                    name
                    for name in type(change.new).model_fields
                    if getattr(change.old, name) != getattr(change.new, name)
                ]
                line += f" ({', '.join(fields)})"
            print(line)
        count = len(outcome.changes)
        files = len(outcome.written) if not dry_run else len({c.path for c in outcome.changes})
        values_sv, values_en = (
            counted(count, "mätvärde", "mätvärden"),
            counted(count, "measurement", "measurements"),
        )
        files_sv, files_en = counted(files, "fil", "filer"), counted(files, "file", "files")
        if dry_run:
            print(
                f"{values_en} in {files_en}; --dry-run: nothing was written."
                if english
                else f"{values_sv} i {files_sv}; --dry-run: inget skrevs."
            )
        else:
            print(
                f"Wrote {values_en} to {files_en}."
                if english
                else f"Skrev {values_sv} till {files_sv}."
            )
