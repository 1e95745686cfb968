"""Static validation of check specs and dataset values, before anything is computed.

Each function yields ``(location, message, hint)`` where location is a key path
inside the file, so the loader can point at the line.
"""

from __future__ import annotations

import difflib
from collections.abc import Generator, Iterator, Mapping

from pint.facets.plain import PlainUnit

from kb.checks.expression import names_in, unit_text
from kb.checks.formula import FORMULA, dimension, formula_kind
from kb.checks.grammar import FormulaError, input_name_problem, parse, problems
from kb.checks.registry import ANY, REGISTRY, CheckKind, In
from kb.checkspec import CheckSpec, InputValue, Measurement
from kb.datasets import Datasets, UnknownReference
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
        yield (*at, "unit"), *_unit_problem(exc)
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


def spec_problems(spec: CheckSpec, data: Datasets, primary: str = "en") -> Iterator[Problem]:
    """Unknown kind, missing or extra inputs, unknown references, units that do not fit; for a
    formula, what leaves its grammar and dimensions that clash (`formula_problems`); a sentence
    or label without the base's ``primary`` language."""
    yield from _words_problems(spec, primary)
    if spec.kind == FORMULA:
        yield from formula_problems(spec, data)
        return
    kind = REGISTRY.get(spec.kind)
    if kind is None:
        kinds = sorted([*REGISTRY, FORMULA])
        close = difflib.get_close_matches(spec.kind, kinds, n=1)
        yield (
            ("check", "kind"),
            f"unknown check kind {spec.kind!r}",
            f"did you mean {close[0]!r}?" if close else f"known kinds: {', '.join(kinds)}",
        )
        return
    if spec.formula is not None:
        yield ("check", "formula"), f"a formula belongs to kind: {FORMULA}", f"remove it, or write kind: {FORMULA}"
    yield from _label_problems(spec, list(kind.inputs), f"{kind.name!r}")
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
    yield from _like_problems(kind, spec, data)
    try:
        fits = _same_dimension(spec.expect.unit, kind.result)
    except QuantityError as exc:
        yield ("check", "expect", "unit"), *_unit_problem(exc)
        return
    if not fits:
        yield (
            ("check", "expect", "unit"),
            f"unit {spec.expect.unit!r} does not fit the result of {kind.name!r}, which is {_in(kind.result)}",
            "",
        )


def formula_problems(spec: CheckSpec, data: Datasets) -> Iterator[Problem]:
    """A formula check: its inputs' names, the formula's grammar, every input used, each input's
    reference and unit, readings that replace known inputs, and the dimensions through the formula
    and of its result against the expectation's unit."""
    at = ("check", "formula")
    if not spec.formula:
        yield ("check",), "a formula check needs its formula", 'add `formula:`, e.g. formula: "(old - new) / old"'
        return
    bad_names = False
    for name, value in spec.inputs.items():
        problem = input_name_problem(name)
        if problem:
            bad_names = True
            yield ("check", "inputs", name), f"input name {problem}", "name inputs like old_price or tokens"
        elif isinstance(value, list):
            bad_names = True
            yield (
                ("check", "inputs", name),
                f"input {name!r} takes a single value",
                "a formula takes one value per name",
            )
    if bad_names:
        return
    found = problems(spec.formula, spec.inputs)
    for error in found:
        yield at, error.message, error.hint
    if found:
        return
    tree = parse(spec.formula, spec.inputs)
    kind = formula_kind(spec)
    for name in sorted(set(spec.inputs) - names_in(tree)):
        yield (
            ("check", "inputs", name),
            f"input {name!r} is not used by the formula",
            "use it in the formula or remove it",
        )
    units = yield from _input_units(kind, spec, data)
    yield from _label_problems(spec, list(spec.inputs), "the formula")
    if len(units) < len(spec.inputs):
        return  # an input's unit is unknown: the problem is reported there
    try:
        result = dimension(tree, units)
    except FormulaError as exc:
        yield at, exc.message, exc.hint
        return
    try:
        expected = ureg.parse_units(spec.expect.unit)
    except Exception:  # noqa: BLE001 - pint's parser raises several kinds; reported as the unit
        yield ("check", "expect", "unit"), f"unknown unit {spec.expect.unit!r}", ""
        return
    if expected.dimensionality != result.dimensionality:
        shown = unit_text(result) or "1"
        yield (
            ("check", "expect", "unit"),
            f"unit {spec.expect.unit!r} does not fit the formula's result, which is {_in(shown)}",
            f"give the expectation in {shown}" if shown != "1" else 'give a plain number (unit "1") or %',
        )


def _input_units(kind: CheckKind, spec: CheckSpec, data: Datasets) -> Generator[Problem, None, dict[str, PlainUnit]]:
    """Report the problems of a formula's inputs and readings; return each input's unit."""
    yield from _input_problems(kind, spec.inputs, ("check", "inputs"), data)
    for index, reading in enumerate(spec.readings):
        yield from _input_problems(kind, reading.inputs, ("check", "readings", index, "inputs"), data)
    units = {}
    for name, value in spec.inputs.items():
        unit = _unit_of(value, data)
        if unit is not None:
            units[name] = unit
    for index, reading in enumerate(spec.readings):  # a reading's value must fit where the input did
        for name, value in reading.inputs.items():
            unit = _unit_of(value, data)
            if name in units and unit is not None and unit.dimensionality != units[name].dimensionality:
                yield (
                    ("check", "readings", index, "inputs", name),
                    f"unit {unit_text(unit)} does not fit: input {name!r} is in {unit_text(units[name])}",
                    f"give a value in {unit_text(units[name])}",
                )
    return units


def _unit_of(value: InputValue | list[InputValue], data: Datasets) -> PlainUnit | None:
    """The unit of one input, None where it cannot be known (reported elsewhere)."""
    if isinstance(value, list):
        return None
    try:
        measurement = data.lookup(value)[0] if isinstance(value, str) else value
        return parse_quantity(1, measurement.unit).units
    except (UnknownReference, QuantityError):
        return None


def _like_problems(kind: CheckKind, spec: CheckSpec, data: Datasets) -> Iterator[Problem]:
    """Inputs that must share a dimension with another (`In.like`) and do not."""
    for at, inputs in [(("check", "inputs"), spec.inputs)] + [
        (("check", "readings", i, "inputs"), r.inputs) for i, r in enumerate(spec.readings)
    ]:
        for name, wanted in kind.inputs.items():
            if not wanted.like or name not in inputs:
                continue
            other = inputs.get(wanted.like, spec.inputs.get(wanted.like))
            mine, theirs = _unit_of(inputs[name], data), _unit_of(other, data) if other is not None else None
            if mine is not None and theirs is not None and mine.dimensionality != theirs.dimensionality:
                yield (
                    (*at, name),
                    f"unit {unit_text(mine)} does not fit: {name!r} must have the dimension of {wanted.like!r}, "
                    f"in {unit_text(theirs)}",
                    f"give {name!r} in {unit_text(theirs)}, or a unit of the same dimension",
                )


def _words_problems(spec: CheckSpec, primary: str) -> Iterator[Problem]:
    """A sentence or a label needs the base's primary language (the one every page falls back to)."""
    name_of = {"en": "English", "zh": "Chinese"}[primary]
    if spec.kind == FORMULA and not spec.sentence:
        yield (
            ("check",),
            "a formula check needs a sentence saying what it computes",
            f'add sentence: {{{primary}: "…"}}',
        )
    elif spec.sentence and primary not in spec.sentence:
        yield ("check", "sentence"), f"the sentence needs its {name_of}", f"add {primary}: under sentence"
    for name, words in spec.labels.items():
        if primary not in words:
            yield ("check", "labels", name), f"the label needs its {name_of}", f"add {primary}: under the label"


def _label_problems(spec: CheckSpec, inputs: list[str], owner: str) -> Iterator[Problem]:
    """A label given for an input that ``owner`` (a check kind, or the formula) does not have."""
    for name in spec.labels:
        if name not in inputs:
            yield ("check", "labels", name), f"{owner} has no input {name!r}", f"its inputs are: {', '.join(inputs)}"


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
        unit_ok = wanted.unit == ANY or _same_dimension(value.unit, wanted.unit)
        if wanted.unit == ANY:
            parse_quantity(1, value.unit)
    except QuantityError as exc:
        yield (*at, "unit"), *_unit_problem(exc)
        return
    if not unit_ok:
        plain = wanted.unit in ("1", "")
        yield (
            at,
            f"unit {value.unit!r} does not fit: this input is {_in(wanted.unit)}",
            'give a plain number (unit "1")' if plain else f"give a value in {wanted.unit}",
        )


def _unit_problem(exc: QuantityError) -> tuple[str, str]:
    """A unit pint cannot read, as a message and a hint: "unknown unit 'flibbet'", "write units like …"."""
    message, _, examples = str(exc).partition(" (")
    return message, examples.removesuffix(")")


def _in(unit: str) -> str:
    """How a message says a unit: ``'in FLOP/s'``, or for ``"1"`` ``'a plain number (unit "1")'``."""
    if unit == ANY:
        return "of any dimension"
    return 'a plain number (unit "1")' if unit in ("1", "") else f"in {unit}"


def _same_dimension(unit: str, wanted: str) -> bool:
    return parse_quantity(1, unit).dimensionality == parse_quantity(1, wanted).dimensionality
