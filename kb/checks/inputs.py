"""A check's inputs: references and literals resolved into rows (`InputRow`), and the check
kind's value at those rows (`compute`), with some of them overridden.

An input that takes a list gives one row per item, named ``name[i]``; `compute` gathers such
rows back into one list argument of the kind's function.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from kb.checks.registry import CheckKind, In, Trace, Untraced
from kb.checkspec import InputValue, Measurement
from kb.datasets import Datasets
from kb.quant import Q_, Quantity, parse_quantity
from kb.words import Words

# A break-even search evaluates a check hundreds of times with one input changed: the others are
# the same quantities each time, so they are built once (quantities are never changed in place).
_quantity = functools.lru_cache(maxsize=4096, typed=True)(parse_quantity)


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
    label: Words = ""  # the label of the dataset entry the value comes from, as written (`kb.words`)
    vary: bool = True
    help: str = ""
    fraction: bool = False
    measurement: Measurement | None = field(default=None, repr=False, compare=False)
    help_zh: str = ""  # the Chinese of ``help`` when the check gives it (a formula's labels)

    def quantity(self, value: float | None = None) -> Quantity:
        return _quantity(self.value if value is None else value, self.unit)


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
    ref, label = None, cast(Words, "")
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


def row_named(rows: list[InputRow], name: str) -> InputRow:
    """The row called ``name`` (``name[i]`` for list items) among ``rows``."""
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
