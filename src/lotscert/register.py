"""The certificate register: every function and person certificate under some folders, at a date.

Reads the decision files (``decisions.py``) and the surveillance audits beside them, and asks
``engine/cycle.py`` where each certificate stands. A decision with an error stops the register
(:class:`ValidationFailed` with every located problem): a register must not show a certificate
that rests on a changed or invalid file. Persons appear by their pseudonymous id only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lotscert.decisions import (
    LoadedDecision,
    decision_date_key,
    effective_outcome,
    read_decision,
)
from lotscert.diagnostics import Diagnostic
from lotscert.engine.cycle import (
    CertificateEvent,
    CertificateStatus,
    CycleState,
    SurveillancePlan,
    certificate_cycle,
)
from lotscert.errors import ValidationFailed
from lotscert.models.catalog import Catalog

if TYPE_CHECKING:  # the register reads files; the report package is loaded only to render it
    from lotscert.reports.integrity import InputRole


@dataclass(frozen=True)
class FunctionCertificate:
    """A municipality's function certificate at the register's date."""

    municipality_code: str
    municipality: str
    is_example: bool
    number: str
    scope: list[str]
    scope_names: list[str]
    issuer: str
    state: CycleState
    persons_cover_until: dt.date | None
    files: list[str]

    @property
    def status(self) -> CertificateStatus:
        """The certificate's status."""
        return self.state.status


@dataclass(frozen=True)
class PersonCertificateEntry:
    """One person certificate at the register's date (pseudonymous id only)."""

    id: str
    municipality_code: str
    municipality: str
    is_example: bool
    number: str
    department: str | None
    state: CycleState
    files: list[str]
    issuer: str | None = None

    @property
    def status(self) -> CertificateStatus:
        """The certificate's status."""
        return self.state.status


@dataclass
class Register:
    """Every certificate found, and the files the register was made from."""

    at: dt.date
    certificates: list[FunctionCertificate] = field(default_factory=list)
    persons: list[PersonCertificateEntry] = field(default_factory=list)
    inputs: list[tuple[InputRole, Path]] = field(default_factory=list)


_DECISION_HEAD = (re.compile(rb"^decision:", re.M), re.compile(rb"^decided_by:", re.M))
_KIND = re.compile(rb"^kind:\s*([A-Za-z_]+)", re.M)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(1 << 16)
    except OSError:
        return b""


def looks_like_decision(path: Path) -> bool:
    """A quick look at the top of a file: does it hold a decision?"""
    if not path.is_file():
        return False
    head = _head(path)
    return all(pattern.search(head) for pattern in _DECISION_HEAD)


def _yaml_files(paths: Iterable[Path]) -> list[Path]:
    from lotscert.loading import iter_yaml_files

    return list(dict.fromkeys(iter_yaml_files(paths)))


def _surveillance_dates(files: Sequence[Path]) -> dict[str, list[tuple[dt.date, Path]]]:
    """Surveillance audits by municipality code (only files that say so near the top)."""
    from lotscert.loading import read_assessment

    found: dict[str, list[tuple[dt.date, Path]]] = {}
    for path in files:
        match = _KIND.search(_head(path))
        if match is None or match.group(1) != b"surveillance_audit":
            continue
        assessment, _, problems = read_assessment(path, with_catalog=False)
        if assessment is None or any(d.severity == "error" for d in problems):
            continue
        found.setdefault(assessment.municipality.code, []).append((assessment.date, path))
    return found


def _plan(catalog: Catalog) -> SurveillancePlan | None:
    parameters = catalog.certification
    if parameters is None or parameters.surveillance_first_months is None:
        return None
    return SurveillancePlan(
        parameters.surveillance_first_months,
        parameters.surveillance_interval_months,
        parameters.suspend_when_surveillance_overdue,
    )


def _notice(catalog: Catalog) -> int | None:
    return catalog.certification.expiry_notice_days if catalog.certification else None


def _shown(path: Path) -> str:
    from lotscert.loading import _display

    return _display(path)


def load_decisions(
    paths: Sequence[Path], catalog_paths: Sequence[Path | str] = ()
) -> list[LoadedDecision]:
    """Every decision file under ``paths``, checked; raises :class:`ValidationFailed` on any
    error in any of them (all problems of all files together)."""
    loaded: list[LoadedDecision] = []
    problems: list[Diagnostic] = []
    for path in _yaml_files(paths):
        if not looks_like_decision(path):
            continue
        decision, found = read_decision(path, catalog_paths)
        problems.extend(d for d in found if d.severity == "error")
        if decision is not None:
            loaded.append(decision)
    problems.extend(_shared_numbers(loaded))
    if problems:
        located: list[object] = list(problems)
        raise ValidationFailed(located, problems[0].format("en"))
    return sorted(loaded, key=decision_date_key)


def _shared_numbers(decisions: Sequence[LoadedDecision]) -> list[Diagnostic]:
    """A certificate number names one holder: the same number for two municipalities (or for a
    function and a person certificate) is an error at the later decision."""
    owners: dict[str, tuple[str, str]] = {}
    found: list[Diagnostic] = []
    for item in sorted(decisions, key=decision_date_key):
        decision = item.decision
        numbers: list[tuple[str, str, tuple[str | int, ...]]] = []
        if decision.certificate is not None:
            numbers.append((decision.certificate, "function", ("certificate",)))
        for index, person in enumerate(decision.persons):
            numbers.append(
                (person.certificate, f"person {person.person}", ("persons", index, "certificate"))
            )
        for number, holder, where in numbers:
            owner = (decision.municipality.code, holder)
            first = owners.setdefault(number, owner)
            if first != owner:
                found.append(
                    _placed(
                        item.path,
                        Diagnostic(
                            _shown(item.path),
                            "error",
                            "register.number_reused",
                            f"certifikatnumret {number} används redan för {first[0]} ({first[1]}); "
                            "ett nummer hör till ett certifikat",
                            f"the certificate number {number} is already used for {first[0]} "
                            f"({first[1]}); a number belongs to one certificate",
                            where,
                        ),
                    )
                )
    return found


def _placed(path: Path, diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic with its line and column in ``path``."""
    from lotscert.yamlsource import read_source

    source, _ = read_source(path, diagnostic.file)
    return source.place(diagnostic) if source is not None else diagnostic


def build_register(
    paths: Sequence[Path | str],
    at: dt.date,
    catalog_paths: Sequence[Path | str] = (),
) -> Register:
    """The register of every certificate decided in files under ``paths``, as it stands on
    ``at``."""
    given = [Path(path) for path in paths]
    decisions = load_decisions(given, catalog_paths)
    surveillance = _surveillance_dates(_yaml_files(given))
    register = Register(at=at)
    inputs: dict[Path, InputRole] = {}
    for item in decisions:
        inputs.setdefault(item.catalog_path, "catalog")
        inputs.setdefault(item.path, "decision")
        for audit in item.audits:
            inputs.setdefault(audit.path, "assessment")
    for dates in surveillance.values():
        for _, path in dates:
            inputs.setdefault(path, "assessment")
    register.persons = _person_certificates(decisions, at)
    register.certificates = _function_certificates(decisions, surveillance, register.persons, at)
    register.persons = _pseudonymous(register.persons, decisions)
    register.inputs = [(role, path) for path, role in inputs.items()]
    return register


def _pseudonymous(
    entries: list[PersonCertificateEntry], decisions: Sequence[LoadedDecision]
) -> list[PersonCertificateEntry]:
    """The entries with each id that holds a holder's or an audited person's name
    (``lena-backlund``) shown as ``person-N``, as reports show it: the register shows
    pseudonymous ids only."""
    from lotscert.pseudonyms import ids_holding_names

    names = [person.name for item in decisions for person in item.decision.persons]
    names += [
        person.name
        for item in decisions
        for audit in item.audits
        for person in audit.assessment.persons
        if person.name
    ]
    kept = [item.decision.municipality.name for item in decisions]
    renamed = ids_holding_names([entry.id for entry in entries], names, kept)
    return [dataclasses.replace(entry, id=renamed.get(entry.id, entry.id)) for entry in entries]


def _function_certificates(
    decisions: Sequence[LoadedDecision],
    surveillance: dict[str, list[tuple[dt.date, Path]]],
    persons: Sequence[PersonCertificateEntry],
    at: dt.date,
) -> list[FunctionCertificate]:
    groups: dict[tuple[str, str], list[LoadedDecision]] = {}
    for item in decisions:
        decision = item.decision
        if decision.decision != "function" or decision.certificate is None:
            continue
        groups.setdefault((decision.municipality.code, decision.certificate), []).append(item)
    entries: list[FunctionCertificate] = []
    for (code, number), items in sorted(groups.items()):
        latest = items[-1]
        catalog = latest.catalog
        years = catalog.certification.validity_years if catalog.certification else None
        if years is None:
            continue
        events = [
            CertificateEvent(
                item.decision.date,
                item.decision.outcome,
                any(a.assessment.kind == "recertification_audit" for a in item.audits),
                _shown(item.path),
            )
            for item in items
        ]
        audits = surveillance.get(code, [])
        state = certificate_cycle(
            events,
            years,
            at,
            notice_days=_notice(catalog),
            plan=_plan(catalog),
            surveillance_audits=[date for date, _ in audits],
        )
        if state.status == "not_yet_decided":
            continue
        granting = next(
            (
                i
                for i in reversed(items)
                if i.decision.outcome == "granted" and i.decision.date <= at
            ),
            latest,
        )
        names = granting.department_names()
        files = [*state.sources]
        for item in items:
            files.extend(_shown(audit.path) for audit in item.audits)
        files.extend(
            _shown(path) for date, path in audits if state.decided and state.decided < date <= at
        )
        entries.append(
            FunctionCertificate(
                municipality_code=code,
                municipality=latest.decision.municipality.name,
                is_example=latest.decision.municipality.is_example,
                number=number,
                scope=list(granting.decision.scope),
                scope_names=[names.get(d, d) for d in granting.decision.scope],
                issuer=granting.decision.issuer.name,
                state=state,
                persons_cover_until=_persons_cover_until(granting, persons, at),
                files=list(dict.fromkeys(files)),
            )
        )
    return entries


def _persons_cover_until(
    granting: LoadedDecision, persons: Sequence[PersonCertificateEntry], at: dt.date
) -> dt.date | None:
    """Until when every department in scope keeps the catalogue's number of certified persons.

    Counted from the audit's certified persons (their exam validity) and the municipality's
    person certificates, whichever lasts longer per person; None when the catalogue sets no
    number or the audits list no persons.
    """
    parameters = granting.catalog.certification
    if parameters is None or parameters.min_certified_per_department == 0:
        return None
    until: dict[str, dict[str, dt.date]] = {}
    for audit in granting.audits:
        for person in audit.result.persons:
            if person.status == "certified" and person.department and person.valid_until:
                held = until.setdefault(person.department, {})
                held[person.id] = max(held.get(person.id, person.valid_until), person.valid_until)
    for entry in persons:
        code = granting.decision.municipality.code
        valid = entry.state.valid_until
        if entry.municipality_code != code or not entry.department or valid is None:
            continue
        if entry.status in ("withdrawn", "suspended", "expired"):
            continue
        held = until.setdefault(entry.department, {})
        held[entry.id] = max(held.get(entry.id, valid), valid)
    if not until:
        return None
    needed = parameters.min_certified_per_department
    ends: list[dt.date] = []
    for department in granting.decision.scope:
        dates = sorted(until.get(department, {}).values(), reverse=True)
        if len(dates) < needed:
            return at
        ends.append(dates[needed - 1])
    return min(ends) if ends else None


def _person_certificates(
    decisions: Sequence[LoadedDecision], at: dt.date
) -> list[PersonCertificateEntry]:
    groups: dict[tuple[str, str], list[tuple[LoadedDecision, int]]] = {}
    for item in decisions:
        if item.decision.decision != "persons":
            continue
        for index, person in enumerate(item.decision.persons):
            key = (item.decision.municipality.code, person.certificate)
            groups.setdefault(key, []).append((item, index))
    entries: list[PersonCertificateEntry] = []
    for (code, number), items in sorted(groups.items()):
        latest, latest_index = items[-1]
        competence = latest.catalog.competence
        if competence is None:
            continue
        events = []
        for item, index in items:
            person = item.decision.persons[index]
            events.append(
                CertificateEvent(
                    item.decision.date,
                    effective_outcome(item.decision, person),
                    person.route != "initial",
                    _shown(item.path),
                )
            )
        state = certificate_cycle(
            events, competence.validity_years, at, notice_days=_notice(latest.catalog)
        )
        if state.status == "not_yet_decided":
            continue
        person_id = latest.decision.persons[latest_index].person
        result = latest.person_result(person_id)
        files = [*state.sources]
        for item, _ in items:
            files.extend(_shown(audit.path) for audit in item.audits)
        entries.append(
            PersonCertificateEntry(
                id=person_id,
                municipality_code=code,
                municipality=latest.decision.municipality.name,
                is_example=latest.decision.municipality.is_example,
                number=number,
                department=result.department if result else None,
                state=state,
                files=list(dict.fromkeys(files)),
                issuer=latest.decision.issuer.name,
            )
        )
    return entries


def register_document(register: Register) -> dict[str, object]:
    """The register as plain data (what ``--format json`` writes, without the integrity)."""

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "at": register.at.isoformat(),
        "certificates": [
            {
                "municipality": entry.municipality,
                "municipality_code": entry.municipality_code,
                "number": entry.number,
                "scope": entry.scope,
                "issuer": entry.issuer,
                "status": entry.status,
                "decided": day(entry.state.decided),
                "valid_from": day(entry.state.valid_from),
                "valid_until": day(entry.state.valid_until),
                "next_surveillance_due": day(entry.state.next_surveillance_due),
                "recertification_due": day(entry.state.recertification_due),
                "next_due": day(entry.state.next_due),
                "surveillance_done": [day(d) for d in entry.state.surveillance_done],
                "suspension_proposed": entry.state.suspension_proposed,
                "persons_cover_until": day(entry.persons_cover_until),
                "files": entry.files,
            }
            for entry in register.certificates
        ],
        "persons": [
            {
                "id": entry.id,
                "municipality": entry.municipality,
                "municipality_code": entry.municipality_code,
                "certificate": entry.number,
                "department": entry.department,
                "status": entry.status,
                "decided": day(entry.state.decided),
                "valid_from": day(entry.state.valid_from),
                "valid_until": day(entry.state.valid_until),
                "next_due": day(entry.state.next_due),
                "files": entry.files,
            }
            for entry in register.persons
        ],
    }
