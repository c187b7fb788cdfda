"""The quick merge: imported answers that only change values are written into the YAML text in
place, every other character of the file left exactly as it was.

ruamel.yaml's round trip (:mod:`lotscert.excel.merge`) handles every change, but it is pure
Python: for a 2 000-person file it takes seconds to parse and write. Most imports only change
values — a status, a comment, a date, a competence level — and for those it is enough to know
where each value stands in the text. The file is read here from the C parser's events, which
carry each scalar's start and end, and the new values replace the old ones. Anything else — a
key to add or remove, a list that grows or shrinks, a value that becomes empty, a block scalar
(``|``), anchors or tags — raises :class:`NeedsFullMerge` and the caller uses the round trip.
The caller checks that the patched text reads back as exactly the new assessment.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, NamedTuple

import yaml
from pydantic import BaseModel

from lotscert.yamlsource import _BaseLoader, _plain_value
from lotscert.yamlwrite import decimal_form, double_quoted


class NeedsFullMerge(Exception):
    """The change is more than values in place: use the round-trip merge."""


class _Scalar(NamedTuple):
    """Where a scalar stands in the text (a tuple: tens of thousands are made per file)."""

    start: int
    end: int
    style: str  # "" plain, "'", '"', "|" or ">"


class _Mapping(dict[Any, Any]):
    """A mapping of the located tree, with what adding a key to it needs: whether it is written
    in flow style (``{a: 1}``), the column of its keys, and where its last value ends."""

    flow: bool = True
    indent: int = 0
    end: int = 0  # where its last value ends
    ends_in_block: bool = False  # its last value is a block scalar (| or >)


#: A located tree: dicts (keys as the safe loader reads them), lists and located scalars.
_Node = dict[Any, Any] | list[Any] | _Scalar


def patch_text(text: str, old: BaseModel, new: BaseModel) -> str:
    """``text`` (which reads as ``old``) with the values that differ in ``new`` replaced."""
    tree = _located(text)
    if not isinstance(tree, dict):
        raise NeedsFullMerge("not a mapping")
    edits: list[tuple[int, int, str]] = []
    _model(tree, old, new, edits, text)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _located(text: str) -> _Node:
    """The document as a located tree, from parser events (no composing, no constructing)."""
    parser: Any = _BaseLoader(text)
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        get = parser.get_event
        if get().__class__ is not yaml.StreamStartEvent or (
            get().__class__ is not yaml.DocumentStartEvent
        ):
            raise NeedsFullMerge("no document")
        open_: list[Any] = []
        keys: list[Any] = []
        last: _Scalar | None = None  # the scalar read last
        root: Any = None
        while True:
            event = get()
            kind = event.__class__
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise NeedsFullMerge("anchors or tags")
                # the C parser always gives marks
                value: Any = _Scalar(
                    event.start_mark.index, event.end_mark.index, event.style or ""
                )
                last = value
            elif kind is mapping_start:
                if event.anchor is not None or event.tag is not None:
                    raise NeedsFullMerge("anchors or tags")
                mapping = _Mapping()
                mapping.flow = bool(event.flow_style)
                mapping.indent = event.start_mark.column
                open_.append(mapping)
                keys.append(None)
                continue
            elif kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise NeedsFullMerge("anchors or tags")
                open_.append([])
                keys.append(None)
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = open_.pop()
                keys.pop()
                if kind is mapping_end:
                    # its last value's end (a comment after it belongs to what follows)
                    value.end = last.end if last is not None else 0
                    value.ends_in_block = last is not None and last.style in ("|", ">")
            elif kind is yaml.DocumentEndEvent:
                located: _Node = root
                return located
            else:
                raise NeedsFullMerge("aliases")
            if not open_:
                root = value
                continue
            parent = open_[-1]
            if parent.__class__ is list:
                parent.append(value)
            elif keys[-1] is None:
                if value.__class__ is not _Scalar:
                    raise NeedsFullMerge("a collection as a key")
                keys[-1] = (_key(text, value),)
            else:
                parent[keys[-1][0]] = value
                keys[-1] = None
    except yaml.YAMLError as error:
        raise NeedsFullMerge(str(error)) from None
    finally:
        parser.dispose()


def _key(text: str, scalar: _Scalar) -> str:
    """A mapping key as the models name it."""
    raw = text[scalar.start : scalar.end]
    if not scalar.style:
        return str(_plain_value(raw))
    raise NeedsFullMerge("a quoted key")  # rare in our files; the round trip handles it


def _model(
    node: dict[Any, Any], old: BaseModel, new: BaseModel, edits: list[Any], text: str = ""
) -> None:
    for name, field in type(new).model_fields.items():
        old_value, new_value = getattr(old, name), getattr(new, name)
        if new_value == old_value:
            continue
        if name not in node:
            if old_value is None and new_value is not None and text:
                edits.append(_new_key(node, name, new_value, text))
                continue
            raise NeedsFullMerge(f"{name} is not in the file")
        if not field.is_required() and new_value == field.get_default(call_default_factory=True):
            raise NeedsFullMerge(f"{name} goes back to its default")
        _value(node[name], old_value, new_value, edits, text)


def _new_key(node: dict[Any, Any], name: str, value: Any, text: str) -> tuple[int, int, str]:
    """An edit adding ``name: value`` (a value, or a small model in flow style) as the last key
    of a block mapping: a line at the keys' column, right after the line its last value ends on
    (a comment above the next key stays with that key). Used for an answer's first comment and
    for ``answered_by``, which an import adds to every answer a department gives."""
    if not isinstance(node, _Mapping) or node.flow:
        raise NeedsFullMerge(f"{name} would go into a flow mapping")
    if isinstance(value, BaseModel):
        items = []
        for key, item in value.model_dump(exclude_none=True).items():
            if (
                isinstance(item, list)
                and item
                and all(isinstance(word, str) and plain_is_safe(word) for word in item)
            ):  # a stamp's parts of the answer: [status, comment]
                items.append(f"{key}: [{', '.join(item)}]")
                continue
            if isinstance(item, list) and not item:
                continue  # an empty list is the field's default
            if isinstance(item, dict | list):
                raise NeedsFullMerge(f"{name}.{key} is a collection")
            items.append(f"{key}: {_scalar_text(item)}")
        written = "{" + ", ".join(items) + "}"
    elif isinstance(value, list | dict) or (isinstance(value, str) and not value):
        raise NeedsFullMerge(f"{name} is a collection or empty")
    else:
        written = _scalar_text(value)
    if node.ends_in_block:
        raise NeedsFullMerge(f"{name} would follow a block scalar")
    line = " " * node.indent + f"{name}: {written}\n"
    # After the line the mapping's last value ends on (and its comment, if any).
    at = text.find("\n", node.end)
    if at == -1:
        return (len(text), len(text), "\n" + line.rstrip("\n"))
    return (at + 1, at + 1, line)


def _value(node: _Node, old: Any, new: Any, edits: list[Any], text: str = "") -> None:
    if isinstance(new, BaseModel) and isinstance(old, BaseModel) and isinstance(node, dict):
        _model(node, old, new, edits, text)
    elif isinstance(new, dict) and isinstance(old, dict) and isinstance(node, dict):
        if set(new) != set(old) or set(map(str, node)) != set(map(str, old)):
            raise NeedsFullMerge("keys added or removed")
        for key, value in new.items():
            if old[key] != value:
                _value(node[key], old[key], value, edits, text)
    elif isinstance(new, list) and isinstance(old, list) and isinstance(node, list):
        if not len(new) == len(old) == len(node):
            raise NeedsFullMerge("a list grows or shrinks")
        for index, value in enumerate(new):
            if old[index] != value:
                _value(node[index], old[index], value, edits, text)
    elif isinstance(node, _Scalar) and node.style not in ("|", ">") and old is not None:
        edits.append((node.start, node.end, _scalar_text(new)))
    else:
        raise NeedsFullMerge("a value changes shape")


def _scalar_text(value: Any) -> str:
    """A new value as one line of YAML that is valid in block and flow context."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value if plain_is_safe(value) else double_quoted(value)
    if isinstance(value, Decimal):
        form, text = decimal_form(value)
        return double_quoted(text) if form == "quoted" else text
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return double_quoted(value.isoformat())  # a colon in a flow scalar: quoted
    raise NeedsFullMerge(f"a new {type(value).__name__}")


_PLAIN_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_SPECIAL_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def plain_is_safe(text: str) -> bool:
    """Whether ``text`` can be written unquoted and read back as the same text by any YAML
    reader (``fulfilled``, ``lots-01``; not ``no``, ``1:20`` or ``2026-01-01``)."""
    if not _PLAIN_SAFE.match(text) or text.lower() in _SPECIAL_WORDS:
        return False
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False
