"""Generate a realistic national data set for the benchmark: every municipality × five years.

Deterministic: the same seed gives byte-identical files. Each municipality draws from its own
random stream (seeded by the seed and its code), so a smaller ``--scale`` writes exactly the same
files for the municipalities it keeps.

    python bench/generate.py                 # bench/data/national + bench/data/extreme
    python bench/generate.py --scale 0.25    # every fourth municipality

Ids (requirements, levels, areas, modules, metric keys) are read from the loaded catalogue, so
the generator follows whatever catalogue is bundled. The files respect the consistency rules of
DESIGN §3: they validate with no errors and no warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from lotscert.atomic import write_text_atomic
from lotscert.engine.persons import evaluate_persons
from lotscert.engine.persons_evidence import check_persons
from lotscert.loading import find_catalog
from lotscert.models.assessment import Person
from lotscert.models.catalog import Catalog, Requirement
from lotscert.models.result import PersonResult
from lotscert.municipalities import MunicipalityInfo, all_municipalities
from lotscert.skeleton import slug

DEFAULT_SEED = 884000
DEFAULT_CATALOG = "ss884000@1.0"
YEARS = (2022, 2023, 2024, 2025, 2026)
EXTREME_PERSONS = 2000
EXTREME_CODE = "0180"  # Stockholm: the largest municipality carries the extreme case

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"

#: Departments that handle business matters in a Swedish municipality (id, name).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("sbf", "Samhällsbyggnadsförvaltningen"),
    ("mhf", "Miljö- och hälsoskyddsförvaltningen"),
    ("ksf", "Kommunstyrelseförvaltningen"),
    ("tkf", "Teknik- och fastighetsförvaltningen"),
    ("rtj", "Räddningstjänsten"),
    ("nlk", "Näringslivskontoret"),
    ("sof", "Socialförvaltningen (serveringstillstånd)"),
    ("kuf", "Kultur- och fritidsförvaltningen"),
    ("upk", "Upphandlingsenheten"),
    ("vaf", "VA- och avfallsförvaltningen"),
    ("exk", "Mark- och exploateringsenheten"),
    ("bof", "Byggnadsförvaltningen"),
)
ROLES = (
    "Bygglovshandläggare",
    "Miljöinspektör",
    "Livsmedelsinspektör",
    "Alkoholhandläggare",
    "Brandinspektör",
    "Näringslivsutvecklare",
    "Exploateringsingenjör",
    "Upphandlare",
    "VA-ingenjör",
    "Planarkitekt",
    "Kommunjurist",
    "Lotssamordnare",
)
FIRST_NAMES = (
    "Anna", "Bo", "Cecilia", "David", "Eva", "Fredrik", "Greta", "Hassan", "Ingrid", "Johan",
    "Karin", "Lars", "Maria", "Nils", "Olivia", "Per", "Rebecka", "Sven", "Tove", "Ulf",
    "Vera", "William", "Yasmin", "Åsa", "Örjan", "Leila", "Mikael", "Sofia", "Erik", "Linnea",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Forsberg", "Gustafsson", "Holm", "Isaksson",
    "Johansson", "Karlsson", "Lindqvist", "Magnusson", "Nilsson", "Olsson", "Persson", "Ström",
    "Svensson", "Åberg", "Öberg", "Ali", "Nyström", "Lundgren", "Wikström", "Sandberg",
)  # fmt: skip
EVIDENCE_REFS = {
    "document": ("KS {y}-{m:02d}-{d:02d} § {n}", "Riktlinje för företagslotsning, dnr KS {y}/{n}"),
    "record": ("Ärendesystemet, uttag {y}-{m:02d}-{d:02d}", "Diarienummer SBN {y}/{n}"),
    "interview": ("Intervju med lotssamordnaren", "Intervju med förvaltningschef, {n} min"),
    "observation": ("Observation vid lotsmöte {y}-{m:02d}-{d:02d}", "Medlyssning i kundtjänst"),
    "metric": ("Nöjd Kund-Index, mätning {y}", "Ärendesystemet, statistikrapport {n}"),
}
METRIC_SOURCES = ("Ärendesystemet", "SKR Insikt", "Egen enkät", "Kvalitetsrapport")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Plan:
    """What to generate."""

    out: Path
    seed: int = DEFAULT_SEED
    scale: float = 1.0
    years: tuple[int, ...] = YEARS
    extreme: bool = True


def chosen_municipalities(scale: float) -> list[MunicipalityInfo]:
    """An even spread of ``scale`` × the 290 municipalities, in code order."""
    everyone = all_municipalities()
    count = max(1, min(len(everyone), round(len(everyone) * scale)))
    return [everyone[index * len(everyone) // count] for index in range(count)]


def kind_for(year_index: int, readiness: float) -> str:
    """The assessment kind of a year: self-assessments first, audits as the function matures."""
    if year_index == 0:
        return "self_assessment"
    if year_index == 1:
        return "internal_audit" if readiness > 0.6 else "self_assessment"
    if year_index == 2:
        return "test_certification" if readiness > 0.5 else "internal_audit"
    if year_index == 3:
        return "internal_audit" if readiness < 0.4 else "test_certification"
    return "certification_audit" if readiness > 0.45 else "self_assessment"


class Municipality:
    """One municipality's five years: a stable staff that changes a little year by year."""

    def __init__(
        self, info: MunicipalityInfo, catalog: Catalog, seed: int, persons: int | None = None
    ) -> None:
        self.info = info
        self.catalog = catalog
        self.rng = random.Random(f"{seed}:{info.code}")
        rng = self.rng
        self.readiness = rng.betavariate(2.2, 2.0)  # 0..1: how far along the function is
        self.growth = rng.uniform(0.02, 0.12)  # improvement per year
        department_count = rng.randint(3, 8) if persons is None else len(DEPARTMENTS)
        self.departments = rng.sample(DEPARTMENTS, department_count)
        self.person_count = persons if persons is not None else rng.randint(3, 40)
        self.next_person = 1
        self.staff: list[dict[str, object]] = [self._new_person() for _ in range(self.person_count)]

    # --- persons ----------------------------------------------------------------------------

    def _new_person(self) -> dict[str, object]:
        rng = self.rng
        competence = self.catalog.competence
        assert competence is not None
        areas = [area.id for area in competence.areas]
        top = competence.top
        specialist = rng.sample(areas, rng.choice((1, 1, 1, 2)))
        levels: dict[str, int] = {}
        for area in areas:
            if area in specialist:
                levels[area] = top
            else:
                levels[area] = rng.choices(
                    (competence.base_min - 1, competence.base_min, competence.base_min + 1),
                    weights=(1, 6, 3),
                )[0]
                levels[area] = max(0, min(top - 1, levels[area]))
        languages = {
            language: max(0, min(top, required - rng.choice((0, 0, 0, 0, 1)) + rng.choice((0, 1))))
            for language, required in competence.languages.items()
        }
        identifier = f"lots-{self.next_person:04d}"
        self.next_person += 1
        department = rng.choice(self.departments)[0]
        return {
            "id": identifier,
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "department": department,
            "role": rng.choice(ROLES),
            "languages": languages,
            "competences": levels,
            "trained": rng.random(),  # how far through the web course, drawn once
            "exam": rng.uniform(0.55, 1.0),
            "started": rng.choice(YEARS) - rng.randint(0, 2),
        }

    def _turnover(self) -> None:
        """About one in ten leaves each year and is replaced."""
        rng = self.rng
        for index in range(len(self.staff)):
            if rng.random() < 0.1:
                self.staff[index] = self._new_person()

    def _person_yaml(self, person: dict[str, object], date: dt.date) -> list[str]:
        rng = self.rng
        competence = self.catalog.competence
        assert competence is not None
        languages = person["languages"]
        levels = person["competences"]
        assert isinstance(languages, dict) and isinstance(levels, dict)
        lines = [
            f"  - id: {person['id']}",
            f"    name: {q(str(person['name']))}",
            f"    department: {person['department']}",
            f"    role: {q(str(person['role']))}",
            "    languages: {" + ", ".join(f"{k}: {v}" for k, v in languages.items()) + "}",
            "    competences: {" + ", ".join(f"{k}: {v}" for k, v in levels.items()) + "}",
        ]
        started = int(str(person["started"]))
        if started < date.year:
            modules = [module.id for module in competence.modules]
            trained = float(str(person["trained"]))
            done = modules[: max(1, round(len(modules) * min(1.0, trained + 0.3)))]
            course_start = dt.date(min(started, date.year - 1), rng.randint(1, 10), 1)
            dated = ", ".join(
                f"{module}: {(course_start + dt.timedelta(days=7 * i)).isoformat()}"
                for i, module in enumerate(done)
            )
            lines.append("    training:")
            lines.append("      modules: {" + dated + "}")
            if len(done) == len(modules):
                exam = Decimal(str(round(float(str(person["exam"])), 2)))
                exam_date = course_start + dt.timedelta(days=7 * len(done) + 3)
                lines.append(f"      exam_score: {exam}")
                lines.append(f"      exam_date: {exam_date.isoformat()}")
        return lines

    # --- responses --------------------------------------------------------------------------

    def _evidence(self, requirement: Requirement, date: dt.date) -> list[str]:
        rng = self.rng
        kinds = list(requirement.evidence) or ["document"]
        lines = ["    evidence:"]
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(kinds)
            day = date - dt.timedelta(days=rng.randint(5, 330))
            ref = rng.choice(EVIDENCE_REFS[kind]).format(
                y=day.year, m=day.month, d=day.day, n=rng.randint(10, 999)
            )
            item = f"      - {{kind: {kind}, ref: {q(ref)}, date: {day.isoformat()}"
            if rng.random() < 0.2:
                item += f", note: {q('Granskat av bedömaren')}"
            lines.append(item + "}")
        return lines

    def _status(
        self, requirement: Requirement, level_index: int, year_index: int
    ) -> tuple[str, int | None]:
        """A status and maturity that respect the consistency rules."""
        rng = self.rng
        top = self.catalog.top
        if (
            rng.random() < 0.03
            and (
                requirement.modality == "should"
                or self.catalog.shall_may_be_not_applicable(requirement.level)
            )
            and requirement.metric is None
        ):
            return "not_applicable", None
        if year_index == 0 and requirement.modality == "should" and rng.random() < 0.04:
            return "not_assessed", None
        if year_index == 0 and self.readiness < 0.2 and rng.random() < 0.02:
            return "not_assessed", None  # a few early self-assessments stay incomplete
        strength = self.readiness + self.growth * year_index - 0.05 * level_index
        value = strength * (top + 1) + rng.gauss(0, 0.9)
        maturity = max(0, min(top, int(value)))
        if maturity >= top - 1:
            return "fulfilled", maturity
        if maturity <= 1 and rng.random() < 0.7:
            return "not_fulfilled", maturity
        return "partial", maturity

    def _register(self, person_lines: list[str], date: dt.date) -> list[PersonResult]:
        """The persons as the engine judges them (a linked requirement's status follows)."""
        competence = self.catalog.competence
        if competence is None or not person_lines:
            return []
        data = yaml.safe_load("\n".join(["persons:", *person_lines]))["persons"]
        persons = [Person.model_validate(item) for item in data]
        return evaluate_persons(persons, competence, date)

    def _register_decides(
        self,
        requirement: Requirement,
        register: list[PersonResult],
        status: str,
        maturity: int | None,
    ) -> tuple[str, int | None]:
        """A requirement linked to the persons register gets the register's status (and a
        maturity the consistency rules accept with it)."""
        if requirement.persons is None or maturity is None:
            return status, maturity
        if status not in ("fulfilled", "partial", "not_fulfilled"):
            return status, maturity
        check = check_persons(requirement.persons, register)
        if check.status is None:
            return status, maturity
        top = self.catalog.top
        if check.status == "fulfilled":
            return "fulfilled", max(maturity, top - 1)
        if check.status == "not_fulfilled":
            return "not_fulfilled", min(maturity, 1)
        return "partial", maturity

    def _metric_value(self, requirement: Requirement, met: bool) -> Decimal:
        rng = self.rng
        metric = requirement.metric
        assert metric is not None
        target = float(metric.target)
        step = max(1.0, abs(target) * 0.3)
        margin = rng.uniform(0.1, step)
        upward = metric.op in (">=", ">")
        if metric.op == "==":
            value = target if met else target + margin
        elif met:
            value = target + margin if upward else target - margin
        else:
            value = target - margin if upward else target + margin
        return Decimal(str(round(value, 1)))

    def assessment(self, year_index: int, year: int) -> tuple[str, str]:
        """One year's assessment: its kind and YAML text."""
        rng = self.rng
        catalog = self.catalog
        if year_index:
            self._turnover()
        kind = kind_for(year_index, self.readiness + self.growth * year_index)
        date = dt.date(year, rng.randint(2, 11), rng.randint(1, 28))
        level_index = {level.id: index for index, level in enumerate(catalog.levels)}
        assessor = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        # An audit the catalogue wants impartial is made by a certification body's lead auditor;
        # the municipality's own assessments by its own staff.
        parameters = catalog.certification
        impartial = parameters is not None and kind in parameters.impartial_kinds
        organisation = "Exempelcert AB" if impartial else self.info.name + " kommun"
        audit_role = "assessor" if kind == "self_assessment" else "lead_auditor"
        # Actions on an audit's findings fall within the catalogue's corrective-action days.
        longest = 360
        if kind != "self_assessment" and parameters is not None:
            longest = max(30, parameters.corrective_action_days)
        person_lines: list[str] = []
        for person in self.staff:
            person_lines.extend(self._person_yaml(person, date))
        register = self._register(person_lines, date)
        lines = [
            f"# Benchmark data (generated by bench/generate.py) – {self.info.name} {year}",
            f"catalog: {catalog.ref}",
            f"municipality: {{code: {q(self.info.code)}, name: {q(self.info.name)}}}",
            f"period: {year}",
            f"kind: {kind}",
            f"date: {date.isoformat()}",
            "assessors:",
            f"  - {{name: {q(assessor)}, role: {q('Näringslivsutvecklare')}, "
            f"organisation: {q(organisation)}, audit_role: {audit_role}}}",
            "departments:",
        ]
        lines.extend(f"  - {{id: {key}, name: {q(name)}}}" for key, name in self.departments)
        if (int(self.info.code) + year) % 3 == 0:
            # a third of the files agree to show good examples in a national report (no random
            # draw: the rest of the data stays as it was)
            lines.append("publishable: true")
        lines.append("responses:")
        metrics: dict[str, tuple[Decimal, str]] = {}
        for requirement in catalog.requirements:
            status, maturity = self._status(
                requirement, level_index.get(requirement.level, 0), year_index
            )
            if requirement.metric is not None and status == "partial" and maturity is not None:
                # a measured requirement is met or not: the measurement decides the status
                status, maturity = "not_fulfilled", min(maturity, 1)
            status, maturity = self._register_decides(requirement, register, status, maturity)
            lines.append(f"  {requirement.id}:")
            lines.append(f"    status: {status}")
            if maturity is not None:
                lines.append(f"    maturity: {maturity}")
            lines.extend(self._evidence(requirement, date))
            if status == "not_applicable":
                lines.append(f"    comment: {q('Hanteras av regionens gemensamma funktion.')}")
            elif status in ("partial", "not_fulfilled"):
                if rng.random() < 0.4:
                    lines.append(f"    comment: {q('Arbetet pågår men är inte fullt infört.')}")
                if rng.random() < 0.85:
                    due = date + dt.timedelta(days=rng.randint(30, longest))
                    owner = rng.choice(("Kommundirektören", "Lotssamordnaren", "Förvaltningschef"))
                    text = q("Ta fram och inför rutin för " + requirement.id)
                    lines.append(
                        f"    action: {{text: {text}, owner: {q(owner)}, due: {due.isoformat()}}}"
                    )
            if requirement.metric is not None:
                met = status == "fulfilled"
                value = self._metric_value(requirement, met)
                metrics[requirement.metric.key] = (value, rng.choice(METRIC_SOURCES))
        lines.append("persons:")
        lines.extend(person_lines)
        lines.append("metrics:")
        measured = date - dt.timedelta(days=rng.randint(5, 40))
        extra = {
            "samordnade_arenden": (Decimal(rng.randint(5, 400)), "Ärendesystemet"),
            "lotsmoten": (Decimal(rng.randint(2, 24)), "Lotssamordnaren"),
        }
        for key, (value, source) in {**metrics, **extra}.items():
            lines.append(
                f"  {key}: {{value: {value}, source: {q(source)}, date: {measured.isoformat()}}}"
            )
        return kind, "\n".join(lines) + "\n"


def generate(plan: Plan, catalog: Catalog | None = None) -> list[Path]:
    """Write the data set; the paths written, national files first."""
    catalog = catalog or find_catalog(DEFAULT_CATALOG)
    written: list[Path] = []
    national = plan.out / "national"
    for info in chosen_municipalities(plan.scale):
        municipality = Municipality(info, catalog, plan.seed)
        folder = national / f"{info.code}-{slug(info.name)}"
        for year_index, year in enumerate(plan.years):
            kind, text = municipality.assessment(year_index, year)
            path = folder / f"{year}-{kind}.yaml"
            write_text_atomic(path, text)
            written.append(path)
    if plan.extreme:
        info = next(m for m in all_municipalities() if m.code == EXTREME_CODE)
        municipality = Municipality(info, catalog, plan.seed, persons=EXTREME_PERSONS)
        year = plan.years[-1]
        kind, text = municipality.assessment(len(plan.years) - 1, year)
        path = plan.out / "extreme" / f"{info.code}-{slug(info.name)}" / f"{year}-{kind}.yaml"
        write_text_atomic(path, text)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the 290 municipalities (0–1]"
    )
    parser.add_argument("--no-extreme", action="store_true", help="skip the 2 000-person case")
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 1:
        parser.error("--scale must be in (0, 1]")
    started = time.perf_counter()
    paths = generate(
        Plan(out=args.out, seed=args.seed, scale=args.scale, extreme=not args.no_extreme)
    )
    seconds = time.perf_counter() - started
    print(f"wrote {len(paths)} files under {args.out} in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
