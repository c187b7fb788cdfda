"""Whether two written names could be the same person (DESIGN §6, Decisions are separate;
ISO/IEC 17021-1, 7.2: whoever decides on certification took no part in the audit).

The impartiality check compares the decision-maker with the audit team and with the audited
municipality's people. People write one name many ways, so the comparison is deliberately
generous: invisible characters (zero-width space, word joiner, soft hyphen) are dropped,
accents, case, compatibility forms and Cyrillic or Greek look-alike letters are folded
(``Wéster``, and ``Wеster`` with a Cyrillic е, are ``wester``), the order of the words does not
matter and punctuation only separates words (``Wester, Karin`` is
``Karin Wester``), extra words are allowed (``Karin Wester (Exempelcert)``), and an initial
stands for any word that starts with it (``K. Wester``). Two names are the same person when
every word of the shorter one finds its own word in the longer one and at least one of the
pairs is a whole word, not only an initial.

The holder of a person certificate is compared strictly instead (``same_spelling``): the name
printed on a certificate must be the one the examination recorded, in any word order and case.

Pure functions, no I/O, no text for people.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

#: Characters that show nothing but are not format characters (category Cf, always invisible).
_INVISIBLE_OTHER: frozenset[str] = frozenset(
    {
        "\u034f",  # combining grapheme joiner
        "\u115f",  # Hangul choseong filler
        "\u1160",  # Hangul jungseong filler
        "\u2800",  # Braille pattern blank
        "\u3164",  # Hangul filler
        "\uffa0",  # half-width Hangul filler
        *(chr(code) for code in range(0xFE00, 0xFE10)),  # variation selectors
    }
)


#: Cyrillic and Greek small letters that look like Latin ones: a name written with them
#: compares as the Latin name it imitates (``Kаrin`` with a Cyrillic а is Karin). The
#: validator also refuses such a mixed word in a name printed on a certificate.
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "ӏ": "l",
        "ο": "o",
        "α": "a",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "τ": "t",
    }
)


def invisible_characters(text: str) -> list[str]:
    """The characters of ``text`` that print as nothing (format characters and fillers), in
    order of appearance, each once."""
    found = [ch for ch in text if unicodedata.category(ch) == "Cf" or ch in _INVISIBLE_OTHER]
    return list(dict.fromkeys(found))


def _script(character: str) -> str | None:
    """The script of a letter by its Unicode name (LATIN, CYRILLIC, GREEK, …), or None."""
    if not character.isalpha():
        return None
    name = unicodedata.name(character, "")
    return name.split(" ", 1)[0] if name else None


def mixed_script_words(text: str) -> list[str]:
    """The words of ``text`` whose letters come from more than one script (``Kаrin`` with a
    Cyrillic а): a look-alike of another name."""
    mixed: list[str] = []
    for word in unicodedata.normalize("NFC", text).split():
        scripts = {script for ch in word if (script := _script(ch)) is not None}
        if len(scripts) > 1:
            mixed.append(word)
    return mixed


def name_words(name: str, *, hidden_separates: bool = False) -> tuple[str, ...]:
    """The words of a name as they are compared: compatibility forms and case folded, accents
    removed; anything that is not a letter separates words, and so does a small letter followed
    by a capital (``KarinWester``). Invisible characters are dropped (``Wes\u200bter`` is
    ``Wester``), or with ``hidden_separates`` taken as a space (``Karin\u200bWester``)."""
    hidden = invisible_characters(name)
    visible = "".join((" " if hidden_separates else "") if ch in hidden else ch for ch in name)
    words: list[str] = []
    current: list[str] = []
    previous_small = False
    for ch in unicodedata.normalize("NFKD", visible):
        category = unicodedata.category(ch)
        if category.startswith("M"):
            continue  # an accent on the letter before: Wéster is Wester
        if category.startswith("L"):
            if category == "Lu" and previous_small and current:
                words.append("".join(current))
                current = []
            current.append(ch.casefold())
            previous_small = category == "Ll"
        else:
            if current:
                words.append("".join(current))
                current = []
            previous_small = False
    if current:
        words.append("".join(current))
    return tuple(word.translate(_LOOK_ALIKES) for word in words)


def _pairs_up(short: list[str], long: list[str]) -> bool:
    """Whether every word of ``short`` takes its own word of ``long`` (equal, or an initial of
    it), with at least one pair of whole words. Linear in the number of words, so a hostile
    name of many thousand words costs no more than reading it."""
    remaining = Counter(long)
    unmatched: list[str] = []
    whole = 0
    for word in short:
        if len(word) > 1 and remaining[word] > 0:
            remaining[word] -= 1
            whole += 1
        else:
            unmatched.append(word)
    # What is left of the longer name, by first letter: initials, and whole words.
    initials: Counter[str] = Counter()
    words_by_letter: Counter[str] = Counter()
    for word, count in remaining.items():
        if count > 0:
            (initials if len(word) == 1 else words_by_letter)[word[0]] += count
    # A whole word left over can only pair with an initial; an initial with either (a whole
    # word first, keeping the initials for the whole words that need them).
    for word in sorted(unmatched, key=len, reverse=True):
        letter = word[0]
        if len(word) == 1 and words_by_letter[letter] > 0:
            words_by_letter[letter] -= 1
        elif initials[letter] > 0:
            initials[letter] -= 1
        else:
            return False
    return whole > 0


def _same_words(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if _pairs_up(short, long):
        return True
    # Equal lengths: an initial may sit on either side, so try the other way round too.
    return len(a) == len(b) and _pairs_up(long, short)


@lru_cache(maxsize=4096)
def _spellings(name: str) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """The name's words with invisible characters dropped and read as a space, each with its
    whole words (a name is compared with many others: read it once)."""
    found = []
    for hidden_separates in (False, True):
        words = name_words(name, hidden_separates=hidden_separates)
        found.append((words, frozenset(word for word in words if len(word) > 1)))
    return tuple(found)


def same_person(first: str, second: str) -> bool:
    """Whether two written names could be the same person (generous; see the module text)."""
    for a, whole_a in _spellings(first):
        for b, whole_b in _spellings(second):
            # at least one whole word in common, or no pairing can hold (and this is quick)
            if not whole_a.isdisjoint(whole_b) and _same_words(list(a), list(b)):
                return True
    return False


def same_spelling(first: str, second: str) -> bool:
    """Whether two names are written alike: the same words with the same letters and accents,
    in any order and case, whatever the spacing and punctuation between them."""

    def words(name: str) -> list[str]:
        composed = unicodedata.normalize("NFC", name).casefold()
        cleaned = "".join(ch if ch.isalpha() or ch == "-" else " " for ch in composed)
        return sorted(cleaned.split())

    return bool(words(first)) and words(first) == words(second)
