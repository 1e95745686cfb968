"""The fast path of checks (break-evens on plain floats) against the pint path, its reference."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import kb
from benchmarks.synth import generate
from kb.checks import REGISTRY, CheckKind, In, Result, run_check
from kb.checks.breakeven import PlainCheck
from kb.checks.formula import FORMULA, kind_of
from kb.checks.inputs import resolve_inputs
from kb.checks.words import show_value
from kb.checkspec import CheckSpec
from kb.loader import inspect
from kb.quant import Quantity, QuantityError
from render.views import check_view
from tests.conftest import DATA, REPO, error_case

LOADING_CASES = ("unquoted-number",)  # error cases under tests/data/errors that load (with warnings) and check
SYNTHETIC = 100  # claims of a synthetic base (benchmarks/synth.py): it uses every registered kind

Case = tuple[kb.KnowledgeBase, kb.Claim, Result, Result]  # a base, a claim, its pint and its fast result


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    """Every claim with a check in the shipped base, in the fixture trees that load and in a small
    synthetic base, with its result on pint alone and on the fast path."""
    roots = [REPO / "claims", DATA / "checks", DATA / "payloads", DATA / "formula"]
    roots += [error_case(case, tmp_path_factory.mktemp("cases")) for case in LOADING_CASES]
    generate(SYNTHETIC, synthetic := tmp_path_factory.mktemp("synthetic") / "claims")
    found = []
    for base in (kb.load(root, cache=False) for root in [*roots, synthetic]):
        for claim in base:
            if claim.check is not None:
                pint = run_check(claim.id, claim.check, base.data, fast=False)
                found.append((base, claim, pint, run_check(claim.id, claim.check, base.data)))
    assert {claim.check.kind for _, claim, _, _ in found if claim.check} == set(REGISTRY) | {FORMULA}
    return found


def test_the_fast_path_runs_for_every_kind(cases: list[Case]) -> None:
    """No silent fall-back to pint: every check has a plain formula that agrees at nominal."""
    for base, claim, reference, _ in cases:
        assert claim.check is not None
        kind = kind_of(claim.check)
        assert kind is not None
        if reference.verdict != "error" and reference.value is not None:
            rows = resolve_inputs(kind, claim.check.inputs, base.data)
            assert PlainCheck.of(kind, rows, claim.check.expect, reference.value) is not None, claim.id


def test_fast_results_print_as_the_pint_results(cases: list[Case]) -> None:
    """The site's view of each check (values, interval, steps, break-even sentences, what matters
    most, readings) is the same in both languages; the CLI prints from the same words."""
    for base, claim, reference, fast in cases:
        for lang in ("en", "zh"):
            assert check_view(base, claim, fast, lang) == check_view(base, claim, reference, lang), claim.id
        for name, flip in reference.break_even.items():
            row = reference.input(name)
            assert show_value(fast.break_even[name], row.unit) == show_value(flip, row.unit), (claim.id, name)


def test_fast_results_equal_the_pint_results(cases: list[Case]) -> None:
    """Everything but the break-evens comes from pint either way, so it is exactly equal; the
    break-evens are found to within the bisection's precision (here they are equal too)."""
    for _, claim, reference, fast in cases:
        assert fast.break_even.keys() == reference.break_even.keys(), claim.id
        for name, flip in reference.break_even.items():
            assert math.isclose(fast.break_even[name], flip, rel_tol=1e-7), (claim.id, name)
        assert fast == reference, claim.id
    assert sum(len(reference.break_even) for _, _, reference, _ in cases) >= 50


def _spec(**inputs: object) -> CheckSpec:
    given = {name: {"value": v, "unit": u, "source": "s", "at": "p. 1"} for name, (v, u) in inputs.items()}
    return CheckSpec.model_validate(
        {"kind": "peak-ratio", "inputs": given, "expect": {"comparator": "at_least", "value": 2}}
    )


def test_a_unit_mismatch_is_still_an_error_with_pints_message() -> None:
    spec = _spec(new=(2000, "TFLOP/s"), old=(1000, "TFLOP"))
    reference, fast = (run_check("a/bad", spec, kb.load(DATA / "checks").data, fast=way) for way in (False, True))
    assert fast.verdict == reference.verdict == "error"
    assert fast.message == reference.message
    assert fast.message == "QuantityError: peak_b: expected a quantity in FLOP/s, got 1000 TFLOP (dimension [flop])"


def test_a_unit_mismatch_is_still_reported_when_validating(tmp_path: Path) -> None:
    _, issues = inspect(error_case("check-unit-mismatch", tmp_path), cache=False)
    messages = [issue.message for issue in issues]
    assert "unit 'TFLOP' does not fit: this input is in FLOP/s" in messages


def test_units_matter_on_the_fast_path() -> None:
    """Inputs in different units of one dimension: the plain formula sees them in root units."""
    data = kb.load(DATA / "checks").data
    spec = _spec(new=(1.5, "PFLOP/s"), old=(1000, "TFLOP/s"))
    reference, fast = run_check("a/x", spec, data, fast=False), run_check("a/x", spec, data)
    assert reference.value == pytest.approx(1.5)
    assert fast.break_even == pytest.approx(reference.break_even, rel=1e-9)
    assert reference.break_even == pytest.approx({"new": 2.0, "old": 750.0}, rel=1e-6)


@pytest.fixture
def toy_kinds(monkeypatch: pytest.MonkeyPatch):
    """Two kinds whose plain formulas are wrong: one off by a factor, one missing a domain check
    (it would find the ratio reach 3.5; pint, asked to confirm, says that is outside the domain)."""
    inputs = {"new": In("FLOP/s"), "old": In("FLOP/s")}

    def capped(t, new: Quantity, old: Quantity) -> Quantity:
        ratio = (new / old).to("1")
        if ratio.magnitude > 3:
            raise QuantityError("above 3")
        return ratio

    off = CheckKind("toy-off", capped, "ratio", "1", inputs, "", plain=lambda new, old: 2 * new / old)
    uncapped = CheckKind("toy-uncapped", capped, "ratio", "1", inputs, "", plain=lambda new, old: new / old)
    for kind in (off, uncapped):
        monkeypatch.setitem(REGISTRY, kind.name, kind)


@pytest.mark.parametrize("kind", ["toy-off", "toy-uncapped"])
def test_a_wrong_plain_formula_falls_back_to_pint(toy_kinds, kind: str) -> None:
    data = kb.load(DATA / "checks").data
    spec = _spec(new=(1000, "TFLOP/s"), old=(400, "TFLOP/s")).model_copy(update={"kind": kind})
    spec = spec.model_copy(update={"expect": spec.expect.model_copy(update={"value": 3.5})})
    reference, fast = run_check("a/x", spec, data, fast=False), run_check("a/x", spec, data)
    assert reference.verdict == "contradicted"
    assert reference.break_even == {}  # the ratio cannot reach 3.5: above 3 the kind raises
    assert fast == reference
