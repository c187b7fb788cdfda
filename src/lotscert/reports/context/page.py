"""The page frame every report shares: title, language, watermark, integrity."""

from __future__ import annotations

from lotscert.models.common import Language
from lotscert.reports.context.views import Page
from lotscert.reports.i18n import translations
from lotscert.reports.integrity import Integrity


def subtitle_html(lang: Language, key: str, /, **parameters: object) -> str:
    """The subtitle ``key`` as HTML with the municipality's name (``name``) isolated in
    ``<bdi>``: a right-to-left name cannot reorder the code and the year beside it."""
    from markupsafe import Markup, escape

    from lotscert.reports.env import visible_controls

    values = dict(parameters)
    if "name" in values:
        name = escape(visible_controls(str(values["name"])))
        values["name"] = Markup("<bdi>") + name + Markup("</bdi>")
    return str(Markup(escape(translations(lang)[key])).format(**values))


def build_page(
    *,
    lang: Language,
    title: str,
    subtitle: str,
    is_example: bool,
    integrity: Integrity,
    generated_at: str | None,
    running_header: str,
    subtitle_markup: str | None = None,
) -> Page:
    """The page frame of a report (``subtitle_markup``: the subtitle as HTML, see
    :func:`subtitle_html`; by default the subtitle escaped)."""
    from markupsafe import Markup, escape

    return Page(
        lang=lang,
        title=title,
        subtitle=subtitle,
        subtitle_html=Markup(subtitle_markup) if subtitle_markup is not None else escape(subtitle),
        t=translations(lang),
        is_example=is_example,
        integrity=integrity,
        integrity_data=integrity.to_dict(),
        generated_at=generated_at,
        running_header=running_header,
    )
