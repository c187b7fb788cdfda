"""yamlsource shortcuts: the depth bound never lets a too-deep file through; cached tags."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from lotscert.yamlsource import MAX_DEPTH, _depth_bound, _nesting_depth, read_source

SAMPLES = [
    "a: 1\n",
    "a: [1, [2, [3]]]\n",
    "- - - x\n",
    "- a: 1\n  b: [1, {c: 2}]\n",
    "key:\n- a\n- b:\n  - c\n",
    "? - a\n  - b\n: x\n",
    "-\t-\tx\n",
    "--- \n- a\n",
    "a:\n  b:\n    c:\n      d:\n      - - e\n",
    "a: {b: {c: {d: [1, 2, {e: f}]}}}\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_bound_is_never_below_the_real_depth(text: str) -> None:
    deepest, _ = _nesting_depth(text, 10_000)
    assert _depth_bound(text) >= deepest


def _block(depth: int) -> str:
    return "".join(" " * level + f"k{level}:\n" for level in range(depth)) + " " * depth + "x\n"


def _flow(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize("make", [_block, _flow])
def test_a_plain_file_nested_too_deep_is_refused_where_the_scan_says(
    tmp_path: Path, make: object
) -> None:
    assert callable(make)
    text = make(MAX_DEPTH + 5)
    assert MAX_DEPTH < _depth_bound(text) <= 500  # the path that parses first
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = read_source(path, "deep.yaml")
    assert source is None
    _, where = _nesting_depth(text, MAX_DEPTH)
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("yaml.too_deep", where.line + 1, where.column + 1)
    ]


@pytest.mark.parametrize("make", [_block, _flow])
def test_a_plain_file_just_within_the_limit_loads(tmp_path: Path, make: object) -> None:
    assert callable(make)
    text = make(MAX_DEPTH - 1)
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = read_source(path)
    assert problems == []
    assert source is not None and source.data == yaml.safe_load(text)


def test_too_deep_wins_over_a_syntax_error_after_it(tmp_path: Path) -> None:
    text = _flow(MAX_DEPTH + 5).rstrip("\n") + "\nb: [unclosed\n"
    path = tmp_path / "both.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = read_source(path)
    assert [p.code for p in problems] == ["yaml.too_deep"]


def test_remembered_scalar_tags_are_the_ones_pyyaml_gives(tmp_path: Path) -> None:
    text = (
        "a: yes\nb: 'yes'\nc: 2024-01-31\nd: '2024-01-31'\ne: 1_000\nf: 0x1F\ng: ~\nh: ''\n"
        'i: 1.5\nj: .inf\nk: null\nl: on\nm: 010\nn: "12"\n'
    )
    expected = yaml.safe_load(text)
    # The one difference from PyYAML, on purpose: a number with a decimal point is the exact
    # decimal its text says, not a binary float (infinity stays a float).
    expected["i"] = Decimal("1.5")
    for _ in range(2):  # the second time from the remembered tags
        path = tmp_path / "scalars.yaml"
        path.write_text(text, encoding="utf-8")
        source, problems = read_source(path)
        assert problems == [] and source is not None
        assert source.data == expected
        assert {k: type(v) for k, v in source.data.items()} == {
            k: type(v) for k, v in expected.items()
        }
