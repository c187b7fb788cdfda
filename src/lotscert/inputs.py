"""The files a command reads, so that it never writes over one of them — not even with --force.

A command line (``lotscert init --from F --out …``, ``export xlsx A --catalog C --out C``) can
name the same file as input and output, directly, through a symbolic link or a hard link. While
a run is open (:func:`run`, opened by the CLI for each command), every file read is noted by
its identity (device and inode, so links are seen through), and every atomic write refuses a
target that is one of them. A write that is meant to replace its input (``import xlsx --into``)
says so with ``in_place=True``.

Outside a run (the library used from a script) nothing is noted and nothing refused: a script
that reads a file and writes it back does so on purpose.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from lotscert.errors import Location, LotscertError

_open_runs = 0
_read: dict[tuple[int, int], str] = {}


class WriteOverInputError(LotscertError):
    """The target of a write is a file the same run reads."""


@contextlib.contextmanager
def run() -> Iterator[None]:
    """Note the files read until the block ends (nested runs share one record)."""
    global _open_runs
    if _open_runs == 0:
        _read.clear()
    _open_runs += 1
    try:
        yield
    finally:
        _open_runs -= 1
        if _open_runs == 0:
            _read.clear()


def note_read(path: Path | str) -> None:
    """Record that this run reads ``path`` (no-op outside a run or for a missing file)."""
    if _open_runs == 0:
        return
    with contextlib.suppress(OSError, ValueError):
        info = os.stat(path)
        _read.setdefault((info.st_dev, info.st_ino), str(path))


def check_not_input(target: Path | str) -> None:
    """Refuse ``target`` if it is (or links to) a file this run reads."""
    if _open_runs == 0 or not _read:
        return
    try:
        info = os.stat(target)
    except (OSError, ValueError):
        return  # a new file cannot be an input
    source = _read.get((info.st_dev, info.st_ino))
    if source is None:
        return
    same = os.path.abspath(source) == os.path.abspath(target)
    also = "" if same else f" ({source})"
    raise WriteOverInputError(
        f"filen läses i samma körning{also} och skrivs aldrig över, inte ens med --force; "
        "välj en annan utdatafil – inget skrevs",
        Location(str(target)),
        en=f"this file is read by the same run{also} and is never written over, not even with "
        "--force; choose another output file – nothing was written",
    )
