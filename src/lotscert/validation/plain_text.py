"""Only plain text in a catalogue or an assessment: no control or text-direction characters.

YAML's escapes (``"\\e[2J"``, ``"\\u202e"``) let a file carry characters that a terminal obeys
(clear the screen, hide text, paint a fake green "0 errors") or that make a browser show text in
another order (``x\\u202egnp.exe`` displays as ``xexe.png``). None belongs in the text of an
audit, so each key and value holding one is refused, located at the value (or the key), with
the character named and the text quoted with the character escaped. Line feed and tab are
allowed; see :mod:`lotscert.plaintext` for the list.
"""

from __future__ import annotations

from typing import Any

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.plaintext import (
    BIDI_CONTROLS,
    escape_unprintable,
    forbidden_characters,
    has_forbidden,
)

_QUOTE = 50


def forbidden_character_diagnostics(data: Any, file: str) -> list[Diagnostic]:
    """One error per key or text value of ``data`` holding a forbidden character."""
    found: list[Diagnostic] = []
    _walk(data, (), file, found)
    return found


def _walk(value: Any, path: DataPath, file: str, found: list[Diagnostic]) -> None:
    if isinstance(value, str):
        _check(value, path, file, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                _check(key, (*path, key, "[key]"), file, found)
            _walk(item, (*path, str(key)), file, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*path, index), file, found)


def _check(text: str, path: DataPath, file: str, found: list[Diagnostic]) -> None:
    if not has_forbidden(text):
        return
    characters = [character for _, character in forbidden_characters(text)]
    if not characters:
        return
    quoted = escape_unprintable(text)
    if len(quoted) > _QUOTE:
        quoted = quoted[: _QUOTE - 1] + "…"
    first = characters[0]
    code = f"U+{ord(first):04X}"
    kind_sv, kind_en = (
        ("vänder textriktningen", "reverses the text direction")
        if first in BIDI_CONTROLS
        else ("ett styrtecken", "a control character")
    )
    more_sv = f" och {len(characters) - 1} till" if len(characters) > 1 else ""
    more_en = f" and {len(characters) - 1} more" if len(characters) > 1 else ""
    found.append(
        Diagnostic(
            file,
            "error",
            "text.forbidden_character",
            f"otillåtet tecken {code} ({kind_sv}){more_sv} i «{quoted}» – ta bort det; en "
            "terminal eller rapport kunde visa något annat än filen säger",
            f"forbidden character {code} ({kind_en}){more_en} in «{quoted}» – remove it; a "
            "terminal or report could show something other than the file says",
            path,
        )
    )
