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


#: Options whose value is where a command writes, not what it reads.
OUTPUT_OPTIONS = frozenset({"--out"})
#: A folder named on the command line is walked for the files in it, up to this many entries
#: (beyond that, the files the command actually reads are still noted as they are read).
_WALK_LIMIT = 50_000


def note_arguments(arguments: list[str]) -> None:
    """Note every existing file named on a command line (and the files in a named folder),
    except the values of output options: the files a command reads in worker processes, or
    reads as JSON or a workbook, are then known to the process that writes."""
    if _open_runs == 0:
        return
    skip_next = False
    walked = 0
    for argument in arguments:
        if skip_next:
            skip_next = False
            continue
        if argument.startswith("-"):
            name, has_value, value = argument.partition("=")
            if name in OUTPUT_OPTIONS:
                skip_next = not has_value
                continue
            if not has_value:
                continue
            argument = value
        path = Path(argument)
        with contextlib.suppress(OSError, ValueError):
            if path.is_dir():
                for folder, _dirs, files in os.walk(path):
                    for name in files:
                        note_read(Path(folder) / name)
                        walked += 1
                    walked += 1
                    if walked > _WALK_LIMIT:
                        break
            elif path.exists():
                note_read(path)


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


def check_not_inputs(targets: list[Path]) -> None:
    """:func:`check_not_input` for every target, before any is written: a command that writes
    several files writes all of them or, when one is an input, none."""
    for target in targets:
        check_not_input(target)
