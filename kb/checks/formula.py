"""Formula checks: the check kind of an arithmetic expression over a claim's named, sourced inputs.

A claim whose number no registered kind computes can state its own formula::

    check:
      kind: formula
      formula: "(old - new) / old"
      inputs: {old: packs.2013.price, new: packs.2023.price}
      expect: {comparator: at_least, value: 0.8}
      sentence: {en: "Pack prices fell by this fraction.", zh: "電池組價格下降的比例。"}

Nothing of the formula runs as Python: `kb.checks.grammar` reads it into a small tree of its own
(`kb.checks.expression`), refusing everything outside its grammar. Here `dimension` follows the
inputs' units through the tree (pint's units, never their values), so a sum of USD/kWh and years
is a validation error, and `kind_of` makes the `CheckKind` that runs a spec: for a formula, its
function evaluates the tree on pint quantities and its ``plain`` on floats in root units.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import cast

from kb.checks.expression import Name, Neg, Node, Num, Op, Unit, constant_value, evaluate, evaluate_plain, unit_text
from kb.checks.grammar import FormulaError, normalise, parse
from kb.checks.registry import ANY, REGISTRY, CheckKind, In, Trace, Untraced
from kb.checkspec import CheckSpec
from kb.quant import Q_, Quantity, ureg

FORMULA = "formula"  # the kind of a check that states its own formula


# Units through the tree ------------------------------------------------------------------------


def _show(unit: Unit) -> str:
    text = unit_text(unit)
    return f"a value in {text}" if text else "a plain number"


def dimension(node: Node, units: Mapping[str, Unit]) -> Unit:
    """The unit of ``node`` given each input's unit, or FormulaError where dimensions clash.

    >>> u = {"old": ureg.parse_units("USD/kWh"), "new": ureg.parse_units("USD/kWh"), "years": ureg.parse_units("year")}
    >>> dimension(parse("(old - new) / old", u), u).dimensionless
    True
    >>> dimension(parse("old + years", u), u)
    Traceback (most recent call last):
    ...
    kb.checks.grammar.FormulaError: `old + years` adds a value in USD / kWh and a value in year: their dimensions differ
    """
    if isinstance(node, Num):
        return ureg.dimensionless
    if isinstance(node, Name):
        return units[node.name]
    if isinstance(node, Neg):
        return dimension(node.operand, units)
    if isinstance(node, Op):
        return _op_dimension(node, units)
    args = [dimension(a, units) for a in node.args]
    if node.function in ("log", "exp"):
        if not args[0].dimensionless:
            raise FormulaError(
                f"`{node.text}`: {node.function} takes a plain number, not {_show(args[0])}",
                "divide by a value of the same dimension first, e.g. log(new / old)",
            )
        return ureg.dimensionless
    if node.function == "sqrt":
        return args[0] ** 0.5
    if node.function in ("min", "max") and any(a.dimensionality != args[0].dimensionality for a in args):
        shown = " and ".join(sorted({_show(a) for a in args}))
        raise FormulaError(f"`{node.text}` compares {shown}: their dimensions differ", "compare like with like")
    return args[0]


def _op_dimension(node: Op, units: Mapping[str, Unit]) -> Unit:
    left = dimension(node.left, units)
    if node.op == "**":
        exponent = constant_value(node.right)
        if exponent is not None:
            return left**exponent
        right = dimension(node.right, units)
        if not left.dimensionless or not right.dimensionless:
            raise FormulaError(
                f"`{node.text}`: a power whose exponent is not a constant needs plain numbers on both sides, "
                f"not {_show(left)} to the power of {_show(right)}",
                "divide by a value of the same dimension first, e.g. (end / start) ** (1 / years)",
            )
        return ureg.dimensionless
    right = dimension(node.right, units)
    if node.op == "*":
        return cast(Unit, left * right)
    if node.op == "/":
        return cast(Unit, left / right)
    if left.dimensionality != right.dimensionality:
        verb = "adds" if node.op == "+" else "subtracts"
        raise FormulaError(
            f"`{node.text}` {verb} {_show(left)} and {_show(right)}: their dimensions differ",
            "add and subtract only values of one dimension",
        )
    return left


# The check kind of a formula spec ----------------------------------------------------------------


def kind_of(spec: CheckSpec) -> CheckKind | None:
    """The check kind that runs ``spec``: a registered one, or the kind its formula makes
    (FormulaError if the formula is outside the grammar); None for an unknown kind."""
    return REGISTRY.get(spec.kind) if spec.kind != FORMULA else formula_kind(spec)


def formula_kind(spec: CheckSpec) -> CheckKind:
    """The check kind that ``spec``'s formula makes: one input per name, each named in sentences
    by its label; FormulaError if the formula is outside the grammar."""
    labels = tuple((name, words.get("en", ""), words.get("zh", "")) for name, words in sorted(spec.labels.items()))
    return _formula_kind(spec.formula or "", tuple(spec.inputs), spec.expect.unit, labels)


@lru_cache(maxsize=1024)
def _formula_kind(text: str, names: tuple[str, ...], unit: str, labels: tuple[tuple[str, str, str], ...]) -> CheckKind:
    tree = parse(text, names)
    words = {name: (en, zh) for name, en, zh in labels}
    inputs = {}
    for name in names:
        en, zh = words.get(name, ("", ""))
        inputs[name] = In(ANY, en or name, help_zh=zh)

    def function(t: Trace, **values: Quantity) -> Quantity:
        value = evaluate(tree, values, None if isinstance(t, Untraced) else t, unit)
        return value if isinstance(value, Quantity) else Q_(value, "1")

    def plain(**values: float) -> float:
        return evaluate_plain(tree, values)

    return CheckKind(FORMULA, function, normalise(text), unit, inputs, "A formula the claim's editor wrote.", plain)
