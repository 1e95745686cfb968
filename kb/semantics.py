"""Argument strength over the graph, networkx style (graph first).

Two semantics for the same support/rebut graph:

**DF-QuAD** (Rago et al. 2016), a gradual semantics for bipolar argumentation.
Each claim ``a`` has a base score ``τ(a)`` in [0, 1]. Its supporters' strengths
``s₁…sₙ`` and its attackers' strengths ``r₁…rₘ`` are aggregated as
``vs = 1 − ∏(1 − sᵢ)`` and ``va = 1 − ∏(1 − rᵢ)`` (0 when there are none), and
the base score moves toward 1 or 0 by their difference::

    σ(a) = τ − τ·(va − vs)          if va ≥ vs
    σ(a) = τ + (1 − τ)·(vs − va)    if vs > va

Strengths are computed by Jacobi iteration from σ₀ = τ. On an acyclic graph the
iteration reaches the exact fixpoint after at most L + 1 sweeps, L being the
longest path; with cycles it runs until no strength moves by more than ``tol``
or until ``max_iter`` sweeps, and reports non-convergence (``converged=False``)
instead of looping forever.

**Grounded labelling** (Dung 1995) over the attack (``rebuts``) relation only:
``in`` when every attacker is ``out`` (so unattacked claims are ``in``), ``out``
when some attacker is ``in``, ``undecided`` otherwise — the least fixpoint.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
[0, 0]
>>> result = df_quad(G, {"a": 0.5, "s": 0.8, "r": 0.4})
>>> round(result.strengths["a"], 2)   # vs 0.8 > va 0.4: 0.5 + 0.5 × 0.4
0.7
>>> grounded_labels(G)["a"]
'out'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

NEUTRAL = 0.5


@dataclass(frozen=True)
class Strengths:
    """Result of `df_quad`: strength per claim, sweeps used, and whether it converged."""

    strengths: dict[str, float]
    iterations: int
    converged: bool


def aggregate(values: Iterable[float]) -> float:
    """``1 − ∏(1 − vᵢ)``: the combined weight of several supporters (or attackers).

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


def sides(G: nx.MultiDiGraph, node: str, strengths: Mapping[str, float],
          muted: frozenset = frozenset()) -> tuple[float, float]:
    """``(attack, support)``: the aggregated strengths of ``node``'s attackers and supporters.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> sides(G, "a", {"s": 0.8, "r": 0.4})
    (0.4, 0.8)
    """
    attackers, supporters = [], []
    for u, _, relation in G.in_edges(node, data="relation"):
        if u not in muted and (u, node) not in muted:
            (attackers if relation == "rebuts" else supporters).append(strengths[u])
    return aggregate(attackers), aggregate(supporters)


def local_strength(G: nx.MultiDiGraph, node: str, base: float, strengths: Mapping[str, float],
                   muted: frozenset = frozenset()) -> float:
    """``node``'s DF-QuAD strength from its base score and its neighbours' current strengths
    (ignoring any neighbour in ``muted``).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> round(local_strength(G, "a", 0.5, {"s": 0.8, "r": 0.4}), 3)
    0.7
    """
    attack, support = sides(G, node, strengths, muted)
    return combine(base, attack, support)


def df_quad(G: nx.MultiDiGraph, base_scores: Mapping[str, float], *, tol: float = 1e-9,
            max_iter: int = 1000) -> Strengths:
    """DF-QuAD strengths of every node of ``G`` (see the module docstring and `update_strengths`).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> result = df_quad(G, {"a": 0.5, "s": 0.8, "r": 0.4})
    >>> round(result.strengths["a"], 3), result.converged
    (0.7, True)
    """
    return update_strengths(G, base_scores, {}, G.nodes, tol=tol, max_iter=max_iter)


def update_strengths(G: nx.MultiDiGraph, base_scores: Mapping[str, float], known: Mapping[str, float],
                     nodes: Iterable[str], *, tol: float = 1e-9, max_iter: int = 1000) -> Strengths:
    """Strengths of ``nodes`` (closed downstream: every successor of one is one), the rest taken from ``known``.

    Strongly connected components are solved one at a time, upstream first: a claim
    outside any cycle needs a single step, a cycle is iterated from its base scores
    until it settles. Each component's strengths therefore depend only on what lies
    upstream of it, so recomputing the part downstream of a change gives exactly what
    computing the whole graph again would.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("a", "b", {"relation": "rebuts"})])
    [0, 0]
    >>> full = df_quad(G, {"s": 0.8, "a": 0.5, "b": 0.5}).strengths
    >>> update_strengths(G, {"s": 0.8, "a": 0.5, "b": 0.5}, {"s": 0.8}, ["a", "b"]).strengths == full
    True
    """
    strengths = dict(known)
    sweeps, converged = Propagation(G).solve(base_scores, strengths, nodes, tol=tol, max_iter=max_iter)
    return Strengths({n: strengths[n] for n in G}, sweeps, converged)


class Propagation:
    """The argument graph compiled for repeated strength computations.

    Holds each claim's incoming edges as plain lists and the strongly connected
    components in topological order, so that recomputing the claims between a
    change and a target costs a few list walks rather than graph queries.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> P = Propagation(G)
    >>> strengths = {"s": 0.8, "r": 0.4}
    >>> P.solve({"a": 0.5, "s": 0.8, "r": 0.4}, strengths, P.between(["s"], ["a"]))
    (1, True)
    >>> round(strengths["a"], 3)
    0.7
    """

    def __init__(self, G: nx.MultiDiGraph):
        self.preds = {n: [(u, relation == "rebuts") for u, _, relation in G.in_edges(n, data="relation")] for n in G}
        self.succs = {n: list(dict.fromkeys(G.successors(n))) for n in G}
        C = nx.condensation(G)
        self.rank, self.members, self.components = {}, {}, {}
        for order, component in enumerate(nx.topological_sort(C)):
            members = sorted(C.nodes[component]["members"])
            looped = len(members) > 1 or G.has_edge(members[0], members[0])
            self.members[order] = members if looped else None   # None: one claim, no cycle
            self.components[order] = members
            self.rank.update(dict.fromkeys(members, order))
        self.order = list(self.rank)   # bit i of a bit set stands for claim order[i]

    def local(self, node: str, base: float, strengths: Mapping[str, float], muted: frozenset = frozenset()) -> float:
        """Same as `local_strength`, from the compiled edge lists."""
        attack = support = 1.0
        for u, attacks in self.preds[node]:
            if muted and (u in muted or (u, node) in muted):
                continue
            if attacks:
                attack *= 1.0 - strengths[u]
            else:
                support *= 1.0 - strengths[u]
        return combine(base, 1.0 - attack, 1.0 - support)

    def between(self, changed: Iterable[str], targets: Iterable[str]) -> set[str]:
        """The claims on some path from a ``changed`` claim to a target (both ends included)."""
        down = up = 0
        for c in changed:
            down |= self.below[c] | self.bit[c]
        for t in targets:
            up |= self.above[t] | self.bit[t]
        return self._claims(down & up)

    def _claims(self, bits: int) -> set[str]:
        found = set()
        while bits:
            low = bits & -bits
            found.add(self.order[low.bit_length() - 1])
            bits ^= low
        return found

    @cached_property
    def bit(self) -> dict[str, int]:
        return {n: 1 << i for i, n in enumerate(self.order)}

    @cached_property
    def below(self) -> dict[str, int]:
        """Each claim's descendants as a bit set (an int with one bit per claim, see `order`), found
        once for all claims by walking the components downstream first; ``.bit_count()`` counts them.

        >>> import networkx as nx
        >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "b")])
        >>> {n: bits.bit_count() for n, bits in Propagation(G).below.items()}
        {'a': 2, 'b': 1, 'c': 1}
        """
        return self._reach(self.succs, downstream=True)

    @cached_property
    def above(self) -> dict[str, int]:
        """Each claim's ancestors as a bit set."""
        return self._reach({n: [u for u, _ in p] for n, p in self.preds.items()}, downstream=False)

    def _reach(self, neighbours: Mapping[str, list[str]], downstream: bool) -> dict[str, int]:
        reached: dict[int, int] = {}
        for order in sorted(self.components, reverse=downstream):
            members, bits = self.components[order], 0
            for node in members:
                for v in neighbours[node]:
                    if self.rank[v] != order:
                        bits |= reached[self.rank[v]] | self.bit[v]
            if self.members[order]:    # a cycle: each member reaches every member
                bits |= sum(self.bit[n] for n in members)
            reached[order] = bits
        return {n: reached[self.rank[n]] & ~self.bit[n] for n in self.rank}

    def solve(self, base_scores: Mapping[str, float], strengths: MutableMapping[str, float], nodes: Iterable[str],
              muted: frozenset = frozenset(), tol: float = 1e-9, max_iter: int = 1000) -> tuple[int, bool]:
        """Set the strengths of ``nodes`` in ``strengths``, upstream components first (see `update_strengths`);
        every other claim's strength is read from ``strengths``. Returns (sweeps, converged)."""
        sweeps, converged, done = 1, True, set()
        for node in sorted(nodes, key=self.rank.__getitem__):
            members = self.members[self.rank[node]]
            if members is None:
                strengths[node] = self.local(node, base_scores.get(node, NEUTRAL), strengths, muted)
            elif node not in done:
                done.update(members)
                used, ok = self._iterate(members, base_scores, strengths, muted, tol, max_iter)
                sweeps, converged = max(sweeps, used), converged and ok
        return sweeps, converged

    def _iterate(self, members, base_scores, strengths, muted, tol, max_iter) -> tuple[int, bool]:
        """Jacobi iteration of one cycle of claims from their base scores."""
        strengths.update({n: float(base_scores.get(n, NEUTRAL)) for n in members})
        for sweep in range(1, max_iter + 1):
            updated = {n: self.local(n, base_scores.get(n, NEUTRAL), strengths, muted) for n in members}
            moved = max(abs(updated[n] - strengths[n]) for n in members)
            strengths.update(updated)
            if moved <= tol:
                return sweep, True
        return max_iter, False


def attack_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The attack relation alone: an edge u → v when u rebuts v.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> list(attack_graph(G).edges)
    [('r', 'a')]
    """
    A = nx.DiGraph()
    A.add_nodes_from(G)
    A.add_edges_from((u, v) for u, v, r in G.edges(data="relation") if r == "rebuts")
    return A


def grounded_labels(G: nx.MultiDiGraph) -> dict[str, str]:
    """Dung's grounded labelling over the ``rebuts`` edges: ``in``, ``out`` or ``undecided``.

    >>> import networkx as nx
    >>> chain = nx.MultiDiGraph()
    >>> chain.add_edges_from([("a", "b"), ("b", "c")], relation="rebuts")
    [0, 0]
    >>> sorted(grounded_labels(chain).items())
    [('a', 'in'), ('b', 'out'), ('c', 'in')]
    """
    return label_attacks(attack_graph(G))


def label_attacks(A: nx.DiGraph, nodes: Iterable[str] | None = None) -> dict[str, str]:
    """Grounded labels of ``nodes`` (default: all) of an attack graph, an edge u → v meaning u attacks v.

    ``nodes`` must be closed under attackers (e.g. a weakly connected component).

    >>> import networkx as nx
    >>> label_attacks(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    {'a': 'undecided', 'b': 'undecided', 'c': 'undecided'}
    """
    nodes = list(A) if nodes is None else list(nodes)
    label = {n: "undecided" for n in nodes}
    changed = True
    while changed:
        changed = False
        for n in nodes:
            if label[n] != "undecided":
                continue
            attackers = list(A.predecessors(n))
            if all(label[a] == "out" for a in attackers):
                label[n], changed = "in", True
            elif any(label[a] == "in" for a in attackers):
                label[n], changed = "out", True
    return label


@dataclass(frozen=True)
class Scoring:
    """How evidence sets a claim's base score (configurable; documented in the README).

    A check that ``supported`` the claim gives ``supported``; one that
    ``contradicted`` it gives ``contradicted``; otherwise (``inconclusive``,
    ``unchecked``, ``error``) the claim starts from ``neutral``, unless its file
    sets ``prior: {value, reason}``.
    """

    supported: float = 0.8
    contradicted: float = 0.2
    neutral: float = NEUTRAL

    def base_score(self, verdict: str, prior: tuple[float, str] | None = None) -> tuple[float, str]:
        """``(base score, reason)`` for a claim with this check verdict and optional editor prior."""
        if verdict == "supported":
            return self.supported, "its check supports it"
        if verdict == "contradicted":
            return self.contradicted, "its check contradicts it"
        if prior is not None:
            return prior[0], f"editor's prior: {prior[1]}"
        return self.neutral, f"neutral prior (check {verdict})"
