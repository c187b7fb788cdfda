"""``lotscert --help`` and ``--version`` import no heavy library (issue 7: fast start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lotscert.labels import ASSESSMENT_KINDS
from lotscert.models.assessment import ASSESSMENT_KINDS as MODEL_KINDS

PROBE = """
import sys
from lotscert.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("pydantic", "openpyxl", "jinja2", "weasyprint", "rich", "yaml", "ruamel")
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(heavy))
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


@pytest.mark.parametrize("arguments", [["--help"], ["--version"]])
def test_start_up_imports_no_heavy_library(arguments: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("LOADED:")]
    assert lines == ["LOADED:"], done.stderr


def test_assessment_kinds_match_the_model() -> None:
    assert ASSESSMENT_KINDS == MODEL_KINDS


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("arguments", [["--help"], ["--version"], []])
def test_root_output_is_the_same_with_summary_only_commands(
    lang: str, arguments: list[str]
) -> None:
    from typer.testing import CliRunner

    from lotscert.cli.app import build_app

    full = CliRunner().invoke(build_app(lang), arguments)  # type: ignore[arg-type]
    light = CliRunner().invoke(build_app(lang, arguments), arguments)  # type: ignore[arg-type]
    assert light.exit_code == full.exit_code
    assert light.output == full.output
    assert "validate" in full.output or "lotscert" in full.output


def test_a_command_line_with_a_command_builds_the_whole_tree() -> None:
    from lotscert.cli.app import _root_only

    assert _root_only(["--lang", "en", "--help"])
    assert _root_only(["--lang=sv", "--version"])
    assert not _root_only(["validate", "--help"])
    assert not _root_only(["--lang", "en", "score", "x.yaml"])
