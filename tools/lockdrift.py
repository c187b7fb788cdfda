"""Compare the lock (``constraints.txt``) with what a fresh resolve of ``pyproject.toml`` gives.

    python tools/lockdrift.py FREEZE.txt        # FREEZE.txt: ``pip freeze`` of a fresh venv
    python tools/lockdrift.py --write FREEZE.txt  # make FREEZE.txt the new lock

Prints one line per package whose version differs, is new or is gone, and exits 1 when the lock
is out of date (0 when it matches). ``make drift`` runs it on a fresh, unconstrained install;
``make lock`` writes the lock; ``make test-latest`` runs the whole suite on the newest versions.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "constraints.txt"
HEADER = """\
# The versions `make test` and `make demo` install (pip -c constraints.txt): the set the suite
# last passed with. Refresh with `make lock` (a fresh, unconstrained resolve of pyproject.toml),
# then run `make test`. `make drift` shows what a fresh machine would resolve today;
# `make test-latest` runs the suite on those newest versions.
"""
_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(text: str) -> dict[str, tuple[str, str]]:
    """``{normalised name: (name as written, version)}`` of every ``name==version`` line."""
    pins: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            pins[_name(match.group(1))] = (match.group(1), match.group(2))
    return pins


def drift(locked: dict[str, tuple[str, str]], fresh: dict[str, tuple[str, str]]) -> list[str]:
    lines = []
    for key in sorted(set(locked) | set(fresh)):
        old, new = locked.get(key), fresh.get(key)
        if old and new and old[1] != new[1]:
            lines.append(f"  {new[0]}: {old[1]} -> {new[1]}")
        elif new and not old:
            lines.append(f"  {new[0]}: new, {new[1]}")
        elif old and not new:
            lines.append(f"  {old[0]}: no longer needed (locked {old[1]})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("freeze", type=Path, help="pip freeze of a fresh, unconstrained install")
    parser.add_argument("--write", action="store_true", help="write it as the new lock")
    args = parser.parse_args(argv)
    fresh = read_pins(args.freeze.read_text(encoding="utf-8"))
    if not fresh:
        print(f"lockdrift: no name==version lines in {args.freeze}", file=sys.stderr)
        return 2
    if args.write:
        body = "".join(f"{name}=={version}\n" for name, version in sorted(fresh.values()))
        LOCK.write_text(HEADER + body, encoding="utf-8")
        print(f"lockdrift: wrote {len(fresh)} pins to {LOCK.name}")
        return 0
    locked = read_pins(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}
    lines = drift(locked, fresh)
    if not lines:
        print(f"lockdrift: {LOCK.name} is current ({len(locked)} pins match a fresh resolve)")
        return 0
    print(f"lockdrift: {LOCK.name} differs from what a fresh machine resolves today:")
    print("\n".join(lines))
    print("lockdrift: run `make test-latest`; if it passes, `make lock` and commit constraints.txt")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
