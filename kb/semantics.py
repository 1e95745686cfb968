"""Argument strength over the graph, networkx style (graph first).

Each claim ``a`` has a base score ``τ(a)`` in [0, 1]. What moves it:

* its **supporters** (``supports`` edges, each on its own: convergent);
* its **linked arguments** (``premise`` edges grouped by argument): premises that only together
  support it. An argument is as strong as the *product* of its premises' strengths, so knocking
  out any one premise (strength 0) drops the whole argument, and every premise matters in
  proportion (a weakest-link rule would make every premise but the weakest irrelevant);
* its **attackers** (``rebuts`` edges, including those a question puts between its answers).
  The claims of one answer to a question attack a claim of another answer once, as strongly as
  the strongest of them, so a question weighs as one point of disagreement however many claims
  take its answers.

Two gradual semantics combine them (`SEMANTICS`; the default is quadratic energy):

**Quadratic energy** (Potyka 2018): the energy ``E = Σ supports − Σ attacks`` moves the base
score by ``h(x) = max(x, 0)² / (1 + max(x, 0)²)``::

    σ(a) = τ − τ·h(−E) + (1 − τ)·h(E)

Sums rather than probabilistic ORs: balanced sides cancel only when their sums are equal.

**DF-QuAD** (Rago et al. 2016): supporters and attackers aggregate as ``1 − ∏(1 − v)``, and
``σ = τ − τ·(va − vs)`` if ``va ≥ vs``, else ``τ + (1 − τ)·(vs − va)``. It saturates: five
supporters at 0.8 aggregate to 0.9997.

Evidence can also bound a claim from above (``ceilings``): a claim whose recomputation
contradicts it cannot be argued above its ceiling. Each semantics is monotonic (a supporter never
lowers, an attacker never raises), stays in [0, 1], and does not depend on the order of nodes or
edges.

The grounded labelling of the same graph is `kb.labels`.

Over a whole graph (strongly connected parts, cycles, what a change reaches) they are computed
by `kb.propagation`. One claim, supported at 0.8 and rebutted at 0.4, from a base score of 0.5:

>>> round(DF_QUAD.combine(0.5, [0.8], [0.4]), 2)   # vs 0.8 > va 0.4: 0.5 + 0.5 × 0.4
0.7
>>> round(QUADRATIC_ENERGY.combine(0.5, [0.8], [0.4]), 3)   # E = 0.4: 0.5 + 0.5 × 0.16 / 1.16
0.569
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

NEUTRAL = 0.5
MIN_DAMPING = 1 / 64
Muted = frozenset[str | tuple[str, str]]  # claims, and edges (u, v), to leave out of a computation


@dataclass(frozen=True)
class Strengths:
    """Result of a semantics: strength per claim, sweeps used, and whether it converged."""

    strengths: dict[str, float]
    iterations: int
    converged: bool


def aggregate(values: Iterable[float]) -> float:
    """``1 − ∏(1 − vᵢ)``: DF-QuAD's combined weight of several supporters (or attackers).

    >>> aggregate([]), round(aggregate([0.5, 0.5]), 2)
    (0.0, 0.75)
    """
    return 1.0 - math.prod(1.0 - v for v in values)


def combine(base: float, attack: float, support: float) -> float:
    """Move ``base`` down by ``attack − support`` or up by ``support − attack`` (DF-QuAD).

    >>> [round(combine(0.5, a, s), 3) for a, s in [(0, 0), (0.6, 0.2), (0.2, 0.6)]]
    [0.5, 0.3, 0.7]
    """
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


def _df_quad(base: float, supports: list[float], attacks: list[float]) -> float:
    return combine(base, aggregate(attacks), aggregate(supports))


def energy_influence(base: float, energy: float) -> float:
    """Quadratic energy's move of ``base`` by an energy: ``τ − τ·h(−E) + (1 − τ)·h(E)``.

    >>> [round(energy_influence(0.5, e), 3) for e in (-2, -0.5, 0, 0.5, 2, 14 * 0.8)]
    [0.1, 0.4, 0.5, 0.6, 0.9, 0.996]
    """
    h = (lambda x: x * x / (1.0 + x * x))(abs(energy))
    return base - base * h if energy < 0 else base + (1.0 - base) * h


def _quadratic_energy(base: float, supports: list[float], attacks: list[float]) -> float:
    return energy_influence(base, math.fsum(supports) - math.fsum(attacks))


@dataclass(frozen=True)
class Semantics:
    """A gradual semantics: how a base score and the strengths of what supports and attacks a
    claim give its strength (``combine``), and how one side's strengths add up (``total``)."""

    name: str
    combine: Callable[[float, list[float], list[float]], float] = field(repr=False)
    total: Callable[[Iterable[float]], float] = field(repr=False)
    description: str = ""


DF_QUAD = Semantics(
    "df-quad", _df_quad, aggregate, "DF-QuAD (Rago et al. 2016): probabilistic-OR aggregation; saturates"
)
QUADRATIC_ENERGY = Semantics(
    "quadratic-energy",
    _quadratic_energy,
    math.fsum,
    "quadratic energy (Potyka 2018): sums of supports minus attacks through x²/(1 + x²)",
)
SEMANTICS = {s.name: s for s in (QUADRATIC_ENERGY, DF_QUAD)}
"""The selectable semantics by name; the first is the default."""


def argument_strength(premises: Iterable[float]) -> float:
    """How strongly a linked argument supports its conclusion: the product of its premises.

    >>> argument_strength([0.8, 0.8, 0.8]), argument_strength([0.9, 0.0])
    (0.5120000000000001, 0.0)
    """
    return math.prod(premises)


@dataclass(frozen=True)
class Scoring:
    """How evidence sets a claim's base score (configurable; documented in the README).

    A check that ``supported`` the claim gives ``supported`` (``weakly_supported``
    when the check says it could hardly fail: `CheckSpec.weak`); one that
    ``contradicted`` it gives ``contradicted``; otherwise (``inconclusive``,
    ``unchecked``, ``error``) the claim starts from ``neutral``, unless its file
    sets ``prior: {value, reason}``. A recomputation also caps what arguments can
    make of a claim (`ceiling`), and ``semantics`` names the gradual semantics
    (`SEMANTICS`) that combines them.

    >>> Scoring().base_score("supported", weak=True)
    (0.6, 'its check supports it, but could hardly have failed')
    """

    supported: float = 0.8
    weakly_supported: float = 0.6
    contradicted: float = 0.2
    neutral: float = NEUTRAL
    inconclusive_ceiling: float = 0.7
    semantics: str = QUADRATIC_ENERGY.name

    def ceiling(self, verdict: str) -> float | None:
        """The highest strength arguments can give a claim whose recomputation gave ``verdict``:
        a contradicted claim no more than its base score, an inconclusive one below "strong" (0.75).

        >>> Scoring().ceiling("contradicted"), Scoring().ceiling("inconclusive"), Scoring().ceiling("supported")
        (0.2, 0.7, None)
        """
        return {"contradicted": self.contradicted, "inconclusive": self.inconclusive_ceiling}.get(verdict)

    def base_score(self, verdict: str, prior: tuple[float, str] | None = None, weak: bool = False) -> tuple[float, str]:
        """``(base score, reason)`` for a claim with this check verdict, optional editor prior, and
        whether its check is weak (could hardly have failed).

        >>> Scoring().base_score("contradicted"), Scoring().base_score("unchecked", prior=(0.3, "doubtful"))
        ((0.2, 'its check contradicts it'), (0.3, "editor's prior: doubtful"))
        """
        if verdict == "supported" and weak:
            return self.weakly_supported, "its check supports it, but could hardly have failed"
        if verdict == "supported":
            return self.supported, "its check supports it"
        if verdict == "contradicted":
            return self.contradicted, "its check contradicts it"
        if prior is not None:
            return prior[0], f"editor's prior: {prior[1]}"
        return self.neutral, f"neutral prior (check {verdict})"
