"""``lotscert demo``: the whole main job on the bundled example municipalities."""

from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import counted, current_language, fatal, say, stdout_console


def register(app: typer.Typer) -> None:
    """Add ``demo``."""

    @app.command(
        "demo",
        help=say(
            "Kör hela huvudjobbet på exempelkommunerna: validera, räkna poäng år för år, och "
            "skriv resultat (JSON), rapporter (HTML, PDF) och Excel-checklistor till "
            "reports/demo/.",
            "Run the whole main job on the example municipalities: validate, score year by "
            "year, and write results (JSON), reports (HTML, PDF) and Excel checklists to "
            "reports/demo/.",
        ),
    )
    def demo(
        examples: Annotated[
            Path,
            typer.Option(
                "--examples",
                help=say("Mapp med exempelbedömningar.", "Folder of example assessments."),
            ),
        ] = Path("assessments"),
        out: Annotated[Path, typer.Option("--out", help=say("Utmapp.", "Output folder."))] = Path(
            "reports/demo"
        ),
        lang: Annotated[str, typer.Option("--lang", help="sv | en")] = "sv",
    ) -> None:
        from rich.markup import escape
        from rich.table import Table

        from lotscert.demo import run_demo
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.labels import decision_text, label
        from lotscert.reports.formatting import format_percent

        language = current_language()
        if not examples.is_dir():
            fatal(
                say(
                    f"{examples}: mappen med exempel finns inte; kör kommandot i lotscert-mappen "
                    "eller ange --examples",
                    f"{examples}: the examples folder does not exist; run from the lotscert "
                    "folder or give --examples",
                )
            )
        console = stdout_console()
        try:
            with console.status(say("Kör demo …", "Running the demo …")) as status:
                run = run_demo(
                    examples,
                    out,
                    step=lambda name: status.update(
                        say("Arbetar med ", "Working on ") + escape(name)
                    ),
                    lang=language,
                )
        except ValidationFailed as failure:
            for diagnostic in failure.diagnostics:
                print(diagnostic.format(language))  # type: ignore[attr-defined]
            fatal(say("exempeldata har fel", "the example data has errors"))
        except LotscertError as error:
            fatal(error)
        checked = len(run.validation.checked)
        console.print(
            say(
                f"Validerade {counted(checked, 'fil', 'filer')}: "
                f"{len(run.validation.errors)} fel, "
                f"{counted(len(run.validation.warnings), 'varning', 'varningar')}.",
                f"Validated {counted(checked, 'file', 'files')}: "
                f"{counted(len(run.validation.errors), 'error', 'errors')}, "
                f"{counted(len(run.validation.warnings), 'warning', 'warnings')}.",
            )
        )
        table = Table(title=say("Exempelkommuner", "Example municipalities"))
        for header in (
            say("Kommun", "Municipality"),
            say("År", "Year"),
            say("Slag", "Kind"),
            say("Totalt", "Overall"),
            say("Fynd (större/mindre/obs.)", "Findings (major/minor/obs.)"),
            say("Beslut", "Decision"),
        ):
            table.add_column(header)
        for item in run.scored:
            result = item.result
            decision = result.decision
            table.add_row(
                escape(f"{result.municipality.code} {result.municipality.name}"),
                str(result.period),
                label("kind", result.kind, language),
                format_percent(result.scores.overall.percent, language),
                f"{decision.major}/{decision.minor}/{decision.observations}",
                decision_text(decision.outcome, decision.readiness_only, language, result.kind),
            )
        console.print(table)
        console.print(say("Skrivna filer:", "Files written:"))
        for path in run.written:
            console.print(f"  {escape(str(path))}")
