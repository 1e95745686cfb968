"""The work lists behind explanations and hinges (`kb.worklist`, `kb.counterfactuals`) against the full
re-solve, on random graphs with cycles: the same fixpoint within the tolerance, flips that really flip,
and label flips equal to relabelling the whole upstream attack graph."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analysis import Assessment
from kb.counterfactuals import FLIP_MARGIN, FLIP_TOL
from kb.explanation import THRESHOLD
from kb.labels import attack_graph, grounded_labels, label_attacks
from kb.propagation import Propagation, strengths
from kb.semantics import DF_QUAD, QUADRATIC_ENERGY
from kb.worklist import settle, spread

RELATIONS = ["supports", "rebuts", "rebuts", "premise"]


@st.composite
def cyclic_graphs(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, dict[str, float]]:
    """A random argument graph on up to 12 claims, with a cycle through every claim of a ring (so
    there is always one) and random extra edges of every relation."""
    n = draw(st.integers(3, 12))
    nodes = [f"n{i}" for i in range(n)]
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    ring = draw(st.integers(2, n))
    for i in range(ring):
        G.add_edge(nodes[i], nodes[(i + 1) % ring], relation=draw(st.sampled_from(["supports", "rebuts"])))
    for _ in range(draw(st.integers(0, 2 * n))):
        u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        relation = draw(st.sampled_from(RELATIONS))
        if u == v:
            continue
        if relation == "premise":
            G.add_edge(u, v, key="premise:0", relation="premise", argument=0)
        else:
            G.add_edge(u, v, relation=relation)
    base = {v: draw(st.floats(0.0, 1.0)) for v in nodes}
    return G, base


@settings(max_examples=150, deadline=None, derandomize=True)
@given(cyclic_graphs(), st.data(), st.sampled_from([QUADRATIC_ENERGY, DF_QUAD]))
def test_spread_reaches_the_fixpoint_the_full_solve_finds(case, data, semantics) -> None:
    """The full re-solve starts, as `spread` does, from the strengths before the change (a cycle may
    have several fixpoints; both move to the one nearest)."""
    G, base = case
    node = data.draw(st.sampled_from(sorted(G)))
    changed = dict(base, **{node: data.draw(st.floats(0.0, 1.0))})
    P = Propagation(G, semantics)
    before = strengths(G, base, semantics, tol=1e-13, max_iter=10_000)
    full = dict(before.strengths)
    _, converged = P.solve(changed, full, set(G), tol=1e-13, max_iter=10_000, warm=True)
    if not (converged and before.converged):
        return
    # A work list stops once no claim would move by more than ``tol``; in a cycle whose feedback is
    # strong the claims can still be that far from the fixpoint times the cycle's gain, so the
    # coarse tolerance is checked with room for it (a gain of up to 100).
    for tol, within in [(1e-12, 1e-7), (FLIP_TOL, 100 * FLIP_TOL)]:
        moved = dict(before.strengths)
        assert spread(P, changed, moved, [node], set(G), tol=tol, max_iter=10_000)
        assert max(abs(moved[n] - full[n]) for n in G) <= within


@settings(max_examples=100, deadline=None, derandomize=True)
@given(cyclic_graphs(), st.data())
def test_settle_with_fixed_claims_matches_the_full_solve(case, data) -> None:
    G, base = case
    chosen = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3, unique=True))
    fixed = {c: data.draw(st.sampled_from([0.0, 1.0])) for c in chosen}
    P = Propagation(G)
    now = strengths(G, base).strengths
    moved = settle(P, base, now, set(G), fixed, tol=1e-12)
    reference = dict(now)
    _, converged = P.solve(base, reference, set(G) - fixed.keys(), fixed=fixed, tol=1e-13, max_iter=10_000)
    if converged:
        assert max(abs(moved[n] - reference[n]) for n in G) <= 1e-7


def _really_flips(G: nx.MultiDiGraph, base: dict[str, float], assessment: Assessment, node: str) -> None:
    e = assessment.explain(node)
    flip, C = e.strength_flip, assessment.counterfactuals
    if flip and flip.kind == "base-score":  # the full re-solve, as before the work lists
        after = C.recompute(dict(base, **{flip.claim_id: flip.value}), flip.claim_id, targets=[node])[node]
    elif flip:
        after = C.recompute(base, node, targets=[node], muted=frozenset({(flip.claim_id, node)}))[node]
    if flip and flip.strength is not None:
        assert (after > THRESHOLD) != (e.strength > THRESHOLD) or abs(after - THRESHOLD) <= FLIP_MARGIN
        assert abs(after - flip.strength) <= 30 * FLIP_TOL
    if e.label_flip:
        H = G.copy()
        u, v = e.label_flip.claim_id, e.label_flip.target
        H.remove_edges_from([(u, v, k) for k, d in G[u][v].items() if d["relation"] == "rebuts"])
        assert grounded_labels(H, assessment.evidence)[node] == e.label_flip.label != e.label


def _label_flip_by_copying(G: nx.MultiDiGraph, node: str, evidence: dict[str, str]) -> tuple[str, str, str] | None:
    """The label flip as it was found before `kb.counterfactuals`: relabel a copy of the whole upstream
    attack graph for every candidate edge."""
    A = attack_graph(G)
    labels = label_attacks(A, evidence=evidence)
    attackers = sorted(A.predecessors(node))
    near = [(u, node) for u in attackers] + sorted((w, a) for a in attackers for w in A.predecessors(a))
    upstream = nx.ancestors(A, node) | {node}
    for u, v in near:
        H = nx.DiGraph(A.subgraph(upstream))
        H.remove_edge(u, v)
        label = label_attacks(H, evidence=evidence)[node]
        if label != labels[node]:
            return u, v, label
    return None


@settings(max_examples=150, deadline=None, derandomize=True)
@given(cyclic_graphs(), st.sampled_from([QUADRATIC_ENERGY, DF_QUAD]), st.data())
def test_flips_found_by_the_work_lists_are_real_and_label_flips_unchanged(case, semantics, data) -> None:
    G, base = case
    evidence = {
        n: data.draw(st.sampled_from(["", "", "contradicted", "inconclusive"]), label=f"evidence {n}")
        for n in sorted(G)
    }
    evidence = {n: v for n, v in evidence.items() if v}
    assessment = Assessment(G, base, semantics_used=semantics, evidence=evidence)
    for node in G:
        _really_flips(G, base, assessment, node)
        flip = assessment.explain(node).label_flip
        found = (flip.claim_id, flip.target or "", flip.label or "") if flip else None
        assert found == _label_flip_by_copying(G, node, evidence)


def test_explanations_made_on_every_core_equal_those_made_in_one_process(monkeypatch) -> None:
    import kb.pipeline
    from kb.base import KnowledgeBase
    from kb.pipeline import explain_claims
    from kb.records import read_tree

    tree = read_tree("claims")
    serial, parallel = (KnowledgeBase.from_tree(tree).assessment for _ in range(2))
    explain_claims(serial, jobs=1)
    monkeypatch.setattr(kb.pipeline, "PARALLEL_EXPLANATIONS", 1)
    explain_claims(parallel, jobs=2)
    assert dict(parallel.explained) == dict(serial.explained)
    assert len(serial.explained) == len(tree.claims)
