"""A wait for another writer's lock is never silent: one line says who holds it (host,
process, since when) and for how long lotscert waits — at once for a lock of another
computer, after a moment for one on this computer."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotscert import lockfile
from lotscert.atomic import edit_in_place
from lotscert.cli.app import build_app
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

CATALOG = ["--catalog", str(CONTRACT_CATALOG)]

FOREIGN = "fjarrdatorn 4242 0123abcd 2026-11-29T10:00:00\n"


def _target(tmp_path: Path) -> Path:
    target = tmp_path / "a.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    return target


def test_a_lock_of_another_computer_is_told_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _target(tmp_path)
    lock = lockfile.lock_path(target)
    lock.write_text(FOREIGN, encoding="utf-8")
    monkeypatch.setattr(lockfile, "WAIT_SECONDS", 0.3)
    with pytest.raises(lockfile.FileLockedError), edit_in_place(target) as edit:
        edit.write(b"a: 2\n")
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        f"lotscert: {target}: väntar på en annan skrivning (låst av värd fjarrdatorn, process "
        "4242, sedan 2026-11-29T10:00:00), högst 1 s; låset är en annan dators och kan inte "
        f"kontrolleras härifrån – arbetar ingen med filen, ta bort {lock}"
    )
    assert target.read_text() == "a: 1\n" and lock.read_text() == FOREIGN
    with pytest.raises(lockfile.FileLockedError), edit_in_place(target, lang="en") as edit:
        edit.write(b"a: 2\n")
    (line,) = capsys.readouterr().err.splitlines()
    assert "waiting for another write (locked by host fjarrdatorn, process 4242, since " in line
    assert "is another computer's and cannot be checked from here" in line


def test_a_long_wait_on_this_computer_is_told_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _target(tmp_path)
    lock = lockfile.lock_path(target)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(f"{socket.gethostname()} {sleeper.pid} abc 2026-11-29T10:00:00\n")
        monkeypatch.setattr(lockfile, "WAIT_SECONDS", 0.6)
        monkeypatch.setattr(lockfile, "NOTICE_SECONDS", 0.1)
        with pytest.raises(lockfile.FileLockedError), edit_in_place(target) as edit:
            edit.write(b"a: 2\n")
    finally:
        sleeper.kill()
        sleeper.wait()
    (line,) = capsys.readouterr().err.splitlines()
    assert f"process {sleeper.pid}, sedan 2026-11-29T10:00:00), högst 1 s" in line
    assert "annan dators" not in line


def test_a_short_wait_on_this_computer_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _target(tmp_path)
    lock = lockfile.lock_path(target)
    # our own process id: a live lock, released by "the other writer" a moment later
    lock.write_text(f"{socket.gethostname()} {os.getpid()} x 2026-11-29T10:00:00\n")
    release = threading.Timer(0.2, lock.unlink)
    release.start()
    try:
        with edit_in_place(target) as edit:
            edit.write(b"a: 2\n")
    finally:
        release.join()
    assert target.read_text() == "a: 2\n"
    assert capsys.readouterr().err == ""


def test_import_tells_the_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assessment = tmp_path / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, assessment)
    workbook = tmp_path / "bok.xlsx"
    exported = CliRunner().invoke(
        build_app("sv"),
        ["export", "xlsx", str(assessment), "--out", str(workbook), *CATALOG],
    )
    assert exported.exit_code == 0, exported.output
    lockfile.lock_path(assessment).write_text(FOREIGN, encoding="utf-8")
    monkeypatch.setattr(lockfile, "WAIT_SECONDS", 0.2)
    before = assessment.read_bytes()
    result = CliRunner().invoke(
        build_app("en"),
        ["import", "xlsx", str(workbook), "--into", str(assessment), *CATALOG, "--lang", "en"],
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"lotscert: {assessment}: waiting for another write (locked by")
    assert "the file is in use by another write (fjarrdatorn, pid 4242)" in lines[-1]
    assert assessment.read_bytes() == before
