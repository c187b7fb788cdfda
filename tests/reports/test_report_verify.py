"""``verify``: an untampered report checks out (exit 0); one changed byte is named (exit 1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lotscert.errors import ReportError
from lotscert.reports import ReportFormat, ReportKind, read_integrity, verify, write_report


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    index = data.index(b"maturity: 2")
    data[index + len("maturity: ")] = ord("3")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("fmt", list(ReportFormat), ids=lambda fmt: fmt.value)
def test_every_format_carries_a_verifiable_integrity_block(
    contract: tuple[Path, Path], tmp_path: Path, fmt: ReportFormat, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    [report] = write_report(
        ReportKind.CERTIFICATE, [assessment], fmt, "sv", tmp_path / "out", catalog_paths=[catalog]
    )
    assert verify(report, [assessment, catalog]).ok
    untouched = run_cli(["verify", str(report), "--inputs", str(catalog), str(assessment)])
    assert untouched.exit_code == 0, untouched.output
    assert untouched.output.startswith(f"{report}: OK")
    assert len(untouched.output.strip().splitlines()) == 1

    _flip_one_byte(assessment)
    outcome = verify(report, [assessment, catalog])
    assert not outcome.ok
    assert [path for path, _ in outcome.differing] == [assessment]
    tampered = run_cli(["verify", str(report), "--inputs", str(catalog), str(assessment)])
    assert tampered.exit_code == 1
    [line] = tampered.output.strip().splitlines()
    assert f"{assessment} skiljer sig från underlaget contract/assessment-minimal.yaml" in line


def test_missing_and_unrelated_inputs_are_named(
    contract: tuple[Path, Path], tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assessment, catalog = contract
    [report] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.JSON, "sv", tmp_path, catalog_paths=[catalog]
    )
    only_one = verify(report, [assessment])
    assert not only_one.ok
    assert [item.name for item in only_one.missing] == ["contract/catalog-minimal.yaml"]
    stranger = tmp_path / "other.yaml"
    stranger.write_text("x: 1\n", encoding="utf-8")
    extra = verify(report, [assessment, catalog, stranger])
    assert extra.unknown == (stranger,)
    result = run_cli(["verify", str(report), "--inputs", str(assessment)], lang="en")
    assert result.exit_code == 1
    assert "the input contract/catalog-minimal.yaml (catalog) is missing" in result.output


def test_the_digest_itself_is_checked(contract: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, catalog = contract
    [report] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.MD, "sv", tmp_path, catalog_paths=[catalog]
    )
    digest = read_integrity(report).digest
    report.write_text(
        report.read_text(encoding="utf-8").replace(digest, "0" * 64), encoding="utf-8"
    )
    assert not verify(report, [assessment, catalog]).ok


def test_a_file_without_integrity_block_is_an_error(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    plain = tmp_path / "plain.html"
    plain.write_text("<html><body>hej</body></html>", encoding="utf-8")
    with pytest.raises(ReportError, match="rapporten har inget integritetsblock") as raised:
        read_integrity(plain)
    assert "no integrity block" in raised.value.localized("en")  # Swedish first, English too
    result = run_cli(["verify", str(plain), "--inputs", str(plain)])
    assert result.exit_code == 2
