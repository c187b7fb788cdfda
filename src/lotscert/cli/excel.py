"""``lotscert export xlsx`` and ``lotscert import xlsx``: the Excel checklist round trip."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from lotscert.cli.common import (
    counted,
    current_language,
    fail_with_problems,
    fatal,
    option_language,
    say,
)
from lotscert.labels import ASSESSMENT_KINDS

if TYPE_CHECKING:
    from lotscert.diagnostics import Diagnostic
    from lotscert.errors import LotscertError

_CELL_WIDTH = 120
#: Changes listed after an import unless --all-changes (a new file can have thousands).
MAX_CHANGE_ROWS = 50


def _fail(error: LotscertError) -> NoReturn:
    """Every located problem on its own line (standard error), then exit 2."""
    fail_with_problems(error)


def _short(text: str) -> str:
    flat = text.replace("\n", " ⏎ ")
    return flat if len(flat) <= _CELL_WIDTH else flat[: _CELL_WIDTH - 1] + "…"


def print_changes(console: Any, changes: Sequence[Any], all_changes: bool) -> None:
    """The table of what an import changes (field, before, after): the first
    ``MAX_CHANGE_ROWS`` unless ``all_changes``, then how many more there are."""
    if not changes:
        return
    from rich.table import Table

    table = Table(title=say("Ändringar", "Changes"))
    table.add_column(say("Fält", "Field"))
    table.add_column(say("Före", "Before"))
    table.add_column(say("Efter", "After"))
    shown = changes if all_changes else changes[:MAX_CHANGE_ROWS]
    for change in shown:
        table.add_row(_short(change.field), _short(change.old), _short(change.new))
    console.print(table, markup=False)  # cell text is the user's, not rich markup
    hidden = len(changes) - len(shown)
    if hidden:
        console.print(
            say(
                f"… och {hidden} till (visa alla med --all-changes)",
                f"… and {hidden} more (show them all with --all-changes)",
            ),
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add the ``export`` and ``import`` groups with their ``xlsx`` commands."""
    export_group = typer.Typer(
        help=say("Exportera till andra format.", "Export to other formats."),
        no_args_is_help=True,
    )
    import_group = typer.Typer(
        help=say("Importera från andra format.", "Import from other formats."),
        no_args_is_help=True,
    )
    app.add_typer(export_group, name="export")
    app.add_typer(import_group, name="import")

    @export_group.command(
        "xlsx",
        help=say(
            "Skriv en checklista (Excel) att fylla i: ifylld från en bedömningsfil, eller tom "
            "för ett nytt år med --blank --municipality KOD --year ÅR. Blad: Instruktioner, ett "
            "per nivå, Personer, Mått och ett dolt metadatablad. Skriver aldrig över en fil "
            "utan --force.",
            "Write a checklist workbook (Excel) to fill in: filled from an assessment file, or "
            "blank for a new year with --blank --municipality CODE --year YEAR. Sheets: "
            "Instructions, one per level, Persons, Metrics and a hidden metadata sheet. Never "
            "overwrites a file without --force.",
        ),
    )
    def export_xlsx(
        assessment: Annotated[
            Path | None,
            typer.Argument(
                help=say("Bedömningsfilen (YAML).", "The assessment file (YAML)."),
                show_default=False,
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help=say(
                    "Arbetsboken att skriva (standard: KOD-namn-ÅR-typ.xlsx).",
                    "The workbook to write (default: CODE-name-YEAR-kind.xlsx).",
                ),
            ),
        ] = None,
        level: Annotated[
            list[str] | None,
            typer.Option(
                "--level",
                help=say(
                    "Bara denna nivå (id eller namn; kan anges flera gånger).",
                    "Only this level (id or title; may be repeated).",
                ),
            ),
        ] = None,
        department: Annotated[
            str | None,
            typer.Option(
                "--department",
                help=say(
                    "Bara denna förvaltnings del (id): dess krav, dess egna personer och de mått "
                    "den äger; inga Personer- eller Mått-blad när den inte har några.",
                    "Only this department's part (id): its requirements, its own persons and the "
                    "metrics it owns; no Persons or Metrics sheet when it has none.",
                ),
            ),
        ] = None,
        catalog: Annotated[
            list[str] | None,
            typer.Option(
                "--catalog",
                help=say(
                    "Katalogfil eller mapp att leta i; med --blank även katalogens id eller "
                    "id@version.",
                    "Catalogue file or folder to look in; with --blank also the catalogue's id "
                    "or id@version.",
                ),
            ),
        ] = None,
        blank: Annotated[
            bool,
            typer.Option(
                "--blank",
                help=say(
                    "En tom checklista (alla krav ej bedömda).",
                    "A blank checklist (every requirement not assessed).",
                ),
            ),
        ] = False,
        municipality: Annotated[
            str | None,
            typer.Option(
                "--municipality", help=say("Kommunkod (med --blank).", "Municipality code.")
            ),
        ] = None,
        municipality_name: Annotated[
            str | None,
            typer.Option(
                "--municipality-name",
                help=say(
                    "Kommunens namn (bara för exempelkoder 99xx).",
                    "The municipality's name (only for example codes 99xx).",
                ),
            ),
        ] = None,
        year: Annotated[
            int | None,
            typer.Option("--year", help=say("Året (med --blank).", "The year (with --blank).")),
        ] = None,
        kind: Annotated[
            str,
            typer.Option("--kind", help=say("Slag: ", "Kind: ") + ", ".join(ASSESSMENT_KINDS)),
        ] = "self_assessment",
        force: Annotated[
            bool,
            typer.Option("--force", help=say("Skriv över en befintlig fil.", "Overwrite a file.")),
        ] = False,
        lang: Annotated[
            str,
            typer.Option(
                "--lang", help=say("Arbetsbokens språk: sv eller en.", "Workbook language.")
            ),
        ] = "sv",
    ) -> None:
        from pydantic import ValidationError

        from lotscert.errors import LotscertError
        from lotscert.excel import export_blank, export_workbook
        from lotscert.excel.export import record_export
        from lotscert.schemaerrors import describe_validation_error

        language = option_language(lang)
        paths = [item for item in catalog or [] if Path(item).exists()]
        names = [item for item in catalog or [] if not Path(item).exists()]
        try:
            if blank:
                if assessment is not None:
                    fatal(
                        say(
                            "ange antingen en bedömningsfil eller --blank, inte båda",
                            "give either an assessment file or --blank, not both",
                        )
                    )
                if municipality is None or year is None:
                    fatal(
                        say(
                            "--blank kräver --municipality KOD och --year ÅR",
                            "--blank needs --municipality CODE and --year YEAR",
                        )
                    )
                if kind not in ASSESSMENT_KINDS:
                    fatal(
                        say(
                            f"okänt slag {kind}; välj {', '.join(ASSESSMENT_KINDS)}",
                            f"unknown kind {kind}; choose {', '.join(ASSESSMENT_KINDS)}",
                        )
                    )
                if len(names) > 1:
                    fatal(say("ange högst en katalog-id", "give at most one catalogue id"))
                if department is not None:
                    fatal(
                        say(
                            "--department behöver en bedömningsfil (en tom checklista har inga "
                            "förvaltningar)",
                            "--department needs an assessment file (a blank checklist has no "
                            "departments)",
                        )
                    )
                written = export_blank(
                    municipality,
                    year,
                    out,
                    kind=kind,
                    catalog=names[0] if names else None,
                    catalog_paths=paths,
                    lang=language,
                    levels=level or (),
                    municipality_name=municipality_name,
                    force=force,
                )
            else:
                if assessment is None:
                    fatal(
                        say(
                            "ange bedömningsfilen, eller --blank för en tom checklista",
                            "give the assessment file, or --blank for a blank checklist",
                        )
                    )
                if names:
                    fatal(say(f"{names[0]}: finns inte", f"{names[0]}: not found"))
                # Even --force must not replace the assessment the workbook is made from.
                if (
                    out is not None
                    and out.is_file()
                    and assessment.is_file()
                    and out.samefile(assessment)
                ):
                    fatal(
                        say(
                            f"{out}: arbetsboken får inte skriva över bedömningsfilen",
                            f"{out}: the workbook must not overwrite the assessment file",
                        )
                    )
                written = export_workbook(
                    assessment,
                    out,
                    language,
                    level or (),
                    catalog_paths=paths,
                    force=force,
                    department=department,
                )
        except LotscertError as error:
            _fail(error)
        except ValidationError as invalid:  # a value given on the command line (--year, a name)
            fatal(describe_validation_error(invalid, language))
        print(written)
        if assessment is not None and not blank:
            try:
                record_export(assessment, written, language)
            except LotscertError as error:  # the workbook is out; the record is a help
                _warn_record(
                    error.localized(current_language()),
                    say(
                        "arbetsboken är skriven, men rundans logg är inte uppdaterad: lotscert "
                        "status visar inte att den gått ut. Rätta felet och exportera igen",
                        "the workbook is written, but the round's record is not updated: lotscert "
                        "status does not show that it went out. Fix the problem and export again",
                    ),
                )

    @import_group.command(
        "xlsx",
        help=say(
            "Läs tillbaka en ifylld checklista och för in svaren i bedömningsfilen. Varje cell "
            "kontrolleras och alla fel visas som Bok.xlsx!Blad!C12: meddelande (slutkod 2, "
            "inget skrivs). Visar vad som ändras, sparar den gamla filen som .bak och behåller "
            "kommentarer och ordning i YAML-filen. --dry-run visar bara ändringarna.",
            "Read a filled-in checklist back and merge its answers into the assessment file. "
            "Every cell is checked and every problem shown as Book.xlsx!Sheet!C12: message "
            "(exit 2, nothing written). Shows what changes, keeps the old file as .bak and "
            "keeps the YAML file's comments and order. --dry-run only shows the changes.",
        ),
    )
    def import_xlsx(
        workbook: Annotated[
            Path,
            typer.Argument(
                help=say("Arbetsboken (.xlsx).", "The workbook (.xlsx)."), show_default=False
            ),
        ],
        into: Annotated[
            Path,
            typer.Option(
                "--into",
                help=say(
                    "Bedömningsfilen att föra in svaren i (skapas om den saknas).",
                    "The assessment file to merge into (created when missing).",
                ),
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
        only_level: Annotated[
            list[str] | None,
            typer.Option(
                "--only-level",
                help=say(
                    "Läs bara denna nivås blad (kan anges flera gånger); övriga nivåer, personer "
                    "och mått lämnas orörda.",
                    "Read only this level's sheet (may be repeated); other levels, persons and "
                    "metrics are left untouched.",
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
        theirs: Annotated[
            bool,
            typer.Option(
                "--theirs",
                help=say(
                    "Vid konflikt (ett värde ändrat både i filen sedan exporten och i "
                    "arbetsboken) gäller arbetsbokens värde.",
                    "On a conflict (a value changed both in the file since the export and in "
                    "the workbook) the workbook's value wins.",
                ),
            ),
        ] = False,
        ours: Annotated[
            bool,
            typer.Option(
                "--ours",
                help=say(
                    "Vid konflikt gäller filens värde (arbetsbokens övriga ändringar förs in).",
                    "On a conflict the file's value wins (the workbook's other changes are "
                    "merged).",
                ),
            ),
        ] = False,
        unrecorded: Annotated[
            bool,
            typer.Option(
                "--unrecorded",
                help=say(
                    "För in en arbetsbok som rundans logg (NAMN.round.json) inte känner till "
                    "eller inte kan läsas – bara när loggen togs bort eller skadades efter att "
                    "arbetsboken skickades ut.",
                    "Merge a workbook the round's record (NAME.round.json) does not know, or "
                    "while it cannot be read – only when the record was removed or damaged "
                    "after the workbook was sent out.",
                ),
            ),
        ] = False,
        lang: Annotated[
            str, typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en."))
        ] = "sv",
    ) -> None:
        from lotscert.cli.common import stdout_console
        from lotscert.cli.progress import working
        from lotscert.errors import LotscertError
        from lotscert.excel import import_workbook

        language = option_language(lang)
        if theirs and ours:
            fatal(say("ange --theirs eller --ours, inte båda", "give --theirs or --ours, not both"))
        try:
            with working(
                say(
                    f"Läser {workbook.name} och för in svaren i {into.name} …",
                    f"Reading {workbook.name} and merging the answers into {into.name} …",
                )
            ):
                report = import_workbook(
                    workbook,
                    into,
                    dry_run,
                    only_level or (),
                    catalog_paths=catalog or [],
                    lang=language,
                    prefer="workbook" if theirs else "file" if ours else None,
                    unrecorded=unrecorded,
                )
        except LotscertError as error:
            problem = getattr(error, "record_problem", None)
            if isinstance(problem, str):
                _warn_record(
                    problem,
                    say(
                        "konflikterna nedan kunde inte noteras i rundans logg, så lotscert "
                        "status visar dem inte (inget annat skrevs). Rätta felet och importera "
                        "arbetsboken igen",
                        "the conflicts below could not be noted in the round's record, so "
                        "lotscert status does not show them (nothing else was written). Fix the "
                        "problem and import the workbook again",
                    ),
                )
            _fail(error)
        console = stdout_console()
        if report.settled:
            winner = (
                say("arbetsbokens värde gäller", "the workbook's value wins")
                if theirs
                else say("filens värde gäller", "the file's value wins")
            )
            for line in report.settled:
                print(f"{line} – {winner}", file=sys.stderr)
        print_changes(console, report.changes, all_changes)
        count = len(report.changes)
        changes_sv = counted(count, "ändring", "ändringar")
        changes_en = counted(count, "change", "changes")
        if dry_run:
            message = say(
                f"{changes_sv}; --dry-run: inget skrevs.",
                f"{changes_en}; --dry-run: nothing was written.",
            )
        elif not report.written:
            message = say(
                f"Inga ändringar; {into} är oförändrad.", f"No changes; {into} is unchanged."
            )
        elif report.created:
            values_sv = counted(count, "värde", "värden")
            values_en = counted(count, "value", "values")
            message = say(f"Skapade {into} ({values_sv}).", f"Created {into} ({values_en}).")
        else:
            message = say(
                f"Skrev {changes_sv} till {into}; den gamla filen finns i {report.backup}.",
                f"Wrote {changes_en} to {into}; the old file is in {report.backup}.",
            )
        console.print(message, markup=False)
        if report.record_problem:
            _warn_record(
                report.record_problem,
                say(
                    "svaren är införda (--unrecorded), men rundans logg kan inte läsas och är "
                    "inte uppdaterad: lotscert vet inte vad arbetsboken förde in, så en senare "
                    "version av den som tar tillbaka ett svar kan förbigås utan att du "
                    "tillfrågas. Rätta loggen (lotscert status visar felet) och importera "
                    "arbetsboken igen",
                    "the answers are in (--unrecorded), but the round's record cannot be read "
                    "and is not updated: lotscert does not know what the workbook brought in, "
                    "so a later version of it taking an answer back may be passed over without "
                    "asking you. Set the record right (lotscert status shows the problem) and "
                    "import the workbook again",
                ),
            )
        if report.written:
            _report_consistency(report.diagnostics)


def _warn_record(problem: str, meaning: str) -> None:
    """One warning line on standard error: the round's record is behind, what that means for
    the round and how to set it right (the command itself succeeded; exit stays 0)."""
    from lotscert.plaintext import escape_unprintable

    text = escape_unprintable(f"{problem} – {meaning}".replace("\n", " "))
    print(f"lotscert: {say('varning', 'warning')}: {text}", file=sys.stderr)


def _report_file_consistency(path: Path, catalog_paths: list[Path]) -> None:
    """After an import that did not check the file it wrote: validate it and report."""
    from lotscert.loading import validate_paths

    _report_consistency(validate_paths([path], catalog_paths).diagnostics)


def _report_consistency(diagnostics: list[Diagnostic]) -> None:
    """After an import: what ``lotscert validate`` says of the merged file (the cells were
    valid one by one, but e.g. a fulfilled answer may still lack evidence). Exit stays 0."""
    if not diagnostics:
        return
    print(
        say(
            f"Den importerade filen har {counted(len(diagnostics), 'sak', 'saker')} att åtgärda "
            "(samma som lotscert validate visar):",
            f"The imported file has {counted(len(diagnostics), 'thing', 'things')} to fix "
            "(as lotscert validate shows them):",
        ),
        file=sys.stderr,
    )
    for diagnostic in diagnostics:
        print(diagnostic.format(current_language()), file=sys.stderr)
