"""The benchmark of issue 7: each case timed as a whole command, against its floor.

    make bench                      # or: python bench/run.py
    python bench/run.py --reps 5    # more repetitions
    python bench/run.py --only startup,validate

Every command runs as a subprocess, several times (interleaved with its floor so that both see
the same machine load); the table shows the median wall time, the floor's, their ratio and the
peak memory (max RSS). Seconds depend on the machine and its load; the ratios are what to
compare from run to run. The figures are also written to ``bench/results.json``.

The data set (``bench/data``) is generated when missing (see ``bench/generate.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py beside this file)

from lotscert.atomic import write_text_atomic  # noqa: E402

DATA = HERE / "data"
RESULTS = HERE / "results.json"
CASES = ("startup", "validate", "score", "national", "excel", "scaling", "hostile")

FLOOR_IMPORT_TYPER = "import typer"
#: Parsing the same files with PyYAML's C loader alone, in one process.
FLOOR_YAML = """
import pathlib, sys, yaml
count = 0
for folder in sys.argv[1:]:
    for path in sorted(pathlib.Path(folder).rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += 1
print(count)
"""
#: Writing the same cells with openpyxl's write-only mode (cells from a pickle).
FLOOR_XLSX_WRITE = """
import pickle, sys
from openpyxl import Workbook
sheets = pickle.loads(open(sys.argv[1], "rb").read())
book = Workbook(write_only=True)
for title, rows in sheets:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
book.save(sys.argv[2])
"""
#: Reading every cell with openpyxl's read-only mode.
FLOOR_XLSX_READ = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
cells = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
book.close()
print(cells)
"""

#: What a department import cannot do without: read its workbook (as above) and the
#: assessment it goes into (PyYAML's C loader), in one process.
FLOOR_DEPARTMENT_READ = FLOOR_XLSX_READ.replace(
    "print(cells)",
    "import yaml\n"
    "with open(sys.argv[2], encoding='utf-8') as handle:\n"
    "    yaml.load(handle.read(), Loader=yaml.CSafeLoader)\n"
    "print(cells)",
)

#: Loading a list of modules (one name per line, in the file named) and doing nothing else.
FLOOR_MODULES = """
import importlib, sys
for name in open(sys.argv[1], encoding="utf-8").read().split():
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


@dataclass
class Run:
    """One execution of a command."""

    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    returncode: int
    stderr: str


@dataclass
class Measured:
    """Repeated runs of one command."""

    label: str
    argv: list[str]
    stdout: Path | None = None
    runs: list[Run] = field(default_factory=list)
    available: bool = True
    failed: bool = False
    note: str = ""
    expect_exit: int = 0  # hostile input is meant to be refused (exit 2)

    def unavailable(self, note: str = "not available") -> None:
        self.available, self.note = False, note

    @property
    def ok(self) -> bool:
        return self.available and not self.failed and bool(self.runs)

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(r.cpu_seconds for r in self.runs) if self.ok else None

    @property
    def max_rss_mb(self) -> float | None:
        return max(r.max_rss_mb for r in self.runs) if self.ok else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "command": " ".join(self.argv),
            "available": self.available,
            "ok": self.ok,
            "note": self.note,
            "median_seconds": self.median,
            "min_seconds": min(r.seconds for r in self.runs) if self.ok else None,
            "median_cpu_seconds": self.cpu_median,
            "max_rss_mb": self.max_rss_mb,
            "seconds": [round(r.seconds, 4) for r in self.runs],
        }


def environment() -> dict[str, str]:
    """The environment of the timed commands: as a user's shell would have it.

    Byte-code caching is left on (a sandbox may switch it off with PYTHONDONTWRITEBYTECODE,
    which would make every start-up compile lotscert's modules again), and no progress bar.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["LOTSCERT_PROGRESS"] = "0"
    env.setdefault("LOTSCERT_LANG", "sv")
    return env


def execute(argv: Sequence[str], stdout: Path | None = None) -> Run:
    """Run once; wall time, CPU time and peak RSS of the command (and the children it waited
    for, e.g. worker processes). ``stdout``: a file to write the output to."""
    with tempfile.TemporaryFile() as errors, contextlib.ExitStack() as stack:
        output = stack.enter_context(stdout.open("wb")) if stdout else subprocess.DEVNULL
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            stdout=output,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            env=environment(),
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        returncode=process.returncode,
        stderr=text[-2000:],
    )


def lotscert_command() -> list[str]:
    script = Path(sys.executable).parent / "lotscert"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lotscert"]


def available(*words: str) -> bool:
    """Whether ``lotscert WORDS --help`` works (a command being written may not exist yet)."""
    run = execute([*lotscert_command(), *words, "--help"])
    return run.returncode == 0


def measure(group: Sequence[Measured], reps: int, before: Callable[[], None] | None = None) -> None:
    """Warm up once, then run every command of ``group`` ``reps`` times, interleaved."""
    for rep in range(reps + 1):
        for measured in group:
            if not measured.available or measured.failed:
                continue
            if before is not None:
                before()
            run = execute(measured.argv, measured.stdout)
            if run.returncode != measured.expect_exit:
                last = (run.stderr.strip().splitlines() or [""])[-1]
                measured.failed, measured.note = True, f"failed (exit {run.returncode}): {last}"
                print(f"\n{measured.label}: {measured.note}", file=sys.stderr)
            elif rep > 0:  # the first round warms caches and writes byte-code
                measured.runs.append(run)
        print(".", end="", file=sys.stderr, flush=True)


# --- the cases ------------------------------------------------------------------------------


@dataclass
class Row:
    """A line of the result table: a command against its floor."""

    case: str
    subject: Measured
    floor: Measured | None
    target: str
    limit: float | None  # the ratio the target allows (None: only reported)
    faster_than_floor: bool = False  # the target is "faster than the floor" (ratio < 1)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.subject.median is None or self.floor.median is None:
            return None
        return self.subject.median / self.floor.median

    @property
    def cpu_ratio(self) -> float | None:
        """User + system CPU time of the command (and its workers) over the floor's: steadier
        than wall time on a busy machine, but not what a user waits for."""
        if self.floor is None or self.subject.cpu_median is None or not self.floor.cpu_median:
            return None
        return self.subject.cpu_median / self.floor.cpu_median

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        if ratio is None or self.limit is None:
            return None
        return ratio < self.limit if self.faster_than_floor else ratio <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "subject": self.subject.as_dict(),
            "floor": self.floor.as_dict() if self.floor else None,
            "ratio": round(self.ratio, 3) if self.ratio is not None else None,
            "cpu_ratio": round(self.cpu_ratio, 3) if self.cpu_ratio is not None else None,
            "target": self.target,
            "met": self.met,
        }


def national_folders(data: Path) -> list[Path]:
    return sorted(p for p in (data / "national").iterdir() if p.is_dir())


def latest_files(folders: Sequence[Path]) -> list[Path]:
    """The latest year's assessment of each municipality."""
    latest = []
    for folder in folders:
        files = sorted(folder.glob("*.yaml"))
        if files:
            latest.append(files[-1])
    return latest


def case_startup(reps: int) -> list[Row]:
    lotscert = lotscert_command()
    floor = Measured("python -c 'import typer'", [sys.executable, "-c", FLOOR_IMPORT_TYPER])
    help_ = Measured("lotscert --help", [*lotscert, "--help"])
    version = Measured("lotscert --version", [*lotscert, "--version"])
    measure([floor, help_, version], reps)
    return [
        Row("1 start-up", help_, floor, "≤ 1.3×", 1.3),
        Row("1 start-up", version, floor, "≤ 1.3×", 1.3),
    ]


def yaml_floor(folders: Sequence[Path], label: str) -> Measured:
    return Measured(label, [sys.executable, "-c", FLOOR_YAML, *map(str, folders)])


def case_validate(data: Path, reps: int) -> list[Row]:
    lotscert = lotscert_command()
    national = data / "national"
    floor = yaml_floor([national], "PyYAML CSafeLoader, 1 process")
    one = Measured("lotscert validate --jobs 1", [*lotscert, "validate", str(national), "-j", "1"])
    two = Measured("lotscert validate --jobs 2", [*lotscert, "validate", str(national), "-j", "2"])
    if not available("validate"):
        one.unavailable()
        two.unavailable()
    measure([floor, one, two], reps)
    return [
        Row("2 validate", one, floor, "≤ 1.5×", 1.5),
        Row("2 validate", two, floor, "< 1× (faster)", 1.0, faster_than_floor=True),
    ]


def case_score(data: Path, reps: int, work: Path) -> list[Row]:
    lotscert = lotscert_command()
    national = data / "national"
    # the validate floor again, interleaved with these commands (the machine's load drifts)
    floor = yaml_floor([national], "PyYAML CSafeLoader, 1 process")
    count = sum(1 for _ in national.rglob("*.yaml"))
    scores = [
        Measured(
            f"lotscert score --jobs {jobs} ({count} files, JSON > file)",
            [*lotscert, "score", str(national), "--format", "json", "-j", str(jobs)],
            stdout=work / "scores.json",
        )
        for jobs in (1, 2)
    ]
    latest = latest_files(national_folders(data))
    compares = [
        Measured(
            f"lotscert report compare --jobs {jobs} ({len(latest)} latest, HTML)",
            [
                *lotscert,
                "report",
                "compare",
                *map(str, latest),
                "--format",
                "html",
                "--out",
                str(work / "compare"),
                "-j",
                str(jobs),
            ],
        )
        for jobs in (1, 2)
    ]
    if not available("score"):
        for measured in scores:
            measured.unavailable()
    if not available("report", "compare"):
        for measured in compares:
            measured.unavailable()
    measure([floor, *scores, *compares], reps)
    target = "< 3× validate floor"
    return [Row("3 score", m, floor, target, 3.0) for m in scores] + [
        Row("3 compare", m, floor, target, 3.0) for m in compares
    ]


def case_national(data: Path, reps: int, work: Path) -> list[Row]:
    """Issue 17: the national report of the 290 latest assessments against today's comparison
    of the same files (both HTML, one process), and the national report of the whole set (all
    years, the latest picked by the report) against the same floor, for information."""
    lotscert = lotscert_command()
    latest = latest_files(national_folders(data))

    def report(kind: str, label: str, inputs: Sequence[Path]) -> Measured:
        return Measured(
            label,
            [
                *lotscert,
                "report",
                kind,
                *map(str, inputs),
                "--format",
                "html",
                "--out",
                str(work / kind),
                "-j",
                "1",
            ],
        )

    compare = report("compare", f"lotscert report compare ({len(latest)} latest, HTML)", latest)
    national = report("national", f"lotscert report national ({len(latest)} latest, HTML)", latest)
    whole = report("national", "lotscert report national (every year, HTML)", [data / "national"])
    if not available("report", "national"):
        national.unavailable()
        whole.unavailable()
    measure([compare, national, whole], reps)
    return [
        Row("7 national", national, compare, "< 5× compare", 5.0, faster_than_floor=True),
        Row("7 national", whole, compare, "—", None),
    ]


def _largest(data: Path) -> Path:
    candidates = sorted((data / "extreme").rglob("*.yaml")) or sorted(data.rglob("*.yaml"))
    return max(candidates, key=lambda p: p.stat().st_size)


def _cells(book_path: Path, pickle_path: Path) -> None:
    """Every sheet's cell values of the exported workbook, for the write floor."""
    import pickle

    from openpyxl import load_workbook

    book = load_workbook(book_path, read_only=True, data_only=True)
    sheets = [
        (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in book.worksheets
    ]
    book.close()
    pickle_path.write_bytes(pickle.dumps(sheets))


def case_excel(data: Path, reps: int, work: Path) -> list[Row]:
    lotscert = lotscert_command()
    source = _largest(data)
    book = work / "largest.xlsx"
    export = Measured(
        f"lotscert export xlsx ({source.parent.name}, {source.stat().st_size // 1024} KiB)",
        [*lotscert, "export", "xlsx", str(source), "--out", str(book), "--force"],
    )
    into = work / "largest-import.yaml"
    importing = Measured(
        "lotscert import xlsx (same workbook)",
        [*lotscert, "import", "xlsx", str(book), "--into", str(into)],
    )
    if not available("export", "xlsx"):
        export.unavailable()
    if not available("import", "xlsx"):
        importing.unavailable()
    first = execute(export.argv) if export.available else None
    if first is None or first.returncode != 0:
        if first is not None:
            export.failed, export.note = True, f"failed: {first.stderr.strip()[-200:]}"
        if importing.available:
            importing.unavailable("no workbook to read")
        return [
            Row("4 export xlsx", export, None, "≤ 2×", 2.0),
            Row("4 import xlsx", importing, None, "≤ 2×", 2.0),
        ]
    rows: list[Row] = []
    cells = work / "cells.pickle"
    _cells(book, cells)
    write_floor = Measured(
        "openpyxl write-only, same cells",
        [sys.executable, "-c", FLOOR_XLSX_WRITE, str(cells), str(work / "floor.xlsx")],
    )
    read_floor = Measured(
        "openpyxl read-only, same workbook", [sys.executable, "-c", FLOOR_XLSX_READ, str(book)]
    )
    measure([write_floor, export], reps)
    rows.append(Row("4 export xlsx", export, write_floor, "≤ 2×", 2.0))

    def fresh_target() -> None:
        shutil.copyfile(source, into)
        for stale in into.parent.glob(into.name + "*.bak"):
            stale.unlink()

    measure([read_floor, importing], reps, before=fresh_target)
    rows.append(Row("4 import xlsx", importing, read_floor, "≤ 2×", 2.0))
    rows += _department_import(source, into, work, reps, fresh_target)
    return rows


def _department_import(
    source: Path, into: Path, work: Path, reps: int, fresh_target: Callable[[], None]
) -> list[Row]:
    """One department's workbook (its persons only, one answer changed) merged three-way into
    the 2 000-person file, against reading that workbook with openpyxl."""
    lotscert = lotscert_command()
    book = work / "department.xlsx"
    first = _first_department(source)
    importing = Measured(
        f"lotscert import xlsx (department {first}'s workbook)",
        [*lotscert, "import", "xlsx", str(book), "--into", str(into)],
    )
    # Exported from the file it goes back into, as a development office does: the export
    # writes the round's record beside it, which every timed import starts from again.
    record = into.with_name(into.stem + ".round.json")
    fresh_target()
    record.unlink(missing_ok=True)
    made = execute([*lotscert, "export", "xlsx", str(into), "--department", first,
                    "--out", str(book), "--force"])  # fmt: skip
    if made.returncode != 0 or not record.is_file():
        importing.unavailable(f"no department workbook: {made.stderr.strip()[-200:]}")
        return [Row("4 import xlsx (department)", importing, None, "≤ 2×", 2.0)]
    exported = record.read_bytes()
    _answer_one(book)
    floor = Measured(
        "openpyxl read-only, same workbook", [sys.executable, "-c", FLOOR_XLSX_READ, str(book)]
    )
    # For information: the two files the import has to read, read by the libraries alone.
    both = Measured(
        "openpyxl read-only of the workbook + PyYAML CSafeLoader of the file",
        [sys.executable, "-c", FLOOR_DEPARTMENT_READ, str(book), str(source)],
    )

    def fresh() -> None:
        fresh_target()
        record.write_bytes(exported)  # the record as the export left it

    # For information: what the import costs before it does anything — Python loading the
    # modules the command loads (lotscert's, pydantic's, Typer's, openpyxl's...), nothing run.
    fresh()
    modules = work / "department-import-modules.txt"
    loading = Measured(
        "python loading the modules the import loads, nothing run",
        [sys.executable, "-c", FLOOR_MODULES, str(modules)],
    )
    if not _modules_loaded(importing.argv, modules):
        loading.unavailable("the import failed")
    measure([floor, both, loading, importing], reps, before=fresh)
    return [
        Row("4 import xlsx (department)", importing, floor, "≤ 2×", 2.0),
        Row("4 import xlsx (department)", importing, both, "—", None),
        Row("4 import xlsx (department)", loading, floor, "—", None),
    ]


def _modules_loaded(argv: list[str], out: Path) -> bool:
    """Write the names of the modules ``argv`` (a lotscert command) loads, in the order they
    finished loading (``python -X importtime``), to ``out``; False when the command fails."""
    words = argv[len(lotscert_command()) :]
    command = [sys.executable, "-X", "importtime", "-m", "lotscert", *words]
    done = subprocess.run(command, capture_output=True, text=True, env=environment(), check=False)
    if done.returncode != 0:
        return False
    names = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name and not name.startswith("__main__") and not name.startswith("encodings"):
                names.append(name)
    write_text_atomic(out, "\n".join(dict.fromkeys(names)) + "\n")
    return True


def _first_department(source: Path) -> str:
    import yaml

    data = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return str(data["departments"][0]["id"])


def _answer_one(book: Path) -> None:
    """The department answers: one comment on the first requirement of its first level."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    workbook.worksheets[1]["I2"] = "Svar från förvaltningen"
    workbook.save(book)


#: The contract example: a small, ordinary file (the floor of the hostile-input case).
CONTRACT = HERE.parent / "tests" / "fixtures" / "contract"


def _hostile_yaml(work: Path) -> dict[str, Path]:
    """The inputs the hostile-YAML tests refuse, written once (they used to be timed there)."""
    laughs = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    laughs += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    depth = 200_000
    texts = {
        "alias bomb (10^9 values)": "\n".join(laughs) + "\ncatalog: exempel-mini@1.0\n",
        "alias fan-out (5 000 x 500)": "big: &big ["
        + ", ".join(str(n) for n in range(5000))
        + "]\nfan: ["
        + ", ".join(["*big"] * 500)
        + "]\n",
        "nesting 200 000 deep, flow": "x: " + "[" * depth + "]" * depth + "\n",
        "nesting 200 000 deep, mapping": "x: " + "{a: " * depth + "1" + "}" * depth + "\n",
        "nesting 3 000 deep, block": "x:\n" + "".join(" " * n + "-\n" for n in range(1, 3000)),
    }
    paths = {}
    for number, (label, text) in enumerate(texts.items()):
        path = work / f"hostile-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[label] = path
    return paths


def _zip_bomb(work: Path, book: Path) -> Path:
    """``book`` with one more member that unpacks to past the import's limit."""
    import zipfile

    from lotscert.excel.safety import MAX_UNCOMPRESSED_BYTES

    bomb = work / "zip-bomb.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        chunk = b"\0" * (1 << 20)
        with out.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 2):
                member.write(chunk)
    return bomb


def case_hostile(reps: int, work: Path) -> list[Row]:
    """Hostile input is refused about as fast as an ordinary file is checked: alias bombs,
    deep nesting and a zip bomb, each against validating (importing) the contract example."""
    lotscert = lotscert_command()
    catalog = CONTRACT / "catalog-minimal.yaml"
    assessment = CONTRACT / "assessment-minimal.yaml"
    floor = Measured(
        "lotscert validate (contract example)",
        [*lotscert, "validate", str(assessment), "--catalog", str(catalog)],
    )
    hostile = [
        Measured(f"lotscert validate: {label}", [*lotscert, "validate", str(path)])
        for label, path in _hostile_yaml(work).items()
    ]
    for measured in hostile:
        measured.expect_exit = 2
    book = work / "contract.xlsx"
    # exported from a copy: an export writes the round's record beside the file it reads,
    # which must not land in the repository's test fixtures
    exported = work / "contract-export.yaml"
    shutil.copyfile(assessment, exported)
    execute(
        [
            *lotscert,
            "export",
            "xlsx",
            str(exported),
            "--catalog",
            str(catalog),
            "--out",
            str(book),
            "--force",
        ]
    )
    into = work / "contract-import.yaml"
    plain_import = Measured(
        "lotscert import xlsx (contract workbook)",
        [*lotscert, "import", "xlsx", str(book), "--into", str(into), "--catalog", str(catalog)],
    )
    bomb_import = Measured(
        "lotscert import xlsx: zip bomb",
        [
            *lotscert,
            "import",
            "xlsx",
            str(_zip_bomb(work, book)),
            "--into",
            str(into),
            "--catalog",
            str(catalog),
        ],
    )
    bomb_import.expect_exit = 2

    def fresh_target() -> None:
        shutil.copyfile(assessment, into)
        for stale in into.parent.glob(into.name + "*.bak"):
            stale.unlink()

    measure([floor, *hostile], reps)
    measure([plain_import, bomb_import], reps, before=fresh_target)
    return [Row("6 hostile", m, floor, "≤ 5×", 5.0) for m in hostile] + [
        Row("6 hostile", bomb_import, plain_import, "≤ 5×", 5.0)
    ]


@dataclass
class Scale:
    """Validation of a fraction of the national set."""

    fraction: str
    files: int
    measured: Measured

    @property
    def per_file_ms(self) -> float | None:
        median = self.measured.median
        return None if median is None else 1000 * median / self.files


def case_scaling(data: Path, reps: int) -> list[Scale]:
    lotscert = lotscert_command()
    folders = national_folders(data)
    scales = []
    for label, step in (("1/4", 4), ("1/2", 2), ("1", 1)):
        chosen = folders[::step]
        files = sum(len(list(folder.glob("*.yaml"))) for folder in chosen)
        measured = Measured(
            f"lotscert validate --jobs 1 ({label})",
            [*lotscert, "validate", *map(str, chosen), "-j", "1"],
        )
        scales.append(Scale(label, files, measured))
    if not available("validate"):
        for scale in scales:
            scale.measured.unavailable()
    measure([s.measured for s in scales], reps)
    return scales


# --- output ---------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _met(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "—"}[value]


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}" if value < 1 else f"{value:.2f}"


def print_tables(rows: Sequence[Row], scales: Sequence[Scale]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    table = Table(title="lotscert benchmark (median wall time; ratio = command / floor)")
    columns = ("Case", "Command", "s", "Floor", "Floor s", "Ratio", "Target", "Met", "CPU ratio")
    for column in columns:
        table.add_column(column, justify="right" if column.endswith(("s", "o")) else "left")
    for row in rows:
        subject = row.subject
        if not subject.ok:
            status = subject.note or "failed"
            table.add_row(row.case, subject.label, "—", "", "", "—", row.target, status, "")
            continue
        table.add_row(
            row.case,
            subject.label,
            _seconds(subject.median),
            row.floor.label if row.floor else "",
            _seconds(row.floor.median) if row.floor else "",
            _ratio(row.ratio),
            row.target,
            _met(row.met),
            _ratio(row.cpu_ratio),
        )
    console.print(table)
    memory = Table(title="5 Peak memory (max RSS of the command and its worker processes)")
    for column in ("Command", "MB", "Target", "Met"):
        memory.add_column(column, justify="right" if column == "MB" else "left")
    for row in rows:
        peak = row.subject.max_rss_mb
        if row.case.startswith(("2", "3")) and peak is not None:
            memory.add_row(row.subject.label, f"{peak:.0f}", "< 500 MB", _met(peak < 500))
    console.print(memory)
    if scales:
        scaling = Table(title="Scaling of validate --jobs 1 (time per file should stay flat)")
        for column in ("Fraction", "Files", "s", "ms per file", "RSS MB"):
            scaling.add_column(column, justify="right")
        for scale in scales:
            m = scale.measured
            per_file = scale.per_file_ms
            scaling.add_row(
                scale.fraction,
                str(scale.files),
                _seconds(m.median) if m.ok else (m.note or "failed"),
                "—" if per_file is None else f"{per_file:.2f}",
                f"{m.max_rss_mb:.0f}" if m.max_rss_mb is not None else "",
            )
        console.print(scaling)


def ensure_data(data: Path) -> None:
    national = data / "national"
    if national.is_dir() and any(national.rglob("*.yaml")) and (data / "extreme").is_dir():
        return
    print(f"generating the benchmark data in {data} …", file=sys.stderr)
    generate.generate(generate.Plan(out=data))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lotscert benchmark (issue 7)")
    parser.add_argument("--reps", type=int, default=3, help="timed repetitions per command")
    parser.add_argument(
        "--startup-reps", type=int, default=15, help="repetitions for the start-up case"
    )
    parser.add_argument("--only", default=",".join(CASES), help="cases: " + ",".join(CASES))
    parser.add_argument("--data", type=Path, default=DATA, help="benchmark data folder")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    chosen = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = chosen - set(CASES)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    ensure_data(args.data)
    started = time.perf_counter()
    rows: list[Row] = []
    scales: list[Scale] = []
    with tempfile.TemporaryDirectory(prefix="lotscert-bench-") as temporary:
        work = Path(temporary)
        if "startup" in chosen:
            rows += case_startup(args.startup_reps)
        if "validate" in chosen:
            rows += case_validate(args.data, args.reps)
        if "score" in chosen:
            rows += case_score(args.data, args.reps, work)
        if "national" in chosen:
            rows += case_national(args.data, args.reps, work)
        if "excel" in chosen:
            rows += case_excel(args.data, args.reps, work)
        if "scaling" in chosen:
            scales = case_scaling(args.data, args.reps)
        if "hostile" in chosen:
            rows += case_hostile(args.reps, work)
    print(file=sys.stderr)
    print_tables(rows, scales)
    results = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average": os.getloadavg(),
        },
        "repetitions": args.reps,
        "seconds_total": round(time.perf_counter() - started, 1),
        "rows": [row.as_dict() for row in rows],
        "scaling": [
            {
                "fraction": s.fraction,
                "files": s.files,
                "median_seconds": s.measured.median,
                "ms_per_file": s.per_file_ms,
                "max_rss_mb": s.measured.max_rss_mb,
            }
            for s in scales
        ],
    }
    write_text_atomic(args.results, json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"figures written to {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
