"""Quantitative checks for Crux: small pure functions on pint quantities.

Build every quantity with :data:`Q_` (or :func:`parse_quantity`) from the one
shared registry :data:`ureg`; invalid units or values raise
:class:`QuantityError`.
"""

from .attention import exp_to_mma_time_ratio, tensor_flops_per_clock_per_sm
from .clusters import scale_by_aggregate_peak, scale_by_gpu_count
from .growth import compound_annual_growth_rate, percentage_change, ratio
from .hardware import best_price_performance_year, flops_per_dollar, peak_ratio, ridge_point
from .inference import batch_for_mfu, decode_arithmetic_intensity, mfu_from_mbu
from .scaling import (
    ChinchillaFit,
    compute_exponent,
    compute_multiple_for_loss_reduction,
    compute_optimal,
    reducible_loss_at_compute,
)
from .training import achieved_flops_per_gpu, hfu, mfu, mfu_from_hfu, model_flops
from .units import (
    Q_,
    Quantity,
    QuantityError,
    as_unit,
    describe,
    parse_quantity,
    require,
    require_fraction,
    ureg,
)

__all__ = [
    "Q_",
    "ChinchillaFit",
    "Quantity",
    "QuantityError",
    "achieved_flops_per_gpu",
    "as_unit",
    "batch_for_mfu",
    "best_price_performance_year",
    "compound_annual_growth_rate",
    "compute_exponent",
    "compute_multiple_for_loss_reduction",
    "compute_optimal",
    "decode_arithmetic_intensity",
    "describe",
    "exp_to_mma_time_ratio",
    "flops_per_dollar",
    "hfu",
    "mfu",
    "mfu_from_hfu",
    "mfu_from_mbu",
    "model_flops",
    "parse_quantity",
    "peak_ratio",
    "percentage_change",
    "ratio",
    "reducible_loss_at_compute",
    "require",
    "require_fraction",
    "ridge_point",
    "scale_by_aggregate_peak",
    "scale_by_gpu_count",
    "tensor_flops_per_clock_per_sm",
    "ureg",
]
