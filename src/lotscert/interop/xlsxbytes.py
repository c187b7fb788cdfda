"""A workbook saved as the same bytes every time: fixed document times and zip member times."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

_FIXED = dt.datetime(2000, 1, 1)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def workbook_bytes(workbook: Any, creator: str = "lotscert") -> bytes:
    """``workbook`` (openpyxl) as xlsx bytes that depend only on its content."""
    workbook.properties.creator = creator
    workbook.properties.created = _FIXED
    workbook.properties.modified = _FIXED
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving here, whatever the properties say
                data = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            target.writestr(fixed, data)
    return out.getvalue()
