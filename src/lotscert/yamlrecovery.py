"""Reading on past YAML syntax errors: every broken place of a file, and the data of the rest.

One syntax error (an unclosed quote, a wrong indentation, a tab) stops a YAML parser, so the
user would fix it and run again only to meet the next problem. :func:`recover` instead reads
the file the way :func:`lotscert.yamlsource.read_source` does and, at each syntax error,
blanks the part of the file it is in and reads again:

- the part is the *entry* the broken line belongs to — one answer under ``responses``, one
  person under ``persons``, one requirement of a catalogue … — found from the indentation of
  the text alone; outside such a list it is the broken line and the lines indented under it;
- the lines stay in place (emptied), so every line and column reported afterwards is the
  file's own; an entry's first line keeps its key (``  P1:``) or its dash (``  -``) when it
  can, so the answers and persons after it keep their names and positions;
- afterwards each blanked part is put back on its own: a part that reads well once the
  others are blanked only broke because of another one (an unclosed quote runs into the next
  answer), and neither its lines nor its error are reported.

Each syntax error is reported once, located, in the words :mod:`lotscert.yamlsource` already
uses, and says which lines were not read. What the caller checks on the rest must leave out
what follows from the blanked parts (:class:`Skipped` names them).

Bounds: at most :data:`MAX_ROUNDS` errors and :data:`MAX_BYTES` characters parsed in all; only
errors of the text itself are read past — an alias bomb, a too deep nesting, a file too large
or not UTF-8 is refused at once, as before, and costs nothing more.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lotscert.diagnostics import DataPath, Diagnostic, format_path
from lotscert.yamlsource import (
    Source,
    _check_text,
    _parse,
    _read_text,
    _Refused,
)

#: Errors of the text that blanking a part of it can get past.
RECOVERABLE = frozenset(
    {
        "yaml.syntax",
        "yaml.tab",
        "yaml.duplicate_key",
        "yaml.constructor",
        "yaml.character",
        "yaml.number_too_long",
    }
)
#: Refusals that blanking lines can cause (the file left empty, or no longer a mapping).
_LEFT_BY_BLANKING = frozenset({"file.empty", "yaml.not_mapping"})
#: Syntax errors looked for in one file before giving up (each one costs a parse).
MAX_ROUNDS = 20
#: Characters parsed, in all, while recovering one file: a file of up to 30 kB (an ordinary
#: assessment) gets every round, the 800 kB file of 2 000 persons about five, and a file over
#: half of this none — it is reported as before, with its first error only.
MAX_BYTES = 4 * 1024 * 1024

#: A line and its end (YAML's line breaks: what PyYAML counts lines by).
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
#: A mapping key written plainly at the start of a line: ``  P1:`` or ``date: …``.
_KEY = re.compile(r"[ ]*([A-Za-z0-9_][A-Za-z0-9._-]*)[ ]*:(?:[ \t\r\n\x85\u2028\u2029]|$)")
#: The first word of a line, for a top-level line whose colon is missing (``period 2026``).
_NAME = re.compile(r"([A-Za-z0-9_][A-Za-z0-9._-]*)")
#: In a part, in place of an entry's key that could not be read.
_ENTRY = "?"
#: The part that is a second YAML document (after ``---``): left out, nothing follows from it.
SECOND_DOCUMENT = "---"


@dataclass(frozen=True)
class Skipped:
    """A part of the file that was blanked because of a syntax error."""

    first: int  #: first line (1-based)
    last: int  #: last line (1-based)
    #: What the lines held: ``("responses", "P1")``, ``("persons", 2)``, ``("date",)``, or
    #: ``()`` when that cannot be told.
    part: DataPath
    #: Whether the entry is gone from the data (its key or dash could not be kept).
    vanished: bool
    #: Whether the lines are one entry of ``part`` (whose key could not be read), rather than
    #: all of it.
    entry: bool = False


@dataclass
class Recovered:
    """The syntax errors of a file, and what could be read of the rest."""

    #: The rest of the file (the skipped lines emptied); None when nothing could be read.
    source: Source | None
    #: The syntax errors, located; each says which lines were skipped.
    problems: list[Diagnostic]
    skipped: list[Skipped]


@dataclass
class _Cut:
    first: int  # 0-based, inclusive
    last: int
    part: DataPath
    keep: str | None  # the text kept on the first line (a key or a dash), if any
    problem: Diagnostic | None
    swallows: bool = False  # the lines hold a line that may be an entry of its own


def recover(path: Path, file: str) -> Recovered | None:
    """The file's syntax errors and the data of the rest, or None when the file's problem is
    not one of its text (missing, too large, an alias bomb …): then nothing more can be said
    than :func:`~lotscert.yamlsource.read_source` says."""
    try:
        text = _read_text(path, file)
    except _Refused:
        return None
    if 2 * len(text) > MAX_BYTES:
        return None  # not even one more round fits
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    cuts: list[_Cut] = []
    spent = 0
    data: Any = None
    for _ in range(MAX_ROUNDS + 1):
        attempt = _blanked(lines, cuts)
        spent += len(attempt)
        outcome = _read(file, attempt)
        if not isinstance(outcome, _Refused):
            data = outcome
            break
        problem = outcome.diagnostic
        if problem.code not in RECOVERABLE or problem.line is None:
            # Before any blanking: not an error of the text. After: a refusal of its own (an
            # alias bomb behind a syntax error), or the blanking's own doing (a file left
            # empty, or not a mapping), which is not the user's.
            if not cuts:
                return None
            own = [] if problem.code in _LEFT_BY_BLANKING else [problem]
            return Recovered(None, [*_told(cuts, read=False), *own], [])
        if len(cuts) >= MAX_ROUNDS or spent + len(attempt) > MAX_BYTES:
            told = [*_told(cuts, read=False), problem]
            # said on the last line shown (the errors are shown in line order)
            last = max(range(len(told)), key=lambda n: told[n].line or 0)
            told[last] = dataclasses.replace(
                told[last],
                sv=f"{told[last].sv} (lotscert slutade leta efter {len(told)} YAML-fel; fler "
                "kan finnas)",
                en=f"{told[last].en} (lotscert stopped looking after {len(told)} YAML errors; "
                "there may be more)",
            )
            return Recovered(None, told, [])
        if not _cut(lines, cuts, problem, outcome.cause):
            return Recovered(None, _told(cuts, read=False), [])
    else:  # pragma: no cover - every round either reads the file or returns
        return None
    if not cuts:
        return None  # the file reads well now (it changed since it was first read)
    # Put back each part that reads well without it (it only broke because of another one).
    for cut in list(cuts):
        others = [other for other in cuts if other is not cut]
        attempt = _blanked(lines, others)
        spent += len(attempt)
        if spent > MAX_BYTES:
            break
        result = _read(file, attempt)
        if not isinstance(result, _Refused):
            cuts = others
            data = result
    text = _blanked(lines, cuts)
    skipped = [
        Skipped(
            cut.first + 1,
            cut.last + 1,
            cut.part[:1] if cut.part[1:] == (_ENTRY,) else cut.part,
            cut.keep is None or cut.swallows,
            entry=cut.part[1:] == (_ENTRY,),
        )
        for cut in cuts
        if cut.problem is not None
    ]
    return Recovered(Source(file, text, data), _told(cuts), skipped)


def _read(file: str, text: str) -> Any:
    """The data of ``text`` (a mapping), or the :class:`_Refused` that says why not."""
    try:
        _check_text(file, text)
        return _parse(file, text)
    except _Refused as refused:
        return refused


def _blanked(lines: list[str], cuts: list[_Cut]) -> str:
    if not cuts:
        return "".join(lines)
    out = list(lines)
    for cut in cuts:
        for number in range(cut.first, cut.last + 1):
            out[number] = _ending(lines[number])
        if cut.keep is not None:
            out[cut.first] = cut.keep + _ending(lines[cut.first])
    return "".join(out)


def _ending(line: str) -> str:
    stripped = line.rstrip("\r\n\x85\u2028\u2029")
    return line[len(stripped) :]


def _cut(lines: list[str], cuts: list[_Cut], problem: Diagnostic, cause: object) -> bool:
    """Add (or widen) the part to blank for ``problem``; False when nothing more can be."""
    assert problem.line is not None
    line = _line_of(problem, cause, len(lines))
    lines = _LINE.findall(_blanked(lines, cuts))[: len(lines)]  # the text as it now reads
    before = _previous(lines, line)
    if problem.code == "yaml.syntax" and before != line and _open_quote(lines[before]):
        line = before  # a "…" left open runs on into this line: the open quote is the error
    for cut in cuts:
        if cut.first <= line <= cut.last:
            # The same part breaks again: first give up its kept key, then the whole section.
            if cut.keep is not None:
                cut.keep = None
                return True
            wider = _children(lines, _section_line(lines, cut.first))
            if wider[0] >= cut.first and wider[1] <= cut.last:
                return False
            cut.first, cut.last = min(cut.first, wider[0]), max(cut.last, wider[1])
            cut.part, cut.keep = cut.part[:1], None
            return True
    stray = _stray_top_level_line(lines, line)
    if stray is not None and not any(cut.first <= stray <= cut.last for cut in cuts):
        # A line moved to column 0 inside a section ends the section: the lines after it
        # are where the parser stops, but the stray line is the one to blank.
        cuts.append(_Cut(stray, stray, _part(lines, _previous(lines, stray))[2], None, problem))
        return True
    if problem.code == "yaml.syntax" and "another document" in (problem.en or ""):
        # A second document (---): it is left out whole, and the first one is checked.
        cuts.append(_Cut(line, len(lines) - 1, (SECOND_DOCUMENT,), None, problem))
        return True
    first, last, part, keep = _part(lines, line)
    column = _indent(lines[first])
    swallows = keep is not None and any(
        _content(lines[n]) and _indent(lines[n]) <= column + 1 for n in range(first + 1, last + 1)
    )
    cuts.append(_Cut(first, last, part, keep, problem, swallows))
    return True


def _open_quote(line: str) -> bool:
    """Whether ``line`` leaves a double quote open (an odd number of unescaped ``"``)."""
    text = re.sub(r"'[^']*'", "", line.split(" #", 1)[0])  # '…"…' holds no open quote
    return len(re.findall(r'(?<!\\)"', text)) % 2 == 1


def _previous(lines: list[str], line: int) -> int:
    """The content line before ``line`` (``line`` itself when there is none)."""
    for number in range(line - 1, -1, -1):
        if _content(lines[number]):
            return number
    return line


def _stray_top_level_line(lines: list[str], line: int) -> int | None:
    """The line at column 0 just before ``line`` that holds a value of its own (so nothing can
    be indented under it) while the lines around it are indented: a line of a section moved
    to column 0 by mistake."""
    if _indent(lines[line]) == 0:
        return None
    before = _previous(lines, line)
    earlier = _previous(lines, before)
    if before == line or earlier == before:
        return None
    text = lines[before]
    if _indent(text) != 0 or _is_item(text) or _indent(lines[earlier]) == 0:
        return None
    key = _KEY.match(text)
    value = text[key.end() :].strip() if key else text.partition(":")[2].strip()
    if not value or value.startswith(("#", "|", ">", "&", "!")):
        return None  # a key whose value may be the indented lines under it
    return before


def _line_of(problem: Diagnostic, cause: object, count: int) -> int:
    """The 0-based line to blank around: where the user has to look (the start of an
    unclosed quote or flow collection, a key without its colon), else the reported line."""
    assert problem.line is not None
    line = problem.line - 1
    if isinstance(cause, yaml.MarkedYAMLError) and cause.context_mark is not None:
        context = cause.context or ""
        if context.startswith(("while parsing a flow", "while scanning a quoted")):
            line = cause.context_mark.line
    return max(0, min(line, count - 1))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _is_item(line: str) -> bool:
    stripped = line.lstrip(" \t")
    return stripped.startswith("-") and (len(stripped) == 1 or stripped[1] in " \t\r\n")


def _children(lines: list[str], start: int) -> tuple[int, int]:
    """``start`` and the lines under it (indented deeper, or list items at a key's column)."""
    indent = _indent(lines[start])
    item = _is_item(lines[start])
    explicit = lines[start].lstrip(" \t").startswith("?")  # ? key / : value
    last = start
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not _content(line):
            continue
        deeper = _indent(line)
        if (
            deeper > indent
            or (deeper == indent and not item and _is_item(line))
            or (deeper == indent and explicit and line.lstrip(" \t").startswith(":"))
        ):
            last = number
            continue
        break
    return start, last


def _section_line(lines: list[str], line: int) -> int:
    """The top-level line whose section holds ``line`` (``line`` itself when top-level)."""
    for number in range(line, -1, -1):
        text = lines[number]
        if _content(text) and _indent(text) == 0 and not _is_item(text):
            return number
    return line


def _part(lines: list[str], line: int) -> tuple[int, int, DataPath, str | None]:
    """The lines to blank for an error on ``line``, what they hold, and the text to keep."""
    section = _section_line(lines, line)
    if _indent(lines[section]) != 0 or not _content(lines[section]):
        first, last = _children(lines, line)
        return first, last, (), None
    match = _KEY.match(lines[section])
    name = match.group(1) if match else None
    if line == section:  # a top-level line: its key, even when its colon is missing
        first, last = _children(lines, line)
        loose = match or _NAME.match(lines[section])
        return first, last, (loose.group(1),) if loose else (), None
    if name is None:
        first, last = _children(lines, line)
        return first, last, (), None
    # The entries of the section: the first content line under it sets their column.
    body = next((n for n in range(section + 1, line + 1) if _content(lines[n])), line)
    column, items = _indent(lines[body]), _is_item(lines[body])
    if _indent(lines[line]) < column or (items and _indent(lines[line]) == column and
                                         not _is_item(lines[line])):  # fmt: skip
        first, last = _children(lines, line)
        return first, last, (name, _ENTRY), None
    start = line
    while start > section and not (
        _content(lines[start])
        and _indent(lines[start]) == column
        and (_is_item(lines[start]) or not items)
    ):
        start -= 1
    if start == section:
        first, last = _children(lines, line)
        return first, last, (name, _ENTRY), None
    first, last = _children(lines, start)
    entry = (name, _ENTRY)
    indent = " " * column
    if items:
        index = sum(
            1
            for n in range(section + 1, start)
            if _content(lines[n]) and _indent(lines[n]) == column and _is_item(lines[n])
        )
        return first, last, (name, index), indent + "-"
    key = _KEY.match(lines[start])
    if key is None or _indent(lines[start]) != column:
        return first, last, entry, None
    return first, last, (name, key.group(1)), f"{indent}{key.group(1)}:"


def _told(cuts: list[_Cut], *, read: bool = True) -> list[Diagnostic]:
    """The syntax errors; when the rest of the file was ``read``, each says which lines were
    not."""
    told: list[Diagnostic] = []
    for cut in cuts:
        if cut.problem is None:
            continue
        problem = cut.problem
        if read:
            single = cut.first == cut.last
            lines = f"{cut.first + 1}" if single else f"{cut.first + 1}–{cut.last + 1}"
            shown = cut.part[:1] if cut.part[1:] == (_ENTRY,) else cut.part
            what = f" ({format_path(shown)})" if shown and shown != (SECOND_DOCUMENT,) else ""
            if cut.part:
                rest_sv = "resten av filen är kontrollerad så långt det går utan dem"
                rest_en = "the rest of the file is checked as far as it can be without them"
            else:
                rest_sv = "vad de höll går inte att avgöra, så resten av filen kontrollerades inte"
                rest_en = "what they held cannot be told, so the rest of the file was not checked"
            problem = dataclasses.replace(
                problem,
                sv=f"{problem.sv}; {'rad' if single else 'raderna'} {lines}{what} lästes inte, "
                + rest_sv,
                en=f"{problem.en}; {'line' if single else 'lines'} {lines}{what} not read, "
                + rest_en,
            )
        told.append(problem)
    return told
