"""Fuzzing the whole CLI: mutated YAML and mutated workbooks fed to validate, score, report,
export, import and verify, in-process through the real Typer app.

Every run must end with exit code 0, 1 or 2, print no traceback, raise nothing but SystemExit,
and change no file in the working folder except the ones the command exists to write.

Examples per CI run are in ``EXAMPLES`` (docs/reliability.md quotes them). They are
derandomised so that CI is repeatable; ``LOTSCERT_FUZZ_SCALE=10`` runs ten times as many,
randomly seeded, for a longer local hunt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import signal
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from lotscert.cli.app import build_app
from lotscert.loading import load_assessment

CONTRACT = Path(__file__).parent / "fixtures" / "contract"
CAT = "catalog-minimal.yaml"
ASSESSMENT = "assessment-minimal.yaml"

#: max_examples per fuzzed command in CI.
EXAMPLES = {
    "validate": 150,
    "score": 150,
    "report": 100,
    "export": 100,
    "import-cells": 100,
    "import-bytes": 100,
    "verify-tamper": 50,
    "verify-mutated-report": 60,
    "init-from": 60,
    "catalog": 60,
    "command-lines": 150,
    "redact": 60,
}
SCALE = max(1, int(os.environ.get("LOTSCERT_FUZZ_SCALE", "1") or "1"))


def _settings(command: str) -> settings:
    return settings(
        max_examples=EXAMPLES[command] * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None if SCALE == 1 else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- mutations of YAML text ---------------------------------------------------------------------

HOSTILE = [
    ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "&a [x, *a]",
    "!!python/object:os.system ", "!x ", "'", '"', "\t", "\n", "#", "|", ">", "%", "@", "`",
    "\x00", "\x07", "\ufeff", "é", "ö",
    "~", "null", "-1", "7", "1e999", "0x1F", "2026-02-30", ".nan", "<<: *a", "?", "---\n",
    "...\n", "  ", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)", "\u202e", "9" * 60, "[" * 80, "{a: " * 30, "\r\n", "\r",
    "[/bold]", "[link=javascript:alert(1)]x[/link]", "[red]",
]  # fmt: skip

VALUES = st.one_of(
    st.sampled_from(
        [
            "", "~", "[]", "{}", "-5", "0", "4", "5", "99", "2.5", "true", "no", "2026-13-01",
            "2026-03-15", '"0860"', "0860", "1480", "fulfilled", "not_applicable", "partial",
            "[document]", "{kind: document}", "exempel-mini@9.9", "okand@1.0", "x" * 300,
            '"=HYPERLINK(\\"http://x\\")"', "../../etc/passwd", "!!binary aGVq", "*a",
            '"[/bold] och [stated: x]"', '"[link=javascript:alert(1)]x[/link]"',
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip

_position = st.integers(min_value=0, max_value=10**6)
MUTATION = st.one_of(
    st.tuples(
        st.just("insert"), _position, st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6))
    ),
    st.tuples(st.just("delete"), _position, st.integers(1, 40)),
    st.tuples(st.just("duplicate-line"), _position, st.just(0)),
    st.tuples(st.just("swap-lines"), _position, _position),
    st.tuples(st.just("indent"), _position, st.integers(-4, 4)),
    st.tuples(st.just("value"), _position, VALUES),
    st.tuples(st.just("truncate"), _position, st.just(0)),
)  # fmt: skip


def mutate_text(text: str, mutations: list[tuple[str, int, Any]]) -> str:
    """Apply mutations to YAML text, deterministically from their parameters."""
    for kind, where, argument in mutations:
        lines = text.split("\n")
        line = where % max(1, len(lines))
        at = where % (len(text) + 1)
        if kind == "insert":
            text = text[:at] + argument + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + argument :]
        elif kind == "duplicate-line":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif kind == "swap-lines":
            other = argument % max(1, len(lines))
            lines[line], lines[other] = lines[other], lines[line]
            text = "\n".join(lines)
        elif kind == "indent":
            current = lines[line]
            lines[line] = (
                " " * argument + current
                if argument >= 0
                else current[min(-argument, len(current) - len(current.lstrip(" "))) :]
            )
            text = "\n".join(lines)
        elif kind == "value":
            current = lines[line]
            if ": " in current:
                key, _, _ = current.partition(": ")
                lines[line] = f"{key}: {argument}"
                text = "\n".join(lines)
        elif kind == "truncate":
            text = text[:at]
    return text


# --- a fresh working folder per example ---------------------------------------------------------


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A temporary working folder with the contract files, made the current folder."""
    folder = Path(tempfile.mkdtemp(prefix="lotscert-fuzz-"))
    try:
        for name in (CAT, ASSESSMENT):
            shutil.copyfile(CONTRACT / name, folder / name)
        with contextlib.chdir(folder):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run(lang: str, *args: str) -> Result:
    return CliRunner().invoke(build_app("en" if lang == "en" else "sv"), list(args))


def assert_clean_exit(result: Result, allowed: frozenset[int] = frozenset({0, 1, 2})) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{result.output[-2000:]}"
    )
    assert result.exit_code in allowed, result.output[-2000:]
    assert "Traceback" not in result.output


def assert_only_changed(
    before: dict[str, bytes], after: dict[str, bytes], may_write: tuple[str, ...] = ()
) -> None:
    """Nothing changed, appeared or vanished except under the ``may_write`` prefixes."""
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    unexpected = sorted(name for name in changed if not name.startswith(may_write) or not may_write)
    assert unexpected == [], unexpected


#: The round's record beside the assessment (export and import note their workbooks in it).
ROUND_RECORD = "assessment-minimal.round.json"

TARGETS = st.sampled_from([ASSESSMENT, ASSESSMENT, ASSESSMENT, CAT])
LANGS = st.sampled_from(["sv", "sv", "en"])


def _write_mutated(folder: Path, target: str, mutations: list[tuple[str, int, Any]]) -> None:
    text = (CONTRACT / target).read_text(encoding="utf-8")
    (folder / target).write_bytes(mutate_text(text, mutations).encode("utf-8", "surrogatepass"))


# --- YAML → validate, score, report, export -----------------------------------------------------


@_settings("validate")
@given(target=TARGETS, mutations=st.lists(MUTATION, min_size=1, max_size=4), lang=LANGS)
def test_fuzz_validate(target: str, mutations: list[tuple[str, int, Any]], lang: str) -> None:
    with workspace() as folder:
        _write_mutated(folder, target, mutations)
        before = snapshot(folder)
        result = run(lang, "validate", "--catalog", CAT, ASSESSMENT, CAT)
        assert_clean_exit(result, frozenset({0, 2}))
        assert_only_changed(before, snapshot(folder))


@_settings("score")
@given(
    target=TARGETS,
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
    lang=LANGS,
    output=st.sampled_from(["table", "json"]),
)
def test_fuzz_score(
    target: str, mutations: list[tuple[str, int, Any]], lang: str, output: str
) -> None:
    with workspace() as folder:
        _write_mutated(folder, target, mutations)
        before = snapshot(folder)
        result = run(lang, "score", "--catalog", CAT, "--format", output, ASSESSMENT)
        assert_clean_exit(result)
        assert_only_changed(before, snapshot(folder))


@_settings("report")
@given(
    target=TARGETS,
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
    lang=LANGS,
    kind=st.sampled_from(["gap", "certificate", "persons"]),
    output=st.sampled_from(["html", "md", "json"]),
)
def test_fuzz_report(
    target: str, mutations: list[tuple[str, int, Any]], lang: str, kind: str, output: str
) -> None:
    with workspace() as folder:
        _write_mutated(folder, target, mutations)
        before = snapshot(folder)
        result = run(
            lang, "report", kind, "--catalog", CAT, "--format", output, "--out", "rapporter",
            ASSESSMENT,
        )  # fmt: skip
        assert_clean_exit(result, frozenset({0, 2}))
        assert_only_changed(before, snapshot(folder), ("rapporter/",))
        if result.exit_code != 0:
            assert not (folder / "rapporter").exists()


@_settings("export")
@given(
    target=TARGETS,
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
    lang=LANGS,
)
def test_fuzz_export(target: str, mutations: list[tuple[str, int, Any]], lang: str) -> None:
    with workspace() as folder:
        _write_mutated(folder, target, mutations)
        before = snapshot(folder)
        result = run(lang, "export", "xlsx", "--catalog", CAT, "--out", "lista.xlsx", ASSESSMENT)
        assert_clean_exit(result, frozenset({0, 2}))
        # the workbook, and the round's record noting it went out
        assert_only_changed(before, snapshot(folder), ("lista.xlsx", ROUND_RECORD))
        if result.exit_code != 0:
            assert not (folder / "lista.xlsx").exists()


@_settings("catalog")
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), lang=LANGS)
def test_fuzz_catalog_list_and_show(mutations: list[tuple[str, int, Any]], lang: str) -> None:
    """A damaged catalogue in ./requirements/ or given with --catalog."""
    with workspace() as folder:
        _write_mutated(folder, CAT, mutations)
        (folder / "requirements").mkdir()
        shutil.copyfile(folder / CAT, folder / "requirements" / CAT)
        before = snapshot(folder)
        for args in (
            ["catalog", "list"],
            ["catalog", "show", "--catalog", CAT, "exempel-mini"],
            ["catalog", "show", "exempel-mini", "--level", "process"],
        ):
            assert_clean_exit(run(lang, *args), frozenset({0, 2}))
        assert_only_changed(before, snapshot(folder))


@_settings("init-from")
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), lang=LANGS)
def test_fuzz_init_from(mutations: list[tuple[str, int, Any]], lang: str) -> None:
    with workspace() as folder:
        _write_mutated(folder, ASSESSMENT, mutations)
        before = snapshot(folder)
        result = run(
            lang, "init", "--municipality", "9901", "--name", "Exempelby", "--year", "2027",
            "--catalog", CAT, "--from", ASSESSMENT, "--out", "nya",
        )  # fmt: skip
        assert_clean_exit(result, frozenset({0, 2}))
        assert_only_changed(before, snapshot(folder), ("nya/",))


@_settings("redact")
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), lang=LANGS)
def test_fuzz_redact(mutations: list[tuple[str, int, Any]], lang: str) -> None:
    with workspace() as folder:
        _write_mutated(folder, ASSESSMENT, mutations)
        before = snapshot(folder)
        result = run(lang, "redact", ASSESSMENT, "--out", "kopia.yaml")
        assert_clean_exit(result, frozenset({0, 2}))
        assert_only_changed(before, snapshot(folder), ("kopia.yaml",))
        if result.exit_code == 0:
            copy = load_assessment(folder / "kopia.yaml")
            assert all(person.name is None for person in copy.persons)


# --- workbooks → import -------------------------------------------------------------------------


class Workbook:
    """The exported checklist's bytes (a short repr keeps hypothesis' reports readable)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<exported workbook, {len(self.data)} bytes>"


@pytest.fixture(scope="module")
def exported_workbook() -> Workbook:
    with workspace() as folder:
        result = run("sv", "export", "xlsx", "--catalog", CAT, "--out", "lista.xlsx", ASSESSMENT)
        assert result.exit_code == 0, result.output
        return Workbook((folder / "lista.xlsx").read_bytes())


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "=1/0", '=HYPERLINK("javascript:alert(1)","x")', "=cmd|' /C calc'!A0", "fulfilled",
            "uppfyllt", "Delvis", "ej bedömt", "not_applicable", "7", "-1", "3", "0860",
            "2026-02-30", "<script>alert(1)</script>", "x" * 40_000, "\x00", "_x0000_",
            "dokument: KF § 145 (2025-11-20)", "\u202e", "[/bold] [stated: x]",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)),
)  # fmt: skip

CELL_MUTATION = st.one_of(
    st.tuples(
        st.just("set"), st.integers(0, 9), st.integers(1, 60), st.integers(1, 14), CELL_VALUES
    ),
    st.tuples(st.just("delete-rows"), st.integers(0, 9), st.integers(1, 40), st.integers(1, 5)),
    st.tuples(st.just("delete-cols"), st.integers(0, 9), st.integers(1, 10), st.integers(1, 2)),
    st.tuples(st.just("delete-sheet"), st.integers(0, 9), st.just(0), st.just(0)),
    st.tuples(
        st.just("rename-sheet"), st.integers(0, 9), st.text(min_size=1, max_size=10), st.just(0)
    ),
    st.tuples(st.just("add-sheet"), st.just(0), st.text(min_size=1, max_size=10), st.just(0)),
    st.tuples(st.just("toggle-hidden"), st.integers(0, 9), st.just(0), st.just(0)),
)  # fmt: skip


def mutate_workbook(data: bytes, mutations: list[tuple[Any, ...]]) -> bytes:
    """Apply cell- and sheet-level mutations with openpyxl."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    for kind, index, first, second, *rest in mutations:
        sheets = book.worksheets
        sheet = sheets[index % len(sheets)]
        # openpyxl refuses some edits (illegal characters, bad titles): skip those.
        with contextlib.suppress(Exception):
            if kind == "set":
                sheet.cell(row=first, column=second, value=rest[0])
            elif kind == "delete-rows":
                sheet.delete_rows(first, second)
            elif kind == "delete-cols":
                sheet.delete_cols(first, second)
            elif kind == "delete-sheet" and len(sheets) > 1:
                book.remove(sheet)
            elif kind == "rename-sheet":
                sheet.title = str(first)[:31]
            elif kind == "add-sheet":
                book.create_sheet(str(first)[:31])
            elif kind == "toggle-hidden":
                sheet.sheet_state = "visible" if sheet.sheet_state != "visible" else "hidden"
    buffer = io.BytesIO()
    try:
        book.save(buffer)
    except Exception:  # openpyxl refuses some values: the workbook stays as is
        return data
    return buffer.getvalue()


def _check_import(folder: Path, lang: str) -> None:
    before = snapshot(folder)
    result = run(lang, "import", "xlsx", "lista.xlsx", "--into", ASSESSMENT, "--catalog", CAT)
    assert_clean_exit(result, frozenset({0, 2}))
    after = snapshot(folder)
    backups = tuple(
        name for name in after if name.startswith(ASSESSMENT + ".") and name.endswith(".bak")
    )
    if result.exit_code == 2:
        assert_only_changed(before, after)
    else:
        assert_only_changed(before, after, (ASSESSMENT, ROUND_RECORD, *backups))
        load_assessment(folder / ASSESSMENT)  # what was written loads
        for backup in backups:
            assert after[backup] == before[ASSESSMENT]


@_settings("import-cells")
@given(
    mutations=st.lists(CELL_MUTATION, min_size=1, max_size=5),
    lang=LANGS,
)
def test_fuzz_import_mutated_cells(
    exported_workbook: Workbook, mutations: list[tuple[Any, ...]], lang: str
) -> None:
    with workspace() as folder:
        (folder / "lista.xlsx").write_bytes(mutate_workbook(exported_workbook.data, mutations))
        _check_import(folder, lang)


BYTE_MUTATION = st.one_of(
    st.tuples(st.just("flip"), _position, st.integers(0, 255)),
    st.tuples(st.just("truncate"), _position, st.just(0)),
    st.tuples(st.just("member"), st.integers(0, 50), st.lists(MUTATION, min_size=1, max_size=3)),
    st.tuples(
        st.just("add-member"),
        st.sampled_from(
            [
                "xl/vbaProject.bin", "xl/externalLinks/externalLink1.xml",
                "xl/externalLinks/_rels/externalLink1.xml.rels", "../../evil.txt",
                "/etc/evil", "xl/media/image1.png",
            ]
        ),
        st.binary(max_size=64),
    ),
)  # fmt: skip


def mutate_zip(data: bytes, mutations: list[tuple[str, Any, Any]]) -> bytes:
    """Byte-level and member-level mutations of the .xlsx zip."""
    for kind, where, argument in mutations:
        if kind == "flip" and data:
            at = where % len(data)
            data = data[:at] + bytes([argument]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[: where % (len(data) + 1)]
        elif kind in ("member", "add-member"):
            try:
                source = zipfile.ZipFile(io.BytesIO(data))
                members = [(info, source.read(info)) for info in source.infolist()]
            except Exception:  # too broken to rebuild: keep the bytes as they are
                continue
            buffer = io.BytesIO()
            with (
                warnings.catch_warnings(),
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
            ):
                warnings.simplefilter("ignore")  # duplicate member names are part of the game
                for number, (info, content) in enumerate(members):
                    if kind == "member" and number == where % max(1, len(members)):
                        text = content.decode("utf-8", "surrogateescape")
                        content = mutate_text(text, argument).encode("utf-8", "surrogateescape")
                    target.writestr(info, content)
                if kind == "add-member":
                    target.writestr(where, argument)
            data = buffer.getvalue()
    return data


@_settings("import-bytes")
@given(mutations=st.lists(BYTE_MUTATION, min_size=1, max_size=3), lang=LANGS)
def test_fuzz_import_mutated_bytes(
    exported_workbook: Workbook, mutations: list[tuple[str, Any, Any]], lang: str
) -> None:
    with workspace() as folder:
        (folder / "lista.xlsx").write_bytes(mutate_zip(exported_workbook.data, mutations))
        _check_import(folder, lang)


# --- verify: one changed byte in any input is caught -------------------------------------------


@pytest.fixture(scope="module")
def made_report() -> dict[str, bytes]:
    with workspace() as folder:
        result = run(
            "sv", "report", "gap", "--catalog", CAT, "--format", "md", "--out", "r", ASSESSMENT
        )
        assert result.exit_code == 0, result.output
        return snapshot(folder)


@_settings("verify-tamper")
@given(
    target=st.sampled_from([ASSESSMENT, CAT]),
    where=_position,
    delta=st.integers(1, 255),
)
def test_fuzz_verify_detects_any_changed_byte(
    made_report: dict[str, bytes], target: str, where: int, delta: int
) -> None:
    with workspace() as folder:
        for name, content in made_report.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
        report = next(name for name in made_report if name.startswith("r/"))
        unchanged = run("sv", "verify", report, "--inputs", CAT, ASSESSMENT)
        assert unchanged.exit_code == 0, unchanged.output
        content = bytearray(made_report[target])
        at = where % len(content)
        content[at] = (content[at] + delta) % 256
        (folder / target).write_bytes(bytes(content))
        before = snapshot(folder)
        result = run("sv", "verify", report, "--inputs", CAT, ASSESSMENT)
        assert_clean_exit(result, frozenset({1}))
        assert target in result.output
        assert_only_changed(before, snapshot(folder))


@_settings("verify-mutated-report")
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_fuzz_verify_with_a_mutated_report(
    made_report: dict[str, bytes], mutations: list[tuple[str, int, Any]]
) -> None:
    """A damaged or doctored report: verify answers 0, 1 or 2 in one line, never a traceback."""
    with workspace() as folder:
        for name, content in made_report.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
        report = next(name for name in made_report if name.startswith("r/"))
        text = made_report[report].decode("utf-8")
        (folder / report).write_bytes(mutate_text(text, mutations).encode("utf-8", "surrogatepass"))
        before = snapshot(folder)
        result = run("sv", "verify", report, "--inputs", CAT, ASSESSMENT)
        assert_clean_exit(result)
        assert len(result.output.strip().splitlines()) == 1
        assert_only_changed(before, snapshot(folder))


# --- deterministic cross-checks of import ------------------------------------------------------


def test_foreign_and_hidden_sheets_are_ignored_never_executed(exported_workbook: Workbook) -> None:
    """Sheets someone else added (one hidden, with a command formula) are not read at all."""
    from openpyxl import load_workbook

    with workspace() as folder:
        book = load_workbook(io.BytesIO(exported_workbook.data))
        hidden = book.create_sheet("Hemligt")
        hidden["A1"] = "=cmd|' /C calc'!A0"
        hidden["B1"] = "P1"
        hidden.sheet_state = "hidden"
        extra = book.create_sheet("Anteckningar")
        extra["A1"], extra["F1"] = "L1", "Ej uppfyllt"
        book.save(folder / "lista.xlsx")
        before = snapshot(folder)
        result = run("sv", "import", "xlsx", "lista.xlsx", "--into", ASSESSMENT, "--catalog", CAT)
        assert_clean_exit(result, frozenset({0}))
        assert_only_changed(before, snapshot(folder), (ROUND_RECORD,))  # it came back


def test_import_changes_only_the_cell_that_was_changed(exported_workbook: Workbook) -> None:
    """Import never loses a field it did not mean to change: one edited cell, one changed field,
    everything else (comments and order of the YAML included) as it was."""
    from openpyxl import load_workbook

    with workspace() as folder:
        original_text = (folder / ASSESSMENT).read_text(encoding="utf-8")
        original = load_assessment(folder / ASSESSMENT)
        book = load_workbook(io.BytesIO(exported_workbook.data))
        sheet = book["Process"]
        assert sheet["A2"].value == "P1" and sheet["I1"].value == "Kommentar"
        sheet["I2"] = "Kontaktperson utses nu i alla ärenden."
        book.save(folder / "lista.xlsx")
        result = run("sv", "import", "xlsx", "lista.xlsx", "--into", ASSESSMENT, "--catalog", CAT)
        assert_clean_exit(result, frozenset({0}))
        updated = load_assessment(folder / ASSESSMENT)
        assert updated.responses["P1"].comment == "Kontaktperson utses nu i alla ärenden."
        expected = original.model_copy(
            update={
                "responses": {
                    **original.responses,
                    "P1": original.responses["P1"].model_copy(
                        update={"comment": "Kontaktperson utses nu i alla ärenden."}
                    ),
                }
            }
        )
        assert updated == expected
        text = (folder / ASSESSMENT).read_text(encoding="utf-8")
        changed = [
            (old, new)
            for old, new in zip(original_text.splitlines(), text.splitlines(), strict=False)
            if old != new
        ]
        assert len(text.splitlines()) == len(original_text.splitlines())
        assert len(changed) == 1 and "Kontaktperson utses" in changed[0][1]


# --- the last-resort guard ---------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug in a command (here: a loader that raises RuntimeError) reaches the user as one
    line, never a traceback; LOTSCERT_DEBUG=1 shows the traceback."""
    import lotscert.loading
    from lotscert.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("oväntat\nfel")

    monkeypatch.setattr(lotscert.loading, "validate_paths", broken)
    monkeypatch.delenv("LOTSCERT_DEBUG", raising=False)
    # main() would install its SIGTERM handler in the test process; keep pytest's.
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    with workspace(), pytest.raises(SystemExit) as stopped:
        main(["validate", ASSESSMENT])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "lotscert: internt fel (RuntimeError: oväntat fel); sätt LOTSCERT_DEBUG=1 för att se "
        "spårningen (traceback)"
    ]
    monkeypatch.setenv("LOTSCERT_DEBUG", "1")
    with workspace(), pytest.raises(RuntimeError):
        main(["validate", ASSESSMENT])


def test_a_zip_bomb_workbook_is_refused_with_bounded_memory(exported_workbook: Workbook) -> None:
    """A member that unpacks to more than the limit is refused while unpacking, in chunks."""
    import tracemalloc

    from lotscert.excel.safety import MAX_UNCOMPRESSED_BYTES

    with workspace() as folder:
        source = zipfile.ZipFile(io.BytesIO(exported_workbook.data))
        with zipfile.ZipFile(folder / "lista.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
            for info in source.infolist():
                bomb.writestr(info, source.read(info))
            chunk = b"\0" * (1 << 20)
            with bomb.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
                for _ in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 2):
                    member.write(chunk)
        assert (folder / "lista.xlsx").stat().st_size < 2 * 1024 * 1024
        before = snapshot(folder)
        tracemalloc.start()
        try:
            result = run(
                "sv", "import", "xlsx", "lista.xlsx", "--into", ASSESSMENT, "--catalog", CAT
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert_clean_exit(result, frozenset({2}))
        assert "zip-bomb" in result.output
        assert peak < 64 * 1024 * 1024
        assert_only_changed(before, snapshot(folder))


MARKUP = "[/bold] [stated: uppfyllt] [link=javascript:alert(1)]x[/link]"


def test_rich_markup_in_user_text_is_printed_as_it_is() -> None:
    """Text that looks like rich markup (a closing tag without an opening one, a bracketed note)
    is the user's text: printed as written, never a crash, never silently dropped."""
    from openpyxl import load_workbook

    with workspace() as folder:
        text = (folder / ASSESSMENT).read_text(encoding="utf-8")
        text = text.replace("Fördela lotstid i miljöförvaltningens budget", MARKUP)
        text = text.replace('"Bo Berg"', f'"{MARKUP}"')
        (folder / ASSESSMENT).write_text(text, encoding="utf-8")
        catalog = (folder / CAT).read_text(encoding="utf-8")
        (folder / CAT).write_text(catalog.replace("Lotsmöte", MARKUP), encoding="utf-8")
        for args in (
            ["score", ASSESSMENT, "--catalog", CAT],
            ["score", ASSESSMENT, "--catalog", CAT, "--with-names"],
            ["score", ASSESSMENT, "--catalog", CAT, "--out", "poang.txt"],
            ["catalog", "show", "--catalog", CAT, "exempel-mini"],
        ):
            result = run("sv", *args)
            assert_clean_exit(result, frozenset({0}))
            shown = (folder / "poang.txt").read_text(encoding="utf-8") if "--out" in args else ""
            assert "[/bold]" in result.output + shown, args
        # with names: the markup is also a person's name, which is hidden without them
        assert (
            "[stated: uppfyllt]"
            in run("sv", "score", ASSESSMENT, "--catalog", CAT, "--with-names").output
        )
        assert (
            run("sv", "export", "xlsx", ASSESSMENT, "--catalog", CAT, "--out", "l.xlsx").exit_code
            == 0
        )
        book = load_workbook(folder / "l.xlsx")
        book["Process"]["I2"] = MARKUP
        book.save(folder / "l.xlsx")
        result = run("sv", "import", "xlsx", "l.xlsx", "--into", ASSESSMENT, "--catalog", CAT)
        assert_clean_exit(result, frozenset({0}))
        assert "[/bold]" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["init", "--municipality", "9901", "--name", "X", "--year", "99999", "--catalog", CAT],
            "lotscert: fel: period: får vara högst 2100, fick 99999",
        ),
        (
            ["init", "--municipality", "9901", "--name", "X", "--year", "1999", "--catalog", CAT],
            "lotscert: fel: period: ska vara minst 2000, fick 1999",
        ),
        (
            ["export", "xlsx", "--blank", "--municipality", "9901", "--municipality-name", "X",
             "--year", "99999", "--catalog", CAT, "--catalog", "exempel-mini", "--out", "b.xlsx"],
            "lotscert: fel: period: får vara högst 2100, fick 99999",
        ),
        (
            ["export", "xlsx", "--blank", "--municipality", "9901", "--municipality-name", "",
             "--year", "2027", "--catalog", CAT, "--catalog", "exempel-mini", "--out", "b.xlsx"],
            "lotscert: fel: name: får inte vara tom",
        ),
    ],
)  # fmt: skip
def test_bad_option_values_are_one_line_not_a_traceback(args: list[str], message: str) -> None:
    """Values from the command line that the models refuse (they crashed init and export)."""
    with workspace() as folder:
        before = snapshot(folder)
        result = run("sv", *args)
        assert_clean_exit(result, frozenset({2}))
        assert result.output.strip().splitlines() == [message]
        assert_only_changed(before, snapshot(folder))


# --- random command lines ----------------------------------------------------------------------

PATHS = [ASSESSMENT, CAT, "lista.xlsx", "saknas.yaml", ".", "ut", "r", "ut.json", "beslut.yaml"]
#: A certification decision beside the contract files (withdrawn: it needs no audit).
DECISION = """decision: function
catalog: exempel-mini@1.0
municipality: {code: "9901", name: "Exempelby"}
outcome: withdrawn
date: 2026-04-01
decided_by: {name: "Maria Ekdahl"}
issuer: {name: "Exempelcert AB"}
certificate: "EC-1"
reason: "Övervakningen uteblev"
"""
VALUES_FOR_OPTIONS = ["", "0", "-1", "99999", "2027", "9901", "0860", "sv", "en", "xx", "[/b]",
                      "åäö", "gap", "process", "major", "exempel-mini", "ss884000@1.0",
                      "2026-13-01", "csv", "html"]  # fmt: skip
COMMAND_OPTIONS: dict[tuple[str, ...], list[str]] = {
    ("validate",): ["--catalog", "--strict", "--check-evidence", "--format", "--lang"],
    ("score",): ["--catalog", "--previous", "--format", "--fail-on", "--out", "--with-names"],
    ("report", "gap"): ["--catalog", "--previous", "--format", "--out", "--with-names"],
    ("report", "compare"): ["--catalog", "--format", "--out", "--anonymise"],
    ("report", "trend"): ["--catalog", "--format", "--out"],
    ("export", "xlsx"): ["--catalog", "--out", "--level", "--blank", "--municipality", "--year",
                         "--municipality-name", "--kind", "--force"],
    ("import", "xlsx"): ["--into", "--dry-run", "--only-level", "--catalog"],
    ("init",): ["--municipality", "--year", "--kind", "--catalog", "--from", "--name", "--out",
                "--force"],
    ("redact",): ["--out", "--force", "--lang"],
    ("catalog", "show"): ["--catalog", "--level", "--lang"],
    ("catalog", "list"): ["--catalog"],
    ("schema",): ["--out"],
    ("verify",): ["--inputs"],
    ("export", "oscal"): ["--out", "--catalog", "--lang"],
    ("import", "oscal"): ["--out", "--id", "--text-lang", "--force"],
    ("export", "ciso-assistant"): ["--out", "--sheet", "--library-version", "--provider",
                                   "--catalog"],
    ("import", "ciso-assistant"): ["--into", "--dry-run", "--catalog"],
    ("catalog", "export", "xlsx"): ["--out", "--catalog", "--lang", "--force"],
    ("catalog", "import", "xlsx"): ["--out", "--force"],
    ("register",): ["--at", "--format", "--catalog", "--out", "--lang"],
    ("report", "certificate"): ["--catalog", "--format", "--out", "--previous"],
}  # fmt: skip
FLAGS = {"--strict", "--check-evidence", "--with-names", "--anonymise", "--blank", "--force",
         "--dry-run"}  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMAND_OPTIONS)))
    args = list(command)
    args += draw(st.lists(st.sampled_from(PATHS), max_size=3))
    for option in draw(st.lists(st.sampled_from(COMMAND_OPTIONS[command]), max_size=4)):
        args.append(option)
        if option not in FLAGS:
            args.append(draw(st.sampled_from(PATHS + VALUES_FOR_OPTIONS)))
    return args


@_settings("command-lines")
@given(args=command_lines(), lang=LANGS)
def test_fuzz_random_command_lines(exported_workbook: Workbook, args: list[str], lang: str) -> None:
    """Any mix of paths and option values: a result or one-line refusal, never a traceback."""
    with workspace() as folder:
        (folder / "lista.xlsx").write_bytes(exported_workbook.data)
        (folder / "beslut.yaml").write_text(DECISION, encoding="utf-8")
        result = run(lang, *args)
        assert_clean_exit(result)
