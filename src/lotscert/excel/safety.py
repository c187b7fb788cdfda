"""Checks on a workbook file before openpyxl parses anything in it.

A workbook that comes back from a department is untrusted input. Before openpyxl opens it we
check, with the standard library only, that it is a zip archive of sensible size (compressed
and uncompressed — every member is actually unpacked and counted, so a zip bomb with lying
headers is caught too), that it is not an encrypted (password-protected) Office file — those
are OLE compound files, not zips — and that it holds neither macros nor external links.
openpyxl parses XML through defusedxml when it is installed, which it is (a dependency).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lotscert.errors import Location, WorkbookError
from lotscert.models.common import Language

#: The largest workbook file accepted (bytes on disk).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The largest total size of the archive's members once uncompressed.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: The most members an archive may have.
MAX_MEMBERS = 10_000

#: The first bytes of an OLE compound file: what Excel writes for a password-protected workbook
#: (and for the old binary .xls format).
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

_CHUNK = 1024 * 1024


def _say(lang: Language, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def check_workbook_file(
    path: Path,
    *,
    lang: Language = "sv",
    max_file_bytes: int | None = None,
    max_uncompressed_bytes: int | None = None,
) -> None:
    """Refuse, with a clear message, a file that is not a safe plain .xlsx workbook.

    The limits default to :data:`MAX_FILE_BYTES` and :data:`MAX_UNCOMPRESSED_BYTES`.
    """
    where = Location(str(path))
    if max_file_bytes is None:
        max_file_bytes = MAX_FILE_BYTES
    if max_uncompressed_bytes is None:
        max_uncompressed_bytes = MAX_UNCOMPRESSED_BYTES

    def fail(sv: str, en: str) -> WorkbookError:
        return WorkbookError(_say(lang, sv, en), where)

    if not path.is_file():
        raise fail("filen finns inte", "the file does not exist")
    size = path.stat().st_size
    if size > max_file_bytes:
        raise fail(
            f"filen är {size} byte, mer än gränsen {max_file_bytes} byte",
            f"the file is {size} bytes, more than the limit of {max_file_bytes} bytes",
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_SIGNATURE:
        raise fail(
            "arbetsboken är lösenordsskyddad (krypterad) eller i det gamla .xls-formatet; spara "
            "den som en vanlig .xlsx-arbetsbok utan lösenord och försök igen",
            "the workbook is password-protected (encrypted) or in the old .xls format; save it "
            "as a plain .xlsx workbook without a password and try again",
        )
    if not head.startswith(b"PK\x03\x04"):
        raise fail(
            "inte en .xlsx-arbetsbok (inte ett zip-arkiv)", "not an .xlsx workbook (not a zip)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = [member.filename for member in members]
            lowered = [name.lower() for name in names]
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise fail(
                    "inte en .xlsx-arbetsbok (xl/workbook.xml saknas)",
                    "not an .xlsx workbook (no xl/workbook.xml)",
                )
            if any(name.endswith("vbaproject.bin") for name in lowered):
                raise fail(
                    "arbetsboken innehåller makron (vbaProject.bin); spara som .xlsx utan makron",
                    "the workbook contains macros (vbaProject.bin); save as .xlsx without macros",
                )
            if any(name.startswith("xl/externallinks/") for name in lowered):
                raise fail(
                    "arbetsboken har länkar till andra arbetsböcker (externa länkar); ta bort dem",
                    "the workbook links to other workbooks (external links); remove them",
                )
            if len(members) > MAX_MEMBERS:
                raise fail(
                    f"arkivet har {len(members)} delar, för många",
                    f"the archive has {len(members)} members, too many",
                )
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise fail(
                        "arbetsboken är krypterad; spara den utan lösenord",
                        "the workbook is encrypted; save it without a password",
                    )
                total += member.file_size
                if total > max_uncompressed_bytes:
                    raise _too_big(lang, where, max_uncompressed_bytes)
            # The sizes in the headers may lie: unpack every member and count what comes out.
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > max_uncompressed_bytes:
                            raise _too_big(lang, where, max_uncompressed_bytes)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as error:
        raise fail(f"trasig arbetsbok: {error}", f"corrupt workbook: {error}") from None
    except (OSError, NotImplementedError, RuntimeError, ValueError) as error:
        raise fail(
            f"arbetsboken kan inte läsas: {error}", f"cannot read the workbook: {error}"
        ) from None


def _too_big(lang: Language, where: Location, limit: int) -> WorkbookError:
    return WorkbookError(
        _say(
            lang,
            f"arbetsboken packas upp till mer än {limit} byte (zip-bomb?); den läses inte",
            f"the workbook unpacks to more than {limit} bytes (zip bomb?); it is not read",
        ),
        where,
    )
