"""The fast YAML path gives exactly what the full safe loader gives, and hands every hard case
(anchors, tags, merges, repeated keys, errors, deep nesting) to the full loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lotscert.yamlsource import MAX_DEPTH, ImpossibleDate, _fast_load, _load, read_source
from tests.paths import ROOT

PLAIN = """\
int: 12
negative: -3
hex: 0x1F
octal: 0o17
old_octal: 017
sexagesimal: 1:30
underscored: 1_000
float: 1.5
exponent: 1e3
infinite: .inf
yes_word: yes
on_word: On
false_word: FALSE
tilde: ~
null_word: null
empty:
date: 2026-11-23
datetime: 2026-11-23 10:00:00
zoned: 2026-11-23T10:00:00+01:00
quoted_number: "12"
single: 'x: y'
literal: |
  två
  rader
folded: >
  en
  rad
åäö: Åsa Öberg
7: integer key
2026-01-01: date key
~: null key
true: bool key
flow: {a: [1, 2, {b: c}], d: []}
list:
  - - nested
    - 2
  - {}
"""


def test_plain_document_matches_the_full_loader() -> None:
    fast, data = _fast_load(PLAIN)
    assert fast
    assert data == _load(PLAIN)
    assert repr(data) == repr(_load(PLAIN))  # same types too (1 vs 1.0 vs True)
    assert data["date"] == dt.date(2026, 11, 23)
    assert data["quoted_number"] == "12"
    assert data[None] == "null key"


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # an explicit tag
        "a: !custom x\n",
        "base: &b {x: 1}\nother:\n  <<: *b\n",  # a merge key
        "a: 1\na: 2\n",  # a repeated key
        "1: x\n1.0: y\n",  # keys equal in Python
        "? [a, b]\n: x\n",  # a collection as a key
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1, 2\n",  # a syntax error
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",  # too deep
        "",  # no document
    ],
)
def test_hard_cases_go_to_the_full_loader(text: str) -> None:
    assert _fast_load(text) == (False, None)


def test_nesting_at_the_limit_stays_on_the_fast_path() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    fast, data = _fast_load(text)
    assert fast
    assert data == _load(text)


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", "yaml.duplicate_key", 4),
        ("a: 1\nb: [1, 2\n", "yaml.syntax", 3),
    ],
)
def test_errors_are_still_located_by_the_full_loader(
    tmp_path: Path, text: str, code: str, line: int
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = read_source(path, "bad.yaml")
    assert source is None
    assert [(p.code, p.line) for p in problems] == [(code, line)]


def test_an_impossible_date_is_read_as_its_text_both_ways() -> None:
    """Not refused while reading: the schema check names it at its place (issue 12: it used to
    hide every other problem of the file)."""
    text = "a: 1\nwhen: 2026-02-30\n"
    fast, data = _fast_load(text)
    assert fast and data == _load(text) == {"a": 1, "when": "2026-02-30"}
    assert isinstance(data["when"], ImpossibleDate)


def test_every_yaml_file_of_the_project_loads_the_same_both_ways() -> None:
    files = [
        path
        for folder in ("assessments", "requirements", "tests", "src")
        for path in sorted((ROOT / folder).rglob("*.yaml"))
    ]
    assert len(files) > 100
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        fast, data = _fast_load(text)
        if not fast:
            continue
        compared += 1
        assert repr(data) == repr(_load(text)), path
    assert compared > 100


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.dates(),
    st.text(max_size=20),
    st.sampled_from(
        ["yes", "no", "on", "off", "~", "null", "0x1f", "1:30", "1_0", ".inf", "2026-1-1"]
    ),
)
_keys = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.dates())
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    data=st.dictionaries(_keys, _documents, max_size=6),
    flow=st.sampled_from([None, True, False]),
    width=st.sampled_from([20, 80]),
)
def test_any_dumped_document_loads_the_same_both_ways(
    data: dict[object, object], flow: bool | None, width: int
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, width=width)
    fast, loaded = _fast_load(text)
    assert fast  # what a program dumps (no anchors, no tags) is what the fast path reads
    assert repr(loaded) == repr(_load(text))
