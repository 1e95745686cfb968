"""The tree of a formula (`Node`) and what it means: the inputs it uses, its value on pint
quantities (`evaluate`, the reference, recording each step) and on plain floats in root units
(`evaluate_plain`, the break-even search's fast path, `kb.checks.breakeven.PlainCheck`).

`kb.checks.grammar` reads a formula's text into this tree, and nothing else builds one: a tree
holds only numbers, input names, ``+ - * / **``, negation and the grammar's functions.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast

from pint.facets.plain import PlainUnit

from kb.checks.registry import Step, Trace
from kb.quant import Q_, Quantity

Number = Quantity | float
Unit = PlainUnit  # what pint's unit arithmetic gives


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Node
    text: str


@dataclass(frozen=True)
class Op:
    op: str  # + - * / **
    left: Node
    right: Node
    text: str


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    text: str


Node = Num | Name | Neg | Op | Call


def mentions(node: Node) -> bool:
    """Whether ``node`` uses an input (else it is a constant).

    >>> mentions(Op("*", Num(2.0), Name("a"), "2 * a")), mentions(Neg(Num(2.0), "-2"))
    (True, False)
    """
    if isinstance(node, Name):
        return True
    if isinstance(node, Num):
        return False
    if isinstance(node, Neg):
        return mentions(node.operand)
    if isinstance(node, Op):
        return mentions(node.left) or mentions(node.right)
    return any(mentions(a) for a in node.args)


def constant_value(node: Node, strict: bool = False) -> float | None:
    """The value of ``node`` when it uses no input (None otherwise, or, with ``strict``, when it
    cannot be computed).

    >>> from kb.checks.grammar import parse
    >>> constant_value(parse("1 / 3", [])), constant_value(parse("a / 3", ["a"]))
    (0.3333333333333333, None)
    """
    if mentions(node):
        return None
    try:
        return evaluate_plain(node, {})
    except (ArithmeticError, ValueError):
        return None if strict else math.inf


def names_in(node: Node) -> set[str]:
    """The inputs that ``node`` uses.

    >>> from kb.checks.grammar import parse
    >>> sorted(names_in(parse("max(a, b) / a", ["a", "b", "c"])))
    ['a', 'b']
    """
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Num):
        return set()
    if isinstance(node, Neg):
        return names_in(node.operand)
    if isinstance(node, Op):
        return names_in(node.left) | names_in(node.right)
    return set().union(*(names_in(a) for a in node.args))


def unit_text(unit: Unit) -> str:
    """A unit as steps and messages show it: pint's symbols, but ``year`` for a year (not ``a``).

    >>> from kb.quant import ureg
    >>> unit_text(ureg.parse_units("USD/kWh")), unit_text(ureg.parse_units("year")), unit_text(ureg.dimensionless)
    ('USD / kWh', 'year', '')
    """
    text = f"{unit:~}"
    return " ".join("year" if part == "a" else part for part in text.split(" "))


# Computing ------------------------------------------------------------------------------------


def _power(base: Number, exponent: float) -> Number:
    if isinstance(base, Quantity) and base.dimensionless:
        base = _plain_number(base)  # kWh/MWh to the power 0.1 would keep rounding errors in its dimension
    magnitude = base.magnitude if isinstance(base, Quantity) else base
    if magnitude < 0 and not float(exponent).is_integer():
        raise ValueError(f"a negative value ({magnitude:g}) to the power {exponent:g}")
    if magnitude == 0 and exponent < 0:
        raise ZeroDivisionError("zero to a negative power")
    return cast(Number, base**exponent)


def _plain_number(value: Number) -> float:
    return float(value.to("1").magnitude) if isinstance(value, Quantity) else float(value)


def _apply(function: str, args: list[Number]) -> Number:
    if function in ("min", "max"):
        return min(args) if function == "min" else max(args)
    (x,) = args
    if function == "abs":
        return cast(Number, abs(x))
    if function == "sqrt":
        return _power(x, 0.5)
    number = _plain_number(x)
    if function == "log":
        if number <= 0:
            raise ValueError(f"log of {number:g}: only of positive values")
        return math.log(number)
    return math.exp(number)


_ARITHMETIC: dict[str, Callable[[Number, Number], Number]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def evaluate(node: Node, values: Mapping[str, Number], trace: Trace | None = None, unit: str | None = None) -> Number:
    """``node`` computed on ``values`` (pint quantities), each operation on an input recorded in
    ``trace`` (the whole formula last, in ``unit`` when given).

    >>> from kb.checks.grammar import parse
    >>> print(evaluate(parse("(old - new) / old", ["old", "new"]), {"old": Q_(1200, "USD/kWh"), "new": Q_(140, "USD/kWh")}))
    0.8833333333333333
    """
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return values[node.name]
    if isinstance(node, Neg):
        result = cast(Number, -evaluate(node.operand, values, trace))
    elif isinstance(node, Op):
        left = evaluate(node.left, values, trace)
        right = evaluate(node.right, values, trace)
        result = _power(left, _plain_number(right)) if node.op == "**" else _ARITHMETIC[node.op](left, right)
        _no_underflow(node, _magnitude(left), _magnitude(right), _magnitude(result))
    else:
        result = _apply(node.function, [evaluate(a, values, trace) for a in node.args])
    if isinstance(result, Quantity):
        if result.dimensionless:
            result = result.to("1")  # a ratio of units of one dimension (kWh/MWh) as a plain number
        if not math.isfinite(result.magnitude):
            raise ArithmeticError(f"`{node.text}` is not finite")
    if trace is not None and mentions(node):
        trace.steps.append(_step(node.text, result, unit))
    return result


def _magnitude(value: Number) -> float:
    return float(value.magnitude) if isinstance(value, Quantity) else float(value)


def _no_underflow(node: Op, left: float, right: float, result: float) -> None:
    """A product, quotient or power of numbers that are not zero cannot be zero: the floats ran out."""
    if node.op in ("*", "/", "**") and result == 0 and left != 0 and (right != 0 or node.op != "*"):
        raise ArithmeticError(f"`{node.text}` underflows to zero")


def _step(label: str, value: Number, unit: str | None) -> Step:
    """One step of a formula: ``value`` in ``unit`` (as the editor wrote it), else in its own units."""
    if not isinstance(value, Quantity):
        value = Q_(value, "1")
    if unit is not None:
        return Step(label, float(value.to(unit).magnitude), "" if unit.strip() == "1" else unit.strip())
    reduced = value.to("1") if value.dimensionless else value.to_reduced_units()
    return Step(label, float(reduced.magnitude), unit_text(reduced.units))


def evaluate_plain(node: Node, values: Mapping[str, float]) -> float:
    """``node`` on plain floats, every input in root units (`kb.quant.plain`): the same arithmetic
    as `evaluate`, raising where it raises.

    >>> from kb.checks.grammar import parse
    >>> evaluate_plain(parse("(end / start) ** (1 / years) - 1", ["end", "start", "years"]), {"end": 2, "start": 1, "years": 1})
    1.0
    """
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return float(values[node.name])
    if isinstance(node, Neg):
        return -evaluate_plain(node.operand, values)
    if isinstance(node, Op):
        left, right = evaluate_plain(node.left, values), evaluate_plain(node.right, values)
        result = float(_power(left, right)) if node.op == "**" else float(_ARITHMETIC[node.op](left, right))
        _no_underflow(node, left, right, result)
    else:
        result = float(_apply(node.function, [evaluate_plain(a, values) for a in node.args]))
    if not math.isfinite(result):
        raise ArithmeticError(f"`{node.text}` is not finite")
    return result
