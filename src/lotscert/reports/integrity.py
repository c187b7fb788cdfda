"""The integrity block: which input files (by SHA-256 of their bytes) a report was made from.

Each report carries the SHA-256 of every input file (catalogue, assessments), the lotscert
version, and one digest over them, machine-readably: HTML in ``<script type="application/json"
id="lotscert-integrity">``, JSON under the key ``integrity``, Markdown in a fenced block
```` ```json lotscert-integrity ````, PDF in its document information (``/lotscertintegrity``,
base64 JSON). :func:`verify` recomputes the digests of given files and says whether the report
was made from exactly those files, naming any that differ.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from lotscert import __version__
from lotscert.errors import Location, ReportError

InputRole = Literal["catalog", "assessment", "previous", "decision"]

HTML_SCRIPT_ID: Final = "lotscert-integrity"
MARKDOWN_FENCE: Final = "```json lotscert-integrity"
PDF_METADATA_NAME: Final = "lotscert-integrity"
_CHUNK: Final = 1 << 16


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    if Path(path).exists() and not Path(path).is_file():  # a named pipe would block the open
        raise ReportError("is not a regular file", Location(str(path)))
    try:
        with Path(path).open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise ReportError(f"cannot read: {error.strerror}", Location(str(path))) from error
    return digest.hexdigest()


def display_name(path: Path) -> str:
    """A stable, short name for a file: its folder and file name (``9901-exempelby/2026.yaml``).

    Not the full path: the same inputs give the same report wherever they are checked out.
    """
    path = Path(path)
    parent = path.parent.name
    return f"{parent}/{path.name}" if parent else path.name


@dataclass(frozen=True)
class InputDigest:
    """One input file: what it was to the report, its name, and its SHA-256."""

    role: InputRole
    name: str
    sha256: str


@dataclass(frozen=True)
class Integrity:
    """The integrity block of a report."""

    lotscert_version: str
    inputs: tuple[InputDigest, ...]
    digest: str

    def to_dict(self) -> dict[str, object]:
        """The block as plain JSON data (keys in a fixed order)."""
        return {
            "algorithm": "sha256",
            "lotscert_version": self.lotscert_version,
            "inputs": [
                {"role": item.role, "name": item.name, "sha256": item.sha256}
                for item in self.inputs
            ],
            "digest": self.digest,
        }

    @classmethod
    def from_dict(cls, data: object, where: str) -> Integrity:
        """Read a block back; a malformed one is a :class:`ReportError` located at ``where``."""
        try:
            if not isinstance(data, dict):
                raise TypeError("not an object")
            inputs = tuple(
                InputDigest(role=item["role"], name=str(item["name"]), sha256=str(item["sha256"]))
                for item in data["inputs"]
            )
            return cls(
                lotscert_version=str(data["lotscert_version"]),
                inputs=inputs,
                digest=str(data["digest"]),
            )
        except (KeyError, TypeError) as error:
            raise ReportError(f"malformed integrity block ({error})", Location(where)) from error


def combined_digest(version: str, digests: Iterable[str]) -> str:
    """One SHA-256 over the lotscert version and the sorted file digests."""
    text = f"lotscert {version}\n" + "".join(f"{item}\n" for item in sorted(digests))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_integrity(inputs: Sequence[tuple[InputRole, Path]]) -> Integrity:
    """Hash every input file once (a catalogue shared by many assessments counts once)."""
    seen: set[Path] = set()
    items: list[InputDigest] = []
    for role, path in inputs:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        items.append(InputDigest(role=role, name=display_name(path), sha256=file_sha256(path)))
    items.sort(key=lambda item: (_ROLE_ORDER[item.role], item.name, item.sha256))
    return Integrity(
        lotscert_version=__version__,
        inputs=tuple(items),
        digest=combined_digest(__version__, (item.sha256 for item in items)),
    )


_ROLE_ORDER: Final[dict[str, int]] = {"catalog": 0, "previous": 1, "assessment": 2, "decision": 3}


def pdf_metadata_value(integrity: Integrity) -> str:
    """The block as base64 JSON: safe in a PDF string whatever the file names contain."""
    text = json.dumps(integrity.to_dict(), ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return base64.b64encode(text.encode("ascii")).decode("ascii")


_HTML_BLOCK: Final = re.compile(
    r'<script type="application/json" id="lotscert-integrity">(.*?)</script>', re.S
)
_PDF_INFO: Final = re.compile(rb"/lotscertintegrity\s*\(([A-Za-z0-9+/=\s\\]*)\)")
_PDF_STREAM: Final = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def read_integrity(report: Path) -> Integrity:
    """The integrity block carried by a report file (HTML, JSON, Markdown or PDF)."""
    where = str(report)
    try:
        data = Path(report).read_bytes()
    except OSError as error:
        raise ReportError(f"cannot read: {error.strerror}", Location(where)) from error
    suffix = Path(report).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return Integrity.from_dict(_pdf_block(data, where), where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReportError("not a lotscert report (not UTF-8)", Location(where)) from error
    if suffix in (".html", ".htm"):
        match = _HTML_BLOCK.search(text)
        block = match.group(1) if match else None
    elif suffix == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ReportError(f"not JSON: {error.msg}", Location(where, error.lineno)) from error
        if not isinstance(document, dict) or "integrity" not in document:
            raise ReportError("no integrity block in this report", Location(where))
        return Integrity.from_dict(document["integrity"], where)
    else:
        block = _markdown_block(text)
    if block is None:
        raise ReportError("no integrity block in this report", Location(where))
    try:
        return Integrity.from_dict(json.loads(block), where)
    except json.JSONDecodeError as error:
        raise ReportError(f"malformed integrity block: {error.msg}", Location(where)) from error


def _markdown_block(text: str) -> str | None:
    start = text.find(MARKDOWN_FENCE + "\n")
    if start < 0:
        return None
    start += len(MARKDOWN_FENCE) + 1
    end = text.find("\n```", start)
    return text[start:end] if end >= 0 else None


def _pdf_block(data: bytes, where: str) -> object:
    candidates = [data]
    for match in _PDF_STREAM.finditer(data):
        try:
            candidates.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    for candidate in candidates:
        found = _PDF_INFO.search(candidate)
        if found is None:
            continue
        encoded = re.sub(rb"[\s\\]", b"", found.group(1))
        try:
            return json.loads(base64.b64decode(encoded, validate=True))
        except (binascii.Error, ValueError) as error:
            raise ReportError("malformed integrity block in the PDF", Location(where)) from error
    raise ReportError("no integrity block in this PDF", Location(where))


@dataclass(frozen=True)
class VerifyResult:
    """What :func:`verify` found.

    ``ok`` when the given files are exactly the report's inputs. Otherwise ``differing`` pairs a
    given file with the report input of the same name whose bytes differ, ``unknown`` lists
    given files that are no input of the report, ``missing`` the report's inputs not given.
    """

    report: Path
    integrity: Integrity
    consistent: bool
    differing: tuple[tuple[Path, InputDigest], ...]
    unknown: tuple[Path, ...]
    missing: tuple[InputDigest, ...]

    @property
    def ok(self) -> bool:
        """True when the report was made from exactly the given files."""
        return self.consistent and not (self.differing or self.unknown or self.missing)


def verify(report_path: Path, input_paths: Sequence[Path]) -> VerifyResult:
    """Recompute the given files' digests and compare them with the report's integrity block."""
    integrity = read_integrity(report_path)
    consistent = integrity.digest == combined_digest(
        integrity.lotscert_version, (item.sha256 for item in integrity.inputs)
    )
    remaining = list(integrity.inputs)
    unmatched: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for path in input_paths:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        digest = file_sha256(path)
        match = next((item for item in remaining if item.sha256 == digest), None)
        if match is None:
            unmatched.append((Path(path), digest))
        else:
            remaining.remove(match)
    differing: list[tuple[Path, InputDigest]] = []
    unknown: list[Path] = []
    for path, _digest in unmatched:
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
    return VerifyResult(
        report=Path(report_path),
        integrity=integrity,
        consistent=consistent,
        differing=tuple(differing),
        unknown=tuple(unknown),
        missing=tuple(remaining),
    )
