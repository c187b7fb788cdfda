"""The report translation tables: one JSON file per language with identical keys.

Every word a report prints comes from here or from ``lotscert.labels`` (domain words) or from
the catalogue (levels, requirements, areas). Templates hold no prose of their own.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Final

from lotscert.errors import ReportError
from lotscert.models.common import LANGUAGES, Language

I18N_DIR: Final = Path(__file__).parent / "i18n"


@functools.cache
def translations(lang: Language) -> dict[str, str]:
    """The translation table of ``lang`` (key → text; ``{name}`` placeholders for parameters)."""
    if lang not in LANGUAGES:
        raise ReportError(f"unknown report language {lang!r}; use sv or en")
    path = I18N_DIR / f"{lang}.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(table, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in table.items()
    ):
        raise ReportError(f"{path}: a translation table maps keys to texts")
    return table


def tr(lang: Language, key: str, /, *, plural: int | None = None, **parameters: object) -> str:
    """The text of ``key`` in ``lang`` with ``parameters`` filled in; with ``plural=1`` the
    ``{key}_one`` text when the table has one (``1 finding has`` beside ``2 findings have``)."""
    table = translations(lang)
    if plural == 1 and f"{key}_one" in table:
        key = f"{key}_one"
    text = table[key]
    return text.format(**parameters) if parameters else text


def counted(lang: Language, number: int | str, noun: str) -> str:
    """``1 kommun``, ``3 kommuner``: the number and the noun's form from the table's
    ``{noun}_one`` and ``{noun}_many`` texts."""
    one = str(number).strip() == "1"
    return f"{number} {translations(lang)[f'{noun}_one' if one else f'{noun}_many']}"
