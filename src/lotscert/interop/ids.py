"""Identifiers other formats need: deterministic UUIDs, OSCAL tokens, lowercase ASCII slugs.

The same input must give byte-identical output, so no identifier is random: a UUID is version
5, made from a fixed lotscert namespace and a stable name (ids, codes, years — never a time of
day or a counter that depends on the order of a dict).
"""

from __future__ import annotations

import re
import unicodedata
import uuid

#: lotscert's own UUID namespace (version 5 of the URL namespace and ``urn:lotscert``).
LOTSCERT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:lotscert")

#: OSCAL's token: a letter or ``_`` first, then letters, digits, ``.``, ``-`` or ``_``.
_TOKEN = re.compile(r"^(?:[^\W\d_]|_)(?:[^\W_]|\d|[.\-_])*$")
_SLUG_OTHER = re.compile(r"[^a-z0-9._-]+")


def stable_uuid(*parts: str) -> str:
    """A version-5 UUID from ``parts`` (joined with a separator no id can contain)."""
    return str(uuid.uuid5(LOTSCERT_NAMESPACE, "\x1f".join(parts)))


def is_token(text: str) -> bool:
    """True when ``text`` is a valid OSCAL token (an XML NCName)."""
    return bool(_TOKEN.match(text))


def oscal_token(identifier: str) -> str:
    """``identifier`` as an OSCAL token: kept when it is one, else ``_`` in front.

    lotscert ids may start with a digit (``1.2``), which a token may not; ``_1.2`` is one, and
    :func:`from_oscal_token` gives the id back.
    """
    return identifier if is_token(identifier) else f"_{identifier}"


def from_oscal_token(token: str) -> str:
    """The lotscert id :func:`oscal_token` made ``token`` from."""
    if token.startswith("_") and len(token) > 1 and not is_token(token[1:]):
        return token[1:]
    return token


def ascii_slug(text: str) -> str:
    """Lowercase ASCII for a URN: accents dropped (å → a), anything else outside
    ``a-z 0-9 . _ -`` made a dash. Empty when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG_OTHER.sub("-", ascii_text).strip("-")
