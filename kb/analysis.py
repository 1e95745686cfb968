"""Why each claim stands where it does, what would change it, and where the sources collide.

Built on `kb.semantics`: explanations list the supporters and attackers that moved
a claim's DF-QuAD strength (each edge's direct effect: the claim's strength with
and without that one edge, holding its neighbours' strengths fixed) and the
smallest single change that would move its strength across 0.5 or flip its
grounded label. Cruxes are rebuttals between claims of different sources, ranked
by how much the theses' strengths depend on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import networkx as nx

from kb.semantics import aggregate, combine, df_quad, grounded_labels, local_strength, sides

THRESHOLD = 0.5


@dataclass(frozen=True)
class Contribution:
    """One supporter or attacker of a claim and how much it moved the claim's strength."""

    claim_id: str
    relation: str
    strength: float
    effect: float


@dataclass(frozen=True)
class Change:
    """A single change to the base: a new base score for one claim, or one edge removed."""

    kind: str                      # "base-score" or "remove-edge"
    claim_id: str                  # whose base score changes / the edge's arguing claim
    value: float | None = None     # the new base score
    target: str | None = None      # the edge's target
    relation: str | None = None
    outcome: str = ""              # the new strength or label, in words

    def describe(self) -> str:
        if self.kind == "base-score":
            return f"the base score of {self.claim_id} became {self.value:.4g} ({self.outcome})"
        return f"{self.claim_id} no longer {self.relation} {self.target} ({self.outcome})"


@dataclass(frozen=True)
class Explanation:
    claim_id: str
    base: float
    base_reason: str
    strength: float
    label: str
    support: float
    attack: float
    contributions: list[Contribution]
    strength_flip: Change | None
    label_flip: Change | None

    def sentence(self) -> str:
        """The explanation in plain words."""
        level = "strong" if self.strength >= 0.75 else "holds" if self.strength > THRESHOLD else "weak"
        text = f"Strength {self.strength:.2f} ({level}) from a base score of {self.base:.2f} ({self.base_reason})"
        if self.contributions:
            text += f"; its supporters add up to {self.support:.2f} and its rebuttals to {self.attack:.2f}"
        moved = [c for c in self.contributions if abs(c.effect) >= 0.005]
        if moved:
            parts = [f"{c.claim_id} {'+' if c.effect > 0 else '−'}{abs(c.effect):.2f}" for c in moved[:3]]
            text += "; moved most by " + ", ".join(parts)
        elif self.contributions:
            text += "; no single one of them changes it much"
        return text + "."


@dataclass(frozen=True)
class Crux:
    """A rebuttal between claims of different sources, and how much the theses depend on it."""

    rebutter: str
    target: str
    weight: float
    shifts: dict[str, float]
    checkable: bool
    reach: int = 0
    intensity: float = 0.0


@dataclass
class Assessment:
    """Strengths, labels, explanations and cruxes of one argument graph."""

    G: nx.MultiDiGraph
    base_scores: Mapping[str, float]
    base_reasons: Mapping[str, str] = field(default_factory=dict)
    theses: list[str] = field(default_factory=list)
    checkable: set[str] = field(default_factory=set)

    @cached_property
    def semantics(self):
        return df_quad(self.G, self.base_scores)

    @property
    def strengths(self) -> dict[str, float]:
        return self.semantics.strengths

    @cached_property
    def labels(self) -> dict[str, str]:
        return grounded_labels(self.G)

    def explain(self, node: str) -> Explanation:
        """Contributions, and the smallest change that moves the strength across 0.5 or flips the label."""
        attack, support = sides(self.G, node, self.strengths)
        return Explanation(
            node, self.base_scores[node], self.base_reasons.get(node, ""), self.strengths[node], self.labels[node],
            support, attack, contributions(self.G, node, self.base_scores[node], self.strengths),
            self._strength_flip(node), label_flip(self.G, node, self.labels),
        )

    def _strength_flip(self, node: str) -> Change | None:
        above = self.strengths[node] > THRESHOLD
        confirmed = (self._confirm(node, c, above) for c in self._base_score_changes(node))
        candidates = [c for c in confirmed if c is not None]
        if candidates:
            return min(candidates, key=lambda c: abs(c.value - self.base_scores[c.claim_id]))  # type: ignore[operator]
        for u, _, relation in sorted(self.G.in_edges(node, data="relation")):
            strength = df_quad(without_edge(self.G, u, node, relation), self.base_scores).strengths[node]
            if (strength > THRESHOLD) != above:
                return Change("remove-edge", u, target=node, relation=relation, outcome=_crossing(strength))
        return None

    def _base_score_changes(self, node: str) -> list[Change]:
        """Candidate base-score changes for ``node`` and its direct neighbours (local estimate)."""
        changes = []
        for claim in [node, *sorted({u for u, _ in self.G.in_edges(node)})]:
            value = _solve(lambda t, c=claim: self._local(node, c, t), self.strengths[node] > THRESHOLD)
            if value is not None:
                changes.append(Change("base-score", claim, value=value))
        return changes

    def _local(self, node: str, claim: str, base: float) -> float:
        strengths = dict(self.strengths)
        if claim != node:
            strengths[claim] = local_strength(self.G, claim, base, strengths)
            return local_strength(self.G, node, self.base_scores[node], strengths)
        return local_strength(self.G, node, base, strengths)

    def _confirm(self, node: str, change: Change, above: bool) -> Change | None:
        """``change`` with its outcome, if a full recomputation confirms that it flips ``node``."""
        scores = dict(self.base_scores)
        scores[change.claim_id] = change.value  # type: ignore[assignment]
        strength = df_quad(self.G, scores).strengths[node]
        if (strength > THRESHOLD) == above:
            return None
        return replace(change, outcome=_crossing(strength))

    def cruxes(self) -> list[Crux]:
        """Cross-source rebuttals, ranked by how far the theses move when the pair stops counting.

        Ties (common once many supporters saturate DF-QuAD's aggregation) are broken by
        how hard the pair collides (the rebutter's strength × the target's base score)
        times how many claims lie downstream of the pair.
        """
        found = []
        for u, v, relation in self.G.edges(data="relation"):
            if relation != "rebuts" or self.G.nodes[u].get("source") == self.G.nodes[v].get("source"):
                continue
            H = self.G.copy()
            H.remove_edges_from(list(H.out_edges([u, v], keys=True)))
            after = df_quad(H, self.base_scores).strengths
            shifts = {t: self.strengths[t] - after[t] for t in self.theses if t in after}
            weight = sum(abs(s) for s in shifts.values())
            reach = len(nx.descendants(self.G, u) | nx.descendants(self.G, v))
            intensity = self.strengths[u] * self.base_scores[v]
            found.append(Crux(u, v, weight, shifts, u in self.checkable or v in self.checkable, reach, intensity))
        return sorted(found, key=lambda c: (-round(c.weight, 6), -round(c.intensity * c.reach, 9), c.rebutter, c.target))


def contributions(G: nx.MultiDiGraph, node: str, base: float, strengths: Mapping[str, float]) -> list[Contribution]:
    """Each incoming edge's direct effect on ``node``'s strength (with minus without it)."""
    edges = sorted((u, r) for u, _, r in G.in_edges(node, data="relation"))

    def strength_without(skip: int | None) -> float:
        attack = aggregate(strengths[u] for i, (u, r) in enumerate(edges) if r == "rebuts" and i != skip)
        support = aggregate(strengths[u] for i, (u, r) in enumerate(edges) if r != "rebuts" and i != skip)
        return combine(base, attack, support)

    now = strength_without(None)
    found = [Contribution(u, r, strengths[u], now - strength_without(i)) for i, (u, r) in enumerate(edges)]
    return sorted(found, key=lambda c: (-abs(c.effect), c.claim_id))


def without_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str) -> nx.MultiDiGraph:
    """A copy of ``G`` without the ``relation`` edge from ``u`` to ``v``."""
    H = G.copy()
    H.remove_edges_from([(u, v, k) for k, d in G[u][v].items() if d.get("relation") == relation])
    return H


def label_flip(G: nx.MultiDiGraph, node: str, labels: Mapping[str, str]) -> Change | None:
    """One rebut edge, into ``node`` or into one of its attackers, whose removal changes its label."""
    attackers = sorted({u for u, _, r in G.in_edges(node, data="relation") if r == "rebuts"})
    near = [(u, node) for u in attackers]
    near += sorted((w, a) for a in attackers for w, _, r in G.in_edges(a, data="relation") if r == "rebuts")
    component = _attack_component(G, node)
    for u, v in near:
        label = grounded_labels(without_edge(component, u, v, "rebuts"))[node]
        if label != labels[node]:
            return Change("remove-edge", u, target=v, relation="rebuts", outcome=f"label {label}")
    return None


def _attack_component(G: nx.MultiDiGraph, node: str) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.add_edges_from((u, v, {"relation": r}) for u, v, r in G.edges(data="relation") if r == "rebuts")
    H.add_node(node)
    nodes = nx.node_connected_component(H.to_undirected(as_view=True), node)
    return nx.MultiDiGraph(H.subgraph(nodes))


def _crossing(strength: float) -> str:
    return f"strength {'rises above' if strength > THRESHOLD else 'falls to'} {THRESHOLD} ({strength:.4f})"


def _solve(strength_at, above: bool, steps: int = 50) -> float | None:
    """Base score in [0, 1] nearest the current one where strength crosses 0.5 (bisection)."""
    low, high = 0.0, 1.0
    at_low, at_high = strength_at(low) > THRESHOLD, strength_at(high) > THRESHOLD
    if at_low == at_high:
        return None
    for _ in range(steps):
        middle = (low + high) / 2
        if (strength_at(middle) > THRESHOLD) == at_low:
            low = middle
        else:
            high = middle
    return high if at_low == above else low
