"""The record of an assessment's round of workbooks: ``NAME.round.json`` beside the assessment.

``export xlsx`` notes every workbook it sends out (its id, file, department, levels, when);
``import xlsx`` notes when one came back, how many values it changed, and the conflicts it
stopped on (cleared by the next import of that workbook that succeeds). ``lotscert status``
reads it. The record also keeps, per workbook, the values of its last successful import, so
that a department's second version of the same workbook is merged against what its first
version already brought in (not reported as a conflict with itself).

The record is written like every file changed in place (:func:`lotscert.atomic.edit_in_place`:
locked, re-checked, renamed); ``import xlsx`` reads and writes it in one step with the
assessment (:func:`record_step`, under the assessment's lock: the record just before the file,
put back when the file cannot be written), and a record that cannot be locked or written stops
the import before anything is written. The file is the truth, the record only remembers what
workbooks brought in: a value it remembers that the file no longer holds is asked about, never
passed over. A record that cannot be read (not JSON, or JSON of the wrong form) is never
overwritten: :func:`load_record` raises :class:`RecordError` (located, in both languages), an
import refuses the workbook unless ``--unrecorded`` (then it writes the answers and reports the
record as a problem), and ``lotscert status`` stops on it.

A conflict is kept in both languages (``{"sv": …, "en": …}``) so that ``status`` shows it in
the language of its own run; records written before that hold the line as one string.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lotscert.atomic import (
    InPlaceEdit,
    check_single_name,
    edit_in_place,
    resolve_target,
    write_bytes_atomic,
)
from lotscert.errors import Location, LotscertError
from lotscert.models.common import Language
from lotscert.oserrors import os_reason

#: Changes of the record's own layout; a newer one is read as far as it is understood.
#: 2: conflicts kept in both languages.
RECORD_FORMAT = 2

Record = dict[str, Any]


class RecordError(LotscertError):
    """The round's record cannot be read or has the wrong form (it is left as it is)."""


def record_path(assessment: Path) -> Path:
    """``2026-self_assessment.round.json`` beside ``2026-self_assessment.yaml`` (beside the
    file a link points at)."""
    target = resolve_target(Path(assessment))
    if not target.name:  # "." or "/": a folder, refused by whoever writes; name it in full
        target = target.resolve()
    if not target.name:  # the root folder
        return target / "assessment.round.json"
    return target.with_name(target.stem + ".round.json")


def _empty() -> Record:
    return {"format": RECORD_FORMAT, "workbooks": {}}


_STRING = (str,)
_TEXT_OR_NONE = (str, type(None))

#: What each field of a workbook's entry holds (fields not listed are a newer lotscert's and
#: are kept as they are).
_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "file": _TEXT_OR_NONE,
    "department": _TEXT_OR_NONE,
    "exported": _TEXT_OR_NONE,
    "levels": (list,),
    "requirements": (list,),
    "imports": (list,),
    "conflicts": (list,),
    "merged": (list,),
    "brought": (list,),
    "declined": (list,),
}

_KIND_NAMES = {
    "object": ("ett objekt ({…})", "an object ({…})"),
    "list": ("en lista ([…])", "a list ([…])"),
    "text": ("en text", "a text"),
    "text or null": ("en text eller null", "a text or null"),
    "whole number": ("ett heltal", "a whole number"),
    "place": (
        "ett par [plats, värde] där platsen är en lista av texter och tal",
        "a pair [place, value] whose place is a list of texts and numbers",
    ),
    "conflict": (
        'en text eller {"sv": text, "en": text}',
        'a text or {"sv": text, "en": text}',
    ),
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _wrong_form(record: Any) -> tuple[str, str] | None:
    """Where ``record`` is not a round's record and what belongs there (None when it is)."""
    if not isinstance(record, dict):
        return "", "object"
    if "format" in record and not _is_int(record["format"]):
        return "format", "whole number"
    books = record.get("workbooks")
    if not isinstance(books, dict):
        return "workbooks", "object"
    for key, entry in books.items():
        where = f"workbooks.{key}"
        if not isinstance(entry, dict):
            return where, "object"
        for name, types in _ENTRY_FIELDS.items():
            if name in entry and not isinstance(entry[name], types):
                return f"{where}.{name}", "list" if types == (list,) else "text or null"
        for name in ("levels", "requirements"):
            for index, item in enumerate(entry.get(name) or []):
                if not isinstance(item, str):
                    return f"{where}.{name}[{index}]", "text"
        for index, item in enumerate(entry.get("imports") or []):
            if not isinstance(item, dict):
                return f"{where}.imports[{index}]", "object"
            for name in ("at", "file"):
                if name in item and not isinstance(item[name], str):
                    return f"{where}.imports[{index}].{name}", "text"
            if "changes" in item and not _is_int(item["changes"]):
                return f"{where}.imports[{index}].changes", "whole number"
        for index, item in enumerate(entry.get("conflicts") or []):
            if not (isinstance(item, str) or _is_conflict_pair(item)):
                return f"{where}.conflicts[{index}]", "conflict"
        for index, item in enumerate(entry.get("merged") or []):
            if not _is_place_value(item):
                return f"{where}.merged[{index}]", "place"
        for name in ("brought", "declined"):
            for index, item in enumerate(entry.get(name) or []):
                if not (_is_place_value(item) and isinstance(item[1], list)):
                    return f"{where}.{name}[{index}]", "place"
    return None


def _is_conflict_pair(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("sv"), str)
        and isinstance(item.get("en"), str)
    )


def _is_place_value(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], list)
        and all(isinstance(part, str) or _is_int(part) for part in item[0])
    )


def _refuse(path: Path, sv: str, en: str) -> RecordError:
    return RecordError(
        f"{sv}; rätta filen eller ta bort den (då glömmer rundan vilka arbetsböcker som gått ut)",
        Location(str(path)),
        en=f"{en}; correct the file or remove it (the round then forgets which workbooks went out)",
    )


def _parse(raw: bytes | None, path: Path) -> Record:
    """The record in ``raw`` (empty when there is none); :class:`RecordError` when it cannot
    be read or has the wrong form."""
    if not raw:
        return _empty()
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse(
            path, "rundans logg är inte UTF-8-text", "the round's record is not UTF-8 text"
        ) from None
    except (ValueError, RecursionError) as error:  # RecursionError: nested past Python's limit
        line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
        at_sv = f" (rad {line}, kolumn {column})" if line else ""
        at_en = f" (line {line}, column {column})" if line else ""
        raise _refuse(
            path,
            f"rundans logg är inte giltig JSON{at_sv}",
            f"the round's record is not valid JSON{at_en}",
        ) from None
    wrong = _wrong_form(record)
    if wrong is not None:
        where, kind = wrong
        kind_sv, kind_en = _KIND_NAMES[kind]
        place_sv = f"{where or 'hela filen'} ska vara {kind_sv}"
        place_en = f"{where or 'the whole file'} should be {kind_en}"
        raise _refuse(
            path,
            f"rundans logg har fel form ({place_sv})",
            f"the round's record has the wrong form ({place_en})",
        )
    return dict(record)


def load_record(assessment: Path) -> Record:
    """The round's record (empty when there is none). Raises :class:`RecordError` when it
    cannot be read or has the wrong form."""
    path = record_path(assessment)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except IsADirectoryError:
        raise _refuse(path, "rundans logg är en mapp", "the round's record is a folder") from None
    except OSError as error:
        raise _refuse(
            path,
            f"rundans logg kan inte läsas ({os_reason(error, 'sv')})",
            f"the round's record cannot be read ({os_reason(error, 'en')})",
        ) from None
    return _parse(raw, path)


def read_record(assessment: Path) -> Record:
    """The round's record; empty (marked ``"unreadable"``) when it cannot be read or has the
    wrong form — for a caller to whom the record is only a help (:func:`load_record` says why)."""
    try:
        return load_record(assessment)
    except RecordError:
        return {**_empty(), "unreadable": True}


@dataclass
class RecordStep:
    """The round's record, locked and read (:func:`record_step`): what it holds, and how to
    write a change of it back and — when what it goes with could not be written — undo that."""

    edit: InPlaceEdit
    record: Record
    written: bytes | None = None

    def write(self, change: Callable[[Record], None]) -> None:
        """Apply ``change`` to the record and write it (unless it changed since it was read)."""
        record = copy.deepcopy(self.record)
        record["format"] = max(RECORD_FORMAT, record.get("format", RECORD_FORMAT))
        change(record)
        # Compact: the record keeps every value of the last import of each workbook (for a
        # 2 000-person checklist, megabytes), and an indented dump is several times slower.
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        data = (text + "\n").encode("utf-8")
        self.edit.write(data)
        self.written = data

    def undo(self) -> None:
        """Put back what the record held when it was read (as far as that can be done: an
        undo that fails leaves the record ahead of the file it goes with, which the next import
        asks about, never passes over — see :mod:`lotscert.excel.threeway`)."""
        if self.written is None:
            return
        target = self.edit.target
        with contextlib.suppress(LotscertError, OSError):
            if self.edit.original is None:
                if target.read_bytes() == self.written:
                    target.unlink()
            else:
                write_bytes_atomic(
                    target,
                    self.edit.original,
                    in_place=True,
                    expected=self.written,
                    lang=self.edit.lang,
                )
            self.written = None


@contextlib.contextmanager
def record_step(assessment: Path, *, lang: Language = "sv") -> Iterator[RecordStep]:
    """Lock the round's record and read it, for as long as the ``with`` block runs. Raises
    :class:`RecordError` (the record left as it is) when the record there cannot be read,
    and what :func:`lotscert.atomic.edit_in_place` raises when it cannot be locked or written
    (read-only, its lock held past the wait)."""
    # An assessment with several names (hard links) would have a record per name: refused,
    # as every write of it is.
    check_single_name(resolve_target(Path(assessment)), lang)
    path = record_path(assessment)
    if path.is_dir():
        raise _refuse(path, "rundans logg är en mapp", "the round's record is a folder")
    with edit_in_place(path, lang=lang) as edit:
        yield RecordStep(edit, _parse(edit.original, path))


#: How long a reader (``lotscert status``) waits for a writer's lock on the file before it
#: reads without it (seconds): an import holds it for a few seconds at most; a stuck lock must
#: not hold a reader long.
READ_WAIT_SECONDS = 5.0


@contextlib.contextmanager
def held_still(
    assessment: Path, *, lang: Language = "sv", wait: float | None = None
) -> Iterator[Literal["held", "busy", "unlockable"]]:
    """The assessment's lock, held while the caller reads the file and its round's record as
    one pair: an import writes both under it (the record just before the file), so read
    without it the two can come from either side of an import. Waits as writers do (and says
    so in one line after a moment), but only ``wait`` (default :data:`READ_WAIT_SECONDS`).
    Yields ``"held"``; ``"busy"`` when another write held the lock past the wait and
    ``"unlockable"`` when no lock can be made there (a read-only folder) — then the caller
    reads without it."""
    from lotscert.lockfile import FileLockedError, locked

    state: Literal["held", "busy", "unlockable"] = "held"
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(
                locked(
                    resolve_target(Path(assessment)),
                    lang=lang,
                    wait=READ_WAIT_SECONDS if wait is None else wait,
                )
            )
        except FileLockedError:
            state = "busy"
        except LotscertError:
            state = "unlockable"
        yield state


def update_record(
    assessment: Path, change: Callable[[Record], None], *, lang: Language = "sv"
) -> None:
    """Apply ``change`` to the record under its lock and write it back. Raises
    :class:`RecordError` (the record left as it is) when the record there cannot be read."""
    with record_step(assessment, lang=lang) as step:
        step.write(change)


def conflict_text(item: Any, lang: Language) -> str:
    """A stored conflict in ``lang`` (a record from before both languages were kept holds one
    line in the language of the run that stopped on it)."""
    if isinstance(item, dict):
        return str(item.get(lang) or item.get("sv") or "")
    return str(item)


def workbooks(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each workbook's id and entry, in the order they went out."""
    entries = [
        (key, value) for key, value in record["workbooks"].items() if isinstance(value, dict)
    ]
    yield from sorted(entries, key=lambda item: str(item[1].get("exported", "")))


def note_export(
    assessment: Path,
    workbook_id: str,
    *,
    file: str,
    department: str | None,
    levels: list[str],
    requirements: list[str],
    exported: str,
    lang: Language = "sv",
    base_sha256: str | None = None,
) -> None:
    """Record a workbook sent out (with the digest of the values it was given, so that the
    import can tell a base changed since — even with its digests recomputed)."""

    def change(record: Record) -> None:
        entry = record["workbooks"].setdefault(workbook_id, {})
        entry.update(
            {
                "file": file,
                "department": department,
                "levels": levels,
                "requirements": requirements,
                "exported": exported,
            }
        )
        if base_sha256:
            entry["base_sha256"] = base_sha256
        entry.setdefault("imports", [])
        entry.setdefault("conflicts", [])

    update_record(assessment, change, lang=lang)


def import_change(
    workbook_id: str,
    *,
    file: str,
    department: str | None,
    when: str,
    changes: int,
    conflicts: list[str],
    merged: list[list[Any]] | None,
    conflicts_en: list[str] | None = None,
    brought: list[list[Any]] | None = None,
    declined: list[list[Any]] | None = None,
) -> Callable[[Record], None]:
    """The change of the record for a workbook that came back: merged (``merged`` = the values
    it is merged against from now on, canonical; None when they stay as they were; ``brought``
    every value any version brought in, ``declined`` every value of it the file was kept over),
    or stopped on ``conflicts`` (Swedish; ``conflicts_en`` the same lines in English — without
    them the lines are kept as given)."""
    stored: list[Any] = list(conflicts)
    if conflicts_en is not None and len(conflicts_en) == len(conflicts):
        stored = [{"sv": sv, "en": en} for sv, en in zip(conflicts, conflicts_en, strict=True)]

    def change(record: Record) -> None:
        entry = record["workbooks"].setdefault(
            workbook_id, {"file": file, "department": department, "imports": []}
        )
        entry.setdefault("imports", [])
        if conflicts:
            entry["conflicts"] = stored
            return
        entry["imports"].append({"at": when, "file": file, "changes": changes})
        entry["conflicts"] = []
        if merged is not None:
            entry["merged"] = merged
        if brought is not None:
            entry["brought"] = brought
        if declined is not None:
            entry["declined"] = declined

    return change


def last_brought(record: Record, workbook_id: str) -> list[list[Any]] | None:
    """Every value any version of this workbook brought into the file, by place (where it
    differs from the export)."""
    entry = record["workbooks"].get(workbook_id)
    brought = entry.get("brought") if isinstance(entry, dict) else None
    return brought if isinstance(brought, list) else None


def last_declined(record: Record, workbook_id: str) -> list[list[Any]] | None:
    """Every value of this workbook the office kept the file's value over (``--ours``), by
    place."""
    entry = record["workbooks"].get(workbook_id)
    declined = entry.get("declined") if isinstance(entry, dict) else None
    return declined if isinstance(declined, list) else None


def last_merged(record: Record, workbook_id: str) -> list[list[Any]] | None:
    """The canonical values the last successful import of this workbook brought in."""
    entry = record["workbooks"].get(workbook_id)
    if not isinstance(entry, dict):
        return None
    merged = entry.get("merged")
    return merged if isinstance(merged, list) else None
