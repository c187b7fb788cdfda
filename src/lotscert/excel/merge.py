"""Apply imported answers to an assessment's YAML text, keeping everything else as it was.

When the import only changes values, they are replaced in the text where they stand
(:mod:`lotscert.excel.patch`) and nothing else moves. Otherwise — the rest of this module —
the merge uses ruamel.yaml's round-trip mode, since PyYAML forgets comments and layout: the file
is parsed into a tree that remembers comments, key order, flow or block style and quoting, and
only the values that differ between the old and the new assessment are replaced, added or
removed in that tree. Which values differ is decided on the pydantic models, so ``0.70`` in the
file and ``0.7`` from the workbook count as equal and the file keeps ``0.70``.

New strings are written plain when that is unambiguous for every YAML reader (``fulfilled``,
``lots-01``) and double-quoted otherwise, so that ``no``, ``1:20`` or ``2026-01-01`` typed as
a comment stay text. The result is parsed again with the same loader lotscert uses and must
give exactly the new assessment, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from lotscert.errors import WorkbookError
from lotscert.excel.patch import NeedsFullMerge, patch_text, plain_is_safe
from lotscert.models.assessment import Assessment
from lotscert.yamlsource import parse_text
from lotscert.yamlwrite import decimal_form

_MISSING = object()


def _string_node(text: str) -> Any:
    return text if plain_is_safe(text) else DoubleQuotedScalarString(text)


class _DecimalText:
    """A decimal to be written as a plain YAML number with exactly this text."""

    def __init__(self, text: str) -> None:
        self.text = text


def _decimal_node(value: Decimal) -> Any:
    form, text = decimal_form(value)
    if form == "int":
        return int(text)
    if form == "float":
        return _DecimalText(text)
    return DoubleQuotedScalarString(text)


def _to_node(value: Any) -> Any:
    """A fresh ruamel node for a model value (defaults and None left out of models)."""
    if isinstance(value, BaseModel):
        mapping = CommentedMap()
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            if not field.is_required() and item == field.get_default(call_default_factory=True):
                continue
            mapping[name] = _to_node(item)
        return mapping
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[_string_node(str(key))] = _to_node(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_to_node(item) for item in value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _string_node(value)
    if isinstance(value, Decimal):
        return _decimal_node(value)
    if isinstance(value, int | dt.date):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


def _is_flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node.fa.flow_style())


def _fresh(value: Any, flow: bool) -> Any:
    node = _to_node(value)
    if flow and isinstance(node, CommentedMap | CommentedSeq):
        node.fa.set_flow_style()
    return node


def _insert(node: CommentedMap, key: Any, value: Any, order: list[str], name: str) -> None:
    """Insert ``key`` after the nearest earlier key of ``order`` that the mapping has."""
    position = len(node)
    keys = [str(existing) for existing in node]
    for earlier in reversed(order[: order.index(name)]):
        if earlier in keys:
            position = keys.index(earlier) + 1
            break
    node.insert(position, key, value)


def _comment_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where the comment after a block collection's last line is kept: on its last scalar."""
    if _is_flow(node) or not isinstance(node, CommentedMap | CommentedSeq) or len(node) == 0:
        return None
    if isinstance(node, CommentedMap):
        key: Any = list(node)[-1]
        position = 2
    else:
        key = len(node) - 1
        position = 0
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and not _is_flow(value) and len(value):
        return _comment_slot(value)
    return node, key, position


def _take_trailing(node: Any) -> str | None:
    """Detach the comment lines after a block collection's last line (e.g. the comments that
    ``lotscert init`` writes above the next requirement), keeping an end-of-line comment."""
    slot = _comment_slot(node)
    if slot is None:
        return None
    return _take_at(*slot)


def _take_at(container: Any, key: Any, position: int) -> str | None:
    items = container.ca.items.get(key)
    if not items or len(items) <= position or items[position] is None:
        return None
    token = items[position]
    value: str = token.value
    newline = value.find("\n")
    if newline == -1 or newline == len(value) - 1:
        return None
    kept, rest = value[: newline + 1], value[newline + 1 :]
    if kept.strip():
        token.value = kept
    else:
        items[position] = None
    return rest


def _give_trailing(node: Any, rest: str | None) -> None:
    """Attach comment lines taken by :func:`_take_trailing` after the new last line."""
    if not rest:
        return
    slot = _comment_slot(node)
    if slot is None:
        return
    _give_at(*slot, rest)


def _give_at(container: Any, key: Any, position: int, rest: str) -> None:
    items = container.ca.items.setdefault(key, [None, None, None, None])
    while len(items) <= position:
        items.append(None)
    token = items[position]
    if token is None:
        items[position] = CommentToken("\n" + rest, CommentMark(0), None)
    else:
        token.value = token.value + rest


def _delete_key(node: CommentedMap, key: Any) -> None:
    """Delete ``key``; the comment lines after its entry (which belong to the next key) move to
    the previous entry, or above the first key when it was the first."""
    keys = list(node)
    index = keys.index(key)
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and not _is_flow(value) and len(value):
        rest = _take_trailing(value)
    else:
        rest = _take_at(node, key, 2)
    del node[key]
    if not rest or index == len(keys) - 1:
        _give_trailing(node, rest)
        return
    if index > 0:
        previous = keys[index - 1]
        previous_value = node[previous]
        if (
            isinstance(previous_value, CommentedMap | CommentedSeq)
            and not _is_flow(previous_value)
            and len(previous_value)
        ):
            _give_trailing(previous_value, rest)
        else:
            _give_at(node, previous, 2, rest)
        return
    column = len(rest) - len(rest.lstrip(" "))
    if node.ca.comment is None:
        node.ca.comment = [None, []]
    if node.ca.comment[1] is None:
        node.ca.comment[1] = []
    node.ca.comment[1].append(CommentToken(rest.lstrip(" "), CommentMark(column), None))


def _update_model(node: CommentedMap, old: BaseModel, new: BaseModel) -> None:
    trailing = _take_trailing(node)
    _apply_model(node, old, new)
    _give_trailing(node, trailing)


def _apply_model(node: CommentedMap, old: BaseModel, new: BaseModel) -> None:
    fields = type(new).model_fields
    order = list(fields)
    for name, field in fields.items():
        new_value = getattr(new, name)
        old_value = getattr(old, name)
        if new_value == old_value:
            continue
        default = None if field.is_required() else field.get_default(call_default_factory=True)
        present = name in node
        if not field.is_required() and new_value == default:
            if present:
                _delete_key(node, name)
            continue
        if not present:
            _insert(node, name, _fresh(new_value, _is_flow(node)), order, name)
            continue
        _update_value(node, name, old_value, new_value)


def _update_value(container: Any, key: Any, old: Any, new: Any) -> None:
    """Make ``container[key]`` hold ``new`` (it held ``old``), touching as little as possible."""
    current = container[key]
    if isinstance(new, BaseModel) and isinstance(old, BaseModel):
        if isinstance(current, CommentedMap):
            _update_model(current, old, new)
            return
    elif isinstance(new, dict) and isinstance(old, dict) and isinstance(current, CommentedMap):
        _update_mapping(current, old, new)
        return
    elif isinstance(new, list) and isinstance(old, list) and isinstance(current, CommentedSeq):
        _update_sequence(current, old, new)
        return
    container[key] = _fresh(new, _is_flow(current))


def _update_mapping(node: CommentedMap, old: dict[Any, Any], new: dict[Any, Any]) -> None:
    trailing = _take_trailing(node)
    _apply_mapping(node, old, new)
    _give_trailing(node, trailing)


def _apply_mapping(node: CommentedMap, old: dict[Any, Any], new: dict[Any, Any]) -> None:
    keys = {str(key): key for key in node}
    for name in list(keys):
        if name not in new:
            _delete_key(node, keys[name])
    flow = any(_is_flow(value) for value in node.values())
    for name, value in new.items():
        if name in keys:
            if old.get(name, _MISSING) != value:
                _update_value(node, keys[name], old.get(name), value)
        else:
            node[_string_node(name)] = _fresh(value, flow)


def _update_sequence(node: CommentedSeq, old: list[Any], new: list[Any]) -> None:
    trailing = _take_trailing(node)
    _apply_sequence(node, old, new)
    _give_trailing(node, trailing)


def _apply_sequence(node: CommentedSeq, old: list[Any], new: list[Any]) -> None:
    flow = any(_is_flow(item) for item in node)
    for index, value in enumerate(new[: len(node)]):
        if index < len(old) and old[index] == value:
            continue
        if index < len(old):
            _update_value(node, index, old[index], value)
        else:
            node[index] = _fresh(value, flow)
    while len(node) > len(new):
        del node[len(node) - 1]
    for value in new[len(node) :]:
        node.append(_fresh(value, flow))


def _indentation(text: str) -> tuple[int, int, int]:
    """The file's (mapping, sequence, offset) indentation, guessed from its first nested
    mapping and its first block sequence; (2, 4, 2) when it has none."""
    mapping, sequence, offset = 2, 4, 2
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    found_mapping = found_sequence = False
    for index, line in enumerate(lines[:-1]):
        stripped = line.rstrip()
        if not stripped.endswith(":") or stripped.lstrip().startswith("- "):
            continue
        parent = len(line) - len(line.lstrip())
        child = lines[index + 1]
        child_indent = len(child) - len(child.lstrip())
        if child_indent <= parent and not child.lstrip().startswith("- "):
            continue
        if child.lstrip().startswith("- ") and not found_sequence:
            offset = child_indent - parent
            sequence = offset + 2
            found_sequence = True
        elif not child.lstrip().startswith("- ") and not found_mapping:
            mapping = child_indent - parent
            found_mapping = True
        if found_mapping and found_sequence:
            break
    return max(mapping, 1), max(sequence, offset + 2, 2), max(offset, 0)


class _ExactFloatConstructor(RoundTripConstructor):
    """ruamel.yaml's round-trip constructor, but a float keeps its exact text: ruamel writes a
    float back from its binary value, which changes a number with more digits than a float
    holds (lotscert reads numbers as exact decimals)."""


def _construct_exact_float(constructor: Any, node: Any) -> Any:
    return _DecimalText(str(node.value))


_ExactFloatConstructor.add_constructor("tag:yaml.org,2002:float", _construct_exact_float)


def _yaml(text: str) -> YAML:
    handler = YAML(typ="rt")
    handler.Constructor = _ExactFloatConstructor
    handler.preserve_quotes = True
    handler.width = 1_000_000
    handler.allow_unicode = True
    mapping, sequence, offset = _indentation(text)
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)

    def represent_decimal_text(representer: Any, data: _DecimalText) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:float", data.text)

    handler.representer.add_representer(_DecimalText, represent_decimal_text)
    # Repeated values (the same date object twice) are written out, never as &id001 anchors.
    handler.representer.ignore_aliases = lambda data: True
    return handler


def merge_text(text: str, old: Assessment, new: Assessment) -> str:
    """``text`` (which reads as ``old``) changed so that it reads as ``new``.

    Values changed in place are patched into the text (:mod:`lotscert.excel.patch`, fast);
    anything more goes through ruamel.yaml's round trip.
    """
    try:
        patched = patch_text(text, old, new)
        check_reads_as(patched, new)
    except (NeedsFullMerge, WorkbookError):
        pass
    else:
        return patched
    handler = _yaml(text)
    try:
        tree = handler.load(text)
    except Exception:  # ruamel raises many kinds of errors for odd YAML
        raise _cannot_keep() from None
    if not isinstance(tree, CommentedMap):
        raise _cannot_keep()
    _update_model(tree, old, new)
    stream = io.StringIO()
    handler.dump(tree, stream)
    merged = stream.getvalue()
    check_reads_as(merged, new)
    return merged


def dump_new(assessment: Assessment, header: str = "") -> str:
    """A new assessment file's text (for an import into a file that does not exist yet)."""
    handler = _yaml("")
    stream = io.StringIO()
    if header:
        stream.write(header)
    handler.dump(_to_node(assessment), stream)
    text = stream.getvalue()
    check_reads_as(text, assessment)
    return text


def check_reads_as(text: str, expected: Assessment) -> None:
    """Refuse to write text that would not load as exactly ``expected``."""
    try:
        loaded = Assessment.model_validate(parse_text(text))
    except Exception:  # the merge could not keep the file's form
        raise _cannot_keep() from None
    if loaded != expected:
        raise _cannot_keep()


def _cannot_keep() -> WorkbookError:
    """The file could not be rewritten so that it reads as exactly the merged answers."""
    return WorkbookError(
        "filen kunde inte skrivas om så att den läses exakt som de sammanslagna svaren; "
        "oftast för att den använder YAML-ankare och alias (&namn och *namn) – skriv ut de "
        "värdena i stället och importera igen; inget skrevs",
        en="the file could not be rewritten so that it reads as exactly the merged answers; "
        "most often because it uses YAML anchors and aliases (&name and *name) – write those "
        "values out instead and import again; nothing was written",
    )
