"""The grammar of a formula, and reading a formula's text into its tree (`kb.checks.expression`).

Nothing of the formula runs as Python. `parse` reads it with ``ast.parse(mode="eval")`` and
keeps only this grammar, turned into a small tree of its own (`kb.checks.expression.Node`):

* numbers, and the names of the check's inputs;
* ``+ - * /`` (also written ``− × ÷ ·``), unary minus, parentheses;
* ``a ** b``: a constant exponent of at most `MAX_EXPONENT` in size, or, for a dimensionless
  base, any dimensionless exponent (e.g. ``years`` in a growth rate);
* the functions ``min``, ``max`` (one or more arguments of one dimension), ``abs``, ``sqrt``,
  and ``log``, ``exp`` (of dimensionless values only).

Anything else (attributes, subscripts, other calls, lambdas, comprehensions, strings, unknown
names, formulas longer than `MAX_LENGTH` characters) is refused with the construct named, as a
`FormulaError` whose hint says what to write (`problems` gives every one of them at once).
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
import warnings
from collections.abc import Collection
from functools import lru_cache

from kb.checks.expression import Call, Name, Neg, Node, Num, Op, constant_value, mentions
from kb.errors import KBError

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


class FormulaError(KBError, ValueError):
    """A formula outside the grammar, or whose units do not fit; ``hint`` says what to write."""

    def __init__(self, message: str, hint: str = GRAMMAR) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


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
    kb.checks.grammar.FormulaError: the exponent in `2 ** 10000` is 10000: at most 100 in size
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
        if constant_value(built, strict=True) is None and not mentions(built):
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
