"""A real browser: headless Chromium renders the gap report, and a planted script does not run.

Skipped (with the reason) when Chromium is absent; ``.ci/run`` installs it so CI runs this.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lotscert.reports import ReportFormat, ReportKind, write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian package chromium); .ci/run installs it",
)


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_planted_script_does_not_run_and_the_page_renders(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, catalog = hostile
    [html] = write_report(
        ReportKind.GAP,
        [assessment],
        ReportFormat.HTML,
        "sv",
        tmp_path / "out",
        catalog_paths=[catalog],
    )
    url = html.resolve().as_uri()
    dumped = _chromium(tmp_path, "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    assert "<title>Gapanalys – " in dom
    assert "PWNED" not in dom.split("</title>", 1)[0]
    assert 'data-pwned="1"' not in dom
    assert "&lt;script&gt;document.title='PWNED'" in dom  # shown as text
    # Our own script did run: the sortable tables got their buttons.
    assert '<button type="button" class="sort">' in dom
    for width, name in ((1280, "desktop.png"), (390, "phone.png")):
        shot = tmp_path / name
        taken = _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},2000", url)
        assert taken.returncode == 0, taken.stderr[-2000:]
        assert shot.stat().st_size > 10_000
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
