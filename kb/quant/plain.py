"""Plain floats in root units, for the fast path of checks (`kb.checks.evaluate`).

A check's units are verified once with pint; the many evaluations of its
break-even search then run on plain floats, each input converted once to the
root units of this registry (SI base units, plus ``FLOP``, ``bit``, ``exp``,
``clock``, ``token`` and ``USD``). In root units a formula needs no conversion
factors: ``GPU*hour`` is 3600 (seconds), ``B/s`` is 8 (bit per second), ``%`` is 0.01.
The helpers here repeat the domain checks of `kb.quant.units` on plain floats.
"""

from __future__ import annotations

import math
from functools import cache

from .units import Q_, QuantityError, _parse_units

__all__ = ["at_least_one", "fraction", "root_factor"]


@cache
def root_factor(unit: str) -> float:
    """How many root units one ``unit`` is: a value in ``unit`` times this is in root units.

    >>> root_factor("TFLOP/s"), root_factor("GPU*hour"), root_factor("TB/s"), root_factor("%")
    (1000000000000.0, 3600.0, 8000000000000.0, 0.01)
    >>> root_factor("degC")
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: unit 'degC' is not a multiple of its root unit
    """
    units = _parse_units(unit)
    if Q_(0.0, units).to_root_units().magnitude != 0:
        raise QuantityError(f"unit {unit!r} is not a multiple of its root unit")
    return float(Q_(1.0, units).to_root_units().magnitude)


def fraction(value: float, name: str) -> float:
    """``value`` if it is a utilisation in (0, 1], as `kb.quant.require_fraction` demands.

    >>> fraction(0.35, "mfu")
    0.35
    >>> fraction(1.2, "mbu")
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: mbu: a utilization cannot exceed 1 (100%), got 1.2
    """
    if not math.isfinite(value) or value <= 0:
        raise QuantityError(f"{name}: must be positive and finite, got {value:g}")
    if value > 1:
        raise QuantityError(f"{name}: a utilization cannot exceed 1 (100%), got {value:g}")
    return value


def at_least_one(value: float, name: str) -> float:
    """``value`` if it is at least 1 (a recompute factor: executed FLOPs ÷ model FLOPs).

    >>> at_least_one(8 / 6, "recompute_factor") > 1
    True
    >>> at_least_one(0.5, "recompute_factor")
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: recompute_factor: must be at least 1, got 0.5
    """
    if not value >= 1 or not math.isfinite(value):
        raise QuantityError(f"{name}: must be at least 1, got {value:g}")
    return value
