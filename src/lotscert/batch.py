"""Run one function over many files, in this process or in several worker processes.

The national roll-ups (validate, score, compare) apply a per-file function to hundreds of files.
:func:`run_batch` does it in-process, or with ``jobs`` worker processes when there is enough work
to pay for them. Results come back as a stream in input order, so a caller can write each one
out and forget it instead of holding every parsed assessment at once.

Progress is reported to an optional callback ``progress(done, total)``; this module knows
nothing about terminals (the CLI attaches a rich progress bar, see ``lotscert.cli.progress``).

The function and its items must be picklable for ``jobs > 1``: a module-level function, or a
:func:`functools.partial` of one.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

#: ``progress(done, total)``: called after each finished item (or chunk of items).
ProgressCallback = Callable[[int, int], None]

#: Below this many items per worker, starting processes costs more than it saves.
MIN_ITEMS_PER_WORKER = 4
#: Largest chunk sent to a worker at once: small enough for a lively progress bar.
MAX_CHUNK = 32
#: Chunks in flight per worker: keeps workers busy while bounding memory held for results.
CHUNKS_IN_FLIGHT_PER_WORKER = 3


def default_jobs() -> int:
    """The cores available to this process (the default of ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def effective_jobs(jobs: int | None, items: int) -> int:
    """How many processes are worth starting for ``items`` items when ``jobs`` are allowed.

    ``None`` or ``0`` means every core; 1 means in this process.
    """
    wanted = default_jobs() if not jobs or jobs < 1 else jobs
    useful = max(1, items // MIN_ITEMS_PER_WORKER)
    return max(1, min(wanted, useful))


def chunk_size(items: int, jobs: int) -> int:
    """Items per chunk: several chunks per worker, at most :data:`MAX_CHUNK`."""
    return max(1, min(MAX_CHUNK, items // (jobs * 4) or 1))


class _Raised:
    """An exception raised in a worker, carried back whole.

    Pickling an exception calls its class with ``args`` again, which loses attributes set in
    ``__init__`` (a :class:`~lotscert.errors.LotscertError`'s location); this keeps them.
    """

    def __init__(self, error: Exception) -> None:
        self.kind = type(error)
        self.args = error.args
        self.state = dict(error.__dict__)
        self.trace = traceback.format_exc()

    def rebuild(self) -> Exception:
        error: Exception = self.kind.__new__(self.kind)
        error.args = self.args
        error.__dict__.update(self.state)
        error.add_note(f"raised in a worker process:\n{self.trace}")
        return error


def _run_chunk(
    function: Callable[[Item], Outcome], chunk: Sequence[Item]
) -> list[Outcome] | _Raised:
    try:
        return [function(item) for item in chunk]
    except Exception as error:
        return _Raised(error)


def _worker_start(initializer: Callable[[], None] | None) -> None:
    # Ctrl-C reaches every process of the terminal's process group: the parent alone handles
    # it (it stops the batch and shuts the workers down), so workers print no tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()


def _context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds with every module the parent imported already
    # loaded; spawn would import pydantic and the models again in each worker.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run_batch(
    function: Callable[[Item], Outcome],
    items: Sequence[Item],
    *,
    jobs: int | None = 1,
    progress: ProgressCallback | None = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """``function(item)`` for every item, yielded in input order.

    ``jobs``: worker processes to use (``None``/0 = every core, 1 = this process). Fewer are
    started when there are few items (see :func:`effective_jobs`). An exception raised by
    ``function`` stops the batch and is raised here. ``initializer`` runs once in each worker
    (and never in this process).
    """
    total = len(items)
    workers = effective_jobs(jobs, total)
    if workers == 1:
        yield from _in_process(function, items, progress)
        return
    yield from _in_workers(function, items, workers, progress, initializer)


def _in_process(
    function: Callable[[Item], Outcome],
    items: Sequence[Item],
    progress: ProgressCallback | None,
) -> Iterator[Outcome]:
    total = len(items)
    for done, item in enumerate(items, start=1):
        yield function(item)
        if progress is not None:
            progress(done, total)


def _in_workers(
    function: Callable[[Item], Outcome],
    items: Sequence[Item],
    workers: int,
    progress: ProgressCallback | None,
    initializer: Callable[[], None] | None,
) -> Iterator[Outcome]:
    total = len(items)
    size = chunk_size(total, workers)
    starts = iter(range(0, total, size))
    pending: deque[tuple[int, Future[list[Outcome] | _Raised]]] = deque()
    done = 0
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=functools.partial(_worker_start, initializer),
    )
    try:

        def submit_next() -> bool:
            start = next(starts, None)
            if start is None:
                return False
            chunk = list(items[start : start + size])
            pending.append((len(chunk), executor.submit(_run_chunk, function, chunk)))
            return True

        for _ in range(workers * CHUNKS_IN_FLIGHT_PER_WORKER):
            if not submit_next():
                break
        while pending:
            count, future = pending.popleft()
            outcomes = future.result()
            if isinstance(outcomes, _Raised):
                raise outcomes.rebuild()
            submit_next()
            yield from outcomes
            done += count
            if progress is not None:
                progress(done, total)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
