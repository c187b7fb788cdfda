"""Only plain text reaches a screen or a page (issue #15, item 3).

The attacks: a YAML key of terminal escape sequences that cleared the screen and painted a fake
green "0 errors"; a person name with ``\\e[8m`` reaching the terminal through ``score
--with-names``; U+202E in a municipality name reordering the report's subtitle; an evidence link
``https://x.example/\\u202egnp.exe`` shown as "…exe.png".
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from lotscert.diagnostics import Diagnostic
from lotscert.models.assessment import Assessment
from lotscert.plaintext import BIDI_CONTROLS, escape_unprintable, is_forbidden
from lotscert.reports import ReportFormat, ReportKind
from lotscert.reports.api import LoadedAssessment, assessment_report, load, render
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

FAKE_GREEN = "\x1b[2J\x1b[H\x1b[32mChecked 1 file: 0 errors\x1b[8m"


def _write(folder: Path, data: dict[str, object], name: str = "assessment.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _contract() -> dict[str, object]:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _no_raw_controls(text: str) -> None:
    assert not any(is_forbidden(character) for character in text), repr(text)


def test_the_forbidden_characters() -> None:
    allowed = {"\n", "\t"}
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
        assert is_forbidden(chr(code)) is (chr(code) not in allowed), hex(code)
    for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        assert is_forbidden(chr(code)), hex(code)
    for text in ("åäö", "مالمو", "Lena\u00adBacklund", "€ 100", "\u200f"):
        assert not any(is_forbidden(character) for character in text), text


def test_escape_unprintable_shows_exactly_what_the_file_holds() -> None:
    assert escape_unprintable(FAKE_GREEN) == (
        "\\x1b[2J\\x1b[H\\x1b[32mChecked 1 file: 0 errors\\x1b[8m"
    )
    assert escape_unprintable("x\u202egnp.exe") == "x\\u202egnp.exe"
    assert escape_unprintable("Åsa Öberg") == "Åsa Öberg"


def test_a_key_of_escape_sequences_cannot_paint_the_terminal(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    data = _contract()
    data[FAKE_GREEN] = 1
    path = _write(tmp_path, data)
    for lang in ("sv", "en"):
        result = run_cli(["validate", "--catalog", str(CONTRACT_CATALOG), str(path)], lang)
        assert result.exit_code == 2
        _no_raw_controls(result.output)
        lines = [line for line in result.output.splitlines() if "U+001B" in line]
        assert len(lines) == 1
        word = "otillåtet tecken" if lang == "sv" else "forbidden character"
        assert re.match(rf"{re.escape(str(path))}:\d+:1: (fel|error): .*{word} U\+001B", lines[0])
        assert "\\x1b[2J\\x1b[H\\x1b[32mChecked 1 file: 0 errors\\x1b[8m" in lines[0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("person name", "Bo \x1b[8mBerg"),
        ("municipality", "Exe\u202empelby"),
        ("evidence", "https://x.example/\u202egnp.exe"),
        ("comment", "Lots\u2067samordnare"),
        ("owner", "Lots\x9b2Jsamordnaren"),
    ],
)
def test_every_command_refuses_the_file_and_prints_only_escapes(
    tmp_path: Path, run_cli: Callable[..., Result], field: str, value: str
) -> None:
    data = _contract()
    responses = data["responses"]
    assert isinstance(responses, dict)
    match field:
        case "person name":
            data["persons"][0]["name"] = value  # type: ignore[index]
        case "municipality":
            data["municipality"]["name"] = value  # type: ignore[index]
        case "evidence":
            responses["L2"]["evidence"][0]["ref"] = value
        case "comment":
            responses["P1"]["comment"] = value
        case "owner":
            responses["P1"]["action"]["owner"] = value
    path = _write(tmp_path / "in", data)
    catalog = ["--catalog", str(CONTRACT_CATALOG)]
    commands = [
        ["validate", *catalog, str(path)],
        ["score", *catalog, "--with-names", str(path)],
        ["score", *catalog, "--format", "json", str(path)],
        ["report", "gap", *catalog, "--out", str(tmp_path / "out"), str(path)],
        ["redact", str(path), "--out", str(tmp_path / "copy.yaml")],
        ["export", "xlsx", *catalog, str(path), "--out", str(tmp_path / "list.xlsx")],
    ]
    for command in commands:
        result = run_cli(command)
        assert result.exit_code == 2, (command, result.output)
        _no_raw_controls(result.output)
        assert "otillåtet tecken" in result.output, (command, result.output)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "copy.yaml").exists()
    assert not (tmp_path / "list.xlsx").exists()


def test_diagnostics_escape_what_they_quote() -> None:
    diagnostic = Diagnostic(
        "a\u202e.yaml", "error", "x", f"okänd nyckel {FAKE_GREEN}", f"unknown key {FAKE_GREEN}"
    )
    for lang in ("sv", "en"):
        line = diagnostic.format(lang)  # type: ignore[arg-type]
        _no_raw_controls(line)
        assert "a\\u202e.yaml" in line
    assert not any(is_forbidden(ch) for ch in str(diagnostic.as_dict()["message"]))


# --- HTML: user text isolated, links show their target, controls visible ----------------------


def _html(item: LoadedAssessment, *, with_names: bool = False) -> str:
    context, document, _ = assessment_report(
        ReportKind.GAP,
        item,
        previous=None,
        lang="sv",
        with_names=with_names,
        generated_at=None,
    )
    return render(context, ReportFormat.HTML, document).decode("utf-8")


def test_a_right_to_left_name_is_isolated_and_a_link_shows_its_target(tmp_path: Path) -> None:
    data = _contract()
    data["municipality"]["name"] = "مالمو"  # type: ignore[index]
    data["responses"]["L2"]["evidence"][0]["ref"] = "https://x.example/بلدية.pdf"  # type: ignore[index]
    folder = tmp_path / "rtl"
    path = _write(folder, data)
    shutil.copyfile(CONTRACT_CATALOG, folder / CONTRACT_CATALOG.name)
    page = _html(load(path, [folder / CONTRACT_CATALOG.name]))
    assert '<p class="subtitle"><bdi>مالمو</bdi> (9901)' in page
    assert "<dd><bdi>مالمو</bdi> (9901)</dd>" in page
    assert (
        '<a href="https://x.example/بلدية.pdf" rel="noopener noreferrer">'
        '<bdi dir="ltr">https://x.example/بلدية.pdf</bdi></a>'
    ) in page


def test_controls_that_bypass_the_loader_are_shown_not_obeyed(tmp_path: Path) -> None:
    """A library caller may build an assessment without the loader: the page still shows
    escapes, and a link with a text-direction character is no link at all."""
    data = _contract()
    data["municipality"]["name"] = "Exe\u202empelby"  # type: ignore[index]
    data["responses"]["P1"]["comment"] = FAKE_GREEN  # type: ignore[index]
    data["responses"]["L2"]["evidence"][0]["ref"] = "https://x.example/\u202egnp.exe"  # type: ignore[index]
    assessment = Assessment.model_validate(data)
    from lotscert.loading import load_catalog

    item = LoadedAssessment(
        tmp_path / "a.yaml", assessment, load_catalog(CONTRACT_CATALOG), CONTRACT_CATALOG
    )
    (tmp_path / "a.yaml").write_text("x", encoding="utf-8")
    # with names: the text reaches the templates as written (without, the one pseudonymisation
    # pass has already dropped the format characters)
    page = _html(item, with_names=True)
    _no_raw_controls(page)
    assert "Exe\\u202empelby" in page
    assert "\\x1b[2J" in page
    assert "https://x.example/\\u202egnp.exe" in page
    assert 'href="https://x.example/' not in page
    assert not BIDI_CONTROLS & set(page)


def test_nfd_text_is_left_as_written_in_reports_with_names(tmp_path: Path) -> None:
    """Decomposed letters are not control characters: accepted, and shown as written."""
    data = _contract()
    data["responses"]["P1"]["comment"] = unicodedata.normalize("NFD", "Årsmöte")  # type: ignore[index]
    folder = tmp_path / "nfd"
    path = _write(folder, data)
    page = _html(load(path, [CONTRACT_CATALOG]))
    assert "rsmöte" in unicodedata.normalize("NFC", page)
