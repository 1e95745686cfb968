"""The break-even of each input: the value at which a check's verdict flips.

For each varied input, the value within a factor of `SEARCH_SPAN` either side of nominal at
which the point estimate's verdict flips (grid search, then bisection), holding the other inputs
at nominal.

The search evaluates a check dozens to hundreds of times. With ``fast`` (the default) it runs on
plain floats where the kind gives its formula on floats (`CheckKind.plain`, here `PlainCheck`):
pint converts each input to root units once, the plain formula must agree with pint's value at
nominal, and pint confirms each flip it finds; otherwise, and with ``fast=False``, the search
runs on pint.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from kb.checks.inputs import InputRow, compute
from kb.checks.registry import CheckKind, PlainFunction
from kb.checkspec import Expectation
from kb.quant import Q_
from kb.quant.plain import root_factor

SEARCH_SPAN = 100.0  # break-evens are looked for within [nominal / 100, nominal × 100]
GRID_STEPS = 24  # grid points per direction before bisection
BISECTIONS = 24  # the bracket from the grid (±21%) narrowed to about 1e-8 of the value
AGREEMENT = 1e-9  # how close (relative) a check's plain formula must come to pint at nominal

# Whether a check's point estimate is accepted at a value of one input (None: outside its domain).
Holds = Callable[[float], bool | None]


def break_evens(
    kind: CheckKind, rows: list[InputRow], expect: Expectation, fast: bool = True, value: float | None = None
) -> dict[str, float]:
    """For each varied input, the value at which the point estimate's verdict flips.

    ``value`` is the check's value at nominal in ``expect.unit``, if already computed with pint.
    """
    scale = float(Q_(1, kind.result).to(expect.unit).magnitude)
    nominal = (compute(kind, rows) * scale if value is None else value) if fast else 0.0
    plain = PlainCheck.of(kind, rows, expect, nominal) if fast else None
    found = {}
    for row in rows:
        if row.vary and row.value > 0:
            reference = _holds(kind, rows, expect, scale, row.name)
            flip = _flip(reference, plain.holds(row.name) if plain else None, row.value)
            if flip is not None:
                found[row.name] = flip
    return found


def _flip(reference: Holds, quick: Holds | None, nominal: float) -> float | None:
    """The break-even from ``quick`` (plain floats) when ``reference`` (pint) agrees that the
    verdict has flipped there, else from ``reference`` alone."""
    if quick is not None:
        flip = _search(quick, nominal)
        if flip is None or reference(flip) == quick(flip):
            return flip
    return _search(reference, nominal)


@dataclass(frozen=True)
class PlainCheck:
    """A check on plain floats: a kind's ``plain`` formula with every input in root units."""

    plain: PlainFunction
    expect: Expectation
    singles: dict[str, float]  # the arguments of ``plain`` at nominal, in root units ...
    lists: dict[str, list[float]]  # ... and those that take a list
    slots: dict[str, tuple[str, int | None, float]]  # input → (argument, list index, factor to root units)
    scale: float  # the result's root unit → the expectation's unit

    @classmethod
    def of(cls, kind: CheckKind, rows: list[InputRow], expect: Expectation, value: float) -> PlainCheck | None:
        """The plain check, if ``kind`` has one that gives ``value`` (pint's, in ``expect.unit``) at
        nominal and ``value`` is not so close to an accepted bound that rounding could decide."""
        if kind.plain is None:
            return None
        try:
            plain = cls(kind.plain, expect, {}, {}, {}, 1 / root_factor(expect.unit))
            for row in rows:
                factor, (base, _, index) = root_factor(row.unit), row.name.partition("[")
                if index:
                    items = plain.lists.setdefault(base, [])
                    plain.slots[row.name] = (base, len(items), factor)
                    items.append(row.value * factor)
                else:
                    plain.slots[row.name] = (base, None, factor)
                    plain.singles[base] = row.value * factor
            agrees = math.isclose(plain.value(), value, rel_tol=AGREEMENT)
        except Exception:  # noqa: BLE001 - no plain formula for these inputs: pint searches
            return None
        on_edge = any(math.isclose(value, bound, rel_tol=AGREEMENT) for bound in expect.accepted())
        return plain if agrees and not on_edge else None

    def value(self, name: str | None = None, number: float = 0.0) -> float:
        """The check's value in the expectation's unit, with input ``name`` at ``number`` (in its unit)."""
        singles, lists = self.singles, self.lists
        if name is not None:
            base, index, factor = self.slots[name]
            if index is None:
                singles = singles | {base: number * factor}
            else:
                items = list(lists[base])
                items[index] = number * factor
                lists = lists | {base: items}
        result = float(self.plain(**singles, **lists)) * self.scale
        if not math.isfinite(result):
            raise ArithmeticError("the value is not finite")
        return result

    def holds(self, name: str) -> Holds:
        """Whether the point estimate is accepted, as a function of the input called ``name``."""
        accept_low, accept_high = self.expect.accepted()

        def holds(value_of_name: float) -> bool | None:
            try:
                return accept_low <= self.value(name, value_of_name) <= accept_high
            except Exception:  # noqa: BLE001 - as in `_holds`: outside the input's domain
                return None

        return holds


def _holds(kind: CheckKind, rows: list[InputRow], expect: Expectation, scale: float, name: str) -> Holds:
    """Whether the point estimate is accepted, as a function of the input called ``name``."""
    accept_low, accept_high = expect.accepted()

    def holds(value_of_name: float) -> bool | None:
        try:
            value = compute(kind, rows, {name: value_of_name}) * scale
        except Exception:  # noqa: BLE001 - any failure: outside the input's domain (e.g. a utilisation above 100%)
            return None
        return accept_low <= value <= accept_high

    return holds


def _search(holds: Holds, nominal: float) -> float | None:
    """Nearest value to ``nominal`` (log scale) where ``holds`` changes; None if none in range."""
    start = holds(nominal)
    if start is None:
        return None
    ratio = SEARCH_SPAN ** (1 / GRID_STEPS)
    candidates = []
    for direction in (ratio, 1 / ratio):
        inside = nominal
        for step in range(1, GRID_STEPS + 1):
            outside = nominal * direction**step
            state = holds(outside)
            if state is None:
                break
            if state != start:
                candidates.append(_bisect(holds, start, inside, outside))
                break
            inside = outside
    return min(candidates, key=lambda x: abs(math.log(x / nominal)), default=None)


def _bisect(holds: Holds, start: bool, inside: float, outside: float) -> float:
    for _ in range(BISECTIONS):
        middle = math.sqrt(inside * outside)
        if holds(middle) == start:
            inside = middle
        else:
            outside = middle
    return outside
