"""The one pseudonymisation pass: no declared name of a person or an assessor, however written.

Used by ``lotscert redact`` and by every report, JSON result and terminal table made without
``--with-names`` — one function, so what a report hides and what a redacted copy hides cannot
drift apart.

What is hidden: every person's ``name`` (the person's pseudonymous ``id`` stays), every
assessor's ``name`` ("bedömare 1", "bedömare 2" …), and every mention of those names in any
free text of the assessment (comments, evidence references and notes, actions and their owners,
roles, organisations, metric sources and notes, department names): the whole name, each part of
it of two letters or more, the name written as one word (``lenabacklund``, ``OBrien``), in any
case, in the genitive (``Lenas``), as an initial and surname (``lbacklund@``, ``jek@`` for
Jonas Ek), without its accents or with them written out (``soderberg``, ``Soederberg`` for
Söderberg, ``aberg`` for Åberg, ``franzen`` for Franzén), percent-encoded or as an HTML
character reference (``Nystr%C3%B6m``, ``Sj&ouml;holm``), with a look-alike Cyrillic or Greek
letter (``Nуström``). A person id that itself contains a part of a declared name
(``lena-backlund``) is replaced by ``person-N`` everywhere. The municipality's name is never
hidden on its own: in Lund, Johanna Lund is hidden as "Johanna Lund" and "Johanna", while
"Lunds kommun" stays.

How text is matched: on NFC-normalised text with format characters (Unicode category Cf: soft
hyphen, zero-width joiners, bidirectional marks) and other invisible characters (combining
grapheme joiner, variation selectors) removed, so ``Back\\u00adlund`` and NFD-decomposed letters
are found, and with percent-encoded bytes and HTML character references read decoded; words are
compared folded character by character (:func:`fold`: look-alike letters read as Latin, case
and compatibility folded — full-width letters too — accents removed, ø as o, æ as ae);
words are split at everything that is not a letter — including ``_``, digits and punctuation —
and where the case changes (``LenaBacklund`` → Lena, Backlund); a name part of six letters or
more is also found inside a longer word (``lbacklund@…``). Replacements are written to the
output and never scanned again (``L.Backlund`` → ``L.lots-01``, once).

What cannot be found: a person the file does not declare (someone only mentioned in a comment).
Read free text before sending a copy away.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel

from lotscert.models.assessment import Assessment
from lotscert.models.common import Language

#: A name part this long is also looked for inside longer words.
SUBSTRING_MIN_LETTERS: Final = 6


#: Invisible characters that are not format characters (Cf) but are ignored when text is shown:
#: the combining grapheme joiner, variation selectors, Hangul fillers, Mongolian selectors.
_IGNORABLE: Final = frozenset(
    chr(code)
    for code in (
        0x034F,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        0x3164,
        0xFFA0,
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    )
)


#: The characters of _IGNORABLE, as one character class (a text without any is passed over at
#: the regular-expression engine's speed).
_IGNORABLE_RE: Final = re.compile("[" + "".join(sorted(_IGNORABLE)) + "]")


def normalise(text: str) -> str:
    """NFC, without format characters (soft hyphens, zero-width and bidirectional marks) and
    other invisible characters a name could be split with."""
    composed = unicodedata.normalize("NFC", text)
    if composed.isprintable() and _IGNORABLE_RE.search(composed) is None:
        return composed  # (a format character is never printable): nearly every text
    return "".join(
        ch for ch in composed if ch not in _IGNORABLE and unicodedata.category(ch) != "Cf"
    )


#: Letters that look like a Latin capital (Cyrillic, Greek), read as that capital before case
#: folding: ``Νilsson`` with a Greek capital nu is Nilsson.
_LOOKALIKE_CAPITALS: Final = dict(
    zip(
        "АВЕЅІЈКМНОРСТХУԚԜΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "ABESIJKMHOPCTXYQWABEZHIKMNOPTYX",
        strict=True,
    )
)
#: Small letters that look like a Latin letter (Cyrillic, Greek, dotless i, script g), and
#: Latin letters without a decomposition, as the ASCII a Swede types for them (ø → o, æ → ae).
_LOOKALIKE_SMALL: Final = {
    **dict(zip("аеорсухѕіјԁһӏԛԝүвкмнт", "aeopcyxsijdhlqwybkmht", strict=True)),
    **dict(zip("αορικνυχɡı", "aopikvuxgi", strict=True)),
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "þ": "th",
    "ħ": "h",
    "ŧ": "t",
}


@functools.cache
def _fold_character(character: str) -> str:
    """One character as it is compared: a look-alike capital read as its Latin letter, case
    folded, compatibility decomposed (full-width ``Ｂ`` is ``b``) without its accents (``ö`` is
    ``o``, as in an e-mail address), a look-alike small letter read as its Latin letter."""
    folded = _LOOKALIKE_CAPITALS.get(character, character).casefold()
    plain = "".join(
        _LOOKALIKE_SMALL.get(part, part)
        for part in unicodedata.normalize("NFKD", folded)
        if not unicodedata.combining(part)
    )
    return plain.casefold()


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_character`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_character(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE: Final = _FoldTable()


def fold(word: str) -> str:
    """Text as it is compared, character by character (:func:`_fold_character`): ``Söderberg``,
    ``SODERBERG``, ``Sоderberg`` with a Cyrillic о and full-width ``Ｓöderberg`` are all
    ``soderberg``."""
    if word.isascii():
        return word.lower()
    return word.translate(_FOLD_TABLE)


#: A declared name's letters as they are also written in ASCII (Söderberg → Soederberg,
#: Åberg → Aaberg): looked for as well as the name without its accents.
_TRANSLITERATION: Final = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "å": "aa",
        "ø": "oe",
        "æ": "ae",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "Å": "Aa",
        "Ø": "Oe",
        "Æ": "Ae",
    }
)


#: Encoded characters in text: a run of percent-encoded bytes (``Nystr%C3%B6m`` in an address)
#: and an HTML character reference (``Sj&ouml;holm``).
_ENCODED: Final = re.compile(
    r"(?:%[0-9A-Fa-f]{2})+|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)


@dataclass(frozen=True)
class _Decoded:
    """Text with its encoded characters decoded, and where each decoded character came from:
    ``starts[i]``/``ends[i]`` are the span of the original text character ``i`` was read from."""

    text: str
    starts: list[int] | None = None  # None: the text had nothing encoded
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the decoded characters ``start:end``."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _decode(text: str) -> _Decoded:
    if "%" not in text and "&" not in text:
        return _Decoded(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def keep(start: int, end: int) -> None:
        pieces.append(text[start:end])
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))

    position = 0
    found = False
    for match in _ENCODED.finditer(text):
        keep(position, match.start())
        position = match.end()
        encoded = match.group()
        if encoded.startswith("%"):
            decoded = _percent_decoded(encoded)
            if decoded is None:
                keep(match.start(), match.end())
                continue
            offset = match.start()
            for character in decoded:
                length = 3 * len(character.encode("utf-8"))
                pieces.append(character)
                starts.append(offset)
                ends.append(offset + length)
                offset += length
        else:
            character = html.unescape(encoded)
            if character == encoded:
                keep(match.start(), match.end())
                continue
            pieces.append(character)
            starts.extend([match.start()] * len(character))
            ends.extend([match.end()] * len(character))
        found = True
    if not found:
        return _Decoded(text)
    keep(position, len(text))
    return _Decoded("".join(pieces), starts, ends)


def _percent_decoded(encoded: str) -> str | None:
    """A run of percent-encoded bytes as text (None: not UTF-8, or only ASCII punctuation)."""
    try:
        decoded = bytes.fromhex(encoded.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if decoded.isprintable() else None


def _is_letter(character: str) -> bool:
    category = unicodedata.category(character)
    return category.startswith("L") or category.startswith("M")


def words(text: str, *, split_case: bool = True) -> Iterator[tuple[int, int]]:
    """The (start, end) of each word of ``text``: runs of letters, split (when ``split_case``)
    where a small letter is followed by a capital (``LenaBacklund`` → Lena, Backlund)."""
    start: int | None = None
    for index, character in enumerate(text):
        if not _is_letter(character):
            if start is not None:
                yield start, index
                start = None
            continue
        if start is None:
            start = index
            continue
        if split_case and text[index - 1].islower() and character.isupper():
            yield start, index
            start = index
    if start is not None:
        yield start, len(text)


def name_words(name: str, *, split_case: bool = True) -> list[str]:
    """The words of a name, normalised: ``Anna-Karin Ek`` → Anna, Karin, Ek."""
    text = normalise(name)
    return [text[start:end] for start, end in words(text, split_case=split_case)]


@dataclass
class NameTable:
    """Declared names and what replaces them, built over every assessment of one output.

    Lookups are by word (a dict), so the cost of a text does not grow with the number of
    declared names: a 2 000-person register costs little more than a 2-person one.
    """

    lang: Language
    #: first word (casefolded) → (the name's words casefolded, replacement), longest first
    sequences: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    #: a single word (casefolded) → replacement
    parts: dict[str, str] = field(default_factory=dict)
    #: a part of SUBSTRING_MIN_LETTERS letters or more (casefolded) → replacement
    long_parts: dict[str, str] = field(default_factory=dict)
    #: person id → new id, for ids that contain a name
    renamed_ids: dict[str, str] = field(default_factory=dict)
    assessors: dict[str, str] = field(default_factory=dict)
    #: words (folded) never hidden on their own: the municipality's name
    kept: set[str] = field(default_factory=set)
    #: any part, as a regular expression over folded text (None: to be made again)
    _any_part: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    #: the first SUBSTRING_MIN_LETTERS letters of every long part (for :meth:`_inside`)
    _any_long_part: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def add(self, name: str, label: str) -> None:
        """Hide ``name`` (whole and by part) behind ``label``, also as it is written in ASCII
        (``Söderberg`` as ``soderberg`` and ``Soederberg``).

        A name is split both with and without case changes (``McDonald`` is Mc, Donald and
        McDonald), so each way the text may be split finds it. A part that is also a word of
        the organisation (:attr:`kept`: the municipality's name) is only hidden in the whole
        name (``Johanna Lund``), never alone (``Lund``)."""
        for spelling in dict.fromkeys((name, normalise(name).translate(_TRANSLITERATION))):
            self._add(spelling, label)

    def _add(self, name: str, label: str) -> None:
        split = tuple(fold(word) for word in name_words(name))
        whole = tuple(fold(word) for word in name_words(name, split_case=False))
        # Every run of two or more words of the name, as words (``O'Brien`` of ``Sean O'Brien``)
        # and written as one word, either way round (``OBrien``, ``lenabacklund@…``,
        # ``backlundlena``): no word boundary would find those otherwise.
        runs = {
            split[start:end]
            for start in range(len(split))
            for end in range(start + 2, len(split) + 1)
        }
        joined = {"".join(run) for run in runs} | {"".join(reversed(run)) for run in runs}
        # an initial and a later word, as in an e-mail address: ``mholm@`` for Maria Holm
        joined |= {split[0][:1] + later for later in split[1:]}
        for sequence in {whole, *runs}:
            if len(sequence) < 2:
                continue
            candidates = self.sequences.setdefault(sequence[0], [])
            if all(existing != sequence for existing, _ in candidates):
                candidates.append((sequence, label))
                candidates.sort(key=lambda item: -len(item[0]))
        self._any_part = self._any_long_part = None
        for word in {*split, *whole, *joined}:
            if word in self.kept:
                continue
            if len(word) >= 2:
                self.parts.setdefault(word, label)
            if len(word) >= SUBSTRING_MIN_LETTERS:
                self.long_parts.setdefault(word, label)

    def keep(self, text: str) -> None:
        """Never hide a word of ``text`` on its own (the municipality's name): a declared name
        holding it is hidden only where it is written whole."""
        for word in name_words(text, split_case=False):
            folded = fold(word)
            self.kept.add(folded)
            self.parts.pop(folded, None)
            self.long_parts.pop(folded, None)
        self._any_part = self._any_long_part = None

    def contains_name(self, text: str) -> bool:
        """True when ``text`` mentions any declared name (used for person ids: short texts,
        looked at word by word without building the quick check)."""
        return self.replace(text, quick_check=False) != normalise(text)

    def replace(self, text: str, *, quick_check: bool = True) -> str:
        """``text`` normalised, with every declared name replaced (one pass, left to right).

        Percent-encoded characters and HTML character references are read decoded
        (``Nystr%C3%B6m``); a name found in them is replaced with its encoding."""
        text = normalise(text)
        decoded = _decode(text)
        plain = decoded.text
        if quick_check and not self._may_hold_a_name(plain):
            return text
        spans = list(words(plain))
        folded = [fold(plain[start:end]) for start, end in spans]
        found: list[tuple[int, int, str]] = []  # (start, end, label) in ``plain``
        index = 0
        while index < len(spans):
            matched = self._match(plain, spans, folded, index)
            start, end = spans[index]
            if matched is not None:
                count, label = matched
                found.append((start, spans[index + count - 1][1], label))
                index += count
                continue
            found.extend(
                (start + inner_start, start + inner_end, label)
                for inner_start, inner_end, label in self._inside(plain[start:end])
            )
            index += 1
        out: list[str] = []
        position = 0
        for start, end, label in found:
            original_start, original_end = decoded.span(start, end)
            out.append(text[position:original_start])
            out.append(label)
            position = original_end
        out.append(text[position:])
        return "".join(out)

    def _may_hold_a_name(self, text: str) -> bool:
        """False only when no declared part occurs anywhere in ``text`` (folded): then nothing
        in it can be replaced — every match (a name's words, a part with a genitive s, a long
        part inside a word) contains a part as it is folded."""
        if not self.parts and not self.sequences:
            return False
        if self._any_part is None:
            # a name's words always hold its longest word (a part, or a kept word)
            longest = {
                max(sequence, key=len)
                for candidates in self.sequences.values()
                for sequence, _ in candidates
            }
            # a part holding a shorter one adds nothing to the check (``lenabacklund``,
            # ``mholm``): the fewer alternatives, the quicker every text is passed over
            needed: list[str] = []
            for part in sorted(longest | set(self.parts), key=len):
                if not any(shorter in part for shorter in needed):
                    needed.append(part)
            self._any_part = re.compile("|".join(re.escape(part) for part in reversed(needed)))
        return self._any_part.search(fold(text)) is not None

    def _match(
        self, text: str, spans: list[tuple[int, int]], folded: list[str], index: int
    ) -> tuple[int, str] | None:
        for sequence, label in self.sequences.get(folded[index], ()):
            count = len(sequence)
            if index + count > len(spans):
                continue
            candidate = folded[index : index + count]
            if candidate[:-1] != list(sequence[:-1]) or not _same_word(candidate[-1], sequence[-1]):
                continue
            # only separators between the words (a space, a dot, a hyphen, "_", digits …)
            gaps = (text[spans[i][1] : spans[i + 1][0]] for i in range(index, index + count - 1))
            if all(len(gap) <= 3 for gap in gaps):
                return count, label
        word = folded[index]
        part = self.parts.get(word)
        if part is None and word.endswith("s"):
            part = self.parts.get(word[:-1])
        return None if part is None else (1, part)

    def _inside(self, word: str) -> list[tuple[int, int, str]]:
        """The long name parts inside ``word`` (leftmost, longest first), as (start, end,
        replacement) within ``word``; compared folded, character by character."""
        if not self.long_parts or len(word) <= SUBSTRING_MIN_LETTERS:
            return []
        folded = fold(word)
        if self._any_long_part is None:
            # A long part inside the word starts with one of these: a set, not a pattern of
            # every part (compiling that took longer than reading the file, once per file).
            self._any_long_part = frozenset(
                part[:SUBSTRING_MIN_LETTERS] for part in self.long_parts
            )
        starts = self._any_long_part
        if not any(
            folded[at : at + SUBSTRING_MIN_LETTERS] in starts
            for at in range(len(folded) - SUBSTRING_MIN_LETTERS + 1)
        ):
            return []  # nearly every word: no long part anywhere in it
        # boundaries[i]: where the fold of character i starts in ``folded``
        boundaries = [0]
        for character in word:
            boundaries.append(boundaries[-1] + len(fold(character)))
        found: list[tuple[int, int, str]] = []
        start = 0
        while start < len(word):
            end = next(
                (
                    end
                    for end in range(len(word), start, -1)
                    if boundaries[end] - boundaries[start] >= SUBSTRING_MIN_LETTERS
                    and folded[boundaries[start] : boundaries[end]] in self.long_parts
                ),
                None,
            )
            if end is None:
                start += 1
                continue
            found.append((start, end, self.long_parts[folded[boundaries[start] : boundaries[end]]]))
            start = end
        return found


def _same_word(found: str, declared: str) -> bool:
    return found == declared or found == declared + "s"


def assessor_label(number: int, lang: Language) -> str:
    """The pseudonym of the ``number``-th assessor."""
    return f"assessor {number}" if lang == "en" else f"bedömare {number}"


def declared_names(assessment: Assessment) -> list[str]:
    """The names of people the assessment itself declares (persons and assessors)."""
    names = [person.name for person in assessment.persons if person.name]
    names.extend(assessor.name for assessor in assessment.assessors)
    return [name.strip() for name in names if name.strip()]


def name_table(assessments: Sequence[Assessment], lang: Language = "sv") -> NameTable:
    """The names of every person and assessor declared in any of ``assessments``.

    Several files (a trend, a report with last year's assessment) share one table: a person
    named only in last year's file is still hidden in this year's comments. The municipality's
    name is kept (:meth:`NameTable.keep`): Johanna Lund in Lund hides "Johanna Lund", "Johanna"
    and "Johannas", never "Lunds kommun".
    """
    table = NameTable(lang)
    for assessment in assessments:
        table.keep(assessment.municipality.name)
    ids: dict[str, str] = {}
    assessor_names: dict[str, str] = {}
    for assessment in assessments:
        for person in assessment.persons:
            if person.name and person.name.strip():
                ids.setdefault(person.name.strip(), person.id)
        for assessor in assessment.assessors:
            key = _key(assessor.name)
            if key and key not in table.assessors:
                table.assessors[key] = assessor_label(len(table.assessors) + 1, lang)
                assessor_names[assessor.name.strip()] = table.assessors[key]
    # Ids first: a person's replacement is the id, so an id that holds a name gets a new one.
    table.renamed_ids.update(
        ids_holding_names(
            [person.id for assessment in assessments for person in assessment.persons],
            [*ids, *assessor_names],
            kept=[assessment.municipality.name for assessment in assessments],
        )
    )
    for name, person_id in ids.items():
        table.add(name, table.renamed_ids.get(person_id, person_id))
    for name, label in assessor_names.items():
        table.add(name, label)
    return table


def ids_holding_names(
    ids: Sequence[str], names: Iterable[str], kept: Iterable[str] = ()
) -> dict[str, str]:
    """Each of ``ids`` that holds a part of one of ``names`` (``lena-backlund``) → ``person-N``
    (numbered in the order of ``ids``, skipping a ``person-N`` already taken); words of
    ``kept`` (the municipality's name) do not count on their own."""
    probe = NameTable("sv")
    for text in kept:
        probe.keep(text)
    for name in names:
        if name.strip():
            probe.add(name.strip(), "")
    taken = set(ids)
    renamed: dict[str, str] = {}
    number = 0
    for person_id in ids:
        if person_id in renamed or not probe.contains_name(person_id):
            continue
        number += 1
        while f"person-{number}" in taken:
            number += 1
        renamed[person_id] = f"person-{number}"
    return renamed


def _key(name: str) -> str:
    return fold(normalise(name.strip()))


def pseudonymise(assessment: Assessment, table: NameTable) -> Assessment:
    """``assessment`` with names removed and every free text passed through ``table``.

    Free text is every field typed as plain text in the models (comments, evidence references
    and notes, actions and their owners, roles, organisations, metric sources, who verified or
    closed …); codes (statuses, kinds, roles), ids and keys are never touched, so the result is
    as valid as the input. The municipality's name stays.
    """
    persons = [
        person.model_copy(update={"name": None, "id": table.renamed_ids.get(person.id, person.id)})
        for person in assessment.persons
    ]
    assessors = [
        assessor.model_copy(
            update={"name": table.assessors.get(_key(assessor.name), assessor_label(1, table.lang))}
        )
        for assessor in assessment.assessors
    ]
    hidden = assessment.model_copy(update={"persons": persons, "assessors": assessors})
    scrubbed = _scrub(hidden, table.replace)
    assert isinstance(scrubbed, Assessment)
    return scrubbed


def pseudonymise_all(assessments: Sequence[Assessment], lang: Language = "sv") -> list[Assessment]:
    """Every assessment pseudonymised with one shared :func:`name_table`."""
    table = name_table(assessments, lang)
    return [pseudonymise(assessment, table) for assessment in assessments]


@functools.cache
def _text_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold free text: plain ``str`` (or ``str | None``) without a
    pattern — not a code (``Literal``), not an id (a constrained string)."""
    names = set()
    for name, info in model.model_fields.items():
        if info.annotation not in (str, str | None):
            continue
        if any(getattr(item, "pattern", None) for item in info.metadata):
            continue
        names.add(name)
    return frozenset(names)


_KEEP_MODELS: Final = frozenset({"Municipality"})


def _scrub(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, BaseModel):
        if type(value).__name__ in _KEEP_MODELS:
            return value
        texts = _text_fields(type(value))
        updates: dict[str, Any] = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name in texts and isinstance(item, str):
                updates[name] = replace(item)
            elif isinstance(item, (BaseModel, list, dict)):
                updates[name] = _scrub(item, replace)
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [_scrub(item, replace) for item in value]
    if isinstance(value, dict):  # keys are ids: never touched
        return {key: _scrub(item, replace) for key, item in value.items()}
    return value


def exported_assessment(assessment: Assessment, lang: Language = "sv") -> Assessment:
    """``assessment`` as an exchange format carries it (OSCAL assessment-results, CISO
    Assistant sheet): pseudonymised like a report, but the assessors keep their names — the
    audit team is named in OSCAL's parties, as the README says."""
    [hidden] = pseudonymise_all([assessment], lang)
    assessors = [
        shown.model_copy(update={"name": original.name})
        for shown, original in zip(hidden.assessors, assessment.assessors, strict=True)
    ]
    return hidden.model_copy(update={"assessors": assessors})
