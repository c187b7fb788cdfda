"""HTML structure: sections, findings worst first, integrity digest, no external assets."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lotscert.reports import ReportFormat, ReportKind, read_integrity, write_report
from lotscert.reports.integrity import build_integrity
from tests.reports.report_helpers import HOSTILE_LINK, PLANTED_SCRIPT, SAFE_LINK


class Collector(HTMLParser):
    """Everything the assertions look at, from one pass over the document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.sections: list[str] = []
        self.grades: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.script_text: list[str] = []
        self.headings: list[str] = []
        self.th_count = 0
        self.tags: set[str] = set()
        self.digest_text: list[str] = []
        self._in_script = False
        self._in_digest = False
        self._in_heading = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "section" and attributes.get("id"):
            self.sections.append(str(attributes["id"]))
        if tag == "article" and attributes.get("data-grade"):
            self.grades.append(str(attributes["data-grade"]))
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            if attributes.get(name) is not None:
                self.urls.append((tag, name, str(attributes[name])))
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
        if tag == "code" and attributes.get("id") == "integrity-digest":
            self._in_digest = True
        if tag in ("h1", "h2", "h3"):
            self._in_heading = True
            self.headings.append("")
        if tag == "th":
            self.th_count += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "code":
            self._in_digest = False
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)
            return
        self.text.append(data)
        if self._in_digest:
            self.digest_text.append(data)
        if self._in_heading:
            self.headings[-1] += data


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_gap_report_structure(contract: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, catalog = contract
    [html] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.HTML, "sv", tmp_path, catalog_paths=[catalog]
    )
    document = parse(html)
    assert document.lang == "sv"
    assert document.sections == [
        "verdict",
        "findings",
        "actions",
        "persons",
        "requirements",
        "measurements",
        "warnings",
        "integrity",
    ]
    assert document.grades == ["major", "minor", "minor", "observation"]
    assert document.headings[0] == "Gapanalys"
    assert document.th_count > 20
    assert "svg" in document.tags
    assert {"link", "img", "iframe", "object", "embed"}.isdisjoint(document.tags)
    # The integrity digest: visible, machine-readable, and the digest of the input files.
    expected = build_integrity([("catalog", catalog), ("assessment", assessment)])
    assert "".join(document.digest_text) == expected.digest
    recorded = read_integrity(html)
    assert (recorded.inputs, recorded.digest) == (expected.inputs, expected.digest)
    # ... and the options ``verify`` re-creates the report with
    assert recorded.report is not None
    assert (recorded.report.kind, recorded.report.format, recorded.report.lang) == (
        "gap",
        "html",
        "sv",
    )
    assert (recorded.report.with_names, recorded.report.generated_at) == (False, None)
    [block] = [s for s in document.scripts if s.get("id") == "lotscert-integrity"]
    assert block.get("type") == "application/json"
    assert all(s.get("src") is None for s in document.scripts)
    # Only in-page anchors: the contract example has no URL evidence.
    assert all(url.startswith("#") for _, _, url in document.urls), document.urls


def test_english_report_is_english(contract: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, catalog = contract
    [html] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.HTML, "en", tmp_path, catalog_paths=[catalog]
    )
    document = parse(html)
    text = " ".join(document.text)
    assert document.lang == "en"
    assert document.headings[0] == "Gap report"
    assert "Not ready for certification" in text
    assert "One contact person per matter" in text  # the catalogue's en text
    assert "Åtgärdsplan" not in text and "Ingen åtgärd planerad" not in text


def test_user_text_is_escaped_and_only_http_links_are_links(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, catalog = hostile
    [html] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.HTML, "sv", tmp_path, catalog_paths=[catalog]
    )
    raw = html.read_text(encoding="utf-8")
    assert PLANTED_SCRIPT not in raw
    assert "&lt;script&gt;document.title=" in raw
    assert "window.pwned=1</script>" not in raw
    document = parse(html)
    # The planted text shows as text.
    assert PLANTED_SCRIPT in " ".join(document.text)
    external = [url for _, _, url in document.urls if not url.startswith("#")]
    assert external == [SAFE_LINK]
    assert HOSTILE_LINK in " ".join(document.text)
    # Scripts: our JSON block and the sorting script, nothing else.
    assert len(document.scripts) == 2
    assert "pwned" not in "".join(document.script_text).lower()
    # The style element was not broken out of.
    style = raw.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<script" not in style and "</style" not in style


def test_identical_inputs_give_identical_bytes(contract: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, catalog = contract
    for fmt in (ReportFormat.HTML, ReportFormat.MD, ReportFormat.JSON):
        [first] = write_report(
            ReportKind.GAP, [assessment], fmt, "sv", tmp_path / "a", catalog_paths=[catalog]
        )
        [second] = write_report(
            ReportKind.GAP, [assessment], fmt, "sv", tmp_path / "b", catalog_paths=[catalog]
        )
        assert first.read_bytes() == second.read_bytes()
        [stamped] = write_report(
            ReportKind.GAP,
            [assessment],
            fmt,
            "sv",
            tmp_path / "c",
            catalog_paths=[catalog],
            generated_at="2026-04-01 09:00",
        )
        assert "2026-04-01 09:00" in stamped.read_text(encoding="utf-8")
        assert "2026-04-01" not in first.read_text(encoding="utf-8")


def test_pdf_is_byte_identical_too(contract: tuple[Path, Path], tmp_path: Path) -> None:
    """Not promised by the issue, but true with WeasyPrint: no creation date in the PDF."""
    pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is not installed")
    assessment, catalog = contract
    [first, second] = [
        write_report(
            ReportKind.GAP,
            [assessment],
            ReportFormat.PDF,
            "sv",
            tmp_path / name,
            catalog_paths=[catalog],
        )[0]
        for name in ("a", "b")
    ]
    assert first.read_bytes() == second.read_bytes()


def test_persons_are_pseudonymous_unless_names_are_asked_for(
    contract: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, catalog = contract
    for fmt in (ReportFormat.HTML, ReportFormat.MD, ReportFormat.JSON):
        for kind in (ReportKind.GAP, ReportKind.PERSONS, ReportKind.CERTIFICATE):
            [plain] = write_report(
                kind, [assessment], fmt, "sv", tmp_path / "plain", catalog_paths=[catalog]
            )
            text = plain.read_text(encoding="utf-8")
            assert "Bo Berg" not in text and "Cecilia Ek" not in text, (kind, fmt)
            assert "lots-01" in text
    [named] = write_report(
        ReportKind.PERSONS,
        [assessment],
        ReportFormat.HTML,
        "sv",
        tmp_path / "named",
        catalog_paths=[catalog],
        with_names=True,
    )
    assert "Bo Berg (lots-01)" in named.read_text(encoding="utf-8")
    [named_json] = write_report(
        ReportKind.GAP,
        [assessment],
        ReportFormat.JSON,
        "sv",
        tmp_path / "named",
        catalog_paths=[catalog],
        with_names=True,
    )
    persons = json.loads(named_json.read_text(encoding="utf-8"))["result"]["persons"]
    assert [person["name"] for person in persons] == ["Bo Berg", "Cecilia Ek"]


def test_example_municipality_is_watermarked(contract: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, catalog = contract
    [html] = write_report(
        ReportKind.CERTIFICATE,
        [assessment],
        ReportFormat.HTML,
        "sv",
        tmp_path,
        catalog_paths=[catalog],
    )
    raw = html.read_text(encoding="utf-8")
    assert 'class="watermark"' in raw
    assert "Exempeldata – fiktiv kommun" in raw
    assert "@bottom-left" in raw  # on every printed page, too


def test_certificate_titles_follow_the_kind(contract: tuple[Path, Path], tmp_path: Path) -> None:
    assessment, catalog = contract
    [html] = write_report(
        ReportKind.CERTIFICATE,
        [assessment],
        ReportFormat.HTML,
        "sv",
        tmp_path,
        catalog_paths=[catalog],
    )
    document = parse(html)
    assert document.headings[0] == "Sammanfattning av självskattning"
    assert document.sections[:3] == ["scope", "decision", "findings"]
    assert "signatures" in document.sections and document.sections[-1] == "integrity"
    text = " ".join(document.text)
    assert "inte ett certifikat" in text
    text_of = assessment.read_text(encoding="utf-8").replace(
        "kind: self_assessment", "kind: test_certification"
    )
    audit = tmp_path / "contract" / "audit.yaml"
    audit.write_text(text_of, encoding="utf-8")
    [html] = write_report(
        ReportKind.CERTIFICATE,
        [audit],
        ReportFormat.HTML,
        "sv",
        tmp_path / "audit",
        catalog_paths=[catalog],
    )
    assert parse(html).headings[0] == "Sammanfattning av testcertifiering"


def test_markdown_escapes_user_text_and_links_only_http(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    assessment, catalog = hostile
    [md] = write_report(
        ReportKind.GAP, [assessment], ReportFormat.MD, "sv", tmp_path, catalog_paths=[catalog]
    )
    text = md.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>" not in text
    assert "&lt;script&gt;document.title='PWNED'" in text
    assert (
        "[https://example.org/kf/beslut?nr=145&amp;ar=2025]"
        "(<https://example.org/kf/beslut?nr=145&ar=2025>)" in text
    )
    assert "](<javascript:" not in text and "javascript:alert(document.domain)" in text
