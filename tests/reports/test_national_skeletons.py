"""README step 4 (``lotscert init`` next year's file into ``assessments/``) does not blank a
municipality in the national picture: an untouched skeleton (every requirement not_assessed) is
passed over for the municipality's latest answered assessment, and the report says so; and
``init --from`` keeps an example municipality's folder (attack B, defect 23)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from lotscert.reports import ReportFormat, ReportKind, write_report
from tests.paths import ROOT

Run = Callable[..., Result]


def _assessments(tmp_path: Path) -> Path:
    folder = tmp_path / "assessments"
    shutil.copytree(ROOT / "assessments", folder)
    return folder


def _exempelby(report: Path) -> dict[str, object]:
    document = json.loads(report.read_text(encoding="utf-8"))
    [row] = [row for row in document["municipalities"] if row["code"] == "9910"]
    return {**row, "skipped": document["skipped_skeletons"]}


def test_next_years_skeleton_keeps_the_latest_answered_assessment(
    run_cli: Run, tmp_path: Path
) -> None:
    folder = _assessments(tmp_path)
    [before] = write_report(ReportKind.NATIONAL, [folder], ReportFormat.JSON, "sv", tmp_path / "a")
    last = folder / "9910-exempelby" / "2026-certification_audit.yaml"
    result = run_cli(
        [
            "init",
            "--municipality",
            "9910",
            "--year",
            "2027",
            "--from",
            str(last),
            "--out",
            str(folder),
        ]
    )
    assert result.exit_code == 0, result.output
    # the same folder as last year's file, not a new "9910-exempelkommun-9910"
    assert (folder / "9910-exempelby" / "2027-self_assessment.yaml").is_file()
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        path.name for path in (ROOT / "assessments").iterdir()
    )
    [after] = write_report(ReportKind.NATIONAL, [folder], ReportFormat.JSON, "sv", tmp_path / "b")
    shown = _exempelby(after)
    assert (shown["period"], shown["kind"], shown["outcome"]) == (
        2026,
        "certification_audit",
        _exempelby(before)["outcome"],
    )
    assert shown["skipped"] == 1
    [markdown] = write_report(ReportKind.NATIONAL, [folder], ReportFormat.MD, "sv", tmp_path / "c")
    assert "1 bedömning utan ett enda besvarat krav" in markdown.read_text(encoding="utf-8")
    [english] = write_report(ReportKind.NATIONAL, [folder], ReportFormat.MD, "en", tmp_path / "d")
    assert "Not shown: 1 assessment without a single answered requirement" in english.read_text(
        encoding="utf-8"
    )


def test_a_municipality_with_only_a_skeleton_is_still_shown(run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "assessments"
    result = run_cli(["init", "--municipality", "0860", "--year", "2027", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    [report] = write_report(ReportKind.NATIONAL, [folder], ReportFormat.JSON, "sv", tmp_path / "r")
    document = json.loads(report.read_text(encoding="utf-8"))
    [row] = document["municipalities"]
    assert (row["code"], row["period"], row["outcome"]) == ("0860", 2027, "incomplete")
    assert document["skipped_skeletons"] == 0
