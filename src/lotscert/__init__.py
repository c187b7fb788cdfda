"""lotscert: check a municipality's företagslots against a requirement catalogue (SS 884000).

The public API. Names are imported when first used, so that ``lotscert --help`` stays fast::

    from lotscert import load_assessment_with_catalog, evaluate
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "load_catalog": "lotscert.loading",
    "load_assessment": "lotscert.loading",
    "load_assessment_with_catalog": "lotscert.loading",
    "find_catalog": "lotscert.loading",
    "available_catalogs": "lotscert.loading",
    "validate_paths": "lotscert.loading",
    "evaluate": "lotscert.engine.evaluate",
    "result_to_json": "lotscert.resultjson",
    "dump_assessment": "lotscert.yamlwrite",
    "new_assessment": "lotscert.skeleton",
    "Catalog": "lotscert.models",
    "Assessment": "lotscert.models",
    "Result": "lotscert.models",
    "Diagnostic": "lotscert.diagnostics",
    "LotscertError": "lotscert.errors",
    "ValidationFailed": "lotscert.errors",
    "write_report": "lotscert.reports",
    "verify": "lotscert.reports",
    "export_workbook": "lotscert.excel",
    "export_blank": "lotscert.excel",
    "import_workbook": "lotscert.excel",
    "ImportReport": "lotscert.excel",
    "redact_assessment": "lotscert.redact",
    "evidence_file_diagnostics": "lotscert.validation.evidence_files",
    "export_oscal": "lotscert.interop.oscal",
    "import_oscal_catalog": "lotscert.interop.oscal",
    "export_ciso": "lotscert.interop.ciso",
    "import_ciso_sheet": "lotscert.interop.ciso",
    "export_catalog_workbook": "lotscert.catalogxlsx",
    "import_catalog_workbook": "lotscert.catalogxlsx",
    "CertificationDecision": "lotscert.models.decision",
    "load_decision": "lotscert.decisions",
    "read_decision": "lotscert.decisions",
    "build_register": "lotscert.register",
    "certificate_cycle": "lotscert.engine.cycle",
}

__all__ = [
    "Assessment",
    "Catalog",
    "CertificationDecision",
    "Diagnostic",
    "ImportReport",
    "LotscertError",
    "Result",
    "ValidationFailed",
    "__version__",
    "available_catalogs",
    "build_register",
    "certificate_cycle",
    "dump_assessment",
    "evaluate",
    "evidence_file_diagnostics",
    "export_blank",
    "export_catalog_workbook",
    "export_ciso",
    "export_oscal",
    "export_workbook",
    "find_catalog",
    "import_catalog_workbook",
    "import_ciso_sheet",
    "import_oscal_catalog",
    "import_workbook",
    "load_assessment",
    "load_assessment_with_catalog",
    "load_catalog",
    "load_decision",
    "new_assessment",
    "read_decision",
    "redact_assessment",
    "result_to_json",
    "validate_paths",
    "verify",
    "write_report",
]

if TYPE_CHECKING:
    from lotscert.catalogxlsx import export_catalog_workbook, import_catalog_workbook
    from lotscert.decisions import load_decision, read_decision
    from lotscert.diagnostics import Diagnostic
    from lotscert.engine.cycle import certificate_cycle
    from lotscert.engine.evaluate import evaluate
    from lotscert.errors import LotscertError, ValidationFailed
    from lotscert.excel import ImportReport, export_blank, export_workbook, import_workbook
    from lotscert.interop.ciso import export_ciso, import_ciso_sheet
    from lotscert.interop.oscal import export_oscal, import_oscal_catalog
    from lotscert.loading import (
        available_catalogs,
        find_catalog,
        load_assessment,
        load_assessment_with_catalog,
        load_catalog,
        validate_paths,
    )
    from lotscert.models import Assessment, Catalog, Result
    from lotscert.models.decision import CertificationDecision
    from lotscert.redact import redact_assessment
    from lotscert.register import build_register
    from lotscert.reports import verify, write_report
    from lotscert.resultjson import result_to_json
    from lotscert.skeleton import new_assessment
    from lotscert.validation.evidence_files import evidence_file_diagnostics
    from lotscert.yamlwrite import dump_assessment


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lotscert' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
