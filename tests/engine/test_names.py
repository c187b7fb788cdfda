"""Whether two written names could be the same person: the impartiality check relies on it, so
a decision-maker's name cannot slip past it by being written differently (issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotscert.engine.names import (
    invisible_characters,
    mixed_script_words,
    name_words,
    same_person,
    same_spelling,
)

# Letters a Swedish name is written with, plain and accented (no look-alikes between words).
_LETTERS = "abcdefghijklmnoprstuvyzåäöéü"
words = st.text(alphabet=_LETTERS, min_size=2, max_size=9)
names = st.lists(words, min_size=2, max_size=4, unique=True)
_HIDDEN = ["\u200b", "\u2060", "\u00ad", "\u200d", "\ufeff", "\u2062"]


def _written(parts: list[str]) -> str:
    return " ".join(part.capitalize() for part in parts)


@pytest.mark.parametrize(
    "variant",
    [
        "Karin Wester",
        "karin  WESTER",
        "Karin \u200bWester",
        "Karin\u2060 Wester",
        "Karin\u200bWester",
        "Kar\u00adin Wester",
        "Wester, Karin",
        "Wester Karin",
        "K. Wester",
        "K Wester",
        "Karin Wéster",
        "Karin\u00a0Wester",
        "Karin Wester (Exempelcert)",
        "Ｋａｒｉｎ Ｗｅｓｔｅｒ",
        "Karin Maria Wester",
        "K\u0430rin W\u0435ster",  # Cyrillic а and е
    ],
)
def test_the_lead_auditor_written_another_way_is_the_same_person(variant: str) -> None:
    assert same_person(variant, "Karin Wester")
    assert same_person("Karin Wester", variant)


@pytest.mark.parametrize(
    "other",
    [
        "Maria Ekdahl",
        "Kalle Wester",
        "Karin Holm",
        "Lars Nyström",
        "K. Holm",
        "Karin-Lisa Westerberg",
    ],
)
def test_other_people_are_not_the_lead_auditor(other: str) -> None:
    assert not same_person(other, "Karin Wester")


@given(names, st.data())
def test_any_name_matches_itself_written_any_other_way(
    parts: list[str], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(parts))
    hidden = data.draw(st.sampled_from(_HIDDEN))
    where = data.draw(st.integers(0, len(order) - 1))
    spelt = [part.upper() if data.draw(st.booleans()) else part.capitalize() for part in order]
    spelt[where] = spelt[where][:1] + hidden + spelt[where][1:]
    separator = data.draw(st.sampled_from([" ", ", ", "  ", "\u00a0"]))
    variant = separator.join(spelt)
    assert same_person(variant, _written(parts))
    initialled = [part[0] + "." for part in parts[:-1]] + [parts[-1]]
    assert same_person(_written(initialled), _written(parts))


@given(names, names)
def test_the_comparison_is_symmetric(first: list[str], second: list[str]) -> None:
    assert same_person(_written(first), _written(second)) == same_person(
        _written(second), _written(first)
    )


@given(names, names)
def test_names_without_a_word_or_initial_in_common_are_different_people(
    first: list[str], second: list[str]
) -> None:
    def folded(parts: list[str]) -> set[str]:
        return {word for part in parts for word in name_words(part)}

    if folded(first) & folded(second) or {w[0] for w in folded(first)} & {
        w[0] for w in folded(second)
    }:
        return
    assert not same_person(_written(first), _written(second))


def test_invisible_characters_are_found_once_each() -> None:
    assert invisible_characters("Karin \u200bWester\u200b") == ["\u200b"]
    assert invisible_characters("Karin\u2060 W\u3164ester") == ["\u2060", "\u3164"]
    assert invisible_characters("Karin Wéster") == []


def test_a_word_mixing_alphabets_is_found() -> None:
    assert mixed_script_words("K\u0430rin Wester") == ["K\u0430rin"]  # Cyrillic а
    assert mixed_script_words("Karin Wéster") == []
    assert mixed_script_words("Карин Вестер") == []  # all Cyrillic is a name, not a look-alike


def test_a_holder_is_spelt_as_examined() -> None:
    assert same_spelling("Tomas Häggström", "Tomas Häggström")
    assert same_spelling("Häggström, Tomas", "tomas  häggström")
    assert not same_spelling("Tomas Andersson", "Tomas Häggström")
    assert not same_spelling("Tomas Haggstrom", "Tomas Häggström")
    assert not same_spelling("", "")


def _reference(first: list[str], second: list[str]) -> bool:
    """The rule by brute force: some one-to-one pairing of the shorter name's words into the
    longer's, each pair equal or an initial and its word, at least one pair of equal words."""
    from itertools import permutations

    def pair(x: str, y: str) -> bool:
        return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))

    short, long = (first, second) if len(first) <= len(second) else (second, first)
    if not short:
        return False
    return any(
        all(pair(x, y) for x, y in zip(short, chosen, strict=True))
        and any(x == y and len(x) > 1 for x, y in zip(short, chosen, strict=True))
        for chosen in permutations(long, len(short))
    )


small_words = st.text(alphabet="abk", min_size=1, max_size=3)


@given(st.lists(small_words, max_size=5), st.lists(small_words, max_size=5))
def test_the_quick_pairing_is_the_brute_force_rule(first: list[str], second: list[str]) -> None:
    assert same_person(" ".join(first), " ".join(second)) == _reference(first, second)
