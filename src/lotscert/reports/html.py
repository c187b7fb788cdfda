"""HTML reports: one self-contained file (inline CSS, inline SVG, a few lines of JavaScript)."""

from __future__ import annotations

from lotscert.reports.context.views import ReportContext
from lotscert.reports.env import build_environment


def render_html(context: ReportContext, pdf_metadata: str | None = None) -> str:
    """The report as an HTML document; ``pdf_metadata`` adds the integrity ``<meta>`` for PDF."""
    environment = build_environment(context.page.lang, "html")
    template = environment.get_template(f"{context.kind}.html.j2")
    return template.render(
        kind=context.kind,
        page=context.page,
        a=context.assessment,
        p=context.persons,
        tr=context.trend,
        c=context.compare,
        n=context.national,
        cert=context.issued,
        pdf_metadata=pdf_metadata,
    )
