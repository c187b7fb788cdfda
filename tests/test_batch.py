"""lotscert.batch: per-file work in this process or in worker processes, in input order."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lotscert.batch import (
    MAX_CHUNK,
    chunk_size,
    default_jobs,
    effective_jobs,
    run_batch,
)
from lotscert.errors import Location, LotscertError
from lotscert.loading import validate_paths
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


def square(number: int) -> int:
    return number * number


def worker_pid(_: int) -> int:
    import os

    return os.getpid()


def fail_on_seven(number: int) -> int:
    if number == 7:
        raise LotscertError("seven is not allowed", Location("numbers.yaml", 7, 3))
    return number


def test_in_process_keeps_order_and_reports_every_item() -> None:
    seen: list[tuple[int, int]] = []
    results = list(run_batch(square, [3, 1, 2], jobs=1, progress=lambda d, t: seen.append((d, t))))
    assert results == [9, 1, 4]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_workers_keep_input_order_and_progress_reaches_total() -> None:
    items = list(range(200))
    seen: list[tuple[int, int]] = []
    results = list(run_batch(square, items, jobs=2, progress=lambda d, t: seen.append((d, t))))
    assert results == [n * n for n in items]
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert seen[-1] == (200, 200)
    assert all(total == 200 for _, total in seen)


def test_workers_run_in_other_processes() -> None:
    import os

    pids = set(run_batch(worker_pid, list(range(64)), jobs=2))
    assert os.getpid() not in pids


def test_few_items_stay_in_process() -> None:
    import os

    assert effective_jobs(8, 3) == 1
    assert set(run_batch(worker_pid, [1, 2, 3], jobs=8)) == {os.getpid()}


def test_effective_jobs() -> None:
    assert effective_jobs(1, 1000) == 1
    assert effective_jobs(2, 1000) == 2
    assert effective_jobs(None, 1000) == min(default_jobs(), 1000)
    assert effective_jobs(0, 1000) == effective_jobs(None, 1000)
    assert effective_jobs(4, 8) == 2  # at least four items per worker
    assert effective_jobs(4, 0) == 1


def test_chunk_size_bounds() -> None:
    assert chunk_size(1, 2) == 1
    assert chunk_size(100, 2) == 12
    assert chunk_size(100_000, 2) == MAX_CHUNK


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_worker_reaches_the_caller_whole(jobs: int) -> None:
    with pytest.raises(LotscertError) as caught:
        list(run_batch(fail_on_seven, list(range(40)), jobs=jobs))
    assert str(caught.value) == "numbers.yaml:7:3: seven is not allowed"
    assert caught.value.location == Location("numbers.yaml", 7, 3)


def test_stopping_early_is_clean() -> None:
    stream = run_batch(square, list(range(500)), jobs=2)
    assert next(stream) == 0
    stream.close()  # shuts the workers down without waiting for the rest


def _contract_tree(folder: Path, copies: int) -> Path:
    """``copies`` copies of the contract assessment beside its catalogue, one broken."""
    shutil.copy(CONTRACT_CATALOG, folder / "catalog-minimal.yaml")
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    for index in range(copies):
        (folder / f"a{index:02d}.yaml").write_text(text, encoding="utf-8")
    broken = text.replace("maturity: 4", "maturity: 9", 1)
    (folder / "a05.yaml").write_text(broken, encoding="utf-8")
    return folder


def test_validate_paths_gives_the_same_report_with_workers(tmp_path: Path) -> None:
    folder = _contract_tree(tmp_path, 24)
    one = validate_paths([folder], jobs=1)
    two = validate_paths([folder], jobs=2)
    assert one.checked == two.checked
    assert one.diagnostics == two.diagnostics
    assert len(one.checked) == 25
    assert [d.file for d in one.errors] == [str(folder / "a05.yaml")]


def test_validate_paths_reports_progress(tmp_path: Path) -> None:
    folder = _contract_tree(tmp_path, 12)
    seen: list[tuple[int, int]] = []
    validate_paths([folder], jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (13, 13)


def test_progress_bar_stays_away_from_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    from lotscert.cli.progress import progress_bar

    monkeypatch.delenv("LOTSCERT_PROGRESS", raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    with progress_bar("x") as callback:
        assert callback is None


def test_progress_bar_appears_after_the_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    from lotscert.cli.progress import _DelayedBar, progress_bar

    monkeypatch.setenv("LOTSCERT_PROGRESS", "1")
    with progress_bar("Kontrollerar", delay=3600) as callback:
        assert isinstance(callback, _DelayedBar)
        callback(1, 10)
        assert callback.bar is None  # a short run never shows a bar
    with progress_bar("Kontrollerar", delay=0) as callback:
        assert isinstance(callback, _DelayedBar)
        callback(1, 10)
        assert callback.bar is not None
        callback(10, 10)


def test_score_json_list_is_byte_identical_to_results_to_json(tmp_path: Path) -> None:
    from lotscert.cli.score import _json_list, score_file
    from lotscert.resultjson import result_to_json, results_to_json

    results = [score_file(CONTRACT_ASSESSMENT, [CONTRACT_CATALOG]) for _ in range(3)]
    assert _json_list([result_to_json(r) for r in results]) == results_to_json(results)
    assert _json_list([result_to_json(results[0])]) == results_to_json(results[:1])


def _score_tree(folder: Path, copies: int) -> Path:
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    for index in range(copies):
        (folder / f"a{index:02d}.yaml").write_text(
            text.replace("period: 2026", f"period: {2000 + index}"), encoding="utf-8"
        )
    return folder


def test_score_with_workers_writes_the_same_as_without(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _score_tree(folder, 12)
    common = [str(folder), "--catalog", str(CONTRACT_CATALOG), "--format", "json"]
    one = run_cli(["score", *common, "-j", "1"])
    two = run_cli(["score", *common, "-j", "2"])
    assert one.exit_code == 0, one.output
    assert one.stdout == two.stdout
    assert one.stdout.startswith("[\n  {")
    run_cli(["score", *common, "-j", "1", "--out", str(tmp_path / "o1")])
    run_cli(["score", *common, "-j", "2", "--out", str(tmp_path / "o2")])
    assert _files(tmp_path / "o1") == _files(tmp_path / "o2")
    assert len(_files(tmp_path / "o1")) == 12


def test_score_with_workers_stops_at_an_invalid_file_and_writes_nothing(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _score_tree(folder, 12)
    bad = folder / "a07.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("maturity: 4", "maturity: 9", 1))
    out = tmp_path / "out"
    done = run_cli(
        [
            "score",
            str(folder),
            "--catalog",
            str(CONTRACT_CATALOG),
            "--format",
            "json",
            "-j",
            "2",
            "--out",
            str(out),
        ]
    )
    assert done.exit_code == 2
    assert "a07.yaml" in done.stderr
    assert not out.exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_compare_rows_are_the_same_with_workers_and_share_one_catalogue(tmp_path: Path) -> None:
    from lotscert.reports import compare_rows

    _score_tree(tmp_path, 16)
    one = compare_rows([tmp_path], [CONTRACT_CATALOG], jobs=1)
    two = compare_rows([tmp_path], [CONTRACT_CATALOG], jobs=2)
    assert one == two
    assert [row.period for row in two] == list(range(2000, 2016))
    assert len({id(row.catalog) for row in two}) == 1


def test_score_json_list_on_stdout_is_all_or_nothing(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _score_tree(folder, 12)
    common = [str(folder), "--catalog", str(CONTRACT_CATALOG), "--format", "json", "-j", "2"]
    good = run_cli(["score", *common])
    assert good.exit_code == 0
    assert good.stdout.count('"municipality"') == 12
    bad = folder / "a09.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("maturity: 4", "maturity: 9", 1))
    done = run_cli(["score", *common])
    assert done.exit_code == 2
    assert done.stdout == ""
    assert "a09.yaml" in done.stderr


def test_spinner_appears_only_for_long_work(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from lotscert.cli import progress

    started = threading.Event()
    shown: list[str] = []

    class _Status:
        def __init__(self, message: str) -> None:
            shown.append(message)

        def start(self) -> None:
            started.set()

        def stop(self) -> None:
            shown.append("stopped")

    class _Console:
        def status(self, message: str) -> _Status:
            return _Status(message)

    monkeypatch.setattr("lotscert.cli.common.stderr_console", lambda: _Console())
    monkeypatch.setenv("LOTSCERT_PROGRESS", "1")
    with progress.working("Sammanfogar", delay=3600):
        time.sleep(0.01)
    assert shown == []  # quick work never shows the spinner
    with progress.working("Sammanfogar", delay=0):
        assert started.wait(5)
    assert shown == ["Sammanfogar", "stopped"]
    monkeypatch.setenv("LOTSCERT_PROGRESS", "0")
    with progress.working("Sammanfogar", delay=0):
        time.sleep(0.05)
    assert shown == ["Sammanfogar", "stopped"]  # not wanted: nothing at all
