"""A YAML syntax error does not hide the rest of the file: ``validate`` reports every syntax
error, located, says which lines it could not read, and checks the rest in the same run —
without reporting what only follows from the lines it could not read (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lotscert.cli.app import build_app
from lotscert.loading import validate_file
from lotscert.yamlrecovery import MAX_ROUNDS
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

LIBRARY_WORDS = ("pattern", "Input should", "String should", "validation error", "pydantic")
BAD_EVIDENCE_DATE = ("date: 2025-12-31}", "date: 2025-12-32}")  # K1, line 43
UNKNOWN_DEPARTMENT = ("    department: sbf\n", "    department: ekonomi\n")  # persons[0], 47


def _text(*changes: tuple[str, str], base: Path = CONTRACT_ASSESSMENT) -> str:
    text = base.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _run(path: Path, lang: str = "sv", catalog: bool = True) -> tuple[int, list[str]]:
    args = ["validate", str(path), "--lang", lang]
    if catalog:
        args += ["--catalog", str(CONTRACT_CATALOG)]
    result = CliRunner().invoke(build_app(lang), args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    for line in lines:
        assert not any(word in line for word in LIBRARY_WORDS), line
    return result.exit_code, lines


def _where(line: str) -> str:
    """``file:12:3`` and the data path of a printed diagnostic."""
    location, _, rest = line.partition(": fel: ")
    if not rest:
        location, _, rest = line.partition(": error: ")
    head = rest.split(": ", 1)[0] if rest.startswith(("responses", "persons", "date")) else ""
    return f"{location.rsplit(':', 2)[1]} {head}".strip()


def test_a_broken_line_in_one_answer_does_not_hide_the_others(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(
        _text(
            ("    maturity: 2\n", "     maturity: 2\n"),  # L2: one space too many (line 22)
            BAD_EVIDENCE_DATE,
            UNKNOWN_DEPARTMENT,
        ),
        encoding="utf-8",
    )
    code, lines = _run(path)
    assert code == 2
    assert len(lines) == 3, lines
    syntax, date, department = lines
    assert syntax.startswith(f"{path}:22:14: fel: YAML-syntaxfel: ett kolon (:) får inte stå här")
    assert syntax.endswith(
        "; raderna 20–25 (responses.L2) lästes inte, resten av filen är kontrollerad så långt "
        "det går utan dem"
    )
    assert date.startswith(f"{path}:43:63: fel: responses.K1.evidence[0].date: ogiltigt datum")
    assert department.startswith(f"{path}:47:17: fel: persons[0].department: okänd förvaltning")
    code, english = _run(path, "en")
    assert code == 2 and len(english) == 3
    assert english[0].endswith(
        "; lines 20–25 (responses.L2) not read, the rest of the file is checked as far as it "
        "can be without them"
    )
    assert "invalid date '2025-12-32'" in english[1]
    assert "unknown department ekonomi" in english[2]
    kind, problems = validate_file(path, [CONTRACT_CATALOG])
    assert kind == "assessment"
    assert [(d.code, d.line) for d in problems] == [
        ("yaml.syntax", 22),
        ("schema.date_from_datetime_parsing", 43),
        ("person.unknown_department", 47),
    ]


def test_several_syntax_errors_are_each_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(
        _text(
            ("    maturity: 2\n", "     maturity: 2\n"),  # L2, line 22
            (
                "    status: fulfilled\n    maturity: 3\n    evidence:\n      - {kind: metric",
                "    status fulfilled\n    maturity: 3\n    evidence:\n      - {kind: metric",
            ),
            ('    name: "Cecilia Ek"', '    name: "Cecilia Ek'),  # persons[1], unclosed quote
        ),
        encoding="utf-8",
    )
    code, lines = _run(path)
    assert code == 2
    assert [line.split(": fel: ")[0].rsplit(":", 2)[1] for line in lines] == ["22", "33", "58"]
    assert all("YAML-syntaxfel" in line and "lästes inte" in line for line in lines)
    assert "(responses.P2)" in lines[1] and "(persons[1])" in lines[2]


def test_a_tab_and_a_missing_colon_are_read_past(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(
        _text(
            ('    comment: "Kontaktperson', '\t  comment: "Kontaktperson'),  # P1, line 29
            ("period: 2026", "period 2026"),  # line 6
            BAD_EVIDENCE_DATE,
        ),
        encoding="utf-8",
    )
    code, lines = _run(path)
    assert code == 2
    assert [_where(line) for line in lines] == ["6", "29", "43 responses.K1.evidence[0].date"]
    assert "tabb används för indrag" in lines[1] and "(responses.P1)" in lines[1]
    assert "kolon (:) saknas" in lines[0] and "(period)" in lines[0]


def test_an_answer_whose_key_line_is_broken_is_not_also_missing(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(_text(("  P2:\n", "  P2\n"), BAD_EVIDENCE_DATE), encoding="utf-8")
    code, lines = _run(path)
    assert code == 2
    assert len(lines) == 2, lines  # no "svar saknas för P2"
    assert "kolon (:) saknas" in lines[0] and "(responses)" in lines[0]
    assert "responses.K1.evidence[0].date" in lines[1]


def test_a_quote_left_open_is_blamed_not_the_answers_it_runs_into(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(
        _text(
            ('ref: "KF 2025-11-20 § 145", date', 'ref: "KF 2025-11-20 § 145, date'),  # L1
            UNKNOWN_DEPARTMENT,
        ),
        encoding="utf-8",
    )
    code, lines = _run(path)
    assert code == 2
    assert len(lines) == 2, lines
    assert "(responses.L1)" in lines[0] and "lästes inte" in lines[0]
    assert "persons[0].department" in lines[1]


def test_a_bad_header_line_skips_what_needs_it_only(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(
        _text(("date: 2026-03-15", "date: [2026-03-15"), UNKNOWN_DEPARTMENT), encoding="utf-8"
    )
    code, lines = _run(path)
    assert code == 2
    assert len(lines) == 2, lines  # no "date is missing"
    assert "rad 8 (date) lästes inte" in lines[0]
    assert "persons[0].department" in lines[1]


def test_a_second_document_is_left_out_and_the_first_checked(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(_text(BAD_EVIDENCE_DATE) + "---\ncatalog: x@1\n", encoding="utf-8")
    code, lines = _run(path)
    assert code == 2
    assert len(lines) == 2, lines
    assert "mer än ett YAML-dokument" in lines[1] and "raderna 67–68 lästes inte" in lines[1]


def test_a_catalogue_with_a_broken_requirement_still_reports_the_others(tmp_path: Path) -> None:
    path = tmp_path / "katalog.yaml"
    path.write_text(
        _text(
            (
                '    modality: should\n    title: {sv: "Resurser',
                '     modality: should\n    title: {sv: "Resurser',
            ),
            (
                '    modality: shall\n    title: {sv: "En kontaktperson',
                '    modality: skall\n    title: {sv: "En kontaktperson',
            ),
            base=CONTRACT_CATALOG,
        ),
        encoding="utf-8",
    )
    code, lines = _run(path, catalog=False)
    assert code == 2
    assert len(lines) == 2, lines
    assert "(requirements[1]) lästes inte" in lines[0]
    assert "requirements[2].modality: 'skall' är inte tillåtet" in lines[1]


def test_ten_thousand_broken_lines_stop_after_a_bounded_number(tmp_path: Path) -> None:
    path = tmp_path / "bedomning.yaml"
    broken = "".join(f'  X{n}: "öppen\n' for n in range(10_000))
    path.write_text(_text() + broken, encoding="utf-8")
    code, lines = _run(path)
    assert code == 2
    assert 1 < len(lines) <= MAX_ROUNDS + 1
    assert "slutade leta efter" in lines[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: " + "[" * 200_000 + "1" + "]" * 200_000 + '\nb: "open\n', "nästlad djupare än"),
        (
            "a: &a [1, 2]\n"
            + "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n else '*a'] * 9)}]\n"
                      for n in range(12))
            + 'b: "open\n',
            "blåser upp filen",
        ),
    ],
)  # fmt: skip
def test_hostile_files_with_a_syntax_error_are_still_refused_at_once(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "fientlig.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines = _run(path)
    assert code == 2
    assert 1 <= len(lines) <= 2 and expected in "\n".join(lines), lines


#: Independent mistakes, each in its own part of the contract file, with the line it is on.
INJECTIONS: dict[str, tuple[tuple[str, str], int]] = {
    "broken line in L2": (("    maturity: 2\n", "     maturity: 2\n"), 22),
    "open quote in P3": (('"Lotsmöten ordnas av', '"Lotsmöten ordnas "av'), 38),
    "bad due date in P1's action": (("due: 2026-06-30", "due: 2026-06-31"), 30),
    "maturity as text in K1": (("    maturity: 3\n    evidence:\n      - {kind: record",
                                "    maturity: tre\n    evidence:\n      - {kind: record"), 41),
    "bad evidence date in P2": (("date: 2026-02-28}", "date: 2026-02-30}"), 35),
    "unknown department": (UNKNOWN_DEPARTMENT, 47),
    "broken line in persons[1]": (('    role: "Miljö', '      role: "Miljö'), 58),
    "bad date": (("date: 2026-03-15", "date: 2026-13-45"), 8),
    "bad period": (("period: 2026", "period: tjugo"), 6),
    "metric value text": (("{value: 8,", "{value: åtta,"), 66),
}  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(chosen=st.sets(st.sampled_from(sorted(INJECTIONS)), min_size=1))
def test_every_injected_mistake_is_reported_located(tmp_path: Path, chosen: set[str]) -> None:
    path = tmp_path / "bedomning.yaml"
    path.write_text(_text(*(INJECTIONS[name][0] for name in sorted(chosen))), encoding="utf-8")
    code, lines = _run(path)
    assert code == 2
    errors = [line for line in lines if ": fel: " in line]
    # every mistake once: nothing hidden, nothing reported as a consequence of another
    assert len(errors) == len(chosen), (chosen, lines)
    reported = {int(line.split(": fel: ")[0].rsplit(":", 2)[1]) for line in errors}
    for name in chosen:
        line = INJECTIONS[name][1]
        # a syntax error may be reported where the parser stopped: at most two lines on
        assert reported & {line, line + 1, line + 2}, (name, lines)


def test_a_requirement_with_a_bad_field_does_not_hide_the_checks_of_the_others(
    tmp_path: Path,
) -> None:
    path = tmp_path / "katalog.yaml"
    path.write_text(
        _text(
            (
                '    modality: shall\n    title: {sv: "En kontaktperson',
                '    modality: skall\n    title: {sv: "En kontaktperson',
            ),  # requirements[2]
            ("  - id: P2\n    level: process", "  - id: P2\n    level: processen"),  # [3]
            ("  - id: K1\n", "  - id: L2\n"),  # [5] repeats L2
            base=CONTRACT_CATALOG,
        ),
        encoding="utf-8",
    )
    for lang, words in (
        ("sv", ("'skall' är inte tillåtet", "okänd nivå processen", "L2 finns redan")),
        ("en", ("'skall' is not allowed", "unknown level processen", "L2 already exists")),
    ):
        code, lines = _run(path, lang, catalog=False)
        assert code == 2
        assert len(lines) == 3, lines
        for line, (where, word) in zip(
            lines,
            [("53:15", words[0]), ("63:12", words[1]), ("87:5", words[2])],
            strict=True,
        ):
            assert f"{path}:{where}: " in line and word in line, line


def test_a_level_that_cannot_be_read_gives_no_unknown_level(tmp_path: Path) -> None:
    text = CONTRACT_CATALOG.read_text(encoding="utf-8")
    first_level = text.index("levels:\n") + len("levels:\n")
    line = text[first_level : text.index("\n", first_level)]
    assert "id: ledning" in line, line
    path = tmp_path / "katalog.yaml"
    path.write_text(
        _text(
            (line, line.replace("id: ledning", "id: ledning, colour: red")),
            (
                '    modality: shall\n    title: {sv: "En kontaktperson',
                '    modality: skall\n    title: {sv: "En kontaktperson',
            ),
            base=CONTRACT_CATALOG,
        ),
        encoding="utf-8",
    )
    code, lines = _run(path, catalog=False)
    assert code == 2
    assert len(lines) == 2, lines  # no "okänd nivå ledning" for L1 and L2
    assert "levels[0].colour" in lines[0] and "requirements[2].modality" in lines[1]


def test_a_decision_whose_first_line_is_broken_is_still_a_decision(tmp_path: Path) -> None:
    decision = Path(__file__).parent / "data" / "invalid" / "decision" / "person-not-in-audit.yaml"
    path = tmp_path / "beslut.yaml"
    path.write_text(
        _text(("decision: persons", 'decision: "persons'), base=decision), encoding="utf-8"
    )
    result = CliRunner().invoke(build_app("sv"), ["validate", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and "rad 1 (decision) lästes inte" in lines[0], lines
    assert "1 beslut" in result.stderr
    assert validate_file(path)[0] == "decision"


def test_person_certificates_that_cannot_be_read_do_not_hide_the_checks_of_the_others(
    tmp_path: Path,
) -> None:
    corpus = Path(__file__).parent / "data" / "invalid"
    (tmp_path / "_support").mkdir()
    (tmp_path / "decision").mkdir()
    for name in ("audit.yaml", "catalog.yaml"):
        (tmp_path / "_support" / name).write_bytes((corpus / "_support" / name).read_bytes())
    # the audit a decision rests on lies in the decision's folder
    (tmp_path / "decision" / "_support").mkdir()
    (tmp_path / "decision" / "_support" / "audit.yaml").write_bytes(
        (corpus / "_support" / "audit.yaml").read_bytes()
    )
    one = '  - {person: lots-09, name: "Vera Lind", certificate: "EC-P-9"}\n'
    path = tmp_path / "decision" / "beslut.yaml"
    path.write_text(
        _text(
            (
                one,
                one + '  - {person: lots-01, name: "Bo Berg", certificate: "EC P 1"}\n'
                '  - {person: lots-02, certificate: "EC-P-2"}\n',
            ),
            base=corpus / "decision" / "person-not-in-audit.yaml",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        build_app("sv"),
        ["validate", str(path), "--catalog", str(tmp_path / "_support" / "catalog.yaml")],
    )
    assert result.exit_code == 2
    lines = [line.split(": fel: ")[1] for line in result.stdout.splitlines() if ": fel: " in line]
    assert [line.split(":")[0] for line in lines] == [
        "persons[0].person",  # the readable one is still checked against the audit
        "persons[1].certificate",
        "persons[2].name",
    ], lines
    assert "finns inte i revisionerna" in lines[0]


def test_control_characters_after_swedish_letters_are_located_and_read_past(
    tmp_path: Path,
) -> None:
    # libyaml counts bytes, so after å, ä and ö its position used to point lines too late
    path = tmp_path / "bedomning.yaml"
    path.write_text(
        _text(
            ('role: "Bygglovshandläggare"', 'role: "Bygglovs\x07handläggare"'),  # line 48
            ('role: "Miljöinspektör"', 'role: "Miljö\x07inspektör"'),  # line 58
            BAD_EVIDENCE_DATE,
        ),
        encoding="utf-8",
    )
    code, lines = _run(path)
    assert code == 2
    assert [_where(line) for line in lines] == ["43 responses.K1.evidence[0].date", "48", "58"]
    assert lines[1].startswith(f"{path}:48:20: fel: otillåtet tecken U+0007")
    assert lines[2].startswith(f"{path}:58:17: fel: otillåtet tecken U+0007")
    assert "(persons[0])" in lines[1] and "(persons[1])" in lines[2]
