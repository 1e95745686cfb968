"""What reaches what in a directed graph, as bit sets: one int per claim, bit ``i`` for ``order[i]``.

`kb.propagation.Propagation` (the argument graph) and `kb.flips` (the attack graph) are built on
`Reach`: its strongly connected components in topological order, and each claim's ancestors and
descendants, found once for all claims, so that "which claims lie between these and those" costs a
few integer operations.

>>> import networkx as nx
>>> R = Reach(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")]))
>>> sorted(R.between(["a"], ["c"])), R.below["a"].bit_count()
(['a', 'b', 'c'], 3)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property

import networkx as nx


class Reach:
    """A directed graph's components, upstream first, and each node's ancestors and descendants.

    ``members[i]`` lists the claims of the ``i``-th component when it is a cycle (None for a claim
    outside any cycle), ``components[i]`` lists them either way, ``rank[claim]`` is its component's
    position.

    >>> import networkx as nx
    >>> R = Reach(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    >>> R.members, R.rank
    ({0: ['a', 'b'], 1: None}, {'a': 0, 'b': 0, 'c': 1})
    """

    def __init__(self, G: nx.DiGraph):
        self.preds = {n: list(dict.fromkeys(u for u, _ in G.in_edges(n))) for n in G}
        self.succs = {n: list(dict.fromkeys(G.successors(n))) for n in G}
        C = nx.condensation(G)
        self.rank: dict[str, int] = {}
        self.members: dict[int, list[str] | None] = {}
        self.components: dict[int, list[str]] = {}
        for order, component in enumerate(nx.topological_sort(C)):
            members = sorted(C.nodes[component]["members"])
            looped = len(members) > 1 or G.has_edge(members[0], members[0])
            self.members[order] = members if looped else None  # None: one claim, no cycle
            self.components[order] = members
            self.rank.update(dict.fromkeys(members, order))
        self.order = list(self.rank)  # bit i of a bit set stands for claim order[i]

    def between(self, changed: Iterable[str], targets: Iterable[str]) -> set[str]:
        """The claims on some path from a ``changed`` claim to a target (both ends included).

        >>> import networkx as nx
        >>> R = Reach(nx.DiGraph([("s", "a"), ("r", "a")]))
        >>> sorted(R.between(["s"], ["a"])), sorted(R.between(["a"], ["s"]))
        (['a', 's'], [])
        """
        return self.claims(self.between_bits(changed, targets))

    def between_bits(self, changed: Iterable[str], targets: Iterable[str]) -> int:
        """`between` as a bit set.

        >>> import networkx as nx
        >>> R = Reach(nx.DiGraph([("s", "a"), ("r", "a")]))
        >>> R.between_bits(["s"], ["a"]) == R.bit["s"] | R.bit["a"]
        True
        """
        down = up = 0
        for c in changed:
            down |= self.below[c] | self.bit[c]
        for t in targets:
            up |= self.above[t] | self.bit[t]
        return down & up

    def claims(self, bits: int) -> set[str]:
        """The claims of a bit set (see `order`).

        >>> import networkx as nx
        >>> R = Reach(nx.DiGraph([("s", "a"), ("r", "a")]))
        >>> sorted(R.claims(R.bit["s"] | R.bit["a"]))
        ['a', 's']
        """
        found = set()
        while bits:
            low = bits & -bits
            found.add(self.order[low.bit_length() - 1])
            bits ^= low
        return found

    @cached_property
    def bit(self) -> dict[str, int]:
        """Each claim's own bit in a bit set: bit ``i`` for ``order[i]``.

        >>> import networkx as nx
        >>> Reach(nx.DiGraph([("a", "b")])).bit
        {'a': 1, 'b': 2}
        """
        return {n: 1 << i for i, n in enumerate(self.order)}

    @cached_property
    def below(self) -> dict[str, int]:
        """Each claim's descendants as a bit set (an int with one bit per claim, see `order`), found
        once for all claims by walking the components downstream first; ``.bit_count()`` counts them.

        >>> import networkx as nx
        >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
        >>> {n: bits.bit_count() for n, bits in Reach(G).below.items()}
        {'a': 2, 'b': 1, 'c': 1}
        """
        return self._reach(self.succs, downstream=True)

    @cached_property
    def above(self) -> dict[str, int]:
        """Each claim's ancestors as a bit set (see `below`).

        >>> import networkx as nx
        >>> {n: bits.bit_count() for n, bits in Reach(nx.DiGraph([("a", "b"), ("b", "c")])).above.items()}
        {'a': 0, 'b': 1, 'c': 2}
        """
        return self._reach(self.preds, downstream=False)

    def _reach(self, neighbours: Mapping[str, list[str]], downstream: bool) -> dict[str, int]:
        reached: dict[int, int] = {}
        for order in sorted(self.components, reverse=downstream):
            members, bits = self.components[order], 0
            for node in members:
                for v in neighbours[node]:
                    if self.rank[v] != order:
                        bits |= reached[self.rank[v]] | self.bit[v]
            if self.members[order]:  # a cycle: each member reaches every member
                bits |= sum(self.bit[n] for n in members)
            reached[order] = bits
        return {n: reached[self.rank[n]] & ~self.bit[n] for n in self.rank}
