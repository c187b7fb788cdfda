"""The engine's warnings in words, Swedish and English (DESIGN §6).

The engine stores a warning as a code, a data path and its parameters (``details``); every
renderer words it here, so a Swedish report never shows the English engine message. A code
without wording here (older ones the CLI words itself) falls back to the stored message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from lotscert.labels import label

if TYPE_CHECKING:
    from lotscert.models.common import Language
    from lotscert.models.result import Warning

_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "persons_contradiction": (
        "{requirement} anges som {stated} men personregistret visar att {meeting} av {persons} "
        "lotsar uppfyller kravet; räknas som {counted}. Uppfyller inte: {not_meeting}",
        "{requirement} is stated {stated} but the persons register shows {meeting} of "
        "{persons} pilots meeting it; counted as {counted}. Not meeting: {not_meeting}",
    ),
    "persons_register_too_small": (
        "{requirement} avgörs av personregistret, som bara har {persons} lotsar; angiven status "
        "gäller",
        "{requirement} is decided by the persons register, which lists only {persons} pilots; "
        "the stated status stands",
    ),
    "action_overdue": (
        "Åtgärden för {concerns} skulle vara klar {due}, före bedömningens datum, och är inte "
        "verifierad",
        "The action on {concerns} was due {due}, before the assessment date, and is not verified",
    ),
    "action_late": (
        "Åtgärden för {concerns} ska vara klar {due}, efter tidsgränsen för korrigerande "
        "åtgärder {deadline}",
        "The action on {concerns} is due {due}, after the corrective-action deadline {deadline}",
    ),
    "verification_late": (
        "Åtgärden för {concerns} verifierades {date}, efter tidsgränsen {deadline}",
        "The action on {concerns} was verified {date}, after the deadline {deadline}",
    ),
    "closed_without_verification": (
        "{grade} för {concerns} är stängd utan verifiering",
        "The {grade} on {concerns} is closed without verification",
    ),
    "team_role_missing": (
        "{name} saknar roll i revisionen (audit_role) och skriver inte under",
        "{name} has no role in the audit (audit_role) and does not sign",
    ),
    "team_not_impartial": (
        "{name} ({audit_role}) kommer från den granskade kommunen ({organisation}); revisorer "
        "ska vara opartiska",
        "{name} ({audit_role}) comes from the audited municipality ({organisation}); auditors "
        "must be impartial",
    ),
    "team_organisation_missing": (
        "{name} ({audit_role}) saknar organisation; opartiskheten kan inte prövas",
        "{name} ({audit_role}) has no organisation; impartiality cannot be checked",
    ),
    "team_no_lead_auditor": (
        "Ingen i teamet är ledande revisor (lead_auditor)",
        "Nobody in the team is lead auditor (lead_auditor)",
    ),
    "previous_finding_unanswered": (
        "{grade} för {concerns} från {source} besvaras inte i denna bedömning",
        "The {grade} on {concerns} from {source} is not answered in this assessment",
    ),
    "previous_finding_unverified": (
        "{grade} för {concerns} från {source} finns inte längre, men åtgärden är inte verifierad",
        "The {grade} on {concerns} from {source} is no longer found, but its action is not "
        "verified",
    ),
    "metric_not_deciding": (
        "{requirement}: måttet {key} avgör inte kravet ({reasons}); angiven status {stated} gäller",
        "{requirement}: the measurement {key} does not decide the requirement ({reasons}); the "
        "stated status {stated} stands",
    ),
}
#: Why a measurement does not decide (``metric_not_deciding``), in words.
_METRIC_PROBLEMS: Final[dict[str, tuple[str, str]]] = {
    "too_few_answers": ("för få svar", "too few answers"),
    "answers_unknown": ("antal svar saknas", "number of answers not recorded"),
    "too_old": ("för gammalt", "too old"),
    "date_unknown": ("datum saknas", "no date"),
    "other_source_kind": ("annan källtyp", "another kind of source"),
    "other_area": ("annat område", "another area"),
    "other_factor": ("annan faktor", "another factor"),
}
#: The warning codes worded here.
WORDED_WARNINGS: Final[frozenset[str]] = frozenset(_TEXTS)
#: Which detail is a status, a grade or an audit role (worded by ``labels``).
_LABELLED: Final[dict[str, str]] = {
    "stated": "status",
    "counted": "status",
    "grade": "grade",
    "audit_role": "audit_role",
}


def warning_text(warning: Warning, lang: Language) -> str:
    """The warning in ``lang``; the stored message when its code has no wording here."""
    texts = _TEXTS.get(warning.code)
    if texts is None:
        return warning.message
    details = dict(warning.details)
    if "reasons" in details:
        details["reasons"] = ", ".join(
            _METRIC_PROBLEMS.get(code, (code, code))[1 if lang == "en" else 0]
            for code in details["reasons"].split(",")
            if code
        )
    for key, group in _LABELLED.items():
        if key in details:
            word = label(group, details[key], lang)
            details[key] = word if key == "grade" and lang == "sv" else word.lower()
    try:
        return (texts[1] if lang == "en" else texts[0]).format(**details)
    except KeyError:  # a result read back from an older file lacks a parameter
        return warning.message
