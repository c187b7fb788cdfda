"""The one place the Jinja2 environment is built: autoescape on, StrictUndefined, our filters.

Reports show text typed by users (comments, evidence, action plans), so every ``{{ value }}`` is
escaped. HTML gets HTML escaping. Markdown gets Markdown escaping instead (through
``finalize``): HTML-significant characters become entities (a wiki must not run a planted
``<script>``), and table pipes, brackets and emphasis markers are backslash-escaped.

Only plain text reaches the page: in both flavours every value passes :func:`visible_controls`
first, so a control or text-direction character (refused by the loader, but a library caller
may build a result by hand) is shown as an escape (``\u202e``), never obeyed. In HTML the
``u`` filter isolates user text in ``<bdi>``, so right-to-left text cannot reorder the words
around it, and a link shows its real target.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import quote

from lotscert.models.common import Language
from lotscert.plaintext import escape_character, is_forbidden
from lotscert.reports.formatting import format_date, format_delta, format_number, format_percent

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
TemplateFlavour = Literal["html", "md"]

_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]|#])")


def visible_controls(text: str) -> str:
    """``text`` with control and text-direction characters written as escapes (``\x1b``)."""
    if text.isprintable():
        return text
    return "".join(escape_character(ch) if is_forbidden(ch) else ch for ch in text)


def markdown_escape(text: str) -> str:
    """Escape ``text`` for a Markdown paragraph or table cell (one line)."""
    text = visible_controls(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def css_string(text: str) -> str:
    """A quoted CSS string literal that cannot end the string or the ``<style>`` element."""
    out = []
    for character in text:
        if character.isalnum() or character in " .,:;–-()/%":
            out.append(character)
        else:
            # The space ends the escape and is consumed by it (CSS syntax), never shown.
            out.append(f"\\{ord(character):06x} ")
    return '"' + "".join(out) + '"'


def json_for_script(value: object) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` literally."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _markdown_link(text: str, href: str | None) -> str:
    if not href:
        return markdown_escape(text)
    target = quote(href, safe=":/?#@!$&'*+,;=%~.-_")
    return f"[{markdown_escape(text)}](<{target}>)"


def build_environment(lang: Language, flavour: TemplateFlavour = "html") -> jinja2.Environment:
    """The Jinja2 environment for ``lang`` and ``flavour`` (html or md)."""
    import jinja2
    from markupsafe import Markup, escape

    def finalize_markdown(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        return Markup(markdown_escape(str(value)))

    def finalize_html(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Markup):
            return visible_controls(value)
        return value

    def isolated(value: Any) -> Markup:
        """User text in HTML: escaped, controls visible, isolated from the text around it."""
        if isinstance(value, Markup):
            return Markup("<bdi>") + value + Markup("</bdi>")
        text = visible_controls(str(value))
        if flavour == "md":
            return Markup(markdown_escape(text))
        return Markup("<bdi>") + escape(text) + Markup("</bdi>")

    def link(href: str) -> Markup:
        """A link whose text is its real target, left to right, controls visible."""
        shown = escape(visible_controls(href))
        return Markup('<a href="{}" rel="noopener noreferrer"><bdi dir="ltr">{}</bdi></a>').format(
            href, shown
        )

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize_markdown if flavour == "md" else finalize_html,
    )

    def number(value: Decimal | int | None) -> str:
        return format_number(value, lang)

    def percent(value: Decimal | None) -> str:
        return format_percent(value, lang)

    def delta(value: Decimal | None) -> str:
        return format_delta(value, lang)

    def date(value: dt.date | None) -> str:
        return format_date(value)

    environment.filters.update(
        number=number,
        percent=percent,
        delta=delta,
        date=date,
        css_string=lambda text: Markup(css_string(visible_controls(str(text)))),
        json_script=lambda value: Markup(json_for_script(value)),
        md_link=lambda text, href: Markup(_markdown_link(str(text), href)),
        u=isolated,
        link=link,
    )
    return environment
