"""The national report: a map of Sweden with one shape per municipality, counties, the score
distribution, requirement by requirement, good examples; HTML, Markdown, JSON and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from lotscert.municipalities import all_municipalities
from lotscert.reports import ReportFormat, ReportKind, write_report
from lotscert.reports.map import sweden_map
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG
from tests.reports.report_helpers import EXAMPLES, PLANTED_SCRIPT

PATH_TAG = re.compile(r"<path d=\"([^\"]+)\" fill=\"(#[0-9a-f]{6})\"><title>([^<]*)</title>")


def test_the_bundled_map_has_one_shape_for_every_municipality() -> None:
    data = sweden_map()
    assert set(data.paths) == {info.code for info in all_municipalities()}
    assert "Valmyndigheten" in data.source and "okfse/sweden-geojson" in data.source
    for code, path in data.paths.items():
        assert path.startswith("M") and path.endswith("z"), code
        numbers = [int(n) for n in re.findall(r"-?\d+", path.split("l", 1)[0])]
        assert 0 <= numbers[0] <= data.width and 0 <= numbers[1] <= data.height, code


def _municipality_file(
    folder: Path, code: str, name: str, period: int, *, publishable: bool = False, **extra: object
) -> Path:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data["municipality"] = {"code": code, "name": name}
    data["period"] = period
    data["date"] = f"{period}-03-01"
    if publishable:
        data["publishable"] = True
    data.update(extra)
    path = folder / f"{code}-{period}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def national(tmp_path: Path) -> Path:
    folder = tmp_path / "national"
    folder.mkdir()
    shutil.copyfile(CONTRACT_CATALOG, folder / "catalog.yaml")
    inputs = folder / "in"
    inputs.mkdir()
    _municipality_file(inputs, "0114", "Upplands Väsby", 2025)
    _municipality_file(inputs, "0114", "Upplands Väsby", 2026, publishable=True)
    _municipality_file(inputs, "1280", "Malmö", 2026)
    _municipality_file(inputs, "2584", "Kiruna", 2026, publishable=True)
    return folder


def _write(folder: Path, fmt: ReportFormat, lang: str = "sv") -> Path:
    [path] = write_report(
        ReportKind.NATIONAL,
        [folder / "in"],
        fmt,
        "en" if lang == "en" else "sv",
        folder / "out",
        catalog_paths=[folder / "catalog.yaml"],
    )
    return path


def test_html_map_colours_the_municipalities_in_the_report(national: Path) -> None:
    html = _write(national, ReportFormat.HTML).read_text(encoding="utf-8")
    shapes = PATH_TAG.findall(html)
    # two maps (decision and score), every municipality on each
    assert len(shapes) == 2 * 290
    by_title = {title.split(" (")[0]: fill for _, fill, title in shapes[:290]}
    assert by_title["Upplands Väsby"] != "#ececec" and by_title["Malmö"] != "#ececec"
    assert sum(1 for _, fill, _ in shapes[:290] if fill == "#ececec") == 287
    assert "Upplands Väsby (0114), 2026: 70,8 %" in html
    assert "Valmyndigheten" in html  # the map's source is named
    assert 'aria-describedby="national-table"' in html and 'id="national-table"' in html
    # the latest year only: 0114 appears once in the table of municipalities
    table = html.split('id="national-table"')[1]
    assert table.count("Upplands Väsby (0114)") == 1
    assert "Stockholms län" in html and "Skåne län" in html and "Norrbottens län" in html


def test_good_examples_only_from_publishable_assessments(national: Path) -> None:
    html = _write(national, ReportFormat.HTML).read_text(encoding="utf-8")
    examples = html.split('id="good-examples"')[1].split("</section>")[0]
    assert "Upplands Väsby" in examples and "Kiruna" in examples
    assert "Malmö" not in examples
    # declared names (assessor Anna Andersson, persons) never appear in the good examples
    for name in ("Anna", "Andersson", "Bo Berg", "Cecilia"):
        assert name not in examples


def test_markdown_and_json_carry_the_same_picture(national: Path) -> None:
    markdown = _write(national, ReportFormat.MD).read_text(encoding="utf-8")
    assert "## Per län" in markdown and "| Stockholms län | 26 | 1 |" in markdown
    assert "## Goda exempel" in markdown
    document = json.loads(_write(national, ReportFormat.JSON).read_text(encoding="utf-8"))
    assert document["lotscert_report"] == "national"
    assert document["assessments_read"] == 4
    assert [m["code"] for m in document["municipalities"]] == ["0114", "1280", "2584"]
    assert {m["code"]: m["publishable"] for m in document["municipalities"]} == {
        "0114": True,
        "1280": False,
        "2584": True,
    }
    assert sum(b["count"] for b in document["distribution"]) == 3
    assert {c["key"] for c in document["counties"]} == {"01", "12", "25"}
    examples = {e["id"]: e for e in document["good_examples"]}
    assert examples and all(
        {m["code"] for m in e["examples"]} <= {"0114", "2584"} for e in examples.values()
    )
    english = _write(national, ReportFormat.MD, "en").read_text(encoding="utf-8")
    assert "## By county" in english and "## Good examples" in english


def test_user_text_is_escaped_in_the_map_and_tables(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    (folder / "in").mkdir(parents=True)
    shutil.copyfile(CONTRACT_CATALOG, folder / "catalog.yaml")
    _municipality_file(folder / "in", "0180", "Stockholm" + PLANTED_SCRIPT, 2026, publishable=True)
    html = _write(folder, ReportFormat.HTML).read_text(encoding="utf-8")
    assert "<script>document.title" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.skipif(not list(EXAMPLES.glob("*/*.yaml")), reason="no example assessments")
def test_cli_writes_the_national_report(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli(["report", "national", str(EXAMPLES), "--out", str(tmp_path)], "en")
    assert result.exit_code == 0, result.output
    [written] = [Path(line) for line in result.output.splitlines() if line.endswith(".html")]
    assert written.name.startswith("national-") and written.exists()
    text = written.read_text(encoding="utf-8")
    assert "National picture" in text and "fictional example municipalities" in text


def test_cli_national_without_files_is_one_located_line(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(["report", "national", str(empty), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "inga bedömningar (av hela funktionen) att sammanställa" in result.output
    assert "Traceback" not in result.output


def test_a_county_s_own_picture_zooms_to_the_county(tmp_path: Path) -> None:
    folder = tmp_path / "kalmar"
    (folder / "in").mkdir(parents=True)
    shutil.copyfile(CONTRACT_CATALOG, folder / "catalog.yaml")
    _municipality_file(folder / "in", "0860", "Hultsfred", 2026)
    _municipality_file(folder / "in", "0821", "Högsby", 2026)
    html = _write(folder, ReportFormat.HTML).read_text(encoding="utf-8")
    boxes = re.findall(r'<svg class="chart map" viewBox="(\d+) (\d+) (\d+) (\d+)"', html)
    assert len(boxes) == 2
    width, height = int(boxes[0][2]), int(boxes[0][3])
    data = sweden_map()
    assert width < data.width / 2 and height < data.height / 3
    assert "ligger i Kalmar län: kartorna visar länet" in html
    # the legend counts the county's twelve municipalities: ten of them are not in the input
    assert "Ingen bedömning i underlaget (10)" in html
    # the whole country when the input spans two counties
    _municipality_file(folder / "in", "0180", "Stockholm", 2026)
    html = _write(folder, ReportFormat.HTML).read_text(encoding="utf-8")
    assert f'viewBox="0 0 {data.width} {data.height}"' in html
    assert "kartorna visar länet" not in html
