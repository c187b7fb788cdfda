"""Translation tables: identical keys in every language, every key used exists, no prose in
templates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from lotscert.models.assessment import ASSESSMENT_KINDS
from lotscert.models.common import LANGUAGES
from lotscert.reports.env import TEMPLATE_DIR, css_string, markdown_escape
from lotscert.reports.formatting import format_date, format_delta, format_number, format_percent
from lotscert.reports.i18n import I18N_DIR, translations

SOURCE_DIR = I18N_DIR.parent


def test_every_language_has_the_same_keys() -> None:
    tables = {lang: translations(lang) for lang in LANGUAGES}
    assert {path.stem for path in I18N_DIR.glob("*.json")} == set(LANGUAGES)
    swedish = set(tables["sv"])
    for lang, table in tables.items():
        assert set(table) == swedish, f"{lang}: {sorted(set(table) ^ swedish)}"
        for key, text in table.items():
            assert text.strip(), f"{lang}.{key} is empty"
            placeholders = set(re.findall(r"\{(\w+)\}", text))
            assert placeholders == set(re.findall(r"\{(\w+)\}", tables["sv"][key])), key
    different = [key for key in swedish if tables["sv"][key] != tables["en"][key]]
    assert len(different) > len(swedish) * 0.8, "most texts should differ between sv and en"


def test_every_key_the_code_and_templates_use_exists() -> None:
    table = translations("sv")
    used: set[str] = set()
    for template in TEMPLATE_DIR.glob("*.j2"):
        used |= set(re.findall(r"\bt\.([a-z_]+)", template.read_text(encoding="utf-8")))
    for module in SOURCE_DIR.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        used |= set(re.findall(r'tr\(\s*lang,\s*"([a-z_]+)"', text))
    # Keys composed from a value: one per assessment kind, input role and finding group.
    used |= {f"title_certificate_{kind}" for kind in ASSESSMENT_KINDS}
    used |= {f"input_role_{role}" for role in ("catalog", "assessment", "previous")}
    used |= {f"findings_{group}" for group in ("opened", "closed", "still_open")}
    missing = sorted(key for key in used if key not in table)
    assert not missing, missing


_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]{2,}")


@pytest.mark.parametrize(
    "template",
    sorted(path.name for path in TEMPLATE_DIR.glob("*.j2") if not path.name.endswith(".css.j2")),
)
def test_templates_hold_no_words_of_their_own(template: str) -> None:
    text = (TEMPLATE_DIR / template).read_text(encoding="utf-8")
    text = _JINJA.sub(" ", text)
    text = _TAG.sub(" ", text)
    words = set(_WORD.findall(text)) - {"SHA", "json", "lotscert", "integrity", "nbsp"}
    assert not words, f"{template} has hard-coded text: {sorted(words)}"


def test_numbers_and_dates_per_language() -> None:
    assert format_percent(Decimal("70.8"), "sv") == "70,8 %"
    assert format_percent(Decimal("70.8"), "en") == "70.8%"
    assert format_percent(Decimal("100"), "sv") == "100,0 %"
    assert format_percent(None, "sv") == "—"
    assert format_number(Decimal("4.250000"), "sv") == "4,25"
    assert format_number(Decimal("100"), "en") == "100"
    assert format_number(Decimal("0.75"), "en") == "0.75"
    assert format_delta(Decimal("18.4"), "sv") == "+18,4"
    assert format_delta(Decimal("-3.25"), "en") == "\u22123.3"
    assert format_delta(Decimal("0"), "sv") == "±0,0"
    assert format_date(dt.date(2026, 3, 15)) == "2026-03-15"


def test_markdown_and_css_escaping() -> None:
    assert markdown_escape("a | b <script> [x](javascript:y) *z*") == (
        r"a \| b &lt;script&gt; \[x\](javascript:y) \*z\*"
    )
    assert markdown_escape("rad ett\nrad två") == "rad ett rad två"
    quoted = css_string('Exempelby "</style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert "<" not in quoted and '"' not in quoted[1:-1]


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [("sv", "1 kommun", "2 kommuner"), ("en", "1 municipality", "2 municipalities")],
)
def test_counts_agree_with_their_noun(lang: str, one: str, many: str) -> None:
    from lotscert.reports.i18n import counted

    assert counted(lang, 1, "noun_municipality") == one
    assert counted(lang, 2, "noun_municipality") == many
    assert counted(lang, "1", "noun_certified_pilot").startswith("1 certifi")


def test_one_finding_is_singular_in_english() -> None:
    from lotscert.reports.i18n import tr

    assert tr("en", "findings_without_action", plural=1, count=1) == (
        "1 finding has no planned action."
    )
    assert tr("en", "findings_without_action", plural=3, count=3) == (
        "3 findings have no planned action."
    )
    assert (
        tr("sv", "findings_without_action", plural=1, count=1) == "1 fynd saknar planerad åtgärd."
    )
