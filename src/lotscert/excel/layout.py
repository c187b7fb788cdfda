"""The checklist workbook's layout: sheets, columns, words, metadata keys and format version.

Export and import both build their view of the workbook from here, so a column cannot move in
one without moving in the other, and the importer can check every header cell.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lotscert.labels import labels
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language

#: Bumped whenever a sheet or column changes meaning; an import refuses another version.
FORMAT_VERSION = "2"

#: Format versions of workbooks made before the base values were kept: refused at import
#: (there is nothing to merge three-way against).
WITHOUT_BASE = ("1",)

#: The Instruktioner sheet's cells for who fills the workbook in (name, role).
ANSWERER_CELLS = ("B2", "B3")

#: The hidden, protected sheet that names the catalogue, municipality and layout.
META_SHEET = "lotscert-metadata"

#: Sheet protection guards against accidental edits of locked cells, not against anyone who
#: wants to change them: there is no password (Excel: Granska → Ta bort skydd).
SHEET_PASSWORD: str | None = None

#: Excel's limit on the characters in one cell.
MAX_CELL_CHARS = 32_767

#: Characters that XML 1.0 (and so .xlsx) cannot hold, and carriage returns, which XML parsers
#: turn into line feeds. A text containing one is refused at export with its location.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")

#: Excel reads ``_xHHHH_`` inside a text as an escaped character (``_x0041_`` shows as "A");
#: a text that holds one as typed is written with its underscore escaped (``_x005F_x0041_``),
#: as Excel and LibreOffice save it, and read back as typed (see :func:`excel_escaped`).
EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_ESCAPE_START = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def excel_escaped(text: str) -> str:
    """``text`` as a cell stores it so that every spreadsheet shows it as typed: the "_" that
    starts an ``_xHHHH_`` written ``_x005F_`` (the escape of "_")."""
    if "_x" not in text:
        return text
    return _ESCAPE_START.sub("_x005F_", text)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def say(lang: Language, sv: str, en: str) -> str:
    """The Swedish or English wording."""
    return en if lang == "en" else sv


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, its header in both languages, width, and whether the
    user fills it in (unlocked) or only reads it (locked)."""

    key: str
    sv: str
    en: str
    width: float
    is_input: bool

    def header(self, lang: Language) -> str:
        """The header cell's text."""
        return self.en if lang == "en" else self.sv


REQUIREMENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "Id", "Id", 8, False),
    Column("title", "Rubrik", "Title", 22, False),
    Column("text", "Krav", "Requirement", 45, False),
    Column("modality", "Ska/bör", "Shall/should", 8, False),
    Column("guidance", "Vägledning", "Guidance", 36, False),
    Column("status", "Status", "Status", 16, True),
    Column("maturity", "Mognad", "Maturity", 20, True),
    Column("evidence", "Underlag", "Evidence", 42, True),
    Column("comment", "Kommentar", "Comment", 32, True),
    Column("action", "Åtgärd", "Action", 30, True),
    Column("owner", "Ansvarig", "Owner", 16, True),
    Column("due", "Klart senast", "Due date", 13, True),
)

PERSON_FIXED_COLUMNS: tuple[Column, ...] = (
    Column("id", "Id", "Id", 12, True),
    Column("name", "Namn", "Name", 22, True),
    Column("department", "Förvaltning (id)", "Department (id)", 16, True),
    Column("role", "Befattning", "Role", 22, True),
)
PERSON_EXAM_COLUMNS: tuple[Column, ...] = (
    Column("exam_score", "Provresultat (0–1)", "Exam score (0–1)", 14, True),
    Column("exam_date", "Provdatum", "Exam date", 13, True),
)

METRIC_COLUMNS: tuple[Column, ...] = (
    Column("key", "Nyckel", "Key", 32, True),
    Column("value", "Värde", "Value", 12, True),
    Column("source", "Källa", "Source", 30, True),
    Column("date", "Datum", "Date", 13, True),
    Column("note", "Anteckning", "Note", 40, True),
)

#: Empty, unlocked rows added below the persons and metrics so that new ones can be typed in.
SPARE_ROWS = 20


def instructions_sheet_name(lang: Language) -> str:
    """The Instruktioner sheet's name."""
    return say(lang, "Instruktioner", "Instructions")


def persons_sheet_name(lang: Language) -> str:
    """The Personer sheet's name."""
    return say(lang, "Personer", "Persons")


def metrics_sheet_name(lang: Language) -> str:
    """The Mått sheet's name."""
    return say(lang, "Mått", "Metrics")


def sanitise_sheet_name(name: str, fallback: str) -> str:
    """A name Excel accepts: at most 31 characters, none of ``[]:*?/\\``, no edge apostrophes."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'").strip()
    cleaned = cleaned[:31].strip()
    return cleaned or fallback[:31]


def level_sheet_names(catalog: Catalog, lang: Language) -> dict[str, str]:
    """Level id → sheet name (the level's title in ``lang``), unique and distinct from the
    other sheets' names (Excel compares sheet names without regard to case)."""
    taken = {
        instructions_sheet_name(lang).casefold(),
        persons_sheet_name(lang).casefold(),
        metrics_sheet_name(lang).casefold(),
        META_SHEET.casefold(),
    }
    names: dict[str, str] = {}
    for level in catalog.levels:
        base = sanitise_sheet_name(level.title.get(lang), level.id)
        name = base
        counter = 2
        while name.casefold() in taken:
            suffix = f" ({counter})"
            name = base[: 31 - len(suffix)] + suffix
            counter += 1
        taken.add(name.casefold())
        names[level.id] = name
    return names


def status_labels(lang: Language) -> dict[str, str]:
    """Status → the word shown in the drop-down."""
    return labels("status", lang)


def status_words() -> dict[str, str]:
    """Every accepted way of writing a status (folded) → the status."""
    words: dict[str, str] = {}
    for lang in ("sv", "en"):
        for status, word in labels("status", lang).items():
            words[word.casefold()] = status
            words[status.casefold()] = status
    return words


def maturity_label(value: int, catalog: Catalog, lang: Language) -> str:
    """The maturity drop-down's entry for ``value``: ``"3 – Infört"``."""
    for step in catalog.scale:
        if step.value == value:
            return f"{value} – {step.title.get(lang)}"
    return str(value)


def maturity_labels(catalog: Catalog, lang: Language) -> list[str]:
    """Every maturity drop-down entry, in scale order."""
    return [maturity_label(step.value, catalog, lang) for step in catalog.scale]


def competence_values(catalog: Catalog) -> list[int]:
    """The values of the competence scale (0–3 when the catalogue has no person profile)."""
    if catalog.competence is None:
        return [0, 1, 2, 3]
    return sorted(step.value for step in catalog.competence.scale)


def language_header(language_id: str, lang: Language) -> str:
    """Header of a person's language column."""
    return say(lang, f"Språk [{language_id}]", f"Language [{language_id}]")


def area_header(area_id: str, catalog: Catalog, lang: Language) -> str:
    """Header of a person's competence-area column."""
    title = area_id
    if catalog.competence is not None:
        for area in catalog.competence.areas:
            if area.id == area_id:
                title = area.title.get(lang)
    return f"{title} [{area_id}]"


def module_header(module_id: str, catalog: Catalog, lang: Language) -> str:
    """Header of a person's web-course module column (the completion date)."""
    title = module_id
    if catalog.competence is not None:
        for module in catalog.competence.modules:
            if module.id == module_id:
                title = module.title.get(lang)
    return say(lang, f"Modul: {title} [{module_id}]", f"Module: {title} [{module_id}]")


@dataclass(frozen=True)
class PersonLayout:
    """Which language, area and module columns the Personer sheet has, in order."""

    languages: tuple[str, ...]
    areas: tuple[str, ...]
    modules: tuple[str, ...]

    def headers(self, catalog: Catalog, lang: Language) -> list[str]:
        """Every header of the Personer sheet, left to right."""
        headers = [column.header(lang) for column in PERSON_FIXED_COLUMNS]
        headers += [language_header(item, lang) for item in self.languages]
        headers += [area_header(item, catalog, lang) for item in self.areas]
        headers += [module_header(item, catalog, lang) for item in self.modules]
        headers += [column.header(lang) for column in PERSON_EXAM_COLUMNS]
        return headers


def ordered_union(*groups: Iterable[str]) -> tuple[str, ...]:
    """Every item of the groups once, in the order first seen."""
    seen: dict[str, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)


def catalog_model_sha256(catalog: Catalog) -> str:
    """SHA-256 of a canonical JSON dump of the catalogue model (independent of file layout).

    Fields added to the catalogue format later (``FINGERPRINT_WHEN_SET``) count only when the
    catalogue sets them: a new lotscert does not turn away a workbook an older one exported.
    """
    data = _without_unset_additions(catalog, catalog.model_dump(mode="json"))
    dump = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


def _without_unset_additions(model: object, dumped: object) -> object:
    from pydantic import BaseModel

    from lotscert.models.catalog import FINGERPRINT_WHEN_SET

    if isinstance(model, BaseModel) and isinstance(dumped, dict):
        kept: dict[str, object] = {}
        for name, value in dumped.items():
            if (type(model).__name__, name) in FINGERPRINT_WHEN_SET and (
                name not in model.model_fields_set
            ):
                continue
            kept[name] = _without_unset_additions(getattr(model, name, None), value)
        return kept
    if isinstance(model, list) and isinstance(dumped, list):
        return [_without_unset_additions(m, d) for m, d in zip(model, dumped, strict=True)]
    if isinstance(model, dict) and isinstance(dumped, dict):
        return {k: _without_unset_additions(model.get(k), v) for k, v in dumped.items()}
    return dumped


def metadata_digest(values: Mapping[str, str]) -> str:
    """SHA-256 over the metadata rows, stored beside them to notice a hand-edited sheet."""
    dump = json.dumps(dict(sorted(values.items())), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


#: The metadata sheet's keys, in the order written.
METADATA_KEYS: tuple[str, ...] = (
    "format_version",
    "generator",
    "catalog_id",
    "catalog_version",
    "catalog_sha256",
    "catalog_sha256_of",
    "catalog_model_sha256",
    "municipality_code",
    "municipality_name",
    "period",
    "kind",
    "date",
    "language",
    "blank",
    "levels",
    "level_sheets",
    "person_languages",
    "person_areas",
    "person_modules",
    "assessors",
    "departments",
    "created",
    "department",
    "requirements",
    "sheets",
    "workbook_id",
    "answerer_cells",
    "base_sha256",
)
#: Keys written after those only when the assessment has the value (so a workbook of a file
#: without it is the same as before, and older workbooks still import): ``publishable``, and
#: ``audit`` — the audit's own records the checklist has no cells for (``excel/audit_extras``).
OPTIONAL_METADATA_KEYS: tuple[str, ...] = ("publishable", "audit")
DIGEST_KEY = "metadata_sha256"
