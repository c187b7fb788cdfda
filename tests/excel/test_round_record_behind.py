"""The round's record missing or older than the file: a department's workbook is refused
(unless ``--unrecorded``), so that a later version taking an answer back is never passed over."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from round_helpers import edit, export, import_

from lotscert.loading import load_assessment
from lotscert.round import record_path
from tests.paths import CONTRACT_ASSESSMENT


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def _versions(assessment: Path, tmp_path: Path) -> tuple[Path, Path]:
    """sbf's export; v1 raises P1's maturity 1 → 3, v2 (made from the export) keeps 1 and
    gives a new comment: it takes v1's 3 back."""
    sent = export(assessment, tmp_path / "sbf.xlsx", "--department", "sbf")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(sent, first)
    shutil.copy(sent, second)

    def raise_maturity(wb: Any) -> None:
        wb["Process"]["G2"] = "3 – Infört"

    def new_comment(wb: Any) -> None:
        wb["Process"]["I2"] = "Kontaktperson i alla ärenden från mars"

    edit(first, raise_maturity)
    edit(second, new_comment)
    return first, second


def test_a_department_workbook_is_refused_when_the_record_was_deleted(
    assessment: Path, tmp_path: Path
) -> None:
    first, second = _versions(assessment, tmp_path)
    assert import_(first, assessment).exit_code == 0
    assert load_assessment(assessment).responses["P1"].maturity == 3
    record_path(assessment).unlink()
    before = assessment.read_bytes()
    refused = import_(second, assessment)
    assert refused.exit_code == 2
    (line,) = refused.stderr.splitlines()
    assert line.startswith("lotscert: fel: v2.xlsx: rundans logg a.round.json saknas")
    assert "--unrecorded" in line
    assert assessment.read_bytes() == before
    assert not record_path(assessment).exists()
    english = import_(second, assessment, "--lang", "en", lang="en")
    assert english.exit_code == 2
    assert "the round's record a.round.json is missing" in english.stderr
    # the office's decision: merged anyway
    merged = import_(second, assessment, "--unrecorded")
    assert merged.exit_code == 0, merged.output
    assert load_assessment(assessment).responses["P1"].comment == (
        "Kontaktperson i alla ärenden från mars"
    )


def test_a_department_workbook_is_refused_when_an_older_record_was_put_back(
    assessment: Path, tmp_path: Path
) -> None:
    before_export = record_path(assessment)
    first, second = _versions(assessment, tmp_path)
    after_export = record_path(assessment).read_bytes()
    assert import_(first, assessment).exit_code == 0
    # the record as it was right after the export: it knows the workbook, not v1's import
    before_export.write_bytes(after_export)
    before = assessment.read_bytes()
    refused = import_(second, assessment)
    assert refused.exit_code == 2
    (line,) = refused.stderr.splitlines()
    assert "rundans logg a.round.json är äldre än a.yaml" in line
    assert "v1.xlsx" in line and "--unrecorded" in line
    assert assessment.read_bytes() == before
    assert record_path(assessment).read_bytes() == after_export
    dry = import_(second, assessment, "--dry-run")
    assert dry.exit_code == 2 and "är äldre än a.yaml" in dry.stderr
    english = import_(second, assessment, "--lang", "en", lang="en")
    assert english.exit_code == 2
    assert "the round's record a.round.json is older than a.yaml" in english.stderr
    merged = import_(second, assessment, "--unrecorded")
    assert merged.exit_code == 0, merged.output


def test_a_record_from_before_the_export_does_not_know_the_workbook(
    assessment: Path, tmp_path: Path
) -> None:
    other = export(assessment, tmp_path / "mhf.xlsx", "--department", "mhf")
    assert other.is_file()
    older = record_path(assessment).read_bytes()  # knows mhf's workbook only
    first, second = _versions(assessment, tmp_path)
    assert import_(first, assessment).exit_code == 0
    record_path(assessment).write_bytes(older)
    refused = import_(second, assessment)
    assert refused.exit_code == 2
    assert "--unrecorded" in refused.stderr
    assert load_assessment(assessment).responses["P1"].maturity == 3


def test_the_record_in_step_lets_the_next_version_be_asked_about(
    assessment: Path, tmp_path: Path
) -> None:
    """The control: with the record as the imports left it, v2's taking back is a conflict,
    not a refusal of the record."""
    first, second = _versions(assessment, tmp_path)
    assert import_(first, assessment).exit_code == 0
    result = import_(second, assessment)
    assert result.exit_code == 2
    assert "en tidigare version av arbetsboken förde in 3" in result.stderr
    assert "rundans logg" not in result.stderr


def test_a_record_that_cannot_be_locked_or_written_is_told_in_english(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An English run got the Swedish words of a full disk when the record's lock or write
    failed."""
    import contextlib

    from lotscert import round as round_record
    from lotscert.errors import Location, LotscertError

    first, _ = _versions(assessment, tmp_path)
    record = record_path(assessment)
    before = assessment.read_bytes()
    lock = f"{record}.lock"

    def full_disk_lock(*args: Any, **kwargs: Any) -> Any:
        raise LotscertError(
            f"kan inte låsa filen ({lock}): disken är full",
            Location(str(record)),
            en=f"cannot lock the file ({lock}): the disk is full",
        )

    def full_disk_write(self: Any, change: Any) -> None:
        raise LotscertError(
            "kan inte skrivas: disken är full",
            Location(str(record)),
            en="cannot be written: the disk is full",
        )

    for failing, target in ((full_disk_lock, "record_step"), (full_disk_write, "write")):
        with contextlib.ExitStack() as stack:
            patch = stack.enter_context(pytest.MonkeyPatch.context())
            if target == "write":
                patch.setattr(round_record.RecordStep, "write", failing)
            else:
                patch.setattr(round_record, "record_step", failing)
            english = import_(first, assessment, "--lang", "en", lang="en")
            swedish = import_(first, assessment)
        assert english.exit_code == 2 and swedish.exit_code == 2
        (line,) = english.stderr.splitlines()
        assert line.startswith(f"lotscert: error: {record}: cannot ")
        assert (
            "the disk is full – the round's record is written in the same step as a.yaml, "
            "so nothing was written"
        ) in line
        assert "disken" not in line and "rundans" not in line
        (line,) = swedish.stderr.splitlines()
        assert "disken är full – rundans logg skrivs i samma steg som a.yaml, så inget skrevs" in (
            line
        )
        assert assessment.read_bytes() == before
