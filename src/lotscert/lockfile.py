"""A lock file next to a file being changed in place (``NAME.lock``), after git's ``index.lock``.

The lock is a file created with ``O_CREAT | O_EXCL``: whoever creates it holds the lock, and
everyone else waits for it to go away. It holds one line naming its owner (host, process id,
a random token and the time), so that

- a lock left by a process that no longer runs on this machine (killed with SIGKILL, a power
  cut) is noticed and removed, and
- the owner removes only its own lock, never one another process took after it.

A lock whose owner runs on another machine (a shared network folder) cannot be checked; it is
waited for, and after the wait the error says which file to remove when nobody is working.
A wait is never silent: when the lock is another machine's, or has been waited for
:data:`NOTICE_SECONDS`, one line on standard error says who holds it (host, process, since
when) and how long lotscert waits.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from lotscert.errors import Location, LotscertError
from lotscert.models.common import Language
from lotscert.oserrors import os_reason

#: How long to wait for another writer's lock before giving up (seconds). Imports of the
#: largest files take a few seconds each; twenty departments' workbooks imported at once
#: must all get their turn.
WAIT_SECONDS = 120.0

#: How often a waiting writer looks again (seconds).
POLL_SECONDS = 0.05

#: A wait for a lock held on this machine is told after this long (seconds); one held from
#: another machine is told at once (it cannot be checked, and may be a left-over).
NOTICE_SECONDS = 2.0

#: A lock file still empty after this long was left by a writer stopped between creating it
#: and naming itself in it (seconds).
EMPTY_LOCK_SECONDS = 10.0


class FileLockedError(LotscertError):
    """Another writer held the file's lock for longer than we waited."""


def lock_path(target: Path) -> Path:
    """``NAME.lock`` beside ``target``."""
    return target.with_name(target.name + ".lock")


def _say(lang: Language, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def _owner_line() -> str:
    moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime())
    return f"{socket.gethostname()} {os.getpid()} {secrets.token_hex(8)} {moment}\n"


def _process_runs(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when that cannot be told)."""
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _is_stale(content: str) -> bool:
    """A lock of a process that no longer runs on this host (an unreadable lock is not stale:
    it may be one being written right now)."""
    parts = content.split()
    if len(parts) < 3 or parts[0] != socket.gethostname():
        return False
    try:
        pid = int(parts[1])
    except ValueError:
        return False
    return pid != os.getpid() and not _process_runs(pid)


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8", errors="replace")
    except OSError:
        return None


def _empty_and_old(lock: Path, content: str) -> bool:
    if content.strip():
        return False
    try:
        return time.time() - lock.stat().st_mtime > EMPTY_LOCK_SECONDS
    except OSError:
        return False


def _remove_if_stale(lock: Path) -> bool:
    """Remove ``lock`` when its owner is gone; True when it was removed.

    The lock is first renamed to a name of our own, and removed only if what was renamed is
    still the stale lock read a moment before; a fresh lock another waiter took in between is
    put back.
    """
    content = _read(lock)
    if content is None or not (_is_stale(content) or _empty_and_old(lock, content)):
        return False
    aside = lock.with_name(f"{lock.name}.stale-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(lock, aside)
    except OSError:
        return False
    if _read(aside) == content:
        with contextlib.suppress(OSError):
            os.unlink(aside)
        return True
    # Someone took a fresh lock between our read and our rename: give it back.
    with contextlib.suppress(OSError):
        os.link(aside, lock)
    with contextlib.suppress(OSError):
        os.unlink(aside)
    return False


def _holder(content: str, lang: Language) -> tuple[str, bool]:
    """Who holds a lock, from its line ("host X, process 123, since …"; empty when it does not
    say), and whether that is another machine."""
    parts = content.split()
    if len(parts) < 2:
        return "", False
    since = f", {_say(lang, 'sedan', 'since')} {parts[3]}" if len(parts) >= 4 else ""
    who = _say(
        lang,
        f"värd {parts[0]}, process {parts[1]}{since}",
        f"host {parts[0]}, process {parts[1]}{since}",
    )
    return who, parts[0] != socket.gethostname()


def _tell_waiting(target: Path, lock: Path, content: str, wait: float, lang: Language) -> None:
    """One line on standard error: whose lock is waited for, and for how long at most."""
    from lotscert.plaintext import escape_unprintable

    who, elsewhere = _holder(content, lang)
    held = f" ({_say(lang, 'låst av', 'locked by')} {who})" if who else ""
    line = _say(
        lang,
        f"väntar på en annan skrivning{held}, högst {max(1, round(wait))} s",
        f"waiting for another write{held}, at most {max(1, round(wait))} s",
    )
    if elsewhere:
        line += _say(
            lang,
            f"; låset är en annan dators och kan inte kontrolleras härifrån – arbetar ingen "
            f"med filen, ta bort {lock}",
            f"; the lock is another computer's and cannot be checked from here – if nobody is "
            f"working on the file, remove {lock}",
        )
    print(f"lotscert: {escape_unprintable(f'{target}: {line}')}", file=sys.stderr, flush=True)


def _try_create(lock: Path, owner: str) -> bool:
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        try:
            written = os.write(fd, owner.encode("utf-8"))
            if written != len(owner.encode("utf-8")):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        # A lock that could not name its owner (a full disk) is not left behind empty for
        # the next writer to wait on: it was never taken.
        with contextlib.suppress(OSError):
            os.unlink(lock)
        raise
    return True


@contextlib.contextmanager
def locked(target: Path, *, lang: Language = "sv", wait: float | None = None) -> Iterator[Path]:
    """Hold ``NAME.lock`` beside ``target`` for the duration of the ``with`` block.

    Waits up to ``wait`` seconds (default :data:`WAIT_SECONDS`) for another writer; a lock
    whose owner no longer runs is removed. Raises :class:`FileLockedError` after the wait, and
    :class:`LotscertError` when the lock cannot be created at all (no permission, no folder).
    """
    lock = lock_path(Path(target))
    owner = _owner_line()
    patience = WAIT_SECONDS if wait is None else wait
    started = time.monotonic()
    deadline = started + patience
    told = False
    while True:
        try:
            if _try_create(lock, owner):
                break
        except OSError as error:
            raise LotscertError(
                f"kan inte låsa filen ({lock.name}): {os_reason(error, 'sv')}",
                Location(str(target)),
                en=f"cannot lock the file ({lock.name}): {os_reason(error, 'en')}",
            ) from None
        if _remove_if_stale(lock):
            continue
        now = time.monotonic()
        if not told and now < deadline:
            content = _read(lock) or ""
            if now - started >= NOTICE_SECONDS or _holder(content, lang)[1]:
                _tell_waiting(target, lock, content, deadline - now, lang)
                told = True
        if now >= deadline:
            holder = (_read(lock) or "").split()
            who = f" ({holder[0]}, pid {holder[1]})" if len(holder) >= 2 else ""
            raise FileLockedError(
                _say(
                    lang,
                    f"filen används av en annan skrivning{who}; försök igen om en stund, eller "
                    f"ta bort {lock} om ingen lotscert arbetar med den",
                    f"the file is in use by another write{who}; try again in a moment, or "
                    f"remove {lock} if no lotscert is working on it",
                ),
                Location(str(target)),
            )
        time.sleep(POLL_SECONDS)
    try:
        yield lock
    finally:
        if _read(lock) == owner:
            with contextlib.suppress(OSError):
                os.unlink(lock)
