"""Only plain text reaches a screen or a page.

Two jobs, one list of characters:

- :func:`forbidden_characters` finds what a catalogue or an assessment may not contain: C0
  control characters other than line feed and tab (a YAML escape such as ``"\\e[2J"`` would
  otherwise clear a terminal), DEL, C1 control characters, and the bidirectional embedding,
  override and isolate characters U+202A–U+202E and U+2066–U+2069 (they reorder what is shown:
  ``x\\u202egnp.exe`` displays as ``xexe.png``). The loader refuses them, located.
- :func:`escape_unprintable` makes any text safe to quote in a message: every character that
  is not printable (controls, format characters, line and paragraph separators) is written as
  an escape (``\\x1b``, ``\\u202e``), so a message shows exactly what the file holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

#: The bidirectional embedding/override (U+202A–U+202E) and isolate (U+2066–U+2069) characters.
BIDI_CONTROLS: Final = frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
_ALLOWED_CONTROLS: Final = frozenset("\n\t")
#: As Python writes them (a file name with a newline shows ``\n``).
_SHORT_ESCAPES: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_forbidden(character: str) -> bool:
    """True for a character no catalogue or assessment may contain (see the module)."""
    code = ord(character)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return character not in _ALLOWED_CONTROLS
    return character in BIDI_CONTROLS


#: The same set as :func:`is_forbidden`, as one character class: a text without any (nearly
#: every text) is passed over at the regular-expression engine's speed.
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_forbidden(text: str) -> bool:
    """True when ``text`` holds a character :func:`is_forbidden` refuses."""
    return _FORBIDDEN.search(text) is not None


def forbidden_characters(text: str) -> Iterator[tuple[int, str]]:
    """Each forbidden character of ``text`` with its index."""
    for match in _FORBIDDEN.finditer(text):
        yield match.start(), match.group()


def escape_character(character: str) -> str:
    """One character as a Python-style escape: ``\\x1b``, ``\\u202e``, ``\\U000e0001``."""
    short = _SHORT_ESCAPES.get(character)
    if short is not None:
        return short
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_unprintable(text: str) -> str:
    """``text`` with every non-printable character (other than the space) escaped."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() or character == " " else escape_character(character)
        for character in text
    )


def forbidden_message(text: str) -> tuple[str, str] | None:
    """What is wrong with ``text`` (Swedish, English), or None when it holds no character
    :func:`is_forbidden` refuses: the first character named by its code point and kind, as
    ``validate`` names it, for importers to refuse a cell or field before anything is written."""
    first = next((character for _, character in forbidden_characters(text)), None)
    if first is None:
        return None
    kind_sv, kind_en = (
        ("vänder textriktningen", "reverses the text direction")
        if first in BIDI_CONTROLS
        else ("ett styrtecken", "a control character")
    )
    code = f"U+{ord(first):04X}"
    return (
        f"otillåtet tecken {code} ({kind_sv}) i «{escape_unprintable(text)[:50]}» – ta bort det",
        f"forbidden character {code} ({kind_en}) in «{escape_unprintable(text)[:50]}» – remove it",
    )
