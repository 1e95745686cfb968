"""Recomputing only what a change reaches: work lists over `kb.propagation.Propagation`.

Explanations and hinges ask, many times over, where the strengths settle after one change: a base
score, an edge left out, a question's answers fixed. `spread` recomputes only the claims whose
inputs moved by more than a tolerance, so its cost is how far the change reaches rather than the
size of the strongly connected part it starts in; `settle` falls back to the full solve when a
cycle will not settle.

>>> import networkx as nx
>>> from kb.propagation import strengths
>>> G = nx.MultiDiGraph([("s", "a", {"relation": "supports"}), ("a", "b", {"relation": "rebuts"})])
>>> now = strengths(G, {"s": 0.8, "a": 0.5, "b": 0.5}).strengths
>>> spread(Propagation(G), {"s": 0.0, "a": 0.5, "b": 0.5}, now, ["s"], {"s", "a", "b"}), round(now["b"], 4)
(True, 0.4)
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, MutableMapping

from kb.propagation import Propagation
from kb.semantics import MIN_DAMPING, NEUTRAL, Muted


def spread(
    P: Propagation,
    base_scores: Mapping[str, float],
    strengths: MutableMapping[str, float],
    seeds: Iterable[str],
    region: set[str] | int,
    muted: Muted = frozenset(),
    tol: float = 1e-7,
    max_iter: int = 1000,
) -> bool:
    """Move ``strengths`` (a fixpoint) to the fixpoint after a change at the ``seeds`` (their base scores
    in ``base_scores``, or edges into them in ``muted``), recomputing only the claims of ``region``
    (a set, or a bit set: `kb.reach.Reach.between_bits`) whose inputs moved by more than ``tol``.

    Components are taken upstream first. A claim outside any cycle is computed once, after
    everything it reads, as `kb.propagation.Propagation.solve` would: exact. A cycle runs `kb.propagation.Propagation.solve`'s damped Jacobi sweeps
    over its *active* members only (those with a neighbour that moved by more than ``tol``): a
    fixpoint to within ``tol``, where the full solve would sweep every member until nothing moves by more
    than its tolerance. So the work is what the change reaches, not the size of the cycle. Returns
    False when a cycle has not settled after ``max_iter`` sweeps.

    >>> import networkx as nx
    >>> from kb.propagation import strengths
    >>> G = nx.MultiDiGraph([("a", "b", {"relation": "rebuts"}), ("b", "a", {"relation": "rebuts"})])
    >>> P, now = Propagation(G), strengths(G, {"a": 0.5, "b": 0.5}).strengths
    >>> spread(P, {"a": 0.9, "b": 0.5}, now, ["a"], {"a", "b"}, tol=1e-12)
    True
    >>> {n: round(v, 4) for n, v in now.items()} == {
    ...     n: round(v, 4) for n, v in strengths(G, {"a": 0.9, "b": 0.5}).strengths.items()}
    True
    """
    inside = region.__contains__ if isinstance(region, set) else lambda v: bool(region & P.bit[v])
    waiting: dict[int, set[str]] = {}
    heap: list[int] = []

    def push(v: str) -> None:
        if inside(v):
            if (r := P.rank[v]) not in waiting:
                waiting[r] = set()
                heapq.heappush(heap, r)
            waiting[r].add(v)

    for seed in seeds:
        push(seed)
    while heap:
        r = heapq.heappop(heap)
        active = list(waiting.pop(r))
        if P.members[r] is None:
            (n,) = active
            new = P.local(n, base_scores.get(n, NEUTRAL), strengths, muted)
            if new != strengths[n]:
                strengths[n] = new
                for v in P.succs[n]:
                    push(v)
            continue
        steps: dict[str, float] = {}
        last: dict[str, float] = {}
        for _ in range(max_iter):
            updated = {n: P.local(n, base_scores.get(n, NEUTRAL), strengths, muted) for n in active}
            again: set[str] = set()
            for n in active:
                delta = updated[n] - strengths[n]
                if abs(delta) <= tol:
                    continue
                if last.get(n, delta) * delta < 0:  # it turned back: an oscillation, take half steps
                    steps[n] = max(steps.get(n, 1.0) / 2, MIN_DAMPING)
                last[n], step = delta, steps.get(n, 1.0)
                strengths[n] = updated[n] if step == 1.0 else strengths[n] + step * delta
                if step < 1.0:
                    again.add(n)  # a damped step leaves it short of where it is heading
                for v in P.succs[n]:
                    if P.rank[v] != r:
                        push(v)
                    elif inside(v):
                        again.add(v)
            if not again:
                break
            active = list(again)
        else:
            return False
    return True


def settle(
    P: Propagation,
    base_scores: Mapping[str, float],
    strengths: Mapping[str, float],
    region: set[str],
    fixed: Mapping[str, float],
    tol: float = 1e-7,
) -> dict[str, float]:
    """A copy of ``strengths`` (a fixpoint) moved by `spread` to where the claims in ``fixed`` hold
    the strengths given there; if a cycle will not settle, the claims of ``region`` solved whole
    instead (`kb.propagation.Propagation.solve`, warm).

    >>> import networkx as nx
    >>> from kb.propagation import strengths
    >>> G = nx.MultiDiGraph([("s", "a", {"relation": "supports"}), ("a", "b", {"relation": "rebuts"})])
    >>> P, base = Propagation(G), {"s": 0.8, "a": 0.5, "b": 0.5}
    >>> {n: round(v, 4) for n, v in settle(P, base, strengths(G, base).strengths, {"a", "b"}, {"s": 0.0}).items()}
    {'s': 0.0, 'a': 0.5, 'b': 0.4}
    """
    moved = {**strengths, **fixed}
    free = region - fixed.keys()
    if spread(P, base_scores, moved, [v for n in fixed for v in P.succs[n]], free, tol=tol):
        return moved
    moved = dict(strengths)
    P.solve(base_scores, moved, region - fixed.keys(), fixed=fixed, warm=True)
    return moved
