"""Is attention limited by tensor-core matmuls or by exponentials?

Model: for each attention score element the forward pass does ``4·d`` tensor
FLOP (``2·d`` for the ``QKᵀ`` dot product, ``2·d`` for multiplying the
probability into ``V``) and one exponential in the softmax, where ``d`` is the
head dimension. Tensor cores and the exponential units of an SM run in
parallel, so whichever takes longer per element bounds the kernel. Rates are
per clock per SM, so clock speed and SM count cancel.
"""

from __future__ import annotations

from .units import Q_, Quantity, as_unit, require

__all__ = ["exp_to_mma_time_ratio", "tensor_flops_per_clock_per_sm"]

_TENSOR_FLOP_PER_ELEMENT_PER_DIM = Q_(4, "FLOP")
_EXP_PER_ELEMENT = Q_(1, "exp")


def tensor_flops_per_clock_per_sm(peak: Quantity, sms: Quantity | float, clock: Quantity) -> Quantity:
    """Dense tensor FLOP per clock per SM: ``peak / (SMs · clock)``, in FLOP/clock.

    ``clock`` is a frequency such as ``Q_(1.83, "GHz")`` (clocks per second).

    >>> print(round(tensor_flops_per_clock_per_sm(Q_(989.4, "TFLOP/s"), 132, Q_(1.83, "GHz")).m))
    4096
    """
    p = require(peak, "FLOP/s", "peak", positive=True)
    count = require(sms, "dimensionless", "sms", positive=True)
    clocks_per_second = require(clock, "Hz", "clock", positive=True) * Q_(1, "clock")
    return (p / (count * clocks_per_second)).to("FLOP/clock")


def exp_to_mma_time_ratio(
    head_dim: Quantity | float,
    tensor_flops_per_clock_per_sm: Quantity,
    exp_per_clock_per_sm: Quantity,
) -> Quantity:
    """Exponential time over matmul time per score element (> 1: exponential-bound).

    ``ratio = (1 / exp_rate) / (4·d / tensor_rate) = tensor_rate / (4·d · exp_rate)``.

    H100 (4096 FLOP/clock/SM, 16 exp/clock/SM) with d = 128:

    >>> round(float(exp_to_mma_time_ratio(128, Q_(4096, "FLOP/clock"), Q_(16, "exp/clock"))), 3)
    0.5
    """
    d = as_unit(head_dim, "dimensionless", "head_dim")
    tensor_rate = require(tensor_flops_per_clock_per_sm, "FLOP/clock", "tensor_flops_per_clock_per_sm", positive=True)
    exp_rate = require(exp_per_clock_per_sm, "exp/clock", "exp_per_clock_per_sm", positive=True)
    exp_time = _EXP_PER_ELEMENT / exp_rate
    mma_time = _TENSOR_FLOP_PER_ELEMENT_PER_DIM * d / tensor_rate
    return (exp_time / mma_time).to("dimensionless")
