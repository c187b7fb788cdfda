"""Atomic file writes: a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from lotscert.errors import Location, LotscertError
from lotscert.inputs import check_not_input

#: Signals held back while a temporary file exists, so that Ctrl-C or a polite kill cannot
#: leave one behind; they are delivered as soon as the write is done or undone.
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}

#: Every file written whole in this process, in order: a Ctrl-C that arrives during a write is
#: delivered just after it, and the command line then says which files are complete.
_written: list[Path] = []


def written_files() -> list[Path]:
    """The files written (whole) so far in this process, in order."""
    return list(_written)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_bytes_atomic(path: Path, data: bytes, *, in_place: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    SIGINT, SIGTERM and SIGHUP are held back during the write, so a temporary file is never
    left behind by them; only SIGKILL or a power cut can, and then the target is still whole.

    A file the same command reads is refused (:mod:`lotscert.inputs`), unless ``in_place``
    says that this write is meant to update that very file (``import xlsx --into``).
    """
    path = Path(path)
    if not in_place:
        check_not_input(path)
    if _is_special(path):
        # /dev/null, /dev/stdout, a named pipe: write into it. Renaming a temporary file over
        # it would replace the device itself (as root: the system's /dev/null).
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except OSError as error:
            raise LotscertError(f"cannot write: {error.strerror}", Location(str(path))) from error
        _written.append(path)
        return
    with _signals_held():
        _write_bytes_atomic(path, data)
        _written.append(path)


def _is_special(path: Path) -> bool:
    """True for an existing target that is not a regular file or a folder (a device, a pipe)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise LotscertError(f"cannot write: {error.strerror}", Location(str(path))) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise LotscertError(f"cannot write: {error.strerror}", Location(str(path))) from error
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_text_atomic(path: Path, text: str, *, in_place: bool = False) -> None:
    """Write UTF-8 text atomically (always ``\\n`` line endings)."""
    write_bytes_atomic(path, text.encode("utf-8"), in_place=in_place)
