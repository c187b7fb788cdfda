"""``lotscert init``: a new assessment file for a municipality and a year."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotscert.cli.common import current_language, fatal, say
from lotscert.labels import ASSESSMENT_KINDS

if TYPE_CHECKING:
    from lotscert.models.catalog import Catalog
    from lotscert.models.common import Language


def _catalog_change_lines(previous_ref: str, chosen: "Catalog", lang: "Language") -> list[str]:
    """What changed from the previous file's catalogue to the chosen one, one line per
    requirement (empty when the previous catalogue cannot be found)."""
    from lotscert.catalogdiff import catalog_changes, change_lines
    from lotscert.errors import LotscertError
    from lotscert.loading import find_catalog

    try:
        older = find_catalog(previous_ref)
    except LotscertError:
        return []
    return change_lines(catalog_changes(older, chosen), lang)


def register(app: typer.Typer) -> None:
    """Add ``init``."""

    @app.command(
        "init",
        help=say(
            "Skapa en ny bedömningsfil assessments/<kod>-<namn>/<år>-<typ>.yaml där varje krav "
            "är not_assessed, med kravets rubrik och vägledning som kommentarer. --from för över "
            "underlag, personer, förvaltningar, mått och öppna åtgärder från förra årets fil.",
            "Create a new assessment file assessments/<code>-<name>/<year>-<kind>.yaml with "
            "every requirement not_assessed and its title and guidance as comments. --from "
            "carries over evidence, persons, departments, metrics and open actions from last "
            "year's file.",
        ),
    )
    def init(
        municipality: Annotated[
            str,
            typer.Option(
                "--municipality",
                help=say("Kommunkod, t.ex. 0860.", "Municipality code, e.g. 0860."),
                show_default=False,
            ),
        ],
        year: Annotated[
            int,
            typer.Option("--year", help=say("Året.", "The year."), show_default=False),
        ],
        kind: Annotated[
            str,
            typer.Option(
                "--kind",
                help=say("Slag: ", "Kind: ") + ", ".join(ASSESSMENT_KINDS),
            ),
        ] = "self_assessment",
        catalog: Annotated[
            str,
            typer.Option(
                "--catalog",
                help=say(
                    "Katalogens id, id@version eller fil.", "Catalogue id, id@version or file."
                ),
            ),
        ] = "ss884000",
        from_file: Annotated[
            Path | None,
            typer.Option("--from", help=say("Förra årets bedömning.", "Last year's assessment.")),
        ] = None,
        name: Annotated[
            str | None,
            typer.Option(
                "--name",
                help=say(
                    "Kommunens namn (bara för exempelkoder 99xx).",
                    "The municipality's name (only for example codes 99xx).",
                ),
            ),
        ] = None,
        out: Annotated[
            Path,
            typer.Option("--out", help=say("Mapp för bedömningar.", "Assessments folder.")),
        ] = Path("assessments"),
        force: Annotated[
            bool,
            typer.Option("--force", help=say("Skriv över en befintlig fil.", "Overwrite.")),
        ] = False,
        lang: Annotated[str, typer.Option("--lang", help="sv | en")] = "sv",
    ) -> None:
        from pydantic import ValidationError

        from lotscert.atomic import edit_in_place
        from lotscert.diagnostics import Diagnostic
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.loading import choose_catalog, load_assessment, load_catalog
        from lotscert.schemaerrors import describe_validation_error
        from lotscert.skeleton import default_path, new_assessment, resolve_municipality
        from lotscert.yamlwrite import dump_assessment, schema_comment

        if kind not in ASSESSMENT_KINDS:
            fatal(
                say(
                    f"okänt slag {kind}; välj {', '.join(ASSESSMENT_KINDS)}",
                    f"unknown kind {kind}; choose {', '.join(ASSESSMENT_KINDS)}",
                )
            )
        try:
            if Path(catalog).is_file():
                chosen = load_catalog(catalog)
            else:
                chosen = choose_catalog(catalog, lang=current_language()).catalog
            previous = load_assessment(from_file) if from_file else None
            if name is None and previous is not None and previous.municipality.code == municipality:
                # last year's name (an example municipality's "Exempelby"): the same folder
                name = previous.municipality.name
            place = resolve_municipality(municipality, name)
            try:
                skeleton = new_assessment(chosen, place, year, kind, previous=previous)
            except ValidationError as invalid:  # a value given on the command line
                fatal(describe_validation_error(invalid, current_language()))
            changed: list[str] = []
            if previous is not None and previous.catalog != chosen.ref:
                changed = _catalog_change_lines(previous.catalog, chosen, current_language())
                skeleton.header.extend(
                    [
                        f"Katalogen är bytt från {previous.catalog} till {chosen.ref}; "
                        f"{len(changed)} krav är nya eller ändrade:",
                        *(
                            f"  {line}"
                            for line in _catalog_change_lines(previous.catalog, chosen, "sv")
                        ),
                    ]
                )
            target = default_path(out, place, year, kind)
            if target.exists() and not force:
                fatal(
                    say(
                        f"{target} finns redan; ange --force för att skriva över den",
                        f"{target} already exists; give --force to overwrite it",
                    )
                )
            text = dump_assessment(
                skeleton.assessment,
                header=skeleton.header,
                response_comments=skeleton.response_comments,
                schema_line=schema_comment(target),
            )
            # Locked, and re-checked before the rename: the file is still what was decided on
            # (absent, or the one --force replaces), so a file saved meanwhile is not lost.
            with edit_in_place(target, lang=current_language(), updates=False) as edit:
                if edit.original is not None and not force:
                    fatal(
                        say(
                            f"{target} finns redan; ange --force för att skriva över den",
                            f"{target} already exists; give --force to overwrite it",
                        )
                    )
                edit.write(text.encode("utf-8"))
            if skeleton.team_not_carried and previous is not None:
                print(
                    "lotscert: "
                    + say(
                        f"bedömarna från {previous.period} ({previous.kind}) förs inte över till "
                        f"en {kind}; ange revisionsteamet under assessors med audit_role",
                        f"the assessors of {previous.period} ({previous.kind}) are not carried "
                        f"over into a {kind}; give the audit team under assessors with "
                        "audit_role",
                    ),
                    file=sys.stderr,
                )
            if previous is not None and previous.catalog != chosen.ref:
                print(
                    say(
                        f"Katalogen är bytt från {previous.catalog} till {chosen.ref}. "
                        f"{len(changed)} krav är nya eller ändrade (listan finns också överst i "
                        "filen):",
                        f"The catalogue changes from {previous.catalog} to {chosen.ref}. "
                        f"{len(changed)} requirements are new or changed (the list is also at "
                        "the top of the file):",
                    ),
                    file=sys.stderr,
                )
                for line in changed:
                    print(f"  • {line}", file=sys.stderr)
        except ValidationFailed as failure:  # --from: every error, located, in the chosen language
            for diagnostic in failure.diagnostics:
                if isinstance(diagnostic, Diagnostic) and diagnostic.severity == "error":
                    print(f"lotscert: {diagnostic.format(current_language())}", file=sys.stderr)
            raise typer.Exit(2) from None
        except LotscertError as error:
            fatal(error)
        print(target)
