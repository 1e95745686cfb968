"""Numbers at the edge (issue 19, class 3): results that overflow, underflow, divide by zero or are
not numbers give the check an ``error`` verdict with the reason, never a verdict on nonsense; a word
where a number belongs and an unknown unit are one error each in plain words, with file and line,
and a unit typo in an expectation does not stop the report of the other problems."""

from __future__ import annotations

import json

import pytest

import kb
from kb.errors import InvalidBase
from render.cli import main
from tests.hostile.conftest import CLAIM

HEAD = CLAIM.format(statement="The number is as stated.").replace("kind: qualitative", "kind: quantitative")


def checked(check: str) -> str:
    return HEAD + "waive: {orphan: a fixture}\ncheck:\n" + check


def literal(value: str, unit: str = "1") -> str:
    return f"{{value: {value}, unit: {unit!r}, source: s, at: here}}"


def formula(text: str, a: str, b: str, expect: str = "{comparator: at_least, value: 2}") -> str:
    return checked(
        f"  kind: formula\n  formula: {text!r}\n  inputs:\n    a: {literal(a)}\n    b: {literal(b)}\n"
        f"  expect: {expect}\n  sentence: {{en: The number.}}\n"
    )


def ratio(a: str, b: str) -> str:
    return checked(
        f"  kind: ratio\n  inputs:\n    a: {literal(a)}\n    b: {literal(b)}\n"
        "  expect: {comparator: approx, value: 2, tolerance: 0.1}\n"
    )


PEAKS = "{{value: {}, unit: TFLOP/s, precision: fp8, sparsity: dense, source: s, at: here}}"
ERRORS = {
    "a product that overflows": (formula("a * b", "1e308", "1e308"), "`a * b` is not finite"),
    "a product that underflows": (
        formula("a * b", "1e-300", "1e-300", "{comparator: at_most, value: 2}"),
        "`a * b` underflows to zero",
    ),
    "a square root of a negative number": (formula("sqrt(a - b)", "1", "2"), "a negative value (-1) to the power 0.5"),
    "a registered kind that overflows": (
        checked(
            f"  kind: peak-ratio\n  inputs:\n    new: {PEAKS.format('1e308')}\n    old: {PEAKS.format('1e-308')}\n"
            "  expect: {comparator: at_least, value: 2}\n"
        ),
        "the step 'peak ratio' overflows to infinity",
    ),
    "a ratio that underflows": (ratio("1e-300", "1e300"), "a ÷ b underflows to zero (1e-300 ÷ 1e+300)"),
    "a ratio over zero": (ratio("12", "0"), "b: cannot divide by zero"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_a_number_out_of_range_is_an_error_verdict_with_its_reason(runner, tree, case: str) -> None:
    text, reason = ERRORS[case]
    root = tree({"a/edge.yaml": text})
    result = kb.load(root).result("a/edge")
    assert result.verdict == "error" and reason in result.message, result.message
    shown = runner.invoke(main, ["check", "--claims", str(root), "a/edge"])
    assert shown.exit_code == 1 and "Traceback" not in shown.output
    assert "error" in shown.output and reason in shown.output


MISTAKES = {
    "a word for a number": (
        ratio('"twelve"', "6"),
        "a/edge.yaml:12: check.inputs.a.value: 'twelve' is not a number "
        "(hint: write digits, e.g. 12, 0.5 or 1.2e3, without words or units)",
    ),
    "a list for a number": (ratio("[1, 2]", "6"), "a/edge.yaml:12: check.inputs.a.value: [1, 2] is not a number"),
    "an unknown unit": (
        checked(
            "  kind: ratio\n  inputs:\n    a: {value: 1, unit: flibbet, source: s, at: here}\n"
            "    b: {value: 2, unit: W, source: s, at: here}\n  expect: {comparator: at_least, value: 2}\n"
        ),
        "a/edge.yaml:12: check.inputs.a.unit: unknown unit 'flibbet' (hint: write units like",
    ),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_a_mistake_in_a_number_is_one_error_in_plain_words(runner, tree, case: str) -> None:
    text, expected = MISTAKES[case]
    root = tree({"a/edge.yaml": text})
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    errors = [line.removeprefix(f"error: {root}/") for line in result.output.splitlines() if line.startswith("error")]
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert "constrained-str" not in result.output and "function-after" not in result.output


def test_a_unit_typo_in_an_expectation_is_located_and_the_rest_still_reported(runner, tree) -> None:
    typo = ratio("12", "6").replace("tolerance: 0.1}", "tolerance: 0.1, unit: percnet}")
    root = tree({"a/edge.yaml": typo, "a/other.yaml": HEAD.replace("kind: quantitative", "kind: opinion")})
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    errors = [line.removeprefix(f"error: {root}/") for line in result.output.splitlines() if line.startswith("error")]
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert errors[0].startswith("a/edge.yaml:14: check.expect.unit: unknown unit 'percnet' (hint: write units like")
    assert errors[1].startswith("a/other.yaml:4: kind:") and len(errors) == 2
    as_json = runner.invoke(main, ["validate", "--claims", str(root), "--format", "json"])
    assert as_json.exit_code == 1
    fields = sorted((p["path"].removeprefix(f"{root}/"), p["field"]) for p in json.loads(as_json.stdout))
    assert ("a/edge.yaml", "check.expect.unit") in fields and ("a/other.yaml", "kind") in fields
    with pytest.raises(InvalidBase):
        kb.load(root)
