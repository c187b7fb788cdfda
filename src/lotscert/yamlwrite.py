"""Assessments → YAML text that people read and edit: stable key order, comments where useful."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lotscert.models.assessment import Assessment

SCHEMA_FILE = "assessment.schema.json"


class PlainDumper(yaml.SafeDumper):
    """Safe dumper that writes Decimals as plain numbers, never sorts keys and never writes an
    anchor or alias (``&id001`` / ``*id001``): two persons sharing a course date get the date
    twice. lotscert's reader refuses a repeated anchor name, and people should not meet them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    form, text = decimal_form(value)
    if form == "int":
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    if form == "float":
        return dumper.represent_scalar("tag:yaml.org,2002:float", text)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')


def decimal_form(value: Decimal) -> tuple[str, str]:
    """How a decimal is written: ``("int", "3")``, ``("float", "0.75")`` when the plain number
    reads back as exactly this decimal, else ``("quoted", "0.1000…")`` (pydantic reads a quoted
    number as the exact decimal)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and abs(exponent) <= 30 and value.adjusted() <= 30:
        if value == value.to_integral_value() and abs(value) < 10**15:
            return "int", str(int(value))
        text = format(value, "f")
        if Decimal(repr(float(text))) == value:
            return "float", text
        return "quoted", text
    return "quoted", str(value)


PlainDumper.add_representer(Decimal, _represent_decimal)

#: Characters YAML reads as line breaks, which PyYAML's emitter writes raw inside a quoted
#: scalar (and the reader then folds): texts holding them are written double-quoted, escaped.
_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if not _LINE_BREAKS.isdisjoint(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


PlainDumper.add_representer(str, _represent_str)


def _represent_block_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and _LINE_BREAKS.isdisjoint(value):
        # PyYAML falls back to quotes where a literal block cannot hold the text exactly.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return _represent_str(dumper, value)


class BlockTextDumper(PlainDumper):
    """:class:`PlainDumper` that writes texts of several lines as literal blocks (``|``): how a
    catalogue's requirement texts read best."""


BlockTextDumper.add_representer(str, _represent_block_str)


def dump_plain(data: Any, *, block_text: bool = False) -> str:
    """Plain YAML for ``data`` (keys in their order, no anchors, exact decimals), as every file
    lotscert writes should be; ``block_text`` writes multi-line texts as literal blocks."""
    text: str = yaml.dump(
        data,
        Dumper=BlockTextDumper if block_text else PlainDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return text


def schema_comment(target: Path, schema_dir: Path | None = None) -> str:
    """The ``# yaml-language-server: $schema=…`` line pointing at ``schema/`` from ``target``.

    The schema folder is ``./schema`` of the working folder (``lotscert schema --out schema``).
    """
    folder = schema_dir or Path.cwd() / "schema"
    try:
        relative = os.path.relpath(folder / SCHEMA_FILE, target.resolve().parent)
    except ValueError:  # pragma: no cover - other drive on Windows
        relative = str(folder / SCHEMA_FILE)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def dump_value(value: Any) -> str:
    """One YAML value in block style, as PyYAML's safe dumper writes it."""
    return dump_plain(value)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def _comment_safe(text: str) -> str:
    """``text`` fit for a ``#`` comment: control characters, line and paragraph separators and
    other line breaks YAML knows (U+0085, U+2028, U+2029) written as escapes (``\\x7f``), so
    that no user text (a municipality's name) can end the comment or make the file unreadable."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch != " "
        else ch
        for ch in text
    )


def comment_lines(lines: Sequence[str], spaces: int = 0) -> str:
    out: list[str] = []
    for line in lines:
        wrapped = textwrap.wrap(_comment_safe(line), width=96 - spaces) or [""]
        out.extend(" " * spaces + "# " + part for part in wrapped)
    return "\n".join(out) + "\n"


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain data, without empty optional values."""
    data: dict[str, Any] = assessment.model_dump(mode="python", exclude_none=True)
    for response in data.get("responses", {}).values():
        if not response.get("evidence"):
            response.pop("evidence", None)
    return data


def dump_assessment(
    assessment: Assessment,
    *,
    header: Sequence[str] = (),
    response_comments: Mapping[str, Sequence[str]] | None = None,
    section_comments: Mapping[str, Sequence[str]] | None = None,
    schema_line: str | None = None,
) -> str:
    """YAML text for ``assessment``: the fields in model order, comments above responses."""
    data = assessment_data(assessment)
    parts: list[str] = []
    if schema_line:
        parts.append(schema_line + "\n")
    if header:
        parts.append(comment_lines(header, 0))
    for key, value in data.items():
        if section_comments and key in section_comments:
            parts.append(comment_lines(section_comments[key], 0))
        if key == "responses" and value:
            parts.append("responses:\n")
            for requirement_id, response in value.items():
                comments = (response_comments or {}).get(requirement_id)
                if comments:
                    parts.append(comment_lines(comments, 2))
                parts.append(_indent(dump_value({requirement_id: response}), 2))
        elif isinstance(value, dict | list) and not value:
            parts.append(f"{key}: {'{}' if isinstance(value, dict) else '[]'}\n")
        elif key == "municipality":
            code, name = value["code"], value["name"]
            parts.append(f'municipality: {{code: "{code}", name: {double_quoted(name)}}}\n')
        else:
            parts.append(dump_value({key: value}))
    return "".join(parts)


def double_quoted(text: str) -> str:
    """``text`` as a one-line double-quoted YAML scalar (special characters escaped)."""
    dumped = yaml.dump(text, Dumper=PlainDumper, allow_unicode=True, default_style='"', width=10**6)
    return dumped.strip().removesuffix("...").strip()


def iso(day: dt.date) -> str:
    """A date as ``YYYY-MM-DD``."""
    return day.isoformat()
