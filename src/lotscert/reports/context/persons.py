"""The persons report: the competence matrix, its legend and the personal certificates."""

from __future__ import annotations

from lotscert.engine.examination import summarise_examination
from lotscert.engine.scope import scope_of
from lotscert.labels import label
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import Result
from lotscert.reports.context.common import (
    area_title,
    department_name,
    language_name,
    person_label,
)
from lotscert.reports.context.views import (
    ExaminationRow,
    ExaminationView,
    MatrixCell,
    MatrixRow,
    PersonCertificate,
    PersonsView,
    ScaleStepView,
)
from lotscert.reports.i18n import counted, tr
from lotscert.reports.svg import competence_colour


def build_persons_view(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language, with_names: bool
) -> PersonsView:
    """The competence matrix, the legend and one certificate per certified person."""
    profile = catalog.competence
    if profile is None:
        return PersonsView(
            columns=[],
            language_columns=[],
            rows=[],
            scale=[],
            base_min=0,
            base_min_text=tr(lang, "no_person_level"),
            languages_text="",
            certificates=[],
        )
    top = profile.top
    result_by_id = {person.id: person for person in result.persons}
    rows: list[MatrixRow] = []
    for person in sorted(assessment.persons, key=lambda item: item.id):
        person_result = result_by_id.get(person.id)
        cells = []
        for area in profile.areas:
            value = person.competences.get(area.id)
            cells.append(
                MatrixCell(
                    value=value,
                    text="—" if value is None else str(value),
                    colour=competence_colour(value, top),
                    specialist=value is not None and value >= top,
                    below_minimum=value is None or value < profile.base_min,
                )
            )
        for language, required in profile.languages.items():
            value = person.languages.get(language)
            cells.append(
                MatrixCell(
                    value=value,
                    text="—" if value is None else str(value),
                    colour=competence_colour(value, top),
                    specialist=False,
                    below_minimum=value is None or value < required,
                )
            )
        rows.append(
            MatrixRow(
                shown_as=person_label(person.id, person.name, with_names),
                department=department_name(assessment, person.department) or "—",
                status_label=label("person_status", person_result.status, lang)
                if person_result
                else "—",
                cells=cells,
            )
        )
    scale = [
        ScaleStepView(
            value=step.value,
            title=step.title.get(lang),
            colour=competence_colour(step.value, top),
            is_minimum=step.value == profile.base_min,
            is_specialist=step.value == top,
        )
        for step in sorted(profile.scale, key=lambda item: item.value)
    ]
    scheme = tr(
        lang,
        "person_scheme",
        catalog=catalog.title.get(lang),
        ref=f"{catalog.id}@{catalog.version}",
    )
    certificates = [
        PersonCertificate(
            shown_as=person_label(person.id, person.name, with_names),
            department=department_name(assessment, person.department) or "—",
            role=person.role or "—",
            scheme=scheme,
            specialist_areas=[area_title(catalog, area, lang) for area in person.specialist_areas],
            exam_date=person.exam_date,
            valid_until=person.valid_until,
        )
        for person in sorted(result.persons, key=lambda item: item.id)
        if person.status == "certified"
    ]
    languages_text = ", ".join(
        tr(lang, "language_requirement", language=language_name(code, lang), level=level)
        for code, level in profile.languages.items()
    )
    summary = None
    if scope_of(assessment.kind) == "persons":
        summary = _examination_view(result, catalog, assessment, lang)
    return PersonsView(
        summary=summary,
        columns=[area.title.get(lang) for area in profile.areas],
        language_columns=[language_name(code, lang) for code in profile.languages],
        rows=rows,
        scale=scale,
        base_min=profile.base_min,
        base_min_text=tr(
            lang,
            "base_min_text",
            level=profile.base_min,
            specialists=counted(lang, profile.specialist_min, "noun_area"),
        ),
        languages_text=languages_text,
        certificates=certificates,
    )


def _examination_view(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language
) -> ExaminationView:
    """A persons test certification's counts, worded for the municipality."""
    summary = summarise_examination(assessment, list(result.persons), catalog.certification)
    yes, no = tr(lang, "yes"), tr(lang, "no")
    return ExaminationView(
        intro=tr(
            lang,
            "examination_intro",
            examined=counted(lang, summary.examined, "noun_person"),
            date=assessment.date.isoformat(),
            certified=summary.certified,
            not_yet=summary.not_certified + summary.expired,
        ),
        departments=[
            ExaminationRow(
                department=department_name(assessment, row.id),
                examined=row.examined,
                certified=row.certified,
                enough="—" if row.enough is None else (yes if row.enough else no),
            )
            for row in summary.departments
        ],
        unmet=[(label("criterion", criterion, lang), count) for criterion, count in summary.unmet],
    )
