"""What ``--ours`` declined stays declined, and status tells what an import would ask.

- An older version (or a colleague's copy) of a workbook, kept out with ``--ours`` in favour of
  a later version's value, is no conflict the next time it comes: re-importing the same
  workbook changes nothing, also after ``--ours``, and status agrees.
- A value ``--ours`` declined does not make a later version's new value read as "changed in
  the file since the export" when the file did not change.
- A removal a restore from the ``.bak`` undid is listed by status, as the import asks about it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from round_helpers import CATALOG, edit, export, import_, run

from lotscert.loading import load_assessment
from tests.paths import CONTRACT_ASSESSMENT


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def _status(assessment: Path) -> dict[str, Any]:
    status = run("status", str(assessment), *CATALOG, "--format", "json")
    assert status.exit_code == 0, status.output
    data: dict[str, Any] = json.loads(status.stdout)
    return data


def _not_in_file(assessment: Path) -> list[str]:
    return [place for book in _status(assessment)["workbooks"] for place in book["not_in_file"]]


def _maturity(assessment: Path, requirement: str = "P1") -> int | None:
    return load_assessment(assessment).responses[requirement].maturity


# --- an older version kept out with --ours stays out ---


def test_an_older_version_kept_out_with_ours_is_no_conflict_when_it_comes_again(
    assessment: Path, tmp_path: Path
) -> None:
    exported = export(assessment, tmp_path / "bok.xlsx", "--level", "process")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(exported, first)
    edit(first, lambda wb: wb["Process"].__setitem__("G2", "3 – Infört"))
    shutil.copy(first, second)
    edit(second, lambda wb: wb["Process"].__setitem__("G2", "4 – Infört, följs upp"))
    assert import_(first, assessment).exit_code == 0
    assert import_(second, assessment).exit_code == 2  # a later version: asked
    assert import_(second, assessment, "--theirs").exit_code == 0
    assert _maturity(assessment) == 4
    assert import_(first, assessment).exit_code == 2  # the older one again: asked
    kept = import_(first, assessment, "--ours")
    assert kept.exit_code == 0, kept.output
    assert _maturity(assessment) == 4
    settled = assessment.read_bytes()
    for _ in range(2):
        again = import_(first, assessment)
        assert again.exit_code == 0, again.output
        assert "Inga ändringar" in again.stdout
        assert assessment.read_bytes() == settled
    status = _status(assessment)
    assert status["outstanding_conflicts"] == 0
    assert _not_in_file(assessment) == []
    # the later version is still where the workbook stands: no conflict either
    later = import_(second, assessment)
    assert later.exit_code == 0 and "Inga ändringar" in later.stdout, later.output


# --- a value declined with --ours never stood ---


def test_after_ours_declined_a_value_a_later_version_s_new_value_is_an_ordinary_change(
    assessment: Path, tmp_path: Path
) -> None:
    exported = export(assessment, tmp_path / "bok.xlsx", "--level", "process")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(exported, first)
    edit(first, lambda wb: wb["Process"].__setitem__("G2", "3 – Infört"))
    shutil.copy(first, second)
    edit(second, lambda wb: wb["Process"].__setitem__("G2", "2 – Delvis infört"))
    assert import_(first, assessment).exit_code == 0
    shutil.copy(assessment.with_name(assessment.name + ".bak"), assessment)  # maturity 1 again
    assert import_(first, assessment, "--ours").exit_code == 0  # the office declines 3
    assert _maturity(assessment) == 1
    # the file still holds the export's 1; the department's later version says 2
    later = import_(second, assessment)
    assert later.exit_code == 0, later.output
    assert "1 → 1" not in later.output
    assert _maturity(assessment) == 2


def test_after_ours_a_later_value_where_the_file_changed_too_is_a_truthful_conflict(
    assessment: Path, tmp_path: Path
) -> None:
    exported = export(assessment, tmp_path / "bok.xlsx", "--level", "ledning")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(exported, first)
    edit(first, lambda wb: wb["Ledning"].__setitem__("G3", "4 – Infört, följs upp"))
    shutil.copy(first, second)
    edit(second, lambda wb: wb["Ledning"].__setitem__("G3", "1 – Påbörjat"))
    text = assessment.read_text(encoding="utf-8").replace(
        "  L2:\n    status: partial\n    maturity: 2\n",
        "  L2:\n    status: partial\n    maturity: 3\n",
    )
    assessment.write_text(text, encoding="utf-8")  # the office: 2 → 3 after the export
    assert import_(first, assessment).exit_code == 2
    assert import_(first, assessment, "--ours").exit_code == 0  # keeps 3, declines 4
    later = import_(second, assessment)
    assert later.exit_code == 2, later.output
    assert "ändrat både i filen sedan exporten (2 → 3) och i arbetsboken (2 → 1)" in (later.stderr)
    assert _maturity(assessment, "L2") == 3


# --- status lists the removals a restore undid, as the import asks about them ---


def test_status_lists_removals_a_restore_undid_as_the_import_asks(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")

    def remove(wb: Any) -> None:
        wb["Process"]["I2"] = None  # P1's comment cleared
        wb["Personer"].delete_rows(2)  # lots-01's row deleted

    edit(workbook, remove)
    assert import_(workbook, assessment).exit_code == 0
    merged = load_assessment(assessment)
    assert merged.responses["P1"].comment is None
    assert "lots-01" not in {person.id for person in merged.persons}
    assert _not_in_file(assessment) == []  # the file holds what the import did
    shutil.copy(assessment.with_name(assessment.name + ".bak"), assessment)
    assert sorted(_not_in_file(assessment)) == ["persons[lots-01]", "responses.P1.comment"]
    told = run("status", str(assessment), *CATALOG)
    assert "persons[lots-01]" in told.stdout and "responses.P1.comment" in told.stdout
    asked = import_(workbook, assessment)
    assert asked.exit_code == 2, asked.output
    assert "(persons[lots-01]): en tidigare import" in asked.stderr
    assert "(responses.P1.comment): en tidigare import" in asked.stderr
    # the office keeps the file's values: nothing left to tell, nothing asked again
    assert import_(workbook, assessment, "--ours").exit_code == 0
    assert _not_in_file(assessment) == []
    again = import_(workbook, assessment)
    assert again.exit_code == 0 and "Inga ändringar" in again.stdout, again.output


# --- status reads the file and the record as one pair ---


def test_status_reads_the_file_and_the_record_under_the_file_s_lock(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotscert import round as round_record
    from lotscert.lockfile import lock_path

    workbook = export(assessment, tmp_path / "bok.xlsx")
    edit(workbook, lambda wb: wb["Process"].__setitem__("G2", "3 – Infört"))
    assert import_(workbook, assessment).exit_code == 0
    seen: list[bool] = []
    real = round_record.load_record

    def watched(path: Path) -> Any:
        seen.append(lock_path(path).exists())  # an import cannot write in between
        return real(path)

    monkeypatch.setattr(round_record, "load_record", watched)
    assert _not_in_file(assessment) == []
    assert seen == [True]
    assert not lock_path(assessment).exists()  # and let go after


def test_status_behind_a_stuck_lock_answers_and_says_so_in_one_line(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import socket

    from lotscert import round as round_record
    from lotscert.lockfile import lock_path

    monkeypatch.setattr(round_record, "READ_WAIT_SECONDS", 0.2)
    lock = lock_path(assessment)
    lock.write_text(f"{socket.gethostname()} {os.getpid()} 0badc0ffee 2026-01-01T00:00:00\n")
    status = run("status", str(assessment), *CATALOG)
    assert status.exit_code == 0, status.output
    lines = [line for line in status.stderr.splitlines() if "en annan skrivning" in line]
    assert lines == [
        f"lotscert: {assessment}: en annan skrivning håller filen låst; läget nedan lästes utan "
        "att vänta längre och kan vara mitt i en import – kör status igen om en stund"
    ]
    assert lock.exists()  # another's lock is left alone
    english = run("status", str(assessment), *CATALOG, "--lang", "en", lang="en")
    assert "another write holds the file's lock" in english.stderr


# --- provenance goes with the value ---


def test_a_stamp_no_longer_credits_a_department_with_a_value_the_office_corrected(
    assessment: Path, tmp_path: Path
) -> None:
    exported = export(assessment, tmp_path / "bok.xlsx", "--level", "process")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(exported, first)

    def answer(wb: Any) -> None:
        wb["Instruktioner"]["B2"] = "Sven Bygg"
        wb["Instruktioner"]["B3"] = "Bygglovschef"
        wb["Process"]["G2"] = "3 – Infört"

    edit(first, answer)
    shutil.copy(first, second)
    edit(second, lambda wb: wb["Process"].__setitem__("I3", "Ny kommentar om P2"))
    assert import_(first, assessment).exit_code == 0
    stamped = load_assessment(assessment).responses["P1"].answered_by
    assert stamped is not None and stamped.fields == ["maturity"]
    # the office corrects the maturity by hand
    text = assessment.read_text(encoding="utf-8")
    corrected = text.replace(
        "    status: not_fulfilled\n    maturity: 3\n",
        "    status: not_fulfilled\n    maturity: 2\n",
    )
    assert corrected != text
    assessment.write_text(corrected, encoding="utf-8")
    # the next import into the file (here the department's next version, the office keeping
    # its own 2) no longer credits the department with the maturity
    assert import_(second, assessment, "--ours").exit_code == 0
    merged = load_assessment(assessment)
    assert merged.responses["P1"].maturity == 2
    assert merged.responses["P1"].answered_by is None
    assert merged.responses["P1"].also_answered_by == []
    p2 = merged.responses["P2"].answered_by
    assert p2 is not None and p2.fields == ["comment"] and p2.name == "Sven Bygg"
