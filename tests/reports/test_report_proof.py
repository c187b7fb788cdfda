"""``verify`` proves the report itself: it makes the report again and compares byte for byte.

The attacks of issue #15: an edited verdict in HTML and JSON, bytes appended to a PDF, one
municipality's integrity block pasted into another's report, a named pipe or ``/dev/zero``
given as the report. Each must fail (exit 1 naming what differs, or exit 2 without reading).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from lotscert import __version__
from lotscert.reports import ReportFormat, ReportKind, read_integrity, verify, write_report
from lotscert.reports.integrity import HTML_SCRIPT_ID
from tests.paths import ROOT

EXAMPLE_ASSESSMENTS = ROOT / "assessments"

EXAMPLE_2026 = EXAMPLE_ASSESSMENTS / "9910-exempelby" / "2026-certification_audit.yaml"
EXAMPLE_2025 = EXAMPLE_ASSESSMENTS / "9910-exempelby" / "2025-self_assessment.yaml"
OTHER_2026 = EXAMPLE_ASSESSMENTS / "9920-lotskoping" / "2026-test_certification.yaml"
TEXT_FORMATS = [ReportFormat.HTML, ReportFormat.MD, ReportFormat.JSON]


def _copy(tmp_path: Path, *sources: Path) -> list[Path]:
    copies = []
    for source in sources:
        target = tmp_path / "in" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copies.append(target)
    return copies


def _verify_cli(run_cli: Callable[..., Result], report: Path, *inputs: Path) -> Result:
    return run_cli(["verify", str(report), "--inputs", *(str(path) for path in inputs)], "en")


@pytest.mark.parametrize("fmt", list(ReportFormat), ids=lambda fmt: fmt.value)
def test_every_format_is_recreated_byte_for_byte_without_a_catalogue_path(
    tmp_path: Path, fmt: ReportFormat, run_cli: Callable[..., Result]
) -> None:
    [assessment] = _copy(tmp_path, EXAMPLE_2026)
    [report] = write_report(
        ReportKind.CERTIFICATE,
        [assessment],
        fmt,
        "en",
        tmp_path / "out",
        generated_at="2026-11-29T14:05",  # a date and time only (attack B, defect 17)
    )
    options = read_integrity(report).report
    assert options is not None
    assert (options.kind, options.format, options.lang, options.generated_at) == (
        "certificate",
        fmt.value,
        "en",
        "2026-11-29T14:05",
    )
    result = _verify_cli(run_cli, report, assessment)
    assert result.exit_code == 0, result.output
    assert "re-created byte for byte from exactly these files and the bundled catalogue" in (
        result.output
    )


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (ReportKind.GAP, {"previous": True}),
        (ReportKind.PERSONS, {"with_names": True}),
        (ReportKind.TREND, {}),
        (ReportKind.COMPARE, {"anonymise": True}),
        (ReportKind.COMPARE, {}),
    ],
    ids=["gap-previous", "persons-names", "trend", "compare-anonymised", "compare"],
)
@pytest.mark.parametrize("fmt", TEXT_FORMATS, ids=lambda fmt: fmt.value)
def test_every_kind_and_option_is_recreated(
    tmp_path: Path, kind: ReportKind, options: dict[str, bool], fmt: ReportFormat
) -> None:
    current, last_year, other = _copy(tmp_path, EXAMPLE_2026, EXAMPLE_2025, OTHER_2026)
    assessments = {
        ReportKind.TREND: [current, last_year],
        ReportKind.COMPARE: [other, current, last_year],
    }.get(kind, [current])
    previous = last_year if options.get("previous") else None
    [report] = write_report(
        kind,
        assessments,
        fmt,
        "sv",
        tmp_path / "out",
        previous=previous,
        with_names=options.get("with_names", False),
        anonymise=options.get("anonymise", False),
    )
    given = [*assessments, *([previous] if previous else [])]
    # the files in another order and under another root folder: still the same report
    relocated = []
    for path in reversed(given):
        target = tmp_path / "elsewhere" / "deeper" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        relocated.append(target)
    assert verify(report, given).ok
    assert verify(report, relocated).ok
    renamed = tmp_path / "renamed.yaml"
    shutil.copyfile(given[0], renamed)
    outcome = verify(report, [renamed, *given[1:]])
    if options.get("anonymise"):
        # an anonymised report names no file (a folder names the municipality: attack B,
        # defect 10); its inputs are proven by their digests alone
        assert outcome.ok
        text = report.read_text(encoding="utf-8")
        assert all(path.parent.name not in text and path.name not in text for path in given)
        return
    # a file under another name is named: the report says which file it was made from
    assert outcome.content is not None
    assert outcome.content.kind == "name"


@pytest.mark.parametrize("fmt", TEXT_FORMATS, ids=lambda fmt: fmt.value)
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_changed_byte_of_the_report_is_caught(
    tmp_path_factory: pytest.TempPathFactory, fmt: ReportFormat, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("byte")
    [assessment] = _copy(folder, EXAMPLE_2026)
    [report] = write_report(ReportKind.GAP, [assessment], fmt, "sv", folder / "out")
    original = report.read_bytes()
    index = data.draw(st.integers(0, len(original) - 1), label="index")
    new_byte = data.draw(
        st.integers(0, 255).filter(lambda value: value != original[index]), label="byte"
    )
    changed = bytearray(original)
    changed[index] = new_byte
    report.write_bytes(bytes(changed))
    try:
        outcome = verify(report, [assessment])
    except Exception as error:  # the block itself was damaged: refused, never accepted
        from lotscert.errors import ReportError

        assert isinstance(error, ReportError)
        return
    assert not outcome.ok


def test_the_issue_attacks_are_named(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    [assessment] = _copy(tmp_path, EXAMPLE_2026)
    reports = {
        fmt: write_report(ReportKind.CERTIFICATE, [assessment], fmt, "sv", tmp_path / fmt.value)[0]
        for fmt in ReportFormat
    }
    html = reports[ReportFormat.HTML]
    text = html.read_text(encoding="utf-8")
    assert "Rekommenderas för certifiering" in text
    html.write_text(
        text.replace("Rekommenderas för certifiering", "Rekommenderas inte för certifiering"),
        encoding="utf-8",
    )
    result = _verify_cli(run_cli, html, assessment)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert re.search(r"DIFFERS – the report's content was changed: line \d+ reads", line)
    assert "Rekommenderas inte" in line

    json_report = reports[ReportFormat.JSON]
    document = json.loads(json_report.read_text(encoding="utf-8"))
    true_outcome = document["result"]["decision"]["outcome"]
    assert true_outcome != "not_recommended"
    document["result"]["decision"]["outcome"] = "not_recommended"
    json_report.write_text(json.dumps(document, indent=2), encoding="utf-8")
    result = _verify_cli(run_cli, json_report, assessment)
    assert result.exit_code == 1
    assert (
        f'result.decision.outcome is "not_recommended", the files give "{true_outcome}"'
        in result.output
    )

    pdf = reports[ReportFormat.PDF]
    size = pdf.stat().st_size
    with pdf.open("ab") as handle:
        handle.write(b"\n%appended\n")
    result = _verify_cli(run_cli, pdf, assessment)
    assert result.exit_code == 1
    assert f"the report has 11 bytes too many after its end (byte {size})" in result.output

    markdown = reports[ReportFormat.MD]
    markdown.write_bytes(markdown.read_bytes() + b"extra\n")
    result = _verify_cli(run_cli, markdown, assessment)
    assert result.exit_code == 1
    assert "bytes too many" in result.output or "line" in result.output


def _html_block(path: Path) -> str:
    match = re.search(
        rf'<script type="application/json" id="{HTML_SCRIPT_ID}">.*?</script>',
        path.read_text(encoding="utf-8"),
        re.S,
    )
    assert match is not None
    return match.group(0)


@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.JSON], ids=lambda f: f.value)
def test_a_swapped_integrity_block_fails_with_either_set_of_files(
    tmp_path: Path, fmt: ReportFormat, run_cli: Callable[..., Result]
) -> None:
    mine, theirs = _copy(tmp_path, EXAMPLE_2026, OTHER_2026)
    [my_report] = write_report(ReportKind.CERTIFICATE, [mine], fmt, "sv", tmp_path / "a")
    [their_report] = write_report(ReportKind.CERTIFICATE, [theirs], fmt, "sv", tmp_path / "b")
    if fmt is ReportFormat.HTML:
        forged = my_report.read_text(encoding="utf-8").replace(
            _html_block(my_report), _html_block(their_report)
        )
        my_report.write_text(forged, encoding="utf-8")
    else:
        document = json.loads(my_report.read_text(encoding="utf-8"))
        document["integrity"] = json.loads(their_report.read_text(encoding="utf-8"))["integrity"]
        my_report.write_text(json.dumps(document, indent=2), encoding="utf-8")
    with_their_files = _verify_cli(run_cli, my_report, theirs)
    assert with_their_files.exit_code == 1
    assert "the report's content was changed" in with_their_files.output
    with_my_files = _verify_cli(run_cli, my_report, mine)
    assert with_my_files.exit_code == 1
    assert "is not an input of the report" in with_my_files.output


def test_changed_options_in_the_block_are_caught(tmp_path: Path) -> None:
    [assessment] = _copy(tmp_path, EXAMPLE_2026)
    [report] = write_report(ReportKind.GAP, [assessment], ReportFormat.JSON, "sv", tmp_path)
    document = json.loads(report.read_text(encoding="utf-8"))
    document["integrity"]["report"]["with_names"] = True
    report.write_text(json.dumps(document, indent=2), encoding="utf-8")
    outcome = verify(report, [assessment])
    assert not outcome.ok
    assert outcome.content is not None


def test_a_report_of_another_version_or_without_options_cannot_be_proven(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    [assessment] = _copy(tmp_path, EXAMPLE_2026)
    [report] = write_report(ReportKind.GAP, [assessment], ReportFormat.JSON, "sv", tmp_path)
    document = json.loads(report.read_text(encoding="utf-8"))
    del document["integrity"]["report"]
    report.write_text(json.dumps(document), encoding="utf-8")
    result = _verify_cli(run_cli, report, assessment)
    assert result.exit_code == 1
    assert "has no valid options; it cannot be re-created" in result.output

    from lotscert.reports.integrity import combined_digest

    document = json.loads(
        write_report(ReportKind.GAP, [assessment], ReportFormat.JSON, "sv", tmp_path)[0].read_text(
            encoding="utf-8"
        )
    )
    document["integrity"]["lotscert_version"] = "0.0.1"
    document["integrity"]["digest"] = combined_digest(
        "0.0.1", [item["sha256"] for item in document["integrity"]["inputs"]]
    )
    report.write_text(json.dumps(document), encoding="utf-8")
    result = _verify_cli(run_cli, report, assessment)
    assert result.exit_code == 1
    assert (
        "made with lotscert 0.0.1 and can only be re-created with that version "
        f"(this is {__version__})" in result.output
    )


def _run_verify(report: Path, inputs: Path) -> subprocess.CompletedProcess[str]:
    # A child process, so that a regression (a blocking read) fails this test instead of
    # hanging the test run; the timeout is a guard, not a measurement.
    return subprocess.run(
        [sys.executable, "-m", "lotscert", "verify", str(report), "--inputs", str(inputs)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_pipe_or_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    [assessment] = _copy(tmp_path, EXAMPLE_2026)
    fifo = tmp_path / "report.html"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero")):
        completed = _run_verify(target, assessment)
        assert completed.returncode == 2
        [line] = completed.stderr.strip().splitlines()
        assert "är ingen vanlig fil" in line
        assert "Traceback" not in completed.stderr
    # a pipe given as an input is refused the same way
    [report] = write_report(ReportKind.GAP, [assessment], ReportFormat.MD, "sv", tmp_path)
    completed = _run_verify(report, fifo)
    assert completed.returncode == 2
    assert "är ingen vanlig fil" in completed.stderr


def _recorded_inputs(report: Path, folder: Path) -> list[Path]:
    """The report's inputs as files under ``folder`` (catalogues: the bundled one is found)."""
    return [folder / item.name for item in read_integrity(report).inputs if item.role != "catalog"]


@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.JSON], ids=lambda f: f.value)
def test_a_certificate_a_decision_issues_is_proven(
    tmp_path: Path, fmt: ReportFormat, run_cli: Callable[..., Result]
) -> None:
    decision = EXAMPLE_ASSESSMENTS / "9930-norrbyn" / "2026-decision-1.yaml"
    documents = write_report(ReportKind.CERTIFICATE, [decision], fmt, "sv", tmp_path / "out")
    assert len(documents) > 1  # one per person
    report = documents[1]
    inputs = _recorded_inputs(report, EXAMPLE_ASSESSMENTS)
    assert decision in inputs
    result = _verify_cli(run_cli, report, *inputs)
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("EC-PL-2026-0102", "EC-PL-2026-0109", 1), encoding="utf-8")
    result = _verify_cli(run_cli, report, *inputs)
    assert result.exit_code == 1
    assert "the report's content was changed" in result.output


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_the_register_is_proven(tmp_path: Path, fmt: str, run_cli: Callable[..., Result]) -> None:
    made = run_cli(
        [
            "register",
            str(EXAMPLE_ASSESSMENTS),
            "--at",
            "2027-01-01",
            "--format",
            fmt,
            "--out",
            str(tmp_path),
        ],
        "en",
    )
    assert made.exit_code == 0, made.output
    [report] = tmp_path.glob(f"register-2027-01-01*.{fmt}")  # in English: register-….en.…
    options = read_integrity(report).report
    assert options is not None and (options.kind, options.at) == ("register", "2027-01-01")
    inputs = _recorded_inputs(report, EXAMPLE_ASSESSMENTS)
    assert _verify_cli(run_cli, report, *inputs).exit_code == 0
    report.write_bytes(report.read_bytes().replace(b"2027-01-01", b"2027-01-02", 1))
    assert _verify_cli(run_cli, report, *inputs).exit_code == 1
