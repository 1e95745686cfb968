"""Ratios and growth between two values of any one dimension: prices, counts, rates, sizes.

Each function takes pint quantities (or plain numbers for dimensionless values) and returns a
dimensionless quantity; the two values compared must share a dimension.
"""

from __future__ import annotations

from .units import Q_, Quantity, QuantityError, describe, require


def _same(a: object, b: object, name_a: str, name_b: str) -> tuple[Quantity, Quantity]:
    """``a`` and ``b`` as quantities of one dimension, else QuantityError."""
    qa = require(a, _unit_of(a), name_a)
    qb = require(b, _unit_of(b), name_b)
    if qa.dimensionality != qb.dimensionality:
        raise QuantityError(
            f"{name_a} and {name_b} must share a dimension, got {describe(qa)} and {describe(qb)}"
            f" ({qa.dimensionality or 'dimensionless'} and {qb.dimensionality or 'dimensionless'})"
        )
    return qa, qb


def _unit_of(value: object) -> str:
    """The unit ``value`` is in ("1" for a plain number, which pint may write as nothing)."""
    return (str(value.units) or "1") if isinstance(value, Quantity) else "1"


def ratio(a: object, b: object) -> Quantity:
    """How many times ``b`` goes into ``a``: ``a ÷ b``, for two values of one dimension.

    >>> print(ratio(Q_(1.5, "PFLOP/s"), Q_(500, "TFLOP/s"))), print(ratio(12, 4))
    3.0
    3.0
    (None, None)
    >>> ratio(Q_(2, "USD"), Q_(1, "year"))
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: a and b must share a dimension, got 2 USD and 1 a ([currency] and [time])
    """
    qa, qb = _same(a, b, "a", "b")
    if qb.magnitude == 0:
        raise QuantityError("b: cannot divide by zero")
    result = (qa / qb).to("1")
    if result.magnitude == 0 and qa.magnitude != 0:
        raise QuantityError(f"a ÷ b underflows to zero ({describe(qa)} ÷ {describe(qb)})")
    return result


def percentage_change(old: object, new: object) -> Quantity:
    """The relative change from ``old`` to ``new``: ``(new − old) ÷ old`` (−0.5 is a halving).

    >>> print(percentage_change(Q_(1200, "USD/kWh"), Q_(150, "USD/kWh")))
    -0.875
    >>> percentage_change(Q_(0, "GPU"), Q_(10, "GPU"))
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: old: a change is relative to a non-zero value, got 0 GPU
    """
    qold, qnew = _same(old, new, "old", "new")
    if qold.magnitude == 0:
        raise QuantityError(f"old: a change is relative to a non-zero value, got {describe(qold)}")
    return ((qnew - qold) / qold).to("1")


def compound_annual_growth_rate(start: object, end: object, years: object) -> Quantity:
    """The constant yearly growth that turns ``start`` into ``end`` in ``years``:
    ``(end ÷ start)^(1 ÷ years) − 1`` (0.1 is 10% a year; negative values shrink).

    >>> round(float(compound_annual_growth_rate(Q_(100, "USD"), Q_(200, "USD"), Q_(7, "year")).magnitude), 4)
    0.1041
    >>> compound_annual_growth_rate(Q_(-1, "USD"), Q_(2, "USD"), Q_(3, "year"))
    Traceback (most recent call last):
    ...
    kb.quant.units.QuantityError: start and end must both be positive for a growth rate, got -1 USD and 2 USD
    """
    qstart, qend = _same(start, end, "start", "end")
    span = require(years, "year", "years", positive=True).to("year").magnitude
    if qstart.magnitude <= 0 or qend.magnitude <= 0:
        raise QuantityError(
            f"start and end must both be positive for a growth rate, got {describe(qstart)} and {describe(qend)}"
        )
    growth = float((qend / qstart).to("1").magnitude)
    return Q_(growth ** (1 / float(span)) - 1, "1")
