"""No names unless asked: one pseudonymisation pass behind ``redact``, every report, every JSON
result and every terminal table.

The spellings of issue #15 each have a test, and a hypothesis property writes generated names
into every free-text field in generated spellings, then reads every output kind back (HTML and
Markdown unescaped, JSON decoded, YAML loaded) and finds no declared name in any of them.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lotscert.cli.score import score_with_catalog
from lotscert.cli.score_view import ScoreView, plain_text
from lotscert.models.assessment import Assessment
from lotscert.pseudonyms import (
    NameTable,
    fold,
    name_table,
    normalise,
    pseudonymise_all,
    words,
)
from lotscert.redact import redact_assessment
from lotscert.reports import ReportFormat, ReportKind
from lotscert.reports.api import iter_reports
from lotscert.resultjson import result_to_json
from lotscert.yamlwrite import dump_assessment
from tests.paths import CONTRACT_ASSESSMENT, CONTRACT_CATALOG


@pytest.fixture
def table() -> NameTable:
    table = NameTable("sv")
    table.add("Lena Backlund", "lots-01")
    table.add("Per Ålund", "bedömare 1")
    return table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lena_backlund@kommun.se", "lots-01@kommun.se"),
        ("intervju_backlund.pdf", "intervju_lots-01.pdf"),
        ("Backlund2026", "lots-012026"),
        ("LenaBacklund", "lots-01"),
        ("Back\u00adlund har ordet", "lots-01 har ordet"),
        (unicodedata.normalize("NFD", "Näringslivschef Per Ålund"), "Näringslivschef bedömare 1"),
        ("L.Backlund", "L.lots-01"),
        ("lbacklund@kommun.se", "lots-01@kommun.se"),  # the initial too (attack B, 8)
        ("Lenas och BACKLUNDS anteckningar", "lots-01 och lots-01 anteckningar"),
        ("Ålunds", "bedömare 1"),
        ("Back\u034flund", "lots-01"),  # combining grapheme joiner
        ("BACK\ufe0fLUND", "lots-01"),  # variation selector
        ("Lena\u200bBacklund", "lots-01"),  # zero-width space
        ("\uff22\uff41\uff43\uff4b\uff4c\uff55\uff4e\uff44", "lots-01"),  # full-width
        ("OBrien och Backlundlena", "OBrien och lots-01"),
        ("ingen här", "ingen här"),
    ],
)
def test_the_spellings_of_the_issue(table: NameTable, text: str, expected: str) -> None:
    assert table.replace(text) == expected


def test_replacements_are_never_scanned_again() -> None:
    table = NameTable("sv")
    table.add("Lena Backlund", "lena-backlund")  # a label that itself holds the name
    assert table.replace("L.Backlund och Lena") == "L.lena-backlund och lena-backlund"


def test_a_person_id_holding_a_name_is_replaced_everywhere() -> None:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data["persons"][0]["id"] = "bo-berg"
    data["responses"]["P1"]["comment"] = "Enligt bo-berg och Berg2026"
    [hidden] = pseudonymise_all([Assessment.model_validate(data)])
    assert hidden.persons[0].id == "person-1"
    assert hidden.responses["P1"].comment == "Enligt person-1 och person-12026"


def test_names_declared_in_last_years_file_are_hidden_in_this_years() -> None:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    last_year = Assessment.model_validate(
        {**data, "persons": [{**data["persons"][0], "name": "Dagny Dahl", "id": "lots-09"}]}
    )
    this_year = Assessment.model_validate(
        {
            **data,
            "responses": {
                **data["responses"],
                "P3": {**data["responses"]["P3"], "comment": "Dagny slutade"},
            },
        }
    )
    table = name_table([this_year, last_year])
    assert table.replace("Dagny slutade") == "lots-09 slutade"


# --- the property: every output kind --------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéüABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉÜ"
_FILLER = ["möte", "protokoll", "enligt", "bilaga", "2026", "§", "—", "(", ")"]
_name_word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWYZÅÄÖ"),
    st.text(alphabet=_LETTERS[:31], min_size=2, max_size=9),
)
_name = st.lists(_name_word, min_size=1, max_size=3, unique_by=str.casefold)


def _spellings(words_of_name: list[str]) -> list[str]:
    """The ways a name is written in the generated texts."""
    whole = " ".join(words_of_name)
    last = words_of_name[-1]
    soft = last[:2] + "\u00ad" + last[2:]
    full_width = "".join(
        chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalpha() else ch for ch in last
    )
    return [
        full_width,
        last[:2] + "\u034f" + last[2:],
        whole,
        whole.upper() + "s",
        "_".join(word.lower() for word in words_of_name) + "@kommun.se",
        "".join(word.capitalize() for word in words_of_name),
        f"intervju_{last.lower()}.pdf",
        f"{last}2026",
        soft,
        unicodedata.normalize("NFD", whole),
        f"{words_of_name[0][0]}.{last}",
    ]


def _text(draw: st.DrawFn, names: list[list[str]]) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_FILLER),
                st.tuples(st.sampled_from(names), st.integers(0, 10)).map(
                    lambda pair: _spellings(pair[0])[pair[1]]
                ),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return " ".join(pieces)


@st.composite
def _named_assessment(draw: st.DrawFn) -> tuple[dict[str, Any], list[list[str]]]:
    names = draw(st.lists(_name, min_size=3, max_size=3))
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    person_a, person_b, assessor = names
    data["persons"][0]["name"] = " ".join(person_a)
    data["persons"][1]["name"] = " ".join(person_b)
    if person_b[0].isascii():  # a name inside a person id
        data["persons"][1]["id"] = f"lots-{person_b[0].lower()}"
    data["assessors"][0]["name"] = " ".join(assessor)
    data["assessors"][0]["role"] = _text(draw, names)
    data["departments"][0]["name"] = _text(draw, names)
    for response in data["responses"].values():
        response["comment"] = _text(draw, names)
        for evidence in response.get("evidence", []):
            evidence["ref"] = _text(draw, names)
            evidence["note"] = _text(draw, names)
        if "action" in response:
            response["action"]["owner"] = _text(draw, names)
            response["action"]["text"] = _text(draw, names)
    for person in data["persons"]:
        person["role"] = _text(draw, names)
    for metric in data["metrics"].values():
        metric["source"] = _text(draw, names)
        metric["note"] = _text(draw, names)
    return data, names


_DIGEST = re.compile(r"\b[0-9a-f]{16,64}\b")


def _tokens(text: str) -> set[str]:
    text = normalise(_DIGEST.sub(" ", text))  # hex digests hold letter runs such as "aab"
    # compatibility and case folded, so that a full-width name would be seen as the name
    found = {fold(text[a:b]) for a, b in words(text)}
    found |= {fold(text[a:b]) for a, b in words(text, split_case=False)}
    return found


def _outputs(folder: Path, data: dict[str, Any]) -> dict[str, str]:
    """Every output kind made without --with-names, as the text a reader sees."""
    assessment = folder / "contract" / "assessment.yaml"
    catalog = folder / "contract" / CONTRACT_CATALOG.name
    previous = folder / "contract" / "previous.yaml"
    assessment.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONTRACT_CATALOG, catalog)
    assessment.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    previous.write_text(
        yaml.safe_dump({**data, "period": 2025, "date": "2025-03-15"}, allow_unicode=True),
        encoding="utf-8",
    )
    texts: dict[str, str] = {}
    for kind in (ReportKind.GAP, ReportKind.CERTIFICATE, ReportKind.PERSONS, ReportKind.TREND):
        paths = [assessment, previous] if kind is ReportKind.TREND else [assessment]
        for fmt in (ReportFormat.HTML, ReportFormat.MD, ReportFormat.JSON):
            [(_, produced)] = iter_reports(
                kind,
                paths,
                fmt,
                "sv",
                folder,
                catalog_paths=[catalog],
                previous=previous if kind is ReportKind.GAP else None,
            )
            texts[f"{kind.value}.{fmt.value}"] = _readable(produced.decode("utf-8"), fmt.value)
    scored = score_with_catalog(assessment, [catalog], with_names=False)
    texts["score.json"] = _readable(result_to_json(scored.result), "json")
    texts["score.table"] = plain_text(ScoreView(scored.result, scored.catalog, "sv"), 10_000)
    redacted = redact_assessment(Assessment.model_validate(data))
    texts["redact.yaml"] = _readable(dump_assessment(redacted), "yaml")
    return texts


def _readable(text: str, kind: str) -> str:
    if kind == "html":
        return html.unescape(text)
    if kind == "md":
        return html.unescape(re.sub(r"\\(.)", r"\1", text))
    if kind == "json":
        return "\n".join(_strings(json.loads(text)))
    return "\n".join(_strings(yaml.safe_load(text)))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (str(key), *_strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


_BACKGROUND: set[str] = set()


def _background(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every word the outputs hold without any generated text (template, catalogue, labels)."""
    if not _BACKGROUND:
        data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
        for text in _outputs(tmp_path_factory.mktemp("background"), data).values():
            _BACKGROUND.update(_tokens(text))
        _BACKGROUND.update(_tokens(" ".join(_FILLER)))
    return _BACKGROUND


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=_named_assessment())
def test_property_no_declared_name_in_any_output(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[dict[str, Any], list[list[str]]]
) -> None:
    data, names = case
    background = _background(tmp_path_factory)
    parts = {word.casefold() for name in names for word in name}
    parts |= {token for name in names for token in _tokens(" ".join(name)) if len(token) >= 2}
    if any(part in background or part + "s" in background for part in parts):
        return  # a name that is also a word of the template cannot be told from it
    outputs = _outputs(tmp_path_factory.mktemp("named"), data)
    for kind, text in outputs.items():
        tokens = _tokens(text)
        for part in parts:
            assert part not in tokens and part + "s" not in tokens, (kind, part)
            if len(part) >= 6:
                assert part not in fold(normalise(_DIGEST.sub(" ", text))), (kind, part)


def test_pdf_holds_no_name(tmp_path: Path) -> None:
    """The PDF is the HTML through WeasyPrint; its text layer is checked once with pdftotext."""
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data["responses"]["P1"]["comment"] = "Enligt bo_berg och CeciliaEk och Anna Anderssons chef"
    data["responses"]["L2"]["action"]["owner"] = "Näringslivschef Anna Andersson"
    assessment = tmp_path / "a.yaml"
    assessment.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    [(_, pdf)] = iter_reports(
        ReportKind.GAP,
        [assessment],
        ReportFormat.PDF,
        "sv",
        tmp_path,
        catalog_paths=[CONTRACT_CATALOG],
    )
    target = tmp_path / "r.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    tokens = _tokens(text)
    for part in ("bo", "berg", "cecilia", "ek", "anna", "andersson"):
        assert part not in tokens, part


# --- attack B, defect 8: ASCII, encoded and look-alike spellings ----------------------------------


@pytest.fixture
def swedish() -> NameTable:
    table = NameTable("sv")
    table.add("Eva Söderberg", "lots-03")
    table.add("Henrik Åberg", "lots-11")
    table.add("Gunnar Sjöholm", "lots-09")
    table.add("Linnea Franzén", "lots-05")
    table.add("Lars Nyström", "bedömare 1")
    table.add("Maria Holm", "bedömare 2")
    table.add("Jonas Ek", "lots-04")
    return table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eva.soderberg@exempelby.se", "lots-03@exempelby.se"),
        ("h.aberg@exempelby.se", "h.lots-11@exempelby.se"),
        ("ansvarig Sjoholm", "ansvarig lots-09"),
        (
            "https://intranet.exempelby.se/personal/linnea-franzen",
            "https://intranet.exempelby.se/personal/lots-05",
        ),
        ("SODERBERG och Soederberg", "lots-03 och lots-03"),
        ("Aaberg", "lots-11"),
        ("https://x.se/profil/Nystr%C3%B6m/cv", "https://x.se/profil/bedömare 1/cv"),
        ("Uttag gjort av Sj%C3%B6holm", "Uttag gjort av lots-09"),
        ("Sj&ouml;holm och Sj&#246;holm", "lots-09 och lots-09"),
        ("granskad av N\u0443str\u00f6m", "granskad av bedömare 1"),  # Cyrillic у
        ("\u0405j\u00f6holm", "lots-09"),  # Cyrillic Ѕ
        (
            "mholm@exempelby.se och jek@exempelby.se",
            "bedömare 2@exempelby.se och lots-04@exempelby.se",
        ),
        ("ingen 50% %ZZ &amp; här", "ingen 50% %ZZ &amp; här"),
        ("Söderbergs rapport", "lots-03 rapport"),
    ],
)
def test_names_in_ascii_encoded_and_lookalike_spellings(
    swedish: NameTable, text: str, expected: str
) -> None:
    assert swedish.replace(text) == expected


_SWEDISH_LETTERS = "abcdefghijklmnoprstuvyåäöé"


def _ascii_spelling(word: str) -> str:
    """A word as it is typed in an e-mail address: without its accents."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@settings(max_examples=200, derandomize=True)
@given(
    first=st.text(alphabet=_SWEDISH_LETTERS, min_size=2, max_size=8),
    last=st.text(alphabet=_SWEDISH_LETTERS, min_size=2, max_size=10),
    encoding=st.sampled_from(["ascii", "percent", "upper", "cyrillic"]),
)
def test_property_a_surname_is_found_however_it_is_encoded(
    first: str, last: str, encoding: str
) -> None:
    from urllib.parse import quote

    # The words around the name are not the person's: a surname "Http" rightly hides "https"
    # (its genitive), so the frame's own words are no name here.
    frame = {"se", "https", "x", "nu"}
    for part in (first, last):
        plain = _ascii_spelling(part).lower()
        assume(plain not in frame and plain + "s" not in frame and part.lower() not in frame)
    table = NameTable("sv")
    table.add(f"{first.capitalize()} {last.capitalize()}", "lots-01")
    spelled = {
        "ascii": _ascii_spelling(last),
        "percent": quote(last.capitalize()),
        "upper": _ascii_spelling(last).upper(),
        "cyrillic": last.replace("a", "\u0430").replace("o", "\u043e").replace("e", "\u0435"),
    }[encoding]
    assert table.replace(f"se https://x.se/{spelled}/ nu") == "se https://x.se/lots-01/ nu"


# --- attack B, defect 19: a surname that is the municipality's name ------------------------------


def test_a_surname_equal_to_the_municipality_name_leaves_the_municipality() -> None:
    data = yaml.safe_load(CONTRACT_ASSESSMENT.read_text(encoding="utf-8"))
    data["municipality"] = {"code": "1281", "name": "Lund"}
    data["persons"][0]["name"] = "Johanna Lund"
    person = data["persons"][0]["id"]
    data["departments"][0]["name"] = "Räddningstjänsten Lund"
    data["responses"]["P1"]["comment"] = "Johanna Lund och Johanna i Lunds kommun; JohannaLund"
    [hidden] = pseudonymise_all([Assessment.model_validate(data)])
    assert hidden.departments[0].name == "Räddningstjänsten Lund"
    assert hidden.responses["P1"].comment == f"{person} och {person} i Lunds kommun; {person}"
