"""The page frame every report shares: title, language, watermark, integrity."""

from __future__ import annotations

from lotscert.models.common import Language
from lotscert.reports.context.views import Page
from lotscert.reports.i18n import translations
from lotscert.reports.integrity import Integrity


def build_page(
    *,
    lang: Language,
    title: str,
    subtitle: str,
    is_example: bool,
    integrity: Integrity,
    generated_at: str | None,
    running_header: str,
) -> Page:
    """The page frame of a report."""
    return Page(
        lang=lang,
        title=title,
        subtitle=subtitle,
        t=translations(lang),
        is_example=is_example,
        integrity=integrity,
        integrity_data=integrity.to_dict(),
        generated_at=generated_at,
        running_header=running_header,
    )
