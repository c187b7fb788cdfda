"""``lotscert import oscal``: an OSCAL catalog (JSON) read into a lotscert catalogue.

Top-level groups become levels and every control (nested controls too, e.g. control
enhancements) a requirement of its group's level. A control's ``statement`` part (with its
sub-parts, each after its label) is the text, its ``guidance`` part the guidance, OSCAL's
``label`` prop the id. What lotscert wrote as props in its namespace (modality, weight,
cornerstone, evidence kinds, metric, the maturity scale, the cornerstones) comes back as it
was. What OSCAL does not carry is defaulted and each default is reported: modality ``shall``,
weight 1, one cornerstone, the bundled catalogue's maturity scale, no person level rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lotscert.errors import Location
from lotscert.interop.ids import ascii_slug, from_oscal_token
from lotscert.interop.oscal.common import NS
from lotscert.interop.oscal.markup import from_markup
from lotscert.interop.problems import InteropError, InteropProblems
from lotscert.models.catalog import EVIDENCE_KINDS, Catalog, ScaleStep
from lotscert.models.common import Language
from lotscert.plaintext import forbidden_message

#: An OSCAL file larger than this is refused before it is parsed.
MAX_BYTES = 50 * 1024 * 1024
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^}\s]+)\s*\}\}")
_OPERATORS = ("<=", "<", ">=", ">", "==")


def _say(lang: Language, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


@dataclass
class OscalImport:
    """The catalogue read, and what had to be defaulted (one line each, located)."""

    catalog: Catalog
    notes: list[str] = field(default_factory=list)
    written: Path | None = None


def _forbidden_texts(value: Any, path: list[str | int], lang: Language) -> list[str]:
    """One line per key or text of the document holding a control or text-direction
    character (the written catalogue would not pass ``validate``), located by its JSON path."""
    found: list[str] = []
    if isinstance(value, str):
        message = forbidden_message(value)
        if message is not None:
            found.append(f"{_where(path) or '$'}: {_say(lang, *message)}")
    elif isinstance(value, dict):
        for key, item in value.items():
            found.extend(_forbidden_texts(key, [*path, "[key]"], lang))
            found.extend(_forbidden_texts(item, [*path, str(key)], lang))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_forbidden_texts(item, [*path, index], lang))
    return found


def _where(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text


class _Reader:
    def __init__(self, display: str, lang: Language, text_lang: Language) -> None:
        self.display = display
        self.lang = lang
        self.text_lang = text_lang
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.params: dict[str, str] = {}
        #: How often each control label occurs: a label is the id only when it is unique.
        self.label_counts: dict[str, int] = {}

    def problem(self, path: Sequence[str | int], sv: str, en: str) -> None:
        self.problems.append(f"{self.display}: {_where(path)}: {_say(self.lang, sv, en)}")

    def note(self, path: Sequence[str | int], sv: str, en: str) -> None:
        where = f"{_where(path)}: " if path else ""
        self.notes.append(f"{self.display}: {where}{_say(self.lang, sv, en)}")

    def text(self, value: str) -> dict[str, str]:
        plain = from_markup(value)
        return {"sv": plain, "en": plain} if self.text_lang == "en" else {"sv": plain}

    def markup(self, value: Any, path: Sequence[str | int]) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, "ska vara text", "must be text")
            return None
        return _INSERT.sub(lambda m: self.params.get(m.group(1), f"[{m.group(1)}]"), value)

    @staticmethod
    def props(node: dict[str, Any], name: str, *, core: bool = False) -> list[dict[str, Any]]:
        found = []
        for item in node.get("props") or []:
            if not isinstance(item, dict) or item.get("name") != name:
                continue
            ns = item.get("ns")
            if (core and ns in (None, "http://csrc.nist.gov/ns/oscal")) or (not core and ns == NS):
                found.append(item)
        return found

    def prop(self, node: dict[str, Any], name: str, *, core: bool = False) -> str | None:
        items = self.props(node, name, core=core)
        value = items[0].get("value") if items else None
        return value if isinstance(value, str) and value.strip() else None


def _walk_parts(part: dict[str, Any], reader: _Reader, path: list[str | int]) -> Iterator[str]:
    label = reader.prop(part, "label", core=True)
    prose = reader.markup(part.get("prose"), [*path, "prose"])
    if prose:
        yield f"{label} {prose}" if label else prose
    elif label:
        yield label
    for index, child in enumerate(part.get("parts") or []):
        if isinstance(child, dict):
            yield from _walk_parts(child, reader, [*path, "parts", index])


def _part_text(
    control: dict[str, Any], name: str, reader: _Reader, path: list[str | int]
) -> str | None:
    texts: list[str] = []
    for index, part in enumerate(control.get("parts") or []):
        if isinstance(part, dict) and part.get("name") == name:
            texts.extend(_walk_parts(part, reader, [*path, "parts", index]))
    joined = "\n".join(text.strip() for text in texts if text.strip())
    return joined or None


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _controls(
    controls: Any, path: list[str | int]
) -> Iterator[tuple[dict[str, Any], list[str | int]]]:
    for index, control in enumerate(controls or []):
        if isinstance(control, dict):
            here = [*path, index]
            yield control, here
            yield from _controls(control.get("controls"), [*here, "controls"])


def _group_controls(
    group: dict[str, Any], path: list[str | int]
) -> Iterator[tuple[dict[str, Any], list[str | int]]]:
    yield from _controls(group.get("controls"), [*path, "controls"])
    for index, child in enumerate(group.get("groups") or []):
        if isinstance(child, dict):
            yield from _group_controls(child, [*path, "groups", index])


def _requirement(
    reader: _Reader,
    control: dict[str, Any],
    path: list[str | int],
    level_id: str,
    defaults: dict[str, int],
) -> dict[str, Any] | None:
    control_id = control.get("id")
    if reader.prop(control, "status", core=True) == "withdrawn":
        defaults["withdrawn"] += 1
        return None
    if not isinstance(control_id, str) or not control_id:
        reader.problem([*path, "id"], "kontrollen saknar id", "the control has no id")
        return None
    label = reader.prop(control, "label", core=True)
    usable = label is not None and _ID.match(label) and reader.label_counts.get(label, 0) == 1
    requirement_id = label if usable and label else from_oscal_token(control_id)
    if not _ID.match(requirement_id):
        reader.problem(
            [*path, "id"],
            f"{control_id!r} kan inte vara ett krav-id (bokstäver, siffror, . _ -)",
            f"{control_id!r} cannot be a requirement id (letters, digits, . _ -)",
        )
        return None
    title = reader.markup(control.get("title"), [*path, "title"])
    if not title:
        reader.problem([*path, "title"], "kontrollen saknar rubrik", "the control has no title")
        return None
    text = _part_text(control, "statement", reader, path)
    if text is None:
        text = title
        defaults["text"] += 1
    guidance = _part_text(control, "guidance", reader, path)
    if guidance is None:
        guidance = _say(
            reader.text_lang,
            "Ingen vägledning i OSCAL-katalogen.",
            "No guidance in the OSCAL catalog.",
        )
        defaults["guidance"] += 1
    modality = reader.prop(control, "modality")
    if modality not in ("shall", "should"):
        if modality is not None:
            reader.problem(
                [*path, "props"],
                f"modality ska vara shall eller should, inte {modality!r}",
                f"modality must be shall or should, not {modality!r}",
            )
        modality = "shall"
        defaults["modality"] += 1
    weight_text = reader.prop(control, "weight")
    weight = _decimal(weight_text)
    if weight_text is not None and (weight is None or weight <= 0):
        reader.problem(
            [*path, "props"],
            f"weight ska vara ett tal > 0, inte {weight_text!r}",
            f"weight must be a number > 0, not {weight_text!r}",
        )
    if weight is None:
        weight = Decimal(1)
        defaults["weight"] += 1
    cornerstone = reader.prop(control, "cornerstone")
    if cornerstone is None:
        defaults["cornerstone"] += 1
    evidence = []
    for item in reader.props(control, "evidence-kind"):
        kind = item.get("value")
        if kind in EVIDENCE_KINDS:
            evidence.append(kind)
        else:
            reader.problem(
                [*path, "props"],
                f"okänd evidence-kind {kind!r}; välj {', '.join(EVIDENCE_KINDS)}",
                f"unknown evidence-kind {kind!r}; choose {', '.join(EVIDENCE_KINDS)}",
            )
    requirement: dict[str, Any] = {
        "id": requirement_id,
        "level": level_id,
        "cornerstone": cornerstone,
        "modality": modality,
        "weight": weight,
        "title": reader.text(title),
        "text": reader.text(text),
        "guidance": reader.text(guidance),
    }
    if evidence:
        requirement["evidence"] = evidence
    key = reader.prop(control, "metric-key")
    if key is not None:
        operator = reader.prop(control, "metric-operator")
        target = _decimal(reader.prop(control, "metric-target"))
        if operator not in _OPERATORS or target is None:
            reader.problem(
                [*path, "props"],
                "metric-key kräver metric-operator (<=, <, >=, >, ==) och ett tal i metric-target",
                "metric-key needs metric-operator (<=, <, >=, >, ==) and a number in metric-target",
            )
        else:
            metric: dict[str, Any] = {"key": key, "op": operator, "target": target}
            unit = reader.prop(control, "metric-unit")
            if unit:
                metric["unit"] = reader.text(unit)
            requirement["metric"] = metric
    return requirement


def _scale(reader: _Reader, metadata: dict[str, Any]) -> list[dict[str, Any]] | None:
    steps = []
    for item in reader.props(metadata, "maturity-step"):
        value = _decimal(item.get("value"))
        found = item.get("remarks")
        remarks = found if isinstance(found, str) else ""
        title, _, description = from_markup(remarks).partition("\n\n")
        if value is None or value != value.to_integral_value() or not title.strip():
            reader.problem(
                ["catalog", "metadata", "props"],
                "maturity-step ska ha ett heltal som värde och en benämning i remarks",
                "maturity-step needs a whole number as value and a label in remarks",
            )
            continue
        step: dict[str, Any] = {"value": int(value), "title": reader.text(title.strip())}
        if description.strip():
            step["description"] = reader.text(description.strip())
        steps.append(step)
    return steps or None


def _bundled_scale() -> list[ScaleStep]:
    from lotscert.loading import bundled_catalog_paths, load_catalog

    return list(load_catalog(bundled_catalog_paths()[0]).scale)


def read_oscal_catalog(
    path: Path | str,
    *,
    lang: Language = "sv",
    text_lang: Language | None = None,
    catalog_id: str | None = None,
) -> OscalImport:
    """Read an OSCAL catalog into a :class:`Catalog`; every problem located, or
    :class:`InteropProblems`. ``text_lang``: the language of the document's texts (default: what
    lotscert wrote in it, else Swedish)."""
    path = Path(path)
    display = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InteropError(
                _say(
                    lang,
                    f"filen är {size} byte; högst {MAX_BYTES} läses",
                    f"the file is {size} bytes; at most {MAX_BYTES} are read",
                ),
                Location(display),
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InteropError(
            _say(lang, f"kan inte läsas ({error.strerror})", f"cannot be read ({error.strerror})"),
            Location(display),
        ) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InteropError(
            _say(lang, "filen är inte UTF-8", "the file is not UTF-8"), Location(display)
        ) from None
    except json.JSONDecodeError as error:
        raise InteropError(
            _say(lang, f"inte giltig JSON: {error.msg}", f"not valid JSON: {error.msg}"),
            Location(display, error.lineno, error.colno),
        ) from None
    except RecursionError:
        raise InteropError(
            _say(lang, "JSON nästlad för djupt", "JSON nested too deeply"), Location(display)
        ) from None
    forbidden = _forbidden_texts(data, [], lang)
    if forbidden:
        raise InteropProblems(
            [f"{display}: {line}" for line in forbidden], _summary(lang, len(forbidden))
        )
    if not isinstance(data, dict) or not isinstance(data.get("catalog"), dict):
        raise InteropError(
            _say(
                lang,
                'ingen OSCAL-katalog: filen saknar objektet "catalog" (en profil eller '
                "assessment-results kan inte läsas som katalog)",
                'not an OSCAL catalog: the file has no "catalog" object (a profile or '
                "assessment results cannot be read as a catalogue)",
            ),
            Location(display),
        )
    document: dict[str, Any] = data["catalog"]
    found_metadata = document.get("metadata")
    metadata: dict[str, Any] = found_metadata if isinstance(found_metadata, dict) else {}
    probe = _Reader(display, lang, "sv")
    written_lang = probe.prop(metadata, "language")
    chosen: Language = text_lang or ("en" if written_lang == "en" else "sv")
    reader = _Reader(display, lang, chosen)
    if text_lang is None and written_lang is None:
        reader.note(
            [],
            "filen säger inte vilket språk texterna har; de lästes som svenska (ange --text-lang "
            "en för engelska)",
            "the file does not say which language its texts are in; they were read as Swedish "
            "(give --text-lang en for English)",
        )
    for param in _params(document):
        reader.params.update(param)
    for group_index, group in enumerate(document.get("groups") or []):
        if isinstance(group, dict):
            for control, _ in _group_controls(group, ["catalog", "groups", group_index]):
                label = reader.prop(control, "label", core=True)
                if label:
                    reader.label_counts[label] = reader.label_counts.get(label, 0) + 1
    for control, _ in _controls(document.get("controls"), ["catalog", "controls"]):
        label = reader.prop(control, "label", core=True)
        if label:
            reader.label_counts[label] = reader.label_counts.get(label, 0) + 1
    defaults = dict.fromkeys(
        ("text", "guidance", "modality", "weight", "cornerstone", "withdrawn"), 0
    )
    levels: list[dict[str, Any]] = []
    requirements: list[dict[str, Any]] = []
    paths: dict[tuple[str, int], list[str | int]] = {}  # ("requirements", 3) → its JSON path
    for index, group in enumerate(document.get("groups") or []):
        if not isinstance(group, dict):
            continue
        gpath: list[str | int] = ["catalog", "groups", index]
        group_id = group.get("id") if isinstance(group.get("id"), str) else None
        level_id = reader.prop(group, "level-id") or (
            from_oscal_token(group_id) if group_id else f"level-{index + 1}"
        )
        if not _ID.match(level_id):
            level_id = ascii_slug(level_id) or f"level-{index + 1}"
        title = reader.markup(group.get("title"), [*gpath, "title"]) or level_id
        level: dict[str, Any] = {"id": level_id, "title": reader.text(title)}
        shall_na = reader.prop(group, "shall-may-be-not-applicable")
        if shall_na in ("true", "false"):
            level["shall_may_be_not_applicable"] = shall_na == "true"
        paths[("levels", len(levels))] = gpath
        levels.append(level)
        for control, cpath in _group_controls(group, gpath):
            requirement = _requirement(reader, control, cpath, level_id, defaults)
            if requirement is not None:
                paths[("requirements", len(requirements))] = cpath
                requirements.append(requirement)
    loose = list(_controls(document.get("controls"), ["catalog", "controls"]))
    if loose:
        level_id = "catalog" if all(level["id"] != "catalog" for level in levels) else "controls"
        levels.append(
            {
                "id": level_id,
                "title": reader.text(_say(chosen, "Övriga krav", "Other requirements")),
            }
        )
        reader.note(
            ["catalog", "controls"],
            f"kontroller utanför grupper lades på nivån {level_id}",
            f"controls outside groups were put on the level {level_id}",
        )
        for control, cpath in loose:
            requirement = _requirement(reader, control, cpath, level_id, defaults)
            if requirement is not None:
                paths[("requirements", len(requirements))] = cpath
                requirements.append(requirement)
    if not requirements and not reader.problems:
        reader.problem(["catalog"], "katalogen har inga kontroller", "the catalog has no controls")
    cornerstones = []
    for item in reader.props(metadata, "cornerstone"):
        value = item.get("value")
        remarks = item.get("remarks")
        if isinstance(value, str) and _ID.match(value):
            title = from_markup(remarks) if isinstance(remarks, str) and remarks.strip() else value
            cornerstones.append({"id": value, "title": reader.text(title)})
    if defaults["cornerstone"]:
        fallback = "allmant"
        if all(c["id"] != fallback for c in cornerstones):
            cornerstones.append(
                {"id": fallback, "title": reader.text(_say(chosen, "Allmänt", "General"))}
            )
        for requirement in requirements:
            if requirement["cornerstone"] is None:
                requirement["cornerstone"] = fallback
        reader.note(
            [],
            f"{defaults['cornerstone']} krav saknade hörnsten och fick {fallback}",
            f"{defaults['cornerstone']} requirements had no cornerstone and got {fallback}",
        )
    for key, sv, en in (
        ("modality", "saknade modality och fick shall (ska)", "had no modality and got shall"),
        ("weight", "saknade vikt och fick 1", "had no weight and got 1"),
        (
            "text",
            "saknade statement; rubriken blev kravtext",
            "had no statement; the title became the text",
        ),
        (
            "guidance",
            "saknade guidance; en standardtext lades in",
            "had no guidance; a placeholder was put in",
        ),
        (
            "withdrawn",
            "var återkallade (status withdrawn) och lästes inte in",
            "were withdrawn (status withdrawn) and were left out",
        ),
    ):
        if defaults[key]:
            reader.note([], f"{defaults[key]} krav {sv}", f"{defaults[key]} requirements {en}")
    scale: list[Any] | None = _scale(reader, metadata)
    if scale is None:
        scale = [step.model_dump(exclude_none=True) for step in _bundled_scale()]
        reader.note(
            [],
            "ingen mognadsskala i filen; den inbyggda katalogens skala används",
            "no maturity scale in the file; the bundled catalogue's scale is used",
        )
    reader.note(
        [],
        "OSCAL bär ingen kompetensprofil eller certifieringsparametrar: person- och "
        "täckningsregler är av tills de läggs till i katalogen",
        "OSCAL carries no competence profile or certification parameters: person and "
        "coverage rules are off until they are added to the catalogue",
    )
    title = reader.markup(metadata.get("title"), ["catalog", "metadata", "title"]) or display
    identifier = catalog_id or reader.prop(metadata, "catalog-id") or ascii_slug(title)[:60]
    identifier = identifier.strip("-._") or "oscal"
    version = metadata.get("version") if isinstance(metadata.get("version"), str) else None
    if not version or not version.strip():
        version = "1"
        reader.note(
            [], "katalogen saknar version; 1 används", "the catalog has no version; 1 is used"
        )
    basis = reader.markup(metadata.get("remarks"), ["catalog", "metadata", "remarks"])
    if not basis:
        uuid = document.get("uuid", "")
        basis = _say(
            chosen,
            f"Inläst från OSCAL-katalogen {path.name} (uuid {uuid}).",
            f"Read from the OSCAL catalog {path.name} (uuid {uuid}).",
        )
    if reader.problems:
        raise InteropProblems(reader.problems, _summary(lang, len(reader.problems)))
    candidate = {
        "id": identifier,
        "version": version.strip(),
        "title": reader.text(title),
        "basis": reader.text(basis),
        "levels": levels,
        "cornerstones": cornerstones,
        "scale": scale,
        "requirements": requirements,
    }
    try:
        catalog = Catalog.model_validate(candidate)
    except ValidationError as invalid:
        from lotscert.schemaerrors import error_words

        problems = [
            f"{display}: {'.'.join(str(p) for p in error['loc'])}: {error_words(dict(error), lang)}"
            for error in invalid.errors(include_url=False)
        ]
        raise InteropProblems(problems, _summary(lang, len(problems))) from None
    from lotscert.validation.catalog_checks import check_catalog

    errors = [d for d in check_catalog(catalog, display) if d.severity == "error"]
    if errors:
        problems = []
        for diagnostic in errors:
            where: Sequence[str | int] = ["catalog"]
            if len(diagnostic.path) >= 2 and isinstance(diagnostic.path[1], int):
                where = paths.get((str(diagnostic.path[0]), diagnostic.path[1]), where)
            problems.append(f"{display}: {_where(where)}: {diagnostic.message(lang)}")
        raise InteropProblems(problems, _summary(lang, len(problems)))
    return OscalImport(catalog, reader.notes)


def _params(document: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Each parameter's label (or its values), to fill ``{{ insert: param, id }}`` in prose."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for param in node.get("params") or []:
                if isinstance(param, dict) and isinstance(param.get("id"), str):
                    values = param.get("values")
                    label = param.get("label")
                    if isinstance(values, list) and values:
                        text = ", ".join(str(v) for v in values)
                    elif isinstance(label, str):
                        text = f"[{label}]"
                    else:
                        text = f"[{param['id']}]"
                    yield {param["id"]: text}
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))


def _summary(lang: Language, count: int) -> str:
    return _say(
        lang,
        f"{count} fel i OSCAL-katalogen; inget skrevs",
        f"{count} {'problem' if count == 1 else 'problems'} in the OSCAL catalog; nothing was "
        "written",
    )


def _note_same_ref(imported: OscalImport, out: Path, lang: Language) -> None:
    """Say so when a catalogue lotscert already sees has the same id and version: assessments
    name their catalogue by ``id@version``, so the two could be mistaken for each other."""
    from lotscert.errors import LotscertError
    from lotscert.loading import available_catalogs

    try:
        entries = available_catalogs()
    except LotscertError:
        return
    ref = imported.catalog.ref
    for entry in entries:
        if entry.catalog.ref == ref and entry.path.resolve() != out.resolve():
            imported.notes.append(
                _say(
                    lang,
                    f"katalogen {ref} finns redan ({entry.path}); ge den inlästa ett eget id "
                    "(--id) eller en egen version, så att bedömningarna vet vilken de gäller",
                    f"catalogue {ref} already exists ({entry.path}); give the imported one its "
                    "own id (--id) or version, so that assessments say which one they mean",
                )
            )
            return


def import_oscal_catalog(
    path: Path | str,
    out: Path | str,
    *,
    lang: Language = "sv",
    text_lang: Language | None = None,
    catalog_id: str | None = None,
    force: bool = False,
) -> OscalImport:
    """Read an OSCAL catalog and write it as a lotscert catalogue YAML file at ``out``."""
    from lotscert.interop.catalogyaml import write_catalog

    path, out = Path(path), Path(out)
    if out.exists() and path.exists() and out.resolve() == path.resolve():
        raise InteropError(
            _say(
                lang, "får inte skriva över filen som läses", "must not overwrite the file it reads"
            ),
            Location(str(out)),
        )
    imported = read_oscal_catalog(path, lang=lang, text_lang=text_lang, catalog_id=catalog_id)
    header = [
        _say(
            lang,
            f"Inläst från OSCAL-katalogen {path.name} med lotscert.",
            f"Read from the OSCAL catalog {path.name} by lotscert.",
        ),
        *[note.split(": ", 1)[-1] for note in imported.notes],
    ]
    imported.written = write_catalog(imported.catalog, out, header=header, force=force, lang=lang)
    _note_same_ref(imported, out, lang)
    return imported
