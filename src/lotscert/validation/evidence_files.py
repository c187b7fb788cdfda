"""Evidence that names a local file must be a file inside the assessment's own folder.

``validate --check-evidence`` runs this. The rule for what counts as a local file reference,
so that document names, diary numbers and web addresses are left alone:

* a reference with a URL scheme (``https:``, ``mailto:``, ``javascript:`` …) is not a file,
  except ``file:``, which is a local absolute path and therefore refused;
* anything else that could lead somewhere else on the machine is a path, whatever else it
  looks like (white space included): a ``..`` segment (``../secret``, ``bilagor/../../x``,
  ``..``), a backslash (``..\\..\\x``, ``bilagor\\beslut.pdf``), a drive letter with or
  without a slash (``C:\\x``, the drive-relative ``C:secret.pdf``), a leading ``/``, ``./``,
  ``~`` or ``\\\\``;
* a reference with white space in it is a document name or a diary number (``KS 2025/123``);
* a web or e-mail address without a scheme (``www.exempelby.se``, ``lots@exempelby.se``) is not
  a file either;
* otherwise it is a file reference when its last part has a file extension that starts with a
  letter (``bilagor/beslut.pdf``, ``protokoll.docx``; not ``version-2.1``).

A file reference must be relative, must not use ``..``, must not lead out of the folder through
a symbolic link, and must name an existing file.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from lotscert.diagnostics import Diagnostic
from lotscert.models.assessment import Assessment

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: A drive letter, absolute (``C:\\x``) or drive-relative (``C:secret.pdf``): never a URL scheme
#: (schemes have two letters or more).
_DRIVE = re.compile(r"^[A-Za-z]:")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}$")


def is_local_file_ref(ref: str) -> bool:
    """Whether an evidence ``ref`` names a local file (see the module's rule)."""
    text = ref.strip()
    if not text:
        return False
    if _DRIVE.match(text) or text.lower().startswith("file:"):
        return True
    if _SCHEME.match(text):
        return False
    if _leads_elsewhere(text):
        return True
    if any(character.isspace() for character in text):
        return False
    if "@" in text or text.lower().startswith("www."):
        return False
    last = re.split(r"[\\/]", text)[-1]
    return bool(_EXTENSION.search(last))


def _leads_elsewhere(text: str) -> bool:
    """A ``..`` segment, a backslash, or a start that only a path has."""
    if ".." in re.split(r"[\\/]", text) or "\\" in text:
        return True
    return text.startswith(("/", "./", "~"))


def _problem(ref: str, folder: Path, target: Path) -> tuple[str, str] | None:
    """Swedish and English text of what is wrong with a local file ``ref``, or None."""
    text = ref.strip()
    if _DRIVE.match(text) and not re.match(r"^[A-Za-z]:[\\/]", text):
        return (
            f"underlaget {text} är en sökväg på enheten {text[:2]}, inte i bedömningens mapp; "
            "lägg filen i mappen och skriv en relativ sökväg, t.ex. bilagor/beslut.pdf",
            f"the evidence {text} is a path on drive {text[:2]}, not in the assessment's folder; "
            "put the file in the folder and write a relative path, e.g. bilagor/beslut.pdf",
        )
    if (
        text.lower().startswith("file:")
        or _DRIVE.match(text)
        or text.startswith(("/", "~", "\\\\"))
    ):
        return (
            f"underlaget {text} är en absolut sökväg; lägg filen i bedömningens mapp och skriv "
            "en relativ sökväg, t.ex. bilagor/beslut.pdf",
            f"the evidence {text} is an absolute path; put the file in the assessment's folder "
            "and write a relative path, e.g. bilagor/beslut.pdf",
        )
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if ".." in parts:
        return (
            f"underlaget {text} går ut ur bedömningens mapp med ..; lägg filen i mappen",
            f"the evidence {text} leads out of the assessment's folder with ..; put the file in "
            "the folder",
        )
    try:
        real = target.resolve()
        inside = real.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if not inside:
        return (
            f"underlaget {text} pekar ut ur bedömningens mapp via en symbolisk länk; lägg en "
            "kopia av filen i mappen",
            f"the evidence {text} points out of the assessment's folder through a symbolic "
            "link; put a copy of the file in the folder",
        )
    if target.is_dir():
        return (
            f"underlaget {text} är en mapp, inte en fil",
            f"the evidence {text} is a folder, not a file",
        )
    if not target.is_file():
        return (
            f"filen {text} finns inte i bedömningens mapp ({folder.as_posix()}/); lägg den där "
            "eller rätta namnet",
            f"the file {text} does not exist in the assessment's folder ({folder.as_posix()}/); "
            "put it there or correct the name",
        )
    return None


def check_evidence_files(
    assessment: Assessment, assessment_path: Path, file: str
) -> list[Diagnostic]:
    """An error for every evidence ``ref`` naming a local file that is not a file inside the
    folder of ``assessment_path`` (unplaced: the caller adds lines with ``Source.place``)."""
    folder = Path(assessment_path).parent
    found: list[Diagnostic] = []
    for requirement_id, response in assessment.responses.items():
        for index, evidence in enumerate(response.evidence):
            if not is_local_file_ref(evidence.ref):
                continue
            target = folder / evidence.ref.strip().replace("\\", "/")
            problem = _problem(evidence.ref, folder, target)
            if problem is None:
                continue
            found.append(
                Diagnostic(
                    file,
                    "error",
                    "evidence.file",
                    problem[0],
                    problem[1],
                    ("responses", requirement_id, "evidence", index, "ref"),
                )
            )
    return found


def _display(path: Path) -> str:
    # As loading shows paths: relative to the working folder when inside it.
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def evidence_file_diagnostics(path: Path, display: str | None = None) -> list[Diagnostic]:
    """Read ``path`` and check its local evidence files; nothing for a file that is not a
    valid assessment (plain validation reports why)."""
    from pydantic import ValidationError

    from lotscert.yamlsource import read_source

    shown = display or _display(path)
    source, _ = read_source(path, shown)
    if source is None or "responses" not in source.data:
        return []
    try:
        assessment = Assessment.model_validate(source.data)
    except ValidationError:
        return []
    return [source.place(d) for d in check_evidence_files(assessment, path, shown)]
