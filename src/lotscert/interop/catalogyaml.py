"""A catalogue model written as a YAML file that lotscert reads back as the same model.

Imports from other formats (an OSCAL catalog, a spreadsheet of the standard's wording) end
here: the model is dumped in the catalogue's own key order, without empty or absent values,
read back and compared before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from lotscert.atomic import write_text_atomic
from lotscert.errors import Location, OutputExistsError
from lotscert.interop.problems import InteropError
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.yamlwrite import comment_lines, dump_plain


def _prune(value: Any) -> Any:
    """Without None, empty lists and empty mappings (absent is how the catalogue says it)."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    """The catalogue as plain data, in model order, without empty values."""
    data: dict[str, Any] = _prune(catalog.model_dump(mode="python", exclude_none=True))
    return data


def dump_catalog(catalog: Catalog, header: Sequence[str] = ()) -> str:
    """YAML text of ``catalog``; ``header`` lines become comments at the top."""
    body = dump_plain(catalog_data(catalog), block_text=True)
    return (comment_lines(header) if header else "") + body


def check_reads_back(text: str, catalog: Catalog, display: str, lang: Language) -> None:
    """The YAML text must read as exactly ``catalog``; else nothing is written."""
    again = Catalog.model_validate(yaml.safe_load(text))
    if again != catalog:
        raise InteropError(
            "katalogen läses inte tillbaka oförändrad; inget skrevs (ett fel i lotscert)"
            if lang == "sv"
            else "the catalogue does not read back unchanged; nothing was written (a bug in "
            "lotscert)",
            Location(display),
        )


def write_catalog(
    catalog: Catalog,
    out: Path,
    *,
    header: Sequence[str] = (),
    force: bool = False,
    lang: Language = "sv",
) -> Path:
    """Write ``catalog`` to ``out`` (atomically; never over a file without ``force``)."""
    out = Path(out)
    if out.exists() and not force:
        raise OutputExistsError(
            "filen finns redan; använd --force för att skriva över den"
            if lang == "sv"
            else "the file exists; use --force to overwrite it",
            Location(str(out)),
        )
    text = dump_catalog(catalog, header)
    check_reads_back(text, catalog, str(out), lang)
    write_text_atomic(out, text)
    return out
