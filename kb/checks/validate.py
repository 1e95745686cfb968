"""Static validation of check specs and dataset values, before anything is computed.

Each function yields ``(location, message, hint)`` where location is a key path
inside the file, so the loader can point at the line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from kb.checks.registry import REGISTRY, CheckKind, In
from kb.datasets import Datasets, UnknownReference
from kb.models import CheckSpec, InputValue, Measurement
from kb.quant import QuantityError, parse_quantity, ureg
from kb.yamlfile import Location

Problem = tuple[Location, str, str]
SIGNED_UNITS = ("1", "dimensionless")


def measurement_problems(m: Measurement, at: Location, sources: set[str]) -> Iterator[Problem]:
    """Unit that does not parse, unknown source, FLOP/s without precision or sparsity."""
    if m.source not in sources:
        close = difflib.get_close_matches(m.source, sorted(sources), n=1)
        yield (
            (*at, "source"),
            f"unknown source {m.source!r}",
            f"did you mean {close[0]!r}?" if close else "add it under claims/sources/",
        )
    try:
        quantity = parse_quantity(m.value, m.unit)
    except QuantityError as exc:
        yield (*at, "unit"), str(exc), ""
        return
    if m.unit.strip() not in SIGNED_UNITS:  # counts, sizes, rates and prices are never negative
        for name in ("value", "low", "high"):
            number = getattr(m, name)
            if number is not None and number < 0:
                yield (*at, name), f"a quantity in {m.unit} cannot be negative ({number:g})", "check the sign"
    if quantity.dimensionality == ureg.parse_units("FLOP/s").dimensionality:
        for name in ("precision", "sparsity"):
            if getattr(m, name) is None:
                yield (*at, name), f"a FLOP/s value must state its {name}", "e.g. precision: bf16, sparsity: dense"


def spec_problems(spec: CheckSpec, data: Datasets) -> Iterator[Problem]:
    """Unknown kind, missing or extra inputs, unknown references, units that do not fit."""
    kind = REGISTRY.get(spec.kind)
    if kind is None:
        close = difflib.get_close_matches(spec.kind, sorted(REGISTRY), n=1)
        yield (
            ("check", "kind"),
            f"unknown check kind {spec.kind!r}",
            f"did you mean {close[0]!r}?" if close else f"known kinds: {', '.join(sorted(REGISTRY))}",
        )
        return
    for name, wanted in kind.inputs.items():
        if name not in spec.inputs and not wanted.optional:
            yield (
                ("check", "inputs"),
                f"missing input {name!r} ({wanted.help}, {_in(wanted.unit)})",
                f"add `{name}:` under inputs",
            )
    yield from _input_problems(kind, spec.inputs, ("check", "inputs"), data)
    for index, reading in enumerate(spec.readings):
        yield from _input_problems(kind, reading.inputs, ("check", "readings", index, "inputs"), data)
    if not _same_dimension(spec.expect.unit, kind.result):
        yield (
            ("check", "expect", "unit"),
            f"unit {spec.expect.unit!r} does not fit the result of {kind.name!r}, which is {_in(kind.result)}",
            "",
        )


def _input_problems(
    kind: CheckKind, inputs: Mapping[str, InputValue | list[InputValue]], at: Location, data: Datasets
) -> Iterator[Problem]:
    for name, value in inputs.items():
        wanted = kind.inputs.get(name)
        if wanted is None:
            yield (*at, name), f"{kind.name!r} has no input {name!r}", f"its inputs are: {', '.join(kind.inputs)}"
        elif wanted.many != isinstance(value, list):
            shape = "a list of values" if wanted.many else "a single value"
            yield (*at, name), f"input {name!r} takes {shape}", ""
        else:
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                where = (*at, name, index) if wanted.many else (*at, name)
                yield from _value_problems(item, wanted, where, data)


def _value_problems(value: InputValue, wanted: In, at: Location, data: Datasets) -> Iterator[Problem]:
    if isinstance(value, str):
        try:
            value, _ = data.lookup(value)
        except UnknownReference as exc:
            close = difflib.get_close_matches(str(value), data.refs(), n=1)
            yield at, str(exc), f"did you mean {close[0]!r}?" if close else "see the files in claims/data/"
            return
    try:
        unit_ok = _same_dimension(value.unit, wanted.unit)
    except QuantityError as exc:
        yield at, str(exc), ""
        return
    if not unit_ok:
        plain = wanted.unit in ("1", "")
        yield (
            at,
            f"unit {value.unit!r} does not fit: this input is {_in(wanted.unit)}",
            'give a plain number (unit "1")' if plain else f"give a value in {wanted.unit}",
        )


def _in(unit: str) -> str:
    """How a message says a unit: ``'in FLOP/s'``, or for ``"1"`` ``'a plain number (unit "1")'``."""
    return 'a plain number (unit "1")' if unit in ("1", "") else f"in {unit}"


def _same_dimension(unit: str, wanted: str) -> bool:
    return parse_quantity(1, unit).dimensionality == parse_quantity(1, wanted).dimensionality
