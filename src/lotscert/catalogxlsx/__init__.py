"""A requirement catalogue as a workbook and back: how a licensee brings in the standard's
official wording without writing YAML (``lotscert catalog export xlsx`` / ``import xlsx``).

openpyxl is imported only inside the functions that write or read a workbook.
"""

from lotscert.catalogxlsx.export import catalog_workbook_bytes, export_catalog_workbook
from lotscert.catalogxlsx.importer import (
    CatalogWorkbookImport,
    import_catalog_workbook,
    read_catalog_workbook,
)

__all__ = [
    "CatalogWorkbookImport",
    "catalog_workbook_bytes",
    "export_catalog_workbook",
    "import_catalog_workbook",
    "read_catalog_workbook",
]
