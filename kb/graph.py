"""The argument graph: a networkx ``MultiDiGraph`` with one node per claim.

An edge runs from the supporting or rebutting claim to its target and carries
``relation`` = ``"supports"`` or ``"rebuts"``; each premise of a linked argument has an edge
to the argument's conclusion with ``relation`` = ``"premise"`` and ``argument`` = the
argument's position in the conclusion's file; and a question puts a ``"rebuts"`` edge,
carrying ``question`` = its id, from each claim of one of its answers to each claim of
every other answer. A written rebuttal between two answers of a question carries its
``question`` too; the ones the question adds also carry ``implied=True``. Each rebuttal also
names the ``answer`` its arguing claim takes. Functions take the graph first, networkx style.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from kb.models import Claim, Question

RELATIONS = ("supports", "rebuts")


def build_graph(claims: Iterable[Claim], questions: Iterable[Question] = ()) -> nx.MultiDiGraph:
    """Return the argument graph of ``claims`` and ``questions``; edges to unknown ids are skipped.

    >>> from kb.models import Claim, Question
    >>> a = Claim(id="a/x", statement="X.", statement_zh="X。", source="a", kind="qualitative")
    >>> b = Claim(id="b/y", statement="Y.", statement_zh="Y。", source="b", kind="qualitative", rebuts=["a/x"])
    >>> G = build_graph([a, b])
    >>> list(G.edges(data="relation"))
    [('b/y', 'a/x', 'rebuts')]
    >>> q = Question(id="q", question="X?", question_zh="X?", answers=[
    ...     {"label": "yes", "label_zh": "是", "claims": ["a/x"]}, {"label": "no", "label_zh": "否", "claims": ["b/y"]}])
    >>> sorted(build_graph([a, b], [q]).edges(keys=True))   # the question adds the rebuttal back
    [('a/x', 'b/y', 'question:q'), ('b/y', 'a/x', 'rebuts')]
    """
    claims = sorted(claims, key=lambda c: c.id)
    G = nx.MultiDiGraph()
    for claim in claims:
        G.add_node(claim.id, record=claim, source=claim.source)
    for claim in claims:
        for relation, _, target in claim.relations():
            if target in G:
                G.add_edge(claim.id, target, key=relation, relation=relation)
        for index, argument in enumerate(claim.arguments):
            for premise in argument.premises:
                if premise in G:
                    G.add_edge(premise, claim.id, key=f"premise:{index}", relation="premise", argument=index)
    for question in sorted(questions, key=lambda q: q.id):
        for i, answer in enumerate(question.answers):
            others = [c for j, other in enumerate(question.answers) if j != i for c in other.claims]
            for u in answer.claims:
                for v in others:
                    if u not in G or v not in G or u == v:
                        continue
                    written = G.get_edge_data(u, v, key="rebuts")
                    if written is None:
                        G.add_edge(
                            u,
                            v,
                            key=f"question:{question.id}",
                            relation="rebuts",
                            question=question.id,
                            answer=i,
                            implied=True,
                        )
                    elif "question" not in written:
                        written.update(question=question.id, answer=i)
    return G


def _neighbours(G: nx.MultiDiGraph, node: str, relation: str, incoming: bool) -> list[str]:
    edges = G.in_edges(node, data="relation") if incoming else G.out_edges(node, data="relation")
    return sorted({(u if incoming else v) for u, v, r in edges if r == relation})


def supporters(G: nx.MultiDiGraph, node: str) -> list[str]:
    """Ids of the claims that support ``node``, sorted.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, **k: Claim(id=i, statement=".", statement_zh="。", source=i[0], kind="qualitative", **k)
    >>> G = build_graph([mk("a1"), mk("a2", supports=["a1"]), mk("b1", rebuts=["a1"])])
    >>> supporters(G, "a1")
    ['a2']
    """
    return _neighbours(G, node, "supports", incoming=True)


def rebutters(G: nx.MultiDiGraph, node: str) -> list[str]:
    """Ids of the claims that rebut ``node``, sorted.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, **k: Claim(id=i, statement=".", statement_zh="。", source=i[0], kind="qualitative", **k)
    >>> G = build_graph([mk("a1"), mk("a2", supports=["a1"]), mk("b1", rebuts=["a1"])])
    >>> rebutters(G, "a1")
    ['b1']
    """
    return _neighbours(G, node, "rebuts", incoming=True)


def supported(G: nx.MultiDiGraph, node: str) -> list[str]:
    """Ids of the claims that ``node`` supports, sorted.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, **k: Claim(id=i, statement=".", statement_zh="。", source=i[0], kind="qualitative", **k)
    >>> G = build_graph([mk("a1"), mk("a2", supports=["a1"]), mk("b1", rebuts=["a1"])])
    >>> supported(G, "a2")
    ['a1']
    """
    return _neighbours(G, node, "supports", incoming=False)


def rebutted(G: nx.MultiDiGraph, node: str) -> list[str]:
    """Ids of the claims that ``node`` rebuts, sorted.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, **k: Claim(id=i, statement=".", statement_zh="。", source=i[0], kind="qualitative", **k)
    >>> G = build_graph([mk("a1"), mk("a2", supports=["a1"]), mk("b1", rebuts=["a1"])])
    >>> rebutted(G, "b1")
    ['a1']
    """
    return _neighbours(G, node, "rebuts", incoming=False)


def relation_subgraph(G: nx.MultiDiGraph, relation: str) -> nx.DiGraph:
    """A simple directed graph holding only the edges of one relation.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, **k: Claim(id=i, statement=".", statement_zh="。", source=i[0], kind="qualitative", **k)
    >>> G = build_graph([mk("a1"), mk("a2", supports=["a1"]), mk("b1", rebuts=["a1"])])
    >>> list(relation_subgraph(G, "rebuts").edges)
    [('b1', 'a1')]
    """
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v, r in G.edges(data="relation") if r == relation)
    return H


def cycles(G: nx.MultiDiGraph, relation: str | None = None) -> Iterator[list[str]]:
    """Yield the elementary cycles, over one relation or over all edges.

    Cycles are allowed (reported, not rejected); each is rotated to start at its
    smallest id so the output is stable.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, s: Claim(id=i, statement=".", statement_zh="。", source="s", kind="qualitative", supports=s)
    >>> list(cycles(build_graph([mk("a", ["b"]), mk("b", ["a"])]), "supports"))
    [['a', 'b']]
    """
    H = relation_subgraph(G, relation) if relation else nx.DiGraph(G)
    found = (c[c.index(min(c)) :] + c[: c.index(min(c))] for c in nx.simple_cycles(H))
    yield from sorted(found)


def loops(G: nx.MultiDiGraph, relation: str | None = None) -> Iterator[tuple[list[str], int]]:
    """Yield one cycle per strongly connected part, with the number of claims in that part.

    Unlike `cycles`, whose count can grow exponentially with the number of claims,
    this takes time linear in the size of the graph. Each cycle starts at its
    smallest id.

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, s: Claim(id=i, statement=".", statement_zh="。", source="s", kind="qualitative", supports=s)
    >>> list(loops(build_graph([mk("a", ["b"]), mk("b", ["a", "c"]), mk("c", ["a"])]), "supports"))
    [(['a', 'b'], 3)]
    """
    H = relation_subgraph(G, relation) if relation else nx.DiGraph(G)
    parts = [sorted(p) for p in nx.strongly_connected_components(H) if len(p) > 1 or H.has_edge(*[*p, *p][:2])]
    for part in sorted(parts):
        cycle = [u for u, _ in nx.find_cycle(H.subgraph(part), source=part[0])]
        first = cycle.index(min(cycle))
        yield cycle[first:] + cycle[:first], len(part)


def disagreements(G: nx.MultiDiGraph) -> Iterator[tuple[str, str]]:
    """Yield ``(rebutter, target)`` pairs where claims of different sources collide (written
    rebuttals, not those a question adds).

    >>> from kb.models import Claim, Question
    >>> mk = lambda i, **k: Claim(id=i, statement=".", statement_zh="。", source=i[0], kind="qualitative", **k)
    >>> G = build_graph([mk("a1"), mk("a2", supports=["a1"]), mk("b1", rebuts=["a1"])])
    >>> list(disagreements(G))   # a2 supports a1 (same source); b1 rebuts a1 across sources
    [('b1', 'a1')]
    """
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        if (
            data.get("relation") == "rebuts"
            and not data.get("implied")
            and G.nodes[u]["source"] != G.nodes[v]["source"]
        ):
            yield u, v
