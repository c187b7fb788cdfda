"""Decision files → a checked :class:`CertificationDecision` with the audits it rests on.

``read_decision`` never raises for bad input: it returns every located diagnostic, as
``read_assessment`` does. The rules checked here are those of DESIGN §6 (Decisions are
separate): the audits exist and are unchanged (SHA-256), are the same municipality's and of a
kind that can carry the decision, the decision-maker was not in their audit team, a grant has
no open nonconformity (``engine/granting.py``), a function certificate has a number and a scope
among the audited departments, and a person certificate goes to a person the audit found
certified (or renewed by the catalogue's continuing-development route).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lotscert.diagnostics import DataPath, Diagnostic, Severity
from lotscert.engine.cycle import (
    CertificateEvent,
    DecisionOrder,
    decision_order,
    out_of_turn,
)
from lotscert.engine.granting import AuditOnRecord, grant_blockers
from lotscert.engine.names import (
    invisible_characters,
    mixed_script_words,
    same_person,
    same_spelling,
)
from lotscert.engine.scope import CERTIFYING_KINDS, PERSON_EXAMINING_KINDS, scope_of
from lotscert.engine.team import from_municipality
from lotscert.errors import CatalogError, ValidationFailed
from lotscert.labels import label, unmet_text
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.decision import (
    CertificationDecision,
    DecisionMaker,
    DecisionOutcome,
    PersonCertificate,
)
from lotscert.models.result import PersonResult, Result
from lotscert.validation.entry_salvage import (
    DECISION_ENTRY_LISTS,
    SalvagedEntries,
    is_unrelated,
    restore_path,
    salvage_entries,
)
from lotscert.yamlsource import Source, read_source

#: Outcomes that rest on an audit and so need ``based_on``.
_NEEDS_AUDIT: frozenset[DecisionOutcome] = frozenset({"granted", "refused", "restored"})
#: Outcomes that need a written reason.
_NEEDS_REASON: frozenset[DecisionOutcome] = frozenset({"refused", "suspended", "withdrawn"})


@dataclass(frozen=True)
class ReferencedAudit:
    """An audit a decision rests on: the file, its model, catalogue and computed result."""

    path: Path
    shown_as: str
    assessment: Assessment
    catalog: Catalog
    catalog_path: Path
    result: Result


@dataclass(frozen=True)
class LoadedDecision:
    """A decision that passed every check, with the audits it rests on."""

    path: Path
    decision: CertificationDecision
    catalog: Catalog
    catalog_path: Path
    audits: tuple[ReferencedAudit, ...]

    def person_result(self, person_id: str) -> PersonResult | None:
        """The person's result in the latest audit that examined them."""
        return latest_person_result(self.audits, person_id)

    def department_names(self) -> dict[str, str]:
        """Department id → name, from the audits (the latest name wins)."""
        names: dict[str, str] = {}
        for audit in sorted(self.audits, key=lambda a: a.result.date):
            names.update({d.id: d.name for d in audit.assessment.departments})
        return names


def latest_person_result(audits: Sequence[ReferencedAudit], person_id: str) -> PersonResult | None:
    """A person's result in the latest of ``audits`` that examined them."""
    for audit in sorted(audits, key=lambda a: a.result.date, reverse=True):
        for person in audit.result.persons:
            if person.id == person_id:
                return person
    return None


def _examined_on(audits: Sequence[ReferencedAudit], person_id: str) -> dt.date | None:
    """The date of the latest of ``audits`` that examined the person."""
    dates = [
        audit.result.date
        for audit in audits
        if any(person.id == person_id for person in audit.result.persons)
    ]
    return max(dates) if dates else None


def effective_outcome(
    decision: CertificationDecision, person: PersonCertificate
) -> DecisionOutcome:
    """A person's outcome: their own, else the decision's."""
    return person.outcome or decision.outcome


def is_decision_data(data: object) -> bool:
    """Whether parsed YAML looks like a decision file (its ``decision`` key says what about)."""
    return isinstance(data, dict) and "decision" in data and "decided_by" in data


def sha256_of(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()


class _Collector:
    def __init__(
        self, file: str, source: Source, salvaged: SalvagedEntries[Any] | None = None
    ) -> None:
        self.file = file
        self.source = source
        self.found: list[Diagnostic] = []
        #: When person certificates were left out (schema errors): put paths back at their
        #: places in the file, and drop what follows from leaving them out.
        self.salvaged = salvaged

    def add(self, severity: Severity, path: DataPath, code: str, sv: str, en: str) -> None:
        diagnostic = Diagnostic(self.file, severity, code, sv, en, path)
        if self.salvaged is not None:
            diagnostic = replace(diagnostic, path=restore_path(path, self.salvaged.kept))
            if not is_unrelated(diagnostic, self.salvaged):
                return
        self.found.append(self.source.place(diagnostic))

    def error(self, path: DataPath, code: str, sv: str, en: str) -> None:
        self.add("error", path, code, sv, en)


def read_decision(
    path: Path,
    catalog_paths: Sequence[Path | str] = (),
    *,
    display: str | None = None,
    source: Source | None = None,
) -> tuple[LoadedDecision | None, list[Diagnostic]]:
    """Load a decision file and check it with the audits it names; never raises for bad input."""
    from lotscert.loading import _display, _parse, find_catalog_entry

    path = Path(path)
    shown = display or (source.file if source is not None else _display(path))
    if source is None:
        source, problems = read_source(path, shown)
        if source is None:
            return None, problems
    # the schema, and no control or text-direction character (as for every file we read)
    decision, schema_problems = _parse(source, CertificationDecision)
    salvaged = None
    if decision is None:
        # Person certificates that cannot be read do not hide the checks of the others.
        salvaged = _salvage_persons(source.data)
        if salvaged is None:
            return None, schema_problems
        decision = salvaged.model
    out = _Collector(shown, source, salvaged)
    out.found.extend(schema_problems)  # those of the person certificates left out, if any
    try:
        entry = find_catalog_entry(decision.catalog, catalog_paths)
    except ValidationFailed as failure:
        given = [d for d in failure.diagnostics if isinstance(d, Diagnostic)]
        return None, schema_problems + given
    except CatalogError as error:
        out.error(
            ("catalog",),
            "catalog.not_found",
            error.message.split(" / ")[0],
            error.message.split(" / ")[-1],
        )
        return None, out.found
    audits = _read_audits(decision, path, shown, catalog_paths, out)
    _check_decision(decision, entry.catalog, audits, out)
    _check_turn(decision, path, out)
    _check_folder_staff(decision, path, audits, out)
    if any(d.severity == "error" for d in out.found):
        return None, out.found
    loaded = LoadedDecision(path, decision, entry.catalog, entry.path, tuple(audits))
    return loaded, out.found


_OUTCOME_SV: dict[DecisionOutcome, str] = {
    "granted": "ett beviljande",
    "refused": "ett avslag",
    "suspended": "en tillfällig indragning",
    "withdrawn": "en återkallelse",
    "restored": "ett återinförande",
}
_OUTCOME_EN: dict[DecisionOutcome, str] = {
    "granted": "grant",
    "refused": "refusal",
    "suspended": "suspension",
    "withdrawn": "withdrawal",
    "restored": "restoration",
}


def _numbers(decision: CertificationDecision) -> list[tuple[str, DecisionOutcome, DataPath]]:
    """Each certificate number the decision is about, with its outcome and its place."""
    if decision.decision == "function":
        if decision.certificate is None:
            return []
        return [(decision.certificate, decision.outcome, ("outcome",))]
    return [
        (
            person.certificate,
            effective_outcome(decision, person),
            ("persons", index, "outcome" if person.outcome else "certificate"),
        )
        for index, person in enumerate(decision.persons)
    ]


def folder_decisions(folder: Path) -> list[tuple[Path, CertificationDecision]]:
    """The decisions in a municipality's folder that can be read (schema only; ``validate``
    names the others)."""
    from lotscert.loading import _parse
    from lotscert.register import looks_like_decision

    found: list[tuple[Path, CertificationDecision]] = []
    for sibling in sorted(folder.glob("*.y*ml")):
        if sibling.name.startswith(".") or not looks_like_decision(sibling):
            continue
        source, _ = read_source(sibling, str(sibling))
        if source is None:
            continue
        parsed, _ = _parse(source, CertificationDecision)
        if parsed is not None:
            found.append((sibling, parsed))
    return found


def _check_turn(decision: CertificationDecision, path: Path, out: _Collector) -> None:
    """A suspension or withdrawal ends a grant taken before it, and a restoration lifts a
    suspension: the certificate's earlier decisions are those in the same folder, in the order
    of ``engine.cycle.decision_order`` (date, then decision number)."""
    acting = [n for n in _numbers(decision) if n[1] in ("suspended", "withdrawn", "restored")]
    if not acting:
        return
    others = [
        (sibling, other)
        for sibling, other in folder_decisions(path.parent)
        if sibling.name != path.name
    ]
    for number, outcome, where in acting:
        own = CertificateEvent(decision.date, outcome, False, str(path))
        events = [own]
        for sibling, other in others:
            events.extend(
                CertificateEvent(other.date, their_outcome, False, str(sibling))
                for their_number, their_outcome, _ in _numbers(other)
                if their_number == number
            )
        problem = out_of_turn(events, own)
        if problem is None:
            continue
        what_sv, what_en = _OUTCOME_SV[outcome], _OUTCOME_EN[outcome]
        order_sv = (
            " (beslut i samma mapp räknas i datumordning, och samma dag i beslutsnumrets ordning"
            ": decision-2 före decision-10)"
        )
        order_en = (
            " (decisions in the same folder count in date order, and on the same day in the "
            "order of their decision numbers: decision-2 before decision-10)"
        )
        if problem == "not_granted":
            sv = (
                f"certifikatet {number} har inget beviljande före detta beslut ({decision.date});"
                f" {what_sv} förutsätter att certifikatet beviljats tidigare{order_sv}"
            )
            en = (
                f"the certificate {number} has no grant before this decision ({decision.date}); "
                f"a {what_en} presupposes an earlier grant{order_en}"
            )
        elif problem == "withdrawn":
            sv = (
                f"certifikatet {number} är redan återkallat före detta beslut ({decision.date});"
                f" ett nytt beviljande behövs först{order_sv}"
            )
            en = (
                f"the certificate {number} was already withdrawn before this decision "
                f"({decision.date}); it takes a new grant first{order_en}"
            )
        else:
            sv = (
                f"certifikatet {number} är inte tillfälligt indraget före detta beslut "
                f"({decision.date}); ett återinförande lyfter en indragning{order_sv}"
            )
            en = (
                f"the certificate {number} is not suspended before this decision "
                f"({decision.date}); a restoration lifts a suspension{order_en}"
            )
        out.error(where, f"decision.{problem}", sv, en)


def _salvage_persons(data: Any) -> SalvagedEntries[CertificationDecision] | None:
    """The decision without the person certificates that have schema errors, or None."""
    try:
        CertificationDecision.model_validate(data)
    except ValidationError as error:
        return salvage_entries(CertificationDecision, data, error, DECISION_ENTRY_LISTS)
    return None  # only refused characters: the schema errors say all


def _read_audits(
    decision: CertificationDecision,
    path: Path,
    shown: str,
    catalog_paths: Sequence[Path | str],
    out: _Collector,
) -> list[ReferencedAudit]:
    from lotscert.engine import evaluate
    from lotscert.loading import read_assessment

    audits: list[ReferencedAudit] = []
    for index, reference in enumerate(decision.based_on):
        where: DataPath = ("based_on", index)
        if Path(reference.path).is_absolute() or reference.path.startswith("~"):
            out.error(
                (*where, "path"),
                "decision.audit_path_absolute",
                f"ange revisionen relativt beslutsfilens mapp, t.ex. 2026-certification_audit.yaml"
                f", inte {reference.path}",
                f"name the audit relative to the decision file's folder, e.g. "
                f"2026-certification_audit.yaml, not {reference.path}",
            )
            continue
        audit_path = path.parent / reference.path
        # ``../`` (or a link) leading out of the decision's folder would let a decision make
        # lotscert read and hash any file on the machine
        if not audit_path.resolve().is_relative_to(path.parent.resolve()):
            out.error(
                (*where, "path"),
                "decision.audit_path_outside",
                f"revisionen ska ligga i beslutsfilens mapp eller en undermapp till den; "
                f"{reference.path} leder utanför mappen",
                f"the audit must be in the decision file's folder or a folder below it; "
                f"{reference.path} leads out of that folder",
            )
            continue
        if not audit_path.is_file():
            out.error(
                (*where, "path"),
                "decision.audit_missing",
                f"revisionen {reference.path} finns inte (sökvägen räknas från beslutsfilens mapp)",
                f"the audit {reference.path} does not exist (the path counts from the decision "
                "file's folder)",
            )
            continue
        actual = sha256_of(audit_path)
        if actual != reference.sha256:
            out.error(
                (*where, "sha256"),
                "decision.digest_mismatch",
                f"revisionen {reference.path} har ändrats sedan beslutet (SHA-256 är nu "
                f"{actual}); beslutet gäller inte den här versionen – fatta ett nytt beslut eller "
                "återställ filen",
                f"the audit {reference.path} has changed since the decision (its SHA-256 is now "
                f"{actual}); the decision does not cover this version – take a new decision or "
                "restore the file",
            )
            continue
        assessment, entry, problems = read_assessment(audit_path, catalog_paths)
        if assessment is None or entry is None or any(d.severity == "error" for d in problems):
            out.error(
                (*where, "path"),
                "decision.audit_invalid",
                f"revisionen {reference.path} har fel; kör lotscert validate {audit_path}",
                f"the audit {reference.path} has errors; run lotscert validate {audit_path}",
            )
            continue
        audits.append(
            ReferencedAudit(
                path=audit_path,
                shown_as=reference.path,
                assessment=assessment,
                catalog=entry.catalog,
                catalog_path=entry.path,
                result=evaluate(entry.catalog, assessment),
            )
        )
    return audits


def _check_decision(
    decision: CertificationDecision,
    catalog: Catalog,
    audits: list[ReferencedAudit],
    out: _Collector,
) -> None:
    outcome = decision.outcome
    # A persons decision is checked person by person (each may give its own reason).
    needs_reason = decision.decision == "function" and outcome in _NEEDS_REASON
    if needs_reason and not (decision.reason or "").strip():
        out.error(
            ("outcome",) if decision.reason is None else ("reason",),
            "decision.reason_missing",
            f"ett beslut {outcome} kräver en motivering under reason",
            f"a {outcome} decision needs a reason under reason",
        )
    if outcome in _NEEDS_AUDIT and not decision.based_on:
        out.error(
            ("based_on",),
            "decision.no_audit",
            f"ett beslut {outcome} vilar på minst en revision: ange den under based_on (path, "
            "sha256)",
            f"a {outcome} decision rests on at least one audit: name it under based_on (path, "
            "sha256)",
        )
    _check_signature_names(decision, out)
    _check_audits_match(decision, catalog, audits, out)
    if decision.decision == "function":
        _check_function(decision, catalog, audits, out)
    else:
        _check_persons(decision, catalog, audits, out)


def _check_audits_match(
    decision: CertificationDecision,
    catalog: Catalog,
    audits: list[ReferencedAudit],
    out: _Collector,
) -> None:
    for audit in audits:
        index = _index_of(decision, audit)
        where: DataPath = ("based_on", index, "path")
        assessment = audit.assessment
        if assessment.municipality.code != decision.municipality.code:
            out.error(
                where,
                "decision.other_municipality",
                f"revisionen gäller {assessment.municipality.name} ({assessment.municipality.code}"
                f"), inte {decision.municipality.name} ({decision.municipality.code})",
                f"the audit is for {assessment.municipality.name} "
                f"({assessment.municipality.code}), not {decision.municipality.name} "
                f"({decision.municipality.code})",
            )
        if assessment.catalog != decision.catalog:
            out.error(
                where,
                "decision.catalog_mismatch",
                f"revisionen använder katalogen {assessment.catalog}, beslutet {decision.catalog}",
                f"the audit uses the catalogue {assessment.catalog}, the decision "
                f"{decision.catalog}",
            )
        if assessment.date > decision.date:
            out.error(
                ("date",),
                "decision.before_audit",
                f"beslutet ({decision.date}) är daterat före revisionen {audit.shown_as} "
                f"({assessment.date})",
                f"the decision ({decision.date}) is dated before the audit {audit.shown_as} "
                f"({assessment.date})",
            )
        _check_impartial(decision, audit, out)


def _check_impartial(
    decision: CertificationDecision, audit: ReferencedAudit, out: _Collector
) -> None:
    """The decision-maker took no part in the audit and is not one of the audited
    municipality's people (ISO/IEC 17021-1, 7.2; 17024, 9.2): names are compared as people
    write them (``engine/names.py``)."""
    maker = decision.decided_by
    assessment = audit.assessment
    municipality = assessment.municipality.name
    for assessor in assessment.assessors:
        if same_person(assessor.name, maker.name):
            out.error(
                ("decided_by", "name"),
                "decision.not_impartial",
                f"{_shown_name(maker.name)} ingick i revisionsteamet för {audit.shown_as}"
                + _as_written(maker.name, assessor.name, "sv")
                + "; beslutet ska fattas av någon som inte deltog i revisionen",
                f"{_shown_name(maker.name)} was in the audit team of {audit.shown_as}"
                + _as_written(maker.name, assessor.name, "en")
                + "; the decision must be taken by someone who was not part of the audit",
            )
            break
    for who, where in _audited_side(decision):
        staff = next(
            (p for p in assessment.persons if p.name and same_person(p.name, who.name)), None
        )
        if staff is not None and staff.name is not None:
            out.error(
                where,
                "decision.from_audited",
                f"{_shown_name(who.name)} finns i personregistret för {audit.shown_as} "
                f"({staff.id}{_as_written(who.name, staff.name, 'sv')}), alltså hos den "
                f"granskade kommunen {municipality}; beslutet fattas och undertecknas av "
                "certifieringsorganet",
                f"{_shown_name(who.name)} is in the persons register of {audit.shown_as} "
                f"({staff.id}{_as_written(who.name, staff.name, 'en')}), so with the "
                f"audited municipality {municipality}; the certification body takes and "
                "signs the decision",
            )
        elif from_municipality(who.organisation, municipality) or from_municipality(
            who.organisation, decision.municipality.name
        ):
            out.error(
                (*where[:-1], "organisation"),
                "decision.from_audited",
                f"{_shown_name(who.name)} kommer från {who.organisation}, den granskade kommunen; "
                "beslutet fattas och undertecknas av certifieringsorganet",
                f"{_shown_name(who.name)} is from {who.organisation}, the audited municipality; "
                "the certification body takes and signs the decision",
            )


def _check_folder_staff(
    decision: CertificationDecision,
    path: Path,
    audits: Sequence[ReferencedAudit],
    out: _Collector,
) -> None:
    """The municipality's people named in its other files (a self-assessment's team from the
    municipality, any assessment's persons register) cannot decide or sign either; the audits the
    decision rests on were checked already (``_check_impartial``)."""
    flagged = {
        d.where for d in out.found if d.code in ("decision.from_audited", "decision.not_impartial")
    }
    people = [
        (who, where)
        for who, where in _audited_side(decision)
        if ".".join(str(part) for part in where) not in flagged
        and ".".join(str(part) for part in (*where[:-1], "organisation")) not in flagged
    ]
    if not people:
        return
    checked = {audit.path.resolve() for audit in audits}
    municipality = decision.municipality
    for other, shown in _folder_assessments(path.parent, checked):
        if other.municipality.code != municipality.code:
            continue
        staff = [
            (assessor.name, assessor.role or "")
            for assessor in other.assessors
            if from_municipality(assessor.organisation, other.municipality.name)
        ] + [(person.name, person.id) for person in other.persons if person.name]
        for who, where in list(people):
            match = next((item for item in staff if same_person(item[0], who.name)), None)
            if match is None:
                continue
            people.remove((who, where))
            named, what = match
            out.error(
                where,
                "decision.from_audited",
                f"{_shown_name(who.name)} finns hos den granskade kommunen {municipality.name} "
                f"enligt {shown} ({named}{', ' + what if what else ''}); beslutet fattas och "
                "undertecknas av certifieringsorganet",
                f"{_shown_name(who.name)} is with the audited municipality {municipality.name} "
                f"by {shown} ({named}{', ' + what if what else ''}); the certification body "
                "takes and signs the decision",
            )


def _folder_assessments(folder: Path, skip: set[Path]) -> list[tuple[Assessment, str]]:
    """The assessments in the decision's folder that can be read (schema only), but ``skip``."""
    from lotscert.loading import _parse, detect_kind
    from lotscert.register import looks_like_decision

    found: list[tuple[Assessment, str]] = []
    for sibling in sorted(folder.glob("*.y*ml")):
        if (
            sibling.name.startswith(".")
            or sibling.resolve() in skip
            or looks_like_decision(sibling)
        ):
            continue
        source, _ = read_source(sibling, sibling.name)
        if source is None or not isinstance(source.data, dict):
            continue
        if detect_kind(source.data) != "assessment":
            continue
        parsed, _ = _parse(source, Assessment)
        if parsed is not None:
            found.append((parsed, sibling.name))
    return found


def _audited_side(
    decision: CertificationDecision,
) -> list[tuple[DecisionMaker, DataPath]]:
    """Who must not come from the audited municipality: the decision-maker and the
    signatory."""
    people: list[tuple[DecisionMaker, DataPath]] = [(decision.decided_by, ("decided_by", "name"))]
    if decision.signatory is not None:
        people.append((decision.signatory, ("signatory", "name")))
    return people


def _shown_name(name: str) -> str:
    """A name in a message, with any invisible character made visible (U+200B)."""
    hidden = invisible_characters(name)
    if not hidden:
        return name
    return "".join(f"<U+{ord(ch):04X}>" if ch in hidden else ch for ch in name)


def _as_written(given: str, recorded: str, lang: str) -> str:
    """`` (där skrivet Karin Wester)`` when the two names are written differently."""
    if given == recorded:
        return ""
    return f" (där skrivet {recorded})" if lang == "sv" else f" (written there as {recorded})"


def _check_signature_names(decision: CertificationDecision, out: _Collector) -> None:
    """A name printed on a certificate (signatory, decision-maker, holder) shows what it says:
    no invisible character and no word mixing alphabets (a look-alike of another name)."""
    names: list[tuple[str, DataPath]] = [(decision.decided_by.name, ("decided_by", "name"))]
    if decision.signatory is not None:
        names.append((decision.signatory.name, ("signatory", "name")))
    names.extend(
        (person.name, ("persons", index, "name")) for index, person in enumerate(decision.persons)
    )
    for name, where in names:
        hidden = invisible_characters(name)
        if hidden:
            codes = ", ".join(f"U+{ord(ch):04X}" for ch in hidden)
            out.error(
                where,
                "decision.name_invisible",
                f"namnet {_shown_name(name)} innehåller osynliga tecken ({codes}); ett namn som "
                "skrivs ut på certifikatet ska bara ha synliga tecken – skriv det på nytt",
                f"the name {_shown_name(name)} holds invisible characters ({codes}); a name "
                "printed on the certificate must show every character – type it again",
            )
        for word in mixed_script_words(name):
            out.error(
                where,
                "decision.name_mixed_script",
                f"ordet {word} i namnet blandar bokstäver från olika alfabet (t.ex. ett kyrilliskt "
                "а bland latinska); skriv namnet på nytt",
                f"the word {word} in the name mixes letters of different alphabets (e.g. a "
                "Cyrillic а among Latin ones); type the name again",
            )


def _index_of(decision: CertificationDecision, audit: ReferencedAudit) -> int:
    for index, reference in enumerate(decision.based_on):
        if reference.path == audit.shown_as:
            return index
    return 0


def _check_function(
    decision: CertificationDecision,
    catalog: Catalog,
    audits: list[ReferencedAudit],
    out: _Collector,
) -> None:
    if decision.certificate is None:
        out.error(
            ("certificate",),
            "decision.certificate_missing",
            "ett beslut om funktionen behöver certifikatets nummer under certificate",
            "a decision on the function needs the certificate's number under certificate",
        )
    if decision.persons:
        out.error(
            ("persons",),
            "decision.persons_in_function",
            "personcertifikat beslutas i ett eget beslut (decision: persons)",
            "person certificates are decided in a decision of their own (decision: persons)",
        )
    for audit in audits:
        if decision.outcome in _NEEDS_AUDIT and audit.assessment.kind not in CERTIFYING_KINDS:
            kind = audit.assessment.kind
            out.error(
                ("based_on", _index_of(decision, audit), "path"),
                "decision.audit_kind",
                f"en {label('kind', kind, 'sv').lower()} kan inte ligga till grund för ett "
                "certifieringsbeslut; det krävs en revision av certifieringsorganet",
                f"a {label('kind', kind, 'en').lower()} cannot support a certification decision;"
                " it takes an audit by the certification body",
            )
    if decision.outcome == "restored":
        # Restoring a suspended certificate needs its nonconformities closed, as a grant does.
        _check_open_nonconformities(decision, catalog, audits, out)
        return
    if decision.outcome != "granted":
        return
    full = [
        a
        for a in audits
        if scope_of(a.assessment.kind) == "full" and a.assessment.kind in CERTIFYING_KINDS
    ]
    if audits and not full:
        out.error(
            ("based_on",),
            "decision.no_full_audit",
            "ett beviljande vilar på en certifierings- eller omcertifieringsrevision av hela "
            "funktionen",
            "a grant rests on a certification or recertification audit of the whole function",
        )
    if not decision.scope:
        out.error(
            ("scope",),
            "decision.scope_missing",
            "ange omfattningen: förvaltningarnas id under scope",
            "give the scope: the departments' ids under scope",
        )
    audited = {d.id for a in full for d in a.assessment.departments}
    for index, department in enumerate(decision.scope):
        if full and department not in audited:
            out.error(
                ("scope", index),
                "decision.scope_unknown",
                f"förvaltningen {department} ingick inte i revisionen (reviderade: "
                f"{', '.join(sorted(audited)) or '—'})",
                f"the department {department} was not part of the audit (audited: "
                f"{', '.join(sorted(audited)) or '—'})",
            )
    _check_open_nonconformities(decision, catalog, audits, out)


def _check_open_nonconformities(
    decision: CertificationDecision,
    catalog: Catalog,
    audits: list[ReferencedAudit],
    out: _Collector,
) -> None:
    verb_sv = "beviljas" if decision.outcome == "granted" else "återinföras"
    verb_en = "granted" if decision.outcome == "granted" else "restored"
    records = [AuditOnRecord(a.shown_as, a.result) for a in audits]
    for blocker in grant_blockers(records, decision.date, catalog.certification):
        if blocker.grade == "major":
            out.error(
                ("outcome",),
                "decision.open_major",
                f"kan inte {verb_sv}: större avvikelse {blocker.concerns} i {blocker.path} är "
                "inte verifierad som åtgärdad",
                f"cannot be {verb_en}: major nonconformity {blocker.concerns} in {blocker.path} "
                "is not verified as corrected",
            )
        else:
            out.error(
                ("outcome",),
                "decision.overdue_minor",
                f"kan inte {verb_sv}: mindre avvikelse {blocker.concerns} i {blocker.path} har "
                f"ingen verifierad åtgärd och tidsfristen gick ut {blocker.deadline}",
                f"cannot be {verb_en}: minor nonconformity {blocker.concerns} in {blocker.path} "
                f"has no verified action and its deadline passed on {blocker.deadline}",
            )


def _check_persons(
    decision: CertificationDecision,
    catalog: Catalog,
    audits: list[ReferencedAudit],
    out: _Collector,
) -> None:
    if decision.certificate is not None or decision.scope:
        out.error(
            ("certificate",) if decision.certificate is not None else ("scope",),
            "decision.function_in_persons",
            "ett personbeslut har nummer per person (persons[].certificate), inget "
            "funktionscertifikat eller scope",
            "a persons decision has a number per person (persons[].certificate), no function "
            "certificate or scope",
        )
    if not decision.persons:
        out.error(
            ("persons",),
            "decision.no_persons",
            "ange personerna beslutet gäller under persons",
            "list the persons the decision is about under persons",
        )
    for audit in audits:
        if decision.outcome in _NEEDS_AUDIT and audit.assessment.kind not in PERSON_EXAMINING_KINDS:
            kind = audit.assessment.kind
            out.error(
                ("based_on", _index_of(decision, audit), "path"),
                "decision.audit_kind",
                f"en {label('kind', kind, 'sv').lower()} prövar inte personerna; det krävs en "
                "testcertifiering eller certifieringsrevision",
                f"a {label('kind', kind, 'en').lower()} does not examine the persons; it takes a "
                "test certification or a certification audit",
            )
    numbers: set[str] = set()
    alike: dict[str, str] = {}
    for index, person in enumerate(decision.persons):
        where: DataPath = ("persons", index)
        if person.certificate in numbers:
            out.error(
                (*where, "certificate"),
                "decision.duplicate_certificate",
                f"certifikatnumret {person.certificate} finns två gånger i beslutet",
                f"the certificate number {person.certificate} appears twice in the decision",
            )
        elif (first := alike.setdefault(_number_shape(person.certificate), person.certificate)) != (
            person.certificate
        ):
            out.add(
                "warning",
                (*where, "certificate"),
                "decision.certificate_alike",
                f"certifikatnumret {person.certificate} skiljer sig från {first} bara i skiftläge "
                "eller skiljetecken; de förväxlas lätt (och report certificate vägrar när deras "
                "filnamn skulle bli lika) – ge dem nummer som skiljer sig tydligare",
                f"the certificate number {person.certificate} differs from {first} only in case "
                "or punctuation; they are easily confused (and report certificate refuses when "
                "their file names would be equal) – give them numbers that differ more clearly",
            )
        numbers.add(person.certificate)
        result = latest_person_result(audits, person.person)
        if audits and result is None:
            out.error(
                (*where, "person"),
                "decision.unknown_person",
                f"personen {person.person} finns inte i revisionerna beslutet vilar på",
                f"the person {person.person} is not in the audits the decision rests on",
            )
            continue
        if result is not None and result.name and not same_spelling(person.name, result.name):
            out.error(
                (*where, "name"),
                "decision.holder_name",
                f"{person.person} heter {result.name} i revisionen, inte {person.name}; "
                "certifikatet ska bära namnet på den som examinerades",
                f"{person.person} is named {result.name} in the audit, not {person.name}; the "
                "certificate must carry the name of the person examined",
            )
        outcome = effective_outcome(decision, person)
        if outcome in _NEEDS_REASON and not (person.reason or decision.reason or "").strip():
            out.error(
                (*where, "outcome") if person.outcome else (*where, "person"),
                "decision.reason_missing",
                f"ett beslut {outcome} för {person.person} kräver en motivering (reason)",
                f"a {outcome} decision for {person.person} needs a reason (reason)",
            )
        if outcome != "granted" or result is None:
            continue
        examined_on = _examined_on(audits, person.person)
        if result.exam_date is not None and examined_on and result.exam_date > examined_on:
            out.error(
                (*where, "person"),
                "decision.exam_after_audit",
                f"{person.person}s prov är daterat {result.exam_date}, efter revisionen "
                f"({examined_on}); ett prov som inte var skrivet vid revisionen räknas inte och "
                "certifikat kan inte beviljas",
                f"{person.person}'s exam is dated {result.exam_date}, after the audit "
                f"({examined_on}); an exam not taken at the audit does not count and a "
                "certificate cannot be granted",
            )
            continue
        _check_person_grant(decision, catalog, person, result, where, out)


def _number_shape(number: str) -> str:
    """A certificate number as a reader tells it apart: case and the separators / . _ - ignored."""
    return "".join(ch for ch in number.casefold() if ch.isalnum())


def _check_person_grant(
    decision: CertificationDecision,
    catalog: Catalog,
    person: PersonCertificate,
    result: PersonResult,
    where: DataPath,
    out: _Collector,
) -> None:
    recertification = catalog.competence.recertification if catalog.competence else None
    if person.route != "initial":
        routes = recertification.routes if recertification else []
        if person.route not in routes:
            out.error(
                (*where, "route"),
                "decision.route_not_allowed",
                f"katalogen godtar inte förnyelse genom {person.route} (godtar: "
                f"{', '.join(routes) or '—'})",
                f"the catalogue does not accept renewal by {person.route} (accepts: "
                f"{', '.join(routes) or '—'})",
            )
            return
    if person.route == "continuing_development":
        needed = recertification.development_hours if recertification else None
        hours = sum((item.hours for item in person.development), Decimal(0))
        if needed is not None and hours < needed:
            out.error(
                (*where, "development"),
                "decision.development_short",
                f"{hours} timmar fortbildning, katalogen kräver {needed}",
                f"{hours} hours of development, the catalogue requires {needed}",
            )
        late = [item for item in person.development if item.date > decision.date]
        for item in late:
            out.error(
                (*where, "development"),
                "decision.development_after",
                f"fortbildningen '{item.activity}' ({item.date}) är daterad efter beslutet",
                f"the development '{item.activity}' ({item.date}) is dated after the decision",
            )
        return
    if result.status != "certified":
        unmet_sv = "; ".join(
            unmet_text(u.criterion, u.subject, u.actual, u.required, "sv") for u in result.unmet
        )
        unmet_en = "; ".join(
            unmet_text(u.criterion, u.subject, u.actual, u.required, "en") for u in result.unmet
        )
        out.error(
            (*where, "person"),
            "decision.person_not_certified",
            f"{person.person} uppfyller inte kraven enligt revisionen ({unmet_sv or 'utgånget'}); "
            "certifikat kan inte beviljas",
            f"{person.person} does not meet the requirements by the audit ({unmet_en or 'expired'}"
            "); a certificate cannot be granted",
        )
    elif result.valid_until is not None and result.valid_until < decision.date:
        out.error(
            (*where, "person"),
            "decision.exam_expired",
            f"{person.person}s prov ({result.exam_date}) gällde till {result.valid_until}, före "
            f"beslutet ({decision.date}); certifikat kan inte beviljas på ett prov som har gått "
            "ut – ett nytt prov behövs",
            f"{person.person}'s exam ({result.exam_date}) was valid until {result.valid_until}, "
            f"before the decision ({decision.date}); a certificate cannot be granted on an "
            "expired exam – a new exam is needed",
        )


def load_decision(path: Path | str, catalog_paths: Sequence[Path | str] = ()) -> LoadedDecision:
    """Load and check a decision file; raises :class:`ValidationFailed` on any error."""
    from lotscert.loading import _fail

    loaded, problems = read_decision(Path(path), catalog_paths)
    if loaded is None:
        raise _fail(problems)
    return loaded


def decision_date_key(loaded: LoadedDecision) -> DecisionOrder:
    """Decisions in the order they were taken: by date, then the decision number in the file
    name (``engine.cycle.decision_order``)."""
    return decision_order(loaded.decision.date, str(loaded.path))
