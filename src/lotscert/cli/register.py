"""``lotscert register``: every function and person certificate under some folders, at a date."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lotscert.cli.common import (
    catalog_option,
    current_language,
    fatal,
    print_invalid,
    say,
    set_language,
)


class RegisterFormatChoice(StrEnum):
    """The register's formats (mirrors ``lotscert.reports.register.RegisterFormat``)."""

    html = "html"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    """Add ``register``."""

    @app.command(
        "register",
        help=say(
            "Certifikatregister: alla funktions- och personcertifikat i beslutsfilerna under "
            "sökvägarna, med status vid datumet (giltigt, går snart ut, övervakning försenad, "
            "tillfälligt indraget, återkallat, har gått ut), nästa övervakning och de filer "
            "certifikatet vilar på. Format html (sorterbar, utskriftsvänlig), json eller csv; "
            "skriver reports/register-DATUM.FORMAT (på engelska register-DATUM.en.FORMAT). "
            "Slutkod 2 om ett beslut har fel.",
            "Certificate register: every function and person certificate in the decision files "
            "under the paths, with its status at the date (valid, expiring, surveillance "
            "overdue, suspended, withdrawn, expired), the next surveillance and the files it "
            "rests on. Format html (sortable, printable), json or csv; writes "
            "reports/register-DATE.FORMAT (in English register-DATE.en.FORMAT). Exit 2 when a "
            "decision has an error.",
        ),
    )
    def register_command(
        paths: Annotated[
            list[Path],
            typer.Argument(
                help=say("Mappar eller beslutsfiler.", "Folders or decision files."),
                show_default=False,
            ),
        ],
        output_format: Annotated[
            RegisterFormatChoice,
            typer.Option("--format", help=say("html, json eller csv.", "html, json or csv.")),
        ] = RegisterFormatChoice.html,
        at: Annotated[
            str | None,
            typer.Option(
                "--at",
                help=say(
                    "Datum (ÅÅÅÅ-MM-DD) att visa läget vid; annars i dag.",
                    "Date (YYYY-MM-DD) to show the state at; otherwise today.",
                ),
            ),
        ] = None,
        catalog: Annotated[list[Path] | None, catalog_option()] = None,
        out: Annotated[
            Path,
            typer.Option("--out", help=say("Mapp att skriva till.", "Folder to write to.")),
        ] = Path("reports"),
        lang: Annotated[
            str | None,
            typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en.")),
        ] = None,
    ) -> None:
        from lotscert.atomic import write_bytes_atomic
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.register import build_register, looks_like_decision
        from lotscert.reports.api import language_suffix
        from lotscert.reports.register import RegisterFormat, render_register

        if lang is not None:
            set_language("en" if lang.strip().lower().startswith("en") else "sv")
        language = current_language()
        missing = [path for path in paths if not path.exists()]
        if missing:
            fatal(say(f"{missing[0]}: filen finns inte", f"{missing[0]}: file not found"))
        if at is None:
            day = dt.date.today()
        else:
            try:
                day = dt.date.fromisoformat(at.strip())
            except ValueError:
                fatal(
                    say(
                        f"--at: {at!r} är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-12-31",
                        f"--at: {at!r} is not a date; write YYYY-MM-DD, e.g. 2026-12-31",
                    )
                )
        fmt = RegisterFormat(output_format.value)
        for path in paths:
            if path.is_file() and not looks_like_decision(path):
                # (verify gives the surveillance audits too; a user names decisions or folders)
                fatal(
                    say(
                        f"{path}: filen är inget certifieringsbeslut (den saknar decision: och "
                        "decided_by:); registret läser beslutsfiler – ge beslutsfilen eller "
                        "kommunens mapp",
                        f"{path}: the file is not a certification decision (it has no decision: "
                        "and decided_by:); the register reads decision files – give the decision "
                        "file or the municipality's folder",
                    )
                )
        try:
            built = build_register(paths, day, catalog or [])
            target = out / f"register-{day.isoformat()}.{language_suffix(language)}{fmt.value}"
            write_bytes_atomic(target, render_register(built, fmt, language))
        except ValidationFailed as failure:
            print_invalid(failure)
            raise SystemExit(2) from None
        except LotscertError as error:
            fatal(error)
        if not any(role == "decision" for role, _ in built.inputs):
            shown = ", ".join(str(path) for path in paths)
            note = say(
                f"obs: inga certifieringsbeslut under {shown}; registret är tomt",
                f"note: no certification decisions under {shown}; the register is empty",
            )
            print(f"lotscert: {note}", file=sys.stderr)
        print(target)
