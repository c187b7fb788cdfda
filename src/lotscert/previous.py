"""The previous audit in a municipality's folder (DESIGN §6, Actions to closure).

Open findings of the last audit must be answered in this one. When no ``--previous`` is given,
the folder an assessment lives in (``assessments/<kommunkod>-<namn>/``) is searched for audit
files by the names ``lotscert init`` gives (``<år>-<kind>.yaml``, any audit kind), and the one
with the latest date before this assessment's is taken. Self-assessments are not: they are the
municipality's own and their findings are not an auditor's to follow up (give one with
``--previous`` for a trend against it).
"""

from __future__ import annotations

import re
from pathlib import Path

#: The audit kinds, in the order candidates of one year are listed (the weightiest first).
_KIND_RANK = {
    "internal_audit": 0,
    "persons_test_certification": 1,
    "test_certification": 2,
    "special_audit": 3,
    "surveillance_audit": 4,
    "recertification_audit": 5,
    "certification_audit": 6,
}
_AUDIT_FILE = re.compile(r"^(?P<year>[0-9]{4})-(?P<kind>" + "|".join(_KIND_RANK) + r")\.ya?ml$")


def previous_audit_candidates(path: Path, period: int) -> list[Path]:
    """Audit files beside ``path`` from ``period`` or earlier (not ``path`` itself), the most
    likely previous one first: latest year, then the weightiest kind. The caller reads their
    dates (a surveillance audit may follow the certification audit in the same year)."""
    folder = path.parent
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return []
    ranked = []
    for name in names:
        match = _AUDIT_FILE.match(name)
        if match is None or int(match["year"]) > period or name == path.name:
            continue
        ranked.append((int(match["year"]), _KIND_RANK[match["kind"]], name))
    return [folder / name for *_key, name in sorted(ranked, reverse=True)]
