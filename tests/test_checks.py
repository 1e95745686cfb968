"""Checks: comparators and intervals, verdicts, break-evens verified by recomputation, isolation."""

from __future__ import annotations

from pathlib import Path

import pytest

import kb
import kb.checks.kinds
from kb.checks import REGISTRY
from kb.checks.evaluate import judge
from kb.checks.inputs import compute
from kb.checkspec import Expectation
from render.build import build_site
from render.cli import main
from tests.conftest import DATA

CHECKS = DATA / "checks"


@pytest.fixture(scope="module")
def base():
    return kb.load(CHECKS)


@pytest.mark.parametrize(
    ("expect", "interval", "verdict"),
    [
        ({"comparator": "approx", "value": 2, "tolerance": 0.1}, (1.9, 2.1), "supported"),
        ({"comparator": "approx", "value": 2, "tolerance": 0.1}, (2.0, 2.3), "inconclusive"),
        ({"comparator": "approx", "value": 2, "tolerance": 0.1}, (2.3, 2.4), "contradicted"),
        ({"comparator": "at_least", "value": 9}, (9.0, 9.0), "supported"),
        ({"comparator": "at_least", "value": 9}, (8.6, 9.8), "inconclusive"),
        ({"comparator": "at_least", "value": 9}, (4.0, 8.9), "contradicted"),
        ({"comparator": "at_most", "value": 5}, (0.2, 4.2), "supported"),
        ({"comparator": "at_most", "value": 5}, (5.1, 6.0), "contradicted"),
        ({"comparator": "between", "low": 2017, "high": 2019}, (2018, 2018), "supported"),
        ({"comparator": "between", "low": 2017, "high": 2019}, (2016, 2018), "inconclusive"),
        ({"comparator": "between", "low": 2017, "high": 2019}, (2022, 2022), "contradicted"),
    ],
)
def test_judge_compares_intervals_with_the_accepted_range(expect, interval, verdict) -> None:
    assert judge(*interval, Expectation(**expect)) == verdict


def test_value_interval_and_steps(base) -> None:
    result = base.result("a/ok")
    assert result.verdict == "supported"
    assert result.value == pytest.approx(2.0)
    assert (result.low, result.high) == (pytest.approx(2000 / 1100), pytest.approx(2000 / 900))
    assert [s.label for s in result.steps] == ["peak ratio"]
    assert result.inputs[0].source == "s" and result.inputs[0].ref == "gpus.fast-gpu.fp8_dense"


def test_bounds_make_a_close_call_inconclusive(base) -> None:
    assert base.result("a/narrow").verdict == "inconclusive"
    assert base.result("a/too-high").verdict == "contradicted"


def test_break_even_values(base) -> None:
    result = base.result("a/ok")
    assert result.break_even["new"] == pytest.approx(2500, rel=1e-6)  # ratio reaches 2.5
    assert result.break_even["old"] == pytest.approx(800, rel=1e-6)  # nearer than 1333 on a log scale
    assert result.matters_most == "new"


def _flips(base, claim_id: str) -> list[tuple[str, bool, bool]]:
    result = base.result(claim_id)
    kind = REGISTRY[result.kind]
    scale = float(kb.quant.Q_(1, kind.result).to(result.unit).magnitude)
    low, high = result.expect.accepted()
    out = []
    for name, flip in result.break_even.items():
        below = compute(kind, result.inputs, {name: flip * (1 - 1e-6)}) * scale
        above = compute(kind, result.inputs, {name: flip * (1 + 1e-6)}) * scale
        out.append((name, low <= below <= high, low <= above <= high))
    return out


def test_rerunning_at_each_break_even_flips_the_verdict(base) -> None:
    for claim_id in ("a/ok", "a/narrow", "a/too-high"):
        for name, below, above in _flips(base, claim_id):
            assert below != above, (claim_id, name)


def test_a_raising_check_is_isolated(base, tmp_path) -> None:
    result = base.result("a/raises")
    assert result.verdict == "error"
    assert "target_mfu" in result.message and "cannot exceed 1" in result.message
    build_site(base, tmp_path / "site")
    page = (tmp_path / "site/claims/a/raises/index.html").read_text(encoding="utf-8")
    assert "could not be computed" in page and "cannot exceed 1" in page


def test_strict_validation_fails_on_a_failed_check(runner) -> None:
    loose = runner.invoke(main, ["validate", "--claims", str(CHECKS)])
    assert loose.exit_code == 0 and "check failed" in loose.output
    assert runner.invoke(main, ["validate", "--claims", str(CHECKS), "--strict"]).exit_code == 1


def test_kb_check_prints_a_table_and_fails_on_errors(runner) -> None:
    result = runner.invoke(main, ["check", "--claims", str(CHECKS), "a/ok", "a/too-high"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1].split()[:2] == ["a/ok", "2"] and "supported" in lines[1]
    assert "contradicted" in lines[2]
    assert runner.invoke(main, ["check", "--claims", str(CHECKS)]).exit_code == 1


def test_every_registered_kind_documents_its_formula_and_inputs() -> None:
    for kind in REGISTRY.values():
        assert kind.formula and kind.description, kind.name
        assert all(spec.help for spec in kind.inputs.values()), kind.name


def test_every_phrase_a_check_kind_shows_has_chinese() -> None:
    import re

    from kb.checks.glossary import ZH

    helps = {spec.help for kind in REGISTRY.values() for spec in kind.inputs.values()}
    source = (Path(kb.checks.kinds.__file__)).read_text(encoding="utf-8")
    labels = {re.sub(r" \(\{.*\}\)$", "", label) for label in re.findall(r't\.step\(f?"([^"]+)"', source)}
    missing = sorted((helps | labels) - set(ZH))
    assert not missing, f"add Chinese for these phrases to kb/checks/glossary.py: {missing}"


def test_break_even_sentences_in_both_languages(base) -> None:
    from kb.checks.words import break_even_sentence

    result = base.result("a/ok")
    assert (
        break_even_sentence(result, "new")
        == "The claim holds while peak FLOP/s of the newer GPU (Fast GPU) stays below 2500 TFLOP/s (now 2000 TFLOP/s)."
    )
    assert (
        break_even_sentence(result, "new", "zh")
        == "只要較新 GPU 的峰值 FLOP/s(Fast GPU)不高於 2500 TFLOP/s(目前為 2000 TFLOP/s),核查就仍是「核算相符」。"
    )


def test_the_per_sm_rate_derived_from_the_peak_gives_the_same_ratio() -> None:
    """H100: 989.4 TFLOP/s ÷ (132 SMs × 1.83 GHz) = 4,096 FLOP/clock/SM; with d = 128 and 16
    exponentials per clock, the exponentials take half the matmul time (4096 ÷ (4 × 128 × 16))."""
    from kb.checks.inputs import InputRow

    def row(name, value, unit):
        return InputRow(name, value, unit, None, None, "s", "here")

    derived = [
        row("head_dim", 128, "1"),
        row("tensor_peak", 989.4, "TFLOP/s"),
        row("sms", 132, "1"),
        row("tensor_clock", 1.83, "GHz"),
        row("exp_per_clock_per_sm", 16, "exp/clock"),
    ]
    given = [
        row("head_dim", 128, "1"),
        row("tensor_flops_per_clock_per_sm", 989.4e12 / (132 * 1.83e9), "FLOP/clock"),
        row("exp_per_clock_per_sm", 16, "exp/clock"),
    ]
    ratio = compute(REGISTRY["attention-exp-ratio-from-peak"], derived)
    assert ratio == pytest.approx(0.5, abs=1e-4)
    assert ratio == pytest.approx(compute(REGISTRY["attention-exp-ratio"], given), rel=1e-12)


def test_a_trade_off_is_what_one_rate_keeps_while_another_rises() -> None:
    from kb.checks.inputs import InputRow

    rows = [
        InputRow(n, v, "TFLOP/s", None, None, "s", "here")
        for n, v in (("gained_new", 14000), ("gained_old", 9000), ("kept_new", 1.25), ("kept_old", 37))
    ]
    assert compute(REGISTRY["trade-off"], rows) == pytest.approx(1.25 / 37)


def test_kb_check_marks_a_weak_test(runner, tmp_path) -> None:
    import shutil

    root = tmp_path / "claims"
    shutil.copytree(CHECKS, root)
    path = root / "a/ok.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  expect:", "  weak: any two GPUs of these kinds pass\n  expect:", 1),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", "--claims", str(root), "a/ok"])
    assert "supported (weak test)" in result.output
    shown = runner.invoke(main, ["show", "--claims", str(root), "a/ok"])
    assert "weak test: any two GPUs of these kinds pass" in shown.output
    assert kb.load(root).assessment.base_scores["a/ok"] == kb.semantics.Scoring().weakly_supported
