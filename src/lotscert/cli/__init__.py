"""The ``lotscert`` command line: a thin Typer shell over the library.

The language of help texts and messages is chosen before the app is built (``--lang`` anywhere
on the command line, else ``LOTSCERT_LANG``, else Swedish), so that ``--help`` is in it too.
Each command lives in its own module under ``lotscert.cli`` and imports heavy libraries
(openpyxl, Jinja2, WeasyPrint) only when it runs.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import signal
import sys
import threading
from types import FrameType
from typing import NoReturn

from lotscert.cli.app import build_app
from lotscert.cli.common import detect_language, fatal, say
from lotscert.errors import LotscertError

#: Exit code of a run ended by SIGTERM (128 + 15), as a shell reports it.
TERMINATED = 143
#: Exit code of a run ended by Ctrl-C (128 + 2); Typer turns KeyboardInterrupt into it.
INTERRUPTED = 130
#: New container objects between two runs of the cyclic garbage collector (Python: 700).
GC_THRESHOLD = 100_000


def _say_interrupted() -> None:
    """One line after Ctrl-C: which files were written whole before it, or that none was."""
    from lotscert.atomic import written_files
    from lotscert.plaintext import escape_unprintable

    written = written_files()
    if not written:
        print(
            say(
                "lotscert: avbrutet (Ctrl-C); ingen fil skrevs",
                "lotscert: interrupted (Ctrl-C); no file was written",
            ),
            file=sys.stderr,
        )
        return
    last = escape_unprintable(str(written[-1]))
    more = len(written) - 1
    print(
        say(
            f"lotscert: avbrutet (Ctrl-C) efter att {last} skrivits färdig"
            + (f" (och {more} fil{'er' if more > 1 else ''} före den)" if more else "")
            + "; ingen fil är halvskriven",
            f"lotscert: interrupted (Ctrl-C) after {last} was written in full"
            + (f" (and {more} file{'s' if more > 1 else ''} before it)" if more else "")
            + "; no file is half-written",
        ),
        file=sys.stderr,
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into an exception so that ``finally`` blocks run: an atomic write in
    # progress then removes its temporary file instead of leaving it behind.
    raise SystemExit(TERMINATED)


def _unraisable(hook: sys.UnraisableHookArgs) -> None:
    """A SIGTERM that arrived inside a callback Python cannot raise from (an import lock's clean-
    up, a finaliser) is delivered again, to end the run from ordinary code — instead of being
    printed as "Exception ignored … Traceback" and lost."""
    if isinstance(hook.exc_value, SystemExit) and hook.exc_value.code == TERMINATED:
        # Sent again a moment later from another thread, once this hook has returned (a signal
        # raised here would run its handler inside the hook, and be lost the same way).
        import threading

        timer = threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGTERM))
        timer.daemon = True
        timer.start()
        return
    sys.__unraisablehook__(hook)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``lotscert`` console script.

    A last-resort guard turns an unexpected exception into one line and exit code 2; set
    ``LOTSCERT_DEBUG=1`` to see the traceback instead.
    """
    arguments = sys.argv[1:] if argv is None else argv
    lang = detect_language(arguments)
    # A command builds tens of thousands of small objects (a 2 000-person file, a national set)
    # and keeps most of them to the end: the cyclic collector's default pace (every 700 new
    # containers) spent a sixth of an import re-scanning them. Collect less often; cycles are
    # still collected, and peak memory is unchanged (bench/run.py measures both).
    gc.set_threshold(GC_THRESHOLD, 10, 10)
    with contextlib.suppress(ValueError):  # not in the main thread: leave SIGTERM alone
        signal.signal(signal.SIGTERM, _terminate)
        sys.unraisablehook = _unraisable
    try:
        app = build_app(lang, arguments)
        app(args=arguments, prog_name="lotscert")
    except KeyboardInterrupt:
        _say_interrupted()
        raise SystemExit(INTERRUPTED) from None
    except SystemExit as exit_:
        if exit_.code == INTERRUPTED:
            _say_interrupted()
        raise
    except LotscertError as error:  # a command forgot to catch it: still one line
        fatal(error)
    except RecursionError:  # nesting no reader was told to limit (a JSON text, a cell)
        fatal(
            say(
                "indata är nästlad för djupt för att läsas (listor eller samlingar i tusentals "
                "nivåer); filen avvisas – inget skrevs",
                "the input nests too deeply to be read (lists or mappings thousands of levels "
                "deep); refused – nothing was written",
            )
        )
    except Exception as error:
        if os.environ.get("LOTSCERT_DEBUG", "").strip() not in ("", "0"):
            raise
        detail = f"{type(error).__name__}: {error}".replace("\n", " ")
        if len(detail) > 300:
            detail = detail[:297] + "…"
        print(
            say(
                f"lotscert: internt fel ({detail}); sätt LOTSCERT_DEBUG=1 för att se "
                "spårningen (traceback)",
                f"lotscert: internal error ({detail}); set LOTSCERT_DEBUG=1 for the traceback",
            ),
            file=sys.stderr,
        )
        raise SystemExit(2) from None


def run() -> NoReturn:
    """The console script and ``python -m lotscert``: :func:`main`, then a quick exit.

    Once the command is done and its output flushed, the process ends without the
    interpreter tearing down every module and object one by one (a tenth of a second after
    an import of a 2 000-person file; mypy ends the same way). Exit handlers still run, and
    should a thread still be working, the ordinary exit is used instead.
    """
    try:
        main()
    except SystemExit as exit_:
        code = _exit_status(exit_.code)
    else:
        code = 0
    if any(not thread.daemon for thread in threading.enumerate() if thread is not _MAIN):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (lotscert … | head): as Python does
            code = code or 120
    os._exit(code)


_MAIN = threading.main_thread()


def _exit_status(code: object) -> int:
    """The exit status Python gives ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


__all__ = ["build_app", "main", "run"]
