"""The one pseudonymisation pass: no declared name of a person or an assessor, however written.

Used by ``lotscert redact`` and by every report, JSON result and terminal table made without
``--with-names`` — one function, so what a report hides and what a redacted copy hides cannot
drift apart.

What is hidden: every person's ``name`` (the person's pseudonymous ``id`` stays), every
assessor's ``name`` ("bedömare 1", "bedömare 2" …), and every mention of those names in any
free text of the assessment (comments, evidence references and notes, actions and their owners,
roles, organisations, metric sources and notes, department names): the whole name, each part of
it of two letters or more, the name written as one word (``lenabacklund``, ``OBrien``), in any
case, in the genitive (``Lenas``). A person id that itself
contains a part of a declared name (``lena-backlund``) is replaced by ``person-N`` everywhere.

How text is matched: on NFC-normalised text with format characters (Unicode category Cf: soft
hyphen, zero-width joiners, bidirectional marks) and other invisible characters (combining
grapheme joiner, variation selectors) removed, so ``Back\\u00adlund`` and NFD-decomposed letters
are found; words are compared after compatibility and case folding (full-width letters too);
words are split at everything that is not a letter — including ``_``, digits and punctuation —
and where the case changes (``LenaBacklund`` → Lena, Backlund); a name part of six letters or
more is also found inside a longer word (``lbacklund@…``). Replacements are written to the
output and never scanned again (``L.Backlund`` → ``L.lots-01``, once).

What cannot be found: a person the file does not declare (someone only mentioned in a comment).
Read free text before sending a copy away.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
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


def fold(word: str) -> str:
    """A word as it is compared: compatibility forms folded (full-width ``Ｂａｃｋ`` is ``back``),
    then case folded."""
    return unicodedata.normalize("NFKC", word).casefold()


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
    #: any part, as a regular expression over folded text (None: to be made again)
    _any_part: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def add(self, name: str, label: str) -> None:
        """Hide ``name`` (whole and by part) behind ``label``.

        A name is split both with and without case changes (``McDonald`` is Mc, Donald and
        McDonald), so each way the text may be split finds it."""
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
        for sequence in {whole, *runs}:
            if len(sequence) < 2:
                continue
            candidates = self.sequences.setdefault(sequence[0], [])
            if all(existing != sequence for existing, _ in candidates):
                candidates.append((sequence, label))
                candidates.sort(key=lambda item: -len(item[0]))
        self._any_part = None
        for word in {*split, *whole, *joined}:
            if len(word) >= 2:
                self.parts.setdefault(word, label)
            if len(word) >= SUBSTRING_MIN_LETTERS:
                self.long_parts.setdefault(word, label)

    def contains_name(self, text: str) -> bool:
        """True when ``text`` mentions any declared name (used for person ids)."""
        return self.replace(text) != normalise(text)

    def replace(self, text: str) -> str:
        """``text`` normalised, with every declared name replaced (one pass, left to right)."""
        text = normalise(text)
        if not self._may_hold_a_name(text):
            return text
        spans = list(words(text))
        folded = [fold(text[start:end]) for start, end in spans]
        out: list[str] = []
        position = 0
        index = 0
        while index < len(spans):
            matched = self._match(text, spans, folded, index)
            start, end = spans[index]
            if matched is not None:
                count, label = matched
                out.append(text[position:start])
                out.append(label)
                position = spans[index + count - 1][1]
                index += count
                continue
            inner = self._inside(text[start:end])
            if inner is not None:
                out.append(text[position:start])
                out.append(inner)
                position = end
            index += 1
        out.append(text[position:])
        return "".join(out)

    def _may_hold_a_name(self, text: str) -> bool:
        """False only when no declared part occurs anywhere in ``text`` (folded): then nothing
        in it can be replaced — every match (a name's words, a part with a genitive s, a long
        part inside a word) contains a part as it is folded."""
        if not self.parts:
            return False
        if self._any_part is None:
            ordered = sorted(self.parts, key=len, reverse=True)
            self._any_part = re.compile("|".join(re.escape(part) for part in ordered))
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

    def _inside(self, word: str) -> str | None:
        """``word`` with each long name part inside it replaced (leftmost, longest first)."""
        if not self.long_parts or len(word) <= SUBSTRING_MIN_LETTERS:
            return None
        folded = fold(word)
        if len(folded) != len(word):  # ß → ss, ligatures: positions would not match
            folded = word.lower()
        out: list[str] = []
        position = start = 0
        while start <= len(word) - SUBSTRING_MIN_LETTERS:
            found = next(
                (
                    end
                    for end in range(len(word), start + SUBSTRING_MIN_LETTERS - 1, -1)
                    if folded[start:end] in self.long_parts
                ),
                None,
            )
            if found is None:
                start += 1
                continue
            out.append(word[position:start])
            out.append(self.long_parts[folded[start:found]])
            position = start = found
        if not out:
            return None
        out.append(word[position:])
        return "".join(out)


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
    named only in last year's file is still hidden in this year's comments.
    """
    table = NameTable(lang)
    taken_ids = {person.id for assessment in assessments for person in assessment.persons}
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
    probe = NameTable(lang)
    for name in [*ids, *assessor_names]:
        probe.add(name, "")
    number = 0
    for assessment in assessments:
        for person in assessment.persons:
            if person.id in table.renamed_ids or not probe.contains_name(person.id):
                continue
            number += 1
            while f"person-{number}" in taken_ids:
                number += 1
            table.renamed_ids[person.id] = f"person-{number}"
    for name, person_id in ids.items():
        table.add(name, table.renamed_ids.get(person_id, person_id))
    for name, label in assessor_names.items():
        table.add(name, label)
    return table


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
