"""The evidence cell: several evidence items in one cell, one item per line.

The form of one line (documented on the Instruktioner sheet and in the README)::

    KIND: REF
    KIND: REF (YYYY-MM-DD)
    KIND: REF (YYYY-MM-DD) | NOTE
    KIND: REF | NOTE

``KIND`` is the evidence kind in Swedish or English (``dokument``/``document``, ``register``/
``record``, ``intervju``/``interview``, ``observation``, ``mått``/``metric``). Inside REF and
NOTE a backslash starts an escape: ``\\n`` is a line break, ``\\r`` a carriage return, ``\\|`` a
vertical bar, ``\\(`` a parenthesis that must not be read as the start of the date, and ``\\\\``
a backslash. A backslash before any other character is kept as it is, so ``C:\\Users`` typed by
hand stays ``C:\\Users``. The exporter escapes exactly what is needed, so every evidence item —
also one whose reference contains parentheses, colons, bars or line breaks — reads back equal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lotscert.labels import labels
from lotscert.models.assessment import Evidence
from lotscert.models.catalog import EVIDENCE_KINDS
from lotscert.models.common import Language

_DATE_SUFFIX = re.compile(r" \((\d{4}-\d{2}-\d{2})\)$")
_LOOKS_LIKE_DATE_SUFFIX = re.compile(r"\(\d{4}-\d{2}-\d{2}\)$")


class EvidenceSyntaxError(ValueError):
    """A line of an evidence cell does not follow the documented form."""

    def __init__(self, line_number: int, message: str) -> None:
        super().__init__(message)
        self.line_number = line_number
        self.message = message


@dataclass(frozen=True)
class _Char:
    """One character of a line and whether it was escaped with a backslash."""

    char: str
    escaped: bool


def kind_words() -> dict[str, str]:
    """Every accepted word for an evidence kind (lower case) → the kind."""
    words: dict[str, str] = {}
    for kind in EVIDENCE_KINDS:
        words[kind] = kind
    for lang in ("sv", "en"):
        for key, word in labels("evidence_kind", lang).items():
            words[word.lower()] = key
    return words


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("|", "\\|")


def format_evidence(item: Evidence, lang: Language = "sv") -> str:
    """One evidence item as one line of the documented form."""
    kind = labels("evidence_kind", lang)[item.kind]
    ref = _escape(item.ref)
    if item.date is None and _LOOKS_LIKE_DATE_SUFFIX.search(ref):
        # A reference that itself ends in "(YYYY-MM-DD)" must not be read back as the date.
        position = ref.rfind("(")
        ref = ref[:position] + "\\" + ref[position:]
    line = f"{kind}: {ref}"
    if item.date is not None:
        line += f" ({item.date.isoformat()})"
    if item.note is not None:
        line += f" | {_escape(item.note)}"
    return line


def format_evidence_cell(items: list[Evidence], lang: Language = "sv") -> str:
    """Every evidence item of a response, one per line (empty text for none)."""
    return "\n".join(format_evidence(item, lang) for item in items)


def _tokenise(text: str) -> list[_Char]:
    chars: list[_Char] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in "\\|(":
                chars.append(_Char(following, True))
                index += 2
                continue
            if following == "n":
                chars.append(_Char("\n", True))
                index += 2
                continue
            if following == "r":
                chars.append(_Char("\r", True))
                index += 2
                continue
        chars.append(_Char(char, False))
        index += 1
    return chars


def _plain(chars: list[_Char]) -> str:
    return "".join(c.char for c in chars)


def _raw(chars: list[_Char]) -> str:
    """The characters with escaped ones replaced by a marker that no pattern matches."""
    return "".join("\x00" if c.escaped else c.char for c in chars)


def parse_evidence_line(line: str, line_number: int = 1) -> Evidence:
    """Read one line of the documented form back into an evidence item."""
    kind_word, separator, rest = line.partition(":")
    if not separator:
        raise EvidenceSyntaxError(
            line_number, "expected 'KIND: REF (YYYY-MM-DD) | NOTE', found no ':'"
        )
    kind = kind_words().get(kind_word.strip().lower())
    if kind is None:
        accepted = ", ".join(labels("evidence_kind", "sv").values())
        raise EvidenceSyntaxError(
            line_number, f"unknown evidence kind {kind_word.strip()!r}; use one of {accepted}"
        )
    if rest.startswith(" "):
        rest = rest[1:]
    chars = _tokenise(rest)
    note: str | None = None
    bar = next((i for i, c in enumerate(chars) if c.char == "|" and not c.escaped), None)
    if bar is not None:
        head, tail = chars[:bar], chars[bar + 1 :]
        if head and head[-1].char == " " and not head[-1].escaped:
            head = head[:-1]
        if tail and tail[0].char == " " and not tail[0].escaped:
            tail = tail[1:]
        note = _plain(tail)
        chars = head
    date: dt.date | None = None
    match = _DATE_SUFFIX.search(_raw(chars))
    if match is not None:
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError:
            raise EvidenceSyntaxError(
                line_number, f"invalid date {match.group(1)!r}; use YYYY-MM-DD"
            ) from None
        chars = chars[: match.start()]
    ref = _plain(chars)
    if not ref:
        raise EvidenceSyntaxError(line_number, "the reference is empty")
    return Evidence(kind=kind, ref=ref, date=date, note=note)


def parse_evidence_cell(text: str) -> list[Evidence]:
    """Every evidence item in a cell; blank lines are skipped."""
    items: list[Evidence] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        items.append(parse_evidence_line(line, number))
    return items
