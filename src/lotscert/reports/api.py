"""Reports end to end: load, evaluate, build the view-model, render, write atomically.

``write_report`` is what the CLI and the demo call. ``compare_rows`` streams: it evaluates one
assessment at a time and keeps only its summary row, so a national comparison (290
municipalities) never holds more than one result in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import assert_never

from lotscert.atomic import write_bytes_atomic
from lotscert.engine.national import MunicipalitySummary
from lotscert.engine.scope import scope_of
from lotscert.errors import Location, LotscertError, ReportError
from lotscert.inputs import check_not_inputs
from lotscert.labels import decision_text, label
from lotscert.models.assessment import Assessment, AssessmentKind
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import Outcome, Result
from lotscert.reports import context as ctx
from lotscert.reports.i18n import counted, tr
from lotscert.reports.integrity import (
    InputRole,
    Integrity,
    ReportOptions,
    build_integrity,
    checked_generated_at,
    display_name,
)
from lotscert.reports.kinds import ReportFormat, ReportKind, file_extension

#: Called with each assessment path as it is read (the CLI may attach a progress display).
Progress = Callable[[Path], None]


@dataclass(frozen=True)
class LoadedAssessment:
    """An assessment with its catalogue and the files they came from."""

    path: Path
    assessment: Assessment
    catalog: Catalog
    catalog_path: Path


def load(path: Path, catalog_paths: Sequence[Path] = ()) -> LoadedAssessment:
    """Load and cross-check an assessment; the catalogue file is kept for the integrity block."""
    from lotscert.loading import load_assessment_with_catalog, read_assessment

    path = Path(path)
    if not path.is_file():
        raise ReportError("filen finns inte", Location(str(path)), en="file not found")
    assessment, entry, problems = read_assessment(path, catalog_paths)
    if assessment is None or entry is None or any(d.severity == "error" for d in problems):
        load_assessment_with_catalog(path, catalog_paths)  # raises the located error
        raise ReportError("cannot load this assessment", Location(str(path)))
    return LoadedAssessment(path, assessment, entry.catalog, entry.path)


def _previous_audit(item: LoadedAssessment, catalogs: Sequence[Path]) -> LoadedAssessment | None:
    """The latest earlier audit of the same municipality in the assessment's folder, if any."""
    from lotscert.previous import previous_audit_candidates

    best: LoadedAssessment | None = None
    for path in previous_audit_candidates(Path(item.path), item.assessment.period):
        candidate = load(path, catalogs)
        earlier = candidate.assessment.date < item.assessment.date
        same = candidate.assessment.municipality.code == item.assessment.municipality.code
        if earlier and same and (best is None or candidate.assessment.date > best.assessment.date):
            best = candidate
    return best


def evaluate_loaded(item: LoadedAssessment, previous: LoadedAssessment | None = None) -> Result:
    """Run the engine on a loaded assessment (with the previous one for the trend).

    An engine error without a place (e.g. the previous assessment is another municipality's) is
    located at the previous file, the one the user should look at.
    """
    from lotscert.engine import evaluate

    if previous is None:
        return evaluate(item.catalog, item.assessment)
    previous_catalog = None if previous.catalog.ref == item.catalog.ref else previous.catalog
    try:
        return evaluate(
            item.catalog,
            item.assessment,
            previous.assessment,
            previous_catalog,
            previous_source=Path(previous.path).name,
        )
    except LotscertError as error:
        if error.location is not None:
            raise
        raise ReportError(error.message, Location(str(previous.path))) from error


def _inputs(*items: tuple[InputRole, LoadedAssessment]) -> list[tuple[InputRole, Path]]:
    paths: list[tuple[InputRole, Path]] = []
    for role, item in items:
        paths.append(("catalog", item.catalog_path))
        paths.append((role, item.path))
    return paths


def redact_names(result: Result) -> Result:
    """The result without persons' names (reports travel; personal data should not)."""
    return result.without_names()


def pseudonymous(items: Sequence[LoadedAssessment], lang: Language) -> list[LoadedAssessment]:
    """The assessments through the one pseudonymisation pass (:mod:`lotscert.pseudonyms`), with
    one name table for all of them: what a report shows without ``--with-names``."""
    from lotscert.pseudonyms import pseudonymise_all

    hidden = pseudonymise_all([item.assessment for item in items], lang)
    return [
        dataclasses.replace(item, assessment=assessment)
        for item, assessment in zip(items, hidden, strict=True)
    ]


def _hide_names(items: Sequence[LoadedAssessment], lang: Language = "sv") -> Callable[[str], str]:
    """What hides the persons and assessors of ``items`` in a file's name (a draft saved as
    ``2026-utkast-sara-lindgren.yaml``): the same pass as the reports' free text."""
    from lotscert.pseudonyms import name_table

    return name_table([item.assessment for item in items], lang).replace


# --- titles -------------------------------------------------------------------------------------


def report_title(kind: ReportKind, lang: Language, assessment_kind: AssessmentKind | None) -> str:
    """The title of a report; a certificate's title depends on the kind of assessment."""
    match kind:
        case ReportKind.GAP:
            return tr(lang, "title_gap")
        case ReportKind.CERTIFICATE:
            return tr(lang, f"title_certificate_{assessment_kind or 'self_assessment'}")
        case ReportKind.TREND:
            return tr(lang, "title_trend")
        case ReportKind.PERSONS:
            return tr(lang, "title_persons")
        case ReportKind.COMPARE:
            return tr(lang, "title_compare")
        case ReportKind.NATIONAL:
            return tr(lang, "title_national")
        case _:
            assert_never(kind)


def _subtitle_parameters(result: Result, lang: Language) -> dict[str, object]:
    return {
        "name": result.municipality.name,
        "code": result.municipality.code,
        "period": result.period,
        "kind": label("kind", result.kind, lang),
        "date": result.date.isoformat(),
    }


def _page(
    kind: ReportKind,
    result: Result,
    lang: Language,
    integrity: Integrity,
    generated_at: str | None,
) -> ctx.Page:
    title = report_title(kind, lang, result.kind)
    return ctx.build_page(
        lang=lang,
        title=title,
        subtitle=tr(lang, "subtitle_assessment").format(**_subtitle_parameters(result, lang)),
        subtitle_markup=ctx.subtitle_html(
            lang, "subtitle_assessment", **_subtitle_parameters(result, lang)
        ),
        is_example=result.municipality.is_example,
        integrity=integrity,
        generated_at=generated_at,
        running_header=f"{title} – {result.municipality.name} {result.period}",
    )


# --- rendering ----------------------------------------------------------------------------------


def _with_format(
    context: ctx.ReportContext, fmt: ReportFormat, json_document: object
) -> tuple[ctx.ReportContext, object]:
    """The context and JSON document with the format (and for PDF the renderer) recorded in
    their integrity block: ``verify`` re-creates the report in the same format."""
    integrity = context.page.integrity
    if integrity.report is None:
        return context, json_document
    renderer = None
    if fmt is ReportFormat.PDF:
        from lotscert.reports.pdf import renderer_name

        renderer = renderer_name()
    options = dataclasses.replace(integrity.report, format=fmt.value, renderer=renderer)
    integrity = dataclasses.replace(integrity, report=options)
    page = dataclasses.replace(
        context.page, integrity=integrity, integrity_data=integrity.to_dict()
    )
    if isinstance(json_document, dict) and "integrity" in json_document:
        json_document = {**json_document, "integrity": integrity.to_dict()}
    return dataclasses.replace(context, page=page), json_document


def render(context: ctx.ReportContext, fmt: ReportFormat, json_document: object) -> bytes:
    """Render a report context in ``fmt`` (``json_document`` is what JSON writes)."""
    context, json_document = _with_format(context, fmt, json_document)
    match fmt:
        case ReportFormat.HTML:
            from lotscert.reports.html import render_html

            return render_html(context).encode("utf-8")
        case ReportFormat.MD:
            from lotscert.reports.markdown import render_markdown

            return render_markdown(context).encode("utf-8")
        case ReportFormat.JSON:
            from lotscert.resultjson import to_json_text

            return to_json_text(json_document).encode("utf-8")
        case ReportFormat.PDF:
            from lotscert.reports.pdf import render_pdf

            return render_pdf(context)
        case _:
            assert_never(fmt)


def _json_document(
    kind: ReportKind, integrity: Integrity, generated_at: str | None, **content: object
) -> dict[str, object]:
    document: dict[str, object] = {"lotscert_report": kind.value, "integrity": integrity.to_dict()}
    if generated_at is not None:
        document["generated_at"] = generated_at
    return {**document, **content}


def assessment_report(
    kind: ReportKind,
    item: LoadedAssessment,
    *,
    previous: LoadedAssessment | None,
    lang: Language,
    with_names: bool,
    generated_at: str | None,
) -> tuple[ctx.ReportContext, dict[str, object], Result]:
    """The context and JSON document of a gap, certificate or persons report."""
    hide = None
    if not with_names:
        hide = _hide_names([item] if previous is None else [item, previous], lang)
        if previous is None:
            [item] = pseudonymous([item], lang)
        else:
            item, previous = pseudonymous([item, previous], lang)
    result = evaluate_loaded(item, previous)
    shown = result if with_names else redact_names(result)
    roles: list[tuple[InputRole, LoadedAssessment]] = [("assessment", item)]
    if previous is not None:
        roles.append(("previous", previous))
    inputs = _inputs(*roles)
    options = ReportOptions(kind.value, lang, with_names, False, generated_at)
    integrity = build_integrity(inputs, options, hide)
    view = ctx.build_assessment_view(shown, item.catalog, item.assessment, lang, with_names)
    persons = None
    if kind is ReportKind.PERSONS:
        persons = ctx.build_persons_view(shown, item.catalog, item.assessment, lang, with_names)
    context = ctx.ReportContext(
        kind=kind.value,
        page=_page(kind, result, lang, integrity, generated_at),
        assessment=view,
        persons=persons,
    )
    document = _json_document(kind, integrity, generated_at, result=shown.model_dump(mode="python"))
    return context, document, result


def output_path(
    out_dir: Path,
    kind: ReportKind,
    fmt: ReportFormat,
    source: Assessment | Result,
    last_period: int | None = None,
    lang: Language = "sv",
) -> Path:
    """``<out>/<kod>-<namn>/<år>-<typ>-<rapport>[.en].<ext>`` (trend: ``<år>-<år>-trend``).

    A report in another language than the default (Swedish) says so in its name
    (``2026-self_assessment-gap.en.html``), so that the two never replace each other."""
    from lotscert.skeleton import slug

    folder = Path(out_dir) / f"{source.municipality.code}-{slug(source.municipality.name)}"
    extension = language_suffix(lang) + file_extension(fmt)
    if kind is ReportKind.TREND and last_period is not None:
        return folder / f"{source.period}-{last_period}-trend.{extension}"
    return folder / f"{source.period}-{source.kind}-{kind.value}.{extension}"


def language_suffix(lang: Language) -> str:
    """``""`` for the default language (Swedish), else ``"en."``: goes before the extension."""
    return "" if lang == "sv" else f"{lang}."


def trend_report(
    items: Sequence[LoadedAssessment],
    *,
    lang: Language,
    with_names: bool,
    generated_at: str | None,
) -> tuple[ctx.ReportContext, dict[str, object], list[Result]]:
    """The trend of one municipality over two or more assessments (any order given)."""
    if len(items) < 2:
        where = str(items[0].path) if items else "trend"
        raise ReportError(
            "trenden kräver minst två bedömningar av samma kommun / the trend needs at least two "
            "assessments of one municipality",
            Location(where),
        )
    first = items[0].assessment.municipality
    for item in items[1:]:
        other = item.assessment.municipality
        if other.code != first.code:
            raise ReportError(
                f"gäller {other.name} ({other.code}), inte {first.name} ({first.code}); trenden "
                f"visar en kommun / is for {other.name} ({other.code}), not {first.name} "
                f"({first.code}); a trend shows one municipality",
                Location(str(item.path)),
            )
    ordered = sorted(items, key=lambda item: (item.assessment.period, item.assessment.date))
    for before, after in itertools.pairwise(ordered):
        if (
            before.assessment.period == after.assessment.period
            and before.assessment.date == after.assessment.date
        ):
            raise ReportError(
                f"två bedömningar för samma period och datum ({after.assessment.period}) / two "
                f"assessments for the same period and date ({after.assessment.period})",
                Location(str(after.path)),
            )
    hide = None
    if not with_names:
        hide = _hide_names(ordered, lang)
        ordered = pseudonymous(ordered, lang)
    years: list[tuple[Result, Catalog, Assessment]] = []
    previous: LoadedAssessment | None = None
    for item in ordered:
        result = evaluate_loaded(item, previous)
        years.append(
            (result if with_names else redact_names(result), item.catalog, item.assessment)
        )
        previous = item
    inputs: list[tuple[InputRole, Path]] = []
    for item in ordered:
        inputs.extend(_inputs(("assessment", item)))
    options = ReportOptions(ReportKind.TREND.value, lang, with_names, False, generated_at)
    integrity = build_integrity(inputs, options, hide)
    latest = years[-1][0]
    title = report_title(ReportKind.TREND, lang, None)
    first_period, last_period = years[0][0].period, latest.period
    subtitle_parameters: dict[str, object] = {
        "name": latest.municipality.name,
        "code": latest.municipality.code,
        "first": first_period,
        "last": last_period,
    }
    page = ctx.build_page(
        lang=lang,
        title=title,
        subtitle=tr(lang, "subtitle_trend").format(**subtitle_parameters),
        subtitle_markup=ctx.subtitle_html(lang, "subtitle_trend", **subtitle_parameters),
        is_example=latest.municipality.is_example,
        integrity=integrity,
        generated_at=generated_at,
        running_header=f"{title} – {latest.municipality.name} {first_period}–{last_period}",
    )
    context = ctx.ReportContext(
        kind=ReportKind.TREND.value, page=page, trend=ctx.build_trend_view(years, lang)
    )
    document = _json_document(
        ReportKind.TREND,
        integrity,
        generated_at,
        results=[result.model_dump(mode="python") for result, _, _ in years],
    )
    return context, document, [result for result, _, _ in years]


# --- comparison ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One municipality-year in a comparison: only the summary, never the whole result."""

    code: str
    name: str
    is_example: bool
    period: int
    kind: AssessmentKind
    date: dt.date
    catalog: Catalog
    catalog_path: Path
    path: Path
    overall: Decimal | None
    levels: dict[str, Decimal | None]
    cornerstones: dict[str, Decimal | None]
    outcome: Outcome
    readiness_only: bool
    major: int
    minor: int
    observations: int
    #: the file's name as reports show it (a person's name in it pseudonymised)
    shown_name: str = ""


def expand_paths(paths: Sequence[Path], *, include_decisions: bool = False) -> Iterator[Path]:
    """Files as given; folders as every assessment file inside them, sorted (certification
    decisions beside the assessments are left out unless ``include_decisions``: only the
    certificate report reads them)."""
    from lotscert.register import looks_like_decision

    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(
                item
                for item in path.rglob("*")
                if item.is_file()
                and item.suffix in (".yaml", ".yml")
                and (include_decisions or not looks_like_decision(item))
            )
        else:
            yield path


def compare_row(path: Path, catalog_paths: Sequence[Path] = ()) -> Row:
    """The summary row of one assessment file (the per-file work of a comparison)."""
    item = load(path, catalog_paths)
    result = evaluate_loaded(item)
    return Row(
        code=result.municipality.code,
        name=result.municipality.name,
        is_example=result.municipality.is_example,
        period=result.period,
        kind=result.kind,
        date=result.date,
        catalog=item.catalog,
        catalog_path=item.catalog_path,
        path=item.path,
        overall=result.scores.overall.percent,
        levels={key: score.percent for key, score in result.scores.levels.items()},
        cornerstones={key: score.percent for key, score in result.scores.cornerstones.items()},
        outcome=result.decision.outcome,
        readiness_only=result.decision.readiness_only,
        major=result.decision.major,
        minor=result.decision.minor,
        observations=result.decision.observations,
        shown_name=_hide_names([item])(display_name(item.path)),
    )


def compare_rows(
    paths: Sequence[Path],
    catalog_paths: Sequence[Path] = (),
    progress: Progress | None = None,
    *,
    jobs: int | None = 1,
) -> list[Row]:
    """One summary row per assessment (files or folders), evaluated one at a time.

    ``jobs`` worker processes share the files (``None``/0 = every core); the rows are the same
    and in the same order whatever the number. ``progress`` is called with each path as its row
    arrives.
    """
    import functools

    from lotscert.batch import run_batch

    files = list(expand_paths(paths))
    work = functools.partial(compare_row, catalog_paths=tuple(catalog_paths))
    rows: list[Row] = []
    catalogs: dict[tuple[str, str, Path], Catalog] = {}
    for path, row in zip(files, run_batch(work, files, jobs=jobs), strict=True):
        if progress is not None:
            progress(path)
        # rows from worker processes each bring their own copy of the catalogue: share one
        shared = catalogs.setdefault(
            (row.catalog.id, row.catalog.version, row.catalog_path), row.catalog
        )
        rows.append(row if shared is row.catalog else dataclasses.replace(row, catalog=shared))
    # Scores compare only between assessments of the whole function: a surveillance audit
    # samples and a persons test certification scores no requirement.
    rows = [row for row in rows if scope_of(row.kind) == "full"]
    if not rows:
        raise ReportError(
            "inga bedömningar av hela funktionen att jämföra / no assessments of the whole "
            "function to compare",
            Location(", ".join(str(path) for path in paths) or "compare"),
        )
    return rows


def _ordered_ids(rows: Sequence[Row], attribute: str) -> list[tuple[str, Catalog]]:
    seen: dict[str, Catalog] = {}
    for row in rows:
        for key in getattr(row, attribute):
            seen.setdefault(key, row.catalog)
    return list(seen.items())


def _sorted_rows(rows: Sequence[Row], anonymise: bool) -> list[Row]:
    from lotscert.reports.integrity import display_name as name_of

    # The file's name in the integrity block breaks the last ties: the order never depends on
    # the order the files were given in, so ``verify`` re-creates the same report.
    if anonymise:
        # Letters follow the score, not the code or the name: the order points at nobody.
        return sorted(
            rows,
            key=lambda row: (
                -(row.overall if row.overall is not None else Decimal(-1)),
                row.period,
                row.code,
                row.kind,
                name_of(row.path),
            ),
        )
    return sorted(
        rows, key=lambda row: (row.code, row.period, row.date, row.kind, name_of(row.path))
    )


def compare_report(
    rows: Sequence[Row],
    *,
    lang: Language,
    anonymise: bool,
    generated_at: str | None,
) -> tuple[ctx.ReportContext, dict[str, object], list[int]]:
    """The comparison report of summary rows (from :func:`compare_rows`)."""
    ordered = _sorted_rows(rows, anonymise)
    level_ids = _ordered_ids(ordered, "levels")
    cornerstone_ids = _ordered_ids(ordered, "cornerstones")
    letters: dict[str, str] = {}
    view_rows: list[ctx.CompareRow] = []
    for row in ordered:
        if anonymise:
            shown = letters.setdefault(row.code, ctx.anonymous_letters(len(letters)))
        else:
            shown = f"{row.name} ({row.code})"
        view_rows.append(
            ctx.CompareRow(
                shown_as=shown,
                code="" if anonymise else row.code,
                period=row.period,
                kind_label=label("kind", row.kind, lang),
                overall=row.overall,
                levels=[row.levels.get(key) for key, _ in level_ids],
                cornerstones=[row.cornerstones.get(key) for key, _ in cornerstone_ids],
                decision_text=decision_text(row.outcome, row.readiness_only, lang, row.kind),
                outcome=row.outcome,
                major=row.major,
                minor=row.minor,
                observations=row.observations,
                example_label=tr(lang, "example_row") if row.is_example else "",
            )
        )
    level_titles = [catalog.levels_by_id[key].title.get(lang) for key, catalog in level_ids]
    cornerstone_titles = [
        catalog.cornerstones_by_id[key].title.get(lang) for key, catalog in cornerstone_ids
    ]
    years = sorted({row.period for row in rows})
    inputs: list[tuple[InputRole, Path]] = []
    for row in rows:
        inputs.append(("catalog", row.catalog_path))
        inputs.append(("assessment", row.path))
    # A comparison shows no persons: names or not makes no difference, so it is recorded as off.
    options = ReportOptions(ReportKind.COMPARE.value, lang, False, anonymise, generated_at)
    file_names = {display_name(row.path): row.shown_name for row in rows if row.shown_name}
    integrity = build_integrity(inputs, options, hide=lambda name: file_names.get(name, name))
    municipalities = len({row.code for row in rows})
    title = report_title(ReportKind.COMPARE, lang, None)
    year_text = (
        "–".join(str(year) for year in (years[0], years[-1])) if len(years) > 1 else str(years[0])
    )
    page = ctx.build_page(
        lang=lang,
        title=title,
        subtitle=tr(
            lang,
            "subtitle_compare",
            municipalities=counted(lang, municipalities, "noun_municipality"),
            years=year_text,
        ),
        # The banner and watermark say the whole page is fiction: only when every row is.
        is_example=all(row.is_example for row in rows),
        integrity=integrity,
        generated_at=generated_at,
        running_header=f"{title} {year_text}",
    )
    view = ctx.CompareView(
        anonymised=anonymise,
        intro=tr(
            lang,
            "compare_intro_anonymised" if anonymise else "compare_intro",
            municipalities=counted(lang, municipalities, "noun_municipality"),
            assessments=counted(lang, len(rows), "noun_assessment"),
        ),
        level_titles=level_titles,
        cornerstone_titles=cornerstone_titles,
        rows=view_rows,
        heat_maps=ctx.compare_heat_maps(view_rows, level_titles, lang),
        catalogs=sorted({row.catalog.ref for row in rows}),
        some_examples=any(row.is_example for row in rows)
        and not all(row.is_example for row in rows),
    )
    context = ctx.ReportContext(kind=ReportKind.COMPARE.value, page=page, compare=view)
    document = _json_document(
        ReportKind.COMPARE,
        integrity,
        generated_at,
        anonymised=anonymise,
        rows=[
            {
                "municipality": row.shown_as,
                "code": None if anonymise else row.code,
                "period": row.period,
                "kind": source.kind,
                "overall": row.overall,
                "levels": {
                    key: value for (key, _), value in zip(level_ids, row.levels, strict=True)
                },
                "cornerstones": {
                    key: value
                    for (key, _), value in zip(cornerstone_ids, row.cornerstones, strict=True)
                },
                "outcome": row.outcome,
                "major": row.major,
                "minor": row.minor,
                "observations": row.observations,
                "example": source.is_example,
            }
            for row, source in zip(view_rows, ordered, strict=True)
        ],
    )
    return context, document, years


# --- the national picture ----------------------------------------------------------------------


@dataclass(frozen=True)
class NationalRow:
    """One assessment reduced to what the national picture needs, with the files it came from."""

    summary: MunicipalitySummary
    catalog: Catalog
    catalog_path: Path
    path: Path
    #: the file's name as reports show it (a person's name in it pseudonymised)
    shown_name: str = ""


def national_row(path: Path, catalog_paths: Sequence[Path] = ()) -> NationalRow:
    """The national summary of one assessment file (the per-file work of the national report)."""
    from lotscert.engine.national import summarise

    item = load(path, catalog_paths)
    result = evaluate_loaded(item)
    return NationalRow(
        summarise(result, item.assessment, str(item.path)),
        item.catalog,
        item.catalog_path,
        path,
        _hide_names([item])(display_name(path)),
    )


def national_rows(
    paths: Sequence[Path],
    catalog_paths: Sequence[Path] = (),
    progress: Progress | None = None,
    *,
    jobs: int | None = 1,
) -> list[NationalRow]:
    """One summary per assessment (files or folders), evaluated one at a time (or by ``jobs``
    worker processes; the rows are the same and in the same order)."""
    import functools

    from lotscert.batch import run_batch

    files = list(expand_paths(paths))
    work = functools.partial(national_row, catalog_paths=tuple(catalog_paths))
    rows: list[NationalRow] = []
    catalogs: dict[tuple[str, str, Path], Catalog] = {}
    for path, row in zip(files, run_batch(work, files, jobs=jobs), strict=True):
        if progress is not None:
            progress(path)
        shared = catalogs.setdefault(
            (row.catalog.id, row.catalog.version, row.catalog_path), row.catalog
        )
        rows.append(row if shared is row.catalog else dataclasses.replace(row, catalog=shared))
    # as in the comparison: only assessments of the whole function are pictured (a surveillance
    # audit samples, a persons test certification scores no requirement)
    rows = [row for row in rows if scope_of(row.summary.kind) == "full"]
    if not rows:
        raise ReportError(
            "inga bedömningar (av hela funktionen) att sammanställa / no assessments (of the "
            "whole function) to roll up",
            Location(", ".join(str(path) for path in paths) or "national"),
        )
    return rows


def national_report(
    rows: Sequence[NationalRow], *, lang: Language, generated_at: str | None
) -> tuple[ctx.ReportContext, dict[str, object], list[int]]:
    """The national report of summary rows (from :func:`national_rows`): the latest assessment
    of each municipality on a map of Sweden, per county, per requirement, and good examples."""
    from lotscert.engine.national import national_picture
    from lotscert.municipalities import all_municipalities

    reference = all_municipalities()
    county_of = {info.code: info.county_code for info in reference}
    county_names = {info.county_code: info.county for info in reference}
    county_sizes: dict[str, int] = {}
    for info in reference:
        county_sizes[info.county_code] = county_sizes.get(info.county_code, 0) + 1
    catalogs = {row.catalog.ref: row.catalog for row in rows}
    picture = national_picture(
        (row.summary for row in rows),
        county_of=county_of,
        county_sizes=county_sizes,
        tops={ref: catalog.top for ref, catalog in catalogs.items()},
    )
    view = ctx.build_national_view(picture, catalogs, county_of, county_names, lang)
    # every file read, not only the latest: an older file decided what "latest" means
    inputs: list[tuple[InputRole, Path]] = []
    for row in rows:
        inputs.append(("catalog", row.catalog_path))
        inputs.append(("assessment", row.path))
    file_names = {display_name(row.path): row.shown_name for row in rows if row.shown_name}
    integrity = build_integrity(inputs, hide=lambda name: file_names.get(name, name))
    years = sorted({summary.period for summary in picture.latest})
    year_text = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    title = report_title(ReportKind.NATIONAL, lang, None)
    page = ctx.build_page(
        lang=lang,
        title=title,
        subtitle=tr(
            lang,
            "subtitle_national",
            municipalities=counted(lang, len(picture.latest), "noun_municipality"),
            years=year_text,
        ),
        # the example banner only when every municipality shown is an example (issue 15)
        is_example=bool(picture.latest) and all(summary.is_example for summary in picture.latest),
        integrity=integrity,
        generated_at=generated_at,
        running_header=f"{title} {year_text}",
    )
    context = ctx.ReportContext(kind=ReportKind.NATIONAL.value, page=page, national=view)
    document = _json_document(
        ReportKind.NATIONAL,
        integrity,
        generated_at,
        assessments_read=picture.assessments_read,
        skipped_skeletons=picture.skipped_skeletons,
        municipalities=[
            {
                "code": s.code,
                "name": s.name,
                "county": county_of.get(s.code),
                "period": s.period,
                "kind": s.kind,
                "date": s.date,
                "catalog": s.catalog_ref,
                "overall": s.overall,
                "outcome": s.outcome,
                "publishable": s.publishable,
            }
            for s in picture.latest
        ],
        national=dataclasses.asdict(picture.national),
        counties=[dataclasses.asdict(group) for group in picture.counties],
        distribution=[dataclasses.asdict(item) for item in picture.distribution],
        requirements=[dataclasses.asdict(item) for item in picture.requirements],
        good_examples=[dataclasses.asdict(item) for item in picture.examples],
        map_source=view.map_source,
    )
    return context, document, years


# --- the one entry point ------------------------------------------------------------------------


def write_report(
    kind: ReportKind | str,
    assessment_paths: Sequence[Path | str],
    fmt: ReportFormat | str = ReportFormat.HTML,
    lang: Language = "sv",
    out_dir: Path | str = Path("reports"),
    *,
    previous: Path | str | None = None,
    catalog_paths: Sequence[Path | str] = (),
    with_names: bool = False,
    anonymise: bool = False,
    generated_at: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = 1,
) -> list[Path]:
    """Write a report of ``kind`` in ``fmt``; the written files, in order.

    gap, certificate, persons: one file per assessment (``previous`` needs exactly one).
    trend: one file for two or more assessments of one municipality. compare: one file for
    any number of assessments (files or folders), evaluated one at a time. national: one file
    for any number of assessments, the latest of each municipality on the map.
    """
    written: list[Path] = []
    for target, data in iter_reports(
        kind,
        assessment_paths,
        fmt,
        lang,
        out_dir,
        previous=previous,
        catalog_paths=catalog_paths,
        with_names=with_names,
        anonymise=anonymise,
        generated_at=generated_at,
        progress=progress,
        jobs=jobs,
    ):
        write_bytes_atomic(target, data)
        written.append(target)
    return written


def iter_reports(
    kind: ReportKind | str,
    assessment_paths: Sequence[Path | str],
    fmt: ReportFormat | str = ReportFormat.HTML,
    lang: Language = "sv",
    out_dir: Path | str = Path("reports"),
    *,
    previous: Path | str | None = None,
    catalog_paths: Sequence[Path | str] = (),
    with_names: bool = False,
    anonymise: bool = False,
    generated_at: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = 1,
    find_previous: bool = True,
) -> Iterator[tuple[Path, bytes]]:
    """Each report :func:`write_report` would write, as (target, bytes), one at a time.

    Every input is read and checked before the first report is given. ``find_previous=False``
    leaves out the previous audit found beside an assessment when ``previous`` is not given
    (``verify`` gives exactly the files a report records, no more).
    """
    kind = ReportKind(kind)
    fmt = ReportFormat(fmt)
    generated_at = checked_generated_at(generated_at)
    out = Path(out_dir)
    paths = [Path(path) for path in assessment_paths]
    catalogs = [Path(path) for path in catalog_paths]
    if not paths:
        raise ReportError("ange minst en bedömning", en="give at least one assessment")
    if previous is not None and kind in (ReportKind.COMPARE, ReportKind.TREND, ReportKind.NATIONAL):
        raise ReportError(
            f"--previous gäller inte rapporten {kind.value}; ge alla år som bedömningar / "
            f"--previous does not apply to the {kind.value} report; give every year as an "
            "assessment"
        )
    if previous is not None and len(paths) != 1:
        raise ReportError(
            "--previous kräver exakt en bedömning / --previous needs exactly one assessment"
        )
    if anonymise and kind is not ReportKind.COMPARE:
        raise ReportError(
            "--anonymise gäller bara rapporten compare / --anonymise applies to the compare "
            "report only"
        )
    documents: list[tuple[Path, bytes]] = []
    if kind is ReportKind.CERTIFICATE:
        from lotscert.register import looks_like_decision

        decisions = [path for path in paths if looks_like_decision(path)]
        if decisions:
            if previous is not None:
                raise ReportError(
                    "--previous gäller inte ett certifieringsbeslut / --previous does not apply "
                    "to a certification decision"
                )
            from lotscert.reports.issued import issued_certificates

            written: dict[str, Path] = {}
            for path in decisions:
                for target, content in issued_certificates(
                    path, catalogs, fmt, lang, out, generated_at
                ):
                    # one file per certificate in a run, even where case does not count
                    first = written.setdefault(str(target).casefold(), path)
                    if first != path:
                        raise ReportError(
                            f"ger samma certifikatfil som {first} ({target}); inget skrevs",
                            Location(str(path)),
                            en=f"gives the same certificate file as {first} ({target}); "
                            "nothing was written",
                        )
                    documents.append((target, content))
            paths = [path for path in paths if path not in decisions]
            if not paths:
                yield from documents
                return
    match kind:
        case ReportKind.GAP | ReportKind.CERTIFICATE | ReportKind.PERSONS:
            previous_item = load(Path(previous), catalogs) if previous is not None else None
            # Every input is read and checked before the first file is written: one bad file
            # among many leaves no half-done set of reports behind.
            planned: dict[Path, LoadedAssessment] = {}
            for path in paths:
                if progress is not None:
                    progress(path)
                item = load(path, catalogs)
                if previous_item is not None:
                    from lotscert.previous import check_previous

                    check_previous(
                        path, item.assessment, previous_item.path, previous_item.assessment
                    )
                target = output_path(out, kind, fmt, item.assessment, lang=lang)
                if target in planned:
                    raise ReportError(
                        f"ger samma rapport som {planned[target].path} ({target}); en bedömning "
                        f"per kommun, år och typ / gives the same report as "
                        f"{planned[target].path} ({target}); one assessment per municipality, "
                        "year and kind",
                        Location(str(path)),
                    )
                planned[target] = item
            check_not_inputs(list(planned))  # every report, or none when one is an input
            found_previous = {
                target: _previous_audit(item, catalogs)
                for target, item in planned.items()
                if previous_item is None and find_previous
            }
            yield from documents  # a decision's certificates, once every input has been read
            for target, item in planned.items():
                context, document, _ = assessment_report(
                    kind,
                    item,
                    previous=previous_item or found_previous.get(target),
                    lang=lang,
                    with_names=with_names,
                    generated_at=generated_at,
                )
                yield target, render(context, fmt, document)
        case ReportKind.TREND:
            items = []
            for path in paths:
                if progress is not None:
                    progress(path)
                items.append(load(path, catalogs))
            # Year over year is the whole function's: a surveillance audit's sample or a persons
            # test certification is left out (when that leaves too few, trend_report says so).
            whole = [item for item in items if scope_of(item.assessment.kind) == "full"]
            if len(whole) < 2 <= len(items):
                left_out = next(item for item in items if item not in whole)
                raise ReportError(
                    "trenden visar år för år revisioner av hela funktionen; en övervakning eller "
                    "en testcertifiering av personer räknas inte, och då återstår färre än två / "
                    "the trend shows audits of the whole function year by year; a surveillance "
                    "audit or a persons test certification does not count, which leaves fewer "
                    "than two",
                    Location(str(left_out.path)),
                )
            items = whole
            context, document, results = trend_report(
                items,
                lang=lang,
                with_names=with_names,
                generated_at=generated_at,
            )
            target = output_path(out, kind, fmt, results[0], results[-1].period, lang=lang)
            yield target, render(context, fmt, document)
        case ReportKind.NATIONAL:
            summaries = national_rows(paths, catalogs, progress, jobs=jobs)
            context, document, years = national_report(
                summaries, lang=lang, generated_at=generated_at
            )
            year_part = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
            extension = language_suffix(lang) + file_extension(fmt)
            target = out / f"national-{year_part}.{extension}"
            yield target, render(context, fmt, document)
        case ReportKind.COMPARE:
            rows = compare_rows(paths, catalogs, progress, jobs=jobs)
            context, document, years = compare_report(
                rows,
                lang=lang,
                anonymise=anonymise,
                generated_at=generated_at,
            )
            year_part = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
            suffix = "-anonym" if anonymise else ""
            extension = language_suffix(lang) + file_extension(fmt)
            target = out / f"compare-{year_part}{suffix}.{extension}"
            yield target, render(context, fmt, document)
        case _:
            assert_never(kind)
