"""The one place the Jinja2 environment is built: autoescape on, StrictUndefined, our filters.

Reports show text typed by users (comments, evidence, action plans), so every ``{{ value }}`` is
escaped. HTML gets HTML escaping. Markdown gets Markdown escaping instead (through
``finalize``): HTML-significant characters become entities (a wiki must not run a planted
``<script>``), and table pipes, brackets and emphasis markers are backslash-escaped.
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
from lotscert.reports.formatting import format_date, format_delta, format_number, format_percent

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
TemplateFlavour = Literal["html", "md"]

_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]|#])")


def markdown_escape(text: str) -> str:
    """Escape ``text`` for a Markdown paragraph or table cell (one line)."""
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
    from markupsafe import Markup

    def finalize_markdown(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        return Markup(markdown_escape(str(value)))

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize_markdown if flavour == "md" else None,
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
        css_string=lambda text: Markup(css_string(str(text))),
        json_script=lambda value: Markup(json_for_script(value)),
        md_link=lambda text, href: Markup(_markdown_link(str(text), href)),
    )
    return environment
