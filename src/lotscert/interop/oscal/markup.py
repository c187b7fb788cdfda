"""Plain text ↔ OSCAL markup (CommonMark in JSON).

OSCAL's ``title`` is one line of Markdown and ``prose``/``remarks``/``description`` are
Markdown blocks. lotscert's texts are plain, so what Markdown would read as formatting
(``*``, ``_``, ``<script>``, ``[link]``, a ``#`` or ``-`` starting a line) is escaped with a
backslash, which CommonMark defines to mean the character itself; a line break inside a
paragraph becomes a hard line break (backslash, newline). :func:`from_markup` undoes both.
"""

from __future__ import annotations

import re

#: Characters Markdown (CommonMark with GitHub's tables and strike-through) may read as
#: formatting anywhere on a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&~|#!])")
#: Line starts Markdown may read as a block: a heading, quote, list item, rule or setext line.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def _escape_line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line)
    match = _LINE_START.match(escaped)
    if match:
        lead, marker = match.group(1), match.group(2)
        if marker[0].isdigit():  # "1." → "1\." (the dot is the marker)
            rest = escaped[match.end() :]
            return f"{lead}{marker}\\{rest}"
        return f"{lead}\\{escaped[len(lead) :]}"
    return escaped


def to_markup_line(text: str) -> str:
    """One line of Markdown that shows ``text`` (line breaks become spaces)."""
    return " ".join(_escape_line(part.strip()) for part in text.splitlines() if part.strip())


def to_markup(text: str) -> str:
    """Markdown that shows ``text``: paragraphs kept, line breaks as hard breaks."""
    paragraphs = [part for part in _PARAGRAPHS.split(text.strip()) if part.strip()]
    return "\n\n".join(
        "\\\n".join(_escape_line(line.strip()) for line in paragraph.splitlines() if line.strip())
        for paragraph in paragraphs
    )


def from_markup(markup: str) -> str:
    """Plain text from OSCAL Markdown: escapes and hard breaks undone, the rest kept as is."""
    text = markup.replace("\r\n", "\n").strip()
    text = re.sub(r"\\\n", "\n", text)
    text = re.sub(r" {2,}\n", "\n", text)
    return _ESCAPED.sub(r"\1", text)
