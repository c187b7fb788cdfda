"""What the Instruktioner sheet says: the assessment's facts, how to fill the workbook in, what
the statuses, scales and evidence lines mean, and whom to send it back to.

Pure content (no openpyxl): :func:`instruction_sections` gives the sheet's rows, which
:mod:`lotscert.excel.export` writes in two columns with the headings in bold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lotscert.excel import layout
from lotscert.excel.layout import say
from lotscert.labels import label, labels
from lotscert.models.assessment import Assessment
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language

STATUS_MEANING: dict[str, tuple[str, str]] = {
    "fulfilled": (
        "Kravet uppfylls och det finns underlag som visar det (minst ett underlag krävs).",
        "The requirement is met and there is evidence showing it (at least one item needed).",
    ),
    "partial": (
        "Kravet uppfylls delvis. Beskriv vad som saknas och planera en åtgärd.",
        "The requirement is partly met. Describe what is missing and plan an action.",
    ),
    "not_fulfilled": (
        "Kravet uppfylls inte. Planera en åtgärd med ansvarig och datum.",
        "The requirement is not met. Plan an action with an owner and a date.",
    ),
    "not_applicable": (
        "Kravet gäller inte kommunen. Skriv varför i kommentaren (krävs).",
        "The requirement does not apply. Say why in the comment (required).",
    ),
    "not_assessed": (
        "Kravet är inte bedömt ännu.",
        "The requirement has not been assessed yet.",
    ),
}


@dataclass
class Section:
    """A heading (None for the opening facts) and its rows of (left, right) text."""

    heading: str | None
    rows: list[tuple[str, str | None]] = field(default_factory=list)


def title(catalog: Catalog, lang: Language) -> str:
    """The sheet's first line."""
    return f"{say(lang, 'Checklista', 'Checklist')}: {catalog.title.get(lang)}"


def instruction_sections(
    assessment: Assessment, catalog: Catalog, lang: Language, blank: bool
) -> list[Section]:
    """The sheet's sections in order, after its title."""
    sections = [
        Section(None, _facts(assessment, catalog, lang)),
        Section(
            say(lang, "Så fyller du i", "How to fill it in"),
            [("", step) for step in _steps(lang)],
        ),
        Section(
            say(lang, "Status", "Status"),
            [
                (word, say(lang, *STATUS_MEANING[status]))
                for status, word in layout.status_labels(lang).items()
            ],
        ),
        Section(
            say(lang, "Mognad (katalogens skala)", "Maturity (the catalogue's scale)"),
            [
                (
                    layout.maturity_label(step.value, catalog, lang),
                    step.description.get(lang) if step.description else "",
                )
                for step in catalog.scale
            ],
        ),
    ]
    if catalog.competence is not None:
        sections.append(
            Section(
                say(lang, "Kompetensnivåer (Personer)", "Competence levels (Persons)"),
                [
                    (
                        f"{step.value} – {step.title.get(lang)}",
                        step.description.get(lang) if step.description else "",
                    )
                    for step in catalog.competence.scale
                ],
            )
        )
    sections += [
        Section(
            say(lang, "Underlag – en rad per underlag", "Evidence – one line per item"),
            [("", line) for line in _evidence_help(lang)],
        ),
        Section(say(lang, "Bedömare", "Assessors"), _assessors(assessment)),
        Section(
            say(lang, "Förvaltningar", "Departments"),
            [(d.id, d.name) for d in assessment.departments] or [("—", None)],
        ),
        Section(
            say(lang, "Skicka tillbaka till", "Send it back to"),
            _send_back(assessment, lang, blank),
        ),
    ]
    return sections


def _facts(
    assessment: Assessment, catalog: Catalog, lang: Language
) -> list[tuple[str, str | None]]:
    municipality = f"{assessment.municipality.name} ({assessment.municipality.code})"
    return [
        (say(lang, "Kommun", "Municipality"), municipality),
        (say(lang, "År", "Year"), str(assessment.period)),
        (say(lang, "Typ", "Kind"), label("kind", assessment.kind, lang)),
        (say(lang, "Datum", "Date"), assessment.date.isoformat()),
        (say(lang, "Katalog", "Catalogue"), f"{catalog.title.get(lang)} ({catalog.ref})"),
        (say(lang, "Formatversion", "Format version"), layout.FORMAT_VERSION),
    ]


def _steps(lang: Language) -> list[str]:
    return [
        say(
            lang,
            "Varje nivå har ett eget blad med ett krav per rad. Fyll i kolumnerna "
            "Status, Mognad, Underlag, Kommentar, Åtgärd, Ansvarig och Klart senast. Kolumnerna "
            "till vänster (id, rubrik, krav, ska/bör, vägledning) är låsta.",
            "Each level has its own sheet with one requirement per row. Fill in the columns "
            "Status, Maturity, Evidence, Comment, Action, Owner and Due date. The columns to the "
            "left (id, title, requirement, shall/should, guidance) are locked.",
        ),
        say(
            lang,
            "Status och Mognad väljs i rullgardinslistor. Klart senast är ett datum (ÅÅÅÅ-MM-DD).",
            "Status and Maturity are chosen from drop-down lists. Due date is a date (YYYY-MM-DD).",
        ),
        say(
            lang,
            "Bladet Personer har en rad per lots: språk och kompetensområden som nivå i "
            "rullgardinslistor, avklarade moduler med datum, provresultat (0–1, t.ex. 0,85) och "
            "provdatum. Nya personer skrivs in på tomma rader.",
            "The Persons sheet has one row per pilot: languages and competence areas as levels "
            "from drop-down lists, completed modules with their dates, exam score (0–1, e.g. "
            "0.85) and exam date. Add new persons on empty rows.",
        ),
        say(
            lang,
            "Bladet Mått har uppmätta värden med källa och datum (t.ex. handläggningstid).",
            "The Metrics sheet holds measured values with source and date (e.g. handling time).",
        ),
        say(
            lang,
            "Byt inte namn på bladen och flytta inte kolumnerna: arbetsboken läses tillbaka "
            "cell för cell (lotscert import xlsx). Bladskyddet finns mot misstag och har inget "
            "lösenord.",
            "Do not rename the sheets or move the columns: the workbook is read back cell by "
            "cell (lotscert import xlsx). The sheet protection guards against accidents and has "
            "no password.",
        ),
    ]


def _evidence_help(lang: Language) -> list[str]:
    kinds = ", ".join(labels("evidence_kind", lang).values())
    return [
        say(
            lang,
            "Form: TYP: REFERENS (ÅÅÅÅ-MM-DD) | ANTECKNING — datum och anteckning kan utelämnas.",
            "Form: KIND: REFERENCE (YYYY-MM-DD) | NOTE — the date and note may be left out.",
        ),
        say(lang, f"TYP är en av: {kinds}.", f"KIND is one of: {kinds}."),
        say(
            lang,
            "I referens och anteckning: \\n betyder radbrytning, \\| ett lodstreck, \\( en "
            "parentes som inte är datum och \\\\ ett omvänt snedstreck.",
            "In reference and note: \\n means a line break, \\| a vertical bar, \\( a "
            "parenthesis that is not the date and \\\\ a backslash.",
        ),
        say(lang, "Exempel:", "Examples:"),
        f"{labels('evidence_kind', lang)['document']}: KS 2025-11-20 § 145 (2025-11-20)",
        say(
            lang,
            "intervju: Intervju med kommundirektören (2026-02-10) | Bekräftar budgeten",
            "interview: Interview with the chief executive (2026-02-10) | Confirms the budget",
        ),
    ]


def _assessors(assessment: Assessment) -> list[tuple[str, str | None]]:
    rows: list[tuple[str, str | None]] = [
        (a.name, ", ".join(part for part in (a.role, a.organisation) if part))
        for a in assessment.assessors
    ]
    return rows or [("—", None)]


def _send_back(assessment: Assessment, lang: Language, blank: bool) -> list[tuple[str, str | None]]:
    contact = assessment.assessors[0].name if assessment.assessors else None
    rows: list[tuple[str, str | None]] = [
        (
            "",
            say(
                lang,
                f"{contact or 'Den som skickade arbetsboken'} — spara som .xlsx utan lösenord.",
                f"{contact or 'The person who sent you the workbook'} — save as .xlsx without a "
                "password.",
            ),
        )
    ]
    if blank:
        rows.append(("", say(lang, "(Tom checklista.)", "(Blank checklist.)")))
    return rows
