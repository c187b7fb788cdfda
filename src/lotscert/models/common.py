"""Types shared by the catalogue, assessment and result models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")

#: A requirement id such as ``L1``, ``P4`` or ``K2``: letters, digits, dots, dashes, underscores.
RequirementId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", min_length=1, max_length=40)
]
#: An id chosen by the catalogue or the municipality (level, cornerstone, area, department, person).
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", min_length=1, max_length=80)
]
NonEmptyText = Annotated[str, StringConstraints(min_length=1)]
#: The four kinds of assessment (kept here so the catalogue can name them too).
AssessmentKind = Literal[
    "self_assessment",
    "internal_audit",
    "test_certification",
    "certification_audit",
    "surveillance_audit",
    "recertification_audit",
    "special_audit",
    "persons_test_certification",
]
#: A finding's grade (ISO 19011 / ISO/IEC 17021-1 vocabulary), worst first.
Grade = Literal["major", "minor", "observation"]
GRADES: tuple[Grade, ...] = ("major", "minor", "observation")
#: A whole number that refuses ``true``/``false`` (pydantic would read ``true`` as 1).
WholeNumber = Annotated[int, Strict()]


class StrictModel(BaseModel):
    """Base of every input model: immutable, and unknown keys are errors (a typo must not pass)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Text(StrictModel):
    """A text in Swedish and, optionally, English (Swedish is shown when English is missing)."""

    sv: NonEmptyText = Field(description="Svensk text. / Swedish text.")
    en: NonEmptyText | None = Field(
        default=None,
        description="Engelsk text; svenskan visas om den saknas. / English text; Swedish is shown "
        "when it is missing.",
    )

    def get(self, lang: Language) -> str:
        """The text in ``lang``, falling back to Swedish."""
        if lang == "en" and self.en:
            return self.en
        return self.sv
