"""The ``lotscert score`` summary as rich renderables: decision, scores, findings, persons.

Renders a computed :class:`~lotscert.models.result.Result` and nothing else: every number
comes from the result; the catalogue only lends titles. Domain words come from
``lotscert.labels``, numbers are worded as in the reports (decimal comma in Swedish).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lotscert.labels import decision_text, label, unmet_text
from lotscert.models.catalog import Catalog
from lotscert.models.common import Language
from lotscert.models.result import GRADES, Finding, PersonResult, Result, Score, Trend, Warning
from lotscert.reports.formatting import DASH, format_delta, format_number, format_percent
from lotscert.warningtext import WORDED_WARNINGS, held_back_note, warning_text

OUTCOME_STYLE = {
    "recommended": "bold green",
    "conditional": "bold yellow",
    "not_recommended": "bold red",
    "incomplete": "bold magenta",
    "persons_only": "bold cyan",
}
GRADE_STYLE = {"major": "red", "minor": "yellow", "observation": "cyan"}
PERSON_STYLE = {"certified": "green", "not_certified": "red", "expired": "yellow"}
BAR_WIDTH = 20


class ScoreView:
    """Words one result in one language, with titles from its catalogue."""

    def __init__(
        self, result: Result, catalog: Catalog, lang: Language, *, with_names: bool = False
    ) -> None:
        self.result = result
        self.catalog = catalog
        self.lang = lang
        self.with_names = with_names

    def say(self, sv: str, en: str) -> str:
        """Swedish or English."""
        return en if self.lang == "en" else sv

    # --- titles from the catalogue ------------------------------------------------------------

    def level_title(self, level_id: str) -> str:
        level = self.catalog.levels_by_id.get(level_id)
        return level.title.get(self.lang) if level else level_id

    def cornerstone_title(self, cornerstone_id: str) -> str:
        cornerstone = self.catalog.cornerstones_by_id.get(cornerstone_id)
        return cornerstone.title.get(self.lang) if cornerstone else cornerstone_id

    def requirement_title(self, requirement_id: str) -> str:
        requirement = self.catalog.requirements_by_id.get(requirement_id)
        return requirement.title.get(self.lang) if requirement else requirement_id

    def area_title(self, area_id: str) -> str:
        competence = self.catalog.competence
        for area in competence.areas if competence else []:
            if area.id == area_id:
                return area.title.get(self.lang)
        return area_id

    def module_title(self, module_id: str) -> str:
        competence = self.catalog.competence
        for module in competence.modules if competence else []:
            if module.id == module_id:
                return module.title.get(self.lang)
        return module_id

    def department_name(self, department_id: str) -> str:
        for department in self.result.coverage.departments:
            if department.id == department_id:
                return department.name
        return department_id

    def number(self, value: Decimal | int | None) -> str:
        return format_number(value, self.lang)

    # --- sections -----------------------------------------------------------------------------

    def header(self) -> Text:
        result = self.result
        municipality = result.municipality
        parts = [
            f"{municipality.name} ({municipality.code})",
            str(result.period),
            label("kind", result.kind, self.lang),
            result.date.isoformat(),
            self.say("katalog", "catalogue") + f" {result.catalog.id}@{result.catalog.version}",
        ]
        text = Text(" · ".join(parts), style="bold")
        if municipality.is_example:
            text.append(self.say("  (fiktiv exempelkommun)", "  (fictional example)"), style="dim")
        return text

    def decision(self) -> Panel:
        decision = self.result.decision
        lines = Text()
        lines.append(
            decision_text(decision.outcome, decision.readiness_only, self.lang, self.result.kind),
            style=OUTCOME_STYLE[decision.outcome],
        )
        counts = [
            f"{label('grade_plural', 'major', self.lang)}: {decision.major}",
            f"{label('grade_plural', 'minor', self.lang)}: {decision.minor}",
            f"{label('grade_plural', 'observation', self.lang)}: {decision.observations}",
        ]
        lines.append("\n" + " · ".join(counts))
        if decision.not_assessed_shall:
            lines.append(
                "\n"
                + self.say("Ej bedömda ska-krav: ", "Shall requirements not assessed: ")
                + ", ".join(decision.not_assessed_shall)
            )
        elif not self.result.complete:
            lines.append(
                "\n"
                + self.say(
                    "Bedömningen är ofullständig: alla krav är inte bedömda.",
                    "The assessment is incomplete: not every requirement is assessed.",
                )
            )
        held_back = held_back_note(self.result, self.lang)
        if held_back is not None:
            lines.append("\n" + held_back)
        if decision.corrective_action_deadline is not None:
            lines.append(
                "\n"
                + self.say("Korrigerande åtgärder senast ", "Corrective actions due by ")
                + decision.corrective_action_deadline.isoformat()
            )
        if decision.valid_until is not None:
            lines.append(
                "\n"
                + (
                    self.say(
                        "Ett certifikat skulle gälla till ", "A certificate would be valid until "
                    )
                    if decision.readiness_only
                    else self.say(
                        "Giltigheten räknas från certifieringsbeslutet; ett certifikat gäller "
                        "tidigast till ",
                        "Validity counts from the certification decision; a certificate runs at "
                        "the earliest until ",
                    )
                )
                + decision.valid_until.isoformat()
            )
        title = (
            self.say("Beredskap för certifiering", "Readiness for certification")
            if decision.readiness_only
            else self.say("Rekommendation", "Recommendation")
        )
        style = OUTCOME_STYLE[decision.outcome].replace("bold ", "")
        return Panel(lines, title=title, border_style=style, expand=False)

    def bar(self, percent: Decimal | None) -> Text:
        if percent is None:
            return Text(DASH)
        filled = int((percent * BAR_WIDTH / 100).to_integral_value())
        style = "green" if percent >= 75 else "yellow" if percent >= 50 else "red"
        return Text("█" * filled, style=style) + Text("░" * (BAR_WIDTH - filled), style="dim")

    def _score_row(self, table: Table, name: str, ident: str, score: Score) -> None:
        table.add_row(
            name,
            ident,
            f"{self.number(score.earned)} / {self.number(score.possible)}",
            format_percent(score.percent, self.lang),
            self.bar(score.percent),
        )

    def scores(self) -> Table:
        scores = self.result.scores
        table = Table(title=self.say("Poäng", "Scores"), title_justify="left")
        table.add_column(self.say("Del", "Part"))
        table.add_column("id", style="dim")
        table.add_column(self.say("Poäng", "Points"), justify="right")
        table.add_column("%", justify="right")
        table.add_column("")
        for level_id, score in scores.levels.items():
            self._score_row(table, self.level_title(level_id), level_id, score)
        table.add_section()
        for cornerstone_id, score in scores.cornerstones.items():
            self._score_row(table, self.cornerstone_title(cornerstone_id), cornerstone_id, score)
        table.add_section()
        self._score_row(table, self.say("Totalt", "Overall"), "", scores.overall)
        return table

    def requirements(self) -> Table:
        table = Table(title=self.say("Krav", "Requirements"), title_justify="left")
        for column in (
            "id",
            self.say("Krav", "Requirement"),
            self.say("Nivå", "Level"),
            self.say("Ska/bör", "Modality"),
            self.say("Vikt", "Weight"),
            "Status",
            self.say("Mognad", "Maturity"),
            self.say("Poäng", "Points"),
            self.say("Fynd", "Finding"),
        ):
            table.add_column(column, overflow="fold")
        for rid, item in self.result.requirements.items():
            status = label("status", item.effective_status, self.lang)
            if item.metric is not None and item.metric.value is not None:
                verdict = (
                    self.say("uppfyllt", "met")
                    if item.metric.met
                    else self.say("ej uppfyllt", "not met")
                )
                status += (
                    f" ({self.say('mått', 'metric')} {self.number(item.metric.value)} "
                    f"{item.metric.op} {self.number(item.metric.target)}: {verdict})"
                )
            elif item.metric is not None:
                status += self.say(" (mått saknas)", " (metric missing)")
            if item.status != item.effective_status:
                status += (
                    self.say(" [angivet: ", " [stated: ")
                    + label("status", item.status, self.lang)
                    + "]"
                )
            points = (
                self.say("undantaget", "excluded")
                if item.possible is None
                else f"{self.number(item.earned)} / {self.number(item.possible)}"
            )
            finding = (
                Text(label("grade", item.finding, self.lang), style=GRADE_STYLE[item.finding])
                if item.finding
                else Text(DASH)
            )
            table.add_row(
                rid,
                self.requirement_title(rid),
                item.level,
                label("modality", item.modality, self.lang),
                self.number(item.weight),
                status,
                DASH if item.maturity is None else str(item.maturity),
                points,
                finding,
            )
        return table

    def finding_subject(self, finding: Finding) -> tuple[str, str]:
        """What a finding concerns (an id) and its description."""
        match finding.kind:
            case "requirement":
                rid = finding.requirement or finding.concerns
                return rid, self.requirement_title(rid)
            case "department_coverage":
                certified = finding.details.get("certified", 0)
                required = finding.details.get("required", 1)
                name = self.department_name(finding.concerns)
                return finding.concerns, self.say(
                    f"{name}: {certified} certifierade lotsar, {required} krävs",
                    f"{name}: {certified} certified pilots, {required} required",
                )
            case "specialist_coverage":
                area = self.area_title(finding.concerns)
                return finding.concerns, self.say(
                    f"{area}: ingen certifierad specialist", f"{area}: no certified specialist"
                )
        return finding.concerns, finding.concerns

    def action_text(self, finding: Finding) -> str:
        """The planned action, or that none is planned (itself worth flagging)."""
        action = finding.action
        if action is None:
            return self.say("ingen åtgärd planerad", "no action planned")
        extra = [part for part in (action.owner, action.due and action.due.isoformat()) if part]
        text = action.text + (f" ({', '.join(extra)})" if extra else "")
        if finding.action_status in ("overdue", "verified", "closed"):
            text += f" – {label('action_status', finding.action_status, self.lang).lower()}"
        if finding.action_late:
            text += self.say(" – sen (efter tidsgränsen)", " – late (after the deadline)")
        return text

    def grade_text(self, finding: Finding) -> Text:
        """The decided grade, with the proposal and the reason when the auditor changed it."""
        text = Text(label("grade", finding.grade, self.lang), style=GRADE_STYLE[finding.grade])
        proposed = finding.proposed_grade
        if proposed is not None and proposed != finding.grade:
            text.append(
                self.say("\nföreslagen: ", "\nproposed: ")
                + label("grade", proposed, self.lang).lower()
            )
            if finding.grade_reason:
                text.append(f"; {finding.grade_reason}")
        if finding.recurring_from is not None:
            text.append(
                self.say("\nåterkommande sedan ", "\nrecurring since ") + finding.recurring_from
            )
        return text

    def findings(self) -> RenderableType:
        if not self.result.findings:
            return Text(self.say("Inga fynd.", "No findings."), style="green")
        table = Table(
            title=self.say("Fynd, värst först", "Findings, worst first"), title_justify="left"
        )
        table.add_column(self.say("Grad", "Grade"), overflow="fold")
        table.add_column(self.say("Gäller", "Concerns"))
        table.add_column(self.say("Beskrivning", "Description"), overflow="fold")
        table.add_column(self.say("Nivå", "Level"))
        table.add_column(self.say("Åtgärd", "Action"), overflow="fold")
        for grade in GRADES:
            of_grade = [finding for finding in self.result.findings if finding.grade == grade]
            if not of_grade:
                continue
            for finding in of_grade:
                concerns, description = self.finding_subject(finding)
                table.add_row(
                    self.grade_text(finding),
                    concerns,
                    description,
                    finding.level,
                    self.action_text(finding),
                )
            table.add_section()
        return table

    def person_name(self, person: PersonResult) -> str:
        if self.with_names and person.name:
            return f"{person.id} ({person.name})"
        return person.id

    def lacks(self, person: PersonResult) -> str:
        texts = []
        for item in person.unmet:
            subject = item.subject
            if item.criterion == "area_below_base" and subject:
                subject = self.area_title(subject)
            elif item.criterion == "module_missing" and subject:
                subject = self.module_title(subject)
            actual, required = item.actual, item.required
            if item.criterion == "exam_below_pass_mark" and self.lang == "sv":
                # The engine writes scores as in the data (0.70); Swedish uses a decimal comma.
                actual = actual.replace(".", ",") if actual else actual
                required = required.replace(".", ",") if required else required
            texts.append(unmet_text(item.criterion, subject, actual, required, self.lang))
        return "; ".join(texts) if texts else DASH

    def persons(self) -> RenderableType:
        if not self.result.persons:
            if self.catalog.competence is None:
                return Text(
                    self.say(
                        "Katalogen har ingen kompetensprofil: personer bedöms inte.",
                        "The catalogue has no competence profile: persons are not assessed.",
                    ),
                    style="dim",
                )
            return Text(self.say("Inga personer bedömda.", "No persons assessed."), style="dim")
        table = Table(title=self.say("Personer", "Persons"), title_justify="left")
        for column in (
            self.say("Person", "Person"),
            self.say("Förvaltning", "Department"),
            "Status",
            self.say("Giltigt till", "Valid until"),
            self.say("Specialist i", "Specialist in"),
            self.say("Saknas", "Lacking"),
        ):
            table.add_column(column)
        for person in self.result.persons:
            table.add_row(
                self.person_name(person),
                person.department or DASH,
                Text(
                    label("person_status", person.status, self.lang),
                    style=PERSON_STYLE[person.status],
                ),
                person.valid_until.isoformat() if person.valid_until else DASH,
                ", ".join(person.specialist_areas) or DASH,
                self.lacks(person),
            )
        certified = sum(1 for person in self.result.persons if person.status == "certified")
        table.caption = self.say(
            f"{certified} av {len(self.result.persons)} certifierade",
            f"{certified} of {len(self.result.persons)} certified",
        )
        return table

    def coverage(self) -> RenderableType | None:
        coverage = self.result.coverage
        if not coverage.departments and not coverage.specialist_areas:
            return None
        table = Table(title=self.say("Täckning", "Coverage"), title_justify="left")
        table.add_column(self.say("Förvaltning / område", "Department / area"))
        table.add_column("id", style="dim")
        table.add_column(self.say("Certifierade", "Certified"), justify="right")
        table.add_column(self.say("Krävs", "Required"), justify="right")
        table.add_column(self.say("Vilka", "Who"), overflow="fold")
        table.add_column("")
        yes, no = Text("✓", style="green"), Text("✗", style="red")
        for department in coverage.departments:
            table.add_row(
                department.name,
                department.id,
                str(len(department.certified)),
                str(department.required),
                self.short_list(department.certified),
                yes if department.covered else no,
            )
        table.add_section()
        for area in coverage.specialist_areas:
            table.add_row(
                self.area_title(area.id),
                area.id,
                str(len(area.specialists)),
                "1",
                self.short_list(area.specialists),
                yes if area.covered else no,
            )
        return table

    @staticmethod
    def short_list(ids: list[str], shown: int = 5) -> str:
        """The first few ids, and how many more (a large municipality has dozens)."""
        if not ids:
            return DASH
        more = len(ids) - shown
        return ", ".join(ids[:shown]) + (f" … (+{more})" if more > 0 else "")

    def warning_text(self, warning: Warning) -> str:
        """A warning worded in the chosen language from its code and the result's numbers."""
        rid = warning.path.split(".")[1] if warning.path.startswith("responses.") else ""
        item = self.result.requirements.get(rid)
        maturity = item.maturity if item else None
        top = self.result.catalog.top
        if warning.code in WORDED_WARNINGS:
            return warning_text(warning, self.lang)
        if self.lang == "en":
            return warning.message
        match warning.code:
            case "response_missing":
                return f"{rid} saknar svar och räknas som ej bedömt"
            case "unknown_requirement":
                return f"katalogen har inget krav {rid}; svaret räknas inte"
            case "maturity_missing":
                return f"{rid} saknar mognad och får inga poäng"
            case "fulfilled_low_maturity":
                return f"{rid} är uppfyllt men har mognad {maturity} (under {top - 1})"
            case "not_fulfilled_high_maturity":
                return f"{rid} är ej uppfyllt men har mognad {maturity}"
            case "metric_missing":
                return (
                    f"måttet {warning.path.removeprefix('metrics.')} saknas; angiven status gäller"
                )
            case "metric_contradiction" if item is not None:
                return (
                    f"{rid} anges som {label('status', item.status).lower()} men mätningen "
                    f"räknas som {label('status', item.effective_status).lower()}"
                )
        return warning.message

    def warnings(self) -> RenderableType | None:
        if not self.result.warnings:
            return None
        lines = Text(self.say("Varningar", "Warnings"), style="bold yellow")
        for warning in self.result.warnings:
            lines.append(f"\n  • {warning.path}: {self.warning_text(warning)}")
        return lines

    def previous_findings(self) -> RenderableType | None:
        """The previous assessment's open nonconformities and how this one answers them."""
        if not self.result.previous_findings:
            return None
        first = self.result.previous_findings[0]
        table = Table(
            title=self.say(
                f"Öppna avvikelser från {first.previous_source or first.previous_period}",
                f"Open nonconformities from {first.previous_source or first.previous_period}",
            ),
            title_justify="left",
        )
        table.add_column(self.say("Grad", "Grade"))
        table.add_column(self.say("Gäller", "Concerns"))
        table.add_column(self.say("Besvarad", "Answer"))
        for item in self.result.previous_findings:
            answer = label("previous_answer", item.answer, self.lang)
            attention = item.answer in ("closed_unverified", "unanswered")
            table.add_row(
                Text(label("grade", item.grade, self.lang), style=GRADE_STYLE[item.grade]),
                item.concerns,
                Text(answer, style="bold red" if attention else ""),
            )
        return table

    def trend(self) -> RenderableType | None:
        trend = self.result.trend
        if trend is None:
            return None
        return Group(self._trend_scores(trend), self._trend_changes(trend))

    def _trend_scores(self, trend: Trend) -> Table:
        table = Table(
            title=self.say(
                f"Förändring sedan {trend.previous_period} ({trend.previous_date.isoformat()})",
                f"Change since {trend.previous_period} ({trend.previous_date.isoformat()})",
            ),
            title_justify="left",
        )
        table.add_column(self.say("Del", "Part"))
        table.add_column(self.say("Förra", "Previous"), justify="right")
        table.add_column(self.say("Nu", "Now"), justify="right")
        table.add_column(self.say("Förändring", "Change"), justify="right")
        previous, now = trend.previous_scores, self.result.scores

        def row(name: str, before: Score | None, current: Score, delta: Decimal | None) -> None:
            table.add_row(
                name,
                format_percent(before.percent if before else None, self.lang),
                format_percent(current.percent, self.lang),
                format_delta(delta, self.lang),
            )

        for level_id, score in now.levels.items():
            row(
                self.level_title(level_id),
                previous.levels.get(level_id),
                score,
                trend.levels.get(level_id),
            )
        table.add_section()
        for cornerstone_id, score in now.cornerstones.items():
            row(
                self.cornerstone_title(cornerstone_id),
                previous.cornerstones.get(cornerstone_id),
                score,
                trend.cornerstones.get(cornerstone_id),
            )
        table.add_section()
        row(self.say("Totalt", "Overall"), previous.overall, now.overall, trend.overall)
        return table

    def _trend_changes(self, trend: Trend) -> Text:
        lines = Text()
        changed = [(rid, c) for rid, c in trend.requirements.items() if c.change != "unchanged"]
        lines.append(self.say("Krav som ändrats", "Requirements that changed"), style="bold")
        if not changed:
            lines.append(self.say(": inga", ": none"))
        for rid, change in changed:
            was = DASH if change.previous_maturity is None else str(change.previous_maturity)
            now = DASH if change.maturity is None else str(change.maturity)
            renamed = (
                f" ({self.say('förut', 'formerly')} {change.previous_id})"
                if change.previous_id and change.previous_id != rid
                else ""
            )
            lines.append(
                f"\n  • {rid}{renamed}: {label('change', change.change, self.lang)} "
                f"({self.say('mognad', 'maturity')} {was} → {now})"
            )
        for title, refs in (
            (self.say("Nya fynd", "Findings opened"), trend.findings_opened),
            (self.say("Stängda fynd", "Findings closed"), trend.findings_closed),
            (self.say("Kvarstående fynd", "Findings still open"), trend.findings_still_open),
        ):
            listed = ", ".join(
                f"{ref.concerns} ({label('grade', ref.grade, self.lang)})" for ref in refs
            )
            lines.append(f"\n{title} ({len(refs)})", style="bold")
            if listed:
                lines.append(f": {listed}")
        return lines

    def sections(self) -> Iterator[RenderableType]:
        """Every part of the summary, in reading order."""
        yield self.header()
        yield self.decision()
        yield self.scores()
        yield self.requirements()
        yield self.findings()
        yield self.persons()
        for optional in (self.coverage(), self.warnings(), self.trend(), self.previous_findings()):
            if optional is not None:
                yield optional


def print_result(console: Console, view: ScoreView) -> None:
    """Print the summary on ``console``."""
    for section in view.sections():
        console.print(section, markup=False)  # user text is never rich markup
        console.print()


def plain_text(view: ScoreView, width: int = 120) -> str:
    """The summary as plain text (no colours), for ``--out``."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False, soft_wrap=False)
    print_result(console, view)
    return buffer.getvalue()
