"""``lotscert redact``: no name of a person or an assessor survives anywhere in the copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from lotscert.cli.app import build_app
from lotscert.loading import load_assessment
from lotscert.models.assessment import Assessment
from lotscert.redact import declared_names, redact_assessment

CONTRACT = Path(__file__).parent / "fixtures" / "contract"
CATALOG = Path(__file__).parent / "data" / "invalid" / "_support" / "catalog.yaml"

#: Names spread through every free-text field, in several spellings.
HOSTILE_EXTRAS = {
    "Anna Andersson": "anna andersson",
    "Bo Berg": "Bos",
    "Cecilia Ek": "CECILIA",
}


def _named_assessment(tmp_path: Path) -> Path:
    text = (CONTRACT / "assessment-minimal.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'comment: "Kontaktperson utses bara i större ärenden."',
        'comment: "Enligt anna andersson och Bos chef utses kontaktperson bara ibland; '
        'CECILIA Ek håller med."',
    )
    text = text.replace(
        'owner: "Kommundirektören"', 'owner: "Kommundirektören (Anna Anderssons ersättare)"'
    )
    text = text.replace(
        'ref: "Intervju med kommundirektören"', 'ref: "Intervju med Bo Berg och Cecilia Ek"'
    )
    text = text.replace(
        'role: "Bygglovshandläggare"', 'role: "Bygglovshandläggare, Åsa Öberg-Lind"'
    )
    text = text.replace(
        '{name: "Anna Andersson", role: "Näringslivsutvecklare", organisation: "Exempelby kommun"}',
        '{name: "Anna Andersson", role: "Näringslivsutvecklare", organisation: "Exempelby kommun"}'
        '\n  - {name: "Åsa Öberg-Lind", organisation: "Anna Anderssons konsultbyrå"}',
    )
    text = text.replace(
        'source: "Ärendesystemet"', 'source: "Ärendesystemet, uttag av Åsa Öberg-Lind"'
    )
    path = tmp_path / "2026-self_assessment.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> Result:
    return CliRunner().invoke(build_app("sv"), list(args))


def _parts(name: str) -> set[str]:
    words = set(name.split())
    for word in list(words):
        words.update(word.split("-"))
    return {word for word in words if len(word) >= 2}


def _assert_no_name_survives(names: list[str], output: bytes, *, substring: bool = True) -> None:
    """No name as a substring of the bytes (when ``substring``), and no part of one as a word."""
    lowered = output.decode("utf-8").lower()
    for name in names:
        if substring:
            assert name.lower().encode("utf-8") not in output.lower(), name
        for part in _parts(name):
            found = re.search(rf"(?<!\w){re.escape(part.lower())}(?!\w)", lowered)
            assert found is None, (
                f"{part!r} of {name!r} survives: …{lowered[found.start() - 30 : found.end() + 30]}…"
            )


def test_no_name_survives_anywhere_in_the_output(tmp_path: Path) -> None:
    source = _named_assessment(tmp_path)
    names = declared_names(load_assessment(source))
    assert set(names) == {"Bo Berg", "Cecilia Ek", "Anna Andersson", "Åsa Öberg-Lind"}
    original = source.read_bytes()
    for name in names:
        assert name.encode() in original or name.lower().encode() in original.lower()
    out = tmp_path / "nationell" / "9901.yaml"
    result = _run("redact", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    written = out.read_bytes()
    _assert_no_name_survives(names, written)
    assert source.read_bytes() == original  # the original is untouched


def test_the_copy_keeps_everything_but_the_names(tmp_path: Path) -> None:
    source = _named_assessment(tmp_path)
    out = tmp_path / "copy.yaml"
    assert _run("redact", str(source), "--out", str(out)).exit_code == 0
    before, after = load_assessment(source), load_assessment(out)
    assert [p.id for p in after.persons] == [p.id for p in before.persons]
    assert all(p.name is None for p in after.persons)
    assert [a.name for a in after.assessors] == ["bedömare 1", "bedömare 2"]
    assert after.responses.keys() == before.responses.keys()
    for rid, response in before.responses.items():
        assert after.responses[rid].status == response.status
        assert after.responses[rid].maturity == response.maturity
    assert after.metrics == before.metrics.__class__(
        {
            key: metric.model_copy(update={"source": "Ärendesystemet, uttag av bedömare 2"})
            for key, metric in before.metrics.items()
        }
    )
    assert "Intervju med lots-01 och lots-02" in out.read_text(encoding="utf-8")
    assert after.municipality == before.municipality
    check = _run("validate", "--catalog", str(CATALOG), str(out))
    assert check.exit_code == 0, check.output


def test_english_pseudonyms(tmp_path: Path) -> None:
    source = _named_assessment(tmp_path)
    out = tmp_path / "copy.yaml"
    result = CliRunner().invoke(
        build_app("en"), ["redact", str(source), "--out", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert [a.name for a in load_assessment(out).assessors] == ["assessor 1", "assessor 2"]


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    source = _named_assessment(tmp_path)
    out = tmp_path / "copy.yaml"
    out.write_text("gammal\n", encoding="utf-8")
    result = _run("redact", str(source), "--out", str(out))
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"lotscert: fel: {out} finns redan; ange --force för att skriva över den"
    )
    assert out.read_text(encoding="utf-8") == "gammal\n"
    assert _run("redact", str(source), "--out", str(out), "--force").exit_code == 0
    assert "gammal" not in out.read_text(encoding="utf-8")


def test_never_overwrites_the_original(tmp_path: Path) -> None:
    source = _named_assessment(tmp_path)
    original = source.read_bytes()
    result = _run("redact", str(source), "--out", str(source), "--force")
    assert result.exit_code == 2
    assert "får inte skriva över originalet" in result.output
    assert source.read_bytes() == original


def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("catalog: exempel-mini@1.0\nperiod: [\n", encoding="utf-8")
    out = tmp_path / "copy.yaml"
    result = _run("redact", str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"lotscert: {bad}:3:1: fel: YAML-syntaxfel: ")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]
    missing = _run("redact", str(tmp_path / "nej.yaml"), "--out", str(out))
    assert missing.exit_code == 2


_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉ"
_word = st.text(alphabet=_LETTERS, min_size=2, max_size=10)
_name = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    person_names=st.lists(_name, min_size=1, max_size=3),
    assessor_names=st.lists(_name, min_size=1, max_size=2),
    filler=st.lists(_word, max_size=4),
)
def test_property_no_declared_name_survives(
    person_names: list[str], assessor_names: list[str], filler: list[str]
) -> None:
    names = person_names + assessor_names
    protected = {"lots", "bedömare", "och"}
    if any(part.lower() in protected for name in names for part in _parts(name)):
        return  # a name that is also an id or the pseudonym word cannot vanish from the copy
    mention = " ".join(filler + [f"{name} och {name.upper()}s" for name in names])
    data = {
        "catalog": "exempel-mini@1.0",
        "municipality": {"code": "9901", "name": "Exempelby"},
        "period": 2026,
        "kind": "self_assessment",
        "date": "2026-03-15",
        "assessors": [{"name": name, "role": mention} for name in assessor_names],
        "responses": {
            "L1": {
                "status": "partial",
                "maturity": 2,
                "comment": mention,
                "evidence": [{"kind": "interview", "ref": mention, "note": mention}],
                "action": {"text": mention, "owner": names[0]},
            }
        },
        "persons": [
            {"id": f"p{i}", "name": name, "role": mention} for i, name in enumerate(person_names)
        ],
        "metrics": {"nki": {"value": 70, "source": mention}},
    }
    redacted = redact_assessment(Assessment.model_validate(data))
    values = _strings(redacted.model_dump(mode="json", exclude_none=True))
    _assert_no_name_survives(names, "\n".join(values).encode("utf-8"), substring=False)


#: Structural fields whose values are codes, not text (a name equal to ``interview`` is no leak).
_CODES = {"catalog", "municipality", "kind", "status", "id", "date", "department"}


def _strings(value: object) -> list[str]:
    """Every free-text value in dumped data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in _CODES for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_redact_has_help(lang: str) -> None:
    result = CliRunner().invoke(build_app(lang), ["redact", "--help"])  # type: ignore[arg-type]
    assert result.exit_code == 0
    assert "--out" in result.output
