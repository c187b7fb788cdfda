"""Hostile YAML: alias bombs, code-running tags, huge files and deep nesting are refused with a
located one-line message, quickly and with bounded memory, and nothing in them ever runs."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lotscert.cli.app import build_app
from lotscert.yamlsource import DEFAULT_MAX_BYTES, MAX_DEPTH, MAX_EXPANDED_NODES, read_source

CORPUS = Path(__file__).parent / "data" / "invalid"
CATALOG = CORPUS / "_support" / "catalog.yaml"

BASE = """catalog: exempel-mini@1.0
municipality: {code: "9901", name: "Exempelby"}
period: 2026
kind: self_assessment
date: 2026-03-15
responses:
  L1: {status: not_assessed}
  L2: {status: not_assessed}
  P1: {status: not_assessed}
  P2: {status: not_assessed}
  P3: {status: not_assessed}
  K1: {status: not_assessed}
"""


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(build_app("sv"), list(args))


def _one_error_line(result: Result) -> str:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if ": fel: " in line]
    assert len(errors) == 1, lines
    return errors[0]


def _billion_laughs(levels: int, width: int = 10) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\ncatalog: exempel-mini@1.0\n"


@pytest.mark.parametrize("levels", [9, 12])
def test_billion_laughs_is_refused_quickly_with_bounded_memory(tmp_path: Path, levels: int) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_billion_laughs(levels), encoding="utf-8")  # 10**levels values expanded
    tracemalloc.start()
    try:
        source, problems = read_source(bomb, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source is None
    assert [p.code for p in problems] == ["yaml.alias_bomb"]
    assert problems[0].line is not None
    assert peak < 32 * 1024 * 1024, f"peak {peak} bytes"


def test_wide_alias_fan_out_is_refused(tmp_path: Path) -> None:
    """One big anchor referenced many times: quadratic, not exponential, and still refused."""
    anchor = "big: &big [" + ", ".join(str(n) for n in range(5000)) + "]\n"
    fan = "fan: [" + ", ".join(["*big"] * 500) + "]\n"
    bomb = tmp_path / "fan.yaml"
    bomb.write_text(anchor + fan, encoding="utf-8")
    assert MAX_EXPANDED_NODES < 5000 * 500
    line = _one_error_line(_run("validate", str(bomb)))
    assert "YAML-alias (&/*) blåser upp filen" in line


def test_alias_bomb_is_refused_by_score_and_report_too(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_billion_laughs(9), encoding="utf-8")
    for args in (
        ["score", "--catalog", str(CATALOG), str(bomb)],
        ["report", "gap", "--catalog", str(CATALOG), "--out", str(tmp_path / "r"), str(bomb)],
    ):
        assert "blåser upp filen" in _one_error_line(_run(*args))
    assert not (tmp_path / "r").exists()


def test_modest_aliases_are_still_allowed(tmp_path: Path) -> None:
    text = BASE.replace("  L1: {status: not_assessed}", "  L1: &na {status: not_assessed}")
    text = text.replace("  L2: {status: not_assessed}", "  L2: *na")
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    result = _run("validate", "--catalog", str(CATALOG), str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/tuple",
        "!include",
    ],
)
def test_code_running_tags_are_refused_and_nothing_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    text = BASE.replace("period: 2026", f'period: {tag} ["touch {marker}"]')
    Path("hostile.yaml").write_text(text, encoding="utf-8")
    line = _one_error_line(_run("validate", "--catalog", str(CATALOG), "hostile.yaml"))
    assert line.startswith("hostile.yaml:3:9: fel: YAML-taggen ")
    assert "stöds inte" in line
    assert not marker.exists()


def test_size_limit_is_configurable_and_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("a.yaml")
    path.write_text(BASE, encoding="utf-8")
    size = path.stat().st_size
    at_limit = _run(
        "validate", "--catalog", str(CATALOG), "a.yaml", env={"LOTSCERT_MAX_FILE_BYTES": str(size)}
    )
    assert at_limit.exit_code == 0, at_limit.output
    over = _run(
        "validate",
        "--catalog",
        str(CATALOG),
        "a.yaml",
        env={"LOTSCERT_MAX_FILE_BYTES": str(size - 1)},
    )
    assert _one_error_line(over) == (
        f"a.yaml: fel: filen är {size} byte, större än gränsen {size - 1} byte "
        "(ändra med LOTSCERT_MAX_FILE_BYTES)"
    )
    nonsense = _run(
        "validate", "--catalog", str(CATALOG), "a.yaml", env={"LOTSCERT_MAX_FILE_BYTES": "många"}
    )
    assert nonsense.exit_code == 0  # an unreadable setting falls back to the default


def test_oversize_file_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the limit is refused from its size alone: a sparse 3 GB file costs nothing."""
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    tracemalloc.start()
    try:
        source, problems = read_source(huge, "huge.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source is None
    assert [p.code for p in problems] == ["file.too_large"]
    assert peak < 1024 * 1024


def test_default_size_limit_is_generous_for_national_data() -> None:
    # 290 municipalities × a large assessment (~40 kB) must fit in one file.
    assert DEFAULT_MAX_BYTES >= 290 * 40_000
    assert os.environ.get("LOTSCERT_MAX_FILE_BYTES") is None


def _nested_flow(depth: int) -> str:
    return BASE + "metrics: " + "[" * depth + "]" * depth + "\n"


def test_nesting_at_the_limit_is_parsed_and_one_deeper_is_refused(tmp_path: Path) -> None:
    # The document itself is one level; metrics adds the rest.
    ok = tmp_path / "ok.yaml"
    ok.write_text(_nested_flow(MAX_DEPTH - 1), encoding="utf-8")
    _, problems = read_source(ok, "ok.yaml")
    assert "yaml.too_deep" not in [p.code for p in problems]
    deep = tmp_path / "deep.yaml"
    deep.write_text(_nested_flow(MAX_DEPTH), encoding="utf-8")
    _, problems = read_source(deep, "deep.yaml")
    assert [p.code for p in problems] == ["yaml.too_deep"]
    assert (problems[0].line, problems[0].column) == (13, 10 + MAX_DEPTH - 1)


@pytest.mark.parametrize("style", ["flow", "block", "mapping"])
def test_very_deep_nesting_is_a_message_not_a_crash(tmp_path: Path, style: str) -> None:
    """200 000 levels used to crash the C composer (a segmentation fault, not even a traceback);
    run in a child process so that a regression fails this test instead of the whole run."""
    depth = 200_000
    if style == "flow":
        text = "x: " + "[" * depth + "]" * depth + "\n"
    elif style == "mapping":
        text = "x: " + "{a: " * depth + "1" + "}" * depth + "\n"
    else:
        text = "x:\n" + "".join(" " * level + "-\n" for level in range(1, 3000))
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "lotscert", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "LOTSCERT_LANG": "sv"},
    )
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "RecursionError" not in completed.stdout + completed.stderr
    assert f"fel: filen är nästlad djupare än {MAX_DEPTH} nivåer och avvisas" in completed.stdout


@pytest.mark.parametrize("kind", ["device", "named pipe"])
def test_a_device_or_a_named_pipe_is_refused_without_reading(tmp_path: Path, kind: str) -> None:
    """/dev/zero never ends and a named pipe blocks: both used to hang or exhaust memory."""
    if kind == "device":
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("no /dev/zero here")
    else:
        path = tmp_path / "ror.yaml"
        os.mkfifo(path)
    completed = subprocess.run(
        [sys.executable, "-m", "lotscert", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "LOTSCERT_LANG": "sv"},
    )
    assert completed.returncode == 2
    assert completed.stdout.splitlines() == [
        f"{path}: fel: är inte en vanlig fil (en enhet eller ett namngivet rör); ange en YAML-fil"
    ]


def test_a_file_name_with_a_newline_still_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("tr\nasig.yaml").write_text("x: [\n", encoding="utf-8")
    line = _one_error_line(_run("validate", "tr\nasig.yaml"))
    assert line.startswith("tr\\nasig.yaml:2:1: fel: YAML-syntaxfel: ")


class _LibyamlWithLowLimit:
    """Stands in for a libyaml that stops nesting itself (0.2.6 and later, with a lower limit):
    every parse raises its own English error before the first event, as 0.2.6 does for a flow
    collection nested past its limit."""

    def __init__(self, text: str) -> None:
        import yaml

        mark = yaml.Mark("<unicode string>", 3, 0, 3, None, None)
        self.error = yaml.MarkedYAMLError(
            "while increasing flow level", mark, "exceeded maximum nesting depth", mark
        )

    def dispose(self) -> None:
        pass

    def __getattr__(self, name: str) -> object:
        def refuse(*_args: object) -> object:
            raise self.error

        return refuse


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_a_parser_that_refuses_nesting_itself_still_gives_lotscerts_own_located_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, depth: int
) -> None:
    """Whatever libyaml is installed, deep nesting is refused in lotscert's words (Swedish or
    English), at the place where lotscert's own limit is passed — never the library's English."""
    import lotscert.yamlsource as yamlsource

    monkeypatch.setattr(yamlsource, "_BaseLoader", _LibyamlWithLowLimit)
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    _, problems = read_source(path, "deep.yaml")
    assert [p.code for p in problems] == ["yaml.too_deep"]
    assert (problems[0].line, problems[0].column) == (1, 3 + MAX_DEPTH)
    assert "nesting depth" not in problems[0].sv + problems[0].en


def test_the_loaders_own_nesting_error_is_translated_too(tmp_path: Path) -> None:
    """If the full loader (not the depth scan) is the one that meets libyaml's limit, the
    message is still lotscert's own."""
    import yaml

    from lotscert.yamlsource import _load_problem

    mark = yaml.Mark("<unicode string>", 0, 0, 1003, None, None)
    error = yaml.MarkedYAMLError(
        "while increasing flow level", mark, "exceeded maximum nesting depth", mark
    )
    text = "x: " + "[" * 2000 + "]" * 2000 + "\n"
    problem = _load_problem("deep.yaml", text, error)
    assert problem is not None
    assert problem.code == "yaml.too_deep"
    assert (problem.line, problem.column) == (1, 3 + MAX_DEPTH)


@pytest.mark.parametrize(
    "text",
    [
        "x: &a [*a]\n",
        "x: &a {self: *a}\n",
        "catalog: exempel-mini@1.0\nmetrics: &a {m: {value: 1, source: *a}}\n",
        "x: &a [[1, [2, *a]]]\n",
    ],
)
def test_an_alias_inside_its_own_anchor_is_refused_not_endless(tmp_path: Path, text: str) -> None:
    """``x: &a [*a]`` made the alias count loop for ever, its memory growing, in every
    command that reads YAML."""
    path = tmp_path / "cycle.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = read_source(path, "cycle.yaml")
    assert source is None
    assert [p.code for p in problems] == ["yaml.alias_cycle"]
    assert problems[0].line is not None
    line = _one_error_line(_run("validate", str(path)))
    assert "står inuti samlingen det pekar på" in line
