"""Why the system refused to read or write a file, in the run's words (Swedish or English).

The system's own text (``strerror``) is English whatever language the run uses; the common
reasons a municipal officer meets — a full disk or USB stick, a used-up quota, no permission,
a read-only disk, a name already taken — are told in our words instead.
"""

from __future__ import annotations

import errno

from lotscert.models.common import Language

_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disken är full", "the disk is full"),
    errno.EDQUOT: ("lagringskvoten är slut", "the disk quota is used up"),
    errno.EACCES: ("behörighet saknas", "permission denied"),
    errno.EPERM: ("åtgärden är inte tillåten", "the operation is not permitted"),
    errno.EROFS: ("disken är skrivskyddad", "the disk is read-only"),
    errno.EEXIST: (
        "ett namn i sökvägen är redan taget av en fil",
        "a name in the path is already taken by a file",
    ),
    errno.ENOTDIR: (
        "en del av sökvägen är en fil, inte en mapp",
        "part of the path is a file, not a folder",
    ),
    errno.ENOENT: ("mappen eller filen finns inte", "the folder or file does not exist"),
    errno.EISDIR: ("det är en mapp", "it is a folder"),
    errno.ENAMETOOLONG: ("namnet är för långt", "the name is too long"),
    errno.EIO: ("läs- eller skrivfel på disken", "an input/output error on the disk"),
    errno.EMFILE: ("för många öppna filer", "too many open files"),
    errno.EFBIG: ("filen blir för stor", "the file would be too large"),
}


def os_reason(error: OSError, lang: Language) -> str:
    """The reason of ``error`` in the run's language (the system's code for a rare one)."""
    found = _REASONS.get(error.errno or 0)
    if found is not None:
        return found[1] if lang == "en" else found[0]
    code = errno.errorcode.get(error.errno or 0, "")
    text = error.strerror or str(error)
    if lang == "en":
        return f"the system refused ({code}: {text})" if code else f"the system refused ({text})"
    return f"systemet nekade ({code}: {text})" if code else f"systemet nekade ({text})"


def cannot_write(error: OSError, lang: Language) -> str:
    """``kan inte skriva: disken är full`` / ``cannot write: the disk is full``."""
    reason = os_reason(error, lang)
    return f"cannot write: {reason}" if lang == "en" else f"kan inte skriva: {reason}"
