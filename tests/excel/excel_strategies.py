"""Hypothesis strategies for assessments against the contract catalogue, with nasty text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from lotscert.models.assessment import (
    ASSESSMENT_KINDS,
    STATUSES,
    Action,
    Assessment,
    Assessor,
    Department,
    Evidence,
    Metric,
    Municipality,
    Person,
    Response,
    Training,
)
from lotscert.models.catalog import EVIDENCE_KINDS
from lotscert.plaintext import BIDI_CONTROLS

REQUIREMENT_IDS = ["L1", "L2", "P1", "P2", "P3", "K1"]

#: Texts that have broken spreadsheets and parsers before.
NASTY = [
    '=HYPERLINK("http://example.invalid","klicka")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-2",
    "@SUM(A1:A2)",
    "åäö ÅÄÖ é ü",
    "🙂👍🏽 emoji",
    "rad ett\nrad två\n",
    "\n",
    " ledande och avslutande ",
    "tab\there",
    "'apostrof",
    "KS 2025-11-20 § 145 (2025-11-20)",
    "slutar (2025-13-45)",
    "(2025-01-01)",
    "a | b \\| c",
    "C:\\Users\\lots\\new",
    "kolon: i: texten",
    "x" * 5000,
    "TRUE",
    "0860",
    "1:20",
    "no",
    "2026-03-15",
]

# What an assessment may hold: no control or text-direction characters (lotscert.plaintext;
# the loader and the importer refuse them), no surrogates, no non-characters.
_ALPHABET = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(
        chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t"
    )
    + "".join(sorted(BIDI_CONTROLS))
    + "\ufffe\uffff",
)
texts = st.one_of(st.sampled_from(NASTY), st.text(_ALPHABET, max_size=40))
nonempty_texts = texts.filter(lambda text: len(text) > 0)
optional_texts = st.none() | texts
dates = st.one_of(
    st.sampled_from(
        [
            dt.date(1, 1, 1),
            dt.date(1899, 12, 31),
            dt.date(1900, 1, 1),
            dt.date(1900, 2, 28),
            dt.date(1900, 3, 1),
            dt.date(2000, 2, 29),
            dt.date(9999, 12, 31),
        ]
    ),
    st.dates(),
)
optional_dates = st.none() | dates
identifiers = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,12}\Z")
decimals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9),
    st.sampled_from(
        [
            Decimal("0"),
            Decimal("0.70"),
            Decimal("1E+3"),
            Decimal("0.000000000000000000001"),
            Decimal("123456789012345678901234567890.123"),
            Decimal("-0.5"),
        ]
    ),
)
scores = st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=1)

evidence = st.builds(
    Evidence,
    kind=st.sampled_from(EVIDENCE_KINDS),
    ref=nonempty_texts,
    date=optional_dates,
    note=optional_texts,
)
actions = st.builds(Action, text=nonempty_texts, owner=optional_texts, due=optional_dates)
responses = st.builds(
    Response,
    status=st.sampled_from(STATUSES),
    maturity=st.none() | st.integers(0, 4),
    evidence=st.lists(evidence, max_size=3),
    comment=optional_texts,
    action=st.none() | actions,
)
trainings = st.builds(
    Training,
    modules=st.dictionaries(st.sampled_from(["grund", "lagar", "bemotande", "extra"]), dates),
    exam_score=st.none() | scores,
    exam_date=optional_dates,
)
levels = st.integers(0, 3)


@st.composite
def persons(draw: st.DrawFn) -> list[Person]:
    ids = draw(st.lists(identifiers, max_size=4, unique=True))
    return [
        Person(
            id=person_id,
            name=draw(optional_texts),
            department=draw(st.none() | identifiers),
            role=draw(optional_texts),
            languages=draw(st.dictionaries(st.sampled_from(["sv", "en", "no", "de"]), levels)),
            competences=draw(
                st.dictionaries(st.sampled_from(["bygglov", "miljo", "alkohol", "brand"]), levels)
            ),
            training=draw(st.none() | trainings),
        )
        for person_id in ids
    ]


assessments = st.builds(
    Assessment,
    catalog=st.just("exempel-mini@1.0"),
    municipality=st.builds(Municipality, code=st.from_regex(r"\A[0-9]{4}\Z"), name=nonempty_texts),
    period=st.integers(2000, 2100),
    kind=st.sampled_from(ASSESSMENT_KINDS),
    date=dates,
    assessors=st.lists(
        st.builds(Assessor, name=nonempty_texts, role=optional_texts, organisation=optional_texts),
        max_size=2,
    ),
    departments=st.lists(st.builds(Department, id=identifiers, name=nonempty_texts), max_size=2),
    responses=st.dictionaries(st.sampled_from(REQUIREMENT_IDS), responses),
    persons=persons(),
    metrics=st.dictionaries(
        identifiers,
        st.builds(
            Metric, value=decimals, source=optional_texts, date=optional_dates, note=optional_texts
        ),
        max_size=3,
    ),
)
