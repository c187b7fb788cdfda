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

from lotscert.decisions import LoadedDecision, effective_outcome, load_decision
from lotscert.engine.cycle import CertificateEvent, certificate_cycle
from lotscert.engine.dates import add_months
from lotscert.errors import Location, ReportError
from lotscert.models.common import Language
from lotscert.models.decision import DecisionMaker
from lotscert.reports.context.page import build_page
from lotscert.reports.context.views import ReportContext
from lotscert.reports.i18n import tr
from lotscert.reports.integrity import InputRole, ReportOptions, build_integrity
from lotscert.reports.kinds import ReportFormat, file_extension

ISSUING: frozenset[str] = frozenset({"granted", "restored"})


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


def _validity(loaded: LoadedDecision, years: int) -> tuple[dt.date | None, dt.date | None]:
    """The period a certificate issued on the decision date runs (the cycle's rule)."""
    event = CertificateEvent(loaded.decision.date, "granted", False, str(loaded.path))
    state = certificate_cycle([event], years, loaded.decision.date)
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
    valid_from, valid_until = _validity(loaded, parameters.validity_years)
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
        valid_from, valid_until = _validity(loaded, competence.validity_years)
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
    from lotscert.reports.api import render
    from lotscert.skeleton import slug

    loaded = load_decision(path, catalog_paths)
    decision = loaded.decision
    if decision.outcome not in ISSUING and decision.decision == "function":
        raise ReportError(
            f"beslutet är {decision.outcome} och utfärdar inget certifikat / the decision is "
            f"{decision.outcome} and issues no certificate",
            Location(str(path)),
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
        target = folder / (
            f"{path.stem}-certificate-{_file_part(certificate.number)}.{file_extension(fmt)}"
        )
        documents.append((target, render(context, fmt, json_document)))
    return documents
