"""An assessment's result as OSCAL ``assessment-results``.

One result per assessment. Every evidence item is an observation (its method from the kind
of evidence: a document, a record or an observation is EXAMINE, an interview INTERVIEW, a
measured figure TEST); a metric that decided a requirement is an observation of its own
(TEST), and so is each person's certification status (persons appear as parties without
names, by their pseudonymous id) and each coverage hole. Every requirement has a finding whose
target is the requirement's statement in the OSCAL catalog, satisfied or not-satisfied from
the *effective* status (after a measurement decided), with the grade and maturity as props and
not applicable as the implementation status. Requirements a sampling audit (a surveillance
audit, a persons test certification) leaves out are excluded from the reviewed controls. Each
graded finding is also a risk, its corrective action a planned remediation.

OSCAL has no assessment plan in lotscert: ``import-ap`` points to a back-matter resource that
names the assessment file, and another resource names the catalog document.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from lotscert.interop.ids import stable_uuid
from lotscert.interop.oscal.catalog import control_id, number, statement_id
from lotscert.interop.oscal.common import MEDIA_TYPE, OSCAL_VERSION, moment, prop
from lotscert.interop.oscal.markup import to_markup, to_markup_line
from lotscert.labels import decision_text, label, unmet_text
from lotscert.models.assessment import Assessment, Evidence, Status
from lotscert.models.catalog import Catalog, EvidenceKind
from lotscert.models.common import Language
from lotscert.models.result import Finding, PersonResult, RequirementResult, Result

#: How each kind of evidence was gathered, in OSCAL's words (NIST SP 800-53A methods).
METHODS: dict[EvidenceKind, str] = {
    "document": "EXAMINE",
    "record": "EXAMINE",
    "observation": "EXAMINE",
    "interview": "INTERVIEW",
    "metric": "TEST",
}
#: Effective status → (objective state, reason, implementation status or None).
TARGET_STATUS: dict[Status, tuple[str, str, str | None]] = {
    "fulfilled": ("satisfied", "pass", "implemented"),
    "partial": ("not-satisfied", "fail", "partial"),
    "not_fulfilled": ("not-satisfied", "fail", None),
    "not_applicable": ("satisfied", "other", "not-applicable"),
    "not_assessed": ("not-satisfied", "other", None),
}
_URL = re.compile(r"^https?://\S+$")


def in_scope(requirement: RequirementResult) -> bool:
    """False for a requirement a sampling audit left out (not assessed, and not counted)."""
    return not (requirement.effective_status == "not_assessed" and requirement.possible is None)


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


class _Builder:
    """Builds the document for one assessment; every UUID from a stable name under ``key``."""

    def __init__(
        self,
        catalog: Catalog,
        assessment: Assessment,
        result: Result,
        lang: Language,
        catalog_href: str,
        assessment_href: str,
    ) -> None:
        self.catalog = catalog
        self.assessment = assessment
        self.result = result
        self.lang = lang
        self.catalog_href = catalog_href
        self.assessment_href = assessment_href
        self.key = (
            f"{assessment.catalog}|{assessment.municipality.code}|{assessment.period}|"
            f"{assessment.kind}"
        )
        self.observations: list[dict[str, Any]] = []
        self.risks: list[dict[str, Any]] = []
        self.by_requirement: dict[str, list[str]] = {}

    def uuid(self, *parts: str) -> str:
        return stable_uuid("assessment-results", self.key, *parts)

    # -- parties -------------------------------------------------------------------------
    def municipality_party(self) -> str:
        return self.uuid("party", "municipality")

    def assessor_party(self, index: int) -> str:
        return self.uuid("party", "assessor", str(index))

    def person_party(self, person_id: str) -> str:
        return self.uuid("party", "person", person_id)

    def parties(self) -> list[dict[str, Any]]:
        municipality = self.assessment.municipality
        parties: list[dict[str, Any]] = [
            {
                "uuid": self.municipality_party(),
                "type": "organization",
                "name": " ".join(municipality.name.split()),
                "props": [
                    prop("municipality-code", municipality.code),
                    prop("example", "true" if municipality.is_example else None),
                ],
            }
        ]
        for index, assessor in enumerate(self.assessment.assessors):
            parties.append(
                {
                    "uuid": self.assessor_party(index),
                    "type": "person",
                    "name": " ".join(assessor.name.split()),
                    "props": [
                        prop("role", assessor.role),
                        prop("organisation", assessor.organisation),
                    ],
                }
            )
        for person in self.result.persons:
            # Persons are named only by their pseudonymous id: a name never leaves lotscert.
            parties.append(
                {
                    "uuid": self.person_party(person.id),
                    "type": "person",
                    "props": [
                        prop("person-id", person.id),
                        prop("department", person.department),
                    ],
                }
            )
        return parties

    # -- observations --------------------------------------------------------------------
    def evidence_observation(self, requirement_id: str, index: int, item: Evidence) -> str:
        uuid = self.uuid("evidence", requirement_id, str(index))
        kind_word = label("evidence_kind", item.kind, self.lang)
        description = to_markup(item.ref)
        if item.note:
            description += "\n\n" + to_markup(item.note)
        evidence: dict[str, Any] = {"description": to_markup(item.ref)}
        if _URL.match(item.ref):
            evidence = {"href": item.ref, "description": to_markup(item.ref)}
        self.observations.append(
            {
                "uuid": uuid,
                "title": to_markup_line(f"{requirement_id}: {kind_word}: {item.ref}"),
                "description": description,
                "props": [
                    prop("requirement-id", requirement_id),
                    prop("evidence-kind", item.kind),
                ],
                "methods": [METHODS[item.kind]],
                "types": ["control-objective"],
                "relevant-evidence": [evidence],
                "collected": moment(item.date or self.assessment.date),
            }
        )
        return uuid

    def metric_observation(self, requirement: RequirementResult) -> str | None:
        check = requirement.metric
        if check is None or check.value is None:
            return None
        uuid = self.uuid("metric", requirement.id)
        met = check.met
        verdict = (
            _say(self.lang, "målet nått", "target met")
            if met
            else _say(self.lang, "målet inte nått", "target missed")
        )
        text = f"{check.key} = {number(check.value)} ({check.op} {number(check.target)}: {verdict})"
        self.observations.append(
            {
                "uuid": uuid,
                "title": to_markup_line(f"{requirement.id}: {text}"),
                "description": to_markup(
                    text
                    + (
                        f"\n{_say(self.lang, 'Källa', 'Source')}: {check.source}"
                        if check.source
                        else ""
                    )
                ),
                "props": [
                    prop("requirement-id", requirement.id),
                    prop("metric-key", check.key),
                    prop("metric-value", number(check.value)),
                    prop("metric-operator", check.op),
                    prop("metric-target", number(check.target)),
                    prop("metric-met", "true" if met else "false"),
                ],
                "methods": ["TEST"],
                "types": ["control-objective"],
                "collected": moment(check.date or self.assessment.date),
            }
        )
        return uuid

    def person_observation(self, person: PersonResult) -> None:
        status = label("person_status", person.status, self.lang)
        unmet = [
            unmet_text(item.criterion, item.subject, item.actual, item.required, self.lang)
            for item in person.unmet
        ]
        description = f"{person.id}: {status}"
        if unmet:
            description += "\n\n" + "\n".join(f"- {line}" for line in unmet)
        self.observations.append(
            {
                "uuid": self.uuid("person", person.id),
                "title": to_markup_line(f"{person.id}: {status}"),
                "description": to_markup(f"{person.id}: {status}")
                + (
                    "\n\n" + "\n".join(f"- {to_markup_line(line)}" for line in unmet)
                    if unmet
                    else ""
                ),
                "props": [
                    prop("person-id", person.id),
                    prop("person-status", person.status),
                    prop(
                        "valid-until",
                        person.valid_until.isoformat() if person.valid_until else None,
                    ),
                    *[prop("specialist-area", area) for area in person.specialist_areas],
                    *[
                        prop("unmet", item.criterion + (f":{item.subject}" if item.subject else ""))
                        for item in person.unmet
                    ],
                ],
                "methods": ["EXAMINE", "TEST"],
                "subjects": [{"subject-uuid": self.person_party(person.id), "type": "party"}],
                "collected": moment(person.exam_date or self.assessment.date),
            }
        )

    def coverage_observation(self, finding: Finding) -> None:
        grade = label("grade", finding.grade, self.lang)
        what = _say(
            self.lang,
            "förvaltningens certifierade lotsar"
            if finding.kind == "department_coverage"
            else "certifierad specialist i området",
            "the department's certified pilots"
            if finding.kind == "department_coverage"
            else "a certified specialist in the area",
        )
        title = f"{grade}: {what} ({finding.concerns})"
        self.observations.append(
            {
                "uuid": self.uuid("coverage", finding.kind, finding.concerns),
                "title": to_markup_line(title),
                "description": to_markup(title),
                "props": [
                    prop("finding-kind", finding.kind),
                    prop("concerns", finding.concerns),
                    prop("finding-grade", finding.grade),
                    prop("level-id", finding.level),
                    *[prop(str(key), value) for key, value in sorted(finding.details.items())],
                ],
                "methods": ["EXAMINE"],
                "types": ["finding"],
                "collected": moment(self.assessment.date),
            }
        )

    # -- risks: a finding's nonconformity and its corrective action ------------------------
    def risk(self, requirement: RequirementResult, observations: list[str]) -> dict[str, Any]:
        catalog_requirement = self.catalog.requirements_by_id[requirement.id]
        assert requirement.finding is not None
        grade = label("grade", requirement.finding, self.lang)
        status_word = label("status", requirement.effective_status, self.lang)
        response = self.assessment.responses.get(requirement.id)
        action = response.action if response is not None else None
        risk: dict[str, Any] = {
            "uuid": self.uuid("risk", requirement.id),
            "title": to_markup_line(
                f"{grade}: {requirement.id} {catalog_requirement.title.get(self.lang)}"
            ),
            "description": to_markup(f"{requirement.id}: {status_word}."),
            "statement": to_markup(catalog_requirement.guidance.get(self.lang)),
            "props": [
                prop("requirement-id", requirement.id),
                prop("finding-grade", requirement.finding),
            ],
            "status": "remediating" if action is not None else "open",
        }
        if action is not None:
            if action.due is not None:
                risk["deadline"] = moment(action.due)
            owner = (
                f"\n\n{_say(self.lang, 'Ansvarig', 'Owner')}: {action.owner}"
                if action.owner
                else ""
            )
            risk["remediations"] = [
                {
                    "uuid": self.uuid("remediation", requirement.id),
                    "lifecycle": "planned",
                    "title": to_markup_line(action.text),
                    "description": to_markup(action.text + owner),
                    "props": [
                        prop("owner", action.owner),
                        prop("due", action.due.isoformat() if action.due else None),
                    ],
                }
            ]
        risk["related-observations"] = [{"observation-uuid": uuid} for uuid in observations]
        return risk

    # -- findings ------------------------------------------------------------------------
    def finding(self, requirement: RequirementResult, observations: list[str]) -> dict[str, Any]:
        catalog_requirement = self.catalog.requirements_by_id[requirement.id]
        state, reason, implementation = TARGET_STATUS[requirement.effective_status]
        response = self.assessment.responses.get(requirement.id)
        status_word = label("status", requirement.effective_status, self.lang)
        lines = [f"{_say(self.lang, 'Status', 'Status')}: {status_word}."]
        if requirement.effective_status != requirement.status:
            given = label("status", requirement.status, self.lang)
            lines.append(
                _say(
                    self.lang,
                    f"Angiven status: {given}; måttet avgjorde.",
                    f"Stated status: {given}; the measurement decided.",
                )
            )
        if requirement.maturity is not None:
            lines.append(f"{_say(self.lang, 'Mognad', 'Maturity')}: {requirement.maturity}.")
        if requirement.finding is not None:
            lines.append(f"{label('grade', requirement.finding, self.lang)}.")
        remarks: list[str] = []
        if response is not None and response.comment:
            remarks.append(response.comment)
        if response is not None and response.action is not None:
            action = response.action
            parts = [action.text]
            if action.owner:
                parts.append(f"{_say(self.lang, 'Ansvarig', 'Owner')}: {action.owner}")
            if action.due:
                parts.append(f"{_say(self.lang, 'Klart senast', 'Due')}: {action.due.isoformat()}")
            remarks.append(f"{_say(self.lang, 'Åtgärd', 'Action')}: " + "\n".join(parts))
        target: dict[str, Any] = {
            "type": "statement-id",
            "target-id": statement_id(requirement.id),
            "status": {"state": state, "reason": reason},
        }
        if implementation is not None:
            target["implementation-status"] = {"state": implementation}
        return {
            "uuid": self.uuid("finding", requirement.id),
            "title": to_markup_line(f"{requirement.id} {catalog_requirement.title.get(self.lang)}"),
            "description": to_markup("\n".join(lines)),
            "props": [
                prop("requirement-id", requirement.id),
                prop("status", requirement.status),
                prop("effective-status", requirement.effective_status),
                prop("maturity", requirement.maturity),
                prop("finding-grade", requirement.finding),
                prop("weight", number(requirement.weight)),
                prop(
                    "earned", number(requirement.earned) if requirement.earned is not None else None
                ),
                prop(
                    "possible",
                    number(requirement.possible) if requirement.possible is not None else None,
                ),
            ],
            "target": target,
            "related-observations": [{"observation-uuid": uuid} for uuid in observations],
            "related-risks": [{"risk-uuid": self.uuid("risk", requirement.id)}]
            if requirement.finding is not None
            else [],
            "remarks": to_markup("\n\n".join(remarks)) if remarks else None,
        }

    # -- the document --------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        assessment, result, lang = self.assessment, self.result, self.lang
        findings = []
        outside: list[str] = []
        for requirement in result.requirements.values():
            if not in_scope(requirement):
                outside.append(requirement.id)
                continue
            related: list[str] = []
            response = assessment.responses.get(requirement.id)
            if response is not None:
                for index, item in enumerate(response.evidence):
                    related.append(self.evidence_observation(requirement.id, index, item))
            metric = self.metric_observation(requirement)
            if metric is not None:
                related.append(metric)
            findings.append(self.finding(requirement, related))
            if requirement.finding is not None:
                self.risks.append(self.risk(requirement, related))
        for person in result.persons:
            self.person_observation(person)
        for finding in result.findings:
            if finding.kind != "requirement":
                self.coverage_observation(finding)
        kind = label("kind", assessment.kind, lang)
        municipality = assessment.municipality
        title = f"{municipality.name} {assessment.period}: {kind}"
        decision = decision_text(result.decision.outcome, result.decision.readiness_only, lang)
        score_props = [
            prop(
                "score-overall",
                number(result.scores.overall.percent)
                if result.scores.overall.percent is not None
                else None,
            )
        ]
        score_props += [
            prop("score-level", f"{level}={number(score.percent)}")
            for level, score in result.scores.levels.items()
            if score.percent is not None
        ]
        digest = hashlib.sha256(
            (assessment.model_dump_json() + self.catalog.model_dump_json()).encode("utf-8")
        ).hexdigest()
        plan = self.uuid("resource", "assessment-file")
        catalog_resource = self.uuid("resource", "catalog")
        responsible = (
            [
                {
                    "role-id": "assessor",
                    "party-uuids": [
                        self.assessor_party(i) for i in range(len(assessment.assessors))
                    ],
                }
            ]
            if assessment.assessors
            else []
        )
        return {
            "assessment-results": {
                "uuid": stable_uuid("assessment-results", self.key, digest, lang),
                "metadata": {
                    "title": to_markup_line(title),
                    "last-modified": moment(assessment.date),
                    "version": assessment.date.isoformat(),
                    "oscal-version": OSCAL_VERSION,
                    "props": [
                        prop("catalog", assessment.catalog),
                        prop("municipality-code", municipality.code),
                        prop("period", assessment.period),
                        prop("assessment-kind", assessment.kind),
                        prop("language", lang),
                    ],
                    "roles": [
                        {"id": "assessor", "title": _say(lang, "Bedömare", "Assessor")},
                        {
                            "id": "assessed-organization",
                            "title": _say(lang, "Bedömd kommun", "Assessed municipality"),
                        },
                    ],
                    "parties": self.parties(),
                    "responsible-parties": [
                        *responsible,
                        {
                            "role-id": "assessed-organization",
                            "party-uuids": [self.municipality_party()],
                        },
                    ],
                },
                "import-ap": {
                    "href": f"#{plan}",
                    "remarks": to_markup(
                        _say(
                            lang,
                            "lotscert har ingen separat bedömningsplan: bedömningsfilen som "
                            "resursen pekar på är planen och svaren.",
                            "lotscert has no separate assessment plan: the assessment file the "
                            "resource points to is both the plan and the answers.",
                        )
                    ),
                },
                "results": [
                    {
                        "uuid": self.uuid("result"),
                        "title": to_markup_line(title),
                        "description": to_markup(f"{title}\n{decision}"),
                        "start": moment(assessment.date),
                        "props": [
                            prop("decision", result.decision.outcome),
                            prop(
                                "readiness-only",
                                "true" if result.decision.readiness_only else "false",
                            ),
                            prop("complete", "true" if result.complete else "false"),
                            prop("major-nonconformities", result.decision.major),
                            prop("minor-nonconformities", result.decision.minor),
                            prop("observations", result.decision.observations),
                            prop(
                                "corrective-action-deadline",
                                result.decision.corrective_action_deadline.isoformat()
                                if result.decision.corrective_action_deadline
                                else None,
                            ),
                            prop(
                                "valid-until",
                                result.decision.valid_until.isoformat()
                                if result.decision.valid_until
                                else None,
                            ),
                            *score_props,
                        ],
                        "reviewed-controls": {
                            "control-selections": [
                                {
                                    "include-all": {},
                                    "exclude-controls": [
                                        {"control-id": control_id(identifier)}
                                        for identifier in outside
                                    ],
                                }
                            ],
                        },
                        "observations": self.observations,
                        "risks": self.risks,
                        "findings": findings,
                    }
                ],
                "back-matter": {
                    "resources": [
                        {
                            "uuid": plan,
                            "title": to_markup_line(
                                _say(lang, "Bedömningsfilen", "The assessment file")
                            ),
                            "rlinks": [
                                {"href": self.assessment_href, "media-type": "application/yaml"}
                            ],
                        },
                        {
                            "uuid": catalog_resource,
                            "title": to_markup_line(self.catalog.title.get(lang)),
                            "props": [prop("catalog", self.catalog.ref)],
                            "rlinks": [{"href": self.catalog_href, "media-type": MEDIA_TYPE}],
                        },
                    ]
                },
            }
        }


def results_document(
    catalog: Catalog,
    assessment: Assessment,
    result: Result,
    *,
    lang: Language = "sv",
    catalog_href: str = "catalog.json",
    assessment_href: str = "assessment.yaml",
) -> dict[str, Any]:
    """The OSCAL assessment-results for ``assessment`` (persons without names)."""
    return _Builder(
        catalog, assessment, result.without_names(), lang, catalog_href, assessment_href
    ).document()
