"""The ``lotscert`` command line: a thin Typer shell over the library.

The language of help texts and messages is chosen before the app is built (``--lang`` anywhere
on the command line, else ``LOTSCERT_LANG``, else Swedish), so that ``--help`` is in it too.
Each command lives in its own module under ``lotscert.cli`` and imports heavy libraries
(openpyxl, Jinja2, WeasyPrint) only when it runs.
"""

from __future__ import annotations

import sys

from lotscert.cli.app import build_app
from lotscert.cli.common import detect_language


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``lotscert`` console script."""
    arguments = sys.argv[1:] if argv is None else argv
    app = build_app(detect_language(arguments))
    app(args=arguments, prog_name="lotscert")


__all__ = ["build_app", "main"]
