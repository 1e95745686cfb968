"""Running a claim's check: resolve inputs, compute, bound, judge, find break-evens.

* **Value**: the check kind's function at every input's nominal value (`kb.checks.inputs`).
* **Interval**: where inputs have ``low``/``high`` bounds, the function at every
  corner of the box they span (exact for functions monotonic in each input).
* **Verdict**: ``supported`` when the whole interval lies inside the accepted
  range of the claim's expectation, ``contradicted`` when none of it does,
  ``inconclusive`` when it straddles a boundary, ``error`` when the check raised.
* **Break-even** for each varied input: the value at which the point estimate's
  verdict flips (`kb.checks.breakeven`, on plain floats where it can).
* **Readings**: the same check with some inputs replaced, each with its own verdict.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from kb.checks.breakeven import break_evens
from kb.checks.formula import kind_of
from kb.checks.inputs import InputRow, compute, resolve_inputs, row_named
from kb.checks.registry import CheckKind, Step, Trace
from kb.checks.words import show_input
from kb.checkspec import CheckSpec, Expectation, Reading
from kb.datasets import Datasets
from kb.quant import Q_
from kb.words import Words

MAX_CORNERS = 256

# A check's value, its interval, its steps and its verdict.
Evaluation = tuple[float, float, float, list[Step], str]


@dataclass(frozen=True)
class ReadingResult:
    label: Words  # as the editor wrote it (`kb.words`)
    note: Words
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
    weak: Words = ""  # why the check could hardly fail (`CheckSpec.weak`), if it could not
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
        return row_named(self.inputs, name)


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
    nearest = min(
        breaks, key=lambda n: (round(abs(math.log(breaks[n] / row_named(rows, n).value)), 6), n), default=None
    )
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


def _evaluate(kind: CheckKind, rows: list[InputRow], expect: Expectation) -> Evaluation:
    trace = Trace()
    scale = float(Q_(1, kind.result).to(expect.unit).magnitude)
    value = compute(kind, rows, trace=trace) * scale
    corners = [value] + [v * scale for v in _corner_values(kind, rows)]
    for step in trace.steps:
        _finite(step.value, f"the step {step.label!r}")
    for number in corners:
        _finite(number, "the result" if number == value else "the result at the inputs' bounds")
    low, high = min(corners), max(corners)
    return value, low, high, trace.steps, judge(low, high, expect)


def _finite(number: float, what: str) -> None:
    """Raise ArithmeticError when ``number`` overflowed to infinity or is not a number: a verdict on
    it would mean nothing."""
    if math.isnan(number):
        raise ArithmeticError(f"{what} is not a number (NaN): an input is out of range for the formula")
    if math.isinf(number):
        raise ArithmeticError(f"{what} overflows to infinity: an input is too large or too small for the formula")


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


def _reading(kind: CheckKind, rows: list[InputRow], spec: CheckSpec, reading: Reading, data: Datasets) -> ReadingResult:
    replaced = {r.name.partition("[")[0] for r in resolve_inputs(kind, reading.inputs, data)}
    kept = [r for r in rows if r.name.partition("[")[0] not in replaced]
    new_rows = kept + resolve_inputs(kind, reading.inputs, data)
    value, low, high, _, verdict = _evaluate(kind, new_rows, spec.expect)
    changed = {r.name: show_input(r) + (f" ({r.label})" if r.label else "") for r in new_rows if r not in rows}
    return ReadingResult(reading.label, reading.note, value, low, high, verdict, changed)
