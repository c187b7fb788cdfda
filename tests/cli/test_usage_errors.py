"""Mistakes on the command line are explained in Swedish (and left to Typer in English)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from lotscert.cli.app import build_app


def _run(*args: str, lang: str = "sv") -> tuple[int, str]:
    result = CliRunner().invoke(build_app("en" if lang == "en" else "sv"), list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validera"], "lotscert: fel: okänt kommando 'validera' – menade du 'validate'?"),
        (["score"], "lotscert: fel: argumentet 'assessments' saknas"),
        (
            ["score", "a.yaml", "--fail-on", "allt"],
            "lotscert: fel: ogiltigt värde för '--fail-on': 'allt' är inte ett av 'major', "
            "'minor', 'observation'",
        ),
        (["export", "xlsx", "--year", "tjugo"], "ogiltigt värde för '--year': ett heltal väntas"),
        (["validate", "--formatt", "json"], "lotscert: fel: okänt val --formatt – menade du"),
        (["validate", "--catalog"], "lotscert: fel: valet '--catalog' behöver ett värde"),
    ],
)
def test_usage_errors_in_swedish(args: list[str], message: str) -> None:
    code, output = _run(*args)
    assert code == 2
    assert message in output
    assert "Error:" not in output and "Usage:" not in output


def test_the_usage_line_and_where_to_find_help() -> None:
    _, output = _run("score")
    assert "Användning: lotscert score [VAL]" in output
    assert "Hjälp: lotscert score -h" in output


def test_english_keeps_typers_own_words() -> None:
    code, output = _run("validera", lang="en")
    assert code == 2
    assert "No such command 'validera'" in output
    _, swedish = _run("validera")  # the language is chosen per run, not once per process
    assert "okänt kommando" in swedish
