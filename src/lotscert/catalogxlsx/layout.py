"""The catalogue workbook's sheets and columns, in Swedish and English.

Each column has a key (what the importer works with) and a header in each language; the
importer finds a column by its header in either language, so the columns may be moved and a
Swedish workbook may be filled in with English headers. Every sheet has its header on row 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from lotscert.models.common import Language


@dataclass(frozen=True)
class Column:
    """One column: its key, its header in Swedish and English, and its width."""

    key: str
    sv: str
    en: str
    width: int = 14
    required: bool = False

    def header(self, lang: Language) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Sheet:
    """One sheet: its key, its name in Swedish and English, and its columns."""

    key: str
    sv: str
    en: str
    columns: tuple[Column, ...]

    def name(self, lang: Language) -> str:
        return self.sv if lang == "sv" else self.en

    def names(self) -> tuple[str, str]:
        return (self.sv, self.en)


CATALOGUE = Sheet(
    "catalogue",
    "Katalog",
    "Catalogue",
    (
        Column("field", "fält", "field", 12, True),
        Column("sv", "svenska", "Swedish", 80),
        Column("en", "engelska", "English", 80),
    ),
)
#: The rows of the catalogue sheet, in order; ``id`` and ``version`` are one value (column B).
CATALOGUE_FIELDS: tuple[str, ...] = ("id", "version", "title", "basis")

LEVELS = Sheet(
    "levels",
    "Nivåer",
    "Levels",
    (
        Column("id", "id", "id", 14, True),
        Column("title_sv", "namn (sv)", "title (sv)", 30, True),
        Column("title_en", "namn (en)", "title (en)", 30),
        Column(
            "shall_na",
            "ska-krav får vara ej tillämpligt",
            "shall may be not applicable",
            18,
        ),
    ),
)
CORNERSTONES = Sheet(
    "cornerstones",
    "Hörnstenar",
    "Cornerstones",
    (
        Column("id", "id", "id", 16, True),
        Column("title_sv", "namn (sv)", "title (sv)", 45, True),
        Column("title_en", "namn (en)", "title (en)", 45),
    ),
)
SCALE = Sheet(
    "scale",
    "Skala",
    "Scale",
    (
        Column("value", "värde", "value", 8, True),
        Column("title_sv", "benämning (sv)", "title (sv)", 30, True),
        Column("title_en", "benämning (en)", "title (en)", 30),
        Column("description_sv", "beskrivning (sv)", "description (sv)", 60),
        Column("description_en", "beskrivning (en)", "description (en)", 60),
    ),
)
REQUIREMENTS = Sheet(
    "requirements",
    "Krav",
    "Requirements",
    (
        Column("id", "id", "id", 8, True),
        Column("level", "nivå", "level", 12, True),
        Column("cornerstone", "hörnsten", "cornerstone", 14, True),
        Column("modality", "ska/bör", "shall/should", 10, True),
        Column("weight", "vikt", "weight", 8),
        Column("title_sv", "rubrik (sv)", "title (sv)", 30, True),
        Column("title_en", "rubrik (en)", "title (en)", 30),
        Column("text_sv", "kravtext (sv)", "text (sv)", 60, True),
        Column("text_en", "kravtext (en)", "text (en)", 60),
        Column("guidance_sv", "vägledning (sv)", "guidance (sv)", 60, True),
        Column("guidance_en", "vägledning (en)", "guidance (en)", 60),
        Column("evidence", "underlag", "evidence", 22),
        Column("metric", "mått", "metric", 26),
        Column("metric_unit_sv", "måttenhet (sv)", "metric unit (sv)", 12),
        Column("metric_unit_en", "måttenhet (en)", "metric unit (en)", 12),
        Column("metric_conditions", "måttets villkor", "metric conditions", 40),
        Column("persons", "personregistret (JSON)", "persons register (JSON)", 40),
    ),
)
#: The optional conditions of a metric, written ``name=value; name=value`` in one cell
#: (``source_kind=insikt; min_answers=30; max_age_months=24``); the numbers are whole numbers.
METRIC_CONDITIONS: tuple[str, ...] = (
    "source_kind",
    "area",
    "factor",
    "min_answers",
    "max_age_months",
)
METRIC_WHOLE_NUMBERS = frozenset(("min_answers", "max_age_months"))
OTHER = Sheet(
    "other",
    "Övrigt",
    "Other",
    (
        Column("key", "nyckel", "key", 16, True),
        Column("json", "värde (JSON)", "value (JSON)", 100),
    ),
)
#: Parts of a catalogue a licensee rarely edits, carried as JSON so that nothing is lost.
OTHER_KEYS: tuple[str, ...] = ("measurement", "competence", "certification", "replaces")

SHEETS: tuple[Sheet, ...] = (CATALOGUE, LEVELS, CORNERSTONES, SCALE, REQUIREMENTS, OTHER)

MODALITY_WORDS: dict[str, str] = {
    "shall": "shall",
    "ska": "shall",
    "should": "should",
    "bör": "should",
}
YES_WORDS = frozenset(("ja", "yes", "true", "sant", "x"))
NO_WORDS = frozenset(("nej", "no", "false", "falskt"))
