"""YAML files → models, with ``file:line:col`` on every problem.

``load_catalog`` and ``load_assessment`` raise :class:`ValidationFailed` carrying every
diagnostic; ``validate_paths`` collects diagnostics for many files without raising.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from lotscert.diagnostics import DataPath, Diagnostic, Report, sort_diagnostics
from lotscert.errors import CatalogError, ValidationFailed
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.schemaerrors import schema_diagnostics
from lotscert.validation.catalog_checks import check_catalog
from lotscert.validation.salvage import NEEDS, Consequence, Salvaged, salvage, unrelated
from lotscert.yamlsource import Source, read_source, read_source_bytes

if TYPE_CHECKING:
    from lotscert.batch import ProgressCallback
    from lotscert.yamlrecovery import Skipped

FileKind = Literal["catalog", "assessment", "decision"]
ModelT = TypeVar("ModelT", bound=BaseModel)

BUNDLED_DIR = "data/requirements"
LOCAL_CATALOG_DIR = Path("requirements")


def _display(path: Path) -> str:
    """A path as the user wrote it, relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def detect_kind(data: dict[object, object]) -> FileKind | None:
    """Tell a catalogue, an assessment and a decision apart by their top-level keys."""
    if "requirements" in data and "levels" in data:
        return "catalog"
    if "decision" in data and "decided_by" in data:
        return "decision"
    if "responses" in data or "municipality" in data or "catalog" in data:
        return "assessment"
    return None


def _parse(source: Source, model: type[ModelT]) -> tuple[ModelT | None, list[Diagnostic]]:
    from lotscert.plaintext import has_forbidden
    from lotscert.validation.plain_text import forbidden_character_diagnostics

    # Control and text-direction characters are refused before anything shows the text. YAML
    # makes one only from the character itself or a backslash escape in a double-quoted
    # string, so a text with neither holds none (nearly every file: no walk over its data).
    refused = []
    if "\\" in source.text or has_forbidden(source.text):
        refused = [
            source.place(diagnostic, at_key=diagnostic.path[-1:] == ("[key]",))
            for diagnostic in forbidden_character_diagnostics(source.data, source.file)
        ]
    try:
        parsed = model.model_validate(source.data)
    except ValidationError as error:
        return None, refused + schema_diagnostics(error, source)
    return (None, refused) if refused else (parsed, [])


def _fail(diagnostics: list[Diagnostic]) -> ValidationFailed:
    errors = [d for d in diagnostics if d.severity == "error"]
    first = errors[0] if errors else diagnostics[0]
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return ValidationFailed(list(sort_diagnostics(diagnostics)), first.format("en") + more)


# --- catalogues -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogEntry:
    """A catalogue that lotscert can see, and where it came from."""

    catalog: Catalog
    path: Path
    origin: Literal["bundled", "local", "given"]


_catalog_cache: dict[tuple[str, float, int], tuple[Catalog | None, list[Diagnostic]]] = {}


def read_catalog(path: Path) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load a catalogue file and check it; the catalogue (or None) and every diagnostic."""
    path = Path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _catalog_cache:
        return _catalog_cache[key]
    display = _display(path)
    source, problems = read_source(path, display)
    if source is None:
        return None, problems
    outcome = _catalog_of(source)
    if key is not None:
        _catalog_cache[key] = outcome
    return outcome


def _catalog_of(source: Source) -> tuple[Catalog | None, list[Diagnostic]]:
    """The catalogue a file read holds (or None) and every diagnostic."""
    catalog, problems = _parse(source, Catalog)
    if catalog is None:
        return None, problems + _check_catalog_entries_that_can_be_read(source, problems)
    if catalog is not None:
        problems = [source.place(d) for d in check_catalog(catalog, source.file)]
        if any(d.severity == "error" for d in problems):
            catalog = None
    return catalog, problems


def _check_catalog_entries_that_can_be_read(
    source: Source, schema_problems: list[Diagnostic]
) -> list[Diagnostic]:
    """The consistency of a catalogue's entries without schema errors (see
    :mod:`lotscert.validation.entry_salvage`)."""
    from lotscert.validation.entry_salvage import (
        CATALOG_ENTRY_LISTS,
        restore_places,
        salvage_entries,
    )

    try:
        Catalog.model_validate(source.data)
    except ValidationError as error:
        salvaged = salvage_entries(Catalog, source.data, error, CATALOG_ENTRY_LISTS)
    else:  # only refused characters: the schema errors say all
        return []
    if salvaged is None:
        return []
    checks = check_catalog(salvaged.model, source.file)
    return [source.place(d) for d in restore_places(checks, salvaged)]


def load_catalog(path: Path | str) -> Catalog:
    """Load and check a catalogue file; raises :class:`ValidationFailed` on any error."""
    catalog, problems = read_catalog(Path(path))
    if catalog is None:
        raise _fail(problems)
    return catalog


def bundled_catalog_paths() -> list[Path]:
    """The catalogue files shipped inside the package."""
    folder = resources.files("lotscert") / BUNDLED_DIR
    return sorted(
        Path(str(item)) for item in folder.iterdir() if item.name.endswith((".yaml", ".yml"))
    )


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


#: While a :func:`catalog_session` is open: the catalogues found for each set of arguments, so
#: that checking 1 450 files does not look for (and stat) the catalogue files 1 450 times.
_session: dict[tuple[object, ...], list[CatalogEntry]] | None = None


@contextlib.contextmanager
def catalog_session() -> Iterator[None]:
    """Within the block, :func:`available_catalogs` looks for catalogue files once per set of
    arguments (one validation run over many files); outside it, every call looks again."""
    global _session
    outer = _session
    if outer is None:
        _session = {}
    try:
        yield
    finally:
        _session = outer


def available_catalogs(
    extra: Sequence[Path | str] = (), optional: Sequence[Path] = ()
) -> list[CatalogEntry]:
    """Catalogues given with ``--catalog``, then ``optional`` ones (catalogue files found among
    the files being validated), then those in ``./requirements/``, then bundled.

    A file that fails to load is an error when given explicitly and skipped otherwise.
    """
    if _session is None:
        return _available_catalogs(extra, optional)
    key = (tuple(str(p) for p in extra), tuple(str(p) for p in optional), os.getcwd())
    found = _session.get(key)
    if found is None:
        found = _session[key] = _available_catalogs(extra, optional)
    return list(found)


def _available_catalogs(
    extra: Sequence[Path | str] = (), optional: Sequence[Path] = ()
) -> list[CatalogEntry]:
    entries: list[CatalogEntry] = []
    seen: set[Path] = set()

    def consider(path: Path, origin: Literal["bundled", "local", "given"]) -> None:
        real = path.resolve()
        if real in seen:
            return
        seen.add(real)
        if origin == "given":
            catalog: Catalog | None = load_catalog(path)
        else:
            catalog, _ = read_catalog(path)
        if catalog is None:
            return
        entries.append(CatalogEntry(catalog, path, origin))

    for given in extra:
        given_path = Path(given)
        if not given_path.exists():
            raise CatalogError(f"catalogue file not found: {given_path}")
        for path in _yaml_files(given_path):
            consider(path, "given")
    for path in optional:
        consider(path, "local")
    if LOCAL_CATALOG_DIR.is_dir():
        for path in sorted(LOCAL_CATALOG_DIR.glob("*.y*ml")):
            consider(path, "local")
    for path in bundled_catalog_paths():
        consider(path, "bundled")
    return entries


def find_catalog_entry(
    ref: str, extra: Sequence[Path | str] = (), optional: Sequence[Path] = ()
) -> CatalogEntry:
    """The catalogue named ``id@version`` among the given, local and bundled ones."""
    wanted_id, _, wanted_version = ref.partition("@")
    entries = available_catalogs(extra, optional)
    for entry in entries:
        if entry.catalog.id == wanted_id and entry.catalog.version == wanted_version:
            return entry
    versions = [f"{e.catalog.version} ({e.path})" for e in entries if e.catalog.id == wanted_id]
    if versions:
        raise CatalogError(
            f"katalogen {wanted_id} finns inte i version {wanted_version}; funna versioner: "
            f"{', '.join(versions)}. Ange rätt fil med --catalog eller ändra catalog: i filen."
            f" / catalogue {wanted_id} version {wanted_version} not found; found versions: "
            f"{', '.join(versions)}"
        )
    known = ", ".join(sorted({e.catalog.ref for e in entries})) or "—"
    raise CatalogError(
        f"katalogen {ref} hittades inte (kända: {known}); lägg filen i ./requirements/ eller "
        f"ange den med --catalog / catalogue {ref} not found (known: {known}); put the file in "
        "./requirements/ or give it with --catalog"
    )


def choose_catalog(
    choice: str | None, extra: Sequence[Path | str] = (), lang: Language = "sv"
) -> CatalogEntry:
    """The catalogue a user named on the command line: ``id@version``, ``id`` (its newest
    version) or nothing (the only catalogue id there is)."""
    entries = available_catalogs(extra)
    known = ", ".join(e.catalog.ref for e in entries) or "—"
    if choice:
        wanted_id, _, wanted_version = choice.partition("@")
        entries = [
            e
            for e in entries
            if e.catalog.id == wanted_id
            and (not wanted_version or e.catalog.version == wanted_version)
        ]
    if not entries:
        raise CatalogError(
            f"katalogen {choice or ''} hittades inte (kända: {known}); ange den med --catalog"
            if lang == "sv"
            else f"catalogue {choice or ''} not found (known: {known}); give it with --catalog"
        )
    ids = sorted({entry.catalog.id for entry in entries})
    if len(ids) > 1:
        raise CatalogError(
            f"flera kataloger finns ({', '.join(ids)}); välj en med --catalog ID"
            if lang == "sv"
            else f"several catalogues exist ({', '.join(ids)}); choose one: --catalog ID"
        )
    return max(entries, key=lambda entry: _version_key(entry.catalog.version))


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.-]", version)
    )


def find_catalog(ref: str, extra: Sequence[Path | str] = ()) -> Catalog:
    """The catalogue named ``id@version`` (see :func:`find_catalog_entry`)."""
    return find_catalog_entry(ref, extra).catalog


# --- assessments ------------------------------------------------------------------------------


def read_assessment(
    path: Path,
    catalog_paths: Sequence[Path | str] = (),
    *,
    with_catalog: bool = True,
    optional_catalogs: Sequence[Path] = (),
    source: Source | None = None,
) -> tuple[Assessment | None, CatalogEntry | None, list[Diagnostic]]:
    """Load an assessment, resolve its catalogue and cross-check; never raises for bad input.

    ``source`` is the file already read (so that a caller who has parsed it does not pay twice).
    """
    display = source.file if source is not None else _display(path)
    if source is None:
        source, problems = read_source(path, display)
        if source is None:
            return None, None, problems
    if isinstance(source.data, dict) and detect_kind(source.data) == "decision":
        return (
            None,
            None,
            [
                Diagnostic(
                    display,
                    "error",
                    "file.is_decision",
                    "filen är ett certifieringsbeslut, ingen bedömning; använd lotscert register "
                    "eller lotscert report certificate för den",
                    "the file is a certification decision, not an assessment; use lotscert "
                    "register or lotscert report certificate for it",
                    (),
                    1,
                    1,
                )
            ],
        )
    assessment, problems = _parse(source, Assessment)
    if assessment is None and with_catalog:
        return None, *_check_what_can_be_read(source, problems, catalog_paths, optional_catalogs)
    if assessment is None or not with_catalog:
        return assessment, None, problems
    try:
        entry = find_catalog_entry(assessment.catalog, catalog_paths, optional_catalogs)
    except ValidationFailed as failure:
        return assessment, None, [d for d in failure.diagnostics if isinstance(d, Diagnostic)]
    except CatalogError as error:
        diagnostic = Diagnostic(
            display,
            "error",
            "catalog.not_found",
            error.message.split(" / ")[0],
            error.en or error.message.split(" / ")[-1],
            ("catalog",),
        )
        return assessment, None, [source.place(diagnostic)]
    from lotscert.validation.assessment_checks import check_assessment

    checks = check_assessment(assessment, entry.catalog, display)
    return assessment, entry, [source.place(d) for d in checks]


def _check_what_can_be_read(
    source: Source,
    schema_problems: list[Diagnostic],
    catalog_paths: Sequence[Path | str],
    optional_catalogs: Sequence[Path],
) -> tuple[CatalogEntry | None, list[Diagnostic]]:
    """Schema errors and, in the same run, the consistency of everything else (see
    :mod:`lotscert.validation.salvage`); the entry is None (the file did not load)."""
    try:
        built = Assessment.model_validate(source.data)
    except ValidationError as error:
        partial = salvage(source.data, error)
    else:  # only refused characters: every part without one is still checked
        partial = Salvaged(built)
    if partial is None:
        return None, _say_unchecked(schema_problems, "catalog", CATALOG_UNREADABLE)
    try:
        entry = find_catalog_entry(partial.assessment.catalog, catalog_paths, optional_catalogs)
    except ValidationFailed as failure:
        given = [d for d in failure.diagnostics if isinstance(d, Diagnostic)]
        return None, schema_problems + given
    except CatalogError as error:
        sv, en = CATALOG_UNREADABLE
        missing = Diagnostic(
            source.file,
            "error",
            "catalog.not_found",
            _added(error.message.split(" / ")[0], sv),
            _added(error.en or error.message.split(" / ")[-1], en),
            ("catalog",),
        )
        return None, [*schema_problems, source.place(missing)]
    consequences = list(partial.consequences)
    if partial.metrics_left_out:
        consequences += [
            Consequence(("responses", requirement.id), NEEDS["metrics"])
            for requirement in entry.catalog.requirements
            if requirement.metric is not None and requirement.metric.key in partial.metrics_left_out
        ]
    from lotscert.validation.assessment_checks import check_assessment

    checks = check_assessment(partial.assessment, entry.catalog, source.file)
    others = unrelated(checks, [d.path for d in schema_problems], consequences)
    told = schema_problems
    for part in sorted(partial.unknown):
        if part in UNCHECKED:
            told = _say_unchecked(told, part, UNCHECKED[part])
    return None, told + [source.place(d) for d in others]


#: What could not be checked when the catalogue is not known (added to the error about it).
CATALOG_UNREADABLE = (
    "; utan katalog kontrollerades inte svaren mot kraven",
    "; without a catalogue the responses were not checked against the requirements",
)
#: What was not checked because a header part could not be read (added to its first error).
UNCHECKED: dict[str, tuple[str, str]] = {
    "date": (
        "; det som beror på bedömningens datum (åtgärders datum, personers behörighet) "
        "kontrollerades inte",
        "; what depends on the assessment date (action dates, persons' qualification) was "
        "not checked",
    ),
    "kind": (
        "; det som beror på bedömningens slag (vilka krav som ska besvaras, revisionsteamet) "
        "kontrollerades inte",
        "; what depends on the kind of assessment (which requirements must be answered, the "
        "audit team) was not checked",
    ),
    "municipality": (
        "; kommunen och teamets opartiskhet prövades därför inte",
        "; the municipality and the team's impartiality were therefore not checked",
    ),
    "department_ids": (
        "; personernas och åtgärdernas förvaltningar kontrollerades inte",
        "; the departments named by persons and actions were not checked",
    ),
}


def _say_unchecked(
    problems: list[Diagnostic], part: str, words: tuple[str, str]
) -> list[Diagnostic]:
    """``problems`` with ``words`` added to the first error about ``part`` (once per file)."""
    told: list[Diagnostic] = []
    said = False
    for diagnostic in problems:
        if not said and diagnostic.severity == "error" and _concerns(diagnostic.path, part):
            diagnostic = dataclasses.replace(
                diagnostic, sv=_added(diagnostic.sv, words[0]), en=_added(diagnostic.en, words[1])
            )
            said = True
        told.append(diagnostic)
    return told


def _added(text: str, more: str) -> str:
    """``text`` and ``more`` (which begins with "; ") as one sentence."""
    return text.rstrip(". ") + more


def _concerns(path: DataPath, part: str) -> bool:
    if part == "department_ids":
        return path[:1] == ("departments",)
    return path[:1] == (part,)


def load_assessment(path: Path | str) -> Assessment:
    """Load an assessment file (schema only); raises :class:`ValidationFailed` on any error."""
    assessment, _, problems = read_assessment(Path(path), with_catalog=False)
    if assessment is None:
        raise _fail(problems)
    return assessment


def load_assessment_bytes(raw: bytes, path: Path | str) -> Assessment:
    """Load an assessment from the bytes of ``path`` already read (schema only); raises
    :class:`ValidationFailed` on any error, located in ``path``."""
    source, problems = read_source_bytes(raw, _display(Path(path)))
    if source is None:
        raise _fail(problems)
    assessment, _, problems = read_assessment(Path(path), with_catalog=False, source=source)
    if assessment is None:
        raise _fail(problems)
    return assessment


def load_assessment_with_catalog(
    path: Path | str, catalog_paths: Sequence[Path | str] = (), *, strict: bool = False
) -> tuple[Assessment, Catalog]:
    """Load an assessment and its catalogue, cross-checked; raises on any error."""
    assessment, entry, problems = read_assessment(Path(path), catalog_paths)
    if strict:
        problems = [d.promoted() for d in problems]
    if assessment is None or entry is None or any(d.severity == "error" for d in problems):
        raise _fail(problems)
    return assessment, entry.catalog


# --- many files -------------------------------------------------------------------------------


def iter_yaml_files(paths: Iterable[Path | str], *, with_decisions: bool = True) -> Iterator[Path]:
    """Every YAML file named or inside a named folder (recursively), in a stable order.

    ``with_decisions=False`` passes over the certification decisions inside a folder (they sit
    beside the audits they rest on; only ``validate``, ``register`` and ``report certificate``
    read them); a decision named on its own is still given, so that its command says what it
    is."""
    from lotscert.register import looks_like_decision

    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from (
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in (".yaml", ".yml")
                and p.is_file()
                and not p.name.startswith(".")
                and (with_decisions or not looks_like_decision(p))
            )
        else:
            yield path


def validate_file(
    path: Path, catalog_paths: Sequence[Path | str] = (), optional_catalogs: Sequence[Path] = ()
) -> tuple[FileKind | None, list[Diagnostic]]:
    """Validate one file of either kind."""
    display = _display(path)
    source, problems = read_source(path, display)
    if source is None:
        return _validate_past_syntax_errors(
            path, display, problems, catalog_paths, optional_catalogs
        )
    kind = detect_kind(source.data)
    if kind == "catalog":
        return kind, read_catalog(path)[1]
    if kind is None:
        return None, [_unknown_kind(display)]
    return kind, _check_file(path, kind, source, catalog_paths, optional_catalogs)


def _check_file(
    path: Path,
    kind: FileKind,
    source: Source,
    catalog_paths: Sequence[Path | str],
    optional_catalogs: Sequence[Path],
) -> list[Diagnostic]:
    if kind == "catalog":
        return _catalog_of(source)[1]
    if kind == "assessment":
        from lotscert.validation.previous_checks import check_against_previous, remember

        assessment, entry, problems = read_assessment(
            path, catalog_paths, optional_catalogs=optional_catalogs, source=source
        )
        if assessment is None or entry is None or any(d.severity == "error" for d in problems):
            remember(path, None, catalog_paths, optional_catalogs)
            return problems
        remember(path, (assessment, entry.catalog), catalog_paths, optional_catalogs)
        # The previous audit in the folder is followed up, as score does (DESIGN §6).

        followed = check_against_previous(
            path, source.file, assessment, entry.catalog, catalog_paths, optional_catalogs
        )
        return problems + [source.place(d) for d in followed]
    from lotscert.decisions import read_decision

    return read_decision(path, catalog_paths, source=source)[1]


def _validate_past_syntax_errors(
    path: Path,
    display: str,
    problems: list[Diagnostic],
    catalog_paths: Sequence[Path | str],
    optional_catalogs: Sequence[Path],
) -> tuple[FileKind | None, list[Diagnostic]]:
    """A file with syntax errors: every one of them, and the problems of the rest of the file
    (see :mod:`lotscert.yamlrecovery`), leaving out what follows from the lines not read."""
    from lotscert.yamlrecovery import RECOVERABLE, recover

    if not any(problem.code in RECOVERABLE for problem in problems):
        return None, problems  # not an error of the text: nothing more to read
    recovered = recover(path, display)
    if recovered is None:
        return None, problems
    if recovered.source is None:
        return None, recovered.problems
    # The kind of file by its keys, those on the lines not read included (a decision whose
    # "decision:" line is broken is still no assessment).
    keys = {str(part.part[0]) for part in recovered.skipped if part.part}
    kind = detect_kind({**dict.fromkeys(keys), **recovered.source.data})
    if kind is None:
        return None, recovered.problems
    consequences = _skipped_consequences(recovered.skipped)
    found = _check_file(path, kind, recovered.source, catalog_paths, optional_catalogs)
    others = [d for d in found if not any(rule.covers(d) for rule in consequences)]
    return kind, recovered.problems + others


def _skipped_consequences(skipped: Iterable[Skipped]) -> list[Consequence]:
    """What checks may say only because these parts of a file were not read."""
    rules: list[Consequence] = []
    for part in skipped:
        if not part.part:
            return [Consequence()]  # nothing can be told apart: only the syntax errors
        if not part.entry:
            rules.append(Consequence(part.part))
        section = str(part.part[0])
        if len(part.part) == 1 or part.vanished:
            rules.append(Consequence((section,), exact=True))
            needs = "department_ids" if section == "departments" else section
            if needs in NEEDS:
                rules.append(Consequence((), NEEDS[needs]))
        elif section == "persons":
            rules.append(Consequence((), NEEDS["persons"]))
    return rules


def _unknown_kind(display: str) -> Diagnostic:
    return Diagnostic(
        display,
        "error",
        "file.unknown_kind",
        "filen är varken en katalog (levels, requirements), en bedömning (catalog, "
        "municipality, responses) eller ett beslut (decision, decided_by)",
        "the file is neither a catalogue (levels, requirements), an assessment (catalog, "
        "municipality, responses) nor a decision (decision, decided_by)",
        (),
        1,
        1,
    )


def validate_paths(
    paths: Iterable[Path | str],
    catalog_paths: Sequence[Path | str] = (),
    *,
    strict: bool = False,
    jobs: int | None = 1,
    progress: ProgressCallback | None = None,
) -> Report:
    """Validate files and folders; every diagnostic of every file, nothing raised.

    ``jobs`` worker processes share the files (``None``/0 = every core); the report is the same
    whatever the number. ``progress(done, total)`` is called as files are checked.
    """
    from lotscert.batch import run_batch  # worker processes: only when validating files

    report = Report()
    files = list(iter_yaml_files(paths))
    found_catalogs = [path for path in files if _looks_like_catalog(path)]
    check = functools.partial(
        _validate_for_report,
        catalog_paths=tuple(catalog_paths),
        optional_catalogs=tuple(found_catalogs),
        strict=strict,
    )
    with catalog_session():
        for display, kind, problems in run_batch(check, files, jobs=jobs, progress=progress):
            report.checked.append((display, kind or "unknown"))
            report.extend(problems)
    report.diagnostics = sort_diagnostics(report.diagnostics)
    return report


def _validate_for_report(
    path: Path,
    *,
    catalog_paths: Sequence[Path | str],
    optional_catalogs: Sequence[Path],
    strict: bool,
) -> tuple[str, FileKind | None, list[Diagnostic]]:
    kind, problems = validate_file(path, catalog_paths, optional_catalogs)
    if strict:
        problems = [d.promoted() for d in problems]
    return _display(path), kind, problems


def _looks_like_catalog(path: Path) -> bool:
    if not path.is_file():  # a named pipe would block the open; read_source explains why
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    return (
        re.search(rb"^levels:", head, re.M) is not None
        and re.search(rb"^requirements:", head, re.M) is not None
    )


def cpu_count() -> int:
    """Cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
