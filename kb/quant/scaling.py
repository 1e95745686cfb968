"""Chinchilla-style scaling laws.

A fit ``L(N, D) = E + A / N^α + B / D^β`` gives pre-training loss from
parameters N and tokens D; ``E`` is the irreducible loss. With training
compute ``C = 6·N·D`` the compute-optimal split has a closed form, and the
reducible loss ``L − E`` then falls as ``C^(−γ)`` with ``γ = αβ / (α + β)``.

These functions work on plain floats: N in parameters, D in tokens, C in FLOP.
Quantities in ``param``, ``token`` and ``FLOP`` units are accepted too and
converted; results are plain floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .units import Quantity, QuantityError, as_unit

__all__ = [
    "ChinchillaFit",
    "compute_exponent",
    "compute_multiple_for_loss_reduction",
    "compute_optimal",
    "reducible_loss_at_compute",
]


@dataclass(frozen=True)
class ChinchillaFit:
    """Parameters of ``L(N, D) = E + A / N^α + B / D^β``.

    Hoffmann et al. (2022), approach 3:

    >>> hoffmann = ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    >>> round(hoffmann.loss(70e9, 1.4e12), 3)
    1.937
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float

    def __post_init__(self) -> None:
        for name in ("E", "A", "B", "alpha", "beta"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise QuantityError(f"ChinchillaFit.{name}: must be a finite number, got {value!r}")
            if name == "E" and value < 0:
                raise QuantityError(f"ChinchillaFit.E: must be non-negative, got {value!r}")
            if name != "E" and value <= 0:
                raise QuantityError(f"ChinchillaFit.{name}: must be positive, got {value!r}")

    def loss(self, N: Quantity | float, D: Quantity | float) -> float:
        """``L(N, D) = E + A / N^α + B / D^β``."""
        n, d = _number(N, "param", "N"), _number(D, "token", "D")
        return self.E + self.A / math.pow(n, self.alpha) + self.B / math.pow(d, self.beta)


def compute_optimal(fit: ChinchillaFit, C: Quantity | float) -> tuple[float, float]:
    """Loss-minimizing ``(N_opt, D_opt)`` for compute ``C = 6·N·D``.

    ``G = (αA / (βB))^(1/(α+β))``, ``N_opt = G·(C/6)^(β/(α+β))``,
    ``D_opt = (C/6) / N_opt``.

    >>> hoffmann = ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    >>> n, d = compute_optimal(hoffmann, 5.76e23)
    >>> f"{n:.3g} params, {d:.3g} tokens"
    '3.22e+10 params, 2.98e+12 tokens'
    """
    n_times_d = _number(C, "FLOP", "C") / 6
    g = (fit.alpha * fit.A / (fit.beta * fit.B)) ** (1 / (fit.alpha + fit.beta))
    n_opt = g * n_times_d ** (fit.beta / (fit.alpha + fit.beta))
    return n_opt, n_times_d / n_opt


def reducible_loss_at_compute(fit: ChinchillaFit, C: Quantity | float) -> float:
    """Reducible loss at the compute-optimal point: ``L(N_opt, D_opt) − E``.

    >>> hoffmann = ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    >>> round(reducible_loss_at_compute(hoffmann, 5.76e23), 4)
    0.2407
    """
    n_opt, d_opt = compute_optimal(fit, C)
    return fit.loss(n_opt, d_opt) - fit.E


def compute_exponent(fit: ChinchillaFit) -> float:
    """Exponent of compute-optimal reducible loss, ``L − E ∝ C^(−γ)``: ``γ = αβ / (α + β)``.

    >>> round(compute_exponent(ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)), 4)
    0.1535
    """
    return fit.alpha * fit.beta / (fit.alpha + fit.beta)


def compute_multiple_for_loss_reduction(fit: ChinchillaFit, factor: float) -> float:
    """Compute multiple that divides the reducible loss by ``factor``: ``factor^(1/γ)``.

    Halving the reducible loss under Hoffmann et al. and under Besiroglu et al. (2024):

    >>> hoffmann = ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    >>> besiroglu = ChinchillaFit(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)
    >>> round(compute_multiple_for_loss_reduction(hoffmann, 2), 1)
    91.3
    >>> round(compute_multiple_for_loss_reduction(besiroglu, 2), 1)
    48.8
    """
    return math.pow(_number(factor, "dimensionless", "factor"), 1 / compute_exponent(fit))


def _number(value: Quantity | float, unit: str, name: str) -> float:
    """A positive float in ``unit``; plain numbers are taken to be in ``unit`` already."""
    return float(as_unit(value, unit, name).to(unit).magnitude)
