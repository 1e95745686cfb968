"""The one pint unit registry of Crux, plus validation helpers.

Every quantity in the project is built from ``ureg`` / ``Q_``, so units from
different modules always combine. On top of pint's defaults it adds:

* ``FLOP = [flop]`` (alias ``FLOPs``): floating-point operations, its own
  dimension, so FLOP and FLOP/s never mix. ``FLOPS`` is deliberately unknown
  (write ``FLOP/s``).
* ``bit = [information]``: pint treats bits and bytes as dimensionless; here
  they are a dimension, so ``TB`` vs ``TB/s`` vs ``FLOP/byte`` cannot be
  confused. Prefixes stay decimal (``TB`` = 1e12 B; ``TiB`` is binary).
* ``exp = [exponential]`` (alias ``exp_op``): exponentials (special-function
  unit work), kept apart from FLOP.
* ``clock = [clock]`` (alias ``clk``): one clock cycle, for per-clock rates
  such as ``FLOP/clock``; a frequency in Hz counts clocks per second.
* ``token = [token]``: tokens, so FLOP/token and FLOP cannot be swapped.
* ``USD = [currency]``: US dollars.
* ``param`` and ``GPU``: dimensionless counts with a name, so ``B/param`` and
  ``GPU*hour`` read naturally.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import pint
from pint.util import UnitsContainer

from kb.errors import KBError

__all__ = ["Q_", "Quantity", "QuantityError", "as_unit", "describe", "parse_quantity", "require"]
__all__ += ["require_fraction", "ureg"]

if TYPE_CHECKING:

    class Quantity(pint.Quantity[Any]):
        """pint's Quantity as the type checker sees it: pint leaves its arithmetic untyped, but its
        results are quantities (a dimensionless ratio included)."""

        def __add__(self, other: Quantity | float) -> Quantity: ...
        def __radd__(self, other: Quantity | float) -> Quantity: ...
        def __sub__(self, other: Quantity | float) -> Quantity: ...
        def __rsub__(self, other: Quantity | float) -> Quantity: ...
        def __mul__(self, other: Quantity | float) -> Quantity: ...
        def __rmul__(self, other: Quantity | float) -> Quantity: ...
        def __truediv__(self, other: Quantity | float) -> Quantity: ...
        def __rtruediv__(self, other: Quantity | float) -> Quantity: ...
        def __lt__(self, other: Quantity | float) -> bool: ...
        def __le__(self, other: Quantity | float) -> bool: ...
        def __gt__(self, other: Quantity | float) -> bool: ...
        def __ge__(self, other: Quantity | float) -> bool: ...

else:
    Quantity = pint.Quantity

# The registry as the type checker sees it: one that makes our Quantity.
Registry: TypeAlias = "pint.registry.GenericUnitRegistry[Quantity, pint.Unit]"

_CUSTOM_UNITS = (
    "FLOP = [flop] = _ = FLOPs",
    "exp = [exponential] = _ = exp_op",
    "clock = [clock] = _ = clk",
    "token = [token] = _ = tokens",
    "USD = [currency] = _ = US_dollar",
    "param = 1 = _ = parameter = params",
    "GPU = 1 = _ = GPUs",
)
_EXAMPLES = "write units like 'FLOP', 'TFLOP/s', 'TB/s', 'GPU*hour', 'USD/hour', '%'"


class QuantityError(KBError, ValueError):
    """A quantity has the wrong unit, an impossible value, or cannot be parsed."""


def _build_registry() -> Registry:
    """Load pint's default definitions with ``bit`` made a dimension, then ours."""
    pint_files = files("pint")
    text = (pint_files / "default_en.txt").read_text(encoding="utf-8")
    constants = (pint_files / "constants_en.txt").read_text(encoding="utf-8")
    if "\nbit = []\n" not in text or "@import constants_en.txt" not in text:
        raise ImportError("pint's default_en.txt changed layout; kb.quant.units needs updating")
    text = text.replace("\nbit = []\n", "\nbit = [information]\n")
    text = text.replace("@import constants_en.txt", constants)
    registry = cast("Registry", pint.UnitRegistry(None, on_redefinition="raise"))
    registry.load_definitions(text.splitlines())
    for definition in _CUSTOM_UNITS:
        registry.define(definition)
    registry.formatter.default_format = "~"
    # pint caches the parse of a single unit name only; checks convert to compound
    # units such as "FLOP/s" in every pint evaluation, so remember every parse (the
    # registry is complete at this point and never changes afterwards). Measured by
    # benchmarks/pint_parse.py with break-evens searched on plain floats: without it
    # the checks of a synthetic base of 2000 claims (597 checks) take 1.30-1.35x as
    # long, the shipped checks 1.43-1.56x (medians of two runs of 5-7 rounds, 2 busy
    # cores, 2026-12-03).
    registry._parse_units_as_container = lru_cache(maxsize=4096)(registry._parse_units_as_container)  # type: ignore[method-assign]  # a cached parse in place of the method, on purpose
    return registry


ureg = _build_registry()
Q_ = ureg.Quantity
pint.set_application_registry(ureg)  # type: ignore[no-untyped-call]  # pint leaves it unannotated


def parse_quantity(value: float | int | str, unit: str) -> Quantity:
    """Build a quantity from a number and a unit string.

    Numeric strings are accepted because YAML 1.1 reads ``1e24`` as text.

    >>> parse_quantity(989.4, "TFLOP/s").to("FLOP/s")
    <Quantity(9.894e+14, 'FLOP / second')>
    >>> parse_quantity(3.35, "TB/s").to("B/s")
    <Quantity(3.35e+12, 'byte / second')>
    >>> parse_quantity(1, "TFLOPS")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: unknown unit 'TFLOPS' (write units like 'FLOP', 'TFLOP/s', ...)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise QuantityError(f"value {value!r} is not a number")
    try:
        number = float(value) if isinstance(value, str) else value
    except ValueError:
        raise QuantityError(f"value {value!r} is not a number") from None
    if not math.isfinite(number):
        raise QuantityError(f"value {value!r} is not a finite number")
    return Q_(number, _parse_units(unit))


def _parse_units(unit: str) -> pint.Unit:
    if not isinstance(unit, str) or not unit.strip():
        raise QuantityError(f"unit {unit!r} is empty or not text (write '1' for a plain number)")
    try:
        return ureg.parse_units(unit)
    except pint.UndefinedUnitError as exc:
        names = ", ".join(repr(name) for name in sorted(exc.unit_names))
        where = "" if names == repr(unit) else f" in {unit!r}"
        raise QuantityError(f"unknown unit {names}{where} ({_EXAMPLES})") from exc
    except Exception as exc:  # pint's parser also raises TypeError, AssertionError, ...
        raise QuantityError(f"cannot read unit {unit!r} ({_EXAMPLES})") from exc


@cache
def _dimensionality(dimension_or_unit: str) -> UnitsContainer:
    if dimension_or_unit.lstrip().startswith("["):
        return ureg.get_dimensionality(dimension_or_unit)
    return _parse_units(dimension_or_unit).dimensionality


def require(q: object, dimension_or_unit: str, name: str, *, positive: bool = False) -> Quantity:
    """Return ``q`` as a Quantity if its dimension matches, else raise QuantityError.

    ``dimension_or_unit`` is a unit (``"FLOP/s"``) or a dimension
    (``"[flop] / [time]"``). Plain numbers pass only where a dimensionless value
    is expected. With ``positive=True`` zero and negative values are rejected.
    NaN and infinity are always rejected.

    >>> print(require(Q_(989.4, "TFLOP/s"), "FLOP/s", "peak"))
    989.4 TFLOP / s
    >>> require(Q_(989.4, "TFLOP"), "FLOP/s", "peak")
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: peak: expected a quantity in FLOP/s, got 989.4 TFLOP (dimension [flop])
    """
    expected = _dimensionality(dimension_or_unit)
    wanted = f"{name}: expected a quantity in {dimension_or_unit}"
    if isinstance(q, Quantity):
        if q._REGISTRY is not ureg:
            raise QuantityError(f"{name}: quantity is from another unit registry; build it with kb.quant.Q_")
    elif isinstance(q, (int, float)) and not isinstance(q, bool):
        if expected:
            raise QuantityError(f"{wanted}, got the plain number {q:g}")
        q = Q_(q)
    else:
        raise QuantityError(f"{wanted}, got {q!r}")
    if q.dimensionality != expected:
        raise QuantityError(f"{wanted}, got {describe(q)} (dimension {q.dimensionality or 'dimensionless'})")
    if not math.isfinite(q.magnitude):
        raise QuantityError(f"{name}: must be finite, got {q.magnitude}")
    if positive and q.magnitude <= 0:
        raise QuantityError(f"{name}: must be positive, got {describe(q)}")
    return q


def describe(q: Quantity) -> str:
    """Short text for messages: ``describe(Q_(989.4, "TFLOP"))`` is ``'989.4 TFLOP'``."""
    return f"{q.magnitude:g} {q.units:~}".strip()


def as_unit(q: object, unit: str, name: str, *, positive: bool = True) -> Quantity:
    """Like :func:`require`, but a plain number is taken to be in ``unit``.

    For counts (parameters, tokens, GPUs) and other values that are often
    written without units.

    >>> as_unit(14.8e12, "token", "tokens")
    <Quantity(1.48e+13, 'token')>
    """
    if isinstance(q, (int, float)) and not isinstance(q, bool):
        q = Q_(q, _parse_units(unit))
    return require(q, unit, name, positive=positive)


def require_fraction(value: object, name: str) -> Quantity:
    """A utilization in (0, 1]: a plain number or a dimensionless quantity such as ``Q_(35, "%")``.

    >>> print(require_fraction(Q_(35, "%"), "mfu"))
    35 %
    >>> require_fraction(1.2, "mbu")
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: mbu: a utilization cannot exceed 1 (100%), got 1.2
    """
    q = require(value, "dimensionless", name, positive=True)
    if q.to("dimensionless").magnitude > 1:
        raise QuantityError(f"{name}: a utilization cannot exceed 1 (100%), got {describe(q)}")
    return q
