"""The evidence cell's documented form, and that every evidence item reads back equal."""

from __future__ import annotations

import datetime as dt

import pytest
from excel_strategies import evidence
from hypothesis import given
from hypothesis import strategies as st

from lotscert.excel.evidence_cell import (
    EvidenceSyntaxError,
    format_evidence_cell,
    parse_evidence_cell,
)
from lotscert.models.assessment import Evidence


@pytest.mark.parametrize(
    ("item", "line"),
    [
        (
            Evidence(kind="document", ref="KS 2025-11-20 § 145", date=dt.date(2025, 11, 20)),
            "dokument: KS 2025-11-20 § 145 (2025-11-20)",
        ),
        (Evidence(kind="interview", ref="Kommundirektören"), "intervju: Kommundirektören"),
        (
            Evidence(kind="record", ref="Logg", note="uttag: 2026"),
            "register: Logg | uttag: 2026",
        ),
        (
            Evidence(kind="metric", ref="Bilaga (2025-01-01)"),
            "mått: Bilaga \\(2025-01-01)",
        ),
        (
            Evidence(kind="observation", ref="a|b\nc\\d", date=dt.date(2026, 1, 2), note=""),
            "observation: a\\|b\\nc\\\\d (2026-01-02) | ",
        ),
    ],
)
def test_documented_form(item: Evidence, line: str) -> None:
    assert format_evidence_cell([item]) == line
    assert parse_evidence_cell(line) == [item]


def test_english_words_and_hand_typed_backslashes() -> None:
    assert parse_evidence_cell("document: C:\\Users\\x (2025-01-01)\n\nRECORD: y") == [
        Evidence(kind="document", ref="C:\\Users\\x", date=dt.date(2025, 1, 1)),
        Evidence(kind="record", ref="y"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bara text", "found no ':'"),
        ("film: x", "unknown evidence kind 'film'"),
        ("dokument: x (2025-02-30)", "invalid date '2025-02-30'"),
        ("dokument:  (2025-02-01)", "the reference is empty"),
    ],
)
def test_malformed_lines(text: str, message: str) -> None:
    with pytest.raises(EvidenceSyntaxError, match=message):
        parse_evidence_cell(text)


@given(items=st.lists(evidence, max_size=4), lang=st.sampled_from(["sv", "en"]))
def test_every_evidence_list_reads_back_equal(items: list[Evidence], lang: str) -> None:
    assert parse_evidence_cell(format_evidence_cell(items, lang)) == items  # type: ignore[arg-type]
