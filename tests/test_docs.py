"""Every command has help text in both languages and is named in the README."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main

from lotscert.cli.app import build_app
from tests.paths import ROOT


def _commands(lang: str) -> dict[str, Any]:
    root = typer.main.get_command(build_app(lang))
    found: dict[str, Any] = {}

    def walk(command: Any, prefix: str) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            found[prefix] = command

    walk(root, "")
    return found


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_command_has_help(lang: str) -> None:
    commands = _commands(lang)
    assert commands, "no commands registered"
    for name, command in commands.items():
        assert command.help and len(command.help) > 20, f"{name} has no help text ({lang})"
        for parameter in command.params:
            if parameter.param_type_name == "option" and parameter.name != "help":
                assert parameter.help, f"{name} {parameter.opts[0]} has no help text ({lang})"


def test_help_is_swedish_first_and_english_on_request() -> None:
    swedish = _commands("sv")
    english = _commands("en")
    assert swedish.keys() == english.keys()
    different = [name for name in swedish if swedish[name].help != english[name].help]
    assert sorted(different) == sorted(swedish), "some help texts are not translated"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands("sv"):
        assert f"lotscert {name}" in readme, f"README does not mention `lotscert {name}`"


def test_readme_starts_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    head = "\n".join(lines[:8])
    assert "make demo" in head and "make test" in head
