"""Accelerator comparisons: peak ratios, price-performance and the roofline ridge.

Peaks are dense (no sparsity) per-device FLOP/s at one stated precision;
comparing peaks across precisions is the caller's explicit choice. The ridge
point of the roofline model is the arithmetic intensity (FLOP per byte moved
from memory) above which a kernel can be compute-bound rather than
bandwidth-bound.
"""

from __future__ import annotations

from collections.abc import Iterable

from .units import Quantity, QuantityError, require

__all__ = ["best_price_performance_year", "flops_per_dollar", "peak_ratio", "ridge_point"]


def peak_ratio(peak_a: Quantity, peak_b: Quantity) -> Quantity:
    """How many times faster ``a`` is than ``b``: ``peak_a / peak_b``.

    B200 dense FP4 against H100 dense FP8:

    >>> from kb.quant.units import Q_
    >>> round(float(peak_ratio(Q_(9000, "TFLOP/s"), Q_(1978.9, "TFLOP/s"))), 3)
    4.548
    """
    a = require(peak_a, "FLOP/s", "peak_a", positive=True)
    return (a / require(peak_b, "FLOP/s", "peak_b", positive=True)).to("dimensionless")


def flops_per_dollar(peak: Quantity, price: Quantity) -> Quantity:
    """Price-performance ``peak / price``, in GFLOP/s per USD.

    >>> from kb.quant.units import Q_
    >>> value = flops_per_dollar(Q_(989.4, "TFLOP/s"), Q_(30000, "USD"))
    >>> print(round(value.m, 2), value.units)
    32.98 GFLOP / USD / s
    """
    p = require(peak, "FLOP/s", "peak", positive=True)
    return (p / require(price, "USD", "price", positive=True)).to("GFLOP/s/USD")


def best_price_performance_year(rows: Iterable[tuple[int, Quantity, Quantity]]) -> int:
    """Year whose device has the most FLOP/s per USD; ties go to the earliest year.

    ``rows`` holds ``(year, peak, price)`` at one precision (the caller filters):
    ``argmax over rows of peak / price``.

    >>> from kb.quant.units import Q_
    >>> best_price_performance_year([
    ...     (2020, Q_(312, "TFLOP/s"), Q_(15000, "USD")),
    ...     (2022, Q_(989.4, "TFLOP/s"), Q_(30000, "USD")),
    ...     (2024, Q_(2250, "TFLOP/s"), Q_(40000, "USD")),
    ... ])
    2024
    """
    best: tuple[float, int] | None = None
    for index, row in enumerate(rows):
        try:
            year, peak, price = row
        except (TypeError, ValueError):
            raise QuantityError(f"rows[{index}]: expected (year, peak, price), got {row!r}") from None
        if isinstance(year, bool) or not isinstance(year, int):
            raise QuantityError(f"rows[{index}]: year must be an int, got {year!r}")
        value = flops_per_dollar(peak, price).magnitude
        if best is None or (-value, year) < (-best[0], best[1]):
            best = (value, year)
    if best is None:
        raise QuantityError("rows: no (year, peak, price) rows given")
    return best[1]


def ridge_point(peak: Quantity, bandwidth: Quantity) -> Quantity:
    """Roofline ridge point ``peak / bandwidth``, in FLOP/byte.

    H100 SXM at dense BF16 with 3.35 TB/s of HBM3:

    >>> from kb.quant.units import Q_
    >>> ridge = ridge_point(Q_(989.4, "TFLOP/s"), Q_(3.35, "TB/s"))
    >>> print(round(ridge.m, 1), ridge.units)
    295.3 FLOP / B
    """
    p = require(peak, "FLOP/s", "peak", positive=True)
    return (p / require(bandwidth, "B/s", "bandwidth", positive=True)).to("FLOP/B")
