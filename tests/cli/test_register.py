"""``lotscert register`` and ``report certificate`` on decisions, as a certifier uses them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lotscert.register import build_register
from lotscert.reports.register import RegisterFormat, render_register
from tests.paths import ROOT

EXAMPLES = ROOT / "assessments"
Run = Callable[..., Result]


def test_register_json_lists_function_and_person_certificates(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(
        [
            "register",
            str(EXAMPLES),
            "--format",
            "json",
            "--at",
            "2026-12-01",
            "--out",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "register-2026-12-01.json"
    assert result.output.strip() == str(target)
    document = json.loads(target.read_text(encoding="utf-8"))
    (function,) = document["certificates"]
    assert {key: function[key] for key in ("municipality", "number", "status", "decided")} == {
        "municipality": "Exempelby",
        "number": "EC-FL-2026-001",
        "status": "valid",
        "decided": "2026-05-20",
    }
    assert function["scope"] == ["kof", "sbf", "mhf", "sof", "tkf", "rtj"]
    assert (function["valid_from"], function["valid_until"]) == ("2026-05-20", "2029-05-20")
    # the surveillance audit of 2026-11-17 answered the first due date: the next is a year on
    assert function["next_surveillance_due"] == "2028-05-20"
    assert "assessments/9910-exempelby/2026-surveillance_audit.yaml" in function["files"]
    # the audit's certified persons lapse in late 2027, long before the certificate: said so
    assert function["persons_cover_until"] < function["valid_until"]
    persons = document["persons"]
    assert [p["id"] for p in persons] == [f"lots-0{n}" for n in range(1, 9)]
    assert {p["status"] for p in persons} == {"valid"}
    assert all(p["valid_until"] == "2029-11-05" for p in persons)
    text = target.read_text(encoding="utf-8")
    assert "Sofie Marklund" not in text  # pseudonymous in the register


@pytest.mark.parametrize(
    ("at", "status"),
    [
        ("2027-05-21", "surveillance_overdue"),  # as if no surveillance audit had been made
        ("2027-05-20", "valid"),  # the last day the first surveillance may be made
        ("2029-05-21", "expired"),
    ],
)
def test_status_at_a_date(tmp_path: Path, at: str, status: str) -> None:
    import datetime as dt

    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXAMPLES / "9910-exempelby", folder)
    (folder / "2026-surveillance_audit.yaml").unlink()
    register = build_register([tmp_path], dt.date.fromisoformat(at))
    (certificate,) = register.certificates
    assert certificate.status == status
    assert certificate.state.suspension_proposed == (status == "surveillance_overdue")


def test_register_csv_and_html(tmp_path: Path) -> None:
    import datetime as dt

    register = build_register([EXAMPLES], dt.date(2026, 12, 1))
    rows = list(
        csv.DictReader(io.StringIO(render_register(register, RegisterFormat.CSV, "sv").decode()))
    )
    assert [row["type"] for row in rows] == ["function"] + ["person"] * 8
    assert rows[0]["next_surveillance_due"] == "2028-05-20"
    html = render_register(register, RegisterFormat.HTML, "en").decode()
    assert "Certificate register" in html and 'class="register sortable"' in html
    assert "Surveillance overdue" not in html and "Valid" in html
    assert "Not every department keeps enough certified pilots after 2028-02-25" in html


def test_a_changed_audit_stops_the_register_with_a_located_error(
    run_cli: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXAMPLES / "9910-exempelby", folder)
    audit = folder / "2026-certification_audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("Karin", "Katrin"), encoding="utf-8")
    result = run_cli(["register", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "2026-decision-1.yaml:22:" in result.output
    assert "har ändrats sedan beslutet" in result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_date_is_one_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli(["register", str(EXAMPLES), "--at", "31/12/2026", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--at: '31/12/2026' är inget datum" in result.output


def test_report_certificate_on_a_decision_prints_the_certificate(
    run_cli: Run, tmp_path: Path
) -> None:
    decision = EXAMPLES / "9910-exempelby" / "2026-decision-1.yaml"
    result = run_cli(
        ["report", "certificate", str(decision), "--format", "md", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    (path,) = [Path(line) for line in result.output.split()]
    text = path.read_text(encoding="utf-8")
    assert "Certifikatnummer: **EC-FL-2026-001**" in text
    assert "Exempelcert AB intygar att företagslotsfunktionen i Exempelby kommun uppfyller" in text
    assert "- Giltigt från: 2026-05-20" in text and "- Giltigt till: 2029-05-20" in text
    assert "Maria Ekdahl, Certifieringschef" in text


def test_a_person_certificate_carries_the_name_one_per_person(run_cli: Run, tmp_path: Path) -> None:
    decision = EXAMPLES / "9930-norrbyn" / "2026-decision-1.yaml"
    result = run_cli(
        [
            "report",
            "certificate",
            str(decision),
            "--format",
            "md",
            "--lang",
            "en",
            "--out",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.output.split()]
    assert len(paths) == 8
    text = paths[4].read_text(encoding="utf-8")
    assert "## Sofie Marklund" in text
    assert (
        "certifies that Sofie Marklund meets the requirements for a certified business pilot"
        in text
    )
    assert "by a renewed exam or documented professional development" in text


def test_an_audit_never_prints_a_certificate(run_cli: Run, tmp_path: Path) -> None:
    audit = EXAMPLES / "9910-exempelby" / "2025-self_assessment.yaml"
    result = run_cli(["report", "persons", str(audit), "--format", "md", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = Path(result.output.split()[0]).read_text(encoding="utf-8")
    assert "Intygar" not in text and "Certifikatnummer" not in text
    assert "Detta är en självskattning, inte ett certifikat." in text


def test_a_withdrawn_decision_issues_no_certificate(run_cli: Run, tmp_path: Path) -> None:
    import yaml

    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXAMPLES / "9910-exempelby", folder)
    data = yaml.safe_load((folder / "2026-decision-1.yaml").read_text(encoding="utf-8"))
    data.update(outcome="withdrawn", reason="Övervakningen uteblev", date="2027-08-01")
    # a withdrawal ends the grant beside it (2026-decision-1), so it is a decision of its own
    decision = folder / "2027-decision-1.yaml"
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli(["report", "certificate", str(decision), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "utfärdar inget certifikat" in result.output


@pytest.mark.parametrize("fmt", list(RegisterFormat), ids=lambda fmt: fmt.value)
def test_every_register_format_renders_and_is_the_same_twice(fmt: RegisterFormat) -> None:
    import datetime as dt

    register = build_register([EXAMPLES], dt.date(2026, 12, 1))
    first = render_register(register, fmt, "sv")
    assert first == render_register(register, fmt, "sv")
    assert b"EC-FL-2026-001" in first and b"EC-PL-2026-0108" in first


def test_hostile_names_stay_text_in_every_format(tmp_path: Path) -> None:
    import datetime as dt

    import yaml

    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXAMPLES / "9910-exempelby", folder)
    decision = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data["municipality"]["name"] = '=HYPERLINK("http://x")<script>alert(1)</script>'
    data["issuer"]["name"] = "@SUM(A1) & Co <b>"
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    register = build_register([tmp_path], dt.date(2026, 12, 1))
    rows = list(
        csv.reader(io.StringIO(render_register(register, RegisterFormat.CSV, "sv").decode()))
    )
    assert rows[1][2] == "'" + data["municipality"]["name"]
    # the holder of a function certificate is the municipality; the issuer has its own column
    assert rows[0][4] == "holder" and rows[1][4] == "'" + data["municipality"]["name"]
    assert rows[0][-1] == "issuer" and rows[1][-1] == "'" + data["issuer"]["name"]
    html = render_register(register, RegisterFormat.HTML, "sv").decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>" not in html.split("<body")[1]


def test_one_number_for_two_municipalities_stops_the_register(run_cli: Run, tmp_path: Path) -> None:
    import yaml

    for folder in ("9910-exempelby", "9930-norrbyn"):
        shutil.copytree(EXAMPLES / folder, tmp_path / folder)
    decision = tmp_path / "9930-norrbyn" / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data["persons"][3]["certificate"] = "EC-FL-2026-001"
    decision.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli(["register", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "persons[3].certificate: certifikatnumret EC-FL-2026-001 används redan för 9910" in (
        result.output
    )
    assert "2026-decision-1.yaml:" in result.output


def test_restoring_needs_the_nonconformities_closed(tmp_path: Path) -> None:
    import yaml

    from lotscert.decisions import read_decision

    folder = tmp_path / "9920-lotskoping"
    shutil.copytree(EXAMPLES / "9920-lotskoping", folder)
    audit = folder / "2026-test_certification.yaml"
    data = yaml.safe_load(audit.read_text(encoding="utf-8"))
    data["kind"] = "special_audit"
    # The example records the lead auditor's verifications; this case is about unverified ones.
    for response in data["responses"].values():
        (response.get("action") or {}).pop("verification", None)
    for action in data["coverage_actions"]["specialist_areas"].values():
        action.pop("verification", None)
    audit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    import hashlib

    # the certificate was granted and then suspended (a restoration lifts a suspension)
    for name, outcome, on in (
        ("2026-decision-1", "granted", "2026-05-01"),
        ("2026-decision-2", "suspended", "2026-09-01"),
    ):
        earlier = {
            "decision": "function",
            "catalog": "ss884000@1.0",
            "municipality": data["municipality"],
            "outcome": outcome,
            "date": on,
            "decided_by": {"name": "Maria Ekdahl"},
            "issuer": {"name": "Exempelcert AB"},
            "certificate": "EC-9",
            "reason": "Övervakningen uteblev",
        }
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(earlier, allow_unicode=True), "utf-8")
    decision = folder / "restore.yaml"
    decision.write_text(
        yaml.safe_dump(
            {
                "decision": "function",
                "catalog": "ss884000@1.0",
                "municipality": data["municipality"],
                "outcome": "restored",
                "date": "2026-12-01",
                "decided_by": {"name": "Maria Ekdahl"},
                "issuer": {"name": "Exempelcert AB"},
                "certificate": "EC-9",
                "based_on": [
                    {"path": audit.name, "sha256": hashlib.sha256(audit.read_bytes()).hexdigest()}
                ],
            },
            allow_unicode=True,
        ),
        "utf-8",
    )
    loaded, problems = read_decision(decision)
    assert loaded is None
    assert {p.code for p in problems} == {"decision.overdue_minor"}
    assert all("kan inte återinföras" in p.sv for p in problems)


def test_a_renewal_before_expiry_continues_the_period_on_paper_and_in_the_register(
    run_cli: Run, tmp_path: Path
) -> None:
    import datetime as dt

    import yaml

    folder = tmp_path / "9930-norrbyn"
    shutil.copytree(EXAMPLES / "9930-norrbyn", folder)
    first = yaml.safe_load((folder / "2026-decision-1.yaml").read_text(encoding="utf-8"))
    renewal = dict(first, date="2029-09-01")
    renewal["persons"] = [
        dict(
            first["persons"][0],
            route="continuing_development",
            development=[
                {"activity": "Kurs i plan- och bygglagen", "date": "2028-03-01", "hours": 16},
                {"activity": "Nätverksträffar för lotsar", "date": "2029-02-01", "hours": 8},
            ],
        )
    ]
    renewed = folder / "2029-decision-1.yaml"
    renewed.write_text(yaml.safe_dump(renewal, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli(
        ["report", "certificate", str(renewed), "--format", "md", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    text = Path(result.output.split()[0]).read_text(encoding="utf-8")
    assert "- Giltigt till: 2032-11-05" in text  # the old end + 3 years, not 2032-09-01
    register = build_register([tmp_path], dt.date(2030, 1, 1))
    statuses = {p.id: (p.status, p.state.valid_until) for p in register.persons}
    assert statuses["lots-01"] == ("valid", dt.date(2032, 11, 5))
    assert statuses["lots-02"] == ("expired", dt.date(2029, 11, 5))


def test_two_certificates_never_share_a_file(run_cli: Run, tmp_path: Path) -> None:
    import yaml

    folder = tmp_path / "9930-norrbyn"
    shutil.copytree(EXAMPLES / "9930-norrbyn", folder)
    decision = folder / "2026-decision-1.yaml"
    out = tmp_path / "out"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    for first, second in (("EC-PL-2026/0101", "EC-PL-2026_0101"), ("EC-PL-1", "ec-pl-1")):
        data["persons"][0]["certificate"] = first
        data["persons"][1]["certificate"] = second
        decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        validated = run_cli(["validate", str(decision)])
        assert validated.exit_code == 0  # a warning: the numbers are easily confused
        assert f"certifikatnumret {second} skiljer sig från {first} bara i" in validated.output
        result = run_cli(["report", "certificate", str(decision), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert f"certifikaten {first} och {second} skulle skrivas till samma fil" in result.output
        assert "inget skrevs" in result.output
        assert not out.exists()


def test_a_restoration_never_granted_prints_no_certificate(run_cli: Run, tmp_path: Path) -> None:
    import yaml

    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXAMPLES / "9910-exempelby", folder)
    decision = folder / "2026-decision-1.yaml"
    data = yaml.safe_load(decision.read_text(encoding="utf-8"))
    data.update(outcome="restored", reason="Övervakningen är nu gjord")
    decision.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(["report", "certificate", str(decision), "--format", "md", "--out", str(out)])
    assert result.exit_code == 2
    assert "outcome: certifikatet EC-FL-2026-001 har inget beviljande före detta beslut" in (
        result.output
    )
    assert not out.exists()


def test_register_of_a_file_that_is_no_decision_says_so(run_cli: Run, tmp_path: Path) -> None:
    audit = EXAMPLES / "9910-exempelby" / "2026-certification_audit.yaml"
    out = tmp_path / "out"
    result = run_cli(["register", str(audit), "--at", "2026-12-01", "--out", str(out)])
    assert result.exit_code == 2
    assert "2026-certification_audit.yaml: filen är inget certifieringsbeslut" in result.output
    assert not out.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(["register", str(empty), "--at", "2026-12-01", "--out", str(out)])
    assert result.exit_code == 0
    assert "inga certifieringsbeslut under" in result.output


def test_function_rows_name_the_municipality_as_holder_and_the_issuer_apart() -> None:
    import datetime as dt

    register = build_register([EXAMPLES], dt.date(2026, 12, 1))
    text = render_register(register, RegisterFormat.CSV, "sv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    function = next(row for row in rows if row["type"] == "function")
    assert (function["holder"], function["issuer"]) == ("Exempelby", "Exempelcert AB")
    person = next(row for row in rows if row["type"] == "person")
    assert (person["holder"], person["issuer"]) == ("lots-01", "Exempelcert AB")


def test_score_and_import_metrics_pass_over_decisions_in_the_folder(
    run_cli: Run, tmp_path: Path
) -> None:
    """README keeps decisions beside the audits in assessments/; folder commands still work."""
    folder = tmp_path / "assessments"
    shutil.copytree(EXAMPLES, folder)
    result = run_cli(["score", str(folder), "--format", "json", "--out", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    metrics = tmp_path / "matt.csv"
    metrics.write_text("kommunkod;nyckel;värde\n9920;nki_foretag;80\n", encoding="utf-8")
    result = run_cli(["import", "metrics", str(metrics), "--into", str(folder), "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "2026-test_certification.yaml: metrics.nki_foretag: 72 → 80" in result.output
    # a decision named on its own is still named for what it is
    decision = folder / "9910-exempelby" / "2026-decision-1.yaml"
    result = run_cli(["score", str(decision)])
    assert result.exit_code == 2
    assert "filen är ett certifieringsbeslut" in result.output


def test_a_restored_certificate_prints_the_period_of_its_grant(
    run_cli: Run, tmp_path: Path
) -> None:
    import yaml

    folder = tmp_path / "9910-exempelby"
    shutil.copytree(EXAMPLES / "9910-exempelby", folder)
    grant = yaml.safe_load((folder / "2026-decision-1.yaml").read_text(encoding="utf-8"))
    suspension = dict(grant, outcome="suspended", date="2026-06-15", reason="Övervakning uteblev")
    suspension.pop("based_on")
    restoration = dict(grant, outcome="restored", date="2026-07-01")
    for name, data in (("2026-decision-2", suspension), ("2026-decision-10", restoration)):
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run_cli(
        [
            "report",
            "certificate",
            str(folder / "2026-decision-10.yaml"),
            "--format",
            "md",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert result.exit_code == 0, result.output
    text = Path(result.output.split()[0]).read_text(encoding="utf-8")
    assert "- Giltigt från: 2026-05-20" in text and "- Giltigt till: 2029-05-20" in text
