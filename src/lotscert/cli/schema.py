"""``lotscert schema``: JSON Schemas of the file formats, for editors."""

from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import fatal, say


def register(app: typer.Typer) -> None:
    """Add ``schema``."""

    @app.command(
        "schema",
        help=say(
            "Skriv JSON Schema för katalog-, bedömnings- och beslutsfiler (catalog.schema.json, "
            "assessment.schema.json, decision.schema.json) så att editorer kan kontrollera och "
            "komplettera dem.",
            "Write JSON Schemas for catalogue, assessment and decision files (catalog.schema.json, "
            "assessment.schema.json, decision.schema.json) so editors can check and complete them.",
        ),
    )
    def schema(
        out: Annotated[
            Path, typer.Option("--out", help=say("Mapp att skriva till.", "Folder to write to."))
        ] = Path("schema"),
        lang: Annotated[str, typer.Option("--lang", help="sv | en")] = "sv",
    ) -> None:
        from lotscert.errors import LotscertError
        from lotscert.schemas import write_schemas

        try:
            written = write_schemas(out)
        except LotscertError as error:
            fatal(error)
        for path in written:
            print(path)
