"""Running a claim's check: resolve inputs, compute, bound, judge, find break-evens.

* **Value**: the check kind's function at every input's nominal value.
* **Interval**: where inputs have ``low``/``high`` bounds, the function at every
  corner of the box they span (exact for functions monotonic in each input).
* **Verdict**: ``supported`` when the whole interval lies inside the accepted
  range of the claim's expectation, ``contradicted`` when none of it does,
  ``inconclusive`` when it straddles a boundary, ``error`` when the check raised.
* **Break-even** for each varied input: the value, within a factor of 100 either
  side of nominal, at which the point estimate's verdict flips (grid search, then
  bisection), holding the other inputs at nominal.

The break-even search evaluates a check dozens to hundreds of times. With ``fast``
(the default) it runs on plain floats where the kind gives its formula on floats
(`CheckKind.plain`): pint converts each input to root units once, the plain formula
must agree with pint's value at nominal, and pint confirms each flip it finds;
otherwise, and with ``fast=False``, the search runs on pint.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kb.checks.formula import kind_of
from kb.checks.registry import CheckKind, In, PlainFunction, Step, Trace, Untraced
from kb.checks.words import show_input
from kb.datasets import Datasets
from kb.models import CheckSpec, Expectation, InputValue, Measurement, Reading
from kb.quant import Q_, Quantity, parse_quantity
from kb.quant.plain import root_factor

SEARCH_SPAN = 100.0  # break-evens are looked for within [nominal / 100, nominal × 100]
GRID_STEPS = 24  # grid points per direction before bisection
BISECTIONS = 24  # the bracket from the grid (±21%) narrowed to about 1e-8 of the value
MAX_CORNERS = 256
AGREEMENT = 1e-9  # how close (relative) a check's plain formula must come to pint at nominal

# A break-even search evaluates a check hundreds of times with one input changed: the others are
# the same quantities each time, so they are built once (quantities are never changed in place).
_quantity = functools.lru_cache(maxsize=4096, typed=True)(parse_quantity)


# A check's value, its interval, its steps and its verdict.
Evaluation = tuple[float, float, float, list[Step], str]
# Whether a check's point estimate is accepted at a value of one input (None: outside its domain).
Holds = Callable[[float], bool | None]


@dataclass(frozen=True)
class InputRow:
    """One resolved input, as shown to readers."""

    name: str
    value: float
    unit: str
    low: float | None
    high: float | None
    source: str
    at: str
    ref: str | None = None
    label: str = ""
    vary: bool = True
    help: str = ""
    fraction: bool = False
    measurement: Measurement | None = field(default=None, repr=False, compare=False)
    help_zh: str = ""  # the Chinese of ``help`` when the check gives it (a formula's labels)

    def quantity(self, value: float | None = None) -> Quantity:
        return _quantity(self.value if value is None else value, self.unit)


@dataclass(frozen=True)
class ReadingResult:
    label: str
    note: str
    value: float | None
    low: float | None
    high: float | None
    verdict: str
    changed: dict[str, str]


@dataclass(frozen=True)
class Result:
    """The outcome of a claim's check, with everything needed to show the derivation."""

    claim_id: str
    verdict: str
    kind: str = ""
    formula: str = ""
    value: float | None = None
    unit: str = ""
    low: float | None = None
    high: float | None = None
    expect: Expectation | None = None
    inputs: list[InputRow] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    break_even: dict[str, float] = field(default_factory=dict)
    matters_most: str | None = None
    readings: list[ReadingResult] = field(default_factory=list)
    message: str = ""
    weak: str = ""  # why the check could hardly fail (`CheckSpec.weak`), if it could not
    sentence: dict[str, str] = field(default_factory=dict)  # what the check computes, by language

    @property
    def holds(self) -> bool | None:
        """Whether the point estimate lies in the claim's accepted range (None without a value)."""
        if self.value is None or self.expect is None:
            return None
        low, high = self.expect.accepted()
        return low <= self.value <= high

    def input(self, name: str) -> InputRow:
        """The input row called ``name`` (``name[i]`` for list items)."""
        return _row(self.inputs, name)


def unchecked(claim_id: str) -> Result:
    return Result(claim_id, "unchecked")


def run_check(claim_id: str, spec: CheckSpec, data: Datasets, fast: bool = True) -> Result:
    """Run ``spec`` for ``claim_id``; any exception becomes an ``error`` result.

    ``fast=False`` searches break-evens on pint only (the reference for the fast path).
    """
    kind: CheckKind | None = None
    try:
        kind = kind_of(spec)
        if kind is None:
            raise LookupError(f"unknown check kind {spec.kind!r}")
        rows = resolve_inputs(kind, spec.inputs, data)
        value, low, high, steps, verdict = _evaluate(kind, rows, spec.expect)
        breaks = break_evens(kind, rows, spec.expect, fast, value)
        readings = [_reading(kind, rows, spec, reading, data) for reading in spec.readings]
    except Exception as exc:  # noqa: BLE001 - isolation: a failing check never stops the build
        return Result(
            claim_id,
            "error",
            spec.kind,
            getattr(kind, "formula", ""),
            expect=spec.expect,
            unit=spec.expect.unit,
            message=f"{type(exc).__name__}: {exc}",
            sentence={str(lang): text for lang, text in spec.sentence.items()},
        )
    nearest = min(breaks, key=lambda n: (round(abs(math.log(breaks[n] / _row(rows, n).value)), 6), n), default=None)
    return Result(
        claim_id,
        verdict,
        kind.name,
        kind.formula,
        value,
        spec.expect.unit,
        low,
        high,
        spec.expect,
        rows,
        steps,
        breaks,
        nearest,
        readings,
        weak=spec.weak,
        sentence={str(lang): text for lang, text in spec.sentence.items()},
    )


def resolve_inputs(
    kind: CheckKind, given: Mapping[str, InputValue | list[InputValue]], data: Datasets
) -> list[InputRow]:
    """Turn references and literals into rows, named ``name`` or ``name[i]`` for lists."""
    rows: list[InputRow] = []
    for name, spec in kind.inputs.items():
        if name not in given:
            continue
        values = given[name]
        if spec.many:
            items = values if isinstance(values, list) else [values]
            rows += [_row_for(f"{name}[{i}]", item, data, spec) for i, item in enumerate(items)]
        elif isinstance(values, list):
            raise TypeError(f"input {name!r} takes a single value, not a list")
        else:
            rows.append(_row_for(name, values, data, spec))
    return rows


def _row_for(name: str, value: InputValue, data: Datasets, spec: In) -> InputRow:
    ref, label = None, ""
    if isinstance(value, str):
        ref = value
        value, label = data.lookup(value)
    return InputRow(
        name,
        value.value,
        value.unit,
        value.low,
        value.high,
        value.source,
        value.at,
        ref,
        label,
        spec.vary,
        spec.help,
        spec.fraction,
        value,
        spec.help_zh,
    )


def _row(rows: list[InputRow], name: str) -> InputRow:
    return next(r for r in rows if r.name == name)


def compute(
    kind: CheckKind, rows: list[InputRow], overrides: Mapping[str, float] | None = None, trace: Trace | None = None
) -> float:
    """The check's value (in the kind's result unit) with some inputs overridden."""
    overrides = overrides or {}
    singles: dict[str, Quantity] = {}
    lists: dict[str, list[Quantity]] = {}
    for row in rows:
        quantity = row.quantity(overrides.get(row.name))
        base, _, index = row.name.partition("[")
        if index:
            lists.setdefault(base, []).append(quantity)
        else:
            singles[base] = quantity
    result = kind.function(trace or Untraced(), **singles, **lists)
    return float(Q_(result).to(kind.result).magnitude) if isinstance(result, Quantity) else float(result)


def _evaluate(kind: CheckKind, rows: list[InputRow], expect: Expectation) -> Evaluation:
    trace = Trace()
    scale = float(Q_(1, kind.result).to(expect.unit).magnitude)
    value = compute(kind, rows, trace=trace) * scale
    corners = [value] + [v * scale for v in _corner_values(kind, rows)]
    low, high = min(corners), max(corners)
    return value, low, high, trace.steps, judge(low, high, expect)


def _corner_values(kind: CheckKind, rows: list[InputRow]) -> list[float]:
    bounded = [r for r in rows if r.low is not None or r.high is not None]
    options = [[v for v in (r.low, r.high) if v is not None] for r in bounded]
    combos = list(itertools.islice(itertools.product(*options), MAX_CORNERS)) if bounded else []
    return [compute(kind, rows, {r.name: v for r, v in zip(bounded, combo, strict=True)}) for combo in combos]


def judge(low: float, high: float, expect: Expectation) -> str:
    """Compare the interval [low, high] with the accepted range of ``expect``."""
    accept_low, accept_high = expect.accepted()
    if accept_low <= low and high <= accept_high:
        return "supported"
    if high < accept_low or low > accept_high:
        return "contradicted"
    return "inconclusive"


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


def _reading(kind: CheckKind, rows: list[InputRow], spec: CheckSpec, reading: Reading, data: Datasets) -> ReadingResult:
    replaced = {r.name.partition("[")[0] for r in resolve_inputs(kind, reading.inputs, data)}
    kept = [r for r in rows if r.name.partition("[")[0] not in replaced]
    new_rows = kept + resolve_inputs(kind, reading.inputs, data)
    value, low, high, _, verdict = _evaluate(kind, new_rows, spec.expect)
    changed = {r.name: show_input(r) + (f" ({r.label})" if r.label else "") for r in new_rows if r not in rows}
    return ReadingResult(reading.label, reading.note, value, low, high, verdict, changed)
