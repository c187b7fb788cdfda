"""Constants and helpers shared by the report tests."""

from __future__ import annotations

from pathlib import Path

from tests.paths import ROOT

EXAMPLES = ROOT / "assessments"
PLANTED_SCRIPT = (
    "<script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','1')"
    "</script> & <b>fet</b>"
)
SAFE_LINK = "https://example.org/kf/beslut?nr=145&ar=2025"
HOSTILE_LINK = "javascript:alert(document.domain)"


def example_groups() -> dict[str, list[Path]]:
    """The bundled example assessments, per municipality folder (decisions left out)."""
    from lotscert.register import looks_like_decision

    return {
        folder.name: sorted(p for p in folder.glob("*.yaml") if not looks_like_decision(p))
        for folder in sorted(EXAMPLES.iterdir())
        if folder.is_dir() and list(folder.glob("*.yaml"))
    }
