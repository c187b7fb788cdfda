"""PDF reports: the HTML rendered by WeasyPrint (the ``pdf`` extra), imported only when needed.

WeasyPrint honours the print stylesheet: A4 pages, the report title and municipality in the page
header, page numbers in the footer, the example watermark on every page. The integrity block
is stored in the PDF's document information as ``/lotscertintegrity`` (base64 JSON), which
``lotscert verify`` reads back.
"""

from __future__ import annotations

from lotscert.errors import ReportError
from lotscert.reports.context.views import ReportContext
from lotscert.reports.html import render_html
from lotscert.reports.integrity import pdf_metadata_value


def render_pdf(context: ReportContext) -> bytes:
    """The report as PDF bytes; a missing WeasyPrint is a one-line :class:`ReportError`."""
    try:
        import weasyprint
    except ImportError as error:
        raise ReportError(
            "PDF kräver WeasyPrint: kör pip install 'lotscert[pdf]' / PDF needs WeasyPrint: "
            "run pip install 'lotscert[pdf]'"
        ) from error
    html = render_html(context, pdf_metadata=pdf_metadata_value(context.page.integrity))
    try:
        document = weasyprint.HTML(string=html, base_url=None)
        data = document.write_pdf(custom_metadata=True)
    except Exception as error:  # WeasyPrint raises many kinds; the user gets one line
        raise ReportError(f"PDF could not be rendered: {error}") from error
    if data is None:
        raise ReportError("PDF could not be rendered")
    return bytes(data)


def renderer_name() -> str:
    """The renderer a PDF is made with (``WeasyPrint 70.0``), recorded in its integrity block:
    the same HTML gives the same PDF bytes only with the same WeasyPrint (and the same fonts)."""
    try:
        import weasyprint
    except ImportError:
        return "WeasyPrint (missing)"
    return f"WeasyPrint {weasyprint.__version__}"
