"""``lotscert export oscal|ciso-assistant`` and ``lotscert import oscal|ciso-assistant``.

The commands join the ``export`` and ``import`` groups that ``lotscert.cli.excel`` creates.
No ``from __future__ import annotations`` in CLI modules: Typer evaluates the annotations.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from lotscert.cli.common import (
    counted,
    fail_with_problems,
    fatal,
    option_language,
    say,
)
from lotscert.cli.excel import MAX_CHANGE_ROWS, print_changes

if TYPE_CHECKING:
    from lotscert.errors import LotscertError
    from lotscert.models.common import Language


def group(app: typer.Typer, name: str, sv: str, en: str) -> typer.Typer:
    """The sub-group ``name`` of ``app`` (made when no module has made it yet)."""
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    created = typer.Typer(help=say(sv, en), no_args_is_help=True)
    app.add_typer(created, name=name)
    return created


def fail(error: "LotscertError") -> NoReturn:
    """Every located problem on its own line (standard error), then exit 2."""
    fail_with_problems(error)


def register(app: typer.Typer) -> None:
    """Add the OSCAL and CISO Assistant commands to ``export`` and ``import``."""
    export_group = group(app, "export", "Exportera till andra format.", "Export to other formats.")
    import_group = group(
        app, "import", "Importera från andra format.", "Import from other formats."
    )
    lang_option = typer.Option(
        "--lang", help=say("Språk i filerna: sv eller en.", "Language of the files: sv or en.")
    )
    catalog_help = say("Katalogfil eller mapp att leta i.", "Catalogue file or folder.")

    @export_group.command(
        "oscal",
        help=say(
            "Skriv bedömningen som OSCAL 1.2 (JSON): en catalog (nivåer som grupper, krav som "
            "kontroller) och en assessment-results (observationer för underlaget, ett fynd per "
            "krav, personernas resultat utan namn). Samma indata ger byte för byte samma filer.",
            "Write the assessment as OSCAL 1.2 (JSON): a catalog (levels as groups, "
            "requirements as controls) and an assessment-results (observations for the "
            "evidence, a finding per requirement, the persons' results without names). The "
            "same input gives byte-identical files.",
        ),
    )
    def export_oscal(
        assessment: Annotated[
            Path,
            typer.Argument(
                help=say("Bedömningsfilen (YAML).", "The assessment file (YAML)."),
                show_default=False,
            ),
        ],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help=say(
                    "Mappen att skriva till (standard: reports/KOD-namn/).",
                    "The folder to write to (default: reports/CODE-name/).",
                ),
            ),
        ] = None,
        catalog: Annotated[list[Path] | None, typer.Option("--catalog", help=catalog_help)] = None,
        lang: Annotated[str, lang_option] = "sv",
    ) -> None:
        from lotscert.errors import LotscertError
        from lotscert.interop.oscal import export_oscal as write

        try:
            written = write(
                assessment, out, lang=option_language(lang), catalog_paths=catalog or []
            )
        except LotscertError as error:
            fail(error)
        print(written.catalog)
        print(written.assessment_results)

    @import_group.command(
        "oscal",
        help=say(
            "Läs en OSCAL-katalog (JSON) och skriv den som en lotscert-katalog (YAML): grupper "
            "blir nivåer, kontroller krav. Det OSCAL saknar (ska/bör, vikt, hörnsten, "
            "mognadsskala) får standardvärden, och varje sådant visas.",
            "Read an OSCAL catalog (JSON) and write it as a lotscert catalogue (YAML): groups "
            "become levels, controls requirements. What OSCAL lacks (shall/should, weight, "
            "cornerstone, maturity scale) is defaulted, and each default is shown.",
        ),
    )
    def import_oscal(
        source: Annotated[
            Path,
            typer.Argument(
                help=say("OSCAL-katalogen (JSON).", "The OSCAL catalog (JSON)."),
                show_default=False,
            ),
        ],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help=say(
                    "Katalogfilen att skriva (standard: requirements/ID.yaml).",
                    "The catalogue file to write (default: requirements/ID.yaml).",
                ),
            ),
        ] = None,
        catalog_id: Annotated[
            str | None,
            typer.Option(
                "--id",
                help=say(
                    "Katalogens id (standard: det lotscert skrev, annars av titeln).",
                    "The catalogue's id (default: the one lotscert wrote, else from the title).",
                ),
            ),
        ] = None,
        text_lang: Annotated[
            str | None,
            typer.Option(
                "--text-lang",
                help=say(
                    "Språket i OSCAL-filens texter: sv eller en (en läggs i båda språken).",
                    "The language of the OSCAL file's texts: sv or en (en fills both).",
                ),
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help=say("Skriv över en befintlig fil.", "Overwrite a file.")),
        ] = False,
        lang: Annotated[str, lang_option] = "sv",
    ) -> None:
        from lotscert.errors import LotscertError
        from lotscert.interop.oscal import import_oscal_catalog, read_oscal_catalog

        run_lang = option_language(lang)
        chosen_text: Language | None = None
        if text_lang is not None:
            if text_lang not in ("sv", "en"):
                fatal(say("--text-lang ska vara sv eller en", "--text-lang must be sv or en"))
            chosen_text = "en" if text_lang == "en" else "sv"
        try:
            target = out
            if target is None:
                probe = read_oscal_catalog(
                    source, lang=run_lang, text_lang=chosen_text, catalog_id=catalog_id
                )
                target = Path("requirements") / f"{probe.catalog.id}.yaml"
                target.parent.mkdir(parents=True, exist_ok=True)
            imported = import_oscal_catalog(
                source,
                target,
                lang=run_lang,
                text_lang=chosen_text,
                catalog_id=catalog_id,
                force=force,
            )
        except LotscertError as error:
            fail(error)
        for note in imported.notes:
            print(f"lotscert: {say('obs', 'note')}: {note}", file=sys.stderr)
        requirements = len(imported.catalog.requirements)
        print(
            say(
                f"Skrev {imported.written} ({counted(requirements, 'krav', 'krav')}, "
                f"{counted(len(imported.catalog.levels), 'nivå', 'nivåer')}).",
                f"Wrote {imported.written} ({counted(requirements, 'requirement', 'requirements')}"
                f", {counted(len(imported.catalog.levels), 'level', 'levels')}).",
            )
        )

    @export_group.command(
        "ciso-assistant",
        help=say(
            "Skriv katalogen som ett ramverksbibliotek för CISO Assistant (YAML) och "
            "bedömningen som ett revisionsark i dess importformat (CSV eller xlsx): "
            "compliance_result, extended_result, score (mognad) och observations per krav.",
            "Write the catalogue as a CISO Assistant framework library (YAML) and the "
            "assessment as an audit sheet in its import layout (CSV or xlsx): "
            "compliance_result, extended_result, score (maturity) and observations per "
            "requirement.",
        ),
    )
    def export_ciso(
        assessment: Annotated[
            Path,
            typer.Argument(
                help=say("Bedömningsfilen (YAML).", "The assessment file (YAML)."),
                show_default=False,
            ),
        ],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help=say(
                    "Mappen att skriva till (standard: reports/KOD-namn/).",
                    "The folder to write to (default: reports/CODE-name/).",
                ),
            ),
        ] = None,
        sheet: Annotated[
            str,
            typer.Option(
                "--sheet", help=say("Arkets format: csv eller xlsx.", "Sheet format: csv or xlsx.")
            ),
        ] = "csv",
        library_version: Annotated[
            int,
            typer.Option(
                "--library-version",
                min=1,
                help=say(
                    "Bibliotekets version (ett heltal; höj det när katalogen ändras).",
                    "The library's version (a whole number; raise it when the catalogue changes).",
                ),
            ),
        ] = 1,
        provider: Annotated[
            str,
            typer.Option(
                "--provider",
                help=say("Vem som tillhandahåller ramverket.", "Who provides the framework."),
            ),
        ] = "lotscert",
        catalog: Annotated[list[Path] | None, typer.Option("--catalog", help=catalog_help)] = None,
        lang: Annotated[str, lang_option] = "sv",
    ) -> None:
        from lotscert.errors import LotscertError
        from lotscert.interop.ciso import export_ciso as write

        if sheet not in ("csv", "xlsx"):
            fatal(say("--sheet ska vara csv eller xlsx", "--sheet must be csv or xlsx"))
        try:
            written = write(
                assessment,
                out,
                lang=option_language(lang),
                sheet_format="xlsx" if sheet == "xlsx" else "csv",
                catalog_paths=catalog or [],
                library_version=library_version,
                provider=provider,
            )
        except LotscertError as error:
            fail(error)
        if written.weight_factor != 1:
            print(
                say(
                    f"lotscert: obs: CISO Assistant kräver heltalsvikter; alla vikter "
                    f"multiplicerades med {written.weight_factor} (samma proportioner)",
                    f"lotscert: note: CISO Assistant needs whole-number weights; every weight "
                    f"was multiplied by {written.weight_factor} (same proportions)",
                ),
                file=sys.stderr,
            )
        print(written.library)
        print(written.sheet)

    @import_group.command(
        "ciso-assistant",
        help=say(
            "Läs ett revisionsark från CISO Assistant (CSV eller xlsx) och för in svaren i "
            "bedömningsfilen: compliance_result → status, score → mognad, observations → "
            "kommentar. Varje cell kontrolleras (fel som Fil.csv!E12: …, slutkod 2, inget "
            "skrivs); tomma celler behåller filens värden; den gamla filen sparas som .bak.",
            "Read an audit sheet from CISO Assistant (CSV or xlsx) and merge its answers into "
            "the assessment file: compliance_result → status, score → maturity, observations "
            "→ comment. Every cell is checked (problems as File.csv!E12: …, exit 2, nothing "
            "written); blank cells keep the file's values; the old file is kept as .bak.",
        ),
    )
    def import_ciso(
        sheet: Annotated[
            Path,
            typer.Argument(
                help=say("Arket (.csv eller .xlsx).", "The sheet (.csv or .xlsx)."),
                show_default=False,
            ),
        ],
        into: Annotated[
            Path,
            typer.Option(
                "--into",
                help=say("Bedömningsfilen att föra in svaren i.", "The assessment file."),
                show_default=False,
            ),
        ],
        dry_run: Annotated[
            bool,
            typer.Option(
                "--dry-run",
                help=say("Visa ändringarna men skriv inget.", "Show the changes, write nothing."),
            ),
        ] = False,
        all_changes: Annotated[
            bool,
            typer.Option(
                "--all-changes",
                help=say(
                    f"Visa alla ändringar (annars de första {MAX_CHANGE_ROWS}).",
                    f"Show every change (otherwise the first {MAX_CHANGE_ROWS}).",
                ),
            ),
        ] = False,
        catalog: Annotated[list[Path] | None, typer.Option("--catalog", help=catalog_help)] = None,
        lang: Annotated[str, lang_option] = "sv",
    ) -> None:
        from lotscert.cli.common import stdout_console
        from lotscert.cli.excel import _report_file_consistency
        from lotscert.errors import LotscertError
        from lotscert.interop.ciso import import_ciso_sheet

        try:
            report = import_ciso_sheet(
                sheet,
                into,
                dry_run=dry_run,
                catalog_paths=catalog or [],
                lang=option_language(lang),
            )
        except LotscertError as error:
            fail(error)
        console = stdout_console()
        print_changes(console, report.changes, all_changes)
        count = len(report.changes)
        if dry_run:
            message = say(
                f"{counted(count, 'ändring', 'ändringar')}; --dry-run: inget skrevs.",
                f"{counted(count, 'change', 'changes')}; --dry-run: nothing was written.",
            )
        elif not report.written:
            message = say(
                f"Inga ändringar; {into} är oförändrad.", f"No changes; {into} is unchanged."
            )
        else:
            message = say(
                f"Skrev {counted(count, 'ändring', 'ändringar')} till {into}; den gamla filen "
                f"finns i {report.backup}.",
                f"Wrote {counted(count, 'change', 'changes')} to {into}; the old file is in "
                f"{report.backup}.",
            )
        console.print(message, markup=False)
        if report.written:
            _report_file_consistency(into, catalog or [])
