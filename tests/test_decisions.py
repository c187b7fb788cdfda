"""Certification decisions: each rule a certification body relies on, with its located message."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from lotscert.decisions import read_decision
from lotscert.errors import ValidationFailed
from lotscert.loading import validate_paths
from tests.paths import ROOT

EXEMPELBY = ROOT / "assessments" / "9910-exempelby"
NORRBYN = ROOT / "assessments" / "9930-norrbyn"
LOTSKOPING = ROOT / "assessments" / "9920-lotskoping"


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def _rewrite(path: Path, **changes: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _codes(path: Path) -> list[str]:
    loaded, problems = read_decision(path)
    assert loaded is None
    return [problem.code for problem in problems if problem.severity == "error"]


def test_the_bundled_decisions_load_with_their_audits() -> None:
    loaded, problems = read_decision(EXEMPELBY / "2026-decision-1.yaml")
    assert problems == []
    assert loaded is not None
    assert loaded.decision.certificate == "EC-FL-2026-001"
    assert [audit.assessment.kind for audit in loaded.audits] == ["certification_audit"]
    persons, problems = read_decision(NORRBYN / "2026-decision-1.yaml")
    assert problems == [] and persons is not None
    assert len(persons.decision.persons) == 8


def test_an_auditor_cannot_decide(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    _rewrite(decision, decided_by={"name": "karin  WESTER", "role": "Chef"})
    loaded, problems = read_decision(decision)
    assert loaded is None
    (problem,) = problems
    assert problem.code == "decision.not_impartial"
    assert problem.where == "decided_by.name"
    assert problem.line is not None
    assert "ingick i revisionsteamet" in problem.sv
    assert "was in the audit team" in problem.en


def test_a_changed_audit_is_named_with_its_new_digest(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    audit = folder / "2026-certification_audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    loaded, problems = read_decision(folder / "2026-decision-1.yaml")
    assert loaded is None
    (problem,) = problems
    assert problem.code == "decision.digest_mismatch"
    assert problem.where == "based_on[0].sha256"
    assert _digest(audit) in problem.sv


def test_a_missing_audit_is_located(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    (folder / "2026-certification_audit.yaml").unlink()
    assert _codes(folder / "2026-decision-1.yaml") == ["decision.audit_missing"]


def test_a_self_assessment_cannot_support_a_certificate(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    self_assessment = folder / "2025-self_assessment.yaml"
    decision = folder / "2026-decision-1.yaml"
    _rewrite(
        decision,
        based_on=[{"path": self_assessment.name, "sha256": _digest(self_assessment)}],
    )
    codes = _codes(decision)
    assert "decision.audit_kind" in codes
    assert "decision.no_full_audit" in codes


def test_a_grant_is_refused_while_a_major_is_open(tmp_path: Path) -> None:
    folder = _copy(NORRBYN, tmp_path)
    audit = folder / "2026-internal_audit.yaml"
    data = yaml.safe_load(audit.read_text(encoding="utf-8"))
    data["kind"] = "certification_audit"
    data["assessors"] = [{"name": "Karin Wester", "organisation": "Exempelcert AB"}]
    audit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    decision = folder / "decision.yaml"
    decision.write_text(
        yaml.safe_dump(
            {
                "decision": "function",
                "catalog": "ss884000@1.0",
                "municipality": {"code": "9930", "name": "Norrbyn"},
                "outcome": "granted",
                "date": "2026-10-01",
                "decided_by": {"name": "Maria Ekdahl"},
                "issuer": {"name": "Exempelcert AB"},
                "certificate": "EC-1",
                "scope": ["kof", "bmf"],
                "based_on": [{"path": audit.name, "sha256": _digest(audit)}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    loaded, problems = read_decision(decision)
    assert loaded is None
    majors = [p for p in problems if p.code == "decision.open_major"]
    # K7 too: the persons register shows 3 of 9 lotsar without a valid exam (issue 13).
    assert {p.sv.split("större avvikelse ")[1].split(" ")[0] for p in majors} == {"L6", "P5", "K7"}
    assert all(p.where == "outcome" for p in majors)


def test_a_minor_past_its_deadline_refuses_a_grant_but_not_before(tmp_path: Path) -> None:
    folder = _copy(LOTSKOPING, tmp_path)
    audit = folder / "2026-test_certification.yaml"
    data = yaml.safe_load(audit.read_text(encoding="utf-8"))
    data["kind"] = "certification_audit"
    # The example records the lead auditor's verifications; this case is about unverified ones.
    for response in data["responses"].values():
        (response.get("action") or {}).pop("verification", None)
    for action in data["coverage_actions"]["specialist_areas"].values():
        action.pop("verification", None)
    audit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    departments = [d["id"] for d in data["departments"]]
    decision = folder / "decision.yaml"

    def decide(on: str) -> list[str]:
        decision.write_text(
            yaml.safe_dump(
                {
                    "decision": "function",
                    "catalog": "ss884000@1.0",
                    "municipality": data["municipality"],
                    "outcome": "granted",
                    "date": on,
                    "decided_by": {"name": "Maria Ekdahl"},
                    "issuer": {"name": "Exempelcert AB"},
                    "certificate": "EC-2",
                    "scope": departments,
                    "based_on": [{"path": audit.name, "sha256": _digest(audit)}],
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        _, problems = read_decision(decision)
        return [p.code for p in problems if p.severity == "error"]

    assert decide("2026-06-01") == []  # within the 90 days: granted, actions followed up
    late = decide("2026-09-01")
    assert late and set(late) == {"decision.overdue_minor"}


def test_a_person_who_failed_gets_no_certificate(tmp_path: Path) -> None:
    folder = _copy(NORRBYN, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data["persons"].append({"person": "lots-09", "name": "Viktor Lantto", "certificate": "X-9"})
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded, problems = read_decision(decision)
    assert loaded is None
    (problem,) = problems
    assert problem.code == "decision.person_not_certified"
    assert problem.where == "persons[8].person"
    assert "lagar" not in problem.sv  # lagar is completed; the missing module is named
    assert "bemotande" in problem.sv


def test_renewal_by_development_needs_the_catalogues_hours(tmp_path: Path) -> None:
    folder = _copy(NORRBYN, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data["persons"][0]["route"] = "continuing_development"
    data["persons"][0]["development"] = [
        {"activity": "Kurs i serveringstillstånd", "date": "2026-03-01", "hours": 8}
    ]
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (problem,) = read_decision(decision)[1]
    assert problem.code == "decision.development_short"
    assert "8 timmar fortbildning, katalogen kräver 24" in problem.sv


@pytest.mark.parametrize("outcome", ["refused", "suspended", "withdrawn"])
def test_a_negative_decision_needs_a_reason(tmp_path: Path, outcome: str) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    _rewrite(decision, outcome=outcome)
    assert "decision.reason_missing" in _codes(decision)


def test_validate_reads_decisions_among_assessments() -> None:
    report = validate_paths([ROOT / "assessments"])
    kinds = [kind for _, kind in report.checked]
    assert kinds.count("decision") == 2
    assert not report.errors


def test_a_schema_error_in_a_decision_is_located(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    _rewrite(decision, outcome="approved")
    loaded, problems = read_decision(decision)
    assert loaded is None
    assert [p.where for p in problems] == ["outcome"]
    assert problems[0].line is not None


def test_a_person_certificate_is_withdrawn_by_a_later_decision(tmp_path: Path) -> None:
    import datetime as dt

    from lotscert.register import build_register

    folder = _copy(NORRBYN, tmp_path)
    later = folder / "2027-decision-1.yaml"
    data = yaml.safe_load((folder / "2026-decision-1.yaml").read_text(encoding="utf-8"))
    data.update(outcome="withdrawn", date="2027-02-01", based_on=[])
    data["persons"] = [dict(data["persons"][2])]
    later.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _codes(later) == ["decision.reason_missing"]
    data["persons"][0]["reason"] = "Har lämnat kommunen"
    later.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert read_decision(later)[1] == []
    register = build_register([tmp_path], dt.date(2027, 3, 1))
    statuses = {entry.id: entry.status for entry in register.persons}
    assert statuses["lots-03"] == "withdrawn"
    assert {status for pid, status in statuses.items() if pid != "lots-03"} == {"valid"}


def test_a_decision_is_not_read_as_an_assessment() -> None:
    from lotscert.loading import read_assessment

    assessment, _, problems = read_assessment(EXEMPELBY / "2026-decision-1.yaml")
    assert assessment is None
    assert [p.code for p in problems] == ["file.is_decision"]


# --- issue 14, attacker B: impartiality, person certificates, the order of decisions ---------


@pytest.mark.parametrize(
    "name",
    [
        "Karin \u200bWester",
        "Karin\u2060 Wester",
        "Wester, Karin",
        "Wester Karin",
        "K. Wester",
        "Karin Wéster",
        "Lars Nyström (Exempelcert)",
        "Holm, Maria",  # the municipality's own observer in the team
    ],
)
def test_the_audit_team_cannot_decide_under_another_spelling(tmp_path: Path, name: str) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    _rewrite(decision, decided_by={"name": name, "role": "Certifieringschef"})
    problems = [p for p in read_decision(decision)[1] if p.code == "decision.not_impartial"]
    assert [p.where for p in problems] == ["decided_by.name"]
    assert problems[0].line is not None
    assert "ingick i revisionsteamet för 2026-certification_audit.yaml" in problems[0].sv


def test_a_name_printed_as_a_signature_shows_every_character(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    _rewrite(
        decision,
        decided_by={"name": "Maria\u200b Ekdahl", "role": "Certifieringschef"},
        signatory={"name": "M\u0430ria Ekdahl"},  # Cyrillic а
    )
    problems = {(p.code, p.where) for p in read_decision(decision)[1]}
    assert problems == {
        ("decision.name_invisible", "decided_by.name"),
        ("decision.name_mixed_script", "signatory.name"),
    }
    (invisible,) = [p for p in read_decision(decision)[1] if p.code == "decision.name_invisible"]
    assert "U+200B" in invisible.sv and "\u200b" not in invisible.sv


def test_the_audited_municipalitys_people_cannot_decide(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    # Sara Lindgren is lots-01 in the audit's persons register (the coordinator)
    _rewrite(decision, decided_by={"name": "Lindgren, Sara", "organisation": "Exempelcert AB"})
    (problem,) = read_decision(decision)[1]
    assert (problem.code, problem.where) == ("decision.from_audited", "decided_by.name")
    assert "lots-01" in problem.sv and "personregistret" in problem.sv
    _rewrite(decision, decided_by={"name": "Per Okänd", "organisation": "Exempelby kommun"})
    (problem,) = read_decision(decision)[1]
    assert (problem.code, problem.where) == ("decision.from_audited", "decided_by.organisation")
    _rewrite(
        decision,
        decided_by={"name": "Maria Ekdahl", "organisation": "Exempelcert AB"},
        signatory={"name": "Per Okänd", "organisation": "Kommunstyrelsen i Exempelby"},
    )
    (problem,) = read_decision(decision)[1]
    assert (problem.code, problem.where) == ("decision.from_audited", "signatory.organisation")


def test_a_person_certificate_carries_the_examined_persons_name(tmp_path: Path) -> None:
    folder = _copy(NORRBYN, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data["persons"][1]["name"] = "Tomas Andersson"  # lots-02 was examined as Tomas Häggström
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (problem,) = read_decision(decision)[1]
    assert (problem.code, problem.where) == ("decision.holder_name", "persons[1].name")
    assert "lots-02 heter Tomas Häggström i revisionen, inte Tomas Andersson" in problem.sv
    data["persons"][1]["name"] = "Häggström, Tomas"  # the same name, another order
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert read_decision(decision)[1] == []


def _exam_on(folder: Path, person: str, exam_date: str) -> None:
    """Give ``person`` another exam date in the test certification; the decision follows."""
    audit = folder / "2026-persons_test_certification.yaml"
    data = yaml.safe_load(audit.read_text(encoding="utf-8"))
    (entry,) = [p for p in data["persons"] if p["id"] == person]
    entry["training"]["exam_date"] = exam_date
    audit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    decision = folder / "2026-decision-1.yaml"
    _rewrite(decision, based_on=[{"path": audit.name, "sha256": _digest(audit)}])


def test_no_person_certificate_on_an_exam_that_ran_out_before_the_decision(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from lotscert.register import build_register

    folder = _copy(NORRBYN, tmp_path)
    # valid three years: until 2026-10-25, after the audit (10-22), before the decision (11-05)
    _exam_on(folder, "lots-01", "2023-10-25")
    (problem,) = read_decision(folder / "2026-decision-1.yaml")[1]
    assert (problem.code, problem.where) == ("decision.exam_expired", "persons[0].person")
    assert "gällde till 2026-10-25, före beslutet (2026-11-05)" in problem.sv
    with pytest.raises(ValidationFailed):  # the register shows no validity the exam lacks
        build_register([tmp_path], dt.date(2026, 12, 1))


def test_an_exam_dated_after_the_audit_does_not_count(tmp_path: Path) -> None:
    folder = _copy(NORRBYN, tmp_path)
    _exam_on(folder, "lots-01", "2026-12-31")
    report = validate_paths([folder / "2026-persons_test_certification.yaml"])
    (problem,) = report.warnings
    assert (problem.code, problem.where) == (
        "person.exam_after_assessment",
        "persons[0].training.exam_date",
    )
    assert problem.line is not None
    (problem,) = read_decision(folder / "2026-decision-1.yaml")[1]
    assert (problem.code, problem.where) == ("decision.exam_after_audit", "persons[0].person")
    assert "daterat 2026-12-31, efter revisionen (2026-10-22)" in problem.sv


def _function_decision(folder: Path, name: str, outcome: str, on: str) -> Path:
    path = folder / name
    path.write_text(
        yaml.safe_dump(
            {
                "decision": "function",
                "catalog": "ss884000@1.0",
                "municipality": {"code": "9910", "name": "Exempelby"},
                "outcome": outcome,
                "reason": "Kommunen lade ned lotsfunktionen",
                "date": on,
                "decided_by": {"name": "Maria Ekdahl", "organisation": "Exempelcert AB"},
                "issuer": {"name": "Exempelcert AB"},
                "certificate": "EC-FL-2026-001",
            },
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return path


def test_a_restoration_needs_a_grant_and_a_suspension_before_it(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    grant = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(grant.read_text(encoding="utf-8"))
    restored = folder / "2026-decision-2.yaml"
    restored.write_text(
        yaml.safe_dump(dict(data, outcome="restored", date="2026-07-01"), allow_unicode=True),
        encoding="utf-8",
    )
    # granted, never suspended
    (problem,) = read_decision(restored)[1]
    assert (problem.code, problem.where) == ("decision.not_suspended", "outcome")
    # never granted at all (the restoration alone in its folder)
    grant.unlink()
    (problem,) = read_decision(restored)[1]
    assert problem.code == "decision.not_granted"
    assert "ett återinförande förutsätter att certifikatet beviljats tidigare" in problem.sv
    # granted, suspended, then restored: valid
    grant.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _function_decision(folder, "2026-decision-3.yaml", "suspended", "2026-06-15")
    assert read_decision(restored)[1] == []


def test_a_withdrawal_before_its_grant_is_refused(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)  # granted 2026-05-20 in 2026-decision-1
    early = _function_decision(folder, "2026-decision-2.yaml", "withdrawn", "2026-05-01")
    (problem,) = read_decision(early)[1]
    assert (problem.code, problem.where) == ("decision.not_granted", "outcome")
    assert "inget beviljande före detta beslut (2026-05-01)" in problem.sv


def test_same_day_decisions_follow_their_decision_numbers_not_the_path_text(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from lotscert.register import build_register

    folder = _copy(EXEMPELBY, tmp_path)
    (folder / "2026-decision-1.yaml").rename(folder / "2026-decision-2.yaml")
    # decision-10 is taken after decision-2 (the text "decision-10" sorts before "decision-2")
    _function_decision(folder, "2026-decision-10.yaml", "withdrawn", "2026-05-20")
    register = build_register([tmp_path], dt.date(2026, 12, 1))
    assert [entry.status for entry in register.certificates] == ["withdrawn"]
    # a withdrawal numbered before the grant on the same day comes before it: refused
    (folder / "2026-decision-10.yaml").rename(folder / "2026-decision-1.yaml")
    (problem,) = read_decision(folder / "2026-decision-1.yaml")[1]
    assert problem.code == "decision.not_granted"


def test_the_municipalitys_people_in_its_other_files_cannot_decide(tmp_path: Path) -> None:
    folder = _copy(EXEMPELBY, tmp_path)
    decision = folder / "2026-decision-1.yaml"
    # Erik Sandberg, Kvalitetsstrateg at Exempelby kommun, answered the 2025 self-assessment;
    # he is not in the 2026 audit the decision rests on
    _rewrite(decision, decided_by={"name": "Sandberg, Erik", "organisation": "Exempelcert AB"})
    (problem,) = read_decision(decision)[1]
    assert (problem.code, problem.where) == ("decision.from_audited", "decided_by.name")
    assert "enligt 2025-self_assessment.yaml (Erik Sandberg, Kvalitetsstrateg)" in problem.sv
