"""``result_to_json``: stable, sorted, exact numbers, ISO dates, readable back."""

from __future__ import annotations

import json
from decimal import Decimal

from engine_builders import contract

from lotscert.engine import evaluate
from lotscert.models.result import Result
from lotscert.resultjson import result_to_json, results_to_json, to_json_text


def test_numbers_are_json_numbers_written_exactly() -> None:
    text = result_to_json(evaluate(*contract()))
    assert '"percent": 70.8' in text
    assert '"earned": 4.25' in text
    assert '"possible": 6' in text
    assert '"percent": 100.0' in text
    assert '"earned": 0.25' in text
    assert '"date": "2026-03-15"' in text
    data = json.loads(text, parse_float=Decimal)
    assert data["scores"]["overall"]["percent"] == Decimal("70.8")
    assert data["scores"]["levels"]["ledning"]["percent"] == Decimal("83.3")


def test_sorted_keys_two_space_indent_and_round_trip() -> None:
    result = evaluate(*contract())
    text = result_to_json(result)
    # the same text json.dumps gives for sorted keys and indent 2 (these numbers survive floats)
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert text.endswith("}\n")
    assert Result.model_validate_json(text) == result
    assert result_to_json(result) == text  # stable


def test_plain_structures() -> None:
    assert to_json_text({"b": [], "a": {}, "c": [Decimal("1E+1"), None, True]}) == (
        '{\n  "a": {},\n  "b": [],\n  "c": [\n    10,\n    null,\n    true\n  ]\n}\n'
    )
    assert to_json_text("Örebro") == '"Örebro"\n'


def test_several_results_as_a_list() -> None:
    result = evaluate(*contract())
    data = json.loads(results_to_json([result, result]))
    assert len(data) == 2 and data[0] == json.loads(result_to_json(result))


def test_the_core_imports_no_shell_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, lotscert.engine, lotscert.resultjson;"
        "heavy = [m for m in ('typer', 'rich', 'jinja2', 'openpyxl') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
