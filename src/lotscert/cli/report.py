"""``lotscert report`` and ``lotscert verify``: write reports, and check one against its inputs."""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotscert.cli.common import (
    catalog_option,
    current_language,
    fatal,
    jobs_help,
    print_invalid,
    say,
    set_language,
    stderr_console,
)

if TYPE_CHECKING:
    from lotscert.reports.proof import ContentDifference, VerifyResult


class KindChoice(StrEnum):
    """The report kinds, as the CLI offers them (mirrors ``lotscert.reports.ReportKind``)."""

    gap = "gap"
    certificate = "certificate"
    trend = "trend"
    persons = "persons"
    compare = "compare"
    national = "national"


class FormatChoice(StrEnum):
    """The output formats (mirrors ``lotscert.reports.ReportFormat``)."""

    html = "html"
    md = "md"
    json = "json"
    pdf = "pdf"


def verify_message(outcome: VerifyResult) -> str:
    """The one line ``lotscert verify`` prints."""
    from lotscert.plaintext import escape_unprintable

    report = escape_unprintable(str(outcome.report))
    digest = outcome.integrity.digest[:16]
    if outcome.ok:
        bundled = (
            say(" och den inbyggda katalogen", " and the bundled catalogue")
            if outcome.bundled_catalog
            else ""
        )
        return say(
            f"{report}: OK – återskapad byte för byte av exakt dessa filer{bundled} "
            f"(kontrollsumma {digest}…)",
            f"{report}: OK – re-created byte for byte from exactly these files{bundled} "
            f"(digest {digest}…)",
        )
    problems: list[str] = []
    for path, recorded in outcome.differing:
        name = escape_unprintable(recorded.name)
        problems.append(
            say(
                f"{escape_unprintable(str(path))} skiljer sig från underlaget {name}",
                f"{escape_unprintable(str(path))} differs from the input {name}",
            )
        )
    for path in outcome.unknown:
        shown = escape_unprintable(str(path))
        problems.append(
            say(
                f"{shown} är inget underlag till rapporten",
                f"{shown} is not an input of the report",
            )
        )
    for recorded in outcome.missing:
        name = escape_unprintable(recorded.name)
        problems.append(
            say(
                f"underlaget {name} ({recorded.role}) saknas bland --inputs",
                f"the input {name} ({recorded.role}) is missing from --inputs",
            )
        )
    if not outcome.consistent:
        problems.append(
            say(
                "rapportens kontrollsumma stämmer inte med dess fillista",
                "the report's digest does not match its list of files",
            )
        )
    if outcome.content is not None:
        problems.append(content_message(outcome.content))
    return say(
        f"{report}: SKILJER SIG – {'; '.join(problems)}",
        f"{report}: DIFFERS – {'; '.join(problems)}",
    )


def content_message(difference: ContentDifference) -> str:
    """Where the report differs from the one its inputs give, in one phrase."""
    where, ours, theirs = difference.where, difference.in_report, difference.recreated
    match difference.kind:
        case "line":
            return say(
                f"rapportens innehåll är ändrat: rad {where} lyder «{ours}», filerna ger "
                f"«{theirs}»",
                f"the report's content was changed: line {where} reads «{ours}», the files "
                f"give «{theirs}»",
            )
        case "field":
            return say(
                f"rapportens innehåll är ändrat: {where} är {ours}, filerna ger {theirs}",
                f"the report's content was changed: {where} is {ours}, the files give {theirs}",
            )
        case "byte":
            return say(
                f"rapportens innehåll är ändrat från byte {where} ({ours} i stället för {theirs})",
                f"the report's content was changed from byte {where} ({ours} instead of {theirs})",
            )
        case "longer":
            return say(
                f"rapporten har {ours} byte för mycket efter sitt slut (byte {where})",
                f"the report has {ours} bytes too many after its end (byte {where})",
            )
        case "shorter":
            return say(
                f"rapporten är avkortad vid byte {where} ({theirs} byte saknas)",
                f"the report is cut short at byte {where} ({theirs} bytes missing)",
            )
        case "version":
            return say(
                f"rapporten gjordes med lotscert {ours} och kan bara återskapas med den "
                f"versionen (detta är {theirs})",
                f"the report was made with lotscert {ours} and can only be re-created with that "
                f"version (this is {theirs})",
            )
        case "renderer":
            return say(
                f"PDF:en gjordes med {ours} och kan bara återskapas med samma version "
                f"(här finns {theirs})",
                f"the PDF was made with {ours} and can only be re-created with the same version "
                f"(this machine has {theirs})",
            )
        case "options":
            return say(
                f"rapportens kontrollblock saknar giltiga inställningar {where}".rstrip()
                + "; den kan inte återskapas",
                f"the report's integrity block has no valid options {where}".rstrip()
                + "; it cannot be re-created",
            )
        case "name":
            return say(
                f"rapporten kallar underlaget «{ours}», men det gavs som {where}; ge filen "
                "med det namnet (mapp och filnamn)",
                f"the report calls the input «{ours}», but it was given as {where}; give the "
                "file under that name (folder and file name)",
            )
        case "recreate":
            return say(
                f"rapporten kan inte återskapas av dessa filer: {where}",
                f"the report cannot be re-created from these files: {where}",
            )
    return difference.kind


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``verify``."""

    @app.command(
        "report",
        help=say(
            "Skriv en rapport: gap (gapanalys), certificate (certifieringssammanfattning; för en "
            "beslutsfil certifikatet beslutet utfärdar), "
            "trend (utveckling över åren, två eller fler bedömningar av en kommun), persons "
            "(kompetensmatris och personcertifikat), compare (kommuner sida vid sida, filer "
            "eller mappar) eller national (nationell lägesbild: senaste bedömningen per kommun på "
            "en Sverigekarta, per län, krav för krav och goda exempel). Format html, md, json "
            "eller pdf; skriver till reports/ och visar sökvägarna. Samma indata ger byte för "
            "byte samma fil. Slutkod 2 vid ogiltig indata.",
            "Write a report: gap, certificate (certification summary; for a decision file the "
            "certificate it issues), trend (over the years, "
            "two or more assessments of one municipality), persons (competence matrix and "
            "personal certificates), compare (municipalities side by side, files or folders) or "
            "national (the national picture: the latest assessment per municipality on a map of "
            "Sweden, by county, requirement by requirement, and good examples). Format html, md, "
            "json or pdf; writes to reports/ and prints the paths. The same inputs give "
            "byte-identical files. Exit 2 on invalid input.",
        ),
    )
    def report(
        kind: Annotated[
            KindChoice,
            typer.Argument(
                help=say(
                    "Rapporttyp: gap, certificate, trend, persons, compare eller national.",
                    "Report kind: gap, certificate, trend, persons, compare or national.",
                ),
                show_default=False,
            ),
        ],
        assessments: Annotated[
            list[Path],
            typer.Argument(
                help=say("Bedömningsfil(er) eller mappar.", "Assessment file(s) or folders."),
                show_default=False,
            ),
        ],
        previous: Annotated[
            Path | None,
            typer.Option(
                "--previous",
                help=say(
                    "Förra årets bedömning (gap, certificate, persons): förändringen sedan dess.",
                    "Last year's assessment (gap, certificate, persons): the change since then.",
                ),
            ),
        ] = None,
        catalog: Annotated[
            list[Path] | None,
            catalog_option(),
        ] = None,
        output_format: Annotated[
            FormatChoice,
            typer.Option(
                "--format", help=say("html, md, json eller pdf.", "html, md, json or pdf.")
            ),
        ] = FormatChoice.html,
        lang: Annotated[
            str | None,
            typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en.")),
        ] = None,
        out: Annotated[
            Path,
            typer.Option("--out", help=say("Mapp att skriva till.", "Folder to write to.")),
        ] = Path("reports"),
        with_names: Annotated[
            bool,
            typer.Option(
                "--with-names",
                help=say(
                    "Visa personers namn; annars bara deras pseudonyma id.",
                    "Show persons' names; otherwise only their pseudonymous ids.",
                ),
            ),
        ] = False,
        anonymise: Annotated[
            bool,
            typer.Option(
                "--anonymise",
                help=say(
                    "compare: ersätt kommunnamn med bokstäver.",
                    "compare: replace municipality names with letters.",
                ),
            ),
        ] = False,
        generated_at: Annotated[
            str | None,
            typer.Option(
                "--generated-at",
                help=say(
                    "Text om när rapporten skapades (annars ingen tidsstämpel).",
                    "Text saying when the report was made (otherwise no timestamp).",
                ),
            ),
        ] = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help=jobs_help())] = 0,
    ) -> None:
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.reports import ReportFormat, ReportKind, write_report
        from lotscert.reports.api import expand_paths

        if lang is not None:
            set_language("en" if lang.strip().lower().startswith("en") else "sv")
        language = current_language()
        missing = [
            path for path in [*assessments, *([previous] if previous else [])] if not path.exists()
        ]
        if missing:
            fatal(say(f"{missing[0]}: filen finns inte", f"{missing[0]}: file not found"))
        report_kind = ReportKind(kind.value)
        paths = (
            assessments
            if report_kind in (ReportKind.COMPARE, ReportKind.NATIONAL)
            else list(
                expand_paths(assessments, include_decisions=report_kind is ReportKind.CERTIFICATE)
            )
        )
        with contextlib.ExitStack() as stack:
            progress: Callable[[Path], None] | None = None
            if sys.stderr.isatty():
                # A national comparison reads hundreds of files: show which one, on stderr.
                status = stack.enter_context(
                    stderr_console().status(say("Läser bedömningar…", "Reading assessments…"))
                )
                counter = itertools.count(1)

                def show(path: Path) -> None:
                    status.update(f"{next(counter)}: {path}")

                progress = show
            try:
                written = write_report(
                    report_kind,
                    paths,
                    ReportFormat(output_format.value),
                    language,
                    out,
                    previous=previous,
                    catalog_paths=catalog or [],
                    with_names=with_names,
                    anonymise=anonymise,
                    generated_at=generated_at,
                    progress=progress,
                    jobs=jobs,
                )
            except ValidationFailed as failure:
                stack.close()
                print_invalid(failure)
                raise SystemExit(2) from None
            except LotscertError as error:
                stack.close()
                fatal(error)
        for path in written:
            print(path)

    @app.command(
        "verify",
        help=say(
            "Bevisa en rapport (html, md, json eller pdf): kontrollerar att filerna är exakt "
            "rapportens underlag (SHA-256) och gör sedan om rapporten av dem med de inställningar "
            "den bär och jämför byte för byte. Den inbyggda katalogen behöver inte anges. En rad; "
            "slutkod 0 om allt stämmer, 1 om en fil eller rapporten själv skiljer sig (det som "
            "skiljer namnges), 2 om rapporten saknar kontrollblock eller inte är en vanlig fil.",
            "Prove a report (html, md, json or pdf): checks that the files are exactly the "
            "report's inputs (SHA-256), then makes the report again from them with the options "
            "it carries and compares byte for byte. The bundled catalogue need not be given. One "
            "line; exit 0 when all matches, 1 when a file or the report itself differs (what "
            "differs is named), 2 when the report has no integrity block or is not a regular "
            "file.",
        ),
    )
    def verify(
        report_file: Annotated[
            Path,
            typer.Argument(
                help=say("Rapportfilen.", "The report file."), show_default=False, metavar="REPORT"
            ),
        ],
        inputs: Annotated[
            list[Path],
            typer.Option(
                "--inputs",
                help=say(
                    "Underlagsfilerna: katalog och bedömningar (ange flera efter --inputs).",
                    "The input files: catalogue and assessments (give several after --inputs).",
                ),
                show_default=False,
            ),
        ],
        extra: Annotated[
            list[Path] | None,
            # The files after the first one of ``--inputs A B C`` arrive here.
            typer.Argument(hidden=True, show_default=False, metavar="FILE"),
        ] = None,
        lang: Annotated[
            str | None,
            typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en.")),
        ] = None,
    ) -> None:
        from lotscert.errors import LotscertError
        from lotscert.reports.proof import verify as verify_report

        if lang is not None:
            set_language("en" if lang.strip().lower().startswith("en") else "sv")
        files = [*inputs, *(extra or [])]
        missing = [path for path in [report_file, *files] if not path.exists()]
        if missing:
            fatal(say(f"{missing[0]}: filen finns inte", f"{missing[0]}: file not found"))
        try:
            outcome = verify_report(report_file, files)
        except LotscertError as error:
            fatal(error)
        print(verify_message(outcome))
        raise typer.Exit(0 if outcome.ok else 1)
