"""A progress bar on standard error for long batch work, shown only when it helps.

The library reports ``progress(done, total)`` (see :mod:`lotscert.batch`); this module turns that
into a rich progress bar. The bar appears only on a terminal and only once the work has taken
longer than a moment, so short runs, pipes and logs see nothing of it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lotscert.cli.common import say

if TYPE_CHECKING:
    from lotscert.batch import ProgressCallback

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from rich.status import Status

#: Seconds of work before the bar appears.
DELAY_SECONDS = 0.5


def wanted() -> bool:
    """A bar only on a terminal, and never with ``LOTSCERT_PROGRESS=0``."""
    setting = os.environ.get("LOTSCERT_PROGRESS", "").strip().lower()
    if setting in ("0", "no", "false", "off"):
        return False
    if setting in ("1", "yes", "true", "on"):
        return True
    return sys.stderr.isatty()


class _DelayedBar:
    """Starts a rich progress bar on the first report after :data:`DELAY_SECONDS`."""

    def __init__(self, description: str, delay: float) -> None:
        self.description = description
        self.started = time.monotonic()
        self.delay = delay
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.delay or done >= total:
                return
            self._start(total)
        assert self.bar is not None and self.task is not None
        self.bar.update(self.task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from lotscert.cli.common import stderr_console

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=stderr_console(),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task(self.description, total=total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def progress_bar(
    description: str | None = None, *, delay: float = DELAY_SECONDS
) -> Iterator[ProgressCallback | None]:
    """A ``progress(done, total)`` callback that draws a bar on stderr, or None when no bar is
    wanted (not a terminal). The bar is removed when the block ends."""
    if not wanted():
        yield None
        return
    bar = _DelayedBar(description or say("Kontrollerar filer", "Checking files"), delay)
    try:
        yield bar
    finally:
        bar.stop()


class _DelayedSpinner:
    """A rich spinner with a message on stderr, started by a timer after the delay."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.lock = threading.Lock()
        self.status: Status | None = None
        self.done = False

    def start(self) -> None:
        from lotscert.cli.common import stderr_console

        with self.lock:
            if self.done:
                return
            self.status = stderr_console().status(self.message)
            self.status.start()

    def stop(self) -> None:
        with self.lock:
            self.done = True
            if self.status is not None:
                self.status.stop()


@contextmanager
def working(message: str, *, delay: float = DELAY_SECONDS) -> Iterator[None]:
    """A spinner with ``message`` on stderr while the block runs, for work that has no count to
    show (merging a large file); only on a terminal, and only once it has taken ``delay``."""
    if not wanted():
        yield
        return
    spinner = _DelayedSpinner(message)
    timer = threading.Timer(delay, spinner.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        spinner.stop()
