"""``lotscert score``: score assessments and print the summary, or write the result as JSON."""

from __future__ import annotations

import functools
import io
import sys
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, assert_never

import typer

from lotscert.cli.common import (
    catalog_option,
    current_language,
    fatal,
    jobs_help,
    print_invalid,
    say,
    set_language,
)

if TYPE_CHECKING:
    from lotscert.models.catalog import Catalog
    from lotscert.models.common import Language
    from lotscert.models.result import Grade, Result


class OutputFormat(StrEnum):
    """How the result is written."""

    table = "table"
    json = "json"


class FailOn(StrEnum):
    """The finding grade (or worse) that makes ``score`` exit 1."""

    major = "major"
    minor = "minor"
    observation = "observation"


@dataclass(frozen=True)
class Scored:
    """One assessment file's result, with the catalogue it was scored against."""

    path: Path
    result: Result
    catalog: Catalog


def score_with_catalog(
    path: Path | str,
    catalog_paths: Sequence[Path | str] = (),
    previous_path: Path | str | None = None,
    *,
    with_names: bool = True,
    lang: Language = "sv",
) -> Scored:
    """Load, cross-check and evaluate one assessment (and its previous year, if given).

    Without ``with_names`` the assessments go through the one pseudonymisation pass
    (:mod:`lotscert.pseudonyms`) before they are evaluated: no name reaches the result.
    """
    from lotscert.engine import evaluate

    load_assessment_with_catalog = _recently_loaded
    assessment, catalog = load_assessment_with_catalog(path, catalog_paths)
    previous = previous_catalog = None
    if previous_path is None:
        from lotscert.previous import previous_audit_candidates

        for found in previous_audit_candidates(Path(path), assessment.period):
            candidate, candidate_catalog = load_assessment_with_catalog(found, catalog_paths)
            if candidate.municipality.code != assessment.municipality.code:
                continue
            if candidate.date < assessment.date and (
                previous is None or candidate.date > previous.date
            ):
                previous_path, previous, previous_catalog = found, candidate, candidate_catalog
    elif previous_path is not None:
        from lotscert.previous import check_previous

        previous, previous_catalog = load_assessment_with_catalog(previous_path, catalog_paths)
        check_previous(path, assessment, previous_path, previous)
    if not with_names:
        from lotscert.pseudonyms import pseudonymise_all

        if previous is None:
            [assessment] = pseudonymise_all([assessment], lang)
        else:
            assessment, previous = pseudonymise_all([assessment, previous], lang)
    result = evaluate(
        catalog,
        assessment,
        previous,
        previous_catalog,
        previous_source=Path(previous_path).name if previous_path is not None else None,
    )
    return Scored(Path(path), result, catalog)


#: The last few files loaded (a year's file is last year's previous one when a folder is
#: scored in order), by path and the file's size and modification time.
_RECENT: OrderedDict[tuple[Any, ...], tuple[Any, Any]] = OrderedDict()
_RECENT_SIZE = 4


def _recently_loaded(path: Path | str, catalog_paths: Sequence[Path | str]) -> tuple[Any, Any]:
    """:func:`lotscert.loading.load_assessment_with_catalog`, reusing a file loaded moments
    ago when it is unchanged."""
    from lotscert.loading import load_assessment_with_catalog

    try:
        status = Path(path).stat()
        key: tuple[Any, ...] | None = (
            str(Path(path).resolve()),
            status.st_mtime_ns,
            status.st_size,
            tuple(str(item) for item in catalog_paths),
        )
    except OSError:
        key = None
    if key is not None and key in _RECENT:
        _RECENT.move_to_end(key)
        return _RECENT[key]
    loaded = load_assessment_with_catalog(path, catalog_paths)
    if key is not None:
        _RECENT[key] = loaded
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return loaded


def score_file(
    path: Path | str,
    catalog_paths: Sequence[Path | str] = (),
    previous_path: Path | str | None = None,
) -> Result:
    """The result of one assessment file; raises ``LotscertError`` on invalid input."""
    return score_with_catalog(path, catalog_paths, previous_path).result


def _reached(grades: Sequence[Grade], threshold: FailOn) -> bool:
    from lotscert.engine.findings import at_least_as_bad

    return any(at_least_as_bad(grade, threshold.value) for grade in grades)


def _render_all(
    files: Sequence[Path],
    catalog_paths: Sequence[Path],
    previous: Path | None,
    output_format: OutputFormat,
    with_names: bool,
    jobs: int,
) -> Iterator[Rendered]:
    """Every file scored and rendered, streamed in order; ``jobs`` processes, a bar on long
    runs."""
    from lotscert.batch import run_batch
    from lotscert.cli.progress import progress_bar

    work = functools.partial(
        render_file,
        catalog_paths=tuple(catalog_paths),
        previous=previous,
        output_format=output_format,
        with_names=with_names,
        lang=current_language(),
    )
    with progress_bar(say("Räknar poäng", "Scoring")) as progress:
        yield from run_batch(work, files, jobs=jobs, progress=progress)


def worst_reached(results: Sequence[Result], threshold: FailOn) -> bool:
    """True when any result has a finding of grade ``threshold`` or worse."""
    return _reached([finding.grade for result in results for finding in result.findings], threshold)


def _stem(result: Result) -> str:
    """kommunkod-år-typ: the start of a result's file name."""
    return f"{result.municipality.code}-{result.period}-{result.kind}"


def _output_name(stem: str, taken: set[str], suffix: str) -> str:
    """A file name per result for ``--out DIR``: kommunkod-år-typ, made unique."""
    name, number = f"{stem}{suffix}", 2
    while name in taken:
        name, number = f"{stem}-{number}{suffix}", number + 1
    taken.add(name)
    return name


def _render(scored: Scored, output_format: OutputFormat, with_names: bool) -> str:
    """One result as text in ``output_format`` (tables without colour)."""
    match output_format:
        case OutputFormat.json:
            from lotscert.resultjson import result_to_json

            return result_to_json(scored.result if with_names else scored.result.without_names())
        case OutputFormat.table:
            from lotscert.cli.score_view import ScoreView, plain_text

            view = ScoreView(
                scored.result, scored.catalog, current_language(), with_names=with_names
            )
            return plain_text(view)
        case _:
            assert_never(output_format)


@dataclass(frozen=True)
class Rendered:
    """One file's result, already written as text (what a worker process sends back)."""

    stem: str
    text: str
    grades: tuple[Grade, ...]


def render_file(
    path: Path,
    *,
    catalog_paths: Sequence[Path],
    previous: Path | None,
    output_format: OutputFormat,
    with_names: bool,
    lang: Language,
) -> Rendered:
    """Score one file and render it: the per-file work of a multi-file run."""
    set_language(lang)
    scored = score_with_catalog(path, catalog_paths, previous, with_names=with_names, lang=lang)
    grades = tuple(finding.grade for finding in scored.result.findings)
    return Rendered(_stem(scored.result), _render(scored, output_format, with_names), grades)


def _write_json_list(handle: IO[str], texts: Iterable[str]) -> None:
    """Result JSON texts as one list, byte for byte what ``results_to_json`` writes."""
    first = True
    for text in texts:
        handle.write("[\n" if first else ",\n")
        handle.write("  " + text.rstrip("\n").replace("\n", "\n  "))
        first = False
    handle.write("[]\n" if first else "\n]\n")


def _json_list(texts: Iterable[str]) -> str:
    """:func:`_write_json_list` as a string."""
    buffer = io.StringIO()
    _write_json_list(buffer, texts)
    return buffer.getvalue()


def _stream_json(rendered: Iterable[Rendered], grades: list[Grade]) -> None:
    """Several results as one JSON list on stdout, printed only once every file has scored
    (an invalid file prints nothing), without holding all the texts in memory."""
    import shutil
    import tempfile

    def texts() -> Iterator[str]:
        for item in rendered:
            grades.extend(item.grades)
            yield item.text

    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as buffer:
        _write_json_list(buffer, texts())
        buffer.seek(0)
        shutil.copyfileobj(buffer, sys.stdout)


def _write_rendered(out: Path, rendered: list[Rendered], output_format: OutputFormat) -> None:
    from lotscert.atomic import write_text_atomic

    if len(rendered) == 1 and not out.is_dir():
        write_text_atomic(out, rendered[0].text)
        return
    if out.exists() and not out.is_dir():
        fatal(
            say(
                f"{out}: flera bedömningar kräver en mapp för --out",
                f"{out}: several assessments need a folder for --out",
            )
        )
    suffix = ".json" if output_format is OutputFormat.json else ".txt"
    from lotscert.inputs import check_not_inputs

    taken: set[str] = set()
    targets = [out / _output_name(item.stem, taken, suffix) for item in rendered]
    check_not_inputs(targets)  # all or none
    for target, item in zip(targets, rendered, strict=True):
        write_text_atomic(target, item.text)


def _print(scored: list[Scored], output_format: OutputFormat, with_names: bool) -> None:
    match output_format:
        case OutputFormat.json:
            from lotscert.resultjson import result_to_json, results_to_json

            shown = [item.result if with_names else item.result.without_names() for item in scored]
            if len(shown) == 1:
                sys.stdout.write(result_to_json(shown[0]))
            else:
                sys.stdout.write(results_to_json(shown))
        case OutputFormat.table:
            from lotscert.cli.common import stdout_console
            from lotscert.cli.score_view import ScoreView, print_result

            console = stdout_console()
            if not console.is_terminal:
                console.width = max(console.width, 120)
            for item in scored:
                view = ScoreView(
                    item.result, item.catalog, current_language(), with_names=with_names
                )
                print_result(console, view)
        case _:
            assert_never(output_format)


def register(app: typer.Typer) -> None:
    """Add ``score``."""

    @app.command(
        "score",
        help=say(
            "Räkna poäng för en bedömning: beslut, poäng per nivå, hörnsten och totalt, fynd, "
            "personer, täckning och (med --previous) förändringen sedan förra året. Slutkod 0; "
            "1 med --fail-on när ett fynd av den graden eller värre finns; 2 vid ogiltig indata.",
            "Score an assessment: decision, scores per level, cornerstone and overall, findings, "
            "persons, coverage and (with --previous) the change since last year. Exit 0; 1 with "
            "--fail-on when a finding of that grade or worse exists; 2 on invalid input.",
        ),
    )
    def score(
        assessments: Annotated[
            list[Path],
            typer.Argument(
                help=say(
                    "Bedömningsfil(er) eller mappar (flera ger en JSON-lista).",
                    "Assessment file(s) or folders (several give a JSON list).",
                ),
                show_default=False,
            ),
        ],
        catalog: Annotated[
            list[Path] | None,
            catalog_option(),
        ] = None,
        previous: Annotated[
            Path | None,
            typer.Option(
                "--previous",
                help=say(
                    "Förra årets bedömning, för förändringen sedan dess.",
                    "Last year's assessment, for the change since then.",
                ),
            ),
        ] = None,
        output_format: Annotated[
            OutputFormat,
            typer.Option("--format", help=say("table eller json.", "table or json.")),
        ] = OutputFormat.table,
        fail_on: Annotated[
            FailOn | None,
            typer.Option(
                "--fail-on",
                help=say(
                    "Slutkod 1 om ett fynd av denna grad eller värre finns: major, minor eller "
                    "observation.",
                    "Exit 1 when a finding of this grade or worse exists: major, minor or "
                    "observation.",
                ),
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help=say(
                    "Skriv till fil (eller mapp, en fil per bedömning) i stället för skärmen.",
                    "Write to a file (or a folder, one file per assessment) instead of the screen.",
                ),
            ),
        ] = None,
        with_names: Annotated[
            bool,
            typer.Option(
                "--with-names",
                help=say(
                    "Visa personers namn (i tabellen och i JSON), inte bara pseudonyma id.",
                    "Show persons' names (in the table and in JSON), not only pseudonymous ids.",
                ),
            ),
        ] = False,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help=jobs_help())] = 0,
        lang: Annotated[
            str, typer.Option("--lang", help=say("Språk: sv eller en.", "Language: sv or en."))
        ] = "sv",
    ) -> None:
        from lotscert.errors import LotscertError, ValidationFailed
        from lotscert.loading import iter_yaml_files

        set_language("en" if lang.strip().lower().startswith("en") else current_language())
        missing = [
            path for path in [*assessments, *([previous] if previous else [])] if not path.exists()
        ]
        if missing:
            fatal(say(f"{missing[0]}: finns inte", f"{missing[0]}: not found"))
        files = list(iter_yaml_files(assessments, with_decisions=False))
        if not files:
            fatal(say("inga bedömningsfiler hittades", "no assessment files found"))
        if previous is not None and len(files) > 1:
            fatal(
                say(
                    "--previous går bara med en bedömning i taget",
                    "--previous works with one assessment at a time",
                )
            )
        inputs = [*files, *([previous] if previous else []), *(catalog or [])]
        if (
            out is not None
            and out.is_file()
            and any(out.samefile(p) for p in inputs if p.is_file())
        ):
            fatal(
                say(
                    f"{out}: --out får inte skriva över en av indatafilerna; välj en annan fil",
                    f"{out}: --out must not overwrite one of the input files; choose another file",
                )
            )
        grades: list[Grade] = []
        try:
            if out is None and output_format is OutputFormat.table:
                scored = [
                    score_with_catalog(
                        path,
                        catalog or [],
                        previous,
                        with_names=with_names,
                        lang=current_language(),
                    )
                    for path in files
                ]
                _print(scored, output_format, with_names)
                grades = [f.grade for item in scored for f in item.result.findings]
            else:
                # JSON or files: workers score and render, only the texts come back
                stream = _render_all(
                    files, catalog or [], previous, output_format, with_names, jobs
                )
                if out is None and len(files) > 1:
                    _stream_json(stream, grades)
                else:
                    rendered = list(stream)
                    if out is not None:
                        _write_rendered(out, rendered, output_format)
                    else:
                        sys.stdout.write(rendered[0].text)
                    grades = [grade for item in rendered for grade in item.grades]
        except ValidationFailed as failure:
            print_invalid(failure)
            raise typer.Exit(2) from None
        except LotscertError as error:
            fatal(error)
        if fail_on is not None and _reached(grades, fail_on):
            raise typer.Exit(1)
