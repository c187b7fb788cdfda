"""``lotscert redact``: a copy of an assessment without the names of people."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import current_language, fatal, say


def register(app: typer.Typer) -> None:
    """Add ``redact``."""

    @app.command(
        "redact",
        help=say(
            "Skriv en avidentifierad kopia av en bedömning, t.ex. för en nationell jämförelse: "
            "personers och bedömares namn tas bort (personernas pseudonyma id behålls) och "
            "byts ut överallt där de förekommer i fritext. Skriver aldrig över en fil utan "
            "--force, och aldrig över originalet.",
            "Write a copy of an assessment without people's names, e.g. for a national "
            "comparison: persons' and assessors' names are removed (the persons' pseudonymous "
            "ids stay) and replaced wherever they occur in free text. Never overwrites a file "
            "without --force, and never the original.",
        ),
    )
    def redact(
        assessment: Annotated[
            Path,
            typer.Argument(
                help=say("Bedömningsfilen.", "The assessment file."), show_default=False
            ),
        ],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                help=say("Filen att skriva kopian till.", "The file to write the copy to."),
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
        from lotscert.atomic import write_text_atomic
        from lotscert.diagnostics import Diagnostic
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.loading import load_assessment
        from lotscert.pseudonyms import name_table
        from lotscert.redact import redact_assessment
        from lotscert.yamlwrite import dump_assessment, schema_comment

        language = current_language()
        if not assessment.is_file():
            fatal(say(f"{assessment}: filen finns inte", f"{assessment}: file not found"))
        if out.exists() and out.resolve() == assessment.resolve():
            fatal(
                say(
                    f"{out}: kopian får inte skriva över originalet; välj en annan fil",
                    f"{out}: the copy must not overwrite the original; choose another file",
                )
            )
        if out.is_dir():
            fatal(say(f"{out} är en mapp; ange en fil", f"{out} is a folder; give a file"))
        if out.exists() and not force:
            fatal(
                say(
                    f"{out} finns redan; ange --force för att skriva över den",
                    f"{out} already exists; give --force to overwrite it",
                )
            )
        try:
            original = load_assessment(assessment)
            redacted = redact_assessment(original, language)
            # the file's name is pseudonymised like the text (a draft saved under a name)
            shown = name_table([original], language).replace(assessment.name)
            header = [
                say(
                    f"Avidentifierad kopia av {shown!r} (lotscert redact): personers "
                    "och bedömares namn är borttagna.",
                    f"Redacted copy of {shown!r} (lotscert redact): persons' and "
                    "assessors' names are removed.",
                )
            ]
            text = dump_assessment(redacted, header=header, schema_line=schema_comment(out))
            write_text_atomic(out, text)
        except ValidationFailed as failure:
            for diagnostic in failure.diagnostics:
                if isinstance(diagnostic, Diagnostic) and diagnostic.severity == "error":
                    print(f"lotscert: {diagnostic.format(language)}", file=sys.stderr)
            raise typer.Exit(2) from None
        except LotscertError as error:
            fatal(error)
        print(out)
