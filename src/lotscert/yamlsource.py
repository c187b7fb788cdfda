"""Reading YAML safely and fast, and finding the line of any value when something is wrong.

The happy path builds the data straight from the C parser's events (:func:`_fast_load`).
Anything it does not handle — anchors, tags, merge keys, repeated keys, errors — goes to the full
loader: PyYAML's C loader with checks for duplicate keys, alias bombs and depth. Only when there
is a problem do we compose the node tree again to find lines and columns.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lotscert.diagnostics import DataPath, Diagnostic
from lotscert.inputs import note_read

#: Files larger than this are refused (bytes); generous for a national data set of one file.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Aliases may expand a document to at most this many nodes (an alias bomb is refused).
MAX_EXPANDED_NODES = 2_000_000
#: Collections may nest at most this deep (our formats need about 6). Deeper input is refused
#: before it is composed: PyYAML's C composer recurses and crashes the process on deep input.
MAX_DEPTH = 50
#: Python refuses to convert integers with more digits than this (``sys.int_info``).
_MAX_INT_DIGITS = 4300

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def max_bytes() -> int:
    """The size limit, from ``LOTSCERT_MAX_FILE_BYTES`` or the default."""
    try:
        return int(os.environ.get("LOTSCERT_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


class DuplicateKey(yaml.MarkedYAMLError):
    """A mapping names the same key twice."""


#: Resolved tags of short plain scalars (see ``_Loader.resolve``), bounded.
_resolved: dict[tuple[str, Any], str] = {}
_RESOLVE_CACHE_TEXT = 40
_RESOLVE_CACHE_SIZE = 100_000


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Any:
    """A YAML float as the exact decimal its text says (``0.79999999999999999999`` is not
    0.8: a float would round it and pass an exam score below the mark). Infinity, NaN and
    the sexagesimal form (``1:30.5``) keep PyYAML's float."""
    text = str(node.value).replace("_", "")
    if ":" in text or text.lstrip("+-").lower() in (".inf", ".nan"):
        return yaml.SafeLoader.construct_yaml_float(loader, node)
    try:
        return Decimal(text)
    except ArithmeticError:  # pragma: no cover - the float resolver admits only numbers
        return yaml.SafeLoader.construct_yaml_float(loader, node)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate keys and reports impossible dates with their line,
    and reads numbers with a decimal point as exact decimals."""

    #: False when the text has no ``<<`` and no ``merge`` tag: no mapping needs the merge check.
    merges_possible = True

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Which tag a plain scalar gets (int, date, bool, str...) depends on its text alone (this
        # loader has no path resolvers): remember it for short texts, which repeat a lot
        # (statuses, kinds, dates, numbers). Resolving was a sixth of the parsing time.
        if kind is yaml.ScalarNode and len(value) <= _RESOLVE_CACHE_TEXT:
            key = (value, implicit)
            tag = _resolved.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_resolved) < _RESOLVE_CACHE_SIZE:
                    _resolved[key] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        merged = self.merges_possible and any(
            key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value
        )
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if not merged and len(mapping) != len(node.value):
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    first = seen[key].start_mark
                    raise DuplicateKey(
                        None,
                        None,
                        f"duplicate key {key!r} (first on line {first.line + 1})",
                        key_node.start_mark,
                    )
                seen[key] = key_node
        return mapping

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            # Not refused here: the schema check reports it at its place, in the same run as
            # every other problem of the file (see ImpossibleDate).
            return ImpossibleDate(node.value)


class ImpossibleDate(str):
    """A date-shaped value for a day that does not exist (``2026-02-30``): kept as its text, so
    that the schema check names it where it stands (a date field refuses it with "ogiltigt
    datum") and the file's other problems are reported in the same run."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


# --- the fast path: plain documents built straight from parser events --------------------------

#: Returned by :func:`_fast_load` when the document needs the full loader.
_FULL_LOADER = (False, None)
_NO_KEY = object()
_UNSUPPORTED = object()
_STR_TAG = "tag:yaml.org,2002:str"
#: Built values of short plain scalars (immutable: numbers, booleans, dates, None), bounded.
_plain_values: dict[str, Any] = {}
_PLAIN_CACHE_TEXT = 40
_PLAIN_CACHE_SIZE = 100_000
_constructing: list[Any] = []


def _plain_value(text: str) -> Any:
    """What a plain (unquoted, untagged) scalar means under the safe loader's rules, or
    ``_UNSUPPORTED`` for merge keys and other tags the fast path leaves to the full loader."""
    known = _plain_values.get(text, _UNSUPPORTED)
    if known is not _UNSUPPORTED:
        return known
    resolvers = _Loader.yaml_implicit_resolvers
    tag = _STR_TAG
    for candidate, pattern in [*resolvers.get(text[:1], ()), *resolvers.get(None, ())]:
        if pattern.match(text):
            tag = candidate
            break
    if tag == _STR_TAG:
        value: Any = text
    else:
        construct = _Loader.yaml_constructors.get(tag)
        if construct is None or tag.endswith((":merge", ":value")):
            return _UNSUPPORTED
        if not _constructing:
            _constructing.append(_Loader(""))
        # may raise (an impossible date, a huge integer): the full loader then says where
        value = construct(_constructing[0], yaml.ScalarNode(tag, text))
    if len(text) <= _PLAIN_CACHE_TEXT and len(_plain_values) < _PLAIN_CACHE_SIZE:
        _plain_values[text] = value
    return value


def _fast_load(text: str) -> tuple[bool, Any]:
    """``(True, data)`` for a single plain document, built from parser events alone; else
    ``(False, None)`` and the caller runs the full loader, which locates every problem.

    Composing the node tree and constructing from it was most of the time of reading a file:
    the C parser's events already hold everything a plain document says. Anything else —
    anchors, aliases, tags, merge keys, a collection as a key, a repeated key, nesting past
    ``MAX_DEPTH``, a second document, any error — goes to the full loader, so the fast path
    never decides a hard case.
    """
    parser = _BaseLoader(text)
    try:
        return _from_events(parser.get_event)
    except Exception:  # every error is reported, located, by the full loader
        return _FULL_LOADER
    finally:
        parser.dispose()


def _from_events(get: Any) -> tuple[bool, Any]:
    if get().__class__ is not yaml.StreamStartEvent:
        return _FULL_LOADER
    if get().__class__ is not yaml.DocumentStartEvent:
        return _FULL_LOADER
    scalar, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    open_: list[Any] = []  # the collections being built, innermost last
    keys: list[Any] = []  # per open mapping: the key waiting for its value (_NO_KEY when none)
    root: Any = None
    while True:
        event = get()
        kind = event.__class__
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                return _FULL_LOADER
            value = _plain_value(event.value) if event.implicit[0] else event.value
            if value is _UNSUPPORTED:
                return _FULL_LOADER
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(open_) >= MAX_DEPTH:
                return _FULL_LOADER
            if open_ and keys[-1] is _NO_KEY and open_[-1].__class__ is dict:
                return _FULL_LOADER  # a collection as a key
            open_.append({} if kind is mapping_start else [])
            keys.append(_NO_KEY)
            continue
        elif kind in ends:
            value = open_.pop()
            keys.pop()
        elif kind is yaml.DocumentEndEvent:
            break
        else:
            return _FULL_LOADER  # an alias
        if not open_:
            root = value
            continue
        parent = open_[-1]
        if parent.__class__ is list:
            parent.append(value)
        elif keys[-1] is _NO_KEY:
            keys[-1] = value
        else:
            key = keys[-1]
            if key in parent:
                return _FULL_LOADER  # a repeated key
            parent[key] = value
            keys[-1] = _NO_KEY
    if get().__class__ is not yaml.StreamEndEvent:
        return _FULL_LOADER  # a second document
    return True, root


def parse_text(text: str) -> Any:
    """The data of a YAML text, read exactly as lotscert reads its files (no size, depth or
    alias checks: for text lotscert wrote itself). Raises :class:`yaml.YAMLError` or
    ``ValueError`` on bad input."""
    fast, data = _fast_load(text)
    return data if fast else _load(text)


@dataclass
class Source:
    """A YAML file's text and parsed data, with lazy line lookup."""

    file: str
    text: str
    data: Any
    _root: yaml.Node | None = None
    _composed: bool = False

    def _tree(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_BaseLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def locate(self, path: DataPath, at_key: bool = False) -> tuple[int, int] | None:
        """Line and column (1-based) of the value at ``path`` (or its key), else of its
        deepest existing parent."""
        node = self._tree()
        if node is None:
            return None
        best: yaml.Node = node
        key_node: yaml.Node | None = None
        for part in path:
            if part == "[key]":
                if key_node is not None:
                    best = key_node
                break
            found: yaml.Node | None = None
            if isinstance(best, yaml.MappingNode):
                for candidate_key, candidate_value in best.value:
                    if _key_text(candidate_key) == str(part):
                        found, key_node = candidate_value, candidate_key
                        break
            elif (
                isinstance(best, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(best.value)
            ):
                found, key_node = best.value[part], None
            if found is None:
                break
            best = found
        else:
            if at_key and key_node is not None:
                best = key_node
        mark = best.start_mark
        return mark.line + 1, mark.column + 1

    def place(self, diagnostic: Diagnostic, at_key: bool = False) -> Diagnostic:
        """The diagnostic with the line and column of its data path filled in."""
        if diagnostic.line is not None:
            return diagnostic
        position = self.locate(diagnostic.path, at_key=at_key)
        if position is None:
            return diagnostic
        return Diagnostic(
            diagnostic.file,
            diagnostic.severity,
            diagnostic.code,
            diagnostic.sv,
            diagnostic.en,
            diagnostic.path,
            position[0],
            position[1],
        )


def _key_text(node: yaml.Node) -> str:
    """A mapping key as pydantic names it in an error's ``loc`` (``~`` → ``None``)."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return "None"
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
        return str(node.value.lower() in ("yes", "true", "on", "y"))
    return str(node.value)


def _problem(
    file: str, code: str, sv: str, en: str, line: int | None = None, column: int | None = None
) -> Diagnostic:
    return Diagnostic(file, "error", code, sv, en, (), line, column)


def _expanded_size(root: yaml.Node, limit: int) -> tuple[int, Any, bool]:
    """How many nodes the document has with every alias expanded (stops past ``limit``), the
    start of the first collection that expands past ``limit`` (None when none does), and
    whether an alias refers to a collection that holds it (``x: &a [*a]``: endless)."""
    sizes: dict[int, int] = {}
    expanding: set[int] = set()  # collections whose children are being counted
    first_over: Any = None
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                children.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if children_done or not children:
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            if total > limit and first_over is None:
                first_over = node.start_mark
            sizes[id(node)] = min(total, limit + 1)
            expanding.discard(id(node))
        elif id(node) in expanding:
            # reached again from inside itself: the alias makes the document endless
            return limit + 1, node.start_mark, True
        else:
            expanding.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes.get(id(root), 1), first_over, False


def _nesting_depth(text: str, limit: int) -> tuple[int, Any]:
    """How deep collections nest (stops past ``limit``), and where the limit was passed.

    Streams parser events, which needs no recursion; a syntax error ends the scan early and is
    reported by the real load afterwards.
    """
    try:
        return _scan_depth(text, limit, _BaseLoader)
    except _ParserRefusedDepth:
        # libyaml 0.2.6 and later stop deep nesting themselves, often before the first event
        # (a flow collection is scanned ahead); the pure-Python parser has no such limit and
        # finds the place where lotscert's own limit is passed, whichever libyaml is in use.
        try:
            return _scan_depth(text, limit, yaml.BaseLoader)
        except _ParserRefusedDepth:  # pragma: no cover - the Python parser has no limit
            return limit + 1, None


class _ParserRefusedDepth(Exception):
    """The YAML parser itself refused to nest deeper (libyaml's own limit)."""


def _refuses_depth(error: yaml.YAMLError) -> bool:
    """Whether ``error`` is a parser's own nesting limit (libyaml ≥ 0.2.6), not a syntax error."""
    problem = getattr(error, "problem", None) or str(error)
    return "nesting depth" in problem or "nesting level" in problem


def _scan_depth(text: str, limit: int, loader: type[Any]) -> tuple[int, Any]:
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
                if depth > limit:
                    return depth, event.start_mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        if _refuses_depth(error):
            raise _ParserRefusedDepth from None
    return deepest, None


#: Below this depth bound the C composer is safe even on a small thread stack, so a file without
#: aliases, merges or tags is parsed first and its depth measured on the data (cheap); above it,
#: or with those, parser events are scanned before anything is composed.
_SAFE_TO_COMPOSE = 500
#: Where a block collection can start on a line: after the indentation and any ``-``/``?``/``:``
#: indicators (``- - key: v``) or a document marker.
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:(?:---|[-?:])[ \t]+)*", re.M)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, from characters alone (no parsing).

    Each nested block collection starts at a greater column than its parent, except a sequence
    written at its key's column, which cannot directly hold another such sequence: so block depth
    is at most twice (the largest start column + 1). Each flow collection needs a ``[`` or ``{``.
    """
    column = max((len(prefix) for prefix in _BLOCK_PREFIX.findall(text)), default=0)
    return 2 * (column + 1) + text.count("[") + text.count("{")


def _data_depth(data: Any, limit: int) -> int:
    """How deep lists and mappings nest in loaded data (stops past ``limit``); equals the event
    depth for a file without aliases, merges and tags."""
    if not isinstance(data, dict | list):
        return 0
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return deepest


def _too_deep(file: str, text: str) -> Diagnostic | None:
    """The located "nested too deep" error, or None; scans parser events (no recursion)."""
    deepest, where = _nesting_depth(text, MAX_DEPTH)
    if deepest <= MAX_DEPTH:
        return None
    return _too_deep_at(file, where)


def _too_deep_at(file: str, where: Any) -> Diagnostic:
    """lotscert's own "nested too deep" error at ``where`` (a parser mark, or None)."""
    return _problem(
        file,
        "yaml.too_deep",
        f"filen är nästlad djupare än {MAX_DEPTH} nivåer och avvisas",
        f"the file nests deeper than {MAX_DEPTH} levels; refused",
        where.line + 1 if where else None,
        where.column + 1 if where else None,
    )


def _load(text: str) -> Any:
    loader = _Loader(text)
    loader.merges_possible = "<<" in text or "merge" in text
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _long_number(text: str) -> tuple[int, int] | None:
    """Line and column of the first integer too long for Python to convert, if any."""
    match = re.search(rf"[0-9_]{{{_MAX_INT_DIGITS + 1},}}", text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1


def read_source(path: Path, display: str | None = None) -> tuple[Source | None, list[Diagnostic]]:
    """Read and parse one YAML file. On failure: no source and the located reasons why."""
    file = display or str(path)
    note_read(path)
    try:
        text = _read_text(path, file)
        _check_text(file, text)
        data = _parse(file, text)
    except _Refused as refused:
        return None, [refused.diagnostic]
    return Source(file, text, data), []


def read_source_bytes(raw: bytes, file: str) -> tuple[Source | None, list[Diagnostic]]:
    """Parse a file's bytes already read (by a writer that holds the file's lock and must
    merge into exactly what it read). On failure: no source and the located reasons why."""
    try:
        text = _decode(raw, file, max_bytes())
        _check_text(file, text)
        data = _parse(file, text)
    except _Refused as refused:
        return None, [refused.diagnostic]
    return Source(file, text, data), []


class _Refused(Exception):
    """The file is refused; ``diagnostic`` says why and where."""

    def __init__(self, diagnostic: Diagnostic, cause: BaseException | None = None) -> None:
        super().__init__(diagnostic.en)
        self.diagnostic = diagnostic
        #: The parser's own error, when there was one (its marks tell where a block began).
        self.cause = cause


def _unreadable(file: str, error: OSError) -> Diagnostic:
    return _problem(
        file,
        "file.unreadable",
        f"kan inte läsas: {error.strerror}",
        f"cannot be read: {error.strerror}",
    )


def _read_text(path: Path, file: str) -> str:
    """The file's text, or :class:`_Refused`: missing, unreadable, a folder, a device, too
    large or not UTF-8."""
    try:
        status = path.stat()
        size = status.st_size
    except FileNotFoundError:
        raise _Refused(
            _problem(file, "file.missing", "filen finns inte", "file not found")
        ) from None
    except OSError as error:
        raise _Refused(_unreadable(file, error)) from None
    if path.is_dir():
        raise _Refused(
            _problem(
                file, "file.is_directory", "är en mapp, inte en fil", "is a folder, not a file"
            )
        )
    if not stat.S_ISREG(status.st_mode):
        # A device (/dev/zero) or a named pipe has no size and may never end: never read it.
        raise _Refused(
            _problem(
                file,
                "file.not_regular",
                "är inte en vanlig fil (en enhet eller ett namngivet rör); ange en YAML-fil",
                "is not a regular file (a device or a named pipe); give a YAML file",
            )
        )
    limit = max_bytes()
    if size > limit:
        raise _Refused(
            _problem(
                file,
                "file.too_large",
                f"filen är {size} byte, större än gränsen {limit} byte (ändra med "
                "LOTSCERT_MAX_FILE_BYTES)",
                f"the file is {size} bytes, over the limit of {limit} bytes (set "
                "LOTSCERT_MAX_FILE_BYTES to change it)",
            )
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as error:
        raise _Refused(_unreadable(file, error)) from None
    return _decode(raw, file, limit)


def _decode(raw: bytes, file: str, limit: int) -> str:
    """The text of bytes read from a file, or :class:`_Refused`: too large or not UTF-8."""
    if len(raw) > limit:
        raise _Refused(
            _problem(
                file,
                "file.too_large",
                f"filen är större än gränsen {limit} byte (ändra med LOTSCERT_MAX_FILE_BYTES)",
                f"the file is over the limit of {limit} bytes (set LOTSCERT_MAX_FILE_BYTES to "
                "change it)",
            )
        )
    if raw.startswith((b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"))):
        # a zip (an .xlsx workbook) or an OLE compound file (.xls, a password-protected .xlsx)
        raise _Refused(
            _problem(
                file,
                "file.workbook",
                "filen är en arbetsbok (Excel), inte en YAML-fil; ange bedömningsfilen (.yaml; "
                "med --catalog katalogfilen) – en ifylld arbetsbok förs in med lotscert import "
                "xlsx BOK.xlsx --into FIL.yaml",
                "the file is a workbook (Excel), not a YAML file; give the assessment file "
                "(.yaml; with --catalog the catalogue file) – a filled-in workbook is merged "
                "with lotscert import xlsx BOOK.xlsx --into FILE.yaml",
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _Refused(
            _problem(
                file,
                "file.encoding",
                f"filen är inte UTF-8 (byte {raw[error.start]:#04x}); spara den som UTF-8 i din "
                "editor (i Anteckningar: Spara som → Kodning: UTF-8)",
                f"the file is not UTF-8 (byte {raw[error.start]:#04x}); save it as UTF-8 in your "
                "editor",
                line,
                1,
            )
        ) from None
    return text


def _check_text(file: str, text: str) -> None:
    """:class:`_Refused` for a file with no data, or with tabs in its indentation."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise _Refused(
            _problem(
                file,
                "file.empty",
                "filen är tom – den innehåller inga data",
                "the file is empty – it holds no data",
                1,
                1,
            )
        )
    for number, text_line in enumerate(text.splitlines() if "\t" in text else (), start=1):
        indentation = text_line[: len(text_line) - len(text_line.lstrip(" \t"))]
        if "\t" in indentation:
            raise _Refused(
                _problem(
                    file,
                    "yaml.tab",
                    "tabb används för indrag; YAML kräver mellanslag – byt tabbarna mot mellanslag",
                    "a tab is used for indentation; YAML needs spaces – replace the tabs with "
                    "spaces",
                    number,
                    indentation.index("\t") + 1,
                )
            )


def _parse(file: str, text: str) -> dict[Any, Any]:
    """The file's data (a mapping), or :class:`_Refused` with the located reason."""
    fast, data = _fast_load(text)
    if fast and isinstance(data, dict):
        return data
    # Most files cannot nest deeper than MAX_DEPTH at all (the bound says so); plain files that
    # might are parsed first and measured on the data; only the rest pay for an event scan.
    loaded = False
    data = None
    bound = _depth_bound(text)
    if bound > MAX_DEPTH:
        exotic = any(mark in text for mark in ("&", "*", "<<", "!"))
        if bound > _SAFE_TO_COMPOSE or exotic:
            too_deep = _too_deep(file, text)
            if too_deep is not None:
                raise _Refused(too_deep)
        else:
            try:
                data = _load(text)
                loaded = True
            except Exception:
                # the error is reported below, unless the file is also nested too deep
                too_deep = _too_deep(file, text)
                if too_deep is not None:
                    raise _Refused(too_deep) from None
            else:
                if _data_depth(data, MAX_DEPTH) > MAX_DEPTH:
                    too_deep = _too_deep(file, text)
                    if too_deep is not None:
                        raise _Refused(too_deep)
    if "&" in text and "*" in text:
        try:
            root = yaml.compose(text, Loader=_BaseLoader)
        except yaml.YAMLError:
            root = None
        size, where, endless = (
            _expanded_size(root, MAX_EXPANDED_NODES) if root is not None else (0, None, False)
        )
        if endless:
            raise _Refused(
                _problem(
                    file,
                    "yaml.alias_cycle",
                    "ett YAML-alias (*namn) står inuti samlingen det pekar på (&namn), så värdet "
                    "tar aldrig slut; filen avvisas – skriv ut värdet i stället",
                    "a YAML alias (*name) stands inside the collection it refers to (&name), so "
                    "the value never ends; refused – write the value out instead",
                    where.line + 1 if where else None,
                    where.column + 1 if where else None,
                )
            )
        if size > MAX_EXPANDED_NODES:
            raise _Refused(
                _problem(
                    file,
                    "yaml.alias_bomb",
                    f"YAML-alias (&/*) blåser upp filen till över {MAX_EXPANDED_NODES} värden; "
                    "filen avvisas",
                    f"YAML aliases (&/*) expand the file to over {MAX_EXPANDED_NODES} values; "
                    "refused",
                    where.line + 1 if where else None,
                    where.column + 1 if where else None,
                )
            )
    try:
        if not loaded:
            data = _load(text)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        problem = _load_problem(file, text, error)
        if problem is None:
            raise
        raise _Refused(problem, error) from None
    if not isinstance(data, dict):
        raise _Refused(
            _problem(
                file,
                "yaml.not_mapping",
                "filen ska vara en samling nyckel: värde på översta nivån",
                "the file must be a mapping of key: value at the top level",
                1,
                1,
            )
        )
    mapping: dict[Any, Any] = data
    return mapping


def _load_problem(file: str, text: str, error: BaseException) -> Diagnostic | None:
    """The located, translated diagnostic for an error of the full loader; None for a
    ``ValueError`` that is not about a too-long number (a bug, for the caller to raise)."""
    if isinstance(error, yaml.YAMLError) and _refuses_depth(error):
        return _too_deep(file, text) or _too_deep_at(file, getattr(error, "problem_mark", None))
    if isinstance(error, DuplicateKey):
        mark = error.problem_mark
        return _problem(
            file,
            "yaml.duplicate_key",
            f"{_duplicate_sv(error.problem or '')}; ta bort eller slå ihop den ena",
            f"{error.problem}; remove or merge one of them",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
    if isinstance(error, yaml.constructor.ConstructorError):
        return _constructor_problem(file, error)
    if isinstance(error, yaml.MarkedYAMLError):
        return _syntax_problem(file, error)
    if isinstance(error, yaml.reader.ReaderError):
        at = _character_position(text, error)
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        return _problem(
            file,
            "yaml.character",
            f"otillåtet tecken {character} (ett styrtecken) – ta bort det",
            f"forbidden character {character} (a control character) – remove it",
            line,
            column,
        )
    if isinstance(error, yaml.YAMLError):
        return _problem(file, "yaml.syntax", f"YAML-fel: {error}", f"YAML error: {error}")
    if isinstance(error, ValueError):
        # PyYAML converts integers with int(); Python refuses more than 4300 digits.
        position = _long_number(text)
        if position is None:
            return None  # not a number too long: a bug, re-raised by the caller
        return _problem(
            file,
            "yaml.number_too_long",
            f"talet har fler än {_MAX_INT_DIGITS} siffror; skriv ett rimligt värde",
            f"the number has more than {_MAX_INT_DIGITS} digits; write a sensible value",
            *position,
        )
    if isinstance(error, RecursionError):
        return _problem(
            file, "yaml.too_deep", "filen är för djupt nästlad", "the file is nested too deeply"
        )
    return None


def _character_position(text: str, error: yaml.reader.ReaderError) -> int:
    """Where in ``text`` the reader found its bad character. libyaml counts bytes of UTF-8,
    the pure-Python reader characters: after an å the two differ."""
    position = int(error.position)
    if 0 <= position < len(text) and ord(text[position]) == error.character:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _constructor_problem(file: str, error: yaml.constructor.ConstructorError) -> Diagnostic:
    """A value the safe loader cannot build: a tag, a collection as a key, a bad merge, an
    impossible date."""
    mark = error.problem_mark
    problem = error.problem or ""
    if "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip().replace("tag:yaml.org,2002:", "!!")
        sv = f"YAML-taggen {tag} stöds inte (bara vanliga värden är tillåtna)"
        en = f"the YAML tag {tag} is not supported (only plain values are allowed)"
    elif problem.startswith("found unhashable key"):
        sv = "en nyckel får inte vara en lista eller samling; skriv nyckeln som text"
        en = "a key cannot be a list or a mapping; write the key as text"
    elif "for merging" in problem:
        sv = "<< (sammanfogning) kräver en samling (&namn) eller en lista av samlingar"
        en = "<< (merge) needs a mapping (&name) or a list of mappings"
    elif problem.startswith("not a valid date"):
        value = problem.split(":", 1)[1].split("(")[0].strip()
        sv = f"ogiltigt datum {value}; skriv ÅÅÅÅ-MM-DD med en dag som finns"
        en = f"invalid date {value}; write YYYY-MM-DD with a day that exists"
    else:
        sv = f"YAML-fel: {problem}"
        en = f"YAML error: {problem}"
    return _problem(
        file,
        "yaml.constructor",
        sv,
        en,
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
    )


def _syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Diagnostic:
    """A syntax error, at the place the user has to look (where a key or quote began)."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "syntax error"
    context = f" ({error.context})" if error.context else ""
    if error.context_mark is not None and problem.startswith(
        ("could not find expected ':'", "found unexpected end of stream")
    ):
        # The problem shows where the scanner gave up; the start of the key or the
        # unclosed quote is where the user has to look.
        mark = error.context_mark
    sv_problem = _syntax_sv(problem)
    opened = error.context_mark
    started_sv = started_en = ""
    if (
        opened is not None
        and mark is not None
        and opened.line != mark.line
        and (error.context or "").startswith("while parsing a")
    ):
        started_sv = f" (samlingen började på rad {opened.line + 1})"
        started_en = f" (the collection began on line {opened.line + 1})"
    return _problem(
        file,
        "yaml.syntax",
        f"YAML-syntaxfel: {sv_problem}{started_sv} – kontrollera indrag, kolon och citattecken",
        f"YAML syntax error: {problem}{context}{started_en} – check indentation, colons and quotes",
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
    )


#: PyYAML's wording of common syntax problems, in Swedish (unknown ones stay in English).
_SYNTAX_PROBLEMS_SV: tuple[tuple[str, str], ...] = (
    ("did not find expected key", "hittade ingen nyckel där en väntades (fel indrag?)"),
    ("could not find expected ':'", "kolon (:) saknas efter nyckeln"),
    ("found unexpected end of stream", "filen tar slut innan citattecknet stängs"),
    ("did not find expected ',' or '}'", "{ stängs aldrig med } (eller ett kommatecken saknas)"),
    ("did not find expected ',' or ']'", "[ stängs aldrig med ] (eller ett kommatecken saknas)"),
    ("but found another document", "filen innehåller mer än ett YAML-dokument (---)"),
    ("found undefined alias", "aliaset (*namn) pekar på ett ankare (&namn) som inte finns"),
    (
        "mapping values are not allowed",
        "ett kolon (:) får inte stå här – sätt texten inom citattecken",
    ),
    ("did not find expected '-' indicator", "en listrad (- …) väntades här (fel indrag?)"),
    (
        "found character that cannot start any token",
        "tecknet kan inte inleda ett värde (@, ` och % kräver citattecken)",
    ),
    ("did not find expected <document start>", "oväntad text efter filens slut"),
    ("expected <block end>", "fel indrag: raden passar inte in i strukturen ovanför"),
    (
        "did not find expected node content",
        "ett värde saknas här (en [ eller { som aldrig stängs, eller en ] eller } för mycket?)",
    ),
    (
        "found unknown escape character",
        "okänd \\-sekvens i en text inom \"…\"; skriv \\\\ eller använd '…' i stället",
    ),
    ("second occurrence", "ankaret (&namn) finns redan tidigare i filen; ge det ett eget namn"),
    ("did not find expected alphabetic or numeric character", "& och * ska följas av ett namn"),
    ("found duplicate %YAML directive", "%YAML står två gånger; ta bort den ena raden"),
    ("found unknown directive name", "okänt %-direktiv; ta bort raden (eller citera värdet)"),
    ("did not find the expected '>'", "taggen !<…> stängs aldrig med >"),
)


def _syntax_sv(problem: str) -> str:
    for english, swedish in _SYNTAX_PROBLEMS_SV:
        if problem.startswith(english):
            return swedish
    return problem


def _duplicate_sv(problem: str) -> str:
    # problem reads: duplicate key 'P3' (first on line 12)
    rest = problem.removeprefix("duplicate key ")
    key, _, tail = rest.partition(" (first on line ")
    return f"nyckeln {key} finns två gånger (första gången på rad {tail.rstrip(')')})"
