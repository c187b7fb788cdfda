"""An assessment against its catalogue: the consistency rules of DESIGN §3 and reference data."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Protocol

from lotscert import municipalities
from lotscert.diagnostics import DataPath, Diagnostic, Severity
from lotscert.engine.metrics import check_metric, status_from_metric
from lotscert.engine.scope import scope_of
from lotscert.models.assessment import Assessment, Department, Person
from lotscert.models.catalog import Catalog
from lotscert.validation.audit_checks import check_audit

_ID_PARTS = re.compile(r"^(.*?)(\d+)$")


def describe_ids(ids: Iterable[str]) -> str:
    """``L1, L2, L3, P1, P2`` → ``L1–L3, P1–P2``: compact ranges for messages."""
    runs: list[tuple[str, int, int]] = []
    others: list[str] = []
    for identifier in ids:
        match = _ID_PARTS.match(identifier)
        if not match:
            others.append(identifier)
            continue
        prefix, number = match.group(1), int(match.group(2))
        if runs and runs[-1][0] == prefix and runs[-1][2] == number - 1:
            runs[-1] = (prefix, runs[-1][1], number)
        else:
            runs.append((prefix, number, number))
    parts = [
        f"{prefix}{first}" if first == last else f"{prefix}{first}–{prefix}{last}"
        for prefix, first, last in runs
    ]
    return ", ".join(parts + others)


def _closest(word: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return close[0] if close else None


def check_assessment(
    assessment: Assessment, catalog: Catalog, file: str, *, check_municipality: bool = True
) -> list[Diagnostic]:
    """Every consistency problem of ``assessment`` against ``catalog`` (errors and warnings)."""
    found: list[Diagnostic] = []

    def add(severity: Severity, path: DataPath, code: str, sv: str, en: str) -> None:
        found.append(Diagnostic(file, severity, code, sv, en, path))

    if check_municipality:
        _check_municipality(assessment, add)

    top = catalog.top
    scale_values = {step.value for step in catalog.scale}
    bottom = min(scale_values)
    requirements = catalog.requirements_by_id
    known = describe_ids(requirements)
    department_ids = {department.id for department in assessment.departments}
    for requirement_id, response in assessment.responses.items():
        path: DataPath = ("responses", requirement_id)
        stamp = response.answered_by
        if stamp is not None and stamp.department and stamp.department not in department_ids:
            add(
                "warning",
                (*path, "answered_by", "department"),
                "response.answered_by_unknown_department",
                f"svaret kom från förvaltningen {stamp.department}, som inte längre finns under "
                "departments",
                f"the answer came from department {stamp.department}, which is no longer listed "
                "under departments",
            )
        requirement = requirements.get(requirement_id)
        if requirement is None:
            suggestion = _closest(requirement_id, requirements)
            hint_sv = f" Menade du {suggestion}?" if suggestion else ""
            hint_en = f" Did you mean {suggestion}?" if suggestion else ""
            add(
                "error",
                (*path, "[key]"),
                "response.unknown_requirement",
                f"okänt krav-id {requirement_id}; katalogen {catalog.ref} har {known}.{hint_sv}",
                f"unknown requirement id {requirement_id}; the catalogue {catalog.ref} has "
                f"{known}.{hint_en}",
            )
            continue
        status = response.status
        maturity = response.maturity
        if maturity is not None and maturity not in scale_values:
            add(
                "error",
                (*path, "maturity"),
                "response.maturity_range",
                f"mognaden ska vara {min(scale_values)}–{top}, fick {maturity}",
                f"maturity must be {min(scale_values)}–{top}, got {maturity}",
            )
        if status in ("fulfilled", "partial", "not_fulfilled") and maturity is None:
            add(
                "error",
                path,
                "response.maturity_missing",
                f"status {status} behöver en mognad (maturity: 0–{top})",
                f"status {status} needs a maturity (maturity: 0–{top})",
            )
        if status == "not_applicable":
            if not (response.comment or "").strip():
                add(
                    "error",
                    (*path, "status"),
                    "response.na_without_comment",
                    "not_applicable kräver en kommentar (comment) som säger varför",
                    "not_applicable needs a comment saying why",
                )
            if requirement.modality == "shall" and not catalog.shall_may_be_not_applicable(
                requirement.level
            ):
                level = catalog.levels_by_id.get(requirement.level)
                level_name = level.title.sv if level else requirement.level
                add(
                    "error",
                    (*path, "status"),
                    "response.na_on_leadership_shall",
                    f"ett ska-krav på nivån {level_name} kan inte vara ej tillämpligt; "
                    "bedöm det (fulfilled, partial eller not_fulfilled)",
                    f"a shall requirement of the {requirement.level} level cannot be not "
                    "applicable; assess it (fulfilled, partial or not_fulfilled)",
                )
        if status == "fulfilled" and not response.evidence:
            add(
                "error",
                (*path, "status"),
                "response.fulfilled_without_evidence",
                "fulfilled kräver minst ett underlag under evidence",
                "fulfilled needs at least one evidence item under evidence",
            )
        if status == "fulfilled" and maturity is not None and maturity < top - 1:
            add(
                "warning",
                (*path, "maturity"),
                "response.fulfilled_low_maturity",
                f"uppfyllt men mognad {maturity} (< {top - 1}); höj mognaden eller ändra status",
                f"fulfilled but maturity {maturity} (< {top - 1}); raise the maturity or "
                "change the status",
            )
        if status == "not_fulfilled" and maturity is not None and maturity > bottom + 1:
            add(
                "warning",
                (*path, "maturity"),
                "response.not_fulfilled_high_maturity",
                f"ej uppfyllt men mognad {maturity} (> {bottom + 1}); sänk mognaden eller "
                "ändra status",
                f"not fulfilled but maturity {maturity} (> {bottom + 1}); lower the maturity "
                "or change the status",
            )
        metric = requirement.metric
        if metric is not None and status not in ("not_applicable", "not_assessed"):
            check = check_metric(metric, assessment.metrics)
            if check.met is None:
                add(
                    "warning",
                    path,
                    "metric.missing",
                    f"kravet avgörs av måttet {metric.key}, som saknas under metrics",
                    f"the requirement is decided by the metric {metric.key}, which is missing "
                    "under metrics",
                )
            elif status_from_metric(status, check) != status:
                verdict_sv = "uppfyllt" if check.met else "inte uppfyllt"
                verdict_en = "met" if check.met else "not met"
                add(
                    "warning",
                    (*path, "status"),
                    "metric.contradiction",
                    f"måttet {metric.key} = {check.value} {metric.op} {metric.target} är "
                    f"{verdict_sv}, men status är {status}",
                    f"the metric {metric.key} = {check.value} {metric.op} {metric.target} "
                    f"is {verdict_en}, but the status is {status}",
                )
    _check_scope(assessment, catalog, add)
    _check_people(assessment, catalog, add)
    check_audit(assessment, catalog, add)
    return found


def _check_scope(assessment: Assessment, catalog: Catalog, add: _Add) -> None:
    """What the assessment's kind must cover (``engine/scope.py``)."""
    requirements = catalog.requirements_by_id
    kind = assessment.kind
    scope = scope_of(kind)
    if scope == "full":
        missing = [rid for rid in requirements if rid not in assessment.responses]
        if missing:
            add(
                "error",
                ("responses",),
                "response.missing",
                f"svar saknas för {describe_ids(missing)}; lägg till dem (status: not_assessed om "
                "de inte är bedömda)",
                f"responses missing for {describe_ids(missing)}; add them (status: not_assessed "
                "if not assessed yet)",
            )
    elif scope == "sample":
        required = catalog.certification.surveillance_required if catalog.certification else []
        if kind == "surveillance_audit":
            missing = [rid for rid in required if rid not in assessment.responses]
            if missing:
                add(
                    "error",
                    ("responses",),
                    "response.surveillance_missing",
                    f"en övervakningsrevision ska alltid bedöma {describe_ids(missing)} "
                    "(katalogens surveillance_required); lägg till svar för dem",
                    f"a surveillance audit must always assess {describe_ids(missing)} (the "
                    "catalogue's surveillance_required); add responses for them",
                )
        if not assessment.responses:
            add(
                "error",
                ("responses",),
                "response.empty_scope",
                "revisionen bedömer inget krav; ange svar för de krav den omfattar",
                "the audit assesses no requirement; give responses for the requirements it covers",
            )
    else:
        if assessment.responses:
            add(
                "error",
                ("responses",),
                "response.persons_only",
                "en testcertifiering av personer bedömer inga krav; ta bort responses eller välj "
                "kind: test_certification för att även bedöma funktionen",
                "a persons test certification assesses no requirements; remove responses or "
                "choose kind: test_certification to assess the function as well",
            )
        if not assessment.persons:
            add(
                "error",
                ("persons",),
                "person.none_examined",
                "en testcertifiering av personer behöver minst en person under persons",
                "a persons test certification needs at least one person under persons",
            )


def _check_municipality(assessment: Assessment, add: _Add) -> None:
    code = assessment.municipality.code
    name = assessment.municipality.name
    if municipalities.is_example_code(code):
        return
    info = municipalities.lookup(code)
    if info is None:
        suggestions = municipalities.suggest(code, name)
        listed = ", ".join(f"{s.code} {s.name}" for s in suggestions)
        add(
            "error",
            ("municipality", "code"),
            "municipality.unknown_code",
            f"kommunkoden {code} finns inte bland Sveriges 290 kommuner"
            + (f"; närmast: {listed}" if listed else "")
            + " (99xx är reserverat för fiktiva exempel)",
            f"the municipality code {code} is not one of Sweden's 290 municipalities"
            + (f"; closest: {listed}" if listed else "")
            + " (99xx is reserved for fictional examples)",
        )
    elif not municipalities.names_match(code, name):
        add(
            "warning",
            ("municipality", "name"),
            "municipality.name_mismatch",
            f"kommunkod {code} är {info.name}, inte {name}",
            f"municipality code {code} is {info.name}, not {name}",
        )


def _check_people(assessment: Assessment, catalog: Catalog, add: _Add) -> None:
    department_ids: set[str] = set()
    for index, department in enumerate(assessment.departments):
        if department.id in department_ids:
            add(
                "error",
                ("departments", index, "id"),
                "department.duplicate",
                f"förvaltningen {department.id} finns två gånger",
                f"department {department.id} is listed twice",
            )
        department_ids.add(department.id)
        _check_department_lists(department, index, catalog, add)
        _check_department_metrics(department, index, catalog, add, set(assessment.metrics))
    person_ids: set[str] = set()
    competence = catalog.competence
    areas = {area.id for area in competence.areas} if competence else set()
    modules = {module.id for module in competence.modules} if competence else set()
    scale = {step.value for step in competence.scale} if competence else set()
    for index, person in enumerate(assessment.persons):
        path: DataPath = ("persons", index)
        if person.id in person_ids:
            add(
                "error",
                (*path, "id"),
                "person.duplicate",
                f"personen {person.id} finns två gånger; varje id ska vara unikt",
                f"person {person.id} is listed twice; every id must be unique",
            )
        person_ids.add(person.id)
        if person.department is not None and person.department not in department_ids:
            listed = ", ".join(sorted(department_ids)) or "—"
            add(
                "error",
                (*path, "department"),
                "person.unknown_department",
                f"okänd förvaltning {person.department}; lägg till den under departments "
                f"(finns: {listed})",
                f"unknown department {person.department}; add it under departments "
                f"(listed: {listed})",
            )
        if competence is None:
            continue
        for area, level in person.competences.items():
            if area not in areas:
                suggestion = _closest(area, areas)
                add(
                    "error",
                    (*path, "competences", area, "[key]"),
                    "person.unknown_area",
                    f"okänt kompetensområde {area}"
                    + (f"; menade du {suggestion}?" if suggestion else ""),
                    f"unknown competence area {area}"
                    + (f"; did you mean {suggestion}?" if suggestion else ""),
                )
            elif level not in scale:
                add(
                    "error",
                    (*path, "competences", area),
                    "person.level_range",
                    f"nivån ska vara {min(scale)}–{max(scale)}, fick {level}",
                    f"the level must be {min(scale)}–{max(scale)}, got {level}",
                )
        for language, level in person.languages.items():
            if level not in scale:
                add(
                    "error",
                    (*path, "languages", language),
                    "person.level_range",
                    f"språknivån ska vara {min(scale)}–{max(scale)}, fick {level}",
                    f"the language level must be {min(scale)}–{max(scale)}, got {level}",
                )
            elif language not in competence.languages:
                add(
                    "warning",
                    (*path, "languages", language, "[key]"),
                    "person.unknown_language",
                    f"språket {language} krävs inte av katalogen (krävs: "
                    f"{', '.join(competence.languages) or '—'})",
                    f"the language {language} is not required by the catalogue (required: "
                    f"{', '.join(competence.languages) or '—'})",
                )
        if person.training is not None:
            _check_training_dates(person, assessment.date, path, add)
            for module in person.training.modules:
                if module not in modules:
                    add(
                        "error",
                        (*path, "training", "modules", module, "[key]"),
                        "person.unknown_module",
                        f"okänd modul {module}; katalogen har {', '.join(sorted(modules))}",
                        f"unknown module {module}; the catalogue has {', '.join(sorted(modules))}",
                    )


def _check_training_dates(person: Person, on: dt.date, path: DataPath, add: _Add) -> None:
    """An exam or a module dated after the assessment had not been taken when the person was
    assessed: the engine does not count it (``engine/persons.py``), and a decision resting on it
    finds the person not certified. A warning here, at the date, says why."""
    training = person.training
    if training is None:
        return
    if training.exam_date is not None and training.exam_date > on:
        add(
            "warning",
            (*path, "training", "exam_date"),
            "person.exam_after_assessment",
            f"provdatumet {training.exam_date} ligger efter bedömningens datum {on}; ett prov "
            "som inte är skrivet räknas inte (personen räknas inte som certifierad) – rätta "
            "datumet eller ta med provet i en senare bedömning",
            f"the exam date {training.exam_date} is after the assessment's date {on}; an exam "
            "not yet taken does not count (the person is not counted as certified) – correct "
            "the date or include the exam in a later assessment",
        )
    for module, done in training.modules.items():
        if done > on:
            add(
                "warning",
                (*path, "training", "modules", module),
                "person.module_after_assessment",
                f"modulen {module} är daterad {done}, efter bedömningens datum {on}; en modul "
                "som inte är avklarad räknas inte",
                f"the module {module} is dated {done}, after the assessment's date {on}; a "
                "module not yet completed does not count",
            )


def _check_department_lists(
    department: Department, index: int, catalog: Catalog, add: _Add
) -> None:
    """Every id on a department's list of requirements is one of the catalogue's: a typo
    (``p3``, ``P33``) would otherwise leave the requirement on nobody's checklist."""
    requirements = catalog.requirements_by_id
    known = describe_ids(requirements)
    seen: set[str] = set()
    for position, requirement_id in enumerate(department.requirements):
        path: DataPath = ("departments", index, "requirements", position)
        if requirement_id in seen:
            add(
                "error",
                path,
                "department.duplicate_requirement",
                f"kravet {requirement_id} står två gånger på förvaltningen {department.id}:s lista",
                f"requirement {requirement_id} is listed twice for department {department.id}",
            )
            continue
        seen.add(requirement_id)
        if requirement_id in requirements:
            continue
        suggestion = _closest(requirement_id, requirements)
        hint_sv = f" Menade du {suggestion}?" if suggestion else ""
        hint_en = f" Did you mean {suggestion}?" if suggestion else ""
        add(
            "error",
            path,
            "department.unknown_requirement",
            f"förvaltningen {department.id}: okänt krav-id {requirement_id}; katalogen "
            f"{catalog.ref} har {known}.{hint_sv}",
            f"department {department.id}: unknown requirement id {requirement_id}; the "
            f"catalogue {catalog.ref} has {known}.{hint_en}",
        )


def _check_department_metrics(
    department: Department, index: int, catalog: Catalog, add: _Add, held: set[str]
) -> None:
    """Every key on a department's list of metrics is one the catalogue judges a requirement
    by, or one the file holds under ``metrics``: a typo (``Handlaggningstid_median_dagar``,
    ``NKI``) would otherwise give the department a blank row under the wrong key, and its
    figure would go under that key while the requirement is judged on the old one."""
    known = {r.metric.key for r in catalog.requirements if r.metric is not None} | held
    for position, key in enumerate(department.metrics):
        if key in known:
            continue
        folded = {k.casefold(): k for k in sorted(known)}
        suggestion = folded.get(key.casefold()) or _closest(key.casefold(), sorted(known))
        hint_sv = f" Menade du {suggestion}?" if suggestion else ""
        hint_en = f" Did you mean {suggestion}?" if suggestion else ""
        names = ", ".join(sorted(known)) or "inga"
        names_en = ", ".join(sorted(known)) or "none"
        add(
            "error",
            ("departments", index, "metrics", position),
            "department.unknown_metric",
            f"förvaltningen {department.id}: okänt mått {key}; varken katalogen {catalog.ref} "
            f"eller filen (metrics) har det – kända mått: {names}.{hint_sv}",
            f"department {department.id}: unknown metric {key}; neither the catalogue "
            f"{catalog.ref} nor the file (metrics) has it – known metrics: {names_en}.{hint_en}",
        )


class _Add(Protocol):
    def __call__(self, severity: Severity, path: DataPath, code: str, sv: str, en: str) -> None: ...
