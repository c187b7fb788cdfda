"""Shared fixtures: an in-process CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from typer.testing import CliRunner, Result


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run ``lotscert ARGS`` in-process, as a user would type it (Swedish by default)."""

    def run(args: Sequence[str], lang: str = "sv") -> Result:
        from lotscert.cli.app import build_app

        runner = CliRunner()
        app = build_app("en" if lang == "en" else "sv")
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run
