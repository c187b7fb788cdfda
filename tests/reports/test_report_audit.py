"""What an auditor signs (DESIGN §6): the team with roles, who signs, decided and proposed
grades, actions followed to closure, warnings in the report's language, and the previous
audit's findings — in the gap report and the certificate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lotscert.errors import LotscertError
from lotscert.previous import previous_audit_candidates
from lotscert.reports import ReportFormat, ReportKind, write_report
from tests.paths import ROOT

EXAMPLE = ROOT / "assessments" / "9910-exempelby" / "2026-certification_audit.yaml"
LOTSKOPING = ROOT / "assessments" / "9920-lotskoping" / "2026-test_certification.yaml"


def _report(kind: ReportKind, path: Path, out: Path, lang: str = "sv", **extra: Any) -> str:
    [written] = write_report(
        kind, [path], ReportFormat.MD, "en" if lang == "en" else "sv", out, **extra
    )
    return written.read_text(encoding="utf-8")


def _audit_folder(tmp_path: Path) -> Path:
    """The Exempelby audit of 2026 (with a minor on L3 added) and a surveillance audit of 2027
    in one municipality folder: L3 no longer found but its action unverified, K4 and K7 found
    again (the persons register has not changed), K4 judged down by the lead auditor."""
    folder = tmp_path / "9910-exempelby"
    folder.mkdir()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["responses"]["L3"].update(
        status="partial", action={"text": "Utse ersättare i alla förvaltningar"}
    )
    (folder / EXAMPLE.name).write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    data["responses"]["L3"].update(status="fulfilled")
    data.update(period=2027, date="2027-04-13")
    responses = data["responses"]
    responses["K4"]["action"]["due"] = "2027-03-31"
    responses["K4"]["judgement"] = {
        "grade": "observation",
        "reason": "Bara de två nyanställda; utbildningen är bokad.",
        "by": "Karin Wester",
    }
    (folder / "2027-certification_audit.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def test_the_previous_audit_is_found_in_the_municipalitys_folder(tmp_path: Path) -> None:
    folder = _audit_folder(tmp_path)
    (folder / "2026-self_assessment.yaml").write_text("", encoding="utf-8")
    (folder / "2028-certification_audit.yaml").write_text("", encoding="utf-8")
    (folder / "2026-surveillance_audit.yaml").write_text("", encoding="utf-8")
    found = previous_audit_candidates(folder / "2027-certification_audit.yaml", 2027)
    assert found == [
        folder / "2026-certification_audit.yaml",
        folder / "2026-surveillance_audit.yaml",
    ]  # the caller takes the one with the latest date before the assessment's
    assert previous_audit_candidates(folder / "2026-certification_audit.yaml", 2026) == [
        folder / "2026-surveillance_audit.yaml"
    ]


def test_the_gap_report_shows_warnings_actions_grades_and_previous_findings(
    tmp_path: Path,
) -> None:
    folder = _audit_folder(tmp_path)
    text = _report(ReportKind.GAP, folder / "2027-certification_audit.yaml", tmp_path / "out")
    # The auditor's decided grade beside the engine's proposal, with the reason.
    # K4 was open at the 2026 audit too: proposed as major (the catalogue's recurring rule),
    # decided an observation by the lead auditor.
    assert "**Föreslagen grad:** Större avvikelse · **Beslutad grad:** Observation" in text
    assert "**Återkommande:** Fyndet var öppet även vid förra revisionen" in text
    assert "Bara de två nyanställda; utbildningen är bokad." in text
    # The overdue action, in the action plan and as a warning in Swedish.
    assert "| Försenad |" in text
    assert "Åtgärden för K4 skulle vara klar 2027-03-31, före bedömningens datum" in text
    assert "Inga varningar" not in text
    # Last year's open findings, answered.
    assert "### Förra bedömningens öppna avvikelser" in text
    assert (
        "| Mindre avvikelse | L3 Utsett ansvar i varje förvaltning med företagsärenden | "
        "**Stängd utan verifiering** |" in text
    )
    assert "| Mindre avvikelse | K7 Webbutbildning med godkänt prov | Kvarstår |" in text
    assert "från 2026-certification\\_audit.yaml finns inte längre" in text
    assert "lotsar uppfyller kravet, alltså" in text


def test_the_certificate_lists_the_team_and_only_those_who_sign(tmp_path: Path) -> None:
    # A certificate to be signed by name is made with --with-names (issue 15: no names
    # unless asked).
    text = _report(ReportKind.CERTIFICATE, EXAMPLE, tmp_path / "out", with_names=True)
    assert (
        "| Maria Holm | Observatör | Exempelby kommun (Från den granskade kommunen) | Nej |" in text
    )
    assert "Revisorerna kommer inte från Exempelby." in text
    signatures = text.split("## Underskrifter", 1)[1]
    assert "Karin Wester, Ledande revisor, Exempelcert AB" in signatures
    assert "Lars Nyström, Revisor, Exempelcert AB" in signatures
    assert "Maria Holm" not in signatures
    assert "## Varningar" in text
    # Without names the same team, by pseudonym: the same roles, the same signers.
    hidden = _report(ReportKind.CERTIFICATE, EXAMPLE, tmp_path / "hidden")
    for name in ("Maria Holm", "Karin Wester", "Lars Nyström", "Holm", "Wester", "Nyström"):
        assert name not in hidden, name
    signatures = hidden.split("## Underskrifter", 1)[1]
    assert ", Ledande revisor, Exempelcert AB" in signatures
    assert signatures.count("bedömare ") == text.split("## Underskrifter", 1)[1].count(
        "Exempelcert AB"
    )


def test_the_certificate_names_a_breach_of_impartiality_in_english(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["assessors"][1]["organisation"] = "Exempelby kommun"
    path = tmp_path / "9910-exempelby" / EXAMPLE.name
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # An impartiality breach is an error: the report refuses the file, located.
    with pytest.raises(LotscertError, match="organisation"):
        _report(ReportKind.CERTIFICATE, path, tmp_path / "out", "en")


def test_verified_actions_make_the_test_certification_a_recommendation(tmp_path: Path) -> None:
    text = _report(ReportKind.CERTIFICATE, LOTSKOPING, tmp_path / "out", "en")
    assert "**Recommended for certification**" in text
    assert "Verified actions: 4 of 4 minor nonconformities." in text
    assert "**Verified**" in text
    signatures = text.split("## Signatures", 1)[1]
    assert "Helena Brink" not in signatures
