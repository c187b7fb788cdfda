"""The integrity block: which input files (by SHA-256 of their bytes) a report was made from,
and with which options.

Each report carries the SHA-256 of every input file (catalogue, assessments), the lotscert
version, one digest over them, and the options the report was made with (kind, format,
language, names or not, anonymised or not, the generated-at text, for PDF the renderer),
machine-readably: HTML in ``<script type="application/json" id="lotscert-integrity">``, JSON
under the key ``integrity``, Markdown in a fenced block ```` ```json lotscert-integrity ````,
PDF in its document information (``/lotscertintegrity``, base64 JSON).

The block alone proves nothing (anyone can recompute digests): ``lotscert.reports.proof``
re-creates the report from the files and the recorded options and compares it byte for byte.
This module only reads and writes the block, and reads report and input files safely (a device
or a named pipe is refused from its type, never opened for a blocking read).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from lotscert import __version__
from lotscert.errors import Location, ReportError
from lotscert.plaintext import escape_unprintable

InputRole = Literal["catalog", "assessment", "previous", "decision"]

HTML_SCRIPT_ID: Final = "lotscert-integrity"
MARKDOWN_FENCE: Final = "```json lotscert-integrity"
PDF_METADATA_NAME: Final = "lotscert-integrity"
_CHUNK: Final = 1 << 16
#: No report lotscert writes comes near this (a national comparison is a few MB); a larger
#: "report" is refused before it is read.
MAX_REPORT_BYTES: Final = 256 << 20

_NOT_REGULAR: Final = (
    "är ingen vanlig fil (en enhet, en mapp eller ett namngivet rör); lotscert läser den inte / "
    "is not a regular file (a device, a folder or a named pipe); lotscert does not read it"
)


_NO_BLOCK_SV: Final = (
    "rapporten har inget integritetsblock (den är inte gjord av lotscert, eller blocket är "
    "borttaget)"
)
_NO_BLOCK_EN: Final = "no integrity block in this report"


def _cannot_read_sv(error: OSError) -> str:
    from lotscert.oserrors import os_reason

    return f"kan inte läsas ({os_reason(error, 'sv')})"


def open_regular(path: Path) -> int:
    """A read-only descriptor of a regular file; anything else is refused without a blocking
    read.

    The type is checked before opening (``os.stat``), the open does not wait (``O_NONBLOCK``:
    a named pipe swapped in meanwhile cannot make it hang), and the type is checked again on
    what was actually opened.
    """
    where = Location(str(path))
    try:
        status = os.stat(path)
    except OSError as error:
        raise ReportError(
            _cannot_read_sv(error), where, en=f"cannot read: {error.strerror}"
        ) from error
    if not stat.S_ISREG(status.st_mode):
        raise ReportError(_NOT_REGULAR, where)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ReportError(
            _cannot_read_sv(error), where, en=f"cannot read: {error.strerror}"
        ) from error
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise ReportError(_NOT_REGULAR, where)
    return descriptor


def read_regular(path: Path, limit: int = MAX_REPORT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`)."""
    descriptor = open_regular(path)
    where = Location(str(path))
    try:
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise ReportError(
                f"är för stor ({size} byte; högst {limit}) / is too large ({size} bytes; at most "
                f"{limit})",
                where,
            )
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(descriptor, _CHUNK):
            total += len(chunk)
            if total > limit:  # the file grew while it was read
                raise ReportError(
                    f"är för stor (mer än {limit} byte)",
                    where,
                    en=f"is too large (more than {limit} bytes)",
                )
            chunks.append(chunk)
    except OSError as error:
        raise ReportError(
            _cannot_read_sv(error), where, en=f"cannot read: {error.strerror}"
        ) from error
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of a regular file's bytes, read in chunks."""
    digest = hashlib.sha256()
    descriptor = open_regular(path)
    try:
        while chunk := os.read(descriptor, _CHUNK):
            digest.update(chunk)
    except OSError as error:
        raise ReportError(
            _cannot_read_sv(error), Location(str(path)), en=f"cannot read: {error.strerror}"
        ) from error
    finally:
        os.close(descriptor)
    return digest.hexdigest()


def display_name(path: Path) -> str:
    """A stable, short name for a file: its folder and file name (``9901-exempelby/2026.yaml``).

    Not the full path: the same inputs give the same report wherever they are checked out.
    """
    path = Path(path)
    parent = path.parent.name
    return f"{parent}/{path.name}" if parent else path.name


def checked_generated_at(text: str | None) -> str | None:
    """``--generated-at`` as given, when it is a date or a date and time in ISO 8601
    (``2026-11-29``, ``2026-11-29T14:05``, ``2026-11-29 14:05+01:00``); any other text is
    refused — the footer of a proven report says when, never what (a free text could claim a
    decision the report does not make, and ``verify`` would prove it)."""
    if text is None:
        return None
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        raise ReportError(
            f"--generated-at ska vara ett datum eller en tidpunkt i ISO 8601, t.ex. 2026-11-29 "
            f"eller 2026-11-29T14:05, fick «{escape_unprintable(text)[:60]}»",
            en="--generated-at must be a date or a date and time in ISO 8601, e.g. 2026-11-29 "
            f"or 2026-11-29T14:05, got «{escape_unprintable(text)[:60]}»",
        ) from None
    return text


@dataclass(frozen=True)
class InputDigest:
    """One input file: what it was to the report, its name, and its SHA-256."""

    role: InputRole
    name: str
    sha256: str


@dataclass(frozen=True)
class ReportOptions:
    """How a report was made, recorded so that ``verify`` can make it again.

    ``format`` and ``renderer`` are filled in when the report is rendered (``renderer`` only
    for PDF: the WeasyPrint version whose output it is).
    """

    kind: str
    lang: str
    with_names: bool
    anonymise: bool
    generated_at: str | None
    format: str | None = None
    renderer: str | None = None
    #: the register's date (``lotscert register --at``)
    at: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The options as plain JSON data (keys in a fixed order)."""
        data: dict[str, object] = {
            "kind": self.kind,
            "format": self.format,
            "lang": self.lang,
            "with_names": self.with_names,
            "anonymise": self.anonymise,
            "generated_at": self.generated_at,
        }
        if self.renderer is not None:
            data["renderer"] = self.renderer
        if self.at is not None:
            data["at"] = self.at
        return data

    @classmethod
    def from_dict(cls, data: object) -> ReportOptions:
        """Read the options back; anything of the wrong shape is a ``TypeError``."""
        if not isinstance(data, dict):
            raise TypeError("report options are not an object")
        texts = {key: data.get(key) for key in ("kind", "format", "lang")}
        if not all(isinstance(value, str) for value in texts.values()):
            raise TypeError("report options: kind, format and lang must be text")
        flags = {key: data.get(key) for key in ("with_names", "anonymise")}
        if not all(isinstance(value, bool) for value in flags.values()):
            raise TypeError("report options: with_names and anonymise must be true or false")
        generated_at, renderer, at = data.get("generated_at"), data.get("renderer"), data.get("at")
        if not all(
            value is None or isinstance(value, str) for value in (generated_at, renderer, at)
        ):
            raise TypeError("report options: generated_at, renderer and at must be text")
        return cls(
            kind=str(texts["kind"]),
            lang=str(texts["lang"]),
            with_names=bool(flags["with_names"]),
            anonymise=bool(flags["anonymise"]),
            generated_at=generated_at,
            format=str(texts["format"]),
            renderer=renderer,
            at=at,
        )


@dataclass(frozen=True)
class Integrity:
    """The integrity block of a report."""

    lotscert_version: str
    inputs: tuple[InputDigest, ...]
    digest: str
    report: ReportOptions | None = None

    def to_dict(self) -> dict[str, object]:
        """The block as plain JSON data (keys in a fixed order)."""
        data: dict[str, object] = {
            "algorithm": "sha256",
            "lotscert_version": self.lotscert_version,
            "inputs": [
                {"role": item.role, "name": item.name, "sha256": item.sha256}
                for item in self.inputs
            ],
            "digest": self.digest,
        }
        if self.report is not None:
            data["report"] = self.report.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: object, where: str) -> Integrity:
        """Read a block back; a malformed one is a :class:`ReportError` located at ``where``."""
        try:
            if not isinstance(data, dict):
                raise TypeError("not an object")
            inputs = tuple(_input_from_dict(item) for item in data["inputs"])
            options = data.get("report")
            return cls(
                lotscert_version=str(data["lotscert_version"]),
                inputs=inputs,
                digest=str(data["digest"]),
                report=None if options is None else ReportOptions.from_dict(options),
            )
        except (KeyError, TypeError) as error:
            raise ReportError(
                f"integritetsblocket är trasigt ({error})",
                Location(where),
                en=f"malformed integrity block ({error})",
            ) from error


def _input_from_dict(item: object) -> InputDigest:
    if not isinstance(item, dict):
        raise TypeError("an input is not an object")
    role = item["role"]
    if role not in _ROLE_ORDER:
        raise TypeError(f"unknown input role {role!r}")
    return InputDigest(role=role, name=str(item["name"]), sha256=str(item["sha256"]))


def combined_digest(version: str, digests: Iterable[str]) -> str:
    """One SHA-256 over the lotscert version and the sorted file digests."""
    text = f"lotscert {version}\n" + "".join(f"{item}\n" for item in sorted(digests))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: The name of every input of an anonymised report (``report compare --anonymise``): a folder
#: or file name would say which municipality a row is; the digest still finds the file.
ANONYMOUS_NAME: Final = "—"


def build_integrity(
    inputs: Sequence[tuple[InputRole, Path]],
    options: ReportOptions | None = None,
    hide: Callable[[str], str] | None = None,
) -> Integrity:
    """Hash every input file once (a catalogue shared by many assessments counts once).

    Each file is named by :func:`display_name`, passed through ``hide`` (the report's
    pseudonymisation: a person's name in a file name is not shown); an anonymised report names
    no file (:data:`ANONYMOUS_NAME`) and lists its inputs in the order of their digests."""
    seen: set[Path] = set()
    items: list[InputDigest] = []
    for role, path in inputs:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if options is not None and options.anonymise:
            name = ANONYMOUS_NAME
        else:
            name = display_name(path) if hide is None else hide(display_name(path))
        items.append(InputDigest(role=role, name=name, sha256=file_sha256(path)))
    items.sort(key=lambda item: (_ROLE_ORDER[item.role], item.name, item.sha256))
    return Integrity(
        lotscert_version=__version__,
        inputs=tuple(items),
        digest=combined_digest(__version__, (item.sha256 for item in items)),
        report=options,
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
    return integrity_of(read_regular(report), report)


def integrity_of(data: bytes, report: Path) -> Integrity:
    """The integrity block in a report's bytes (``report`` names it and gives its suffix)."""
    where = str(report)
    suffix = Path(report).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return Integrity.from_dict(_pdf_block(data, where), where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReportError(
            "ingen lotscert-rapport (inte UTF-8)",
            Location(where),
            en="not a lotscert report (not UTF-8)",
        ) from error
    if suffix in (".html", ".htm"):
        match = _HTML_BLOCK.search(text)
        block = match.group(1) if match else None
    elif suffix == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ReportError(
                f"inte giltig JSON (fel i kolumn {error.colno})",
                Location(where, error.lineno),
                en=f"not JSON: {error.msg}",
            ) from error
        if not isinstance(document, dict) or "integrity" not in document:
            raise ReportError(_NO_BLOCK_SV, Location(where), en=_NO_BLOCK_EN)
        return Integrity.from_dict(document["integrity"], where)
    else:
        block = _markdown_block(text)
    if block is None:
        raise ReportError(_NO_BLOCK_SV, Location(where), en=_NO_BLOCK_EN)
    try:
        return Integrity.from_dict(json.loads(block), where)
    except json.JSONDecodeError as error:
        raise ReportError(
            f"integritetsblocket är trasigt (inte giltig JSON, kolumn {error.colno})",
            Location(where),
            en=f"malformed integrity block: {error.msg}",
        ) from error


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
            raise ReportError(
                "integritetsblocket i PDF-filen är trasigt",
                Location(where),
                en="malformed integrity block in the PDF",
            ) from error
    raise ReportError(
        "PDF-filen har inget integritetsblock (den är inte gjord av lotscert)",
        Location(where),
        en="no integrity block in this PDF",
    )
