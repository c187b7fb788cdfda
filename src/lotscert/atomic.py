"""Atomic file writes: a temporary file beside the target, fsync, then rename.

Two ways in:

- :func:`write_bytes_atomic` / :func:`write_text_atomic` for a file written whole (a report, a
  workbook, a new assessment);
- :func:`edit_in_place` for a file read, changed and written back (``import xlsx --into``,
  ``init --force``): it takes the lock ``NAME.lock`` beside the file (:mod:`lotscert.lockfile`),
  reads the file, and when the new bytes are ready checks, just before the rename, that the
  file is still byte for byte what was read. When it is not (an editor saved it meanwhile), it
  stops with :class:`FileChangedError`: nothing is written and the other change is kept.

Both write through a symbolic link to the file it points at (the link stays a link), refuse a
target that is read-only or has more than one name (a hard link: the rename would give only
this name the new content, and the round's record goes by the name), and give a new file the
permissions the umask allows (``0666 & ~umask``); an existing file keeps its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lotscert.errors import Location, LotscertError
from lotscert.inputs import check_not_input
from lotscert.lockfile import locked
from lotscert.models.common import Language
from lotscert.oserrors import cannot_write, os_reason

#: ``expected`` for a write that does not care what the target holds.
ANYTHING = object()


class FileChangedError(LotscertError):
    """The file changed after it was read (another program wrote it); nothing was written."""


class ReadOnlyError(LotscertError):
    """The target is read-only; it is not replaced."""


class HardLinkError(LotscertError):
    """The target has more than one name (hard links); it is not replaced."""


def _say(lang: Language, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def _write_error(error: OSError, path: Path) -> LotscertError:
    """Why ``path`` could not be written, in both languages (the run shows its own)."""
    return LotscertError(
        cannot_write(error, "sv"), Location(str(path)), en=cannot_write(error, "en")
    )


def backup_path(path: Path) -> Path:
    """Where the old version of ``path`` is kept before it is replaced: ``NAME.bak``, or
    ``NAME.<time>.bak`` (``-2``, ``-3`` … after it) when that exists already."""
    candidate = path.with_name(path.name + ".bak")
    if not candidate.exists():
        return candidate
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{stamp}-{counter}.bak")
        counter += 1
    return candidate


def resolve_target(path: Path) -> Path:
    """The file a write lands in: ``path`` itself, or what a symbolic link points at (through
    every link of a chain; a dangling link's target is created)."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _new_file_mode() -> int:
    """``0o666`` less the process's umask (read without changing it where the system allows)."""
    umask: int | None = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                umask = int(line.split()[1], 8)
                break
    if umask is None:
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def check_writable(target: Path, lang: Language = "sv") -> None:
    """Refuse an existing file that is read-only (also for root, who could write it anyway)."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise ReadOnlyError(
            _say(
                lang,
                "filen är skrivskyddad; lotscert ändrar den inte (ta bort skrivskyddet först)",
                "the file is read-only; lotscert does not change it (make it writable first)",
            ),
            Location(str(target)),
        )


def check_single_name(target: Path, lang: Language = "sv") -> None:
    """Refuse an existing file that has more than one name (a hard link): renaming a new file
    over one name would leave the others holding the old content, silently. (A symbolic link
    is followed to its file instead: it names one file.)"""
    try:
        status = target.stat()
    except OSError:
        return
    if stat.S_ISREG(status.st_mode) and status.st_nlink > 1:
        raise HardLinkError(
            _say(
                lang,
                f"filen har {status.st_nlink} namn (hårda länkar); lotscert skriver inte över "
                "den, för de andra namnen skulle behålla den gamla versionen – ta bort de andra "
                "namnen, eller arbeta i en kopia",
                f"the file has {status.st_nlink} names (hard links); lotscert does not write "
                "over it, as the other names would keep the old version – remove the other "
                "names, or work on a copy",
            ),
            Location(str(target)),
        )


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
def signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back for the ``with`` block (several writes that belong
    together: a Ctrl-C is delivered when all are written or undone)."""
    with _signals_held():
        yield


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


def write_bytes_atomic(
    path: Path,
    data: bytes,
    *,
    in_place: bool = False,
    expected: object = ANYTHING,
    lang: Language = "sv",
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    SIGINT, SIGTERM and SIGHUP are held back during the write, so a temporary file is never
    left behind by them; only SIGKILL or a power cut can, and then the target is still whole.
    With ``expected`` (bytes, or None for "must not exist"), the target is compared with it
    right before the rename and :class:`FileChangedError` raised when it differs. A symbolic
    link is written through; a read-only target is refused (:class:`ReadOnlyError`), and so is
    one with more than one name (:class:`HardLinkError`).

    A file the same command reads is refused (:mod:`lotscert.inputs`), unless ``in_place``
    says that this write is meant to update that very file (``import xlsx --into``).
    """
    path = resolve_target(Path(path))
    if not in_place:
        check_not_input(path)
    if _is_special(path):
        # /dev/null, /dev/stdout, a named pipe: write into it. Renaming a temporary file over
        # it would replace the device itself (as root: the system's /dev/null).
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except OSError as error:
            raise _write_error(error, path) from error
        _written.append(path)
        return
    check_writable(path, lang)
    check_single_name(path, lang)
    with _signals_held():
        _write_bytes_atomic(path, data, expected, lang)
        _written.append(path)


def _is_special(path: Path) -> bool:
    """True for an existing target that is not a regular file or a folder (a device, a pipe)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _changed_error(path: Path, lang: Language) -> FileChangedError:
    return FileChangedError(
        _say(
            lang,
            "filen ändrades av någon annan medan lotscert arbetade; inget skrevs och den andra "
            "ändringen finns kvar – kör kommandot igen",
            "the file was changed by someone else while lotscert worked; nothing was written "
            "and the other change is kept – run the command again",
        ),
        Location(str(path)),
    )


def _write_bytes_atomic(path: Path, data: bytes, expected: object, lang: Language) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise _write_error(error, path) from error
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
                os.chmod(temporary, _new_file_mode())
        # The last look before the rename: is the file still what was read? (The moment
        # between this read and the rename is as short as the system allows.)
        if expected is not ANYTHING and _current_bytes(path) != expected:
            raise _changed_error(path, lang)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _write_error(error, path) from error
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_text_atomic(
    path: Path,
    text: str,
    *,
    in_place: bool = False,
    expected: object = ANYTHING,
    lang: Language = "sv",
) -> None:
    """Write UTF-8 text atomically (always ``\\n`` line endings)."""
    write_bytes_atomic(path, text.encode("utf-8"), in_place=in_place, expected=expected, lang=lang)


@dataclass
class InPlaceEdit:
    """A file being changed in place: what was read under the lock, and how to write it back."""

    path: Path  # as the user named it
    target: Path  # the file written (a link's target)
    lang: Language
    original: bytes | None  # None: the file did not exist
    written: bool = field(default=False)
    #: the new content updates what was read (an import); False: it replaces the file, which
    #: must then not be one of the run's inputs (``init --from F`` onto F)
    updates: bool = True

    def write(self, data: bytes) -> None:
        """Replace the file with ``data`` unless it changed since it was read."""
        write_bytes_atomic(
            self.target, data, in_place=self.updates, expected=self.original, lang=self.lang
        )
        self.written = True


@contextlib.contextmanager
def edit_in_place(
    path: Path, *, lang: Language = "sv", wait: float | None = None, updates: bool = True
) -> Iterator[InPlaceEdit]:
    """Lock ``path`` (``NAME.lock`` beside the file a link points at), read it, and yield an
    :class:`InPlaceEdit` whose ``write`` re-checks and renames; the lock is released after.

    Refuses a read-only file, and one with more than one name (a hard link), before taking
    the lock; waits for another lotscert's lock (see :func:`lotscert.lockfile.locked`).
    """
    target = resolve_target(Path(path))
    if _is_special(target) or target.is_dir():
        raise LotscertError(
            _say(
                lang,
                "är inte en vanlig fil (en mapp, en enhet eller ett rör); ange en YAML-fil",
                "is not a regular file (a folder, a device or a pipe); give a YAML file",
            ),
            Location(str(path)),
        )
    if not updates:  # a file this run reads is told as such first
        check_not_input(target)
    check_writable(target, lang)
    check_single_name(target, lang)
    with contextlib.suppress(OSError):  # a new file's folder (the lock says why, if it fails)
        target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target, lang=lang, wait=wait):
        try:
            original = target.read_bytes()
        except FileNotFoundError:
            original = None
        except OSError as error:
            raise LotscertError(
                f"kan inte läsas: {os_reason(error, 'sv')}",
                Location(str(path)),
                en=f"cannot be read: {os_reason(error, 'en')}",
            ) from None
        yield InPlaceEdit(Path(path), target, lang, original, updates=updates)


def write_back(path: Path, read: bytes, data: bytes, *, lang: Language = "sv") -> None:
    """Replace ``path``, which this run read as ``read``, with ``data``: under the file's lock,
    and only if the file is still exactly ``read`` (checked when the lock is taken and again
    just before the rename); otherwise :class:`FileChangedError` and nothing is written. For
    commands that read a file early and write it back late (``import ciso-assistant``,
    ``import metrics``)."""
    with edit_in_place(path, lang=lang) as edit:
        if edit.original != read:
            raise _changed_error(Path(path), lang)
        edit.write(data)
