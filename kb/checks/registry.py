"""Check kinds, registered by name.

A check kind is a small function that recomputes one kind of number from named
inputs, recording each intermediate step in a `Trace`. Register one with::

    @register("peak-ratio", formula="ratio = new ÷ old", result="1",
              inputs={"new": In("FLOP/s"), "old": In("FLOP/s")})
    def peak_ratio(t, new, old):
        return t.step("ratio", q.peak_ratio(new, old))

A kind may also give ``plain``: the same formula on plain floats, every input in
the root units of `kb.quant.plain` and the result in the root unit of ``result``
(``plain=lambda new, old: new / old`` here), raising where the pint function
raises. The break-even search then runs on it (`kb.checks.evaluate`); the kind's
function stays the reference, and a kind without ``plain`` is searched with pint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from kb.quant import Quantity

Value = TypeVar("Value", bound=Quantity | float)
KindFunction = Callable[..., Quantity | float]
PlainFunction = Callable[..., float]  # a kind's formula on floats in root units (`CheckKind.plain`)
F = TypeVar("F", bound=KindFunction)
ANY = "*"  # `In.unit` of an input that may have any dimension (see `In.like`)


@dataclass(frozen=True)
class In:
    """What a check kind expects of one input.

    ``unit`` fixes the dimension, or is `ANY`; ``help`` names the input in sentences (the
    glossary gives its Chinese, or ``help_zh``); ``many`` takes a list; ``optional`` may be left
    out; ``vary`` says whether a break-even is searched for this input; ``fraction`` shows it as a
    percentage; ``like`` names another input whose dimension this one must share.
    """

    unit: str
    help: str = ""
    many: bool = False
    optional: bool = False
    vary: bool = True
    fraction: bool = False
    like: str = ""
    help_zh: str = ""


@dataclass(frozen=True)
class Step:
    label: str
    value: float
    unit: str


@dataclass
class Trace:
    """Collects the intermediate steps of one computation."""

    steps: list[Step] = field(default_factory=list)

    def step(self, label: str, quantity: Value, unit: str | None = None) -> Value:
        """Record ``quantity`` (converted to ``unit`` when given) and return it unchanged."""
        shown = quantity.to(unit) if unit and isinstance(quantity, Quantity) else quantity
        if isinstance(shown, Quantity):
            self.steps.append(Step(label, float(shown.magnitude), f"{shown.units:~}"))
        else:
            self.steps.append(Step(label, float(shown), ""))
        return quantity


class Untraced(Trace):
    """A trace that records nothing: for the many evaluations of a break-even search, which
    need only the value (converting and formatting every step was most of their cost)."""

    def step(self, label: str, quantity: Value, unit: str | None = None) -> Value:
        return quantity


@dataclass(frozen=True)
class CheckKind:
    name: str
    function: KindFunction
    formula: str
    result: str
    inputs: dict[str, In]
    description: str
    plain: PlainFunction | None = None


REGISTRY: dict[str, CheckKind] = {}


def register(
    name: str, *, formula: str, result: str, inputs: dict[str, In], plain: PlainFunction | None = None
) -> Callable[[F], F]:
    """Register a check kind under ``name`` (its docstring becomes the description).

    ``plain`` is the kind's formula on plain floats in root units, for fast break-even searches.
    """

    def decorate(function: F) -> F:
        if name in REGISTRY:
            raise ValueError(f"check kind {name!r} is registered twice")
        doc = (function.__doc__ or "").strip()
        REGISTRY[name] = CheckKind(name, function, formula, result, inputs, doc, plain)
        return function

    return decorate
