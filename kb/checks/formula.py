"""Formula checks: an arithmetic expression over a claim's named, sourced inputs.

A claim whose number no registered kind computes can state its own formula::

    check:
      kind: formula
      formula: "(old - new) / old"
      inputs: {old: packs.2013.price, new: packs.2023.price}
      expect: {comparator: at_least, value: 0.8}
      sentence: {en: "Pack prices fell by this fraction.", zh: "電池組價格下降的比例。"}

Nothing of the formula runs as Python. `parse` reads it with ``ast.parse(mode="eval")`` and
keeps only this grammar, turned into a small tree of its own (`Node`):

* numbers, and the names of the check's inputs;
* ``+ - * /`` (also written ``− × ÷ ·``), unary minus, parentheses;
* ``a ** b``: a constant exponent of at most `MAX_EXPONENT` in size, or, for a dimensionless
  base, any dimensionless exponent (e.g. ``years`` in a growth rate);
* the functions ``min``, ``max`` (one or more arguments of one dimension), ``abs``, ``sqrt``,
  and ``log``, ``exp`` (of dimensionless values only).

Anything else (attributes, subscripts, other calls, lambdas, comprehensions, strings, unknown
names, formulas longer than `MAX_LENGTH` characters) is refused with the construct named.
`dimension` follows the inputs' units through the tree (pint's units, never their values), so a
sum of USD/kWh and years is a validation error. `evaluate` computes the tree on pint
quantities (the reference, recording each step) and `evaluate_plain` on floats in root units
(the break-even search's fast path, `kb.checks.evaluate.PlainCheck`).
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import operator
import re
import warnings
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from pint.facets.plain import PlainUnit

from kb.checks.registry import ANY, REGISTRY, CheckKind, In, Step, Trace, Untraced
from kb.errors import KBError
from kb.models import CheckSpec
from kb.quant import Q_, Quantity, ureg

FORMULA = "formula"  # the kind of a check that states its own formula
MAX_LENGTH = 400  # characters of a formula
MAX_EXPONENT = 100.0  # the largest constant exponent, in size
MAX_DEPTH = 40  # how deep operations may nest
FUNCTIONS = {"min": 0, "max": 0, "abs": 1, "sqrt": 1, "log": 1, "exp": 1}  # name → arguments (0: one or more)
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
GRAMMAR = (
    "a formula uses numbers, its inputs' names, + - * / (or − × ÷), ** with a constant exponent, "
    "parentheses and min, max, abs, sqrt, log, exp"
)
_SYMBOLS = str.maketrans({"−": "-", "×": "*", "÷": "/", "·": "*"})
_OPERATORS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_REFUSED_OPERATORS: dict[type[ast.operator], str] = {
    ast.BitXor: "^",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
}
_CONSTRUCTS: dict[type[ast.AST], str] = {  # what a refused construct is called in messages
    ast.Attribute: "attribute access",
    ast.Subscript: "a subscript",
    ast.Lambda: "a lambda",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.JoinedStr: "an f-string",
    ast.Compare: "a comparison",
    ast.BoolOp: "a boolean operation",
    ast.IfExp: "a conditional expression",
    ast.NamedExpr: "an assignment",
    ast.Starred: "unpacking",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Set: "a set",
    ast.Dict: "a dict",
    ast.Await: "`await`",
    ast.Yield: "`yield`",
    ast.YieldFrom: "`yield from`",
    ast.Slice: "a slice",
}

Number = Quantity | float
Unit = PlainUnit  # what pint's unit arithmetic gives


class FormulaError(KBError, ValueError):
    """A formula outside the grammar, or whose units do not fit; ``hint`` says what to write."""

    def __init__(self, message: str, hint: str = GRAMMAR) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


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


def normalise(text: str) -> str:
    """The formula with ``− × ÷ ·`` written as Python writes them.

    >>> normalise("(old − new) ÷ old × 100")
    '(old - new) / old * 100'
    """
    return text.strip().translate(_SYMBOLS)


def problems(text: str, names: Collection[str]) -> list[FormulaError]:
    """Every way ``text`` leaves the grammar, or uses a name that is not one of ``names``.

    >>> [p.message for p in problems("a.__class__ + open(b) + c", ["a", "b"])]  # doctest: +NORMALIZE_WHITESPACE
    ['attribute access (`a.__class__`) is not allowed in a formula',
     'calling `open` is not allowed in a formula', "unknown name 'c' in the formula"]
    """
    return _Reader(text, names).read()[1]


def parse(text: str, names: Collection[str]) -> Node:
    """The tree of ``text``, or FormulaError for its first problem.

    >>> parse("2 * a", ["a"])
    Op(op='*', left=Num(value=2.0), right=Name(name='a'), text='2 * a')
    >>> parse("2 ** 10000", [])
    Traceback (most recent call last):
    ...
    kb.checks.formula.FormulaError: the exponent in `2 ** 10000` is 10000: at most 100 in size
    """
    return _parsed(text, tuple(sorted(names)))


@lru_cache(maxsize=1024)
def _parsed(text: str, names: tuple[str, ...]) -> Node:
    node, found = _Reader(text, names).read()
    if found or node is None:
        raise found[0] if found else FormulaError("the formula is empty")
    return node


def _depth(root: ast.AST) -> int:
    """How deep ``root`` nests (walked without recursion, so any depth is measured safely)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(child, depth + 1) for child in ast.iter_child_nodes(node) if not isinstance(child, ast.expr_context)]
    return deepest


class _Reader:
    """Turns Python's syntax tree of a formula into a `Node`, collecting what it refuses."""

    def __init__(self, text: str, names: Collection[str]) -> None:
        self.text, self.names, self.found = normalise(text), set(names), list[FormulaError]()

    def read(self) -> tuple[Node | None, list[FormulaError]]:
        if not self.text:
            return None, [FormulaError("the formula is empty", "write an expression, e.g. `(old - new) / old`")]
        if len(self.text) > MAX_LENGTH:
            message = f"the formula is {len(self.text)} characters long: at most {MAX_LENGTH}"
            return None, [FormulaError(message, "split the computation, or use a registered check kind")]
        try:
            with warnings.catch_warnings():  # "invalid decimal literal" and such: the parse says it
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(self.text, mode="eval")
        except SyntaxError as exc:
            where = f" at character {exc.offset}" if exc.offset else ""
            return None, [FormulaError(f"the formula does not parse: {exc.msg}{where}")]
        except (ValueError, MemoryError, RecursionError) as exc:  # NUL bytes, absurd nesting
            return None, [FormulaError(f"the formula does not parse: {exc}")]
        depth = _depth(tree.body)
        if depth > MAX_DEPTH:
            message = f"the formula nests {depth} operations deep: at most {MAX_DEPTH}"
            return None, [FormulaError(message, "split the computation, or use a registered check kind")]
        node = self.node(tree.body)
        return node, self.found

    def refuse(self, message: str, hint: str = GRAMMAR) -> None:
        self.found.append(FormulaError(message, hint))

    def source(self, node: ast.AST) -> str:
        return ast.unparse(node)

    def node(self, node: ast.expr) -> Node | None:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        what = _CONSTRUCTS.get(type(node), f"`{type(node).__name__}`")
        self.refuse(f"{what} (`{self.source(node)}`) is not allowed in a formula")
        return None

    def constant(self, node: ast.Constant) -> Node | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            what = "a string" if isinstance(value, str | bytes) else f"the constant `{self.source(node)}`"
            self.refuse(f"{what} (`{self.source(node)}`) is not allowed in a formula", "write plain numbers only")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.refuse("a number in the formula is too large (above 1.8e308)", "check the number")
            return None
        return Num(number)

    def name(self, name: str) -> Node | None:
        if name in self.names:
            return Name(name)
        close = difflib.get_close_matches(name, sorted(self.names), n=1)
        known = f"the inputs are: {', '.join(sorted(self.names))}" if self.names else "the check has no inputs"
        hint = f"did you mean {close[0]!r}? {known}" if close else known
        if name in FUNCTIONS:
            hint = f"call it, e.g. `{name}(x)`"
        self.refuse(f"unknown name {name!r} in the formula", hint)
        return None

    def unary(self, node: ast.UnaryOp) -> Node | None:
        operand = self.node(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if not isinstance(node.op, ast.USub):
            self.refuse(f"the operator in `{self.source(node)}` is not allowed in a formula")
            return None
        return None if operand is None else Neg(operand, self.source(node))

    def binary(self, node: ast.BinOp) -> Node | None:
        text = self.source(node)
        refused = _REFUSED_OPERATORS.get(type(node.op))
        if refused is not None:
            hint = "write ** for a power" if refused == "^" else GRAMMAR
            self.refuse(f"the operator `{refused}` (in `{text}`) is not allowed in a formula", hint)
        left, right = self.node(node.left), self.node(node.right)
        op = _OPERATORS.get(type(node.op))
        if op is None or left is None or right is None:
            return None
        if op == "**":
            exponent = constant_value(right)
            if exponent is not None and not abs(exponent) <= MAX_EXPONENT:
                shown = f"{exponent:g}" if abs(exponent) < 1e16 else f"{exponent:.3g}"
                self.refuse(
                    f"the exponent in `{text}` is {shown}: at most {MAX_EXPONENT:g} in size",
                    "a formula's powers are small: square, cube, a root (** 0.5)",
                )
                return None
        if op == "/" and constant_value(right) == 0:
            self.refuse(f"`{text}` divides by zero", "check the numbers")
            return None
        built = Op(op, left, right, text)
        if constant_value(built, strict=True) is None and not _mentions(built):
            self.refuse(f"`{text}` cannot be computed (it overflows or divides by zero)", "check the numbers")
            return None
        return built

    def call(self, node: ast.Call) -> Node | None:
        text = self.source(node)
        function = node.func.id if isinstance(node.func, ast.Name) else None
        if function not in FUNCTIONS:
            called = f"`{function}`" if function else f"`{self.source(node.func)}`"
            self.refuse(
                f"calling {called} is not allowed in a formula",
                f"the functions are {', '.join(FUNCTIONS)}",
            )
            if function is None:  # what is called: a lambda, an attribute, …
                self.node(node.func)
            for arg in node.args:  # report what the arguments hold as well
                if not isinstance(arg, ast.Starred):
                    self.node(arg)
            return None
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.refuse(f"`{text}`: {function} takes plain arguments (no names, no `*`)")
            return None
        wanted = FUNCTIONS[function]
        if (wanted and len(node.args) != wanted) or not node.args:
            count = "one argument" if wanted == 1 else "one or more arguments"
            self.refuse(f"`{text}`: {function} takes {count}, got {len(node.args)}")
            return None
        args = [self.node(a) for a in node.args]
        if any(a is None for a in args):
            return None
        return Call(function, tuple(a for a in args if a is not None), text)


def _mentions(node: Node) -> bool:
    """Whether ``node`` uses an input (else it is a constant)."""
    if isinstance(node, Name):
        return True
    if isinstance(node, Num):
        return False
    if isinstance(node, Neg):
        return _mentions(node.operand)
    if isinstance(node, Op):
        return _mentions(node.left) or _mentions(node.right)
    return any(_mentions(a) for a in node.args)


def constant_value(node: Node, strict: bool = False) -> float | None:
    """The value of ``node`` when it uses no input (None otherwise, or, with ``strict``, when it
    cannot be computed).

    >>> constant_value(parse("1 / 3", [])), constant_value(parse("a / 3", ["a"]))
    (0.3333333333333333, None)
    """
    if _mentions(node):
        return None
    try:
        return evaluate_plain(node, {})
    except (ArithmeticError, ValueError):
        return None if strict else math.inf


def names_in(node: Node) -> set[str]:
    """The inputs that ``node`` uses.

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


def input_name_problem(name: str) -> str:
    """Why ``name`` cannot name a formula's input ('' when it can).

    >>> input_name_problem("old_price"), input_name_problem("lambda"), input_name_problem("__class__")
    ('', "'lambda' is a Python keyword", "'__class__' must start with a letter and hold only letters, digits and _")
    """
    if not NAME.match(name):
        return f"{name!r} must start with a letter and hold only letters, digits and _"
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword"
    if name in FUNCTIONS:
        return f"{name!r} is the name of a function"
    return ""


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
    kb.checks.formula.FormulaError: `old + years` adds a value in USD / kWh and a value in year: their dimensions differ
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


def unit_text(unit: Unit) -> str:
    """A unit as steps and messages show it: pint's symbols, but ``year`` for a year (not ``a``).

    >>> unit_text(ureg.parse_units("USD/kWh")), unit_text(ureg.parse_units("year")), unit_text(ureg.dimensionless)
    ('USD / kWh', 'year', '')
    """
    text = f"{unit:~}"
    return " ".join("year" if part == "a" else part for part in text.split(" "))


def evaluate(node: Node, values: Mapping[str, Number], trace: Trace | None = None, unit: str | None = None) -> Number:
    """``node`` computed on ``values`` (pint quantities), each operation on an input recorded in
    ``trace`` (the whole formula last, in ``unit`` when given).

    >>> from kb.quant import Q_
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
    else:
        result = _apply(node.function, [evaluate(a, values, trace) for a in node.args])
    if isinstance(result, Quantity):
        if result.dimensionless:
            result = result.to("1")  # a ratio of units of one dimension (kWh/MWh) as a plain number
        if not math.isfinite(result.magnitude):
            raise ArithmeticError(f"`{node.text}` is not finite")
    if trace is not None and _mentions(node):
        trace.steps.append(_step(node.text, result, unit))
    return result


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
    else:
        result = float(_apply(node.function, [evaluate_plain(a, values) for a in node.args]))
    if not math.isfinite(result):
        raise ArithmeticError(f"`{node.text}` is not finite")
    return result


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
