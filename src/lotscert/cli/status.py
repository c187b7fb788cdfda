"""``lotscert status``: where the round of department workbooks stands."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import catalog_option, counted, fatal, print_invalid, say


@contextlib.contextmanager
def _held_still(assessment: Path) -> Iterator[None]:
    """The file's lock while status reads the file and the round's record (see
    :func:`lotscert.round.held_still`); one line when another write held it too long."""
    from lotscert.cli.common import current_language
    from lotscert.plaintext import escape_unprintable
    from lotscert.round import held_still

    with held_still(assessment, lang=current_language()) as held:
        if held == "busy":
            print(
                "lotscert: "
                + escape_unprintable(
                    say(
                        f"{assessment}: en annan skrivning håller filen låst; läget nedan lästes "
                        "utan att vänta längre och kan vara mitt i en import – kör status igen "
                        "om en stund",
                        f"{assessment}: another write holds the file's lock; the status below was "
                        "read without waiting longer and may be in the middle of an import – run "
                        "status again in a moment",
                    )
                ),
                file=sys.stderr,
            )
        yield


def register(app: typer.Typer) -> None:
    """Add ``status``."""

    @app.command(
        "status",
        help=say(
            "Visa var årets runda står: per förvaltning och nivå vilka krav som är besvarade "
            "och vilka som ännu är ej bedömda, vilka arbetsböcker som skickats ut (export xlsx) "
            "och kommit tillbaka (import xlsx), och konflikter som återstår. --format json för "
            "maskiner.",
            "Show where the round stands: per department and level which requirements are "
            "answered and which are still not assessed, which workbooks went out (export xlsx) "
            "and came back (import xlsx), and the conflicts outstanding. --format json for "
            "machines.",
        ),
    )
    def status(
        assessment: Annotated[
            Path,
            typer.Argument(
                help=say("Bedömningsfilen.", "The assessment file."), show_default=False
            ),
        ],
        output_format: Annotated[
            str,
            typer.Option(
                "--format",
                help=say("text (standard) eller json.", "text (the default) or json."),
            ),
        ] = "text",
        catalog: Annotated[list[Path] | None, catalog_option()] = None,
        lang: Annotated[str, typer.Option("--lang", help="sv | en")] = "sv",
    ) -> None:
        from lotscert.cli.common import current_language
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.loading import load_assessment_with_catalog
        from lotscert.round import load_record
        from lotscert.roundstatus import round_status

        if output_format not in ("text", "json"):
            fatal(say("--format ska vara text eller json", "--format must be text or json"))
        try:
            with _held_still(assessment):
                loaded, chosen = load_assessment_with_catalog(assessment, catalog or [])
                record = load_record(assessment)
        except ValidationFailed as failure:
            print_invalid(failure)
            raise typer.Exit(2) from None
        except LotscertError as error:
            fatal(error)
        result = round_status(loaded, chosen, record, current_language())
        if output_format == "json":
            print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        _print(result, chosen)


def _print(result: object, catalog: object) -> None:
    from rich.table import Table

    from lotscert.cli.common import current_language, stdout_console
    from lotscert.labels import label
    from lotscert.models.catalog import Catalog
    from lotscert.plaintext import escape_unprintable
    from lotscert.roundstatus import RoundStatus

    assert isinstance(result, RoundStatus) and isinstance(catalog, Catalog)
    lang = current_language()
    titles = {level.id: level.title.get(lang) for level in catalog.levels}
    console = stdout_console()
    table = Table(
        title=f"{result.municipality} {result.period}: {label('kind', result.kind, lang)}"
    )
    table.add_column(say("Förvaltning", "Department"))
    table.add_column(say("Nivå", "Level"))
    table.add_column(say("Besvarade", "Answered"), justify="right")
    table.add_column(say("Ej bedömda", "Not assessed"))
    for count in result.levels:
        total = len(count.answered) + len(count.not_assessed)
        table.add_row(
            count.department or say("(hela bedömningen)", "(whole assessment)"),
            titles.get(count.level, count.level),
            f"{len(count.answered)}/{total}",
            ", ".join(count.not_assessed) or "—",
        )
    console.print(table, markup=False)
    if result.departments:
        console.print(_departments_table(result), markup=False)
        if not all(state.own_list for state in result.departments):
            print(
                say(
                    "Krav «alla»: förvaltningen har ingen egen lista (requirements) och får hela "
                    "checklistan med export xlsx --department.",
                    "Requirements «all»: the department has no list of its own (requirements) "
                    "and gets the whole checklist with export xlsx --department.",
                )
            )
    if result.record_unreadable:
        print(say("Rundans logg kan inte läsas.", "The round's record cannot be read."))
    if result.workbooks:
        books = Table(title=say("Arbetsböcker", "Workbooks"))
        books.add_column(say("Fil", "File"))
        books.add_column(say("Förvaltning", "Department"))
        books.add_column(say("Utskickad", "Sent"))
        books.add_column(say("Tillbaka", "Back"))
        books.add_column(say("Konflikter", "Conflicts"), justify="right")
        for book in result.workbooks:
            books.add_row(
                book.file or "—",
                book.department or "—",
                book.exported or "—",
                book.returned[-1] if book.returned else say("inte än", "not yet"),
                str(len(book.conflicts)),
            )
        console.print(books, markup=False)
    else:
        print(say("Inga arbetsböcker har skickats ut ännu.", "No workbooks have been sent yet."))
    for book in result.workbooks:
        if book.not_in_file:  # the file put back from a backup, or changed since the import
            lost = len(book.not_in_file)
            places = ", ".join(book.not_in_file)
            name = book.file or book.workbook_id
            line = say(
                f"{name}: {counted(lost, 'värde', 'värden')} som en import av arbetsboken "
                "förde in finns inte längre i filen (återställd från en säkerhetskopia, eller "
                f"ändrad efter importen?): {places} – importera arbetsboken igen, så frågar "
                "lotscert",
                f"{name}: {counted(lost, 'value', 'values')} an import of the workbook brought "
                "in the file no longer holds (put back from a backup, or changed after the "
                f"import?): {places} – import the workbook again and lotscert asks",
            )
            print(escape_unprintable(line))
    outstanding = result.outstanding_conflicts
    if outstanding:
        print(
            say(
                f"{counted(outstanding, 'konflikt', 'konflikter')} återstår:",
                f"{counted(outstanding, 'conflict', 'conflicts')} outstanding:",
            )
        )
        for book in result.workbooks:
            for line in book.conflicts:
                print(f"  {line}")
    sys.stdout.flush()


def _departments_table(result: object) -> object:
    """One row per department: what it answers, its persons and metrics, its workbooks."""
    from rich.table import Table

    from lotscert.roundstatus import RoundStatus

    assert isinstance(result, RoundStatus)
    table = Table(title=say("Förvaltningar", "Departments"))
    table.add_column(say("Förvaltning", "Department"))
    table.add_column(say("Krav", "Requirements"))
    table.add_column(say("Besvarade", "Answered"), justify="right")
    table.add_column(say("Personer", "Persons"), justify="right")
    table.add_column(say("Mått", "Metrics"))
    table.add_column(say("Arbetsböcker", "Workbooks"))
    for state in result.departments:
        total = len(state.answered) + len(state.not_assessed)
        requirements = say("egen lista", "its own list") if state.own_list else say("alla", "all")
        if not state.metrics:
            metrics = "—"
        elif state.metrics_missing:
            metrics = ", ".join(state.metrics) + say(
                f" (saknar värde: {', '.join(state.metrics_missing)})",
                f" (no value yet: {', '.join(state.metrics_missing)})",
            )
        else:
            metrics = ", ".join(state.metrics)
        books = (
            say(
                f"{state.workbooks_sent} ut, {state.workbooks_back} tillbaka",
                f"{state.workbooks_sent} out, {state.workbooks_back} back",
            )
            if state.workbooks_sent
            else say("ingen utskickad", "none sent")
        )
        table.add_row(
            state.department,
            requirements,
            f"{len(state.answered)}/{total}",
            str(state.persons),
            metrics,
            books,
        )
    return table
