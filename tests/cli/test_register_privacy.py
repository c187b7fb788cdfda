"""The certificate register shows pseudonymous ids only — also when a person's id holds the
person's name (attack B, defect 9)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from lotscert.register import build_register
from lotscert.reports.register import RegisterFormat, render_register
from tests.paths import ROOT

NORRBYN = ROOT / "assessments" / "9930-norrbyn"


def _with_named_id(tmp_path: Path) -> Path:
    folder = tmp_path / "9930-norrbyn"
    shutil.copytree(NORRBYN, folder)
    audit = folder / "2026-persons_test_certification.yaml"
    decision = folder / "2026-decision-1.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("lots-01", "lena-backlund"), encoding="utf-8"
    )
    digest = hashlib.sha256(audit.read_bytes()).hexdigest()
    text = decision.read_text(encoding="utf-8").replace("lots-01", "lena-backlund")
    decision.write_text(
        re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", text), encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize("fmt", list(RegisterFormat))
def test_a_person_id_holding_the_name_is_shown_as_person_n(
    tmp_path: Path, fmt: RegisterFormat
) -> None:
    register = build_register([_with_named_id(tmp_path)], dt.date(2026, 12, 1))
    ids = [entry.id for entry in register.persons]
    assert "person-1" in ids
    assert all("backlund" not in person_id and "lena" not in person_id for person_id in ids)
    text = render_register(register, fmt, "sv").decode("utf-8")
    assert "backlund" not in text.casefold()
    assert "person-1" in text
    assert "lots-02" in text  # a pseudonymous id stays as it is
