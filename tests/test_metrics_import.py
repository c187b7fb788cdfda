"""``lotscert import metrics``: a statistics-style CSV into many assessments at once; every bad
cell located as file:row:column; nothing written unless everything is right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from lotscert.errors import ValidationFailed
from lotscert.loading import load_assessment
from lotscert.metricsfile import parse_metrics_text, read_metrics_file
from lotscert.metricsimport import import_metrics
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG

Run = Callable[..., Result]
HEADER = "kommunkod;nyckel;värde;period;antal_svar;källa;källtyp;område;faktor;datum\n"


def _assessments(folder: Path, codes: dict[str, str], years: tuple[int, ...] = (2026,)) -> None:
    (folder / CONTRACT_CATALOG.name).write_bytes(CONTRACT_CATALOG.read_bytes())
    text = CONTRACT_ASSESSMENT.read_text(encoding="utf-8")
    for code, name in codes.items():
        for year in years:
            changed = text.replace(
                '{code: "9901", name: "Exempelby"}', f'{{code: "{code}", name: "{name}"}}'
            )
            changed = changed.replace("period: 2026", f"period: {year}")
            (folder / f"{code}-{year}.yaml").write_text(changed, encoding="utf-8")


def _csv(folder: Path, body: str, header: str = HEADER, name: str = "matt.csv") -> Path:
    path = folder / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_many_assessments_at_once_keeping_comments(tmp_path: Path, run_cli: Run) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred", "0114": "Upplands Väsby"})
    csv = _csv(
        tmp_path,
        "0860;nki_foretag;72,5;2025;143;Insikt 2025 (SKR);insikt;samtliga;nki;2026-03-01\n"
        "860;insikt_bemotande;78;2025;143;Insikt 2025 (SKR);insikt;samtliga;bemotande;2026-03-01\n"
        "0114;handlaggningstid_median_dagar;9;2025;;Ärendesystemet;case_system;;;2026-02-01\n",
    )
    before = (tmp_path / "0860-2026.yaml").read_text(encoding="utf-8")
    result = run_cli(["import", "metrics", str(csv), "--into", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Skrev 3 mätvärden till 2 filer." in result.output
    hultsfred = load_assessment(tmp_path / "0860-2026.yaml")
    nki = hultsfred.metrics["nki_foretag"]
    assert (nki.value, nki.period, nki.answers, nki.source_kind, nki.area, nki.factor) == (
        Decimal("72.5"),
        "2025",
        143,
        "insikt",
        "samtliga",
        "nki",
    )
    assert nki.date == dt.date(2026, 3, 1) and nki.source == "Insikt 2025 (SKR)"
    assert hultsfred.metrics["insikt_bemotande"].value == 78  # "860": the lost leading zero
    after = (tmp_path / "0860-2026.yaml").read_text(encoding="utf-8")
    assert after.splitlines()[:3] == before.splitlines()[:3]  # the file's comments stay
    vasby = load_assessment(tmp_path / "0114-2026.yaml")
    assert vasby.metrics["handlaggningstid_median_dagar"].value == 9  # replaced
    assert vasby.metrics["handlaggningstid_median_dagar"].answers is None
    # the same file again: nothing changes, nothing is written
    again = run_cli(["import", "metrics", str(csv), "--into", str(tmp_path)])
    assert again.exit_code == 0 and "Skrev 0 mätvärden till 0 filer." in again.output


def test_every_bad_cell_is_located_and_nothing_is_written(tmp_path: Path, run_cli: Run) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred"})
    csv = _csv(
        tmp_path,
        "08600;nki_foretag;72;2025;143;Insikt;;;;\n"
        '0860;nki foretag;=HYPERLINK("http://x");2025;-3;Insikt;;;;2026-13-01\n'
        "0860;nki_foretag;abc;2025;143;In\x07sikt;;;;\n"
        "0860;nki_avslag;61;2025;20;Insikt;;;;\n"
        "0860;nki_avslag;62;2025;20;Insikt;;;;\n",
    )
    before = {p: p.read_bytes() for p in tmp_path.glob("*.yaml")}
    result = run_cli(["import", "metrics", str(csv), "--into", str(tmp_path)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("lotscert:")]
    located = {line.split(": fel:")[0].removeprefix("lotscert: ") for line in lines}
    assert {
        f"{csv}:2:1",  # five digits
        f"{csv}:3:2",  # space in the key
        f"{csv}:3:3",  # a formula
        f"{csv}:3:5",  # negative answers
        f"{csv}:3:10",  # month 13
        f"{csv}:4:3",  # not a number
        f"{csv}:4:6",  # a control character
        f"{csv}:6:2",  # the same key twice for one municipality
    } <= located
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in tmp_path.glob("*.yaml")} == before


def test_english_messages(tmp_path: Path, run_cli: Run) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred"})
    csv = _csv(tmp_path, "0860;nki_foretag;x;2025;1;S;;;;\n")
    result = run_cli(["import", "metrics", str(csv), "--into", str(tmp_path)], "en")
    assert result.exit_code == 2
    assert f"{csv}:2:3: error: 'x' is not a number" in result.output


def test_unknown_column_and_missing_required_column(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_metrics_text("kommunkod;värde;färg\n0860;1;röd\n", "m.csv")
    messages = [d.format("sv") for d in raised.value.diagnostics]  # type: ignore[attr-defined]
    assert any(m.startswith("m.csv:1:3: fel: okänd kolumn 'färg'") for m in messages)
    assert any("kolumnen nyckel saknas" in m for m in messages)


def test_a_municipality_without_an_assessment_or_with_several(tmp_path: Path) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred"}, years=(2025, 2026))
    csv = _csv(tmp_path, "0860;nki_foretag;72;2025;143;Insikt;;;;\n2584;nki_foretag;70;;;;;;;\n")
    with pytest.raises(ValidationFailed) as raised:
        import_metrics(csv, [tmp_path])
    messages = [d.format("en") for d in raised.value.diagnostics]  # type: ignore[attr-defined]
    assert any(m.startswith(f"{csv}:2:1: error:") and "several assessments" in m for m in messages)
    assert any(m.startswith(f"{csv}:3:1: error:") and "no assessment of" in m for m in messages)
    only_2026 = _csv(tmp_path, "0860;nki_foretag;72;2025;143;Insikt;;;;\n", name="b.csv")
    outcome = import_metrics(only_2026, [tmp_path], year=2026)
    assert outcome.written == [tmp_path / "0860-2026.yaml"]
    assert "nki_foretag" not in load_assessment(tmp_path / "0860-2025.yaml").metrics


def test_dry_run_writes_nothing(tmp_path: Path, run_cli: Run) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred"})
    csv = _csv(tmp_path, "0860;nki_foretag;72;2025;143;Insikt;;;;\n")
    before = (tmp_path / "0860-2026.yaml").read_bytes()
    result = run_cli(["import", "metrics", str(csv), "--into", str(tmp_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "--dry-run: inget skrevs" in result.output
    assert (tmp_path / "0860-2026.yaml").read_bytes() == before


def test_comma_separated_with_bom_and_english_header(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(
        "\ufeffcode,key,value,answers\r\n0860,nki_foretag,72.5,143\r\n,,,\r\n".encode()
    )
    [row] = read_metrics_file(path)
    assert (row.code, row.key, row.value, row.answers, row.row) == (
        "0860",
        "nki_foretag",
        Decimal("72.5"),
        143,
        2,
    )


def test_not_utf8_is_one_located_line(tmp_path: Path, run_cli: Run) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred"})
    path = tmp_path / "m.csv"
    path.write_bytes("kommunkod;nyckel;värde\n0860;nki;7\n".encode("cp1252"))
    result = run_cli(["import", "metrics", str(path), "--into", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{path}:1:1" in result.output and "UTF-8" in result.output


def test_ten_thousand_rows_are_read(tmp_path: Path) -> None:
    body = "".join(
        f"{1000 + i // 100:04d};matt_{i % 100};{i},5;2025;{i};Källa\n" for i in range(10_000)
    )
    rows = parse_metrics_text("kommunkod;nyckel;värde;period;antal_svar;källa\n" + body, "big.csv")
    assert len(rows) == 10_000 and rows[-1].value == Decimal("9999.5")


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False))
def test_a_decimal_comma_reads_as_the_number(value: Decimal) -> None:
    cell = format(value, "f").replace(".", ",")
    [row] = parse_metrics_text(f"kommunkod;nyckel;värde\n0860;k;{cell}\n", "m.csv")
    assert row.value == value


def test_fields_the_file_has_no_column_for_are_kept(tmp_path: Path) -> None:
    _assessments(tmp_path, {"0860": "Hultsfred"})
    target = tmp_path / "0860-2026.yaml"
    text = target.read_text(encoding="utf-8").replace(
        'handlaggningstid_median_dagar: {value: 8, source: "Ärendesystemet", date: 2026-02-28}',
        'handlaggningstid_median_dagar: {value: 8, source: "Ärendesystemet", date: 2026-02-28, '
        'note: "81 ärenden"}',
    )
    target.write_text(text, encoding="utf-8")
    csv = _csv(
        tmp_path,
        "0860;handlaggningstid_median_dagar;9;2025\n",
        header="kommunkod;nyckel;värde;period\n",
    )
    import_metrics(csv, [tmp_path])
    metric = load_assessment(target).metrics["handlaggningstid_median_dagar"]
    assert (metric.value, metric.period, metric.note, metric.source) == (
        9,
        "2025",
        "81 ärenden",
        "Ärendesystemet",
    )
