"""Writing a file in place: locked, re-checked before the rename, through links, never over a
read-only file, new files as the umask says. Twenty imports at once lose nothing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lotscert import lockfile
from lotscert.atomic import edit_in_place, write_bytes_atomic
from lotscert.cli.app import build_app
from lotscert.errors import LotscertError
from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

CATALOG = ["--catalog", str(CONTRACT_CATALOG)]


def run(*args: str) -> Any:
    return CliRunner().invoke(build_app("sv"), list(args))


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def _workbook(assessment: Path, out: Path, comment: str) -> Path:
    result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    wb["Process"]["I3"] = comment  # P2's comment
    wb.save(out)
    return out


def _metric_workbook(assessment: Path, out: Path, key: str) -> Path:
    result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb["Mått"]
    ws["A10"] = key
    ws["B10"] = "1"
    wb.save(out)
    return out


def test_twenty_imports_at_once_lose_nothing(assessment: Path, tmp_path: Path) -> None:
    """Each of twenty departments adds its own metric; all twenty run at the same time."""
    keys = [f"matt_{number:02d}" for number in range(20)]
    books = [_metric_workbook(assessment, tmp_path / f"{key}.xlsx", key) for key in keys]
    command = [sys.executable, "-m", "lotscert", "import", "xlsx"]
    children = [
        subprocess.Popen(
            [*command, str(book), "--into", str(assessment), *CATALOG],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for book in books
    ]
    succeeded = []
    for key, child in zip(keys, children, strict=True):
        _, err = child.communicate(timeout=600)
        assert child.returncode in (0, 2), err
        if child.returncode == 0:
            succeeded.append(key)
        else:  # only ever the one-line refusal, with nothing written
            assert err.count("\n") == 1 and err.startswith("lotscert: fel: "), err
    merged = load_assessment(assessment)
    assert set(succeeded) <= set(merged.metrics)
    assert len(succeeded) == 20  # the lock makes them wait their turn
    assert not lockfile.lock_path(assessment).exists()


def test_an_editor_saving_during_an_import_keeps_the_editors_change(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = _workbook(assessment, tmp_path / "bok.xlsx", "Från förvaltningen")
    saved_by_editor = assessment.read_text(encoding="utf-8") + "# sparad i editorn\n"
    from lotscert.excel import merge

    real = merge.merge_text

    def merge_while_an_editor_saves(*args: Any) -> str:
        assessment.write_text(saved_by_editor, encoding="utf-8")  # no lock: an editor
        return real(*args)

    monkeypatch.setattr(merge, "merge_text", merge_while_an_editor_saves)
    result = run("import", "xlsx", str(workbook), "--into", str(assessment), *CATALOG)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"lotscert: fel: {assessment}: filen ändrades av någon annan medan lotscert arbetade; "
        "inget skrevs och den andra ändringen finns kvar – kör kommandot igen"
    ]
    assert assessment.read_text(encoding="utf-8") == saved_by_editor
    assert not lockfile.lock_path(assessment).exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_symlink_is_written_through_and_stays_a_link(assessment: Path, tmp_path: Path) -> None:
    link = tmp_path / "länk.yaml"
    link.symlink_to(assessment.name)
    workbook = _workbook(assessment, tmp_path / "bok.xlsx", "Via länken")
    result = run("import", "xlsx", str(workbook), "--into", str(link), *CATALOG)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert load_assessment(assessment).responses["P2"].comment == "Via länken"
    assert (tmp_path / f"{assessment.name}.bak").exists()  # beside the real file


def test_a_read_only_file_is_refused(assessment: Path, tmp_path: Path) -> None:
    workbook = _workbook(assessment, tmp_path / "bok.xlsx", "Skrivskyddad?")
    before = assessment.read_bytes()
    assessment.chmod(0o444)
    try:
        result = run("import", "xlsx", str(workbook), "--into", str(assessment), *CATALOG)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"lotscert: fel: {assessment}: filen är skrivskyddad; lotscert ändrar den inte (ta "
            "bort skrivskyddet först)"
        )
        assert assessment.read_bytes() == before
        with pytest.raises(LotscertError, match="read-only"):
            write_bytes_atomic(assessment, b"x", lang="en")
    finally:
        assessment.chmod(0o644)


def test_a_new_file_honours_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        write_bytes_atomic(tmp_path / "ny.yaml", b"a: 1\n")
        with edit_in_place(tmp_path / "ny2.yaml") as edit:
            edit.write(b"a: 2\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "ny.yaml").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "ny2.yaml").stat().st_mode & 0o777 == 0o600


def test_a_stale_lock_is_removed_and_a_live_one_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    lock = lockfile.lock_path(target)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lock.write_text(f"{socket.gethostname()} {dead.stdout.strip()} abc 2026-01-01T00:00:00\n")
    with edit_in_place(target) as edit:
        edit.write(b"a: 2\n")
    assert target.read_text() == "a: 2\n" and not lock.exists()

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(f"{socket.gethostname()} {sleeper.pid} abc 2026-01-01T00:00:00\n")
        monkeypatch.setattr(lockfile, "WAIT_SECONDS", 0.2)
        with (
            pytest.raises(lockfile.FileLockedError, match="används av en annan skrivning"),
            edit_in_place(target) as edit,
        ):
            edit.write(b"a: 3\n")
        assert target.read_text() == "a: 2\n" and lock.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_init_force_is_locked_and_re_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(CONTRACT_CATALOG, tmp_path / "katalog.yaml")
    args = ["init", "--municipality", "9901", "--name", "Exempelby", "--year", "2027",
            "--catalog", "katalog.yaml"]  # fmt: skip
    first = run(*args)
    assert first.exit_code == 0, first.output
    written = Path(first.stdout.strip())
    written.chmod(0o444)
    refused = run(*args, "--force")
    assert refused.exit_code == 2 and "skrivskyddad" in refused.stderr
    written.chmod(0o644)
    assert run(*args, "--force").exit_code == 0
