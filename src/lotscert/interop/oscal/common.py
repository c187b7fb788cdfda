"""What both OSCAL documents share: the version, lotscert's namespace, props, times, pruning."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

#: The OSCAL version the documents are written against (NIST's 1.2.3 schemas check them).
OSCAL_VERSION = "1.2.3"
#: The namespace of lotscert's own props and parts. OSCAL wants an absolute URI that names who
#: defines the names; lotscert owns no web domain, so it is a URN.
NS = "urn:lotscert:oscal"
#: Dates become moments at midnight in Sweden (OSCAL datetimes must carry a time zone).
TIME_ZONE = ZoneInfo("Europe/Stockholm")
MEDIA_TYPE = "application/json"


def moment(day: dt.date) -> str:
    """``day`` at 00:00 in Europe/Stockholm, as OSCAL's date-time-with-timezone."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=TIME_ZONE).isoformat()


def prop(
    name: str, value: object, *, remarks: str | None = None, core: bool = False
) -> dict[str, Any] | None:
    """A prop in lotscert's namespace (or OSCAL's own with ``core``, e.g. ``label``); None
    when there is no value (:func:`prune` drops it).

    A prop value is one line without leading or trailing white space, so it is flattened.
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    item: dict[str, Any] = {"name": name}
    if not core:
        item["ns"] = NS
    item["value"] = text
    if remarks:
        item["remarks"] = remarks
    return item


def prune(value: Any) -> Any:
    """Without None and without empty lists (OSCAL forbids empty arrays); ``{}`` stays (it is
    how OSCAL writes ``include-all``)."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item is not None and item != []}
    if isinstance(value, list):
        return [prune(item) for item in value if item is not None]
    return value


def to_json(document: dict[str, Any]) -> str:
    """The document as JSON text: key order as built, two-space indent, UTF-8, final newline."""
    return json.dumps(prune(document), ensure_ascii=False, indent=2) + "\n"
