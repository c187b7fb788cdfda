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
    from lotscert.models.result import Result, Warning

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
        "Åtgärden för {concerns} verifierades {date}, efter tidsgränsen {deadline}; den räknas "
        "som overifierad",
        "The action on {concerns} was verified {date}, after the deadline {deadline}; it counts "
        "as unverified",
    ),
    "verification_not_by_auditor": (
        "Åtgärden för {concerns} är verifierad av {by}, som inte får verifiera ({why}); den "
        "räknas som overifierad",
        "The action on {concerns} is verified by {by}, who may not verify ({why}); it counts as "
        "unverified",
    ),
    "verification_before_finding": (
        "Åtgärden för {concerns} är verifierad {date}, före fyndet ({found}); den räknas som "
        "overifierad",
        "The action on {concerns} is verified {date}, before the finding ({found}); it counts "
        "as unverified",
    ),
    "verification_after_assessment": (
        "Åtgärden för {concerns} är verifierad {date}, efter denna bedömning ({assessment}) som "
        "följer upp fyndet; den räknas som overifierad",
        "The action on {concerns} is verified {date}, after this assessment ({assessment}) that "
        "follows the finding up; it counts as unverified",
    ),
    "closure_not_by_auditor": (
        "Fyndet för {concerns} är stängt av {by}, som inte får stänga ({why}); det räknas som "
        "öppet",
        "The finding on {concerns} is closed by {by}, who may not close it ({why}); it counts "
        "as open",
    ),
    "closure_before_finding": (
        "Fyndet för {concerns} är stängt {date}, före fyndet ({found}); det räknas som öppet",
        "The finding on {concerns} is closed {date}, before the finding ({found}); it counts "
        "as open",
    ),
    "closure_after_assessment": (
        "Fyndet för {concerns} är stängt {date}, efter denna bedömning ({assessment}); det "
        "räknas som öppet",
        "The finding on {concerns} is closed {date}, after this assessment ({assessment}); it "
        "counts as open",
    ),
    "judgement_not_by_auditor": (
        "Den beslutade graden för {requirement} ({judged}) är satt av {by}, som inte får "
        "bestämma graden ({refusal}); {counts}",
        "The decided grade of {requirement} ({judged}) is set by {by}, who may not decide the "
        "grade ({refusal}); {counts}",
    ),
    "persons_register_empty": (
        "{requirement} avgörs av personregistret, som inte har någon lots: ingen uppfyller "
        "kravet, som räknas som {status} (angivet: {stated})",
        "{requirement} is decided by the persons register, which lists no pilot: nobody meets "
        "it, so it counts as {status} (stated: {stated})",
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
        "{grade} för {concerns} från {source} besvaras inte i denna bedömning; den är "
        "fortfarande öppen och håller tillbaka beslutet",
        "The {grade} on {concerns} from {source} is not answered in this assessment; it is "
        "still open and holds the decision back",
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
#: Why a name may not decide a grade or verify an action (``engine/authority.py``), in words.
_REFUSALS: Final[dict[str, tuple[str, str]]] = {
    "missing": ("ingen är angiven", "nobody is given"),
    "not_in_team": ("inte med bland bedömarna", "not among the assessors"),
    "not_auditor": ("med i teamet men inte som revisor", "in the team but not as an auditor"),
    "audited_organisation": ("hör till den granskade kommunen", "of the audited municipality"),
}
#: What a judgement by someone who may not decide does (``counts``), in words.
_JUDGEMENT_EFFECTS: Final[dict[str, tuple[str, str]]] = {
    "no": (
        "den räknas inte – den föreslagna graden ({proposed}) gäller",
        "it does not count – the proposed grade ({proposed}) stands",
    ),
    "unchanged": ("den ändrar inget", "it changes nothing"),
}
#: The warning codes worded here.
WORDED_WARNINGS: Final[frozenset[str]] = frozenset(_TEXTS)
#: Which detail is a status, a grade or an audit role (worded by ``labels``).
_LABELLED: Final[dict[str, str]] = {
    "stated": "status",
    "status": "status",
    "proposed": "grade",
    "judged": "grade",
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
    index = 1 if lang == "en" else 0
    for key in ("why", "refusal"):
        if key in details:
            details[key] = _REFUSALS.get(details[key], (details[key],) * 2)[index]
    if "by" in details and not details["by"]:
        details["by"] = "—"
    if warning.code == "judgement_not_by_auditor" and "counts" in details:
        effect = _JUDGEMENT_EFFECTS.get(details["counts"], (details["counts"],) * 2)[index]
        details["counts"] = effect.format(**details)
    try:
        return (texts[1] if lang == "en" else texts[0]).format(**details)
    except KeyError:  # a result read back from an older file lacks a parameter
        return warning.message


def held_back_note(result: Result, lang: Language) -> str | None:
    """Why the decision is held back by the previous audit (``engine/decision.py``): its
    nonconformities this assessment does not answer, or None."""
    open_ones = [w for w in result.warnings if w.code == "previous_finding_unanswered"]
    if not open_ones:
        return None
    parts = []
    for warning in open_ones:
        details = warning.details
        grade = label("grade", details.get("grade", ""), lang).lower()
        on = "på" if lang == "sv" else "on"
        parts.append(f"{grade} {on} {details.get('concerns', '')} ({details.get('source', '')})")
    if lang == "en":
        return (
            "The previous audit's nonconformities not answered in this one hold the decision "
            f"back: {'; '.join(parts)}."
        )
    return (
        "Förra revisionens avvikelser som inte besvaras i den här håller tillbaka beslutet: "
        f"{'; '.join(parts)}."
    )
