"""CISO Assistant: a catalogue as a framework library (YAML), an assessment as a compliance
assessment sheet in its import layout (CSV or xlsx), and such a sheet read back."""

from lotscert.interop.ciso.export import CisoExport, export_ciso
from lotscert.interop.ciso.importer import CisoImport, import_ciso_sheet, read_ciso_sheet
from lotscert.interop.ciso.library import library_document, library_yaml
from lotscert.interop.ciso.sheet import SHEET_COLUMNS, sheet_rows

__all__ = [
    "SHEET_COLUMNS",
    "CisoExport",
    "CisoImport",
    "export_ciso",
    "import_ciso_sheet",
    "library_document",
    "library_yaml",
    "read_ciso_sheet",
    "sheet_rows",
]
