"""The round's record (``NAME.round.json``) when it cannot be read or written: the answers go
in, the problem is told once (what it means for the round, how to set it right), ``status``
stops on it, and no form of the record gives a traceback."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from round_helpers import CATALOG, export, import_, run

from lotscert.loading import load_assessment
from lotscert.round import RecordError, load_record, read_record, record_path
from tests.paths import CONTRACT_ASSESSMENT


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def comment(workbook: Path, text: str) -> None:
    wb = openpyxl.load_workbook(workbook)
    wb["Process"]["I3"] = text  # P2's comment
    wb.save(workbook)


def assert_no_traceback(result: Any) -> None:
    assert "internt fel" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def warnings_of(result: Any) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if line.startswith(("lotscert: varning:", "lotscert: warning:"))
    ]


def test_an_import_whose_record_cannot_be_written_says_so(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    comment(workbook, "från förvaltningen")
    record = record_path(assessment)
    record.unlink()
    record.mkdir()  # stands in for a record nobody may write
    refused = import_(workbook, assessment)  # what went out cannot be checked: asked first
    assert refused.exit_code == 2
    assert "kan inte jämföras med vad som skickades ut" in refused.stderr
    assert "--unrecorded" in refused.stderr
    result = import_(workbook, assessment, "--unrecorded")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert load_assessment(assessment).responses["P2"].comment == "från förvaltningen"
    (warning,) = warnings_of(result)
    assert warning.startswith(f"lotscert: varning: {record}: rundans logg är en mapp")
    # the risk told is the real one: without the record, a later version taking an answer
    # back is not known as one (not "conflicts that are not there")
    assert "svaren är införda" in warning
    assert "en senare version av den som tar tillbaka ett svar kan förbigås" in warning
    assert "lotscert status" in warning
    # The same in English, and the export tells it too.
    comment(workbook, "from the department")
    english = import_(workbook, assessment, "--theirs", "--unrecorded", "--lang", "en", lang="en")
    assert english.exit_code == 0, english.output
    (warning,) = warnings_of(english)
    assert "the round's record is a folder" in warning and "the answers are in" in warning
    again = run("export", "xlsx", str(assessment), "--out", str(tmp_path / "ny.xlsx"), *CATALOG)
    assert again.exit_code == 0 and (tmp_path / "ny.xlsx").is_file()
    (warning,) = warnings_of(again)
    assert "arbetsboken är skriven" in warning and "rundans logg är en mapp" in warning
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 2
    assert status.stderr.startswith(f"lotscert: fel: {record}: rundans logg är en mapp")


def test_conflicts_the_record_cannot_note_are_told(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    comment(workbook, "från förvaltningen")
    text = assessment.read_text(encoding="utf-8").replace(
        "  P2:\n    status: fulfilled\n", '  P2:\n    status: fulfilled\n    comment: "I filen"\n'
    )
    assessment.write_text(text, encoding="utf-8")
    record = record_path(assessment)
    record.write_text("[]", encoding="utf-8")
    result = import_(workbook, assessment, "--unrecorded")
    assert_no_traceback(result)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"lotscert: varning: {record}: rundans logg har fel form")
    assert "konflikterna nedan kunde inte noteras" in lines[0]
    assert lines[1].startswith("lotscert: fel: bok.xlsx!Process!I3 (responses.P2.comment)")
    assert assessment.read_text(encoding="utf-8") == text and record.read_text() == "[]"


WRONG_FORMS: list[tuple[Any, str]] = [
    ([], "hela filen ska vara ett objekt"),
    ({"workbooks": []}, "workbooks ska vara ett objekt"),
    ({"workbooks": {"x": 5}}, "workbooks.x ska vara ett objekt"),
    ({"workbooks": {"x": {"imports": "x"}}}, "workbooks.x.imports ska vara en lista"),
    ({"workbooks": {"x": {"imports": [{"changes": "1"}]}}}, "imports[0].changes ska vara ett"),
    ({"workbooks": {"x": {"conflicts": [3]}}}, "workbooks.x.conflicts[0] ska vara en text"),
    ({"workbooks": {"x": {"merged": [[{"a": 1}, 2]]}}}, "workbooks.x.merged[0] ska vara ett par"),
    ({"workbooks": {"x": {"file": 3}}}, "workbooks.x.file ska vara en text eller null"),
    ({"format": "1", "workbooks": {}}, "format ska vara ett heltal"),
]


@pytest.mark.parametrize(("content", "expected"), WRONG_FORMS)
def test_a_record_of_the_wrong_form_is_told_and_left_alone(
    assessment: Path, tmp_path: Path, content: Any, expected: str
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    comment(workbook, "hej")
    record = record_path(assessment)
    record.write_text(json.dumps(content), encoding="utf-8")
    before = record.read_bytes()
    with pytest.raises(RecordError, match="fel form"):
        load_record(assessment)
    assert read_record(assessment)["unreadable"] is True
    refused = import_(workbook, assessment)
    assert refused.exit_code == 2 and expected in refused.stderr
    assert record.read_bytes() == before
    result = import_(workbook, assessment, "--unrecorded")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert load_assessment(assessment).responses["P2"].comment == "hej"
    (warning,) = warnings_of(result)
    assert f"{record}: rundans logg har fel form (" in warning and expected in warning
    assert record.read_bytes() == before  # never overwritten
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 2 and status.stdout == ""
    assert status.stderr.splitlines()[0].startswith(f"lotscert: fel: {record}: rundans logg har")
    english = run("status", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert english.exit_code == 2
    assert "the round's record has the wrong form (" in english.stderr


def test_a_record_that_is_not_json_is_told_with_its_line(assessment: Path) -> None:
    record = record_path(assessment)
    record.write_text('{"workbooks": {\n  "x": ', encoding="utf-8")
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 2
    assert f"{record}: rundans logg är inte giltig JSON (rad 2, kolumn" in status.stderr
    record.write_bytes(b"\xff\xfe{}")
    status = run("status", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert "the round's record is not UTF-8 text" in status.stderr


def test_status_shows_conflicts_in_its_own_language(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    text = assessment.read_text(encoding="utf-8").replace(
        "  L2:\n    status: partial\n    maturity: 2\n",
        "  L2:\n    status: partial\n    maturity: 3\n",
    )
    assessment.write_text(text, encoding="utf-8")
    wb = openpyxl.load_workbook(workbook)
    wb["Ledning"]["G3"] = "4 – Infört, följs upp"
    wb.save(workbook)
    assert import_(workbook, assessment).exit_code == 2  # a Swedish run hit the conflict
    english = run("status", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert english.exit_code == 0, english.output
    assert (
        "bok.xlsx!Ledning!G3 (responses.L2.maturity): changed both in the file since the "
        "export (2 → 3) and in the workbook (2 → 4)"
    ) in english.stdout
    assert "ändrat" not in english.stdout
    data = json.loads(run("status", str(assessment), *CATALOG, "--format", "json").stdout)
    (book,) = data["workbooks"]
    assert book["conflicts"] == [
        "bok.xlsx!Ledning!G3 (responses.L2.maturity): ändrat både i filen sedan exporten "
        "(2 → 3) och i arbetsboken (2 → 4)"
    ]
    # A record written before both languages were kept still reads (its line as it was).
    record = record_path(assessment)
    old = json.loads(record.read_text(encoding="utf-8"))
    (entry,) = old["workbooks"].values()
    entry["conflicts"] = ["en gammal rad"]
    old["format"] = 1
    record.write_text(json.dumps(old), encoding="utf-8")
    english = run("status", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert english.exit_code == 0 and "en gammal rad" in english.stdout


# --- no form of the record gives a traceback -----------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@contextlib.contextmanager
def _round(prepared: Path) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="lotscert-round-"))
    try:
        shutil.copytree(prepared, folder, dirs_exist_ok=True)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An assessment, a workbook exported from it (noted in the record) and answered."""
    folder = tmp_path_factory.mktemp("round")
    assessment = folder / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, assessment)
    export(assessment, folder / "bok.xlsx")
    comment(folder / "bok.xlsx", "svar")
    return folder


def _replace_somewhere(record: Any, path: list[int], value: Any) -> Any:
    """``record`` with the value at a place chosen by ``path`` replaced by ``value``."""
    if not path or not isinstance(record, dict | list) or not record:
        return value
    if isinstance(record, dict):
        key = sorted(record)[path[0] % len(record)]
        return {**record, key: _replace_somewhere(record[key], path[1:], value)}
    index = path[0] % len(record)
    changed = _replace_somewhere(record[index], path[1:], value)
    return [*record[:index], changed, *record[index + 1 :]]


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    value=JSON,
    path=st.lists(st.integers(min_value=0, max_value=20), max_size=6),
    whole=st.booleans(),
    command=st.sampled_from(["status", "export", "import"]),
    lang=st.sampled_from(["sv", "en"]),
)
def test_no_form_of_the_record_gives_a_traceback(
    prepared: Path, value: Any, path: list[int], whole: bool, command: str, lang: str
) -> None:
    with _round(prepared) as folder:
        record = folder / "a.round.json"
        original = json.loads(record.read_text(encoding="utf-8"))
        content = value if whole else _replace_somewhere(original, path, value)
        record.write_text(json.dumps(content), encoding="utf-8")
        assessment = folder / "a.yaml"
        before = assessment.read_bytes()
        if command == "status":
            result = run("status", str(assessment), *CATALOG, "--lang", lang, lang=lang)
            assert result.exit_code in (0, 2)
        elif command == "export":
            out = folder / "ny.xlsx"
            result = run("export", "xlsx", str(assessment), "--out", str(out), *CATALOG, lang=lang)
            assert result.exit_code == 0 and out.is_file()
        else:
            result = import_(folder / "bok.xlsx", assessment, "--lang", lang, lang=lang)
            # a conflict with what the record says an earlier version brought in is exit 2
            assert result.exit_code in (0, 2)
            if result.exit_code == 0:
                assert load_assessment(assessment).responses["P2"].comment == "svar"
            else:
                assert assessment.read_bytes() == before
        assert_no_traceback(result)
        try:
            load_record(assessment)
        except RecordError:
            broken = True
        else:
            broken = False
        if command != "status" and result.exit_code == 0:
            # a broken record is told once, and left as it was
            assert len(warnings_of(result)) == (1 if broken else 0), result.stderr
        if broken:
            assert json.loads(record.read_text(encoding="utf-8")) == content
