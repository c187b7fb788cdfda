"""``validate --check-evidence``: evidence naming a local file must be a file inside the
assessment's folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lotscert.cli.app import build_app
from lotscert.validation.evidence_files import is_local_file_ref

CATALOG = Path(__file__).parent / "data" / "invalid" / "_support" / "catalog.yaml"

ASSESSMENT = """catalog: exempel-mini@1.0
municipality: {{code: "9901", name: "Exempelby"}}
period: 2026
kind: self_assessment
date: 2026-03-15
responses:
  L1:
    status: fulfilled
    maturity: 4
    evidence:
      - {{kind: document, ref: "KF 2025-11-20 § 145"}}
      - {{kind: document, ref: "https://exempelby.se/lotspolicy.pdf"}}
      - {{kind: document, ref: {ref}}}
  L2: {{status: not_assessed}}
  P1: {{status: not_assessed}}
  P2: {{status: not_assessed}}
  P3: {{status: not_assessed}}
  K1: {{status: not_assessed}}
"""


@pytest.mark.parametrize(
    ("ref", "local"),
    [
        ("bilagor/beslut.pdf", True),
        ("protokoll.docx", True),
        ("./bilaga", True),
        ("/etc/passwd", True),
        ("../hemligt.pdf", True),
        ("C:\\Users\\anna\\beslut.pdf", True),
        ("file:///etc/passwd", True),
        ("~/beslut.pdf", True),
        ("bilagor\\beslut.pdf", True),
        ("KF 2025-11-20 § 145", False),
        ("KS2025/123", False),
        ("version-2.1", False),
        ("https://exempelby.se/beslut.pdf", False),
        ("http://exempelby.se", False),
        ("javascript:alert(1)", False),
        ("mailto:lots@exempelby.se", False),
        ("Intervju med kommundirektören", False),
        ("www.exempelby.se", False),
        ("www.exempelby.se/lots/beslut.pdf", False),
        ("lots@exempelby.se", False),
        ("Beslut.PDF", True),
        ("", False),
        # issue #15: each of these went through as "no file"
        ("../secret", True),
        ("../../../../etc/passwd", True),
        ("..\\..\\x", True),
        ("bilagor/../../x", True),
        ("..", True),
        ("C:secret.pdf", True),
        ("../hemligt dokument.pdf", True),
        ("https://exempelby.se/a/../beslut.pdf", False),
    ],
)
def test_what_counts_as_a_local_file(ref: str, local: bool) -> None:
    assert is_local_file_ref(ref) is local


def _folder(tmp_path: Path, ref: str) -> Path:
    folder = tmp_path / "assessments" / "9901-exempelby"
    (folder / "bilagor").mkdir(parents=True)
    (folder / "bilagor" / "beslut.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "2026-self_assessment.yaml").write_text(
        ASSESSMENT.format(ref=f'"{ref}"'), encoding="utf-8"
    )
    return folder


def _validate(tmp_path: Path, *extra: str) -> Result:
    return CliRunner().invoke(
        build_app("sv"),
        ["validate", "--catalog", str(CATALOG), *extra, "assessments"],
    )


FILE = "assessments/9901-exempelby/2026-self_assessment.yaml"
WHERE = f"{FILE}:13:31: fel: responses.L1.evidence[2].ref: "


def test_an_existing_file_inside_the_folder_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _folder(tmp_path, "bilagor/beslut.pdf")
    result = _validate(tmp_path, "--check-evidence")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "bilagor/saknas.pdf",
            "filen bilagor/saknas.pdf finns inte i bedömningens mapp "
            "(assessments/9901-exempelby/); lägg den där eller rätta namnet",
        ),
        (
            "../../hemligt.pdf",
            "underlaget ../../hemligt.pdf går ut ur bedömningens mapp med ..; lägg filen i mappen",
        ),
        (
            "bilagor/../../x.pdf",
            "underlaget bilagor/../../x.pdf går ut ur bedömningens mapp med ..; lägg filen i "
            "mappen",
        ),
        (
            "/etc/passwd",
            "underlaget /etc/passwd är en absolut sökväg; lägg filen i bedömningens mapp och "
            "skriv en relativ sökväg, t.ex. bilagor/beslut.pdf",
        ),
        (
            "file:///etc/passwd",
            "underlaget file:///etc/passwd är en absolut sökväg; lägg filen i bedömningens mapp "
            "och skriv en relativ sökväg, t.ex. bilagor/beslut.pdf",
        ),
        (
            "C:\\\\Users\\\\beslut.pdf",
            "underlaget C:\\Users\\beslut.pdf är en absolut sökväg; lägg filen i bedömningens "
            "mapp och skriv en relativ sökväg, t.ex. bilagor/beslut.pdf",
        ),
        ("./bilagor", "underlaget ./bilagor är en mapp, inte en fil"),
        (
            "../secret",
            "underlaget ../secret går ut ur bedömningens mapp med ..; lägg filen i mappen",
        ),
        (
            "../../../../etc/passwd",
            "underlaget ../../../../etc/passwd går ut ur bedömningens mapp med ..; lägg filen i "
            "mappen",
        ),
        (
            "..\\\\..\\\\x",
            "underlaget ..\\..\\x går ut ur bedömningens mapp med ..; lägg filen i mappen",
        ),
        (
            "bilagor/../../x",
            "underlaget bilagor/../../x går ut ur bedömningens mapp med ..; lägg filen i mappen",
        ),
        ("..", "underlaget .. går ut ur bedömningens mapp med ..; lägg filen i mappen"),
        (
            "C:secret.pdf",
            "underlaget C:secret.pdf är en sökväg på enheten C:, inte i bedömningens mapp; lägg "
            "filen i mappen och skriv en relativ sökväg, t.ex. bilagor/beslut.pdf",
        ),
    ],
)
def test_bad_local_files_are_located_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ref: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _folder(tmp_path, ref)
    result = _validate(tmp_path, "--check-evidence")
    assert result.exit_code == 2, result.output
    assert result.stdout.splitlines() == [WHERE + message]


def test_without_the_option_files_are_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _folder(tmp_path, "bilagor/saknas.pdf")
    assert _validate(tmp_path).exit_code == 0


def test_a_symlink_out_of_the_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7\n")
    folder = _folder(tmp_path, "bilagor/lank.pdf")
    (folder / "bilagor" / "lank.pdf").symlink_to(secret)
    result = _validate(tmp_path, "--check-evidence")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        WHERE + "underlaget bilagor/lank.pdf pekar ut ur bedömningens mapp via en symbolisk "
        "länk; lägg en kopia av filen i mappen"
    ]


def test_a_symlinked_folder_out_of_the_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.pdf").write_bytes(b"%PDF")
    folder = _folder(tmp_path, "ut/x.pdf")
    (folder / "ut").symlink_to(outside, target_is_directory=True)
    result = _validate(tmp_path, "--check-evidence")
    assert result.exit_code == 2
    assert "pekar ut ur bedömningens mapp via en symbolisk länk" in result.stdout


def test_a_symlink_inside_the_folder_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, "senaste.pdf")
    (folder / "senaste.pdf").symlink_to(folder / "bilagor" / "beslut.pdf")
    assert _validate(tmp_path, "--check-evidence").exit_code == 0


def test_a_symlink_loop_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, "a.pdf")
    (folder / "a.pdf").symlink_to(folder / "b.pdf")
    (folder / "b.pdf").symlink_to(folder / "a.pdf")
    result = _validate(tmp_path, "--check-evidence")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stdout.splitlines()) == 1


def test_json_output_carries_the_evidence_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _folder(tmp_path, "/etc/passwd")
    result = _validate(tmp_path, "--check-evidence", "--format", "json")
    assert result.exit_code == 2
    assert '"code": "evidence.file"' in result.stdout
