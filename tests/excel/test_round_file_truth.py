"""The file is the truth; the round's record only remembers what workbooks brought in.

- A value the record says a workbook brought in that the file no longer holds (the file put
  back from its ``.bak``, reverted, changed after the import) is asked about when the workbook
  comes again — never passed over with "Inga ändringar".
- ``--ours`` keeps the office's own value without blaming the workbook for it: the same
  workbook imported again changes nothing and is no conflict.
- The file and the record are read and written as one step under the file's lock: two
  versions imported at once are merged one after the other, and a record that cannot be
  written (read-only, its lock held, Ctrl-C while waiting for it) stops the import before
  anything is written.
- A file with more than one name (a hard link) is never replaced: every in-place write
  refuses it in words, as it refuses a read-only file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from round_helpers import CATALOG, edit, export, import_, run

from lotscert import lockfile
from lotscert.loading import load_assessment
from lotscert.round import record_path
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "2026-self_assessment.yaml"
    shutil.copy(CONTRACT_ASSESSMENT, path)
    return path


def _answer(wb: Any) -> None:
    """Version 1: P1 partly fulfilled at maturity 3, and a comment on P2."""
    wb["Process"]["F2"] = "Delvis uppfyllt"
    wb["Process"]["G2"] = "3 – Infört"
    wb["Process"]["I3"] = "Förvaltningens svar på P2"


def _imported_v1(assessment: Path, tmp_path: Path) -> Path:
    workbook = export(assessment, tmp_path / "v1.xlsx", "--level", "process")
    edit(workbook, _answer)
    result = import_(workbook, assessment)
    assert result.exit_code == 0, result.output
    return workbook


def _has_v1(assessment: Path) -> bool:
    merged = load_assessment(assessment)
    return (
        merged.responses["P1"].status == "partial"
        and merged.responses["P1"].maturity == 3
        and merged.responses["P2"].comment == "Förvaltningens svar på P2"
    )


def _not_in_file(assessment: Path) -> list[str]:
    """What ``status --format json`` says the file no longer holds of what imports brought."""
    status = run("status", str(assessment), *CATALOG, "--format", "json")
    assert status.exit_code == 0, status.output
    return [
        place for book in json.loads(status.stdout)["workbooks"] for place in book["not_in_file"]
    ]


# --- 1. the file put back from its .bak: the same workbook brings its answers back (asked) ---


def test_after_the_bak_is_put_back_the_same_workbook_asks_and_brings_its_answers_back(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = _imported_v1(assessment, tmp_path)
    assert _has_v1(assessment)
    shutil.copy(assessment.with_name(assessment.name + ".bak"), assessment)  # as told
    restored = assessment.read_bytes()
    # status tells it before any import does
    assert _not_in_file(assessment) == [
        "responses.P1.status",
        "responses.P1.maturity",
        "responses.P2.comment",
    ]
    told = run("status", str(assessment), *CATALOG)
    assert (
        "v1.xlsx: 3 värden som en import av arbetsboken förde in finns inte längre i filen "
        "(återställd från en säkerhetskopia, eller ändrad efter importen?): responses.P1.status, "
        "responses.P1.maturity, responses.P2.comment – importera arbetsboken igen, så frågar "
        "lotscert"
    ) in told.stdout

    again = import_(workbook, assessment)
    assert again.exit_code == 2, again.output
    assert "Inga ändringar" not in again.output
    assert (
        "lotscert: fel: v1.xlsx!Process!I3 (responses.P2.comment): en tidigare import av "
        "arbetsboken förde in Förvaltningens svar på P2 (exporten hade —), men filen har nu — "
        "– återställd från en säkerhetskopia, eller ändrad efter importen? --theirs för in "
        "värdet igen, --ours behåller filens"
    ) in again.stderr.splitlines()
    assert "v1.xlsx!Process!F2 (responses.P1.status): en tidigare import" in again.stderr
    assert assessment.read_bytes() == restored  # nothing written while asking
    status = run("status", str(assessment), *CATALOG, "--format", "json")
    assert "en tidigare import av arbetsboken" in status.stdout  # outstanding, for status

    english = import_(workbook, assessment, "--lang", "en", lang="en")
    assert "an earlier import of the workbook brought in Förvaltningens svar på P2" in (
        english.stderr
    )

    back = import_(workbook, assessment, "--theirs")
    assert back.exit_code == 0, back.output
    assert _has_v1(assessment)
    assert _not_in_file(assessment) == []
    after = assessment.read_bytes()
    same = import_(workbook, assessment)
    assert same.exit_code == 0 and "Inga ändringar" in same.stdout, same.output
    assert assessment.read_bytes() == after


def test_after_a_restore_ours_keeps_the_file_and_is_not_asked_again(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = _imported_v1(assessment, tmp_path)
    shutil.copy(assessment.with_name(assessment.name + ".bak"), assessment)
    kept = import_(workbook, assessment, "--ours")
    assert kept.exit_code == 0, kept.output
    assert load_assessment(assessment).responses["P1"].status == "not_fulfilled"
    assert _not_in_file(assessment) == []  # the office's decision: nothing to tell
    before = assessment.read_bytes()
    again = import_(workbook, assessment)
    assert again.exit_code == 0 and "Inga ändringar" in again.stdout, again.output
    assert assessment.read_bytes() == before
    # the department's next version, with one new answer, brings only that
    edit(workbook, lambda wb: wb["Process"].__setitem__("I4", "Ny kommentar om P3"))
    later = import_(workbook, assessment)
    assert later.exit_code == 0, later.output
    merged = load_assessment(assessment)
    assert merged.responses["P3"].comment == "Ny kommentar om P3"
    assert merged.responses["P1"].status == "not_fulfilled"


def test_a_value_the_office_changed_after_the_import_is_asked_about_not_dropped(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = _imported_v1(assessment, tmp_path)
    text = assessment.read_text(encoding="utf-8")
    assert "Förvaltningens svar på P2" in text
    assessment.write_text(text.replace("Förvaltningens svar på P2", "Kontorets text"), "utf-8")
    again = import_(workbook, assessment)
    assert again.exit_code == 2
    assert (
        "v1.xlsx!Process!I3 (responses.P2.comment): en tidigare import av arbetsboken förde in "
        "Förvaltningens svar på P2 (exporten hade —), men filen har nu Kontorets text"
    ) in again.stderr


def test_a_removal_undone_by_a_restore_is_asked_about(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    edit(workbook, lambda wb: wb["Personer"].delete_rows(2))  # lots-01
    assert import_(workbook, assessment).exit_code == 0
    assert "lots-01" not in {person.id for person in load_assessment(assessment).persons}
    shutil.copy(assessment.with_name(assessment.name + ".bak"), assessment)
    again = import_(workbook, assessment)
    assert again.exit_code == 2, again.output
    assert "bok.xlsx!Personer (persons[lots-01]): en tidigare import av arbetsboken" in (
        again.stderr
    )
    assert import_(workbook, assessment, "--theirs").exit_code == 0
    assert "lots-01" not in {person.id for person in load_assessment(assessment).persons}


# --- 5. --ours, then the same workbook again ---


def _office_and_workbook_differ(assessment: Path, tmp_path: Path) -> Path:
    """The office sets L2's maturity 2 → 3 after the export; the workbook says 4, and also
    comments on P2."""
    workbook = export(assessment, tmp_path / "bok.xlsx")
    text = assessment.read_text(encoding="utf-8").replace(
        "  L2:\n    status: partial\n    maturity: 2\n",
        "  L2:\n    status: partial\n    maturity: 3\n",
    )
    assessment.write_text(text, encoding="utf-8")

    def answer(wb: Any) -> None:
        wb["Ledning"]["G3"] = "4 – Infört, följs upp"
        wb["Process"]["I3"] = "ny kommentar"

    edit(workbook, answer)
    return workbook


def test_after_ours_the_same_workbook_again_changes_nothing_and_blames_no_version(
    assessment: Path, tmp_path: Path
) -> None:
    workbook = _office_and_workbook_differ(assessment, tmp_path)
    assert import_(workbook, assessment).exit_code == 2
    settled = import_(workbook, assessment, "--ours")
    assert settled.exit_code == 0, settled.output
    merged = load_assessment(assessment)
    assert merged.responses["L2"].maturity == 3 and merged.responses["P2"].comment == (
        "ny kommentar"
    )
    after = assessment.read_bytes()
    again = import_(workbook, assessment)
    assert again.exit_code == 0, again.output
    assert "Inga ändringar" in again.stdout
    assert "förde in 3" not in again.output
    assert assessment.read_bytes() == after
    status = run("status", str(assessment), *CATALOG, "--format", "json")
    assert status.exit_code == 0, status.output
    assert all(not book.get("conflicts") for book in json.loads(status.stdout)["workbooks"])
    assert _not_in_file(assessment) == []  # the office's 3 is no value a workbook brought
    # the next version, answering P3 as well, is not asked about L2 (the office's own 3)
    edit(workbook, lambda wb: wb["Process"].__setitem__("I4", "Kommentar om P3"))
    later = import_(workbook, assessment)
    assert later.exit_code == 0, later.output
    assert "L2" not in later.stderr
    merged = load_assessment(assessment)
    assert merged.responses["L2"].maturity == 3
    assert merged.responses["P3"].comment == "Kommentar om P3"


# --- 2. the file and the record: one step under the lock ---


def _versions(assessment: Path, tmp_path: Path) -> tuple[Path, Path]:
    """v1 raises P1's maturity 1 → 3; v2 (made from v1) takes it back to 1."""
    exported = export(assessment, tmp_path / "bok.xlsx", "--level", "process")
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    shutil.copy(exported, first)
    edit(first, lambda wb: wb["Process"].__setitem__("G2", "3 – Infört"))
    shutil.copy(first, second)
    edit(second, lambda wb: wb["Process"].__setitem__("G2", "1 – Påbörjat"))
    return first, second


def _hold(lock: Path) -> None:
    """A lock held by a process that runs (this one): others wait for it."""
    moment = time.strftime("%Y-%m-%dT%H:%M:%S")
    lock.write_text(f"{socket.gethostname()} {os.getpid()} 0badc0ffee {moment}\n", "utf-8")


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_two_versions_imported_at_once_are_merged_one_after_the_other(
    assessment: Path, tmp_path: Path
) -> None:
    """The second version, which takes the first one's answer back, is asked about, as when
    the two are imported one after the other — never "Inga ändringar" with the answer kept."""
    first, second = _versions(assessment, tmp_path)
    record_lock = lockfile.lock_path(record_path(assessment))
    _hold(record_lock)  # the record is busy (a colleague's export noting its workbook)
    command = [sys.executable, "-m", "lotscert", "import", "xlsx"]
    tail = ["--into", str(assessment), "--catalog", str(CONTRACT_CATALOG)]
    logs = [tmp_path / "v1.log", tmp_path / "v2.log"]
    children = []
    with logs[0].open("w") as log_1, logs[1].open("w") as log_2:
        children.append(subprocess.Popen([*command, str(first), *tail], stdout=log_1, stderr=log_1))
        _wait_for(lockfile.lock_path(assessment).exists, "v1 to lock the file")
        children.append(
            subprocess.Popen([*command, str(second), *tail], stdout=log_2, stderr=log_2)
        )
        # both wait now: v1 for the record, v2 for the file (or, before the fix, the record)
        _wait_for(lambda: "väntar på en annan skrivning" in logs[1].read_text(), "v2 to wait")
        record_lock.unlink()
        codes = [child.wait(timeout=300) for child in children]
    v1_said, v2_said = (log.read_text() for log in logs)
    assert codes == [0, 2], (v1_said, v2_said)
    assert "Inga ändringar" not in v2_said
    assert (
        "v2.xlsx!Process!G2 (responses.P1.maturity): en tidigare version av arbetsboken förde "
        "in 3 (exporten hade 1); den här har 1"
    ) in v2_said
    assert load_assessment(assessment).responses["P1"].maturity == 3
    # and taken with --theirs, the retraction holds
    assert import_(second, assessment, "--theirs").exit_code == 0
    assert load_assessment(assessment).responses["P1"].maturity == 1


def test_a_record_that_cannot_be_written_stops_the_import_before_anything_is_written(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _versions(assessment, tmp_path)
    record = record_path(assessment)
    before, record_before = assessment.read_bytes(), record.read_bytes()
    record.chmod(0o444)
    try:
        refused = import_(first, assessment)
    finally:
        record.chmod(0o644)
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        f"lotscert: fel: {record}: filen är skrivskyddad; lotscert ändrar den inte (ta bort "
        f"skrivskyddet först) – rundans logg skrivs i samma steg som {assessment.name}, så "
        "inget skrevs"
    ]
    assert assessment.read_bytes() == before and record.read_bytes() == record_before
    assert not assessment.with_name(assessment.name + ".bak").exists()

    # its lock held past the wait: the same (exit 2, nothing written), in English too
    monkeypatch.setattr(lockfile, "WAIT_SECONDS", 0.3)
    lock = lockfile.lock_path(record)
    lock.write_text("fjarrdatorn 4242 0123abcd 2026-11-29T10:00:00\n", encoding="utf-8")
    timed_out = import_(first, assessment, "--lang", "en", lang="en")
    assert timed_out.exit_code == 2, timed_out.output
    assert "the file is in use by another write" in timed_out.stderr
    assert (
        f"the round's record is written in the same step as {assessment.name}, so nothing was "
        "written"
    ) in timed_out.stderr
    assert assessment.read_bytes() == before and record.read_bytes() == record_before
    lock.unlink()

    # and the versions then merge as they would have: v1 in, v2's retraction asked about
    assert import_(first, assessment).exit_code == 0
    assert import_(second, assessment).exit_code == 2


def test_a_record_write_that_fails_leaves_the_file_unwritten(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when the record is written (the file would be written just after)."""
    from lotscert import round as round_record
    from lotscert.errors import Location, LotscertError

    first, second = _versions(assessment, tmp_path)
    record = record_path(assessment)
    before, record_before = assessment.read_bytes(), record.read_bytes()

    def disk_full(self: Any, change: Any) -> None:
        raise LotscertError("kan inte skrivas: ingen plats kvar på enheten", Location(str(record)))

    monkeypatch.setattr(round_record.RecordStep, "write", disk_full)
    result = import_(first, assessment)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"lotscert: fel: {record}: kan inte skrivas: ingen plats kvar på enheten – rundans logg "
        f"skrivs i samma steg som {assessment.name}, så inget skrevs"
    ]
    monkeypatch.undo()
    assert assessment.read_bytes() == before and record.read_bytes() == record_before
    assert not assessment.with_name(assessment.name + ".bak").exists()
    assert import_(first, assessment).exit_code == 0
    assert import_(second, assessment).exit_code == 2  # v2's retraction: asked, not dropped


def test_ctrl_c_while_waiting_for_the_record_writes_nothing(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotscert.excel import import_workbook

    first, second = _versions(assessment, tmp_path)
    record = record_path(assessment)
    before, record_before = assessment.read_bytes(), record.read_bytes()
    lock = lockfile.lock_path(record)
    _hold(lock)

    def ctrl_c(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lockfile.time, "sleep", ctrl_c)  # pressed while it waits
    with pytest.raises(KeyboardInterrupt):
        import_workbook(first, assessment, catalog_paths=[CONTRACT_CATALOG])
    monkeypatch.undo()
    lock.unlink()
    assert assessment.read_bytes() == before and record.read_bytes() == record_before
    assert not lockfile.lock_path(assessment).exists()
    # v1 is not in, so v2 (the export's value again) changes nothing, and v1 then goes in
    assert import_(second, assessment).exit_code == 0
    assert import_(first, assessment).exit_code == 0
    assert load_assessment(assessment).responses["P1"].maturity == 3


def test_a_file_that_cannot_be_written_puts_the_record_back(
    assessment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record is written just before the file; when the file then cannot be written (an
    editor saved it meanwhile), the record is put back as it was."""
    first, second = _versions(assessment, tmp_path)
    record = record_path(assessment)
    record_before = record.read_bytes()
    saved_by_editor = assessment.read_text(encoding="utf-8") + "# sparad i editorn\n"
    from lotscert.excel import merge

    real = merge.merge_text

    def merge_while_an_editor_saves(*args: Any) -> str:
        assessment.write_text(saved_by_editor, encoding="utf-8")  # no lock: an editor
        return real(*args)

    monkeypatch.setattr(merge, "merge_text", merge_while_an_editor_saves)
    result = import_(first, assessment)
    assert result.exit_code == 2
    assert "filen ändrades av någon annan medan lotscert arbetade" in result.stderr
    monkeypatch.undo()
    assert assessment.read_text(encoding="utf-8") == saved_by_editor
    assert record.read_bytes() == record_before
    assert import_(first, assessment).exit_code == 0
    assert import_(second, assessment).exit_code == 2  # v2's retraction: asked, not dropped


# --- 9. hard links ---


def test_an_import_into_a_hard_link_is_refused_in_words(assessment: Path, tmp_path: Path) -> None:
    workbook = export(assessment, tmp_path / "bok.xlsx")
    edit(workbook, lambda wb: wb["Process"].__setitem__("I3", "Via den andra länken"))
    other = tmp_path / "ronden.yaml"
    os.link(assessment, other)
    before = assessment.read_bytes()
    for into in (other, assessment):
        result = import_(workbook, into)
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == [
            f"lotscert: fel: {into}: filen har 2 namn (hårda länkar); lotscert skriver inte "
            "över den, för de andra namnen skulle behålla den gamla versionen – ta bort de "
            "andra namnen, eller arbeta i en kopia"
        ]
    english = import_(workbook, other, "--lang", "en", lang="en")
    assert "the file has 2 names (hard links); lotscert does not write over it" in english.stderr
    assert os.stat(other).st_ino == os.stat(assessment).st_ino  # still one file, two names
    assert assessment.read_bytes() == before
    assert not record_path(other).exists()  # no second record beside the other name
    assert not (tmp_path / "ronden.yaml.bak").exists()
    other.unlink()  # one name again: merged as usual
    assert import_(workbook, assessment).exit_code == 0


def test_every_in_place_writer_refuses_a_hard_link(assessment: Path, tmp_path: Path) -> None:
    other = tmp_path / "kopia-med-samma-inod.yaml"
    os.link(assessment, other)
    before = assessment.read_bytes()
    # init --force onto a file with two names
    made = ["init", "--municipality", "9901", "--name", "Exempelby", "--year", "2026"]
    made += ["--out", str(tmp_path / "ut")]
    assert run(*made).exit_code == 0
    (new_file,) = (tmp_path / "ut").rglob("*.yaml")
    os.link(new_file, tmp_path / "ut" / "andra-namnet.yaml")
    new_before = new_file.read_bytes()
    init = run(*made, "--force")
    assert init.exit_code == 2, init.output
    assert "filen har 2 namn (hårda länkar)" in init.output
    assert new_file.read_bytes() == new_before
    # export --out over a file with two names, with --force
    book = tmp_path / "bok.xlsx"
    export(assessment, book)
    os.link(book, tmp_path / "bok-2.xlsx")
    again = run("export", "xlsx", str(assessment), "--out", str(book), "--force", *CATALOG)
    assert again.exit_code == 2 and "filen har 2 namn (hårda länkar)" in again.output
    # the round's record is refused too (an export from a file with two names: no record)
    export(other, tmp_path / "ny.xlsx")
    assert not record_path(other).exists()
    # import metrics and import ciso-assistant write back through atomic.write_back
    from lotscert.atomic import HardLinkError, write_back

    with pytest.raises(HardLinkError, match="2 namn"):
        write_back(other, before, before + b"# x\n")
    assert assessment.read_bytes() == before
    assert os.stat(other).st_ino == os.stat(assessment).st_ino
