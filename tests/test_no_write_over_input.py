"""No command ever writes over a file it reads in the same run — with or without --force, by
the same path, through a symbolic link or a hard link: exit 2, one line, nothing changed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lotscert.cli.app import build_app
from tests.paths import ROOT

EXAMPLE = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"
CATALOG = ROOT / "requirements" / "ss884000.yaml"


def _run(lang: str, *args: str) -> Result:
    return CliRunner().invoke(build_app(lang), list(args))  # type: ignore[arg-type]


def _same_file(folder: Path, original: Path, how: str) -> Path:
    """A path naming ``original``: itself, a symbolic link or a hard link to it."""
    if how == "path":
        return original
    other = folder / f"other-{how}{original.suffix}"
    if how == "symlink":
        other.symlink_to(original)
    else:
        os.link(original, other)
    return other


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _assert_refused(result: Result, before: dict[str, bytes], folder: Path, lang: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    if lang == "sv":
        assert "läses i samma körning" in lines[0]
        assert "skrivs aldrig över, inte ens med --force" in lines[0]
    else:
        assert "is read by the same run" in lines[0]
        assert "never written over, not even with --force" in lines[0]
    assert _snapshot(folder) == before


def _init_from(folder: Path, target: Path) -> list[str]:
    return [
        "init",
        "--municipality",
        "9910",
        "--name",
        "Exempelby",
        "--year",
        "2026",
        "--kind",
        "certification_audit",
        "--from",
        str(target),
        "--out",
        str(folder),
        "--force",
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("how", ["path", "symlink", "hardlink"])
def test_init_from_never_replaces_last_years_file(tmp_path: Path, how: str, lang: str) -> None:
    """``init --from F --out DIR --force`` where the new file's path is F itself used to
    replace last year's answers with a blank skeleton."""
    folder = tmp_path / "9910-exempelby"
    folder.mkdir()
    original = folder / "2026-certification_audit.yaml"
    shutil.copy(EXAMPLE, original)
    source = _same_file(tmp_path, original, how)
    before = _snapshot(tmp_path)
    _assert_refused(_run(lang, *_init_from(tmp_path, source)), before, tmp_path, lang)


Command = Callable[[Path, Path], list[str]]

COMMANDS: dict[str, Command] = {
    # the catalogue read by the run is named as the workbook to write
    "export xlsx --out CATALOG": lambda a, c: [
        "export",
        "xlsx",
        str(a),
        "--catalog",
        str(c),
        "--out",
        str(c),
        "--force",
    ],
    "export xlsx --out ASSESSMENT": lambda a, c: [
        "export",
        "xlsx",
        str(a),
        "--catalog",
        str(c),
        "--out",
        str(a),
        "--force",
    ],
    "score --out ASSESSMENT": lambda a, c: [
        "score",
        str(a),
        "--catalog",
        str(c),
        "--format",
        "json",
        "--out",
        str(a),
    ],
    "score --out CATALOG": lambda a, c: [
        "score",
        str(a),
        "--catalog",
        str(c),
        "--format",
        "json",
        "--out",
        str(c),
    ],
    "redact --out ASSESSMENT": lambda a, c: ["redact", str(a), "--out", str(a), "--force"],
}


@pytest.mark.parametrize("how", ["path", "symlink", "hardlink"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_writes_over_its_own_input(tmp_path: Path, name: str, how: str) -> None:
    assessment = tmp_path / "a.yaml"
    catalog = tmp_path / "c.yaml"
    shutil.copy(EXAMPLE, assessment)
    shutil.copy(CATALOG, catalog)
    args = COMMANDS[name](assessment, catalog)
    out_index = args.index("--out") + 1
    args[out_index] = str(_same_file(tmp_path, Path(args[out_index]), how))
    before = _snapshot(tmp_path)
    result = _run("sv", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert _snapshot(tmp_path) == before


def test_import_into_its_own_file_is_still_allowed(tmp_path: Path) -> None:
    """``import xlsx BOOK --into A`` reads A and writes A on purpose: the in-place update."""
    assessment = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, assessment)
    book = tmp_path / "a.xlsx"
    exported = _run("sv", "export", "xlsx", str(assessment), "--out", str(book))
    assert exported.exit_code == 0, exported.output
    imported = _run("sv", "import", "xlsx", str(book), "--into", str(assessment))
    assert imported.exit_code == 0, imported.output


def test_a_library_script_may_write_back_what_it_read(tmp_path: Path) -> None:
    """Outside a command, a script that loads a file and writes it back does so on purpose."""
    from lotscert.atomic import write_text_atomic
    from lotscert.loading import load_assessment
    from lotscert.yamlwrite import dump_assessment

    path = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, path)
    write_text_atomic(path, dump_assessment(load_assessment(path)))
    assert load_assessment(path) == load_assessment(EXAMPLE)


def _copies(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the example, each for its own municipality code."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        path = folder / f"99{10 + number}.yaml"
        path.write_text(text.replace('code: "9910"', f'code: "99{10 + number}"'), encoding="utf-8")
        paths.append(path)
    return paths


def test_inputs_read_in_worker_processes_are_never_written_over(tmp_path: Path) -> None:
    """With --jobs 2 the files are read in worker processes; an input placed where a result goes
    was replaced, exit 0. Every file named on the command line is known to the writer."""
    files = _copies(tmp_path / "in", 10)
    out = tmp_path / "out"
    out.mkdir()
    trap = out / "9910-2026-certification_audit.json"
    shutil.copy(files[-1], trap)
    before = _snapshot(tmp_path)
    result = _run(
        "sv",
        "score",
        *map(str, files[:-1]),
        str(trap),
        "--format",
        "json",
        "--out",
        str(out),
        "--jobs",
        "2",
    )
    _assert_refused(result, before, tmp_path, "sv")


def test_a_command_writing_several_files_writes_none_when_one_is_an_input(tmp_path: Path) -> None:
    """``export oscal`` wrote its catalogue, then refused the results file (an input): the
    refusal now comes before the first write."""
    folder = tmp_path / "o"
    folder.mkdir()
    trap = folder / "2026-certification_audit-oscal-assessment-results.json"
    shutil.copy(EXAMPLE, trap)
    before = _snapshot(tmp_path)
    _assert_refused(
        _run("sv", "export", "oscal", str(trap), "--out", str(folder)), before, tmp_path, "sv"
    )
    files = _copies(tmp_path / "s", 2)
    trap = tmp_path / "s" / "9911-2026-certification_audit.json"
    shutil.copy(files[1], trap)
    before = _snapshot(tmp_path)
    result = _run(
        "sv",
        "score",
        str(files[0]),
        str(trap),
        "--format",
        "json",
        "--out",
        str(tmp_path / "s"),
        "--jobs",
        "1",
    )
    _assert_refused(result, before, tmp_path, "sv")


def test_a_workbook_or_json_input_is_known_through_a_hard_link(tmp_path: Path) -> None:
    book = tmp_path / "cat.xlsx"
    exported = _run("sv", "catalog", "export", "xlsx", "--out", str(book))
    assert exported.exit_code == 0, exported.output
    link = tmp_path / "cat-link.yaml"
    os.link(book, link)
    before = _snapshot(tmp_path)
    result = _run("sv", "catalog", "import", "xlsx", str(book), "--out", str(link), "--force")
    _assert_refused(result, before, tmp_path, "sv")
