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

    if path.is_dir():
        raise fail(
            "är en mapp, inte en arbetsbok; ange arbetsbokens fil (.xlsx)",
            "is a folder, not a workbook; give the workbook's file (.xlsx)",
        )
    if not path.exists():
        raise fail("filen finns inte", "the file does not exist")
    if not path.is_file():
        raise fail(
            "är inte en vanlig fil (en enhet eller ett rör); ange arbetsbokens fil (.xlsx)",
            "is not a regular file (a device or a pipe); give the workbook's file (.xlsx)",
        )
    size = path.stat().st_size
    if size > max_file_bytes:
        raise fail(
            f"filen är {size} byte, mer än gränsen {max_file_bytes} byte",
            f"the file is {size} bytes, more than the limit of {max_file_bytes} bytes",
        )
    part: str | None = None  # the member being unpacked, once the archive's list is read
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
                part = member.filename
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > max_uncompressed_bytes:
                            raise _too_big(lang, where, max_uncompressed_bytes)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as error:
        # In our own words: the library's ("File is not a zip file", "Error -3 while
        # decompressing data …") say nothing to the person who sent the workbook.
        if part is None or isinstance(error, zipfile.LargeZipFile):
            raise fail(
                "trasig arbetsbok: zip-arkivet är ofullständigt eller skadat (en avbruten "
                "överföring?); be om en ny kopia eller exportera en ny",
                "corrupt workbook: its zip archive is incomplete or damaged (an interrupted "
                "transfer?); ask for a new copy or export a new one",
            ) from None
        raise fail(
            f"trasig arbetsbok: delen {part} går inte att packa upp (skadad komprimerad data); "
            "be om en ny kopia eller exportera en ny",
            f"corrupt workbook: the part {part} cannot be unpacked (damaged compressed data); "
            "ask for a new copy or export a new one",
        ) from None
    except NotImplementedError:
        raise fail(
            f"arbetsboken kan inte läsas: delen {part} är packad på ett sätt som lotscert inte "
            "läser; spara arbetsboken på nytt i Excel eller LibreOffice",
            f"cannot read the workbook: the part {part} is packed in a way lotscert does not "
            "read; save the workbook again in Excel or LibreOffice",
        ) from None
    except RuntimeError:  # a member that needs a password
        raise fail(
            "arbetsboken är krypterad; spara den utan lösenord",
            "the workbook is encrypted; save it without a password",
        ) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None)
        if reason:
            raise fail(
                f"arbetsboken kan inte läsas ({reason})", f"cannot read the workbook ({reason})"
            ) from None
        raise fail(
            "trasig arbetsbok: zip-arkivet är skadat; be om en ny kopia eller exportera en ny",
            "corrupt workbook: its zip archive is damaged; ask for a new copy or export a new one",
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
