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


def test_sorting_script_sorts_numbers_in_a_real_browser(
    contract: tuple[Path, Path], tmp_path: Path
) -> None:
    """A copy of the comparison with one click appended: the rows end up ordered by the total."""
    assessment, catalog = contract
    text = assessment.read_text(encoding="utf-8")
    variants = []
    for code, maturity in (("9902", 0), ("9903", 3), ("9904", 1)):
        variant = assessment.parent / f"{code}.yaml"
        variant.write_text(
            text.replace('code: "9901"', f'code: "{code}"').replace(
                "maturity: 4", f"maturity: {maturity}"
            ),
            encoding="utf-8",
        )
        variants.append(variant)
    [html] = write_report(
        ReportKind.COMPARE,
        [assessment, *variants],
        ReportFormat.HTML,
        "sv",
        tmp_path / "out",
        catalog_paths=[catalog],
    )
    clicked = html.with_name("clicked.html")
    click = (
        "<script>document.querySelector('table.compare thead th:nth-child(4) button')"
        ".click();</script>"
    )
    clicked.write_text(
        html.read_text(encoding="utf-8").replace("</body>", click + "</body>"), encoding="utf-8"
    )
    dumped = _chromium(tmp_path, "--dump-dom", clicked.resolve().as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    body = dumped.stdout.split('<table class="compare sortable">', 1)[1].split("</table>", 1)[0]
    order = [code for code in ("9901", "9902", "9903", "9904") if code in body]
    positions = sorted(order, key=body.index)
    # Totals: 9902 (L1 at 0) < 9904 (1) < 9903 (3) < 9901 (4) — ascending after one click.
    assert positions == ["9902", "9904", "9903", "9901"]
    assert 'aria-sort="ascending"' in body
