"""The main job on the bundled examples: validate, score each year against the previous one,
and write results, reports and workbooks. ``lotscert demo`` (and ``make demo``) runs it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lotscert.atomic import write_bytes_atomic, write_text_atomic
from lotscert.diagnostics import Report
from lotscert.engine import evaluate
from lotscert.engine.scope import scope_of
from lotscert.errors import ValidationFailed
from lotscert.loading import bundled_catalog_paths, load_assessment_with_catalog, validate_paths
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import Result
from lotscert.resultjson import result_to_json


@dataclass(frozen=True)
class ScoredFile:
    """One example assessment, its result, and where the JSON went."""

    path: Path
    previous: Path | None
    result: Result
    json_path: Path


@dataclass
class DemoRun:
    """Everything the demo did, for the CLI to print."""

    validation: Report
    scored: list[ScoredFile] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


Step = Callable[[str], None]


def group_by_municipality(paths: list[Path]) -> dict[str, list[tuple[Assessment, Path]]]:
    """Assessment files grouped by municipality code, oldest first."""
    groups: dict[str, list[tuple[Assessment, Path]]] = {}
    for path in paths:
        assessment, _ = load_assessment_with_catalog(path)
        groups.setdefault(assessment.municipality.code, []).append((assessment, path))
    for items in groups.values():
        items.sort(key=lambda item: (item[0].period, item[0].date))
    return dict(sorted(groups.items()))


def output_folder(out_dir: Path, assessment: Assessment) -> Path:
    """``reports/demo/<kod>-<namn>/``."""
    from lotscert.skeleton import slug

    code, name = assessment.municipality.code, assessment.municipality.name
    return out_dir / f"{code}-{slug(name)}"


def score_examples(
    examples: Path, out_dir: Path, step: Step | None = None
) -> tuple[list[ScoredFile], dict[str, list[tuple[Assessment, Path]]]]:
    """Score every example against its previous year and write each result as JSON."""
    from lotscert.register import looks_like_decision

    files = sorted(
        p for p in examples.rglob("*.yaml") if p.is_file() and not looks_like_decision(p)
    )
    groups = group_by_municipality(files)
    scored: list[ScoredFile] = []
    for items in groups.values():
        previous: tuple[Assessment, Path] | None = None
        for assessment, path in items:
            if step:
                step(str(path))
            _, catalog = load_assessment_with_catalog(path)
            # Year over year runs through audits of the whole function; a surveillance audit or
            # a persons test certification is scored on its own.
            full = scope_of(assessment.kind) == "full"
            before = previous if full else None
            result = evaluate(catalog, assessment, before[0] if before else None)
            target = output_folder(out_dir, assessment) / f"{path.stem}.json"
            write_text_atomic(target, result_to_json(result))
            scored.append(ScoredFile(path, before[1] if before else None, result, target))
            if full:
                previous = (assessment, path)
    return scored, groups


def run_demo(
    examples: Path,
    out_dir: Path,
    step: Step | None = None,
    lang: Language = "sv",
    formats: Sequence[str] = ("html", "pdf"),
) -> DemoRun:
    """Validate the bundled catalogue and the examples, then score them.

    Raises :class:`ValidationFailed` when any file has an error: the demo data must be clean.
    """
    validation = validate_paths([*bundled_catalog_paths(), examples])
    if validation.errors:
        raise ValidationFailed(list(validation.errors), validation.errors[0].format("en"))
    run = DemoRun(validation)
    run.scored, groups = score_examples(examples, out_dir, step)
    run.written.extend(item.json_path for item in run.scored)
    run.written.extend(write_demo_reports(groups, out_dir, lang, step, formats))
    run.written.extend(write_demo_workbooks(groups, out_dir, lang, step))
    latest = max(assessment.date for items in groups.values() for assessment, _ in items)
    run.written.extend(write_demo_register(examples, out_dir, lang, step, latest))
    return run


def write_demo_register(
    examples: Path,
    out_dir: Path,
    lang: Language = "sv",
    step: Step | None = None,
    latest: dt.date | None = None,
) -> list[Path]:
    """The certificate register of the examples, and the certificates their decisions issue.

    The register shows the state on the latest date of any example decision or ``latest`` (the
    newest assessment's date): the demo gives the same files whatever day it runs."""
    from lotscert.register import build_register, load_decisions
    from lotscert.reports import write_report
    from lotscert.reports.register import RegisterFormat, render_register

    decisions = load_decisions([examples])
    if not decisions:
        return []
    written: list[Path] = []
    for item in decisions:
        if step:
            step(f"{item.path} (certificate)")
        written += write_report("certificate", [item.path], "html", lang, out_dir)
    at = max([item.decision.date for item in decisions] + ([latest] if latest else []))
    register = build_register([examples], at)
    for fmt in (RegisterFormat.HTML, RegisterFormat.JSON):
        target = out_dir / f"register-{at.isoformat()}.{fmt.value}"
        write_bytes_atomic(target, render_register(register, fmt, lang))
        written.append(target)
    return written


def write_demo_workbooks(
    groups: dict[str, list[tuple[Assessment, Path]]],
    out_dir: Path,
    lang: Language = "sv",
    step: Step | None = None,
) -> list[Path]:
    """Per municipality: the latest audit of the whole function as a filled checklist and a blank
    one for next year.

    The demo owns its output folder, so it replaces the workbooks of an earlier run.
    """
    from lotscert.excel import export_blank, export_workbook

    written: list[Path] = []
    for items in groups.values():
        assessment, path = [item for item in items if scope_of(item[0].kind) == "full"][-1]
        folder = output_folder(out_dir, assessment)
        if step:
            step(f"{path} (xlsx)")
        written.append(export_workbook(path, folder / f"{path.stem}.xlsx", lang, force=True))
        next_year = assessment.period + 1
        written.append(
            export_blank(
                assessment.municipality.code,
                next_year,
                folder / f"{next_year}-self_assessment-tom.xlsx",
                catalog=assessment.catalog,
                lang=lang,
                municipality_name=assessment.municipality.name,
                force=True,
            )
        )
    return written


def write_demo_reports(
    groups: dict[str, list[tuple[Assessment, Path]]],
    out_dir: Path,
    lang: Language = "sv",
    step: Step | None = None,
    formats: Sequence[str] = ("html", "pdf"),
) -> list[Path]:
    """Per municipality: gap report and certificate of the latest year (against the year
    before), the persons report and the trend; then one comparison of every municipality's
    latest year and the national picture of every assessment (the latest per municipality on
    the map of Sweden), in HTML and PDF."""
    from lotscert.reports import write_report

    written: list[Path] = []
    latest: list[Path] = []
    for items in groups.values():
        paths = [path for assessment, path in items if scope_of(assessment.kind) == "full"]
        others = [
            (assessment, path) for assessment, path in items if scope_of(assessment.kind) != "full"
        ]
        newest, previous = paths[-1], (paths[-2] if len(paths) > 1 else None)
        latest.append(newest)
        for fmt in formats:
            if step:
                step(f"{newest} ({fmt})")
            for kind in ("gap", "certificate", "persons"):
                written += write_report(kind, [newest], fmt, lang, out_dir, previous=previous)
            if len(paths) > 1:
                written += write_report("trend", paths, fmt, lang, out_dir)
            for assessment, path in others:
                # The audit summary of a surveillance audit; the per-person results and the
                # summary for the municipality of a persons test certification.
                kind = "persons" if scope_of(assessment.kind) == "persons" else "certificate"
                written += write_report(kind, [path], fmt, lang, out_dir)
    for fmt in formats:
        if step:
            step(f"compare ({fmt})")
        written += write_report("compare", latest, fmt, lang, out_dir)
        if step:
            step(f"national ({fmt})")
        every = [path for items in groups.values() for _, path in items]
        written += write_report("national", every, fmt, lang, out_dir)
    return written


def catalog_of(path: Path) -> Catalog:
    """The catalogue an example assessment names."""
    return load_assessment_with_catalog(path)[1]
