"""Comparing cluster sizes.

Two ways to say how much bigger cluster *new* is than cluster *old*: by GPU
count alone, or by aggregate peak (GPUs × per-GPU peak at a stated
precision), which also credits faster chips. Both are ratios, not
measurements of delivered training throughput.
"""

from __future__ import annotations

from .units import Quantity, as_unit, require

__all__ = ["scale_by_aggregate_peak", "scale_by_gpu_count"]


def scale_by_gpu_count(gpus_new: Quantity | float, gpus_old: Quantity | float) -> Quantity:
    """Cluster size ratio by count: ``n_new / n_old``.

    >>> round(float(scale_by_gpu_count(100_000, 2048)), 2)
    48.83
    """
    new = as_unit(gpus_new, "GPU", "gpus_new")
    return (new / as_unit(gpus_old, "GPU", "gpus_old")).to("dimensionless")


def scale_by_aggregate_peak(
    gpus_new: Quantity | float, peak_new: Quantity, gpus_old: Quantity | float, peak_old: Quantity
) -> Quantity:
    """Cluster size ratio by aggregate peak: ``(n_new · p_new) / (n_old · p_old)``.

    100,000 H100s (989.4 TFLOP/s BF16) against 2,048 A100s (312 TFLOP/s BF16):

    >>> from kb.quant.units import Q_
    >>> round(float(scale_by_aggregate_peak(100_000, Q_(989.4, "TFLOP/s"), 2048, Q_(312, "TFLOP/s"))), 1)
    154.8
    """
    new = as_unit(gpus_new, "GPU", "gpus_new") * require(peak_new, "FLOP/s", "peak_new", positive=True)
    old = as_unit(gpus_old, "GPU", "gpus_old") * require(peak_old, "FLOP/s", "peak_old", positive=True)
    return (new / old).to("dimensionless")
