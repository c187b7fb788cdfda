"""OSCAL 1.2 (NIST) in JSON: a catalogue as an OSCAL ``catalog``, an assessment's result as
``assessment-results``, and an OSCAL catalog read back into a lotscert catalogue."""

from lotscert.interop.oscal.catalog import catalog_document
from lotscert.interop.oscal.export import OscalExport, export_oscal
from lotscert.interop.oscal.importer import OscalImport, import_oscal_catalog, read_oscal_catalog
from lotscert.interop.oscal.results import results_document

__all__ = [
    "OscalExport",
    "OscalImport",
    "catalog_document",
    "export_oscal",
    "import_oscal_catalog",
    "read_oscal_catalog",
    "results_document",
]
