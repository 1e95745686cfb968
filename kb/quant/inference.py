"""Memory-bound decoding: how batch size turns bandwidth use into FLOP use.

Model: one decode step of a dense model reads every weight once and does
2 FLOP per parameter per sequence in the batch (one multiply-add). Weight
loading is assumed to dominate memory traffic, so KV-cache and activation
reads are ignored; this holds for small batches and short contexts and makes
the estimates optimistic otherwise. Memory-bandwidth utilization (MBU) is the
fraction of peak bandwidth the step achieves. The model only holds below the
roofline ridge point, where the step is bandwidth-bound (MFU ≤ 1).
"""

from __future__ import annotations

from .units import Q_, Quantity, QuantityError, as_unit, describe, require, require_fraction

__all__ = ["batch_for_mfu", "decode_arithmetic_intensity", "mfu_from_mbu"]

_FLOP_PER_PARAM = Q_(2, "FLOP/param")


def decode_arithmetic_intensity(batch_size: Quantity | float, bytes_per_param: Quantity | float) -> Quantity:
    """Arithmetic intensity of a weights-only decode step, in FLOP/byte.

    ``I = 2·B / b`` for batch size B and b bytes per parameter (plain numbers
    are bytes per parameter; ``Q_(2, "B/param")`` and ``Q_(2, "B")`` also work).

    >>> print(decode_arithmetic_intensity(8, 2))
    8.0 FLOP / B
    """
    batch = require(batch_size, "dimensionless", "batch_size", positive=True)
    weight_bytes = as_unit(bytes_per_param, "B/param", "bytes_per_param")
    return (_FLOP_PER_PARAM * batch / weight_bytes).to("FLOP/B")


def mfu_from_mbu(
    mbu: Quantity | float,
    batch_size: Quantity | float,
    bytes_per_param: Quantity | float,
    peak: Quantity,
    bandwidth: Quantity,
) -> Quantity:
    """MFU of a bandwidth-bound decode step: ``MFU = MBU · I · bandwidth / peak``.

    H100 at BF16 (989.4 TFLOP/s, 3.35 TB/s), 2-byte weights, MBU 0.7, batch 1:

    >>> round(float(mfu_from_mbu(0.7, 1, 2, Q_(989.4, "TFLOP/s"), Q_(3.35, "TB/s"))), 5)
    0.00237
    """
    util = require_fraction(mbu, "mbu")
    intensity = decode_arithmetic_intensity(batch_size, bytes_per_param)
    p = require(peak, "FLOP/s", "peak", positive=True)
    bw = require(bandwidth, "B/s", "bandwidth", positive=True)
    result = (util * intensity * bw / p).to("dimensionless")
    if result.magnitude > 1:
        raise QuantityError(
            f"batch_size: {describe(require(batch_size, '1', 'batch_size'))} puts decode above the"
            f" ridge point (MFU {result.magnitude:.3g} > 1); the step is compute-bound and this model"
            " does not apply"
        )
    return result


def batch_for_mfu(
    target_mfu: Quantity | float,
    mbu: Quantity | float,
    bytes_per_param: Quantity | float,
    peak: Quantity,
    bandwidth: Quantity,
) -> float:
    """Batch size at which decode MFU reaches ``target_mfu`` (a float; ceil it for a count).

    ``B = MFU · peak · b / (2 · MBU · bandwidth)``, inverting :func:`mfu_from_mbu`.
    For a 5% MFU target on the H100 example above:

    >>> round(batch_for_mfu(0.05, 0.7, 2, Q_(989.4, "TFLOP/s"), Q_(3.35, "TB/s")), 1)
    21.1
    """
    target = require_fraction(target_mfu, "target_mfu")
    util = require_fraction(mbu, "mbu")
    weight_bytes = as_unit(bytes_per_param, "B/param", "bytes_per_param")
    p = require(peak, "FLOP/s", "peak", positive=True)
    bw = require(bandwidth, "B/s", "bandwidth", positive=True)
    return float((target * p * weight_bytes / (_FLOP_PER_PARAM * util * bw)).to("dimensionless"))
