"""The measurements of one assessment as a report shows them: value, source, period, number of
answers, date, and which requirement each one decides — or why it does not (DESIGN §6)."""

from __future__ import annotations

from lotscert.labels import label
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import MetricCheck, Result
from lotscert.reports.context.views import MeasurementRow
from lotscert.reports.i18n import tr, translations


def _why_not(check: MetricCheck, catalog: Catalog, rid: str, lang: Language) -> str:
    requirement = catalog.requirements_by_id.get(rid)
    target = requirement.metric if requirement else None
    reasons = []
    for problem in check.not_deciding:
        parameters: dict[str, object] = {}
        if target is not None:
            parameters = {
                "answers": check.answers,
                "min_answers": target.min_answers,
                "months": target.max_age_months,
                "source_kind": target.source_kind,
                "area": target.area,
                "factor": target.factor,
            }
        reasons.append(translations(lang)[f"metric_problem_{problem}"].format(**parameters))
    return "; ".join(reasons)


def build_measurements(
    result: Result, catalog: Catalog, assessment: Assessment, lang: Language
) -> list[MeasurementRow]:
    """Every measurement of the assessment, in key order, with the requirements it decides."""
    vocabulary = catalog.measurement
    deciding: dict[str, list[str]] = {}
    for rid, item in result.requirements.items():
        check = item.metric
        if check is None or check.key not in assessment.metrics:
            continue
        if check.not_deciding:
            text = tr(lang, "metric_not_deciding", reasons=_why_not(check, catalog, rid, lang))
        else:
            text = label("status", item.effective_status, lang).lower()
        deciding.setdefault(check.key, []).append(f"{rid}: {text}")
    units: dict[str, str] = {}
    for requirement in catalog.requirements:
        if requirement.metric is not None and requirement.metric.unit is not None:
            units.setdefault(requirement.metric.key, requirement.metric.unit.get(lang))
    rows = []
    for key in sorted(assessment.metrics):
        metric = assessment.metrics[key]

        def title(group: str, value: str | None) -> str:
            if value is None:
                return ""
            if vocabulary is None:
                return value
            return vocabulary.title(group, value, lang) or value

        rows.append(
            MeasurementRow(
                key=key,
                value=metric.value,
                unit=units.get(key, ""),
                source=metric.source or "",
                source_kind=title("sources", metric.source_kind),
                area=title("areas", metric.area),
                factor=title("factors", metric.factor),
                period=metric.period or "",
                answers=metric.answers,
                date=metric.date,
                decides="; ".join(deciding.get(key, [])) or "–",
            )
        )
    return rows
