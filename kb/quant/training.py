"""Training compute and utilization.

Model FLOPs count the arithmetic the model needs: about 6 FLOP per parameter
per token for a dense forward and backward pass (2 forward, 4 backward), plus
attention if given. For mixture-of-experts models ``params`` means *active*
parameters. Model FLOPs utilization (MFU) divides the achieved model-FLOP rate
per GPU by the GPU's peak; hardware FLOPs utilization (HFU) also counts FLOPs
the hardware executes beyond the model's needs, such as recomputed activations.
"""

from __future__ import annotations

from .units import Q_, Quantity, QuantityError, as_unit, describe, require, require_fraction

__all__ = ["achieved_flops_per_gpu", "hfu", "mfu", "mfu_from_hfu", "model_flops"]

_FLOP_PER_PARAM_TOKEN = Q_(6, "FLOP / param / token")


def model_flops(
    params: Quantity | float | None,
    tokens: Quantity | float,
    flops_per_token: Quantity | None = None,
    attention_flops_per_token: Quantity | None = None,
) -> Quantity:
    """Training FLOPs of a model.

    ``C = (6·N + a)·D`` with N parameters, D tokens and ``a`` attention FLOP per
    token (default 0), or ``C = f·D`` when an explicit per-token cost ``f``
    (which then replaces ``6·N`` and must include attention) is given.
    Plain numbers are counts of parameters and tokens.

    >>> print(model_flops(37e9, 14.8e12))
    3.2856e+24 FLOP
    >>> print(model_flops(None, 14.8e12, flops_per_token=Q_(250e9, "FLOP/token")))
    3.7e+24 FLOP
    """
    d = as_unit(tokens, "token", "tokens")
    if flops_per_token is not None:
        if attention_flops_per_token is not None:
            raise QuantityError("attention_flops_per_token: give it only with 6·N, not with flops_per_token")
        return (require(flops_per_token, "FLOP/token", "flops_per_token", positive=True) * d).to("FLOP")
    if params is None:
        raise QuantityError("params: needed unless flops_per_token is given")
    per_token = _FLOP_PER_PARAM_TOKEN * as_unit(params, "param", "params")
    if attention_flops_per_token is not None:
        attention = require(attention_flops_per_token, "FLOP/token", "attention_flops_per_token")
        if attention.magnitude < 0:
            raise QuantityError(f"attention_flops_per_token: must not be negative, got {describe(attention)}")
        per_token = per_token + attention
    return (per_token * d).to("FLOP")


def achieved_flops_per_gpu(
    total_flops: Quantity,
    gpu_hours: Quantity | float | None = None,
    gpus: Quantity | float | None = None,
    wall_time: Quantity | None = None,
) -> Quantity:
    """Average model-FLOP rate per GPU, in TFLOP/s.

    ``R = C / gpu_hours`` or ``R = C / (gpus · wall_time)``; give exactly one
    of the two. ``gpu_hours`` is a time such as ``Q_(2.664e6, "GPU*hour")`` (a plain
    number is taken as GPU-hours); ``wall_time`` must carry a time unit.

    >>> rate = achieved_flops_per_gpu(Q_(3.2856e24, "FLOP"), gpu_hours=Q_(2.664e6, "GPU*hour"))
    >>> print(round(rate.m, 1), rate.units)
    342.6 TFLOP / s
    """
    c = require(total_flops, "FLOP", "total_flops", positive=True)
    if gpu_hours is not None and gpus is None and wall_time is None:
        device_time = as_unit(gpu_hours, "GPU*hour", "gpu_hours")
    elif gpu_hours is None and gpus is not None and wall_time is not None:
        device_time = as_unit(gpus, "GPU", "gpus") * require(wall_time, "hour", "wall_time", positive=True)
    else:
        raise QuantityError("achieved_flops_per_gpu: give either gpu_hours, or both gpus and wall_time")
    return (c / device_time).to("TFLOP/s")


def mfu(achieved: Quantity, peak: Quantity) -> Quantity:
    """Model FLOPs utilization, a dimensionless fraction.

    ``MFU = achieved / peak``, both per GPU in FLOP/s.

    >>> round(float(mfu(Q_(342.6, "TFLOP/s"), Q_(1978.9, "TFLOP/s"))), 4)
    0.1731
    """
    achieved = require(achieved, "FLOP/s", "achieved", positive=True)
    return (achieved / require(peak, "FLOP/s", "peak", positive=True)).to("dimensionless")


def hfu(mfu: Quantity | float, recompute_factor: Quantity | float) -> Quantity:
    """Hardware FLOPs utilization from MFU.

    ``HFU = MFU · r`` with ``r`` = FLOPs executed / model FLOPs (≥ 1), e.g.
    ``r = 8/6`` when full activation recomputation repeats the forward pass.

    >>> round(float(hfu(0.3606, 8 / 6)), 4)
    0.4808
    """
    return (require_fraction(mfu, "mfu") * _recompute(recompute_factor)).to("dimensionless")


def mfu_from_hfu(hfu: Quantity | float, recompute_factor: Quantity | float) -> Quantity:
    """MFU from HFU: ``MFU = HFU / r`` (inverse of :func:`hfu`).

    BLOOM reported 150 TFLOP/s per A100 (312 TFLOP/s peak) with full recompute:

    >>> round(float(mfu_from_hfu(mfu(Q_(150, "TFLOP/s"), Q_(312, "TFLOP/s")), 8 / 6)), 4)
    0.3606
    """
    return (require_fraction(hfu, "hfu") / _recompute(recompute_factor)).to("dimensionless")


def _recompute(value: Quantity | float) -> Quantity:
    q = require(value, "dimensionless", "recompute_factor", positive=True)
    if q.to("dimensionless").magnitude < 1:
        raise QuantityError(f"recompute_factor: executed FLOPs cannot be fewer than model FLOPs, got {describe(q)}")
    return q
