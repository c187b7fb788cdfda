"""A write the system refuses (a full disk, a name taken by a file) is told in the run's
language, in our words — never the system's English — and leaves no empty lock behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lotscert import lockfile
from lotscert.cli.app import build_app
from lotscert.errors import LotscertError
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

CATALOG = ["--catalog", str(CONTRACT_CATALOG)]


def run(*args: str, lang: str = "sv") -> Any:
    return CliRunner().invoke(build_app("en" if lang == "en" else "sv"), list(args))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_told_in_the_run_s_language() -> None:
    args = ("export", "xlsx", str(CONTRACT_ASSESSMENT), "--out", "/dev/full", "--force", *CATALOG)
    swedish = run(*args)
    assert swedish.exit_code == 2
    assert "/dev/full: kan inte skriva: disken är full" in swedish.output
    assert "No space" not in swedish.output and "cannot" not in swedish.output
    english = run(*args, "--lang", "en", lang="en")
    assert english.exit_code == 2
    assert "/dev/full: cannot write: the disk is full" in english.output


def test_out_under_a_file_is_told_in_our_words(tmp_path: Path) -> None:
    blocker = tmp_path / "rapporter"
    blocker.write_text("en fil, inte en mapp", encoding="utf-8")
    target = blocker / "ny.xlsx"
    args = ("export", "xlsx", str(CONTRACT_ASSESSMENT), "--out", str(target), *CATALOG)
    swedish = run(*args)
    assert swedish.exit_code == 2
    assert "kan inte skriva: ett namn i sökvägen är redan taget av en fil" in swedish.output
    assert "File exists" not in swedish.output
    english = run(*args, "--lang", "en", lang="en")
    assert "cannot write: a name in the path is already taken by a file" in english.output
    assert blocker.read_text(encoding="utf-8") == "en fil, inte en mapp"


def test_a_lock_that_cannot_be_written_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Room to create the lock file but none to write its line in: the empty lock made the
    next import wait for it."""
    target = tmp_path / "a.yaml"
    target.write_text("x: 1\n", encoding="utf-8")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(lockfile.os, "write", full)
    expected = {
        "sv": "kan inte låsa filen (a.yaml.lock): disken är full",
        "en": "cannot lock the file (a.yaml.lock): the disk is full",
    }
    for lang, words in expected.items():
        with pytest.raises(LotscertError) as raised, lockfile.locked(target, lang="sv"):
            pass
        assert raised.value.localized(lang) == f"{target}: {words}"
        assert not lockfile.lock_path(target).exists()
    monkeypatch.undo()
    with lockfile.locked(target, wait=0):  # the next writer gets the lock at once
        assert lockfile.lock_path(target).exists()
