"""The annual round: several departments' workbooks merged three-way into one assessment."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from round_helpers import CATALOG, edit, export, import_, run

from lotscert.excel import layout
from lotscert.loading import load_assessment
from lotscert.round import read_record
from tests.paths import CONTRACT_ASSESSMENT


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def test_two_departments_answers_are_both_kept(assessment: Path, tmp_path: Path) -> None:
    """The issue's first finding: the second import undid the first one's answers."""
    process = export(assessment, tmp_path / "process.xlsx", "--level", "process")
    ledning = export(assessment, tmp_path / "ledning.xlsx", "--level", "ledning")

    def answer_process(wb: Any) -> None:
        ws = wb["Process"]
        ws["F2"] = "Uppfyllt"  # P1
        ws["G2"] = "3 – Infört"
        ws["H2"] = "dokument: Rutin för kontaktperson (2026-04-01)"

    def answer_ledning(wb: Any) -> None:
        wb["Ledning"]["F3"] = "Uppfyllt"  # L2

    edit(process, answer_process)
    edit(ledning, answer_ledning)
    assert import_(process, assessment).exit_code == 0
    result = import_(ledning, assessment)
    assert result.exit_code == 0, result.output
    merged = load_assessment(assessment)
    assert merged.responses["P1"].status == "fulfilled"
    assert merged.responses["P1"].evidence[0].ref == "Rutin för kontaktperson"
    assert merged.responses["L2"].status == "fulfilled"
    original = load_assessment(CONTRACT_ASSESSMENT)
    assert merged.persons == original.persons
    assert merged.metrics == original.metrics


def test_a_blank_the_department_did_not_touch_removes_nothing(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    # Meanwhile someone adds a comment and a metric in the YAML file.
    text = assessment.read_text(encoding="utf-8")
    text = text.replace(
        "  P2:\n    status: fulfilled\n", '  P2:\n    status: fulfilled\n    comment: "Ny"\n'
    )
    text += '  nki: {value: 71, source: "SKR Insikt", date: 2026-01-31}\n'
    assessment.write_text(text, encoding="utf-8")
    edit(workbook, lambda wb: wb["Process"].__setitem__("I4", "Från förvaltningen"))  # P3
    result = import_(workbook, assessment)
    assert result.exit_code == 0, result.output
    merged = load_assessment(assessment)
    assert merged.responses["P2"].comment == "Ny"
    assert "nki" in merged.metrics
    assert merged.responses["P3"].comment == "Från förvaltningen"


def _conflicting(assessment: Path, tmp_path: Path) -> tuple[Path, str]:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    text = assessment.read_text(encoding="utf-8").replace(
        "  L2:\n    status: partial\n    maturity: 2\n",
        "  L2:\n    status: partial\n    maturity: 3\n",
    )
    assessment.write_text(text, encoding="utf-8")
    edit(workbook, lambda wb: wb["Ledning"].__setitem__("G3", "4 – Infört, följs upp"))
    return workbook, text


def test_a_value_changed_on_both_sides_is_a_conflict_and_nothing_is_written(
    assessment: Path, tmp_path: Path
) -> None:
    workbook, text = _conflicting(assessment, tmp_path)
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        "lotscert: fel: bok.xlsx!Ledning!G3 (responses.L2.maturity): ändrat både i filen sedan "
        "exporten (2 → 3) och i arbetsboken (2 → 4)"
    )
    assert "--theirs" in lines[-1] and "inget skrevs" in lines[-1]
    assert assessment.read_text(encoding="utf-8") == text
    record = read_record(assessment)
    (entry,) = record["workbooks"].values()
    # the record keeps the line in both languages (status shows it in its own run's)
    (stored,) = entry["conflicts"]
    assert stored["sv"] == lines[0].removeprefix("lotscert: fel: ")
    assert stored["en"].startswith("bok.xlsx!Ledning!G3 (responses.L2.maturity): changed both")

    english = import_(workbook, assessment, "--lang", "en", lang="en")
    assert "changed both in the file since the export (2 → 3) and in the workbook" in (
        english.stderr
    )


@pytest.mark.parametrize(("option", "expected"), [("--theirs", 4), ("--ours", 3)])
def test_theirs_or_ours_settles_the_conflicts(
    assessment: Path, tmp_path: Path, option: str, expected: int
) -> None:
    workbook, _ = _conflicting(assessment, tmp_path)
    result = import_(workbook, assessment, option)
    assert result.exit_code == 0, result.output
    assert "responses.L2.maturity" in result.stderr
    assert load_assessment(assessment).responses["L2"].maturity == expected
    (entry,) = read_record(assessment)["workbooks"].values()
    assert entry["conflicts"] == []


def test_reimport_is_a_no_op_and_a_second_version_changing_the_first_is_asked_about(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    edit(workbook, lambda wb: wb["Ledning"].__setitem__("G3", "3 – Infört"))
    assert import_(workbook, assessment).exit_code == 0
    after_first = assessment.read_bytes()
    again = import_(workbook, assessment)
    assert again.exit_code == 0 and "Inga ändringar" in again.stdout
    assert assessment.read_bytes() == after_first
    # The department sends a second version changing its own earlier answer: asked, as an
    # older version or a copy would be; --theirs takes it.
    edit(workbook, lambda wb: wb["Ledning"].__setitem__("G3", "4 – Infört, följs upp"))
    second = import_(workbook, assessment)
    assert second.exit_code == 2
    assert "en tidigare version av arbetsboken förde in 3 (exporten hade 2)" in second.stderr
    assert import_(workbook, assessment, "--theirs").exit_code == 0
    assert load_assessment(assessment).responses["L2"].maturity == 4


def test_a_removed_answer_the_file_changed_meanwhile_is_a_conflict(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    text = assessment.read_text(encoding="utf-8").replace(
        '"Kontaktperson utses bara i större ärenden."', '"Ändrat i filen"'
    )
    assessment.write_text(text, encoding="utf-8")

    def clear_p1(wb: Any) -> None:
        for column in "FGHIJKL":
            wb["Process"][f"{column}2"] = None

    edit(workbook, clear_p1)
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert "bok.xlsx!Process!F2 (responses.P1.status)" in result.stderr
    assert assessment.read_text(encoding="utf-8") == text


def _metadata(workbook: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(workbook)[layout.META_SHEET]
    return {str(row[0].value): str(row[1].value) for row in ws.iter_rows(min_row=2) if row[0].value}


def test_a_workbook_without_base_or_with_a_changed_base_is_refused(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    tampered = tmp_path / "tampered.xlsx"
    shutil.copy(workbook, tampered)

    def change_base(wb: Any) -> None:
        ws = wb["lotscert-base"]
        ws["A1"] = ws["A1"].value.replace('"partial"', '"fulfilled"')

    edit(tampered, change_base)
    before = assessment.read_bytes()
    result = import_(tampered, assessment)
    assert result.exit_code == 2
    assert "tampered.xlsx!lotscert-base!A1: värdena arbetsboken exporterades med" in result.stderr
    assert assessment.read_bytes() == before


def test_a_format_1_workbook_is_refused_with_the_reason(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")

    def make_old(wb: Any) -> None:
        ws = wb[layout.META_SHEET]
        ws["B2"] = "1"

    edit(workbook, make_old)
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert "äldre lotscert (format 1)" in result.stderr
    assert "exportera en ny arbetsbok" in result.stderr


def test_department_checklist_holds_only_its_part(assessment: Path, tmp_path: Path) -> None:
    text = assessment.read_text(encoding="utf-8").replace(
        '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}',
        '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen", requirements: [P1, P2],'
        " metrics: [handlaggningstid_median_dagar]}\n"
        '  - {id: kc, name: "Kontaktcenter", requirements: [P3]}',
    )
    assessment.write_text(text, encoding="utf-8")
    mhf = export(assessment, tmp_path / "mhf.xlsx", "--department", "mhf")
    wb = openpyxl.load_workbook(mhf)
    assert wb.sheetnames == [
        "Instruktioner",
        "Process",
        "Personer",
        "Mått",
        "lotscert-metadata",
        "lotscert-base",
    ]
    assert [wb["Process"][f"A{row}"].value for row in (2, 3, 4)] == ["P1", "P2", None]
    assert wb["Personer"]["A2"].value == "lots-02" and wb["Personer"]["A3"].value is None
    assert wb["Mått"]["A2"].value == "handlaggningstid_median_dagar"
    assert wb["Mått"]["A3"].value is None
    meta = _metadata(mhf)
    assert meta["department"] == "mhf"
    assert json.loads(meta["requirements"]) == ["P1", "P2"]

    kc = export(assessment, tmp_path / "kc.xlsx", "--department", "kc")
    assert openpyxl.load_workbook(kc).sheetnames == [
        "Instruktioner",
        "Process",
        "lotscert-metadata",
        "lotscert-base",
    ]
    unknown = run(
        "export",
        "xlsx",
        str(assessment),
        "--out",
        str(tmp_path / "x.xlsx"),
        *CATALOG,
        "--department",
        "ekonomi",
    )
    assert unknown.exit_code == 2
    assert "förvaltningen 'ekonomi' finns inte i bedömningen (förvaltningar: sbf, mhf, kc)" in (
        unknown.stderr
    )

    def answer(wb: Any) -> None:
        wb["Instruktioner"]["B2"] = "Maria Lind"
        wb["Instruktioner"]["B3"] = "Miljöchef"
        wb["Process"]["F2"] = "Delvis uppfyllt"  # P1

    edit(mhf, answer)
    result = import_(mhf, assessment)
    assert result.exit_code == 0, result.output
    merged = load_assessment(assessment)
    answered = merged.responses["P1"].answered_by
    assert answered is not None
    assert (answered.department, answered.name, answered.role, answered.workbook) == (
        "mhf",
        "Maria Lind",
        "Miljöchef",
        "mhf.xlsx",
    )
    assert merged.responses["P2"].answered_by is None  # not changed by the department
    # The gap report says who answered (department, role, when; no name without --with-names).
    report = run("report", "gap", str(assessment), *CATALOG, "--format", "md", "--out",
                 str(tmp_path / "rapporter"))  # fmt: skip
    assert report.exit_code == 0, report.output
    (written,) = (tmp_path / "rapporter").rglob("*.md")
    text = written.read_text(encoding="utf-8")
    assert "- **Besvarat via arbetsbok:** mhf · Miljöchef · " in text
    assert "(mhf.xlsx)" in text and "Maria Lind" not in text
    assert merged.persons == load_assessment(CONTRACT_ASSESSMENT).persons
    record = read_record(assessment)
    departments = {entry["department"] for entry in record["workbooks"].values()}
    assert departments == {"mhf", "kc"}


def test_a_department_cell_must_name_a_listed_department(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")

    def departments(wb: Any) -> None:
        wb["Personer"]["C2"] = "miljö"
        wb["Personer"]["C3"] = "ekonomi"

    edit(workbook, departments)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [
        "lotscert: fel: bok.xlsx!Personer!C2: förvaltningen 'miljö' finns inte i bedömningen; "
        "välj en av sbf, mhf",
        "lotscert: fel: bok.xlsx!Personer!C3: förvaltningen 'ekonomi' finns inte i bedömningen; "
        "välj en av sbf, mhf",
    ]
    assert "pattern" not in result.stderr
    assert assessment.read_bytes() == before


def test_status_shows_the_round(assessment: Path, tmp_path: Path) -> None:
    text = (
        assessment.read_text(encoding="utf-8")
        .replace(
            '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}',
            '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen", requirements: [P1, P2]}',
        )
        .replace("  P2:\n    status: fulfilled\n", "  P2:\n    status: not_assessed\n")
    )
    assessment.write_text(text, encoding="utf-8")
    mhf = export(assessment, tmp_path / "mhf.xlsx", "--department", "mhf")
    export(assessment, tmp_path / "ledning.xlsx", "--level", "ledning")
    edit(mhf, lambda wb: wb["Process"].__setitem__("F3", "Delvis uppfyllt"))  # P2
    assert import_(mhf, assessment).exit_code == 0
    result = run("status", str(assessment), *CATALOG, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    mhf_levels = [item for item in data["levels"] if item["department"] == "mhf"]
    assert mhf_levels == [
        {"department": "mhf", "level": "process", "answered": ["P1", "P2"], "not_assessed": []}
    ]
    books = {book["file"]: book for book in data["workbooks"]}
    assert books["mhf.xlsx"]["department"] == "mhf" and len(books["mhf.xlsx"]["returned"]) == 1
    assert books["ledning.xlsx"]["returned"] == [] and books["ledning.xlsx"]["levels"] == [
        "ledning"
    ]
    assert data["outstanding_conflicts"] == 0
    text_run = run("status", str(assessment), *CATALOG)
    assert text_run.exit_code == 0
    assert "ledning.xlsx" in text_run.stdout and "inte än" in text_run.stdout


def test_fulfilled_without_evidence_is_an_error_at_the_cell(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    edit(workbook, lambda wb: wb["Process"].__setitem__("H3", None))  # P2: evidence cleared
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "lotscert: fel: bok.xlsx!Process!F3 (responses.P2.status): Uppfyllt kräver minst ett "
        "underlag i kolumnen Underlag",
        "lotscert: fel: 1 fel i arbetsboken när svaren förts in; inget skrevs",
    ]
    assert assessment.read_bytes() == before
    english = import_(workbook, assessment, "--lang", "en", lang="en")
    assert "bok.xlsx!Process!F3 (responses.P2.status): Fulfilled needs at least one item" in (
        english.stderr
    )


def test_each_department_gets_its_own_default_file_name(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    names = []
    for department in ("sbf", "mhf"):
        result = run("export", "xlsx", str(assessment), *CATALOG, "--department", department)
        assert result.exit_code == 0, result.output
        names.append(result.stdout.strip())
    assert names == [
        "9901-exempelby-2026-self_assessment-sbf.xlsx",
        "9901-exempelby-2026-self_assessment-mhf.xlsx",
    ]


def _versions(assessment: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Version 1 answers P1; version 2 also raises its maturity."""
    exported = export(assessment, tmp_path / "bok.xlsx", "--level", "process")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(exported, first)

    def answer(wb: Any) -> None:
        wb["Process"]["F2"] = "Uppfyllt"
        wb["Process"]["H2"] = "dokument: Ärendelogg (2026-04-01)"

    edit(first, answer)
    shutil.copy(first, second)
    edit(second, lambda wb: wb["Process"].__setitem__("G2", "3 – Infört"))
    return first, second


def test_an_older_version_arriving_late_undoes_nothing(assessment: Path, tmp_path: Path) -> None:
    """The attack's first finding: version 1 imported after version 2 set the maturity back."""
    first, second = _versions(assessment, tmp_path)
    assert import_(second, assessment).exit_code == 0
    after_second = assessment.read_bytes()
    late = import_(first, assessment)
    assert late.exit_code == 2
    assert (
        "v1.xlsx!Process!G2 (responses.P1.maturity): en tidigare version av arbetsboken förde "
        "in 3 (exporten hade 1); den här har 1 – en nyare version, en äldre eller en kopia av "
        "exporten? Välj vad som gäller"
    ) in late.stderr
    assert assessment.read_bytes() == after_second
    kept = import_(first, assessment, "--ours")
    assert kept.exit_code == 0, kept.output
    assert load_assessment(assessment).responses["P1"].maturity == 3


def test_a_copy_of_the_untouched_export_undoes_nothing(assessment: Path, tmp_path: Path) -> None:
    """A colleague's copy of the export, answered elsewhere and saved later: the answers the
    first copy brought in are not taken back silently."""
    _, second = _versions(assessment, tmp_path)
    copy = tmp_path / "kopia.xlsx"
    shutil.copy(tmp_path / "bok.xlsx", copy)
    edit(copy, lambda wb: wb["Process"].__setitem__("I3", "Kommentar från kopian"))  # P2
    assert import_(second, assessment).exit_code == 0
    result = import_(copy, assessment)
    assert result.exit_code == 2
    assert "kopia.xlsx!Process!F2 (responses.P1.status)" in result.stderr
    assert load_assessment(assessment).responses["P1"].status == "fulfilled"


def test_a_version_changing_what_an_earlier_one_brought_is_asked_about(
    assessment: Path, tmp_path: Path
) -> None:
    """Which of two versions is the newer cannot be told from the workbook (its save time
    changes whenever anyone opens and saves an old copy), so changing what an earlier version
    brought in is a conflict, taken with --theirs; answers the earlier one left alone merge."""
    first, _ = _versions(assessment, tmp_path)
    assert import_(first, assessment).exit_code == 0

    def later(wb: Any) -> None:
        wb["Process"]["H2"] = "dokument: Ny logg (2026-04-05)"  # P1: changed again
        wb["Process"]["I3"] = "Ny kommentar"  # P2: left alone by the first version

    edit(first, later)
    asked = import_(first, assessment)
    assert asked.exit_code == 2
    assert "v1.xlsx!Process!H2 (responses.P1.evidence): en tidigare version" in asked.stderr
    assert "P2" not in asked.stderr
    taken = import_(first, assessment, "--theirs")
    assert taken.exit_code == 0, taken.output
    merged = load_assessment(assessment)
    assert merged.responses["P1"].evidence[0].ref == "Ny logg"
    assert merged.responses["P2"].comment == "Ny kommentar"


def test_an_answer_a_later_version_took_back_does_not_return_with_an_older_one(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's first finding: version 2 set P1 back to what was exported; the
    older version 1, imported after it, brought the fulfilled answer back silently."""
    first, _ = _versions(assessment, tmp_path)
    assert import_(first, assessment).exit_code == 0
    retracted = tmp_path / "v2.xlsx"
    shutil.copy(tmp_path / "bok.xlsx", retracted)
    edit(retracted, lambda wb: wb["Process"].__setitem__("I3", "Kommentar"))
    assert import_(retracted, assessment).exit_code == 2  # it takes P1 back: asked …
    assert import_(retracted, assessment, "--theirs").exit_code == 0  # … and confirmed
    assert load_assessment(assessment).responses["P1"].status == "not_fulfilled"
    late = import_(first, assessment)
    assert late.exit_code == 2
    assert "v1.xlsx!Process!F2 (responses.P1.status)" in late.stderr
    assert load_assessment(assessment).responses["P1"].status == "not_fulfilled"


def test_after_ours_the_next_version_is_told_against_what_the_file_kept(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's ninth finding: after --ours, the next version was said to conflict
    with a change "in the file since the export" that was the workbook's own."""
    first, _ = _versions(assessment, tmp_path)
    assert import_(first, assessment).exit_code == 0
    copy = tmp_path / "kopia.xlsx"
    shutil.copy(tmp_path / "bok.xlsx", copy)
    edit(copy, lambda wb: wb["Process"].__setitem__("I3", "Kopians kommentar"))
    assert import_(copy, assessment, "--ours").exit_code == 0
    edit(first, lambda wb: wb["Process"].__setitem__("G2", "4 – Infört, följs upp och förbättras"))
    result = import_(first, assessment)
    assert result.exit_code == 2
    # the copy's comment is the other version's, and said so; P1, which the file kept as
    # this workbook left it, is no conflict at all
    assert (
        "v1.xlsx!Process!I3 (responses.P2.comment): en tidigare version av arbetsboken förde "
        "in Kopians kommentar"
    ) in result.stderr
    assert "P1" not in result.stderr
    assert import_(first, assessment, "--ours").exit_code == 0
    merged = load_assessment(assessment)
    assert merged.responses["P1"].maturity == 4
    assert merged.responses["P2"].comment == "Kopians kommentar"


def test_ours_on_a_removed_person_keeps_the_whole_person(assessment: Path, tmp_path: Path) -> None:
    """The attack's second finding: --ours kept only the conflicting values of a person the
    workbook deleted, and emptied the rest of it."""
    workbook = export(assessment, tmp_path / "bok.xlsx")
    original = load_assessment(assessment)
    person = original.persons[0]
    text = assessment.read_text(encoding="utf-8").replace(
        f'role: "{person.role}"', 'role: "Ny roll i filen"', 1
    )
    assessment.write_text(text, encoding="utf-8")

    def delete_row(wb: Any) -> None:
        wb["Personer"].delete_rows(2)

    edit(workbook, delete_row)
    refused = import_(workbook, assessment)
    assert refused.exit_code == 2
    assert (
        "bok.xlsx!Personer (persons[lots-01]): personen är borttagen i arbetsboken, men har "
        "ändrats i filen sedan exporten"
    ) in refused.stderr
    record = assessment.with_name(assessment.stem + ".round.json")
    before, before_record = assessment.read_bytes(), record.read_bytes()
    result = import_(workbook, assessment, "--ours")
    assert result.exit_code == 0, result.output
    kept = next(p for p in load_assessment(assessment).persons if p.id == person.id)
    assert kept == person.model_copy(update={"role": "Ny roll i filen"})

    assessment.write_bytes(before)
    record.write_bytes(before_record)
    theirs = import_(workbook, assessment, "--theirs")
    assert theirs.exit_code == 0, theirs.output
    assert person.id not in {p.id for p in load_assessment(assessment).persons}


def test_an_emptied_answer_is_refused_at_its_cell_and_nothing_is_written(
    assessment: Path, tmp_path: Path
) -> None:
    """The attack's third finding: emptying an answer wrote a file validate then refused."""
    workbook = export(assessment, tmp_path / "bok.xlsx", "--level", "process")

    def clear_p1(wb: Any) -> None:
        for column in "FGHIJKL":
            wb["Process"][f"{column}2"] = None

    edit(workbook, clear_p1)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert (
        "bok.xlsx!Process!F2 (responses.P1.status): kravet måste ha ett svar; välj Ej bedömt "
        "om det inte är bedömt ännu"
    ) in result.stderr
    assert assessment.read_bytes() == before


def test_a_department_workbook_is_not_turned_into_a_new_file(
    assessment: Path, tmp_path: Path
) -> None:
    text = assessment.read_text(encoding="utf-8").replace(
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen"}',
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen", requirements: [P1, P2]}',
    )
    assessment.write_text(text, encoding="utf-8")
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    typo = tmp_path / "nodir" / "a.yaml"
    result = import_(workbook, typo)
    assert result.exit_code == 2
    assert "kan bara föras in i bedömningsfilen den exporterades från" in result.stderr
    assert not typo.parent.exists()


def test_who_answered_is_checked_like_every_cell_and_the_file_name_is_kept_plain(
    assessment: Path, tmp_path: Path
) -> None:
    """The attack's fourth finding: a text-direction character typed as the answerer's name (or
    in the workbook's file name) went into the file, which then no command could read."""
    workbook = export(assessment, tmp_path / "bok.xlsx")
    cells = json.loads(_metadata(workbook)["answerer_cells"])

    def answerer(wb: Any) -> None:
        wb["Instruktioner"][cells[0]] = "Sven\u202eBygg"
        wb["Instruktioner"][cells[1]] = "=1+1"
        wb["Process"]["I2"] = "Ny kommentar"

    edit(workbook, answerer)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert f"bok.xlsx!Instruktioner!{cells[0]}: otillåtet tecken U+202E" in result.stderr
    assert f"bok.xlsx!Instruktioner!{cells[1]}: cellen innehåller en formel" in result.stderr
    assert assessment.read_bytes() == before

    odd = tmp_path / "x\u202exslx.exe.xlsx"
    shutil.copy(export(assessment, tmp_path / "ny.xlsx"), odd)
    edit(odd, lambda wb: wb["Process"].__setitem__("I2", "Ny kommentar"))
    edit(odd, lambda wb: wb["Instruktioner"].__setitem__(cells[1], "Bygglovschef"))
    assert import_(odd, assessment).exit_code == 0
    stamp = load_assessment(assessment).responses["P1"].answered_by
    assert stamp is not None and stamp.workbook == "x\\u202exslx.exe.xlsx"
    assert run("validate", str(assessment), *CATALOG).exit_code == 0


def test_the_office_answering_after_a_department_replaces_the_department_s_stamp(
    assessment: Path, tmp_path: Path
) -> None:
    """The attack's fifth finding: the report said a department gave the office's answer."""
    department = export(assessment, tmp_path / "avd.xlsx")
    cells = json.loads(_metadata(department)["answerer_cells"])

    def answer(wb: Any) -> None:
        wb["Instruktioner"][cells[1]] = "Bygglovschef"
        wb["Process"]["I2"] = "Avdelningens kommentar"

    edit(department, answer)
    assert import_(department, assessment).exit_code == 0
    office = export(assessment, tmp_path / "kontoret.xlsx")
    edit(office, lambda wb: wb["Process"].__setitem__("I2", "Kontorets kommentar"))
    assert import_(office, assessment).exit_code == 0
    stamp = load_assessment(assessment).responses["P1"].answered_by
    assert stamp is not None
    assert (stamp.role, stamp.workbook) == (None, "kontoret.xlsx")


def test_a_file_with_yaml_aliases_it_cannot_keep_is_refused_in_words(
    assessment: Path, tmp_path: Path
) -> None:
    """The attack's eighth finding: an internal error in English for a file with aliases."""
    text = assessment.read_text(encoding="utf-8")
    text = text.replace(
        'owner: "Kommundirektören", due: 2026-09-30}',
        'owner: &who "Lotssamordnaren", due: &when 2026-06-30}',
    ).replace('owner: "Lotssamordnaren", due: 2026-06-30}', "owner: *who, due: *when}")
    assessment.write_text(text, encoding="utf-8")
    assert run("validate", str(assessment), *CATALOG).exit_code == 0
    workbook = export(assessment, tmp_path / "bok.xlsx")
    edit(workbook, lambda wb: wb["Ledning"].__setitem__("L3", "2027-01-15"))
    result = import_(workbook, assessment)
    assert result.exit_code == 2, result.output
    assert "YAML-ankare och alias (&namn och *namn)" in result.stderr
    assert "internal" not in result.stderr
    assert assessment.read_text(encoding="utf-8") == text


def _forge(workbook: Path, change: Callable[[dict[str, Any], dict[str, str]], None]) -> None:
    """Change the hidden base and the metadata and recompute both digests, as someone who
    read lotscert's source could."""
    from lotscert.excel import basevalues

    wb = openpyxl.load_workbook(workbook)
    ws = wb[basevalues.BASE_SHEET]
    document = json.loads("".join(str(cell.value or "") for cell in ws["A"]))
    meta = wb[layout.META_SHEET]
    rows = {str(row[0].value): row[1] for row in meta.iter_rows(min_row=2) if row[0].value}
    values = {key: str(cell.value or "") for key, cell in rows.items()}
    change(document, values)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for cell in ws["A"]:
        cell.value = None
    for index, chunk in enumerate(basevalues.chunks(text), start=1):
        ws.cell(row=index, column=1).value = chunk
    values["base_sha256"] = basevalues.digest(text)
    values.pop("metadata_sha256")
    values["metadata_sha256"] = layout.metadata_digest(values)
    for key, cell in rows.items():
        cell.value = values[key]
    wb.save(workbook)


def test_a_base_forged_with_its_digests_recomputed_is_refused_by_the_round_s_record(
    assessment: Path, tmp_path: Path
) -> None:
    """The attack's sixth finding: a department's workbook whose base was widened (another
    department's person written into it, digests recomputed) deleted that person."""
    text = assessment.read_text(encoding="utf-8").replace(
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen"}',
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen", requirements: [P1, P2]}',
    )
    assessment.write_text(text, encoding="utf-8")
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    forged = tmp_path / "forged.xlsx"
    shutil.copy(workbook, forged)

    def widen(document: dict[str, Any], values: dict[str, str]) -> None:
        document["places"].append([["persons", "lots-02", "present"], True])

    _forge(forged, widen)
    result = import_(forged, assessment)
    assert result.exit_code == 2
    assert "är inte de som skickades ut" in result.stderr
    assert assessment.read_text(encoding="utf-8") == text

    other = tmp_path / "other-id.xlsx"
    shutil.copy(workbook, other)
    _forge(other, lambda document, values: values.update(workbook_id="f" * 16))
    result = import_(other, assessment)
    assert result.exit_code == 2
    assert "finns inte bland dem som skickades ut" in result.stderr

    renamed = tmp_path / "mhf.xlsx"
    shutil.copy(workbook, renamed)
    _forge(renamed, lambda document, values: values.update(department="mhf"))
    result = import_(renamed, assessment)
    assert result.exit_code == 2
    assert "skickades ut till sbf" in result.stderr


def test_a_conflict_does_not_hide_what_the_other_answers_make_wrong(
    assessment: Path, tmp_path: Path
) -> None:
    """The attack's seventh finding: a conflict, then a missing evidence, took two runs."""
    workbook, text = _conflicting(assessment, tmp_path)

    def also(wb: Any) -> None:
        wb["Process"]["F3"] = "Uppfyllt"  # P2 …
        wb["Process"]["H3"] = None  # … without evidence

    edit(workbook, also)
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [
        "lotscert: fel: bok.xlsx!Process!F3 (responses.P2.status): Uppfyllt kräver minst ett "
        "underlag i kolumnen Underlag",
        "lotscert: fel: bok.xlsx!Ledning!G3 (responses.L2.maturity): ändrat både i filen sedan "
        "exporten (2 → 3) och i arbetsboken (2 → 4)",
    ]
    assert lines[2].startswith("lotscert: fel: 1 fel i arbetsboken och 1 konflikt")
    assert assessment.read_text(encoding="utf-8") == text
    (entry,) = read_record(assessment)["workbooks"].values()
    assert [line["sv"] for line in entry["conflicts"]] == [lines[1].removeprefix("lotscert: fel: ")]


def test_two_workbooks_exported_in_one_second_are_two_workbooks(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's sixth finding: two exports in the same second shared one id."""
    first = export(assessment, tmp_path / "anna.xlsx", "--level", "process")
    second = export(assessment, tmp_path / "bo.xlsx", "--level", "process")
    assert _metadata(first)["workbook_id"] != _metadata(second)["workbook_id"]
    files = {entry["file"] for entry in read_record(assessment)["workbooks"].values()}
    assert {"anna.xlsx", "bo.xlsx"} <= files


def test_a_department_workbook_relabelled_as_a_whole_one_is_refused(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's seventh finding: the record's check let any workbook through that
    said it was no department's and carried an id of its own."""
    text = assessment.read_text(encoding="utf-8").replace(
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen"}',
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen", requirements: [P1, P2]}',
    )
    assessment.write_text(text, encoding="utf-8")
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    _forge(workbook, lambda document, values: values.update(department="", workbook_id="e" * 32))
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert "finns inte bland dem som skickades ut" in result.stderr
    assert "--unrecorded" in result.stderr
    assert assessment.read_text(encoding="utf-8") == text


def test_an_odd_file_name_reaches_neither_the_record_nor_the_screen_raw(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's eleventh finding: `export --out` with U+202E or ESC in the name
    put it raw into the record, and `status` printed it."""
    odd = tmp_path / "x\u202e\x1b[8mdold.xlsx"
    export(assessment, odd)
    files = [entry["file"] for entry in read_record(assessment)["workbooks"].values()]
    assert files == ["x\\u202e\\x1b[8mdold.xlsx"]
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 0, status.output
    assert "\u202e" not in status.output and "\x1b" not in status.output


def test_a_copy_bringing_back_a_person_an_earlier_version_removed_is_one_line(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's tenth finding: the line said the opposite of what happened, and
    fourteen more followed for the same person."""
    workbook = export(assessment, tmp_path / "bok.xlsx")
    copy = tmp_path / "kopia.xlsx"
    shutil.copy(workbook, copy)
    edit(workbook, lambda wb: wb["Personer"].delete_rows(2))
    assert import_(workbook, assessment).exit_code == 0
    edit(copy, lambda wb: wb["Process"].__setitem__("I3", "Kopians kommentar"))
    result = import_(copy, assessment)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "persons[lots-01]" in line]
    assert lines == [
        "lotscert: fel: kopia.xlsx!Personer!A2 (persons[lots-01]): en tidigare version av "
        "arbetsboken förde in ingen rad (exporten hade raden finns); den här har raden finns – "
        "en nyare version, en äldre eller en kopia av exporten? Välj vad som gäller"
    ]


def test_a_problem_that_holds_whichever_side_wins_comes_with_the_conflict(
    assessment: Path, tmp_path: Path
) -> None:
    """The second attack's fourteenth finding: P2's missing evidence was told only once the
    maturity conflict on the same answer was settled, though it holds either way."""
    workbook = export(assessment, tmp_path / "bok.xlsx")
    text = assessment.read_text(encoding="utf-8").replace(
        "  P2:\n    status: fulfilled\n    maturity: 3\n",
        "  P2:\n    status: fulfilled\n    maturity: 4\n",
    )
    assert text != assessment.read_text(encoding="utf-8")
    assessment.write_text(text, encoding="utf-8")

    def answer(wb: Any) -> None:
        wb["Process"]["G3"] = "2 – Delvis infört"  # P2's maturity: the conflict
        wb["Process"]["H3"] = None  # and its evidence emptied: wrong whoever wins

    edit(workbook, answer)
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert "bok.xlsx!Process!G3 (responses.P2.maturity): ändrat både i" in result.stderr
    assert "bok.xlsx!Process!F3 (responses.P2.status): Uppfyllt kräver minst ett underlag" in (
        result.stderr
    )
    assert assessment.read_text(encoding="utf-8") == text
