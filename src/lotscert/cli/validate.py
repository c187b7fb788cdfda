"""``lotscert validate``: every problem in every file, one line each."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, assert_never

import typer

from lotscert.cli.common import (
    catalog_option,
    counted,
    current_language,
    fatal,
    jobs_help,
    say,
)


class DiagnosticFormat(StrEnum):
    """How diagnostics are printed."""

    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add ``validate``."""

    @app.command(
        "validate",
        help=say(
            "Kontrollera kataloger och bedömningar (filer eller mappar). Skriver varje problem "
            "som fil:rad:kolumn: fel|varning: var: meddelande. Slutkod 0 utan fel, 2 vid fel.",
            "Check catalogues and assessments (files or folders). Prints every problem as "
            "file:line:col: error|warning: where: message. Exit 0 without errors, 2 with any.",
        ),
    )
    def validate(
        paths: Annotated[
            list[Path],
            typer.Argument(
                help=say("Filer eller mappar.", "Files or folders."), show_default=False
            ),
        ],
        catalog: Annotated[
            list[Path] | None,
            catalog_option(),
        ] = None,
        strict: Annotated[
            bool,
            typer.Option(
                "--strict", help=say("Behandla varningar som fel.", "Treat warnings as errors.")
            ),
        ] = False,
        check_evidence: Annotated[
            bool,
            typer.Option(
                "--check-evidence",
                help=say(
                    "Kontrollera också att underlag som namnger en lokal fil (t.ex. "
                    "bilagor/beslut.pdf) finns i bedömningens mapp; absoluta sökvägar, .. och "
                    "symboliska länkar ut ur mappen är fel.",
                    "Also check that evidence naming a local file (e.g. bilagor/beslut.pdf) "
                    "exists in the assessment's folder; absolute paths, .. and symbolic links "
                    "out of the folder are errors.",
                ),
            ),
        ] = False,
        output_format: Annotated[
            DiagnosticFormat,
            typer.Option("--format", help=say("text eller json.", "text or json.")),
        ] = DiagnosticFormat.text,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help=jobs_help())] = 0,
        lang: Annotated[
            str, typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en."))
        ] = "sv",
    ) -> None:
        from lotscert.cli.progress import progress_bar
        from lotscert.diagnostics import sort_diagnostics, to_json
        from lotscert.errors import LotscertError
        from lotscert.loading import iter_yaml_files, validate_paths
        from lotscert.validation.evidence_files import evidence_file_diagnostics

        language = current_language()
        missing = [p for p in paths if not p.exists()]
        if missing:
            fatal(say(f"{missing[0]}: finns inte", f"{missing[0]}: not found"))
        try:
            with progress_bar(say("Kontrollerar filer", "Checking files")) as progress:
                report = validate_paths(
                    paths, catalog or [], strict=strict, jobs=jobs, progress=progress
                )
        except LotscertError as error:
            fatal(error)
        if check_evidence:
            for path in iter_yaml_files(paths):
                report.extend(evidence_file_diagnostics(path))
            report.diagnostics = sort_diagnostics(report.diagnostics)
        match output_format:
            case DiagnosticFormat.json:
                print(to_json(report.diagnostics, language))
            case DiagnosticFormat.text:
                for diagnostic in report.diagnostics:
                    print(diagnostic.format(language))
                catalogs = sum(1 for _, kind in report.checked if kind == "catalog")
                assessments = sum(1 for _, kind in report.checked if kind == "assessment")
                decisions = sum(1 for _, kind in report.checked if kind == "decision")
                errors, warnings = len(report.errors), len(report.warnings)
                files = len(report.checked)
                decisions_sv = f", {decisions} beslut" if decisions else ""
                decisions_en = (
                    f", {counted(decisions, 'decision', 'decisions')}" if decisions else ""
                )
                summary = say(
                    f"Kontrollerade {counted(files, 'fil', 'filer')} "
                    f"({counted(catalogs, 'katalog', 'kataloger')}, "
                    f"{counted(assessments, 'bedömning', 'bedömningar')}{decisions_sv}): "
                    f"{errors} fel, {counted(warnings, 'varning', 'varningar')}.",
                    f"Checked {counted(files, 'file', 'files')} "
                    f"({counted(catalogs, 'catalogue', 'catalogues')}, "
                    f"{counted(assessments, 'assessment', 'assessments')}{decisions_en}): "
                    f"{counted(errors, 'error', 'errors')}, "
                    f"{counted(warnings, 'warning', 'warnings')}.",
                )
                typer.echo(summary, err=True)
            case _:
                assert_never(output_format)
        raise typer.Exit(2 if report.errors else 0)
