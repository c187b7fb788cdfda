"""``lotscert export oscal``: write the OSCAL catalog and assessment-results of an assessment.

Both files go to one folder (default ``reports/<code>-<name>/``), named after the assessment
(``<year>-<kind>-oscal-catalog.json``, ``…-oscal-assessment-results.json``; ``.en`` before
``.json`` in English). The same inputs give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lotscert.atomic import write_text_atomic
from lotscert.inputs import check_not_inputs
from lotscert.interop.oscal.catalog import catalog_document
from lotscert.interop.oscal.common import to_json
from lotscert.interop.oscal.results import results_document
from lotscert.models.common import Language


@dataclass(frozen=True)
class OscalExport:
    """The two files written."""

    catalog: Path
    assessment_results: Path


def _href(target: Path, folder: Path) -> str:
    """A relative URI reference from ``folder`` to ``target`` (percent-encoded)."""
    import os

    try:
        relative = os.path.relpath(target.resolve(), folder.resolve())
    except ValueError:  # pragma: no cover - another drive on Windows
        relative = str(target.resolve())
    return quote(Path(relative).as_posix())


def export_oscal(
    assessment_path: Path | str,
    out_dir: Path | str | None = None,
    *,
    lang: Language = "sv",
    catalog_paths: Sequence[Path | str] = (),
) -> OscalExport:
    """Load, check and score the assessment, then write both OSCAL documents."""
    from lotscert.engine.evaluate import evaluate
    from lotscert.loading import load_assessment_with_catalog
    from lotscert.skeleton import slug

    assessment_path = Path(assessment_path)
    from lotscert.pseudonyms import exported_assessment

    loaded, catalog = load_assessment_with_catalog(assessment_path, catalog_paths)
    # persons by pseudonymous id only, also in the free texts (remarks, observations, owners)
    assessment = exported_assessment(loaded, lang)
    result = evaluate(catalog, assessment)
    municipality = assessment.municipality
    folder = (
        Path(out_dir)
        if out_dir is not None
        else Path("reports") / f"{municipality.code}-{slug(municipality.name)}"
    )
    suffix = ".en.json" if lang == "en" else ".json"
    stem = f"{assessment.period}-{assessment.kind}"
    catalog_file = folder / f"{stem}-oscal-catalog{suffix}"
    results_file = folder / f"{stem}-oscal-assessment-results{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    catalog_text = to_json(catalog_document(catalog, assessment.date, lang))
    results_text = to_json(
        results_document(
            catalog,
            assessment,
            result,
            lang=lang,
            catalog_href=quote(catalog_file.name),
            assessment_href=_href(assessment_path, folder),
        )
    )
    check_not_inputs([catalog_file, results_file])  # both or neither
    write_text_atomic(catalog_file, catalog_text)
    write_text_atomic(results_file, results_text)
    return OscalExport(catalog_file, results_file)
