"""Put the measurements of a metrics file into many assessment files at once.

Each row of the file (see :mod:`lotscert.metricsfile`) goes to the assessment of its
municipality among the files or folders given (``--year`` picks one period when a folder
holds several). A measurement replaces the one with the same key (keeping the fields the file
has no column for, such as a note), or is added. Everything is checked before anything is
written: a bad cell, a municipality without an assessment, or one with several, stops the whole
import with every problem located (``file:row:column``). Each
changed file keeps its comments and order (the same merge as ``import xlsx``) and is written
atomically; files without changes are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotscert.atomic import write_back
from lotscert.diagnostics import Diagnostic
from lotscert.errors import AssessmentError, Location, ValidationFailed
from lotscert.metricsfile import MetricRow, read_metrics_file
from lotscert.models.assessment import Assessment, Metric

#: A measurement's fields besides its value: kept on import when the file has no column for
#: them, replaced (or cleared, by an empty cell) when it has.
_KEPT_UNLESS_GIVEN = (
    "source",
    "source_kind",
    "date",
    "period",
    "answers",
    "area",
    "factor",
    "note",
)


@dataclass(frozen=True)
class MetricChange:
    """One measurement written (or to be written, with ``--dry-run``)."""

    path: Path
    code: str
    key: str
    old: Metric | None
    new: Metric


@dataclass
class MetricsImport:
    """What an import did."""

    changes: list[MetricChange] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _Target:
    path: Path
    assessment: Assessment
    text: str
    byte_order_mark: str
    windows_lines: bool
    raw: bytes  # the bytes read: written back only over exactly these


def _read_target(path: Path) -> _Target:
    from lotscert.loading import load_assessment

    assessment = load_assessment(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AssessmentError(str(error), Location(str(path))) from None
    byte_order_mark = ""
    if text.startswith("\ufeff"):
        byte_order_mark, text = "\ufeff", text[1:]
    windows_lines = "\r\n" in text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _Target(path, assessment, text, byte_order_mark, windows_lines, raw)


def _problem(display: str, row: int, code: str, sv: str, en: str) -> Diagnostic:
    return Diagnostic(display, "error", code, sv, en, line=row, column=1)


def import_metrics(
    metrics_file: Path,
    into: Sequence[Path],
    *,
    year: int | None = None,
    dry_run: bool = False,
) -> MetricsImport:
    """Read ``metrics_file`` and put its measurements into the assessments among ``into``
    (files or folders). Raises ``ValidationFailed`` (every problem located) or another
    ``LotscertError``; then nothing is written."""
    from lotscert.loading import _looks_like_catalog, iter_yaml_files

    rows = read_metrics_file(metrics_file)
    display = str(metrics_file)
    targets: dict[str, list[_Target]] = {}
    for path in iter_yaml_files(into, with_decisions=False):
        if _looks_like_catalog(Path(path)):
            continue  # a folder may hold its catalogue beside the assessments
        target = _read_target(Path(path))
        if year is not None and target.assessment.period != year:
            continue
        targets.setdefault(target.assessment.municipality.code, []).append(target)
    problems: list[Diagnostic] = []
    chosen: dict[str, list[MetricRow]] = {}
    for row in rows:
        found = targets.get(row.code, [])
        if not found:
            where = f" för {year}" if year is not None else ""
            where_en = f" for {year}" if year is not None else ""
            problems.append(
                _problem(
                    display,
                    row.row,
                    "metrics_no_assessment",
                    f"ingen bedömning av kommun {row.code}{where} bland filerna att föra in i",
                    f"no assessment of municipality {row.code}{where_en} among the files to "
                    "import into",
                )
            )
        elif len(found) > 1:
            names = ", ".join(str(target.path) for target in found)
            problems.append(
                _problem(
                    display,
                    row.row,
                    "metrics_several_assessments",
                    f"kommun {row.code} har flera bedömningar ({names}); ange --year eller en fil",
                    f"municipality {row.code} has several assessments ({names}); give --year or "
                    "one file",
                )
            )
        else:
            chosen.setdefault(row.code, []).append(row)
    if problems:
        raise ValidationFailed(list[object](problems))
    from lotscert.excel.merge import merge_text

    outcome = MetricsImport()
    planned: list[tuple[_Target, str]] = []
    for code in sorted(chosen):
        target = targets[code][0]
        old = target.assessment
        metrics = dict(old.metrics)
        for row in chosen[code]:
            before = metrics.get(row.key)
            measured = row.metric_data()
            if before is not None:
                # what the file has no column for (a note, say) stays as it was
                for name in _KEPT_UNLESS_GIVEN:
                    value = getattr(before, name)
                    if name not in row.columns and value is not None:
                        measured.setdefault(name, value)
            new_metric = Metric.model_validate(measured)
            if before != new_metric:
                outcome.changes.append(MetricChange(target.path, code, row.key, before, new_metric))
            metrics[row.key] = new_metric
        if metrics == old.metrics:
            outcome.unchanged.append(target.path)
            continue
        data: dict[str, Any] = {name: getattr(old, name) for name in type(old).model_fields}
        data["metrics"] = metrics
        new = Assessment.model_validate(data)
        text = merge_text(target.text, old, new)
        if target.windows_lines:
            text = text.replace("\n", "\r\n")
        planned.append((target, target.byte_order_mark + text))
    if not dry_run:
        for target, text in planned:
            # under the file's lock, and only over the bytes that were read
            write_back(target.path, target.raw, text.encode("utf-8"))
            outcome.written.append(target.path)
    return outcome
