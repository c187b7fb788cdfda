"""The lock: `make test` installs exactly the versions in constraints.txt, and the drift check
names every package whose fresh resolve differs."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.paths import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import lockdrift


def test_the_makefile_installs_with_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "LOCK := constraints.txt" in makefile
    assert "-c $(LOCK)" in makefile
    pins = lockdrift.read_pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    for needed in ("pydantic", "pyyaml", "typer", "openpyxl", "ruamel-yaml", "pytest"):
        assert needed in pins, needed


def test_drift_names_changed_new_and_gone_packages(tmp_path: Path) -> None:
    locked = lockdrift.read_pins("PyYAML==6.0.2\nrich==13.0\nold-thing==1.0\n")
    fresh = lockdrift.read_pins("pyyaml==6.0.4\nrich==13.0\nnew_thing==2.0\n")
    assert lockdrift.drift(locked, fresh) == [
        "  new_thing: new, 2.0",
        "  old-thing: no longer needed (locked 1.0)",
        "  pyyaml: 6.0.2 -> 6.0.4",
    ]
    assert lockdrift.drift(locked, locked) == []


def test_the_lock_matches_what_is_installed() -> None:
    """The suite runs against the lock (``make test``), not against a cached older version.
    (``make test-latest`` runs on purpose without it and says so.)"""
    import os
    from importlib.metadata import PackageNotFoundError, version

    import pytest

    if os.environ.get("LOTSCERT_UNLOCKED") == "1":
        pytest.skip("make test-latest: the newest versions, not the lock, on purpose")

    pins = lockdrift.read_pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    mismatched = []
    for name, pinned in pins.values():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # an extra this environment does not install
        if installed != pinned:
            mismatched.append(f"{name}: installed {installed}, locked {pinned}")
    assert mismatched == [], "run `make test` (it installs the lock) or `make lock`"
