"""``verify``: prove a report by making it again from its inputs and comparing the bytes.

A report's integrity block lists the SHA-256 of every input and the options it was made with
(kind, format, language, names or not, anonymised or not, the generated-at text, for PDF the
renderer). Digests alone prove nothing — anyone can recompute them and write them into an
edited report — so :func:`verify` does three things:

1. reads the report safely (a device or pipe is refused from its type, never read);
2. matches the given files to the recorded inputs by digest and names any file that differs,
   is missing or is no input (the bundled catalogue need not be given: it is found by digest);
3. re-creates the report from exactly those files with the recorded options and compares it
   with the report byte for byte (HTML, Markdown, JSON and PDF alike). The first difference
   is named: a line for HTML and Markdown, a field for JSON, a byte offset for PDF.

A PDF is deterministic (WeasyPrint writes no time stamp, no random document id; fonts are
subset under names derived from their content), so it is checked like the others; it is only
re-created identically with the same WeasyPrint version and fonts, which is why the renderer is
recorded and named when it differs.
"""

from __future__ import annotations

import json
import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from lotscert import __version__
from lotscert.errors import LotscertError
from lotscert.models.common import Language
from lotscert.reports.integrity import (
    InputDigest,
    Integrity,
    ReportOptions,
    combined_digest,
    display_name,
    file_sha256,
    integrity_of,
    read_regular,
)

#: How a re-created report differs from the file: what kind of place, and where.
DifferenceKind = Literal[
    "line",
    "field",
    "byte",
    "longer",
    "shorter",
    "version",
    "renderer",
    "options",
    "recreate",
    "name",
]

_QUOTE_LENGTH: Final = 60
#: Where re-created reports would go: a folder that does not exist and is never made (nothing is
#: written; a real folder could hold the report itself, which the run notes as an input).
_NOWHERE: Final = Path(tempfile.gettempdir()) / f"lotscert-verify-{secrets.token_hex(8)}"


@dataclass(frozen=True)
class ContentDifference:
    """Where the report differs from the one its inputs give (``where`` and the two texts
    are already made printable: control and bidirectional characters escaped)."""

    kind: DifferenceKind
    where: str
    in_report: str = ""
    recreated: str = ""


@dataclass(frozen=True)
class VerifyResult:
    """What :func:`verify` found.

    ``ok`` when the given files are exactly the report's inputs and the report is, byte for
    byte, the one they give. Otherwise ``differing`` pairs a given file with the report input
    of the same name whose bytes differ, ``unknown`` lists given files that are no input of the
    report, ``missing`` the report's inputs not given, and ``content`` says where the report
    itself differs from the re-created one.
    """

    report: Path
    integrity: Integrity
    consistent: bool
    differing: tuple[tuple[Path, InputDigest], ...]
    unknown: tuple[Path, ...]
    missing: tuple[InputDigest, ...]
    content: ContentDifference | None = None
    bundled_catalog: bool = False

    @property
    def ok(self) -> bool:
        """True when the report was made from exactly the given files and is unchanged."""
        return (
            self.consistent
            and not (self.differing or self.unknown or self.missing)
            and self.content is None
        )


def verify(report_path: Path, input_paths: Sequence[Path]) -> VerifyResult:
    """Check a report against its input files and re-create it (see the module)."""
    report_path = Path(report_path)
    data = read_regular(report_path)
    integrity = integrity_of(data, report_path)
    consistent = integrity.digest == combined_digest(
        integrity.lotscert_version, (item.sha256 for item in integrity.inputs)
    )
    matched, differing, unknown, missing = _match_inputs(integrity, input_paths)
    bundled = False
    if missing:
        matched, missing, bundled = _bundled_catalogs(matched, missing)
    result = VerifyResult(
        report=report_path,
        integrity=integrity,
        consistent=consistent,
        differing=tuple(differing),
        unknown=tuple(unknown),
        missing=tuple(missing),
        bundled_catalog=bundled,
    )
    if not result.ok:
        return result
    content = _recreate_and_compare(data, report_path, integrity, matched)
    return VerifyResult(
        report=report_path,
        integrity=integrity,
        consistent=consistent,
        differing=(),
        unknown=(),
        missing=(),
        content=content,
        bundled_catalog=bundled,
    )


def _match_inputs(
    integrity: Integrity, input_paths: Sequence[Path]
) -> tuple[
    list[tuple[InputDigest, Path]],
    list[tuple[Path, InputDigest]],
    list[Path],
    list[InputDigest],
]:
    remaining = list(integrity.inputs)
    matched: list[tuple[InputDigest, Path]] = []
    unmatched: list[Path] = []
    seen: set[Path] = set()
    for path in input_paths:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        digest = file_sha256(path)
        match = next((item for item in remaining if item.sha256 == digest), None)
        if match is None:
            unmatched.append(Path(path))
        else:
            remaining.remove(match)
            matched.append((match, Path(path)))
    differing: list[tuple[Path, InputDigest]] = []
    unknown: list[Path] = []
    for path in unmatched:
        same_name = next((item for item in remaining if item.name == display_name(path)), None)
        if same_name is None:
            same_name = next(
                (item for item in remaining if Path(item.name).name == path.name), None
            )
        if same_name is None:
            unknown.append(path)
        else:
            remaining.remove(same_name)
            differing.append((path, same_name))
    return matched, differing, unknown, remaining


def _bundled_catalogs(
    matched: list[tuple[InputDigest, Path]], missing: list[InputDigest]
) -> tuple[list[tuple[InputDigest, Path]], list[InputDigest], bool]:
    """A recorded catalogue not given is taken from the bundled ones when a digest matches."""
    from lotscert.loading import bundled_catalog_paths

    bundled = {file_sha256(path): path for path in bundled_catalog_paths()}
    still_missing: list[InputDigest] = []
    used = False
    for item in missing:
        path = bundled.get(item.sha256) if item.role == "catalog" else None
        if path is None:
            still_missing.append(item)
        else:
            matched = [*matched, (item, path)]
            used = True
    return matched, still_missing, used


def _recreate_and_compare(
    data: bytes, report_path: Path, integrity: Integrity, matched: list[tuple[InputDigest, Path]]
) -> ContentDifference | None:
    options = integrity.report
    if options is None:
        return ContentDifference("options", "")
    if integrity.lotscert_version != __version__:
        return ContentDifference("version", "", integrity.lotscert_version, __version__)
    if options.lang not in ("sv", "en"):
        return ContentDifference("options", "")
    if options.format == "pdf":
        from lotscert.reports.pdf import renderer_name

        if options.renderer != renderer_name():
            return ContentDifference(
                "renderer", "", printable(options.renderer or "—"), renderer_name()
            )
    # The names are part of what the report says: a file is proven under its recorded name
    # (its folder and file name; where the folder is does not matter). A report without names
    # shows a file name with a person's name pseudonymised, an anonymised one no name: those
    # are compared as the re-created report names them.
    names_as_given = options.with_names and not options.anonymise
    for item, path in matched:
        if names_as_given and item.name != display_name(path):
            return ContentDifference("name", printable(str(path)), printable(item.name))
    try:
        candidates = _recreate(options, matched)
    except LotscertError as error:
        return ContentDifference("recreate", printable(error.message))
    if candidates is None:
        return ContentDifference("options", printable(f"{options.kind}/{options.format}"))
    if any(candidate == data for _, candidate in candidates):
        return None
    if not candidates:
        return ContentDifference("recreate", "0 reports")
    if not names_as_given:
        renamed = _renamed_input(integrity, candidates, matched, report_path)
        if renamed is not None:
            return renamed
    # A decision gives one certificate per person: compare with the one of the same file name.
    same_name = [candidate for target, candidate in candidates if target.name == report_path.name]
    return first_difference(data, (same_name or [candidates[0][1]])[0], options.format or "")


def _renamed_input(
    integrity: Integrity,
    candidates: list[tuple[Path, bytes]],
    matched: list[tuple[InputDigest, Path]],
    report_path: Path,
) -> ContentDifference | None:
    """The first given file the re-created report names otherwise than the report does."""
    same_name = [data for target, data in candidates if target.name == report_path.name]
    try:
        recreated = integrity_of((same_name or [candidates[0][1]])[0], report_path)
    except LotscertError:
        return None
    names = {item.sha256: item.name for item in recreated.inputs}
    for item, path in matched:
        if names.get(item.sha256, item.name) != item.name:
            return ContentDifference("name", printable(str(path)), printable(item.name))
    return None


def _recreate(
    options: ReportOptions, matched: list[tuple[InputDigest, Path]]
) -> list[tuple[Path, bytes]] | None:
    """Every document the recorded options make from the matched files (None: no such kind)."""
    from lotscert.reports.api import iter_reports
    from lotscert.reports.kinds import ReportFormat, ReportKind

    lang: Language = "en" if options.lang == "en" else "sv"
    ordered = sorted(matched, key=lambda pair: (pair[0].name, pair[0].sha256))
    catalogs = [path for item, path in ordered if item.role == "catalog"]
    decisions = [path for item, path in ordered if item.role == "decision"]
    assessments = [path for item, path in ordered if item.role == "assessment"]
    previous = [path for item, path in ordered if item.role == "previous"]
    if options.kind == "register":
        return _recreate_register(options, lang, [*decisions, *assessments], catalogs)
    try:
        kind = ReportKind(options.kind)
        fmt = ReportFormat(options.format or "")
    except ValueError:
        return None
    if len(previous) > 1:
        return None
    return list(
        iter_reports(
            kind,
            # a certificate document is made from its decision (which names its audits)
            decisions or assessments,
            fmt,
            lang,
            _NOWHERE,
            previous=previous[0] if previous else None,
            catalog_paths=catalogs,
            with_names=options.with_names,
            anonymise=options.anonymise,
            generated_at=options.generated_at,
            # exactly the recorded files: a previous audit the report used is recorded (role
            # previous) and given; none is looked for beside the given files
            find_previous=False,
        )
    )


def _recreate_register(
    options: ReportOptions, lang: Language, paths: list[Path], catalogs: list[Path]
) -> list[tuple[Path, bytes]] | None:
    import datetime as dt

    from lotscert.register import build_register
    from lotscert.reports.register import RegisterFormat, render_register

    try:
        fmt = RegisterFormat(options.format or "")
        at = dt.date.fromisoformat(options.at or "")
    except ValueError:
        return None
    built = build_register(paths, at, catalogs)
    return [
        (
            Path(f"register-{at.isoformat()}.{fmt.value}"),
            render_register(built, fmt, lang, options.generated_at),
        )
    ]


def first_difference(report: bytes, recreated: bytes, fmt: str) -> ContentDifference | None:
    """Where ``report`` first differs from ``recreated`` (None when they are equal)."""
    if report == recreated:
        return None
    if fmt == "json":
        found = _json_difference(report, recreated)
        if found is not None:
            return found
    if fmt in ("json", "html", "md"):
        return _line_difference(report, recreated)
    return _byte_difference(report, recreated)


def _byte_difference(report: bytes, recreated: bytes) -> ContentDifference:
    common = min(len(report), len(recreated))
    if report[:common] == recreated[:common]:
        if len(report) > len(recreated):
            return ContentDifference("longer", str(len(recreated)), str(len(report) - common))
        return ContentDifference("shorter", str(len(report)), str(len(recreated) - common))
    offset = next(index for index in range(common) if report[index] != recreated[index])
    return ContentDifference(
        "byte",
        str(offset),
        report[offset : offset + 16].hex(" "),
        recreated[offset : offset + 16].hex(" "),
    )


def _line_difference(report: bytes, recreated: bytes) -> ContentDifference:
    ours = report.decode("utf-8", errors="replace").split("\n")
    theirs = recreated.decode("utf-8", errors="replace").split("\n")
    for number, (left, right) in enumerate(zip(ours, theirs, strict=False), start=1):
        if left != right:
            column = next(
                (
                    index
                    for index, pair in enumerate(zip(left, right, strict=False))
                    if pair[0] != pair[1]
                ),
                min(len(left), len(right)),
            )
            start = max(0, column - 20)
            return ContentDifference(
                "line",
                str(number),
                printable(_excerpt(left, start)),
                printable(_excerpt(right, start)),
            )
    return _byte_difference(report, recreated)


def _excerpt(text: str, start: int) -> str:
    piece = text[start : start + _QUOTE_LENGTH]
    return ("…" if start else "") + piece + ("…" if start + _QUOTE_LENGTH < len(text) else "")


def _json_difference(report: bytes, recreated: bytes) -> ContentDifference | None:
    try:
        left = json.loads(report)
        right = json.loads(recreated)
    except ValueError:
        return None
    path = _json_path(left, right, "")
    if path is None:
        return None  # the same data written differently: the line says where
    where, ours, theirs = path
    return ContentDifference(
        "field", printable(where or "/"), printable(_short(ours)), printable(_short(theirs))
    )


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _QUOTE_LENGTH else text[: _QUOTE_LENGTH - 1] + "…"


def _json_path(left: object, right: object, where: str) -> tuple[str, object, object] | None:
    if type(left) is not type(right):
        return where, left, right
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                return f"{where}.{key}".lstrip("."), left.get(key), right.get(key)
            found = _json_path(left[key], right[key], f"{where}.{key}".lstrip("."))
            if found is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            found = _json_path(a, b, f"{where}[{index}]")
            if found is not None:
                return found
        if len(left) != len(right):
            return f"{where}[{min(len(left), len(right))}]", len(left), len(right)
        return None
    return None if left == right else (where, left, right)


def printable(text: str) -> str:
    """``text`` with every character a terminal or a page could act on shown as an escape."""
    from lotscert.plaintext import escape_unprintable

    return escape_unprintable(text)
