"""The console script ends quickly (no interpreter teardown) but like an ordinary exit: the
same status, every line of output, exit handlers run, and a working thread is waited for."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from lotscert import __version__


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("argv", "status"),
    [(["--version"], 0), (["validate", "/no/such/file.yaml"], 2), (["no-such-command"], 2)],
)
def test_the_status_and_the_output_are_those_of_main(argv: list[str], status: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lotscert", *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == status
    if status == 0:
        assert done.stdout.strip() == f"lotscert {__version__}"
    else:
        assert done.stderr.strip()


def test_exit_handlers_still_run_and_buffered_output_is_flushed() -> None:
    done = _run(
        """
        import atexit, sys
        atexit.register(lambda: print("handler ran"))
        sys.stdout.write("x" * 100_000)  # more than one buffer, never flushed by hand
        sys.argv = ["lotscert", "--version"]
        from lotscert.cli import run
        run()
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("x" * 100_000)
    assert "lotscert " in done.stdout
    assert done.stdout.rstrip().endswith("handler ran")


def test_a_thread_still_working_is_waited_for() -> None:
    done = _run(
        """
        import sys, threading, time
        def late():
            time.sleep(0.3)
            print("thread done", flush=True)
        threading.Thread(target=late).start()
        sys.argv = ["lotscert", "validate", "/no/such/file.yaml"]
        from lotscert.cli import run
        run()
        """
    )
    assert done.returncode == 2
    assert "thread done" in done.stdout
