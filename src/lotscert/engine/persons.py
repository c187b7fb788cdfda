"""Person certification (DESIGN §3, Persons; ISO/IEC 17024 style).

A person is certified when every required module is completed, the exam score reaches the
pass mark, the exam is still valid at the assessment date (a module or exam dated after it does
not count: it had not been taken), every area is at least the
broad-base minimum, enough areas are at specialist level (the top of the competence scale) and
every required language is at its level. A generalist (``generalist: true``: reception, contact
centre) needs the profile's ``generalist_specialist_min`` specialist areas instead, where the
catalogue sets one. Otherwise not certified, with each unmet criterion;
expired when the only unmet criterion is that the exam's validity has run out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from lotscert.engine.arithmetic import decimal_text
from lotscert.engine.dates import add_years
from lotscert.models.assessment import Person
from lotscert.models.catalog import CompetenceProfile
from lotscert.models.result import PersonResult, PersonStatus, Unmet


def exam_score_text(score: Decimal) -> str:
    """An exam score as people write it: at least two decimals (0.70, 0.86, 0.875)."""
    if score == score.quantize(Decimal("0.01")):
        return f"{score:.2f}"
    return decimal_text(score.normalize())


def specialist_areas(person: Person, profile: CompetenceProfile) -> list[str]:
    """The profile's areas in which the person is at the top of the competence scale."""
    top = profile.top
    return [area.id for area in profile.areas if person.competences.get(area.id, 0) >= top]


def _training_unmet(
    person: Person, profile: CompetenceProfile, on: dt.date
) -> tuple[list[Unmet], dt.date | None]:
    """Unmet training criteria, and the date the exam is valid until (if there is one)."""
    training = person.training
    if training is None:
        return [Unmet(criterion="no_training")], None
    # Only what had happened by the assessment date counts: a module or an exam dated after it
    # had not been taken when the person was assessed (the validator warns about the date).
    unmet = [
        Unmet(criterion="module_missing", subject=module.id)
        for module in profile.modules
        if module.id not in training.modules or training.modules[module.id] > on
    ]
    if training.exam_score is None or training.exam_date is None or training.exam_date > on:
        unmet.append(Unmet(criterion="exam_missing"))
        return unmet, None
    if training.exam_score < profile.pass_mark:
        unmet.append(
            Unmet(
                criterion="exam_below_pass_mark",
                actual=exam_score_text(training.exam_score),
                required=decimal_text(profile.pass_mark.normalize()),
            )
        )
    valid_until = add_years(training.exam_date, profile.validity_years)
    if on > valid_until:
        unmet.append(
            Unmet(
                criterion="exam_expired",
                actual=training.exam_date.isoformat(),
                required=valid_until.isoformat(),
            )
        )
    return unmet, valid_until


def _competence_unmet(person: Person, profile: CompetenceProfile) -> list[Unmet]:
    unmet = [
        Unmet(
            criterion="area_below_base",
            subject=area.id,
            actual=str(person.competences.get(area.id, 0)),
            required=str(profile.base_min),
        )
        for area in profile.areas
        if person.competences.get(area.id, 0) < profile.base_min
    ]
    specialist_count = len(specialist_areas(person, profile))
    specialist_min = profile.specialist_min_for(person.generalist)
    if specialist_count < specialist_min:
        unmet.append(
            Unmet(
                criterion="too_few_specialist_areas",
                actual=str(specialist_count),
                required=str(specialist_min),
            )
        )
    for language, required in profile.languages.items():
        actual = person.languages.get(language, 0)
        if actual < required:
            unmet.append(
                Unmet(
                    criterion="language_below_required",
                    subject=language,
                    actual=str(actual),
                    required=str(required),
                )
            )
    return unmet


def evaluate_person(person: Person, profile: CompetenceProfile, on: dt.date) -> PersonResult:
    """One person's status at the assessment date ``on``."""
    training_unmet, valid_until = _training_unmet(person, profile, on)
    unmet = training_unmet + _competence_unmet(person, profile)
    status: PersonStatus
    if not unmet:
        status = "certified"
    elif all(item.criterion == "exam_expired" for item in unmet):
        status = "expired"
    else:
        status = "not_certified"
    return PersonResult(
        id=person.id,
        name=person.name,
        department=person.department,
        role=person.role,
        status=status,
        valid_until=valid_until if status != "not_certified" else None,
        exam_date=person.training.exam_date if person.training is not None else None,
        specialist_areas=specialist_areas(person, profile),
        unmet=unmet,
    )


def natural_key(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts lots-2 before lots-10."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", identifier)
        if part
    )


def evaluate_persons(
    persons: Iterable[Person], profile: CompetenceProfile, on: dt.date
) -> list[PersonResult]:
    """Every person's status, ordered by id (so the file's order does not matter)."""
    ordered = sorted(persons, key=lambda person: natural_key(person.id))
    if len({person.id for person in ordered}) < len(ordered):
        # Duplicate ids (an invalid file): order them by content so the result stays the same.
        ordered.sort(key=lambda person: (natural_key(person.id), person.model_dump_json()))
    return [evaluate_person(person, profile, on) for person in ordered]
