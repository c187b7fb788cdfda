"""The 290 Swedish municipalities (SCB kommunkod), bundled reference data (CC0, Swedish Geodata)."""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class MunicipalityInfo:
    """A municipality of the reference data."""

    code: str
    name: str
    county_code: str
    county: str


def is_example_code(code: str) -> bool:
    """Codes 99xx are reserved for fictional example municipalities."""
    return len(code) == 4 and code.isdigit() and code.startswith("99")


@cache
def _table() -> dict[str, MunicipalityInfo]:
    data = resources.files("lotscert") / "data"
    counties: dict[str, str] = {}
    with (data / "counties.csv").open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counties[row["county_code"]] = row["county_name"]
    table: dict[str, MunicipalityInfo] = {}
    with (data / "municipalities.csv").open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table[row["code"]] = MunicipalityInfo(
                row["code"], row["name"], row["county_code"], counties.get(row["county_code"], "")
            )
    return table


def all_municipalities() -> list[MunicipalityInfo]:
    """Every municipality, in code order."""
    return sorted(_table().values(), key=lambda info: info.code)


def lookup(code: str) -> MunicipalityInfo | None:
    """The municipality with this code, or None (also None for 99xx example codes)."""
    return _table().get(code)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def names_match(code: str, name: str) -> bool:
    """True when ``name`` is the reference name for ``code`` (ignoring case, accents, "kommun")."""
    info = lookup(code)
    if info is None:
        return True
    given = _fold(name).replace(" kommun", "").replace("s kommun", "").strip()
    return given in {_fold(info.name), _fold(info.name) + "s", _fold(info.name).rstrip("s")}


def suggest(code: str, name: str | None = None, limit: int = 3) -> list[MunicipalityInfo]:
    """The closest municipalities to an unknown code (by name when given, else by code)."""
    table = _table()
    if name:
        by_name = {_fold(info.name): info for info in table.values()}
        close = difflib.get_close_matches(_fold(name), list(by_name), n=limit, cutoff=0.6)
        if close:
            return [by_name[key] for key in close]
    close_codes = difflib.get_close_matches(code, list(table), n=limit, cutoff=0.5)
    return [table[key] for key in close_codes]


def find_by_name(name: str) -> MunicipalityInfo | None:
    """The municipality with exactly this name (ignoring case and accents)."""
    folded = _fold(name)
    for info in _table().values():
        if _fold(info.name) == folded:
            return info
    return None
