"""We read what we write: every YAML file lotscert writes reads back, exactly, as the model it
was written from, and `validate` finds no error in it that the model did not already have.

One property drives every writer over generated assessments — shared dates (the same date
object in many places, which PyYAML would turn into ``&id001`` anchors), shared texts, many
persons, odd Unicode — not only over the examples:

- ``dump_assessment`` (what ``init`` and ``redact`` write), ``init --from`` (``new_assessment``),
  ``redact`` (``redact_assessment``);
- the Excel import, both ways it writes: values patched into the text in place, and the
  ruamel.yaml merge when entries are added or removed (``import_workbook`` into a file);
- ``lotscert schema`` output (JSON Schema files that load and describe what ``init`` writes).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lotscert.diagnostics import Diagnostic
from lotscert.excel import build_workbook, import_workbook
from lotscert.loading import load_assessment, load_catalog, validate_file
from lotscert.models.assessment import Assessment, Evidence, Municipality, Person, Training
from lotscert.redact import redact_assessment
from lotscert.skeleton import new_assessment
from lotscert.validation.assessment_checks import check_assessment
from lotscert.yamlwrite import dump_assessment
from tests.excel.excel_strategies import assessments, dates, nonempty_texts
from tests.paths import CONTRACT_CATALOG, ROOT

CATALOG = load_catalog(CONTRACT_CATALOG)
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def shared_value_assessments(draw: st.DrawFn) -> Assessment:
    """A generated assessment where one date object and one text object stand in many places,
    with up to 40 persons."""
    base = draw(assessments)
    day: dt.date = draw(dates)
    text: str = draw(nonempty_texts)
    count = draw(st.integers(0, 40))
    persons = list(base.persons)
    persons += [
        Person(
            id=f"lots-{number:03d}",
            name=text if number % 3 == 0 else None,
            role=text,
            training=Training(modules={"grund": day, "lagar": day}, exam_date=day),
        )
        for number in range(count)
    ]
    responses = {
        key: response.model_copy(
            update={"evidence": [Evidence(kind="document", ref=text, date=day)] * 2}
        )
        for key, response in base.responses.items()
    }
    return base.model_copy(update={"persons": persons, "responses": responses, "date": day})


def _written_problems(path: Path, model: Assessment) -> list[str]:
    """Errors that ``validate`` finds in the written file and that the model itself (checked
    in memory) does not have: what writing added."""
    _kind, found = validate_file(path, [CONTRACT_CATALOG])
    own = {(d.code, d.path) for d in check_assessment(model, CATALOG, str(path)) if _error(d)}
    return [d.format("en") for d in found if _error(d) and (d.code, d.path) not in own]


def _error(diagnostic: object) -> bool:
    return isinstance(diagnostic, Diagnostic) and diagnostic.severity == "error"


def _write_and_check(model: Assessment, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    assert "&id0" not in text and "*id0" not in text
    assert load_assessment(path) == model
    assert _written_problems(path, model) == []


@SETTINGS
@given(assessment=shared_value_assessments())
def test_dump_assessment_reads_back_exactly(assessment: Assessment, tmp_path: Path) -> None:
    _write_and_check(assessment, tmp_path / "a.yaml", dump_assessment(assessment))


@SETTINGS
@given(previous=shared_value_assessments(), year=st.integers(2000, 2100))
def test_init_from_last_year_writes_a_file_that_validates(
    previous: Assessment, year: int, tmp_path: Path
) -> None:
    place = Municipality(code=previous.municipality.code, name=previous.municipality.name)
    skeleton = new_assessment(CATALOG, place, year, previous=previous, today=previous.date)
    text = dump_assessment(
        skeleton.assessment, header=skeleton.header, response_comments=skeleton.response_comments
    )
    _write_and_check(skeleton.assessment, tmp_path / "new.yaml", text)


@SETTINGS
@given(assessment=shared_value_assessments())
def test_redacted_copy_reads_back_exactly(assessment: Assessment, tmp_path: Path) -> None:
    redacted = redact_assessment(assessment)
    _write_and_check(redacted, tmp_path / "redacted.yaml", dump_assessment(redacted))


@SETTINGS
@given(base=shared_value_assessments(), change=shared_value_assessments())
def test_excel_import_into_a_file_reads_back_exactly(
    base: Assessment, change: Assessment, tmp_path: Path
) -> None:
    """Both ways the import writes: only values changed (patched in place), and entries added
    or removed (the ruamel.yaml merge)."""
    target = tmp_path / "a.yaml"
    target.write_text(dump_assessment(base), encoding="utf-8")
    # Only values: the same persons and responses with one status changed.
    values_only = base
    if base.responses:
        key = sorted(base.responses)[0]
        response = base.responses[key]
        status = "partial" if response.status != "partial" else "not_assessed"
        values_only = base.model_copy(
            update={
                "responses": {**base.responses, key: response.model_copy(update={"status": status})}
            }
        )
    # The workbook answers; the file keeps its own header (what was assessed, when, by whom).
    header = ("catalog", "municipality", "period", "kind", "date", "assessors", "departments")
    same_place = {key: getattr(base, key) for key in header}
    for wanted in (values_only, change.model_copy(update=same_place)):
        book = tmp_path / "book.xlsx"
        book.write_bytes(build_workbook(wanted, CATALOG))
        report = import_workbook(book, target, catalog_paths=[CONTRACT_CATALOG])
        written = target.read_text(encoding="utf-8")
        assert "&id0" not in written and "*id0" not in written
        # What the import meant to write (a workbook cannot carry an empty text: it comes back
        # as absent) is exactly what the file now says.
        assert load_assessment(target) == report.assessment
        assert _written_problems(target, report.assessment) == []


def test_schema_output_is_valid_json_schema_describing_what_init_writes(tmp_path: Path) -> None:
    from lotscert.cli.app import build_app

    result = CliRunner().invoke(build_app("sv"), ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    schemas = {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in tmp_path.iterdir()
    }
    assert "assessment.schema.json" in schemas
    for schema in schemas.values():
        assert schema.get("$schema", "").startswith("https://json-schema.org/")
        assert schema.get("properties")
    assessment_schema = schemas["assessment.schema.json"]
    assert set(assessment_schema["required"]) <= set(Assessment.model_fields)


_CATALOGS = [CONTRACT_CATALOG, *sorted((ROOT / "requirements").glob("*.yaml"))]


@settings(max_examples=30, deadline=None)
@given(
    title=nonempty_texts,
    text=nonempty_texts,
    weight=st.decimals(min_value="0.001", max_value=1000, allow_nan=False, places=20),
    index=st.integers(0, len(_CATALOGS) - 1),
)
def test_catalogue_writer_reads_back_exactly(
    title: str, text: str, weight: Decimal, index: int
) -> None:
    """``catalog import xlsx`` and ``import oscal`` write catalogues through one dumper: odd
    texts (several lines, NEL, formulas) and weights with many digits read back exactly."""
    import tempfile

    from lotscert.interop.catalogyaml import dump_catalog
    from lotscert.loading import read_catalog
    from lotscert.models.common import Text

    catalog = load_catalog(_CATALOGS[index])
    first = catalog.requirements[0].model_copy(
        update={"title": Text(sv=title, en=title), "text": Text(sv=text), "weight": weight}
    )
    changed = catalog.model_copy(update={"requirements": [first, *catalog.requirements[1:]]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.yaml"
        path.write_text(dump_catalog(changed, header=[f"{title}\x85{text}"]), encoding="utf-8")
        read, problems = read_catalog(path)
        assert [p for p in problems if _error(p)] == []
        assert read == changed


def test_numbers_are_read_as_the_exact_decimals_they_say(tmp_path: Path) -> None:
    """A YAML float used to pass through a binary float: ``0.79999999999999999999`` became
    0.8 and an exam score below the pass mark passed. Plain numbers are read exactly."""
    from lotscert.yamlsource import read_source

    path = tmp_path / "n.yaml"
    path.write_text(
        "a: 0.79999999999999999999\nb: 0.1000000000000000055511151231257827\n"
        "c: 12345678901234567890.123\nd: 1_000.5\ne: 1.5e+3\nf: 3\ng: .85\n",
        encoding="utf-8",
    )
    source, problems = read_source(path, "n.yaml")
    assert problems == [] and source is not None
    assert source.data == {
        "a": Decimal("0.79999999999999999999"),
        "b": Decimal("0.1000000000000000055511151231257827"),
        "c": Decimal("12345678901234567890.123"),
        "d": Decimal("1000.5"),
        "e": Decimal("1.5e3"),
        "f": 3,
        "g": Decimal("0.85"),
    }
    assert all(type(value) is Decimal for key, value in source.data.items() if key != "f")
