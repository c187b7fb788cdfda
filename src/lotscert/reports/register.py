"""The certificate register rendered: HTML (sortable, printable), JSON and CSV.

Renderers only read the :class:`lotscert.register.Register`; statuses are worded from
``labels.py`` and the page texts from the i18n tables.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from lotscert.labels import label
from lotscert.models.common import Language
from lotscert.register import Register, register_document
from lotscert.reports.context.page import build_page
from lotscert.reports.i18n import counted, tr
from lotscert.reports.integrity import (
    Integrity,
    ReportOptions,
    build_integrity,
    checked_generated_at,
)


class RegisterFormat(StrEnum):
    """The register's output formats."""

    HTML = "html"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True)
class RegisterRow:
    """One line of the HTML register, worded."""

    municipality: str
    number: str
    holder: str
    scope: str
    scope_title: str
    status: str
    status_label: str
    decided: object
    valid_from: object
    valid_until: object
    next_surveillance_due: object
    next_due: object
    notes: list[str]
    files: list[str]


def _integrity(
    register: Register, fmt: RegisterFormat, lang: Language, generated_at: str | None
) -> Integrity:
    # the options ``verify`` re-creates the register with
    options = ReportOptions(
        "register", lang, False, False, generated_at, format=fmt.value, at=register.at.isoformat()
    )
    return build_integrity(register.inputs, options)


def _function_rows(register: Register, lang: Language) -> list[RegisterRow]:
    rows: list[RegisterRow] = []
    for entry in register.certificates:
        notes: list[str] = []
        state = entry.state
        if state.suspension_proposed:
            notes.append(tr(lang, "register_suspension_proposed"))
        cover = entry.persons_cover_until
        if cover is not None and state.valid_until is not None and cover < state.valid_until:
            notes.append(tr(lang, "register_persons_lapse", date=cover.isoformat()))
        rows.append(
            RegisterRow(
                municipality=f"{entry.municipality} ({entry.municipality_code})",
                number=entry.number,
                holder=entry.issuer,
                scope=", ".join(entry.scope),
                scope_title=", ".join(entry.scope_names),
                status=entry.status,
                status_label=label("certificate_status", entry.status, lang),
                decided=state.decided,
                valid_from=state.valid_from,
                valid_until=state.valid_until,
                next_surveillance_due=state.next_surveillance_due,
                next_due=state.next_due,
                notes=notes,
                files=entry.files,
            )
        )
    return rows


def _person_rows(register: Register, lang: Language) -> list[RegisterRow]:
    return [
        RegisterRow(
            municipality=f"{entry.municipality} ({entry.municipality_code})",
            number=entry.number,
            holder=entry.id,
            scope=entry.department or "—",
            scope_title="",
            status=entry.status,
            status_label=label("certificate_status", entry.status, lang),
            decided=entry.state.decided,
            valid_from=entry.state.valid_from,
            valid_until=entry.state.valid_until,
            next_surveillance_due=None,
            next_due=entry.state.next_due,
            notes=[],
            files=entry.files,
        )
        for entry in register.persons
    ]


def render_register(
    register: Register, fmt: RegisterFormat, lang: Language, generated_at: str | None = None
) -> bytes:
    """The register in ``fmt``."""
    generated_at = checked_generated_at(generated_at)
    match fmt:
        case RegisterFormat.JSON:
            from lotscert.resultjson import to_json_text

            document: dict[str, object] = {
                "lotscert_register": 1,
                "integrity": _integrity(register, fmt, lang, generated_at).to_dict(),
            }
            if generated_at is not None:
                document["generated_at"] = generated_at
            document.update(register_document(register))
            return to_json_text(document).encode("utf-8")
        case RegisterFormat.CSV:
            return _csv(register, lang).encode("utf-8")
        case RegisterFormat.HTML:
            return _html(register, lang, generated_at).encode("utf-8")
        case _:
            assert_never(fmt)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv(register: Register, lang: Language) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "type",
            "municipality_code",
            "municipality",
            "certificate",
            "holder",
            "scope",
            "status",
            "decided",
            "valid_from",
            "valid_until",
            "next_surveillance_due",
            "next_due",
            "files",
            "issuer",
        ]
    )
    for entry in register.certificates:
        state = entry.state
        writer.writerow(
            _cell(value)
            for value in (
                "function",
                entry.municipality_code,
                entry.municipality,
                entry.number,
                entry.municipality,  # the holder of a function certificate: the municipality
                " ".join(entry.scope),
                entry.status,
                state.decided,
                state.valid_from,
                state.valid_until,
                state.next_surveillance_due,
                state.next_due,
                " ".join(entry.files),
                entry.issuer,
            )
        )
    for person in register.persons:
        state = person.state
        writer.writerow(
            _cell(value)
            for value in (
                "person",
                person.municipality_code,
                person.municipality,
                person.number,
                person.id,
                person.department,
                person.status,
                state.decided,
                state.valid_from,
                state.valid_until,
                None,
                state.next_due,
                " ".join(person.files),
                person.issuer,
            )
        )
    return buffer.getvalue()


def _html(register: Register, lang: Language, generated_at: str | None) -> str:
    from lotscert.reports.env import build_environment

    integrity = _integrity(register, RegisterFormat.HTML, lang, generated_at)
    title = tr(lang, "title_register")
    total = len(register.certificates) + len(register.persons)
    page = build_page(
        lang=lang,
        title=title,
        subtitle=tr(
            lang,
            "subtitle_register",
            count=counted(lang, total, "noun_certificate"),
            at=register.at.isoformat(),
        ),
        # the example banner only when every certificate shown is an example's (issue 15)
        is_example=bool(register.certificates or register.persons)
        and all(e.is_example for e in register.certificates)
        and all(e.is_example for e in register.persons),
        integrity=integrity,
        generated_at=generated_at,
        running_header=f"{title} {register.at.isoformat()}",
    )
    environment = build_environment(lang, "html")
    template = environment.get_template("register.html.j2")
    return template.render(
        kind="register",
        page=page,
        functions=_function_rows(register, lang),
        persons=_person_rows(register, lang),
        pdf_metadata=None,
    )
