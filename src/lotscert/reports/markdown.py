"""Markdown reports: the same content as the HTML, as plain tables for a wiki or a git repo."""

from __future__ import annotations

import re

from lotscert.reports.context.views import ReportContext
from lotscert.reports.env import build_environment

_BLANK_RUNS = re.compile(r"\n{3,}")


def render_markdown(context: ReportContext) -> str:
    """The report as Markdown (blank-line runs collapsed, one newline at the end)."""
    environment = build_environment(context.page.lang, "md")
    template = environment.get_template(f"{context.kind}.md.j2")
    text = template.render(
        kind=context.kind,
        page=context.page,
        a=context.assessment,
        p=context.persons,
        tr=context.trend,
        c=context.compare,
        n=context.national,
        cert=context.issued,
    )
    lines = [line.rstrip() for line in text.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"
