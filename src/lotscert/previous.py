"""The previous audit in a municipality's folder (DESIGN §6, Actions to closure).

Open findings of the last audit must be answered in this one. When no ``--previous`` is given,
the folder an assessment lives in (``assessments/<kommunkod>-<namn>/``) is searched for the
latest earlier audit by the file names ``lotscert init`` gives: ``<år>-internal_audit.yaml``,
``<år>-test_certification.yaml`` or ``<år>-certification_audit.yaml``. Self-assessments are not
taken: they are the municipality's own and their findings are not an auditor's to follow up
(give one with ``--previous`` for a trend against it).
"""

from __future__ import annotations

import re
from pathlib import Path

_AUDIT_FILE = re.compile(
    r"^(?P<year>[0-9]{4})-(?P<kind>internal_audit|test_certification|certification_audit)"
    r"\.ya?ml$"
)
#: Within a year, the audit that weighs most is the one followed up.
_KIND_RANK = {"internal_audit": 0, "test_certification": 1, "certification_audit": 2}


def find_previous_audit(path: Path, period: int) -> Path | None:
    """The latest audit file beside ``path`` from a year before ``period``, or None."""
    folder = path.parent
    try:
        names = sorted(entry.name for entry in folder.iterdir() if entry.is_file())
    except OSError:
        return None
    best: tuple[int, int, str] | None = None
    for name in names:
        match = _AUDIT_FILE.match(name)
        if match is None or int(match["year"]) >= period:
            continue
        key = (int(match["year"]), _KIND_RANK[match["kind"]], name)
        if best is None or key > best:
            best = key
    return folder / best[2] if best is not None else None
