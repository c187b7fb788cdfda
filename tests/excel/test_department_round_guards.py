"""A department's workbook in the round: it writes only its own part, `--theirs` brings back a
whole entry the office removed, a shared answer says which department gave what, and what the
department types comes back out of export as it went in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from round_helpers import CATALOG, edit, export, import_, run

from lotscert.excel.cellgrid import excel_unescaped
from lotscert.excel.layout import excel_escaped
from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT


def _two_departments(text: str) -> str:
    return text.replace(
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen"}\n'
        '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen"}',
        '  - {id: sbf, name: "Samhällsbyggnadsförvaltningen", requirements: [P1, P2], '
        "metrics: [handlaggningstid_median_dagar]}\n"
        '  - {id: mhf, name: "Miljö- och hälsoskyddsförvaltningen", requirements: [P1, P3], '
        "metrics: [nki]}",
    ).replace(
        "metrics:\n  handlaggningstid",
        'metrics:\n  nki: {value: 70, source: "SKR Insikt", date: 2026-01-31}\n  handlaggningstid',
    )


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    """sbf answers P1 and P2 and owns the handläggningstid metric; mhf answers P1 and P3 and
    owns nki."""
    path = tmp_path / "a.yaml"
    path.write_text(_two_departments(CONTRACT_ASSESSMENT.read_text(encoding="utf-8")), "utf-8")
    return path


def _unchanged(assessment: Path, before: bytes) -> None:
    assert assessment.read_bytes() == before
    assert not assessment.with_name(assessment.name + ".bak").exists()


def test_a_department_workbook_cannot_report_another_department_s_metric(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")

    def fill(wb: Any) -> None:
        for column, value in zip("ABCD", ("nki", "95", "sbf:s enkät", "2026-03-01"), strict=True):
            wb["Mått"][f"{column}3"] = value

    edit(workbook, fill)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert (
        "sbf.xlsx!Mått!A3: måttet 'nki' ägs inte av sbf utan av mhf; sbf:s arbetsbok kan bara "
        "rapportera sbf:s egna mått (handlaggningstid_median_dagar)"
    ) in result.stderr
    _unchanged(assessment, before)
    english = import_(workbook, assessment, "--lang", "en", lang="en")
    assert english.exit_code == 2
    assert "sbf.xlsx!Mått!A3: the metric 'nki' is not owned by sbf but by mhf" in english.stderr
    assert str(load_assessment(assessment).metrics["nki"].value) == "70"


@pytest.mark.parametrize(
    "cells",
    [
        {"C2": "mhf"},  # its own person moved to another department
        {"C2": None},  # … or to none
        {"A3": "lots-77", "B3": "Ny Lots", "C3": "mhf", "D3": "Handläggare"},  # a new one there
    ],
    ids=["moved", "department-emptied", "added-to-another"],
)
def test_a_department_workbook_holds_only_its_own_persons(
    assessment: Path, tmp_path: Path, cells: dict[str, str | None]
) -> None:
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")

    def fill(wb: Any) -> None:
        for cell, value in cells.items():
            wb["Personer"][cell] = value

    edit(workbook, fill)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    row = "3" if "A3" in cells else "2"
    assert f"sbf.xlsx!Personer!C{row}: förvaltningen ska vara sbf" in result.stderr
    _unchanged(assessment, before)
    english = import_(workbook, assessment, "--lang", "en", lang="en")
    assert f"sbf.xlsx!Personer!C{row}: the department must be sbf" in english.stderr


def test_a_department_workbook_cannot_take_over_another_department_s_person(
    assessment: Path, tmp_path: Path
) -> None:
    """A new row with the id of mhf's lots-02, said to be sbf's: it would move lots-02."""
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")

    def fill(wb: Any) -> None:
        for column, value in zip("ABC", ("lots-02", "Cecilia Ek", "sbf"), strict=True):
            wb["Personer"][f"{column}3"] = value

    edit(workbook, fill)
    before = assessment.read_bytes()
    for extra in ((), ("--theirs",)):
        result = import_(workbook, assessment, *extra)
        assert result.exit_code == 2
        assert (
            "sbf.xlsx!Personer!C3 (persons[lots-02]): personen lots-02 hör till mhf i filen, "
            "inte till sbf"
        ) in result.stderr
        _unchanged(assessment, before)


def test_taking_over_another_department_s_person_is_told_with_the_other_problems(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")

    def fill(wb: Any) -> None:
        for column, value in zip("ABC", ("lots-02", "Cecilia Ek", "sbf"), strict=True):
            wb["Personer"][f"{column}3"] = value
        wb["Process"]["G2"] = "9"  # not on the scale

    edit(workbook, fill)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert "sbf.xlsx!Process!G2: mognaden '9' finns inte i listan" in result.stderr
    assert "sbf.xlsx!Personer!C3 (persons[lots-02]): personen lots-02 hör till mhf" in result.stderr
    _unchanged(assessment, before)


def test_a_department_workbook_still_changes_its_own_persons_and_metrics(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")

    def fill(wb: Any) -> None:
        wb["Personer"]["D2"] = "Bygglovschef"
        wb["Mått"]["B2"] = "9"

    edit(workbook, fill)
    result = import_(workbook, assessment)
    assert result.exit_code == 0, result.output
    merged = load_assessment(assessment)
    assert merged.persons[0].role == "Bygglovschef"
    assert str(merged.metrics["handlaggningstid_median_dagar"].value) == "9"


def _remove(assessment: Path, *patterns: str) -> None:
    import re

    text = assessment.read_text(encoding="utf-8")
    for pattern in patterns:
        text, count = re.subn(pattern, "", text)
        assert count == 1, pattern
    assessment.write_text(text, encoding="utf-8")


def test_theirs_on_a_person_and_metric_the_office_removed_brings_back_the_whole_entry(
    assessment: Path, tmp_path: Path
) -> None:
    original = load_assessment(assessment)
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    _remove(assessment, r"  - id: lots-01\n(    .*\n)+", r"  handlaggningstid_median_dagar:.*\n")

    def fill(wb: Any) -> None:
        wb["Personer"]["E2"] = 1  # Bo Berg's Swedish
        wb["Mått"]["B2"] = "9"

    edit(workbook, fill)
    assert import_(workbook, assessment).exit_code == 2  # a conflict: told, nothing written
    result = import_(workbook, assessment, "--theirs")
    assert result.exit_code == 0, result.output
    merged = load_assessment(assessment)
    person = next(p for p in merged.persons if p.id == "lots-01")
    languages = {**original.persons[0].languages, "sv": 1}
    assert person == original.persons[0].model_copy(update={"languages": languages})
    metric = merged.metrics["handlaggningstid_median_dagar"]
    was = original.metrics["handlaggningstid_median_dagar"]
    assert (str(metric.value), metric.source, metric.date) == ("9", was.source, was.date)
    assert run("validate", str(assessment), *CATALOG).exit_code == 0


def test_theirs_on_an_answer_the_office_removed_brings_back_the_whole_answer(
    assessment: Path, tmp_path: Path
) -> None:
    original = load_assessment(assessment).responses["P1"]
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    _remove(assessment, r"  P1:\n(    .*\n)+")
    edit(workbook, lambda wb: wb["Process"].__setitem__("G2", "0 – Saknas"))
    result = import_(workbook, assessment, "--theirs")
    assert result.exit_code == 0, result.output
    answer = load_assessment(assessment).responses["P1"]
    assert answer.status == original.status and answer.maturity == 0
    assert answer.comment == original.comment and answer.action == original.action
    assert answer.evidence == original.evidence
    assert run("validate", str(assessment), *CATALOG).exit_code == 0


def test_an_unknown_id_on_a_department_s_list_is_an_error_and_no_part_is_sent(
    assessment: Path, tmp_path: Path
) -> None:
    """A typo (``p3``, ``P33``) left P3 on nobody's checklist while everything looked done."""
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(
        text.replace("requirements: [P1, P3]", "requirements: [P1, p3, P33]"), encoding="utf-8"
    )
    line = next(
        number
        for number, content in enumerate(assessment.read_text("utf-8").splitlines(), start=1)
        if "p3, P33" in content
    )
    result = run("validate", str(assessment), *CATALOG)
    assert result.exit_code == 2
    assert (
        f"a.yaml:{line}:" in result.stdout
        and "departments[1].requirements[1]: förvaltningen mhf: okänt krav-id p3" in result.stdout
        and "Menade du P3?" in result.stdout
    )
    assert "departments[1].requirements[2]: förvaltningen mhf: okänt krav-id P33" in result.stdout
    english = run("validate", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert "department mhf: unknown requirement id p3" in english.stdout
    exported = run(
        "export", "xlsx", str(assessment), "--department", "mhf", "--out",
        str(tmp_path / "mhf.xlsx"), *CATALOG,
    )  # fmt: skip
    assert exported.exit_code == 2
    assert "p3, P33" in exported.output and not (tmp_path / "mhf.xlsx").exists()
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 2 and "okänt krav-id p3" in status.output


def test_a_conflict_on_an_evidence_list_numbers_its_items(assessment: Path, tmp_path: Path) -> None:
    """Items were joined with " | ", the mark that starts an item's note: two items read as one
    item with a note."""
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    text = assessment.read_text(encoding="utf-8")
    item = '      - {kind: metric, ref: "Ärendesystemet, uttag 2026-02-28", date: 2026-02-28}\n'
    assert item in text
    extra = '      - {kind: document, ref: "Kontorets bilaga", date: 2026-03-01}\n'
    assessment.write_text(text.replace(item, item + extra, 1), encoding="utf-8")
    cell = (
        "mått: Ärendesystemet, uttag 2026-02-28 (2026-02-28)\n"
        "dokument: sbf:s bilaga (2026-03-02) | Granskad av sbf"
    )
    edit(workbook, lambda wb: wb["Process"].__setitem__("H3", cell))
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert (
        "[1] mått: Ärendesystemet, uttag 2026-02-28 (2026-02-28) "
        "[2] dokument: sbf:s bilaga (2026-03-02) | Granskad av sbf)"
    ) in result.stderr
    assert "(2026-02-28) | dokument" not in result.stderr


def test_a_shared_answer_says_which_department_gave_which_part(
    assessment: Path, tmp_path: Path
) -> None:
    """P1 is on sbf's and mhf's lists: sbf sets its status, maturity and comment, then mhf adds
    one evidence item. The stamp named only mhf, over values sbf set."""
    sbf = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    mhf = export(assessment, tmp_path / "mhf.xlsx", "--department", "mhf")

    def sbf_answers(wb: Any) -> None:
        wb["Instruktioner"]["B3"] = "Bygglovschef"
        wb["Process"]["F2"] = "Delvis uppfyllt"
        wb["Process"]["G2"] = "2 – Delvis infört"
        wb["Process"]["I2"] = "sbf: kontaktperson i alla bygglovsärenden"

    def mhf_answers(wb: Any) -> None:
        wb["Instruktioner"]["B3"] = "Miljöchef"
        wb["Process"]["H2"] = "dokument: Miljöns rutin för kontaktperson (2026-03-01)"

    edit(sbf, sbf_answers)
    edit(mhf, mhf_answers)
    assert import_(sbf, assessment).exit_code == 0
    assert import_(mhf, assessment).exit_code == 0
    answer = load_assessment(assessment).responses["P1"]
    assert answer.answered_by is not None
    assert (answer.answered_by.department, answer.answered_by.fields) == ("mhf", ["evidence"])
    assert [(s.department, s.role, s.fields) for s in answer.also_answered_by] == [
        ("sbf", "Bygglovschef", ["status", "maturity", "comment"])
    ]
    assert run("validate", str(assessment), *CATALOG).exit_code == 0

    out = tmp_path / "rapporter"
    for lang, words in (
        ("sv", "(mhf.xlsx): underlag; sbf · Bygglovschef · "),
        ("en", "(mhf.xlsx): evidence; sbf · Bygglovschef · "),
    ):
        report = run("report", "gap", str(assessment), *CATALOG, "--format", "md",
                     "--out", str(out / lang), "--lang", lang, lang=lang)  # fmt: skip
        assert report.exit_code == 0, report.output
        (written,) = (out / lang).rglob("*.md")
        text = written.read_text(encoding="utf-8")
        assert words in text
        parts = "status, mognad, kommentar" if lang == "sv" else "status, maturity, comment"
        assert f"(sbf.xlsx): {parts}" in text

    # sbf's second version changes its comment only: sbf's stamp is the latest, and keeps
    # every part sbf gave; mhf keeps its evidence.
    sbf2 = export(assessment, tmp_path / "sbf2.xlsx", "--department", "sbf")
    edit(sbf2, lambda wb: wb["Process"].__setitem__("I2", "sbf: ändrad kommentar"))
    assert import_(sbf2, assessment).exit_code == 0
    answer = load_assessment(assessment).responses["P1"]
    assert answer.answered_by is not None
    assert (answer.answered_by.department, answer.answered_by.workbook) == ("sbf", "sbf2.xlsx")
    assert answer.answered_by.fields == ["status", "maturity", "comment"]
    assert [(s.department, s.fields) for s in answer.also_answered_by] == [("mhf", ["evidence"])]


def test_a_typed_excel_escape_code_comes_back_out_of_every_export(
    assessment: Path, tmp_path: Path
) -> None:
    """A department typed ``Se bilaga_x0041_.pdf`` (its spreadsheet saved ``_x005F_x0041_``):
    the import took it in, and then no checklist holding it could be exported."""
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    edit(workbook, lambda wb: wb["Process"].__setitem__("I2", "MARKER"))
    import zipfile

    typed = tmp_path / "typed.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(typed, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info, data.replace(b"MARKER", b"Se bilaga_x005F_x0041_.pdf"))
    assert import_(typed, assessment).exit_code == 0
    assert load_assessment(assessment).responses["P1"].comment == "Se bilaga_x0041_.pdf"
    for name, extra in (("sbf2.xlsx", ("--department", "sbf")), ("hela.xlsx", ())):
        again = export(assessment, tmp_path / name, *extra)  # (asserts exit 0)
        before = assessment.read_bytes()
        result = import_(again, assessment)
        assert result.exit_code == 0, result.output
        assert assessment.read_bytes() == before  # read back exactly as written


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("_x0041F5dD8 å"))))
def test_an_escaped_text_reads_back_as_typed(text: str) -> None:
    assert excel_unescaped(excel_escaped(text)) == text


@pytest.mark.parametrize(
    ("typo", "hint"),
    [
        ("Handlaggningstid_median_dagar", "handlaggningstid_median_dagar"),
        ("NKI", "nki"),
        ("nkii", "nki"),
    ],
)
def test_an_unknown_metric_on_a_department_s_list_is_an_error_and_no_part_is_sent(
    assessment: Path, tmp_path: Path, typo: str, hint: str
) -> None:
    """A typo gave the department a blank row under the wrong key; its figure went in under
    that key while the requirement was judged on the old value."""
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(
        text.replace("metrics: [handlaggningstid_median_dagar]", f"metrics: [{typo}]").replace(
            "metrics: [nki]", f"metrics: [{typo}]"
        ),
        encoding="utf-8",
    )
    line = next(
        number
        for number, content in enumerate(assessment.read_text("utf-8").splitlines(), start=1)
        if f"metrics: [{typo}]" in content
    )
    result = run("validate", str(assessment), *CATALOG)
    assert result.exit_code == 2
    assert f"a.yaml:{line}:" in result.stdout
    assert f"departments[0].metrics[0]: förvaltningen sbf: okänt mått {typo}" in result.stdout
    assert f"Menade du {hint}?" in result.stdout
    english = run("validate", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert f"department sbf: unknown metric {typo}" in english.stdout
    assert f"Did you mean {hint}?" in english.stdout
    for department in ("sbf", "mhf"):
        out = tmp_path / f"{department}.xlsx"
        exported = run(
            "export", "xlsx", str(assessment), "--department", department, "--out", str(out),
            *CATALOG,
        )  # fmt: skip
        assert exported.exit_code == 2
        assert typo in exported.output and not out.exists()
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 2 and f"okänt mått {typo}" in status.output


def test_a_metric_the_file_holds_may_be_on_a_department_s_list(
    assessment: Path, tmp_path: Path
) -> None:
    """nki decides no requirement of the catalogue, but the file holds it: mhf may own it."""
    assert run("validate", str(assessment), *CATALOG).exit_code in (0, 1)
    workbook = export(assessment, tmp_path / "mhf.xlsx", "--department", "mhf")
    assert workbook.is_file()


def test_a_requirement_and_metric_moved_to_another_department_are_refused_at_their_cells(
    assessment: Path, tmp_path: Path
) -> None:
    """Persons were judged by the file as it is now, requirements and metrics by the export:
    sbf's old workbook still wrote P1 and the handläggningstid after the office gave them to
    mhf."""
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    text = assessment.read_text(encoding="utf-8")
    moved = text.replace(
        "requirements: [P1, P2], metrics: [handlaggningstid_median_dagar]}",
        "requirements: [P2], metrics: []}",
    ).replace(
        "requirements: [P1, P3], metrics: [nki]}",
        "requirements: [P1, P3], metrics: [nki, handlaggningstid_median_dagar]}",
    )
    assert moved.count("metrics: [nki, handlaggningstid_median_dagar]") == 1
    assessment.write_text(moved, encoding="utf-8")
    assert run("validate", str(assessment), *CATALOG).exit_code in (0, 1)

    def change(wb: Any) -> None:
        wb["Process"]["G2"] = "2 – Delvis infört"  # P1
        wb["Mått"]["B2"] = "15"  # handlaggningstid_median_dagar

    edit(workbook, change)
    before = assessment.read_bytes()
    result = import_(workbook, assessment)
    assert result.exit_code == 2
    assert (
        "sbf.xlsx!Process!G2 (responses.P1.maturity): kravet P1 hör nu till mhf i filen "
        "(requirements), inte till sbf"
    ) in result.stderr
    assert (
        "sbf.xlsx!Mått!B2 (metrics.handlaggningstid_median_dagar.value): måttet "
        "handlaggningstid_median_dagar hör nu till mhf i filen (metrics), inte till sbf"
    ) in result.stderr
    _unchanged(assessment, before)
    english = import_(workbook, assessment, "--lang", "en", lang="en")
    assert english.exit_code == 2
    assert "requirement P1 now belongs to mhf in the file (requirements)" in english.stderr
    _unchanged(assessment, before)
    forced = import_(workbook, assessment, "--theirs")
    assert forced.exit_code == 2
    _unchanged(assessment, before)


def test_what_is_still_the_department_s_is_merged_after_a_move(
    assessment: Path, tmp_path: Path
) -> None:
    """The control: sbf's answer to P2, still sbf's, goes in after P1 moved to mhf."""
    workbook = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(
        text.replace("requirements: [P1, P2], metrics", "requirements: [P2], metrics"),
        encoding="utf-8",
    )

    def change(wb: Any) -> None:
        wb["Process"]["I3"] = "Från sbf"  # P2's comment

    edit(workbook, change)
    result = import_(workbook, assessment)
    assert result.exit_code == 0, result.output
    assert load_assessment(assessment).responses["P2"].comment == "Från sbf"
