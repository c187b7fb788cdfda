"""Why a workbook that passed the file checks (:mod:`lotscert.excel.safety`) still cannot be
read, in our own words: which part of it is damaged and how, never the library's message
("no element found: line 1 …", "list index out of range").

openpyxl names no part when it fails on the workbook's structure, so the archive's XML parts
are then parsed one by one (with expat, no DTDs) to find the first that is not well-formed.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from lotscert.errors import Location, WorkbookError
from lotscert.excel.cellgrid import DamagedPart
from lotscert.models.common import Language

_ADVICE = (
    "be om en ny kopia av arbetsboken, eller exportera en ny",
    "ask for a new copy of the workbook, or export a new one",
)


def _say(lang: Language, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def _damaged(
    path: Path, lang: Language, sv: str, en: str, cell: str | None = None
) -> WorkbookError:
    return WorkbookError(
        _say(
            lang,
            f"arbetsboken kan inte läsas: {sv}; {_ADVICE[0]}",
            f"the workbook cannot be read: {en}; {_ADVICE[1]}",
        ),
        Location(str(path), cell=cell),
    )


def unreadable_workbook(path: Path, error: BaseException, lang: Language) -> WorkbookError:
    """The located error for a workbook openpyxl or the sheet reader failed on."""
    if isinstance(error, DamagedPart):
        return _part_error(path, error, lang)
    missing = _missing_part(error)
    if missing:
        return _damaged(
            path,
            lang,
            f"delen {missing} saknas i arbetsboken",
            f"the part {missing} is missing from the workbook",
        )
    broken = _first_broken_part(path)
    if broken is not None:
        part, line, column = broken
        if line is None:
            return _damaged(
                path,
                lang,
                f"delen {part} går inte att packa upp (skadad komprimerad data)",
                f"the part {part} cannot be unpacked (damaged compressed data)",
            )
        return _damaged(
            path,
            lang,
            f"delen {part} är skadad (inte hel XML, rad {line}, kolumn {column})",
            f"the part {part} is damaged (not well-formed XML, line {line}, column {column})",
        )
    return _damaged(
        path,
        lang,
        "den är skadad eller inte skapad av ett kalkylprogram (en del av den har ett innehåll "
        "som en arbetsbok inte har)",
        "it is damaged or not made by a spreadsheet program (a part of it holds what a "
        "workbook does not)",
    )


def _part_error(path: Path, error: DamagedPart, lang: Language) -> WorkbookError:
    where_sv = f"delen {error.part}" + (f" (bladet {error.sheet})" if error.sheet else "")
    where_en = f"the part {error.part}" + (f" (sheet {error.sheet})" if error.sheet else "")
    if error.kind == "xml":
        return _damaged(
            path,
            lang,
            f"{where_sv} är skadad (inte hel XML, rad {error.line}, kolumn {error.column})",
            f"{where_en} is damaged (not well-formed XML, line {error.line}, column "
            f"{error.column})",
        )
    if error.kind == "dtd":
        return WorkbookError(
            _say(
                lang,
                f"arbetsboken kan inte läsas: {where_sv} har en DTD (egna entiteter), som "
                "lotscert aldrig läser; spara arbetsboken på nytt i Excel eller LibreOffice",
                f"the workbook cannot be read: {where_en} has a DTD (its own entities), which "
                "lotscert never reads; save the workbook again in Excel or LibreOffice",
            ),
            Location(str(path)),
        )
    if error.kind == "reference":
        return _damaged(
            path,
            lang,
            f"{where_sv} hänvisar till en text eller ett format som inte finns i arbetsboken",
            f"{where_en} refers to a text or format the workbook does not have",
        )
    if error.kind == "data":
        return _damaged(
            path,
            lang,
            f"{where_sv} går inte att packa upp (skadad komprimerad data)",
            f"{where_en} cannot be unpacked (damaged compressed data)",
        )
    return _damaged(
        path,
        lang,
        f"{where_sv} har ett tal eller en cellreferens som inte går att läsa",
        f"{where_en} has a number or cell reference that cannot be read",
    )


def _missing_part(error: BaseException) -> str | None:
    """The part a ``KeyError("There is no item named 'xl/…' in the archive")`` names."""
    if not isinstance(error, KeyError) or not error.args:
        return None
    found = re.search(r"named '([^']{1,200})'", str(error.args[0]))
    return found.group(1) if found else None


def _first_broken_part(path: Path) -> tuple[str, int | None, int | None] | None:
    """The first XML part that is not well-formed (its line and column), or that cannot be
    unpacked (no line); None when every part parses."""
    from xml.parsers import expat

    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return None
    with archive:
        for member in archive.infolist():
            name = member.filename
            if not name.lower().endswith((".xml", ".rels")):
                continue
            parser = expat.ParserCreate()
            parser.StartDoctypeDeclHandler = _stop_at_doctype
            try:
                with archive.open(member) as stream:
                    parser.ParseFile(stream)
            except expat.ExpatError as error:
                return name, error.lineno, error.offset + 1
            except (zipfile.BadZipFile, zlib.error, EOFError):
                return name, None, None
            except (_Doctype, OSError, NotImplementedError, RuntimeError, ValueError):
                continue
    return None


class _Doctype(Exception):
    """A DTD: not parsed here (the sheet reader refuses it with its own message)."""


def _stop_at_doctype(*_: object) -> None:
    raise _Doctype
