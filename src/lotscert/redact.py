"""A copy of an assessment without the names of people, for sending to a national comparison.

The work is :mod:`lotscert.pseudonyms` — the same pass every report, JSON result and terminal
table makes without ``--with-names``: persons' names go (their pseudonymous ``id`` stays, unless
the id itself holds a name), assessors become "bedömare 1", "bedömare 2" …, and every mention of
a declared name in free text, however written, is replaced.

What stays: the municipality, departments, ids, statuses, figures and dates. Names of people
the file does not declare (say, someone mentioned only in a comment) cannot be recognised; check
free text by hand before sending.
"""

from __future__ import annotations

from lotscert.models.assessment import Assessment
from lotscert.models.common import Language
from lotscert.pseudonyms import declared_names, pseudonymise_all

__all__ = ["declared_names", "redact_assessment"]


def redact_assessment(assessment: Assessment, lang: Language = "sv") -> Assessment:
    """The assessment without the names of its persons and assessors (see the module)."""
    [redacted] = pseudonymise_all([assessment], lang)
    return redacted
