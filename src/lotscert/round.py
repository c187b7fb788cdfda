"""The record of an assessment's round of workbooks: ``NAME.round.json`` beside the assessment.

``export xlsx`` notes every workbook it sends out (its id, file, department, levels, when);
``import xlsx`` notes when one came back, how many values it changed, and the conflicts it
stopped on (cleared by the next import of that workbook that succeeds). ``lotscert status``
reads it. The record also keeps, per workbook, the values of its last successful import, so
that a department's second version of the same workbook is merged against what its first
version already brought in (not reported as a conflict with itself).

The record is written like every file changed in place (:func:`lotscert.atomic.edit_in_place`:
locked, re-checked, renamed). It is a convenience: an assessment without one is complete, and a
record that cannot be read is reported and started afresh, never a reason to lose an answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lotscert.atomic import edit_in_place, resolve_target
from lotscert.models.common import Language

#: Changes of the record's own layout; a newer one is read as far as it is understood.
RECORD_FORMAT = 1

Record = dict[str, Any]


def record_path(assessment: Path) -> Path:
    """``2026-self_assessment.round.json`` beside ``2026-self_assessment.yaml`` (beside the
    file a link points at)."""
    target = resolve_target(Path(assessment))
    return target.with_name(target.stem + ".round.json")


def _parse(raw: bytes | None) -> Record:
    if not raw:
        return {"format": RECORD_FORMAT, "workbooks": {}}
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {"format": RECORD_FORMAT, "workbooks": {}, "unreadable": True}
    if not isinstance(record, dict) or not isinstance(record.get("workbooks"), dict):
        return {"format": RECORD_FORMAT, "workbooks": {}, "unreadable": True}
    return record


def read_record(assessment: Path) -> Record:
    """The round's record (empty when there is none)."""
    try:
        raw = record_path(assessment).read_bytes()
    except OSError:
        raw = None
    return _parse(raw)


def update_record(
    assessment: Path, change: Callable[[Record], None], *, lang: Language = "sv"
) -> None:
    """Apply ``change`` to the record under its lock and write it back."""
    with edit_in_place(record_path(assessment), lang=lang) as edit:
        record = _parse(edit.original)
        record.pop("unreadable", None)
        change(record)
        # Compact: the record keeps every value of the last import of each workbook (for a
        # 2 000-person checklist, megabytes), and an indented dump is several times slower.
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        text += "\n"
        edit.write(text.encode("utf-8"))


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


def note_import(
    assessment: Path,
    workbook_id: str,
    *,
    file: str,
    department: str | None,
    when: str,
    changes: int,
    conflicts: list[str],
    merged: list[list[Any]] | None,
    lang: Language = "sv",
    saved: str | None = None,
) -> None:
    """Record a workbook that came back: merged (``merged`` = the values it is merged against
    from now on, canonical; None when they stay as they were), or stopped on ``conflicts``."""

    def change(record: Record) -> None:
        entry = record["workbooks"].setdefault(
            workbook_id, {"file": file, "department": department, "imports": []}
        )
        entry.setdefault("imports", [])
        if conflicts:
            entry["conflicts"] = conflicts
            return
        done: dict[str, Any] = {"at": when, "file": file, "changes": changes}
        if saved is not None:
            done["saved"] = saved  # when the workbook imported was last saved
        entry["imports"].append(done)
        entry["conflicts"] = []
        if merged is not None:
            entry["merged"] = merged

    update_record(assessment, change, lang=lang)


def last_saved(record: Record, workbook_id: str) -> str | None:
    """When the version of this workbook imported last had been saved (ISO), if known."""
    entry = record["workbooks"].get(workbook_id)
    imports = entry.get("imports") if isinstance(entry, dict) else None
    if not isinstance(imports, list) or not imports or not isinstance(imports[-1], dict):
        return None
    saved = imports[-1].get("saved")
    return saved if isinstance(saved, str) else None


def last_merged(record: Record, workbook_id: str) -> list[list[Any]] | None:
    """The canonical values the last successful import of this workbook brought in."""
    entry = record["workbooks"].get(workbook_id)
    if not isinstance(entry, dict):
        return None
    merged = entry.get("merged")
    return merged if isinstance(merged, list) else None
