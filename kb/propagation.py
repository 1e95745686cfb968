"""Strengths over a whole argument graph, for a semantics of `kb.semantics`.

Strengths are computed one strongly connected part at a time, upstream first; a cycle is
iterated from its base scores (damped when it would oscillate) until nothing moves by more than
``tol``, and non-convergence after ``max_iter`` sweeps is reported, never looped on. `Propagation`
compiles the graph once for the many recomputations of explanations and hinges, and recomputes
only what a change reaches.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
[0, 0]
>>> round(df_quad(G, {"a": 0.5, "s": 0.8, "r": 0.4}).strengths["a"], 2)   # vs 0.8 > va 0.4: 0.5 + 0.5 × 0.4
0.7
>>> round(quadratic_energy(G, {"a": 0.5, "s": 0.8, "r": 0.4}).strengths["a"], 3)   # E = 0.4: 0.5 + 0.5 × 0.16 / 1.16
0.569
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable, Mapping, MutableMapping

import networkx as nx

from kb.reach import Reach
from kb.semantics import (
    DF_QUAD,
    MIN_DAMPING,
    NEUTRAL,
    QUADRATIC_ENERGY,
    Muted,
    Semantics,
    Strengths,
    argument_strength,
)


def strengths(
    G: nx.MultiDiGraph,
    base_scores: Mapping[str, float],
    semantics: Semantics = QUADRATIC_ENERGY,
    *,
    ceilings: Mapping[str, float] | None = None,
    tol: float = 1e-9,
    max_iter: int = 1000,
) -> Strengths:
    """Strengths of every node of ``G`` under ``semantics`` (see the module docstring).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("p", "c", key="premise:0", relation="premise", argument=0)
    'premise:0'
    >>> G.add_edge("q", "c", key="premise:0", relation="premise", argument=0)
    'premise:0'
    >>> result = strengths(G, {"p": 0.8, "q": 0.5, "c": 0.5})   # argument 0.4: 0.5 + 0.5 × 0.16 / 1.16
    >>> round(result.strengths["c"], 3), result.converged
    (0.569, True)
    """
    found: dict[str, float] = {}
    sweeps, converged = Propagation(G, semantics, ceilings).solve(
        base_scores, found, G.nodes, tol=tol, max_iter=max_iter
    )
    return Strengths({n: found[n] for n in G}, sweeps, converged)


def df_quad(
    G: nx.MultiDiGraph, base_scores: Mapping[str, float], *, tol: float = 1e-9, max_iter: int = 1000
) -> Strengths:
    """DF-QuAD strengths of every node of ``G``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> result = df_quad(G, {"a": 0.5, "s": 0.8, "r": 0.4})
    >>> round(result.strengths["a"], 3), result.converged
    (0.7, True)
    """
    return strengths(G, base_scores, DF_QUAD, tol=tol, max_iter=max_iter)


def quadratic_energy(
    G: nx.MultiDiGraph, base_scores: Mapping[str, float], *, tol: float = 1e-9, max_iter: int = 1000
) -> Strengths:
    """Quadratic-energy strengths of every node of ``G``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("a", "b", {"relation": "rebuts"}), ("b", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> {n: round(s, 4) for n, s in quadratic_energy(G, {"a": 0.5, "b": 0.5}).strengths.items()}   # σ = 0.5 − 0.5·σ²/(1 + σ²)
    {'a': 0.4239, 'b': 0.4239}
    """
    return strengths(G, base_scores, QUADRATIC_ENERGY, tol=tol, max_iter=max_iter)


def update_strengths(
    G: nx.MultiDiGraph,
    base_scores: Mapping[str, float],
    known: Mapping[str, float],
    nodes: Iterable[str],
    semantics: Semantics = QUADRATIC_ENERGY,
    *,
    tol: float = 1e-9,
    max_iter: int = 1000,
) -> Strengths:
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
    >>> full = quadratic_energy(G, {"s": 0.8, "a": 0.5, "b": 0.5}).strengths
    >>> update_strengths(G, {"s": 0.8, "a": 0.5, "b": 0.5}, {"s": 0.8}, ["a", "b"]).strengths == full
    True
    """
    found = dict(known)
    sweeps, converged = Propagation(G, semantics).solve(base_scores, found, nodes, tol=tol, max_iter=max_iter)
    return Strengths({n: found[n] for n in G}, sweeps, converged)


class Propagation(Reach):
    """The argument graph compiled for repeated strength computations.

    Holds each claim's attackers, supporters and linked arguments as plain lists and the
    strongly connected components in topological order, so that recomputing the claims
    between a change and a target costs a few list walks rather than graph queries.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
    [0, 0]
    >>> P = Propagation(G, DF_QUAD)
    >>> strengths = {"s": 0.8, "r": 0.4}
    >>> P.solve({"a": 0.5, "s": 0.8, "r": 0.4}, strengths, P.between(["s"], ["a"]))
    (1, True)
    >>> round(strengths["a"], 3)
    0.7
    """

    def __init__(
        self, G: nx.MultiDiGraph, semantics: Semantics = QUADRATIC_ENERGY, ceilings: Mapping[str, float] | None = None
    ):
        self.semantics, self.ceilings = semantics, dict(ceilings or {})
        self.attackers: dict[str, list[list[str]]] = {}
        self.supporters: dict[str, list[str]] = {}
        self.arguments: dict[str, list[list[str]]] = {}
        for n in G:
            attackers: dict[Hashable, list[str]] = {}  # by claim, or by (question, answer)
            supporters: list[str] = []
            arguments: dict[Hashable, list[str]] = {}  # premises, by argument
            for u, _, data in sorted(G.in_edges(n, data=True), key=lambda e: (e[0], str(e[2].get("argument", "")))):
                relation = data.get("relation")
                if relation == "rebuts":  # an answer of a question attacks once, as strongly as its strongest claim
                    group = (data["question"], data.get("answer")) if "question" in data else u
                    attackers.setdefault(group, []).append(u)
                elif relation == "premise":
                    arguments.setdefault(data.get("argument", 0), []).append(u)
                else:
                    supporters.append(u)
            self.attackers[n] = [attackers[k] for k in sorted(attackers, key=repr)]
            self.supporters[n] = supporters
            self.arguments[n] = [arguments[k] for k in sorted(arguments, key=str)]
        super().__init__(G)

    def sides(
        self, node: str, strengths: Mapping[str, float], muted: Muted = frozenset()
    ) -> tuple[list[float], list[float]]:
        """``(supports, attacks)``: the strengths of what supports ``node`` (supporters, then its linked
        arguments) and of what attacks it, ignoring any neighbour or edge ``(u, node)`` in ``muted``
        (a muted premise drops its whole argument).

        >>> import networkx as nx
        >>> P = Propagation(nx.MultiDiGraph([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})]))
        >>> P.sides("a", {"s": 0.8, "r": 0.4}), P.sides("a", {"s": 0.8, "r": 0.4}, muted=frozenset({"r"}))
        (([0.8], [0.4]), ([0.8], []))
        """
        if not muted:  # the common case, without the checks
            supports = [strengths[u] for u in self.supporters[node]]
            supports += [math.prod([strengths[p] for p in premises]) for premises in self.arguments[node]]
            return supports, [max([strengths[u] for u in group]) for group in self.attackers[node]]

        def counts(u: str) -> bool:
            return u not in muted and (u, node) not in muted

        supports = [strengths[u] for u in self.supporters[node] if counts(u)]
        supports += [
            argument_strength(strengths[p] for p in premises)
            for premises in self.arguments[node]
            if all(counts(p) for p in premises)
        ]
        attacks = [
            max(strengths[u] for u in group if counts(u)) for group in self.attackers[node] if any(map(counts, group))
        ]
        return supports, attacks

    def local(self, node: str, base: float, strengths: Mapping[str, float], muted: Muted = frozenset()) -> float:
        """``node``'s strength from its base score and its neighbours' current strengths (see `sides`),
        no higher than its ceiling.

        >>> import networkx as nx
        >>> P = Propagation(nx.MultiDiGraph([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})]))
        >>> round(P.local("a", 0.5, {"s": 0.8, "r": 0.4}), 3)
        0.569
        """
        supports, attacks = self.sides(node, strengths, muted)
        strength = self.semantics.combine(base, supports, attacks)
        ceiling = self.ceilings.get(node)
        return strength if ceiling is None else min(strength, ceiling)

    def solve(
        self,
        base_scores: Mapping[str, float],
        strengths: MutableMapping[str, float],
        nodes: Iterable[str],
        muted: Muted = frozenset(),
        tol: float = 1e-9,
        max_iter: int = 1000,
        fixed: Mapping[str, float] | None = None,
        warm: bool = False,
    ) -> tuple[int, bool]:
        """Set the strengths of ``nodes`` in ``strengths``, upstream components first (see `update_strengths`);
        every other claim's strength is read from ``strengths``, and a claim in ``fixed`` keeps the
        strength given there. A cycle is iterated from its base scores, or with ``warm`` from the
        strengths ``strengths`` already holds (for a small change, far fewer sweeps to the same
        fixpoint). Returns (sweeps, converged).

        >>> import networkx as nx
        >>> P = Propagation(nx.MultiDiGraph([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})]))
        >>> strengths = {"s": 0.8, "r": 0.4}
        >>> P.solve({"a": 0.5}, strengths, ["a"]), round(strengths["a"], 3)
        ((1, True), 0.569)
        """
        fixed = fixed or {}
        strengths.update(fixed)
        sweeps, converged, done = 1, True, set()
        for node in sorted(nodes, key=self.rank.__getitem__):
            members = self.members[self.rank[node]]
            if node in fixed:
                continue
            if members is None:
                strengths[node] = self.local(node, base_scores.get(node, NEUTRAL), strengths, muted)
            elif node not in done:
                done.update(members)
                free = [n for n in members if n not in fixed]
                used, ok = self._iterate(free, base_scores, strengths, muted, tol, max_iter, warm)
                sweeps, converged = max(sweeps, used), converged and ok
        return sweeps, converged

    def perturb(
        self,
        base_scores: Mapping[str, float],
        strengths: MutableMapping[str, float],
        fixed: Mapping[str, float],
        region: set[str],
        tol: float = 1e-7,
        max_updates: int = 200,
    ) -> bool:
        """Move ``strengths`` (a fixpoint) to the fixpoint where the claims in ``fixed`` hold the strengths
        given there, recomputing only the claims of ``region`` that a change reaches.

        A work list, upstream components first: a claim is recomputed when one of its neighbours
        moved by more than ``tol``, and its own move then passes on to its successors in ``region``;
        a claim whose moves change direction takes half steps (as `_iterate` damps a cycle). On an
        acyclic region each claim is computed once, after everything it reads, so the result is
        exact; in a cycle it is a fixpoint to within ``tol``. Returns False when some claim needed
        more than ``max_updates`` moves (the strengths are then left where they got to).

        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("a", "b", {"relation": "rebuts"})])
        [0, 0]
        >>> P, base = Propagation(G), {"s": 0.8, "a": 0.5, "b": 0.5}
        >>> now = strengths(G, base).strengths
        >>> P.perturb(base, now, {"s": 0.0}, {"a", "b"}), {n: round(v, 4) for n, v in now.items()}
        (True, {'s': 0.0, 'a': 0.5, 'b': 0.4})
        """
        strengths.update(fixed)
        queue: list[tuple[int, str]] = []  # (rank, claim), a heap
        queued: set[str] = set()
        moves: dict[str, int] = {}
        step: dict[str, float] = {}
        last: dict[str, float] = {}

        def push(nodes: Iterable[str]) -> None:
            for v in nodes:
                if v in region and v not in fixed and v not in queued:
                    queued.add(v)
                    heapq.heappush(queue, (self.rank[v], v))

        push(v for n in fixed for v in self.succs[n])
        while queue:
            _, n = heapq.heappop(queue)
            queued.discard(n)
            target = self.local(n, base_scores.get(n, NEUTRAL), strengths)
            delta = target - strengths[n]
            if abs(delta) <= tol:
                continue
            if last.get(n, delta) * delta < 0:
                step[n] = max(step.get(n, 1.0) / 2, MIN_DAMPING)
            last[n], moves[n] = delta, moves.get(n, 0) + 1
            if moves[n] > max_updates:
                return False
            strengths[n] += step.get(n, 1.0) * delta
            push(self.succs[n])
            if step.get(n, 1.0) < 1.0:
                push([n])  # a half step leaves it short of where it is heading
        return True

    def _iterate(
        self,
        members: list[str],
        base_scores: Mapping[str, float],
        strengths: MutableMapping[str, float],
        muted: Muted,
        tol: float,
        max_iter: int,
        warm: bool = False,
    ) -> tuple[int, bool]:
        """Iterate one cycle of claims from their base scores (or, ``warm``, from their current strengths):
        Jacobi sweeps, damped by half each time the largest move fails to shrink (an oscillation),
        down to `MIN_DAMPING`."""
        if not warm:
            strengths.update({n: float(base_scores.get(n, NEUTRAL)) for n in members})
        step, last = 1.0, math.inf
        for sweep in range(1, max_iter + 1):
            updated = {n: self.local(n, base_scores.get(n, NEUTRAL), strengths, muted) for n in members}
            moved = max(abs(updated[n] - strengths[n]) for n in members)
            if moved <= tol:
                strengths.update(updated)
                return sweep, True
            if moved >= last and step > MIN_DAMPING:
                step /= 2
            last = moved
            strengths.update({n: strengths[n] + step * (updated[n] - strengths[n]) for n in members})
        return max_iter, False
