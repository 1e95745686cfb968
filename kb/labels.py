"""Grounded labelling (Dung 1995) of the argument graph, networkx style (graph first).

Over the attack (``rebuts``) relation only: ``in`` when every attacker is ``out`` (so unattacked
claims are ``in``), ``out`` when some attacker is ``in``, ``undecided`` otherwise — the least
fixpoint. A recomputation counts as an attacker: a contradicted claim is ``out``, an inconclusive
one at best ``undecided``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edges_from([("s", "a", {"relation": "supports"}), ("r", "a", {"relation": "rebuts"})])
[0, 0]
>>> grounded_labels(G)["a"]
'out'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx


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


def grounded_labels(G: nx.MultiDiGraph, evidence: Mapping[str, str] | None = None) -> dict[str, str]:
    """Dung's grounded labelling over the ``rebuts`` edges: ``in``, ``out`` or ``undecided``.

    ``evidence`` maps claims to the verdict of their recomputation: ``contradicted`` counts as an
    attacker that is ``in``, ``inconclusive`` as one that is ``undecided``.

    >>> import networkx as nx
    >>> chain = nx.MultiDiGraph()
    >>> chain.add_edges_from([("a", "b"), ("b", "c")], relation="rebuts")
    [0, 0]
    >>> sorted(grounded_labels(chain).items())
    [('a', 'in'), ('b', 'out'), ('c', 'in')]
    >>> sorted(grounded_labels(chain, {"a": "contradicted"}).items())   # a falls, so b stands and c falls
    [('a', 'out'), ('b', 'in'), ('c', 'out')]
    """
    return label_attacks(attack_graph(G), evidence=evidence)


def label_attacks(
    A: nx.DiGraph, nodes: Iterable[str] | None = None, evidence: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Grounded labels of ``nodes`` (default: all) of an attack graph, an edge u → v meaning u attacks v,
    with recomputed ``evidence`` as in `grounded_labels`.

    ``nodes`` must be closed under attackers (e.g. a weakly connected component).

    >>> import networkx as nx
    >>> label_attacks(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    {'a': 'undecided', 'b': 'undecided', 'c': 'undecided'}
    >>> label_attacks(nx.DiGraph([("a", "b")]), evidence={"a": "inconclusive"})
    {'a': 'undecided', 'b': 'undecided'}
    """
    nodes = list(A) if nodes is None else list(nodes)
    evidence = evidence or {}
    label = dict.fromkeys(nodes, "undecided")
    changed = True
    while changed:
        changed = False
        for n in nodes:
            if label[n] != "undecided":
                continue
            attackers = [label[a] for a in A.predecessors(n)] + [EVIDENCE_LABELS.get(evidence.get(n, ""), "out")]
            if all(a == "out" for a in attackers):
                label[n], changed = "in", True
            elif "in" in attackers:
                label[n], changed = "out", True
    return label


EVIDENCE_LABELS = {"contradicted": "in", "inconclusive": "undecided"}
"""The label of the attacker a recomputation stands for, by verdict (other verdicts do not attack)."""
