"""A decision's ``based_on`` names an audit in the decision's folder (or below it): a path that
leaves the folder (``../``, or a link pointing out) is refused before the file is read or hashed
— a decision cannot make lotscert read any file on the machine (attack B, defect 15)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from lotscert.decisions import read_decision
from tests.paths import ROOT

EXEMPELBY = ROOT / "assessments" / "9910-exempelby"


def _decision_on(tmp_path: Path, reference: str, digest: str) -> Path:
    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXEMPELBY, folder)
    decision = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data["based_on"] = [{"path": reference, "sha256": digest}]
    decision.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return decision


@pytest.mark.parametrize(
    "reference", ["../secret.txt", "../../../../../../../../etc/hostname", "sub/../../secret.txt"]
)
def test_a_path_out_of_the_folder_is_refused_unread(tmp_path: Path, reference: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret-token-123\n", encoding="utf-8")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    decision = _decision_on(tmp_path, reference, "f" * 64)
    loaded, problems = read_decision(decision)
    assert loaded is None
    (problem,) = [p for p in problems if p.severity == "error"]
    assert problem.code == "decision.audit_path_outside"
    assert problem.where == "based_on[0].path"
    assert "leder utanför mappen" in problem.sv and "leads out of that folder" in problem.en
    assert digest not in problem.sv + problem.en


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copyfile(EXEMPELBY / "2026-certification_audit.yaml", outside / "audit.yaml")
    decision = _decision_on(
        tmp_path, "audit.yaml", hashlib.sha256((outside / "audit.yaml").read_bytes()).hexdigest()
    )
    (decision.parent / "audit.yaml").symlink_to(outside / "audit.yaml")
    loaded, problems = read_decision(decision)
    assert loaded is None
    assert [p.code for p in problems if p.severity == "error"] == ["decision.audit_path_outside"]


def test_an_audit_in_a_folder_below_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "9910-exempelby"
    audit_source = EXEMPELBY / "2026-certification_audit.yaml"
    decision = _decision_on(
        tmp_path,
        "revisioner/2026-certification_audit.yaml",
        hashlib.sha256(audit_source.read_bytes()).hexdigest(),
    )
    (folder / "revisioner").mkdir()
    shutil.copyfile(audit_source, folder / "revisioner" / "2026-certification_audit.yaml")
    loaded, problems = read_decision(decision)
    assert [p for p in problems if p.severity == "error"] == []
    assert loaded is not None
