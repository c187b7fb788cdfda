"""The certificate a certification decision issues: the document a municipality frames.

Only a decision that grants or restores a certificate gives one: the function certificate
(number, holder, scope, issuer, dates, signatory), or one certificate per person, named (the name
belongs on the certificate itself; every other report shows the pseudonymous id). An audit or a
self-assessment never gives a certificate: ``report certificate`` on those writes the audit's
summary with its recommendation or readiness verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from lotscert.decisions import LoadedDecision, effective_outcome, load_decision
from lotscert.engine.cycle import CertificateEvent, certificate_cycle, decision_order
from lotscert.engine.dates import add_months
from lotscert.errors import Location, ReportError
from lotscert.models.common import Language
from lotscert.models.decision import DecisionMaker, DecisionOutcome
from lotscert.reports.context.page import build_page
from lotscert.reports.context.views import ReportContext
from lotscert.reports.i18n import tr
from lotscert.reports.integrity import InputRole, ReportOptions, build_integrity
from lotscert.reports.kinds import ReportFormat, file_extension

ISSUING: frozenset[str] = frozenset({"granted", "restored"})

#: A decision that issues no certificate, in words (Swedish, English).
_NOT_ISSUING: Final = {
    "refused": ("ett avslag (refused)", "a refusal (refused)"),
    "suspended": ("ett tillfälligt indragande (suspended)", "a suspension (suspended)"),
    "withdrawn": ("ett återkallande (withdrawn)", "a withdrawal (withdrawn)"),
}


@dataclass(frozen=True)
class IssuedCertificate:
    """What a certificate document shows, worded."""

    number: str
    holder: str
    statement: str
    scope: list[str]
    catalog: str
    issuer: str
    accreditation: str | None
    address: str | None
    decided: dt.date
    valid_from: dt.date | None
    valid_until: dt.date | None
    conditions: str
    signatory: DecisionMaker
    based_on: list[str]


def _earlier_events(loaded: LoadedDecision, number: str) -> list[CertificateEvent]:
    """Decisions on the same certificate number in the decision's folder, taken before it (a
    renewal continues their period). Sibling files that do not hold are passed over here:
    ``lotscert validate`` names them."""
    from lotscert.decisions import read_decision
    from lotscert.register import looks_like_decision

    events: list[CertificateEvent] = []
    for sibling in sorted(loaded.path.parent.glob("*.y*ml")):
        if sibling == loaded.path or not looks_like_decision(sibling):
            continue
        other, _ = read_decision(sibling)
        # taken before it: an earlier date, or the same day with a lower decision number
        if other is None or decision_order(other.decision.date, str(sibling)) > decision_order(
            loaded.decision.date, str(loaded.path)
        ):
            continue
        decision = other.decision
        if decision.decision == "function" and decision.certificate == number:
            renewal = any(a.assessment.kind == "recertification_audit" for a in other.audits)
            events.append(CertificateEvent(decision.date, decision.outcome, renewal, str(sibling)))
        for person in decision.persons:
            if person.certificate == number:
                outcome = effective_outcome(decision, person)
                events.append(
                    CertificateEvent(
                        decision.date, outcome, person.route != "initial", str(sibling)
                    )
                )
    return events


def _validity(
    loaded: LoadedDecision, years: int, number: str, renewal: bool, outcome: DecisionOutcome
) -> tuple[dt.date | None, dt.date | None]:
    """The period the certificate runs, by the cycle's rule: from the decision; continuing the
    period of the same number when a renewal is decided before it ends; and for a restored
    certificate, the period it had (restoration lifts a suspension, it starts no new period)."""
    event = CertificateEvent(loaded.decision.date, outcome, renewal, str(loaded.path))
    history = renewal or outcome == "restored"
    events = [*_earlier_events(loaded, number), event] if history else [event]
    state = certificate_cycle(events, years, loaded.decision.date)
    if state.valid_from is None:
        # validate refuses a restoration without an earlier grant; never print "valid from —"
        raise ReportError(
            f"certifikatet {number} har inget beviljande före beslutet och utfärdas inte / the "
            f"certificate {number} has no grant before the decision and is not issued",
            Location(str(loaded.path)),
        )
    return state.valid_from, state.valid_until


def _function_certificate(loaded: LoadedDecision, lang: Language) -> IssuedCertificate:
    decision = loaded.decision
    catalog = loaded.catalog
    parameters = catalog.certification
    if parameters is None or decision.certificate is None:
        raise ReportError(
            "katalogen saknar certification och kan inte ge ett funktionscertifikat / the "
            "catalogue has no certification section and cannot give a function certificate",
            Location(str(loaded.path)),
        )
    renewal = any(a.assessment.kind == "recertification_audit" for a in loaded.audits)
    valid_from, valid_until = _validity(
        loaded, parameters.validity_years, decision.certificate, renewal, decision.outcome
    )
    names = loaded.department_names()
    if parameters.surveillance_first_months is not None:
        first = add_months(decision.date, parameters.surveillance_first_months)
        conditions = tr(lang, "issued_conditions_function", first=first.isoformat())
    else:
        conditions = tr(lang, "issued_conditions_plain")
    holder = tr(lang, "issued_holder_function", name=decision.municipality.name)
    return IssuedCertificate(
        number=decision.certificate,
        holder=holder,
        statement=tr(
            lang,
            "issued_statement_function",
            issuer=decision.issuer.name,
            holder=holder,
            catalog=f"{catalog.title.get(lang)} ({catalog.ref})",
        ),
        scope=[f"{names.get(d, d)} ({d})" for d in decision.scope],
        catalog=f"{catalog.title.get(lang)} ({catalog.ref})",
        issuer=decision.issuer.name,
        accreditation=decision.issuer.accreditation,
        address=decision.issuer.address,
        decided=decision.date,
        valid_from=valid_from,
        valid_until=valid_until,
        conditions=conditions,
        signatory=decision.signatory or decision.decided_by,
        based_on=[f"{a.shown_as} ({a.assessment.date.isoformat()})" for a in loaded.audits],
    )


def _person_certificates(loaded: LoadedDecision, lang: Language) -> list[IssuedCertificate]:
    decision = loaded.decision
    catalog = loaded.catalog
    competence = catalog.competence
    if competence is None:
        raise ReportError(
            "katalogen saknar competence och kan inte ge personcertifikat / the catalogue has no "
            "competence profile and cannot give person certificates",
            Location(str(loaded.path)),
        )
    issued: list[IssuedCertificate] = []
    routes = competence.recertification.routes if competence.recertification else []
    conditions = (
        tr(
            lang,
            "issued_conditions_person",
            routes=tr(lang, "word_or").join(tr(lang, f"route_{route}") for route in routes),
        )
        if routes
        else tr(lang, "issued_conditions_plain")
    )
    for person in decision.persons:
        if effective_outcome(decision, person) not in ISSUING:
            continue
        valid_from, valid_until = _validity(
            loaded,
            competence.validity_years,
            person.certificate,
            person.route != "initial",
            effective_outcome(decision, person),
        )
        result = loaded.person_result(person.person)
        names = loaded.department_names()
        department = (
            names.get(result.department, result.department)
            if result and result.department
            else None
        )
        scope = [f"{tr(lang, 'issued_department')}: {department}"] if department else []
        if result and result.specialist_areas:
            areas = {area.id: area.title.get(lang) for area in competence.areas}
            scope.append(
                f"{tr(lang, 'issued_specialist')}: "
                + ", ".join(areas.get(a, a) for a in result.specialist_areas)
            )
        issued.append(
            IssuedCertificate(
                number=person.certificate,
                holder=person.name,
                statement=tr(
                    lang,
                    "issued_statement_person",
                    issuer=decision.issuer.name,
                    holder=person.name,
                    catalog=f"{catalog.title.get(lang)} ({catalog.ref})",
                ),
                scope=scope,
                catalog=f"{catalog.title.get(lang)} ({catalog.ref})",
                issuer=decision.issuer.name,
                accreditation=decision.issuer.accreditation,
                address=decision.issuer.address,
                decided=decision.date,
                valid_from=valid_from,
                valid_until=valid_until,
                conditions=conditions,
                signatory=decision.signatory or decision.decided_by,
                based_on=[f"{a.shown_as} ({a.assessment.date.isoformat()})" for a in loaded.audits],
            )
        )
    return issued


def _file_part(number: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in number)


def issued_certificates(
    path: Path,
    catalog_paths: list[Path],
    fmt: ReportFormat,
    lang: Language,
    out_dir: Path,
    generated_at: str | None,
) -> list[tuple[Path, bytes]]:
    """The certificate documents a decision issues, with where each goes; nothing written."""
    from lotscert.reports.api import language_suffix, render
    from lotscert.skeleton import slug

    loaded = load_decision(path, catalog_paths)
    decision = loaded.decision
    if decision.outcome not in ISSUING and decision.decision == "function":
        sv, en = _NOT_ISSUING.get(decision.outcome, (decision.outcome, decision.outcome))
        raise ReportError(
            f"beslutet är {sv} och utfärdar inget certifikat",
            Location(str(path)),
            en=f"the decision is {en} and issues no certificate",
        )
    certificates = (
        [_function_certificate(loaded, lang)]
        if decision.decision == "function"
        else _person_certificates(loaded, lang)
    )
    if not certificates:
        raise ReportError(
            "beslutet beviljar ingen person ett certifikat / the decision grants no person a "
            "certificate",
            Location(str(path)),
        )
    inputs: list[tuple[InputRole, Path]] = [("catalog", loaded.catalog_path), ("decision", path)]
    for audit in loaded.audits:
        inputs.append(("assessment", audit.path))
    # kind "certificate" on a decision: what ``verify`` re-creates it with
    integrity = build_integrity(
        inputs, ReportOptions("certificate", lang, False, False, generated_at)
    )
    folder = out_dir / f"{decision.municipality.code}-{slug(decision.municipality.name)}"
    documents: list[tuple[Path, bytes]] = []
    for certificate in certificates:
        title = tr(lang, "issued_title")
        page = build_page(
            lang=lang,
            title=title,
            subtitle=certificate.number,
            is_example=decision.municipality.is_example,
            integrity=integrity,
            generated_at=generated_at,
            running_header=f"{title} {certificate.number}",
        )
        context = ReportContext(kind="issued", page=page, issued=certificate)
        json_document = {
            "lotscert_report": "issued_certificate",
            "integrity": integrity.to_dict(),
            "certificate": {
                "number": certificate.number,
                "holder": certificate.holder,
                "scope": certificate.scope,
                "catalog": certificate.catalog,
                "issuer": certificate.issuer,
                "decided": certificate.decided,
                "valid_from": certificate.valid_from,
                "valid_until": certificate.valid_until,
                "signatory": certificate.signatory.name,
            },
        }
        extension = language_suffix(lang) + file_extension(fmt)
        target = folder / f"{path.stem}-certificate-{_file_part(certificate.number)}.{extension}"
        _refuse_shared_file(documents, certificates, certificate.number, target, path)
        documents.append((target, render(context, fmt, json_document)))
    return documents


def _refuse_shared_file(
    documents: list[tuple[Path, bytes]],
    certificates: list[IssuedCertificate],
    number: str,
    target: Path,
    path: Path,
) -> None:
    """Two certificates never go to one file: numbers that differ only in characters a file
    name cannot hold (``/`` becomes ``_``) or only in case (one file on Windows and macOS)."""
    for (earlier, _), other in zip(documents, certificates, strict=False):
        if earlier.name.casefold() == target.name.casefold():
            raise ReportError(
                f"certifikaten {other.number} och {number} skulle skrivas till samma fil "
                f"({target.name}): numren skiljer sig bara i skiftläge eller i tecken som inte "
                "får stå i ett filnamn (/ blir _); ge dem nummer som skiljer sig tydligare – "
                "inget skrevs",
                Location(str(path)),
                en=f"the certificates {other.number} and {number} would be written to the same "
                f"file ({target.name}): the numbers differ only in case or in characters a file "
                "name cannot hold (/ becomes _); give them numbers that differ more clearly – "
                "nothing was written",
            )
