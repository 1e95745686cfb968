"""Formula checks and the generic kinds: verdicts, break-evens, readings, steps and sentences on the
fixture base tests/data/formula; every mistake in a formula refused at validation with its file,
line and field; the plain-float path equal to the pint path."""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kb
from kb.checks import run_check
from kb.checks.breakeven import PlainCheck
from kb.checks.expression import evaluate, evaluate_plain, names_in
from kb.checks.formula import dimension, kind_of
from kb.checks.grammar import MAX_LENGTH, FormulaError, parse, problems
from kb.checks.inputs import compute, resolve_inputs
from kb.checks.words import break_even_sentence, check_sentence
from kb.checkspec import CheckSpec
from kb.errors import InvalidBase, Issue
from kb.quant import Q_, ureg
from kb.quant.plain import root_factor
from render.build import build_site
from render.views import check_view
from tests.conftest import DATA

FORMULA = DATA / "formula"
PRICE_2013, PRICE_2023 = 780.0, 139.0  # packs.y2013.price, packs.y2023.price (USD/kWh)


@pytest.fixture(scope="module")
def base() -> kb.KnowledgeBase:
    return kb.load(FORMULA, cache=False)


def _flips(base: kb.KnowledgeBase, claim_id: str) -> dict[str, tuple[bool, bool]]:
    """Whether the claim holds just below and just above each break-even, recomputed with pint."""
    result = base.result(claim_id)
    check = base.claims[claim_id].check
    assert check is not None
    kind = kind_of(check)
    assert kind is not None
    scale = float(Q_(1, kind.result).to(result.unit).magnitude)
    low, high = result.expect.accepted() if result.expect else (0.0, 0.0)
    found = {}
    for name, flip in result.break_even.items():
        below = compute(kind, result.inputs, {name: flip * (1 - 1e-6)}) * scale
        above = compute(kind, result.inputs, {name: flip * (1 + 1e-6)}) * scale
        found[name] = (low <= below <= high, low <= above <= high)
    return found


# --- formulas that run ------------------------------------------------------------------------------


def test_a_supported_formula(base) -> None:
    result = base.result("survey/fell-four-fifths")
    assert result.verdict == "supported"
    assert result.value == pytest.approx((PRICE_2013 - PRICE_2023) / PRICE_2013)
    assert (result.low, result.high) == (pytest.approx(1 - 150 / 780), pytest.approx(1 - 130 / 780))
    assert result.formula == "(old - new) / old"
    assert [(s.label, s.unit) for s in result.steps] == [("old - new", "USD / kWh"), ("(old - new) / old", "")]
    assert result.steps[0].value == pytest.approx(641)
    # at least 0.8: new may rise to 0.2 × 780 = 156, old may fall to 139 ÷ 0.2 = 695
    assert result.break_even == {"new": pytest.approx(156, rel=1e-6), "old": pytest.approx(695, rel=1e-6)}
    assert all(below != above for below, above in _flips(base, "survey/fell-four-fifths").values())


def test_a_contradicted_formula_and_its_break_evens(base) -> None:
    result = base.result("survey/fifth-every-year")
    assert result.verdict == "contradicted"
    assert result.value == pytest.approx((PRICE_2023 / PRICE_2013) ** 0.1 - 1)
    # it would fall by a fifth a year if the same fall took ln(139/780) / ln(0.8) years
    assert result.break_even["years"] == pytest.approx(math.log(PRICE_2023 / PRICE_2013) / math.log(0.8), rel=1e-6)
    assert result.break_even["end"] == pytest.approx(PRICE_2013 * 0.8**10, rel=1e-6)
    assert result.matters_most == "years"
    flips = _flips(base, "survey/fifth-every-year")
    assert set(flips) == {"start", "end", "years"} and all(below != above for below, above in flips.values())
    sentence = break_even_sentence(result, "years")
    assert sentence == "The claim would hold if years fell to 7.73 (now 10)."


def test_a_formula_with_units_functions_and_a_reading(base) -> None:
    halving = base.result("survey/halved-every-four-years")
    assert halving.verdict == "supported" and halving.unit == "year"
    assert halving.value == pytest.approx(10 * math.log(2) / abs(math.log(PRICE_2023 / PRICE_2013)))
    assert halving.steps[0].label == "years * log(2)" and halving.steps[0].unit == "year"
    assert halving.steps[-1].unit == "year"
    car = base.result("survey/pack-for-a-car")
    assert car.verdict == "supported" and car.value == pytest.approx(139 * 60)
    assert (car.low, car.high) == (pytest.approx(130 * 60), pytest.approx(150 * 60))
    (reading,) = car.readings
    assert reading.verdict == "contradicted" and reading.value == pytest.approx(780 * 60)
    assert reading.changed == {"price": "780 USD/kWh (Battery packs, 2013)"}


def test_inputs_are_named_by_their_labels_in_both_languages(base) -> None:
    result = base.result("survey/fell-four-fifths")
    assert break_even_sentence(result, "new") == (
        "The claim holds while the 2023 pack price (Battery packs, 2023) stays below 156 USD/kWh (now 139 USD/kWh)."
    )
    assert break_even_sentence(result, "new", "zh") == (
        "只要2023 年的電池組價格(Battery packs, 2023)不高於 156 USD/kWh(目前為 139 USD/kWh),核查就仍是「核算相符」。"
    )
    view = check_view(base, base.claims["survey/fell-four-fifths"], result, "zh")
    assert view is not None and view.matters_most == "2023 年的電池組價格(Battery packs, 2023)"


def test_the_sentence_in_each_language_falls_back_to_english(base) -> None:
    both, english = base.result("survey/fell-four-fifths"), base.result("survey/fifth-every-year")
    assert check_sentence(both, "zh") == ("2013 至 2023 年電池組價格下降的比例。", "zh")
    assert check_sentence(english, "zh") == ("The average yearly change of pack prices from 2013 to 2023.", "en")
    assert check_sentence(base.result("survey/five-times"), "en") == ("", "en")


def test_claim_pages_show_the_sentence(base, tmp_path: Path) -> None:
    build_site(base, tmp_path / "site")
    page = (tmp_path / "site/claims/survey/fell-four-fifths/index.html").read_text(encoding="utf-8")
    assert '<p class="check-sentence">The fraction by which pack prices fell from 2013 to 2023.</p>' in page
    zh = (tmp_path / "site/zh/claims/survey/fell-four-fifths/index.html").read_text(encoding="utf-8")
    assert '<p class="check-sentence">2013 至 2023 年電池組價格下降的比例。</p>' in zh
    fallback = (tmp_path / "site/zh/claims/survey/fifth-every-year/index.html").read_text(encoding="utf-8")
    assert '<p class="check-sentence" lang="en">The average yearly change of pack prices' in fallback
    assert "(end / start) ** (1 / years) - 1" in fallback  # the formula and its steps


# --- the generic kinds -----------------------------------------------------------------------------


def test_the_generic_kinds_on_prices(base) -> None:
    ratio = base.result("survey/five-times")
    assert ratio.verdict == "supported" and ratio.value == pytest.approx(PRICE_2013 / PRICE_2023)
    assert ratio.break_even == {"a": pytest.approx(5 * PRICE_2023, rel=1e-6), "b": pytest.approx(156, rel=1e-6)}
    change = base.result("survey/change-four-fifths")
    assert change.verdict == "supported" and change.unit == "%"
    assert change.value == pytest.approx(100 * (PRICE_2023 - PRICE_2013) / PRICE_2013)
    growth = base.result("survey/yearly-decline")
    assert growth.verdict == "contradicted"
    assert growth.value == pytest.approx(100 * ((PRICE_2023 / PRICE_2013) ** 0.1 - 1))
    assert growth.break_even["years"] == pytest.approx(base.result("survey/fifth-every-year").break_even["years"])
    assert [s.label for s in growth.steps] == ["end ÷ start", "yearly growth rate"]
    for claim_id in ("survey/five-times", "survey/change-four-fifths", "survey/yearly-decline"):
        assert all(below != above for below, above in _flips(base, claim_id).values()), claim_id


def test_a_generic_kind_takes_any_dimension() -> None:
    data = kb.load(FORMULA, cache=False).data

    def spec(kind: str, **inputs: tuple[float, str]) -> CheckSpec:
        given = {n: {"value": v, "unit": u, "source": "survey", "at": "here"} for n, (v, u) in inputs.items()}
        return CheckSpec.model_validate(
            {"kind": kind, "inputs": given, "expect": {"comparator": "at_least", "value": 0}}
        )

    assert run_check("x", spec("ratio", a=(3, "GPU"), b=(1.5, "GPU")), data).value == pytest.approx(2)
    assert run_check("x", spec("ratio", a=(1, "PB"), b=(500, "TB")), data).value == pytest.approx(2)
    change = run_check("x", spec("percentage-change", old=(2, "year"), new=(3, "year")), data)
    assert change.value == pytest.approx(0.5)
    cagr = run_check(
        "x", spec("compound-annual-growth-rate", start=(1, "token"), end=(4, "token"), years=(24, "month")), data
    )
    assert cagr.value == pytest.approx(1.0)
    mixed = run_check("x", spec("ratio", a=(3, "USD"), b=(1, "year")), data)
    assert mixed.verdict == "error" and "must share a dimension" in mixed.message


# --- mistakes, each refused with its file, line and field ----------------------------------------------

HEAD = """statement: A claim with a broken check.
statement_zh: 一個核查有誤的論點。
source: survey
kind: quantitative
supports: [survey/cheaper]
quotes:
  - source: survey
    text: Battery packs are far cheaper than they were.
"""


def _refused(tmp_path: Path, check: str) -> tuple[list[Issue], list[str]]:
    """The errors that loading a copy of the fixture base with a claim carrying ``check`` raises,
    and that claim file's lines."""
    root = Path(shutil.copytree(FORMULA, tmp_path / "formula"))
    text = HEAD + check
    (root / "survey/bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidBase) as raised:
        kb.load(root, cache=False)
    issues = [i for i in raised.value.issues if i.severity == "error"]
    assert issues and all(i.path.endswith("survey/bad.yaml") for i in issues), issues
    return issues, text.splitlines()


def _line(lines: list[str], start: str) -> int:
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(start))


def _formula_check(formula: str, expect: str = "{comparator: at_least, value: 0.8}") -> str:
    quoted = formula.replace("\\", "\\\\").replace('"', '\\"')
    return f"""check:
  kind: formula
  formula: "{quoted}"
  inputs:
    old: packs.y2013.price
    new: packs.y2023.price
    years: {{value: 10, unit: year, source: survey, at: "in ten years"}}
  expect: {expect}
  sentence: {{en: "A broken formula."}}
"""


def test_a_unit_mismatch_is_refused_with_its_line(tmp_path: Path) -> None:
    (issue,), lines = _refused(tmp_path, _formula_check("(old - new) / old + years"))
    assert (issue.field, issue.line) == ("check.formula", _line(lines, "formula:"))
    assert (
        issue.message == "`(old - new) / old + years` adds a plain number and a value in year: their dimensions differ"
    )
    assert issue.hint


def test_a_result_that_does_not_fit_the_expectation_is_refused(tmp_path: Path) -> None:
    check = _formula_check("(old - new) / years", "{comparator: at_least, value: 50, unit: USD/kWh}")
    (issue,), lines = _refused(tmp_path, check)
    assert (issue.field, issue.line) == ("check.expect.unit", _line(lines, "expect:"))
    assert "does not fit the formula's result, which is in USD / kWh / year" in issue.message


def test_an_unknown_name_gets_a_did_you_mean(tmp_path: Path) -> None:
    (issue,), lines = _refused(tmp_path, _formula_check("(old - neww) / old * years / years"))
    assert (issue.field, issue.line) == ("check.formula", _line(lines, "formula:"))
    assert issue.message == "unknown name 'neww' in the formula"
    assert issue.hint == "did you mean 'new'? the inputs are: new, old, years"


def test_an_unused_input_is_refused(tmp_path: Path) -> None:
    (issue,), lines = _refused(tmp_path, _formula_check("(old - new) / old"))
    assert (issue.field, issue.line) == ("check.inputs.years", _line(lines, "years:"))
    assert issue.message == "input 'years' is not used by the formula"


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("old.__class__ + new * years", "attribute access (`old.__class__`) is not allowed in a formula"),
        ("open(old) + new * years", "calling `open` is not allowed in a formula"),
        ("__import__('os') + old + new * years", "calling `__import__` is not allowed in a formula"),
        ("2**10000 * old + new * years", "the exponent in `2 ** 10000` is 10000: at most 100 in size"),
        ("(lambda: old)() + new * years", "a lambda (`lambda: old`) is not allowed in a formula"),
        ("old[0] + new * years", "a subscript (`old[0]`) is not allowed in a formula"),
        ("[x for x in old] + new * years", "a list comprehension (`[x for x in old]`) is not allowed in a formula"),
        ("old + new ^ years", "the operator `^` (in `old + new ^ years`) is not allowed in a formula"),
        ("'old' + new * years * old", "a string (`'old'`) is not allowed in a formula"),
        (
            "old if new else years",
            "a conditional expression (`old if new else years`) is not allowed in a formula",
        ),
    ],
)
def test_a_construct_outside_the_grammar_is_refused(tmp_path: Path, formula: str, message: str) -> None:
    issues, lines = _refused(tmp_path, _formula_check(formula))
    formula_issues = [i for i in issues if i.field == "check.formula"]
    assert message in [i.message for i in formula_issues], issues
    assert all(i.line == _line(lines, "formula:") and i.hint for i in formula_issues)


def test_a_lambda_alone_is_named(tmp_path: Path) -> None:
    issues, _ = _refused(tmp_path, _formula_check("lambda: old"))
    assert "a lambda (`lambda: old`) is not allowed in a formula" in [i.message for i in issues]


def test_other_mistakes_of_a_formula_check(tmp_path: Path) -> None:
    too_long = "old / new * years / years" + " + 0" * (MAX_LENGTH // 4)
    (issue,), _ = _refused(tmp_path / "long", _formula_check(too_long))
    assert issue.message.startswith(f"the formula is {len(too_long)} characters long: at most {MAX_LENGTH}")
    (issue,), _ = _refused(tmp_path / "syntax", _formula_check("(old - new"))
    assert issue.message.startswith("the formula does not parse")
    (issue,), _ = _refused(tmp_path / "log", _formula_check("log(old) * new / new * years / years"))
    assert issue.message == "`log(old)`: log takes a plain number, not a value in USD / kWh"
    (issue,), _ = _refused(tmp_path / "power", _formula_check("old ** years / new ** years"))
    assert "a power whose exponent is not a constant needs plain numbers on both sides" in issue.message
    no_sentence = _formula_check("(old - new) / old * years / years").replace(
        '  sentence: {en: "A broken formula."}\n', ""
    )
    (issue,), lines = _refused(tmp_path / "sentence", no_sentence)
    assert issue.message == "a formula check needs a sentence saying what it computes"
    assert (issue.field, issue.line) == ("check", _line(lines, "check:"))
    registered = "check:\n  kind: ratio\n  formula: a / b\n  inputs: {a: packs.y2013.price, b: packs.y2023.price}\n"
    (issue,), _ = _refused(tmp_path / "registered", registered + "  expect: {comparator: at_least, value: 5}\n")
    assert (issue.field, issue.message) == ("check.formula", "a formula belongs to kind: formula")


def test_a_generic_kind_needs_one_dimension(tmp_path: Path) -> None:
    check = """check:
  kind: percentage-change
  inputs:
    old: packs.y2013.price
    new: {value: 10, unit: year, source: survey, at: "in ten years"}
  expect: {comparator: at_most, value: -80, unit: "%"}
"""
    (issue,), lines = _refused(tmp_path, check)
    assert (issue.field, issue.line) == ("check.inputs.new", _line(lines, "new:"))
    assert issue.message == "unit year does not fit: 'new' must have the dimension of 'old', in USD / kWh"


def test_an_input_name_must_be_a_plain_name(tmp_path: Path) -> None:
    check = _formula_check("old").replace("    new: packs.y2023.price\n", "    __class__: packs.y2023.price\n")
    issues, _ = _refused(tmp_path, check)
    assert any(i.field == "check.inputs.__class__" and "must start with a letter" in i.message for i in issues)


# --- the plain path against pint ------------------------------------------------------------------------

FORMULAS = [  # a formula over the inputs of UNITS, and the unit of its result
    ("(old - new) / old", "1"),
    ("old * capacity", "USD"),
    ("(new / old) ** (1 / years) - 1", "1"),
    ("sqrt(old * new)", "USD/kWh"),
    ("max(old, new) / min(old, new)", "1"),
    ("abs(new - old) / old * 100", "%"),
    ("exp(-years / 10) * old", "USD/kWh"),
    ("log(old / new) / years", "1"),
    ("-old ** 2 / new ** 2 + 1.5", "1"),
    ("old ** 0.5 * capacity ** 0.5", "USD**0.5"),
]
UNITS = {"old": "USD/kWh", "new": "USD/MWh", "capacity": "kWh", "years": "1"}


@pytest.mark.parametrize(("formula", "unit"), FORMULAS)
def test_the_plain_path_equals_the_pint_path(formula: str, unit: str) -> None:
    """On floats in root units a formula gives pint's value in root units, for random inputs."""
    rng = random.Random(formula)
    tree = parse(formula, UNITS)
    for _ in range(20):
        values = {name: rng.uniform(0.5, 2000) for name in UNITS}
        quantities = {name: Q_(value, UNITS[name]) for name, value in values.items()}
        roots = {name: value * root_factor(UNITS[name]) for name, value in values.items()}
        reference = Q_(evaluate(tree, quantities)).to(unit).magnitude * root_factor(unit)
        assert evaluate_plain(tree, roots) == pytest.approx(float(reference), rel=1e-12), (formula, values)


@pytest.mark.parametrize(("formula", "unit"), FORMULAS)
def test_a_formula_check_gives_the_same_result_on_both_paths(formula: str, unit: str) -> None:
    """A formula check's break-evens, searched on floats, equal those searched on pint; and the
    fast path is taken (the plain formula agrees with pint at nominal)."""
    data = kb.load(FORMULA, cache=False).data
    literal = {"source": "survey", "at": "here"}
    given = {
        "old": "packs.y2013.price",
        "new": {"value": 139000, "unit": "USD/MWh", "low": 130000, "high": 150000, **literal},
        "capacity": {"value": 60, "unit": "kWh", **literal},
        "years": {"value": 10, "unit": "1", **literal},
    }
    used = {name: value for name, value in given.items() if name in names_in(parse(formula, UNITS))}
    spec = CheckSpec.model_validate(
        {
            "kind": "formula",
            "formula": formula,
            "inputs": used,
            "expect": {"comparator": "at_least", "value": 0, "unit": unit},
        }
    )
    nominal = run_check("x", spec, data)
    assert nominal.verdict != "error" and nominal.value is not None, nominal.message
    # an expectation a little above the value: each input has a break-even near its value
    target = nominal.value * (0.9 if nominal.value < 0 else 1.1)
    spec = spec.model_copy(update={"expect": spec.expect.model_copy(update={"value": target})})
    reference, fast = run_check("x", spec, data, fast=False), run_check("x", spec, data)
    kind = kind_of(spec)
    assert kind is not None and reference.value is not None
    rows = resolve_inputs(kind, spec.inputs, data)
    assert PlainCheck.of(kind, rows, spec.expect, reference.value) is not None, formula
    assert reference.verdict == fast.verdict != "supported"
    assert reference.break_even and fast.break_even.keys() == reference.break_even.keys()
    for name, flip in reference.break_even.items():
        assert math.isclose(fast.break_even[name], flip, rel_tol=1e-7), (formula, name)
    assert fast == reference


# --- any text at all ------------------------------------------------------------------------------------

_PIECES = ["a", "b", "old", "2", "0", "1e308", "0.5", "-", "+", "*", "/", "**", "(", ")", ",", " ", "×", "÷", "."]
_PIECES += ["min", "max", "log", "exp", "sqrt", "abs", "open", "__class__", "lambda", ":", "[", "]", "'", "^", "if"]


_EXPRESSIONS = st.recursive(  # formulas inside the grammar, or nearly
    st.sampled_from(["a", "b", "old", "2", "0.5", "3", "0", "1e300"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "×", "÷"]), inner).map(
            lambda t: f"({' '.join(t)})"
        ),
        inner.map(lambda x: f"-{x}"),
        st.tuples(
            st.sampled_from(["min", "max", "log", "exp", "sqrt", "abs"]), st.lists(inner, min_size=1, max_size=3)
        ).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=60) | _EXPRESSIONS)
def test_any_text_is_refused_in_words_or_computes(text: str) -> None:
    """Whatever an editor writes, reading it never raises but FormulaError, and a formula that is
    accepted computes on floats and on pint alike, or raises an arithmetic error on both."""
    names = ["a", "b", "old"]
    found = problems(text, names)
    assert all(isinstance(p, FormulaError) and p.message for p in found)
    if found:
        with pytest.raises(FormulaError):
            parse(text, names)
        return
    tree = parse(text, names)
    units = dict.fromkeys(names, ureg.dimensionless)
    try:
        dimension(tree, units)
    except FormulaError:
        return
    values = {"a": 3.0, "b": 0.25, "old": 7.0}
    try:
        plain: float | None = evaluate_plain(tree, values)
    except (ArithmeticError, ValueError):
        plain = None
    try:
        reference = evaluate(tree, {name: Q_(value, "1") for name, value in values.items()})
    except (ArithmeticError, ValueError):
        assert plain is None, text
        return
    assert plain == pytest.approx(float(Q_(reference).to("1").magnitude), rel=1e-9, nan_ok=False), text
