"""Nothing lost: every write is atomic, faults in the write path leave the old file whole and no
temporary file behind, a killed writer never leaves a half file, and ``init``/``export``/
``redact`` never overwrite without ``--force``.

Fault-injection cases (counted in docs/reliability.md): 5 faults × 2 (over an old file, new
file) in the write function; a failed rename under 6 writing commands, and under ``import`` at
the backup and at the assessment itself; 10 SIGTERM + 6 SIGINT + 10 SIGKILL kills of a writer
at random moments; 6 SIGTERM kills of a real ``lotscert redact --force`` run.
"""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from lotscert.atomic import write_bytes_atomic, write_text_atomic
from lotscert.cli.app import build_app
from lotscert.errors import LotscertError

CONTRACT = Path(__file__).parent / "fixtures" / "contract"
TEMPORARY = re.compile(r"^\..*\.tmp$")
OLD = "gammalt innehåll som inte får försvinna\n" * 100
NEW = "nytt innehåll\n" * 1000


def _temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if TEMPORARY.match(path.name)]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- faults injected into the write function ---------------------------------------------------


def _fail_replace(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    def replace(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", replace)
    return LotscertError


def _fail_fsync(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    return LotscertError


def _fail_half_way_through_write(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> HalfWriter:
        return HalfWriter(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(os, "fdopen", fdopen)
    return LotscertError


def _fail_creating_the_temporary(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    import tempfile

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    return LotscertError


def _interrupt_before_rename(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    def replace(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    return KeyboardInterrupt


FAULTS: dict[str, Callable[[pytest.MonkeyPatch], type[BaseException]]] = {
    "rename fails (disk full)": _fail_replace,
    "fsync fails (I/O error)": _fail_fsync,
    "write stops half way (disk full)": _fail_half_way_through_write,
    "temporary file cannot be created": _fail_creating_the_temporary,
    "Ctrl-C just before the rename": _interrupt_before_rename,
}


@pytest.mark.parametrize("existing", [True, False], ids=["over an old file", "new file"])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_in_the_write_path_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, existing: bool
) -> None:
    target = tmp_path / "bedömning.yaml"
    if existing:
        target.write_text(OLD, encoding="utf-8")
    expected = FAULTS[fault](monkeypatch)
    with pytest.raises(expected):
        write_text_atomic(target, NEW)
    monkeypatch.undo()
    if existing:
        assert target.read_text(encoding="utf-8") == OLD
        assert [p.name for p in tmp_path.iterdir()] == [target.name]
    else:
        assert list(tmp_path.iterdir()) == []


def test_a_successful_write_keeps_the_mode_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    write_bytes_atomic(target, NEW.encode())
    assert target.read_text(encoding="utf-8") == NEW
    assert target.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.iterdir()) == [target]


# --- faults injected under real commands --------------------------------------------------------


def _run(*args: str) -> Result:
    return CliRunner().invoke(build_app("sv"), list(args))


def _workspace(tmp_path: Path) -> Path:
    for name in ("catalog-minimal.yaml", "assessment-minimal.yaml"):
        (tmp_path / name).write_bytes((CONTRACT / name).read_bytes())
    return tmp_path


CAT = "catalog-minimal.yaml"
ASSESSMENT = "assessment-minimal.yaml"

#: Each command writes something; run once to create it, then again (with --force where
#: needed) while the rename fails.
WRITERS: dict[str, list[str]] = {
    "init": [
        "init", "--municipality", "9901", "--name", "Exempelby", "--year", "2027",
        "--catalog", CAT, "--force",
    ],
    "redact": ["redact", ASSESSMENT, "--out", "utan-namn.yaml", "--force"],
    "schema": ["schema", "--out", "schema"],
    "score": ["score", ASSESSMENT, "--catalog", CAT, "--format", "json", "--out", "s.json"],
    "report": ["report", "gap", ASSESSMENT, "--catalog", CAT, "--out", "rapporter"],
    "export": ["export", "xlsx", ASSESSMENT, "--catalog", CAT, "--out", "lista.xlsx", "--force"],
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_failed_rename_under_a_command_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(_workspace(tmp_path))
    first = _run(*WRITERS[command])
    assert first.exit_code == 0, first.output
    before = _snapshot(tmp_path)
    with monkeypatch.context() as patch:
        _fail_replace(patch)
        failed = _run(*WRITERS[command])
    assert failed.exit_code == 2, failed.output
    assert "Traceback" not in failed.output
    lines = failed.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lotscert: fel: "), lines
    assert _snapshot(tmp_path) == before
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("failing_rename", [1, 2], ids=["backup", "assessment"])
def test_a_failed_import_keeps_the_assessment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_rename: int
) -> None:
    monkeypatch.chdir(_workspace(tmp_path))
    assert (
        _run("export", "xlsx", ASSESSMENT, "--catalog", CAT, "--out", "lista.xlsx").exit_code == 0
    )
    # Change one answer in the workbook, so that the import has something to write.
    from openpyxl import load_workbook

    book = load_workbook("lista.xlsx")
    changed = False
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "Kontaktperson utses bara i större ärenden.":
                    cell.value = "Kontaktperson utses nu i alla ärenden."
                    changed = True
    assert changed
    book.save("lista.xlsx")
    original = Path(ASSESSMENT).read_bytes()
    real_replace = os.replace
    calls = {"n": 0}

    def replace(source: Any, target: Any) -> None:
        calls["n"] += 1
        if calls["n"] == failing_rename:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        result = _run("import", "xlsx", "lista.xlsx", "--into", ASSESSMENT, "--catalog", CAT)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert Path(ASSESSMENT).read_bytes() == original
    assert _temporaries(tmp_path) == []
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert all(p.read_bytes() == original for p in backups)


# --- never overwrite without --force ------------------------------------------------------------


@pytest.mark.parametrize("command", ["init", "export", "redact"])
def test_never_overwrites_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(_workspace(tmp_path))
    args = [arg for arg in WRITERS[command] if arg != "--force"]
    assert _run(*args).exit_code == 0
    before = _snapshot(tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    time.sleep(0.01)
    again = _run(*args)
    assert again.exit_code == 2
    assert "--force" in again.output
    assert len(again.output.strip().splitlines()) == 1
    assert _snapshot(tmp_path) == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    forced = _run(*args, "--force")
    assert forced.exit_code == 0, forced.output


# --- kill the writer at random moments ----------------------------------------------------------

WRITER = r"""
import signal, sys
from pathlib import Path
from lotscert.atomic import write_bytes_atomic
from lotscert.cli import _terminate

signal.signal(signal.SIGTERM, _terminate)
target = Path(sys.argv[1])
versions = [b"A" * 4_000_000 + b"\nslut A\n", b"B" * 3_000_000 + b"\nslut B\n"]
print("klar", flush=True)
n = 0
while True:
    write_bytes_atomic(target, versions[n % 2])
    n += 1
"""


def _kill_writer(tmp_path: Path, sig: signal.Signals, seed: int) -> tuple[bytes, list[Path]]:
    target = tmp_path / "bedömning.yaml"
    target.write_bytes(b"A" * 4_000_000 + b"\nslut A\n")
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, cwd=tmp_path
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"klar"
    time.sleep(random.Random(seed).uniform(0.0, 0.4))
    child.send_signal(sig)
    child.wait(timeout=30)
    return target.read_bytes(), _temporaries(tmp_path)


VERSIONS = {b"A" * 4_000_000 + b"\nslut A\n", b"B" * 3_000_000 + b"\nslut B\n"}


@pytest.mark.parametrize("seed", range(10))
def test_sigterm_at_a_random_moment_leaves_a_whole_file_and_no_temporary(
    tmp_path: Path, seed: int
) -> None:
    content, leftovers = _kill_writer(tmp_path, signal.SIGTERM, seed)
    assert content in VERSIONS
    assert leftovers == []


@pytest.mark.parametrize("seed", range(100, 106))
def test_ctrl_c_at_a_random_moment_leaves_a_whole_file_and_no_temporary(
    tmp_path: Path, seed: int
) -> None:
    content, leftovers = _kill_writer(tmp_path, signal.SIGINT, seed)
    assert content in VERSIONS
    assert leftovers == []


@pytest.mark.parametrize("seed", range(200, 210))
def test_sigkill_at_a_random_moment_never_leaves_a_half_file(tmp_path: Path, seed: int) -> None:
    """SIGKILL cannot be caught: a temporary file may stay behind (hidden, ``.name.*.tmp``),
    but the file itself is always one whole version."""
    content, leftovers = _kill_writer(tmp_path, signal.SIGKILL, seed)
    assert content in VERSIONS
    assert len(leftovers) <= 1


@pytest.mark.parametrize("seed", range(300, 306))
def test_killing_a_real_command_keeps_the_old_file_or_writes_the_whole_new_one(
    tmp_path: Path, seed: int
) -> None:
    _workspace(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "lotscert", "redact", ASSESSMENT, "--out", "ny.yaml"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    new = (tmp_path / "ny.yaml").read_bytes()
    (tmp_path / "ny.yaml").write_text(OLD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "lotscert", "redact", ASSESSMENT, "--out", "ny.yaml", "--force"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(random.Random(seed).uniform(0.0, 1.0))
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert (tmp_path / "ny.yaml").read_bytes() in {OLD.encode(), new}
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ["score", ASSESSMENT, "--catalog", CAT, "--format", "json", "--out", ASSESSMENT],
        ["score", ASSESSMENT, "--catalog", CAT, "--format", "json", "--out", CAT],
        ["export", "xlsx", ASSESSMENT, "--catalog", CAT, "--out", ASSESSMENT, "--force"],
        ["redact", ASSESSMENT, "--out", ASSESSMENT, "--force"],
    ],
    ids=["score over its assessment", "score over its catalogue", "export", "redact"],
)
def test_no_command_writes_over_its_own_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(_workspace(tmp_path))
    before = _snapshot(tmp_path)
    result = _run(*args)
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _snapshot(tmp_path) == before


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    """``--out`` naming a pipe (or /dev/stdout) gets the bytes; the pipe stays a pipe."""
    import stat
    import threading

    pipe = tmp_path / "ror"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_text_atomic(pipe, NEW)
    reader.join(timeout=10)
    assert received == [NEW.encode()]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert list(tmp_path.iterdir()) == [pipe]


def test_a_device_is_written_into_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``score --out /dev/null`` run as root used to replace the device with a regular file."""
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device needs root")
    monkeypatch.chdir(_workspace(tmp_path))
    result = _run("score", ASSESSMENT, "--catalog", CAT, "--format", "json", "--out", str(device))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(device.stat().st_mode)
    assert _temporaries(tmp_path) == []


def test_a_sigterm_inside_a_callback_still_ends_the_run_quietly() -> None:
    """A SIGTERM that lands in a weakref callback (as in an import lock's clean-up) cannot raise
    there; it is delivered again and ends the run with 143, with no "Traceback" printed."""
    code = (
        "import signal, sys, time, weakref\n"
        "from lotscert import cli\n"
        "signal.signal(signal.SIGTERM, cli._terminate)\n"
        "sys.unraisablehook = cli._unraisable\n"
        "class Thing: pass\n"
        "thing = Thing()\n"
        "ref = weakref.ref(thing, lambda _: cli._terminate(signal.SIGTERM, None))\n"
        "del thing\n"
        "for _ in range(2000): time.sleep(0.001)\n"
        "print('still running')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 143, done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr
    assert b"still running" not in done.stdout


# --- Ctrl-C: one line saying what was written ---------------------------------------------------

_CTRL_C_SCRIPT = """
import os, signal, sys
import lotscert.atomic as atomic
import lotscert.reports.api as api
moment = sys.argv[1]
if moment == "after-write":
    real = os.replace
    def replace(source, target):
        real(source, target)
        os.kill(os.getpid(), signal.SIGINT)  # held during the write: delivered right after it
    atomic.os.replace = replace
else:
    real_load = api.load
    def load(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real_load(*args, **kwargs)
    api.load = load
from lotscert.cli import main
sys.argv = ["lotscert", *sys.argv[2:]]
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_ctrl_c_just_after_a_write_says_so_in_one_line(tmp_path: Path, lang: str) -> None:
    example = Path(__file__).parent.parent / "assessments" / "9910-exempelby"
    out = tmp_path / "out"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            _CTRL_C_SCRIPT,
            "after-write",
            "--lang",
            lang,
            "report",
            "gap",
            str(example / "2026-certification_audit.yaml"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 130
    [line] = completed.stderr.strip().splitlines()
    suffix = ".en.html" if lang == "en" else ".html"  # a report in English says so in its name
    written = out / "9910-exempelby" / f"2026-certification_audit-gap{suffix}"
    expected = {
        "sv": f"lotscert: avbrutet (Ctrl-C) efter att {written} skrivits färdig; ingen fil är "
        "halvskriven",
        "en": f"lotscert: interrupted (Ctrl-C) after {written} was written in full; no file is "
        "half-written",
    }[lang]
    assert line == expected
    assert written.read_bytes().endswith(b"</html>\n")
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temporary file


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_before_any_write_says_nothing_was_written(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "assessments" / "9910-exempelby"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            _CTRL_C_SCRIPT,
            "while-reading",
            "report",
            "gap",
            str(example / "2026-certification_audit.yaml"),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 130
    assert completed.stderr.strip().splitlines() == [
        "lotscert: avbrutet (Ctrl-C); ingen fil skrevs"
    ]
    assert not (tmp_path / "out").exists()
