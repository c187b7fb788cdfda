"""The invalid-input corpus: every bad file gets one located line, exit 2 and no traceback.

``tests/data/invalid/cases.yaml`` pairs each file of the corpus with the exact line
``lotscert validate`` (YAML files) or ``lotscert import xlsx`` (workbooks) must print for it
(Swedish, the default). The runs are in-process, through the real Typer app, from the corpus
folder so that the paths in the messages are short.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from lotscert.cli.app import build_app

CORPUS = Path(__file__).parent / "data" / "invalid"
SUPPORT_CATALOG = "_support/catalog.yaml"
SUPPORT_ASSESSMENT = "_support/assessment.yaml"
#: After a workbook's located error, ``import`` may add only this count.
WORKBOOK_SUMMARY = "lotscert: fel: 1 fel i arbetsboken; inget skrevs"
INPUT_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm")


def _manifest() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
    cases: dict[str, dict[str, Any]] = data["cases"]
    return cases


CASES = _manifest()


def _corpus_files() -> set[str]:
    return {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.is_file()
        and path.suffix in INPUT_SUFFIXES
        and path.name != "cases.yaml"
        # support files: the shared ones, and audits a decision rests on (in its folder)
        and "_support" not in path.relative_to(CORPUS).parts
    }


def _run(args: list[str], env: dict[str, str] | None = None, lang: str = "sv") -> Result:
    runner = CliRunner(env=env)
    return runner.invoke(build_app("en" if lang == "en" else "sv"), args)


def _command(name: str, case: dict[str, Any]) -> list[str]:
    return ["validate", "--catalog", SUPPORT_CATALOG, *case.get("args", []), name]


def _assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def test_corpus_is_large_and_every_file_has_an_expected_message() -> None:
    files = _corpus_files()
    assert len(files) >= 80
    assert files == set(CASES), (
        f"files without a case: {sorted(files - set(CASES))}; "
        f"cases without a file: {sorted(set(CASES) - files)}"
    )
    kinds = {name.split("/", 1)[0] for name in files}
    assert {"file", "assessment", "catalog", "workbook", "decision"} <= kinds


YAML_CASES = sorted(name for name, case in CASES.items() if case.get("command") != "import")
WORKBOOK_CASES = sorted(name for name, case in CASES.items() if case.get("command") == "import")


@pytest.mark.parametrize("name", YAML_CASES)
def test_invalid_file_gives_its_exact_located_message(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)
    case = CASES[name]
    result = _run(_command(name, case), env=case.get("env"))
    _assert_no_traceback(result)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines == [case["expect"]]
    assert lines[0].startswith(f"{name}:")


@pytest.mark.parametrize("name", YAML_CASES)
def test_invalid_file_in_english_is_one_line_too(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)
    case = CASES[name]
    result = _run([*_command(name, case), "--lang", "en"], env=case.get("env"), lang="en")
    _assert_no_traceback(result)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    where = case["expect"].split(": fel: ", 1)[0]
    assert lines[0].startswith(f"{where}: error: ")


def test_the_whole_corpus_in_one_run_reports_every_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every problem of every file is reported in one run (cases needing their own
    environment are left out)."""
    monkeypatch.chdir(CORPUS)
    result = _run(["validate", "--catalog", SUPPORT_CATALOG, "--strict", "--check-evidence", "."])
    _assert_no_traceback(result)
    assert result.exit_code == 2
    printed = set(result.stdout.splitlines())
    for name in YAML_CASES:
        if CASES[name].get("env"):
            continue
        assert CASES[name]["expect"] in printed, name


def _import(name: str, into: Path, lang: str = "sv") -> Result:
    args = ["import", "xlsx", name, "--into", str(into), "--catalog", SUPPORT_CATALOG]
    return _run([*args, "--lang", lang] if lang == "en" else args, lang=lang)


@pytest.mark.parametrize("name", WORKBOOK_CASES)
def test_invalid_workbook_gives_its_exact_located_message_and_writes_nothing(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(CORPUS)
    into = tmp_path / "bedomning.yaml"
    shutil.copyfile(SUPPORT_ASSESSMENT, into)
    before = into.read_bytes()
    result = _import(name, into)
    _assert_no_traceback(result)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines in ([CASES[name]["expect"]], [CASES[name]["expect"], WORKBOOK_SUMMARY])
    assert into.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [into.name]


@pytest.mark.parametrize("name", WORKBOOK_CASES)
def test_invalid_workbook_in_english_is_located_too(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(CORPUS)
    into = tmp_path / "bedomning.yaml"
    shutil.copyfile(SUPPORT_ASSESSMENT, into)
    result = _import(name, into, lang="en")
    _assert_no_traceback(result)
    assert result.exit_code == 2, result.output
    first = result.output.splitlines()[0]
    where = CASES[name]["expect"].removeprefix("lotscert: fel: ").split(": ", 1)[0]
    assert first.startswith(f"lotscert: error: {where}: ")
