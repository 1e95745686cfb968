"""DF-QuAD strengths, grounded labels, explanations and cruxes."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analysis import Assessment
from kb.labels import grounded_labels
from kb.propagation import df_quad, strengths
from kb.semantics import DF_QUAD, QUADRATIC_ENERGY, Scoring


def graph(*edges: tuple[str, str, str], nodes: str = "") -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    G.add_edges_from((u, v, {"relation": r}) for u, r, v in edges)
    return G


def test_chain_by_hand() -> None:
    # c supports b, b rebuts a.  σ(c) = 0.6;  σ(b) = 0.5 + 0.5·0.6 = 0.8;  σ(a) = 0.5 − 0.5·0.8 = 0.1
    G = graph(("c", "supports", "b"), ("b", "rebuts", "a"))
    result = df_quad(G, {"a": 0.5, "b": 0.5, "c": 0.6})
    assert result.converged and result.iterations == 1  # no cycle: one pass in topological order
    assert result.strengths == pytest.approx({"a": 0.1, "b": 0.8, "c": 0.6})


def test_fan_in_by_hand() -> None:
    # supporters 0.5 and 0.4 → vs = 1 − 0.5·0.6 = 0.7;  attacker 0.2 → va = 0.2;  σ = 0.4 + 0.6·0.5 = 0.7
    G = graph(("s1", "supports", "x"), ("s2", "supports", "x"), ("r", "rebuts", "x"))
    strengths = df_quad(G, {"x": 0.4, "s1": 0.5, "s2": 0.4, "r": 0.2}).strengths
    assert strengths["x"] == pytest.approx(0.7)


def test_cycle_converges_to_the_fixpoint() -> None:
    # a and b rebut each other with base 0.5: σa = 0.5(1 − σb), σb = 0.5(1 − σa) → σ = 1/3
    G = graph(("a", "rebuts", "b"), ("b", "rebuts", "a"))
    result = df_quad(G, {"a": 0.5, "b": 0.5})
    assert result.converged
    assert result.strengths == pytest.approx({"a": 1 / 3, "b": 1 / 3}, abs=1e-8)


def test_an_oscillating_cycle_is_damped_to_its_fixpoint() -> None:
    # Jacobi sweeps alone swing between 0 and 1 forever; σa = 1 − σb, σb = 1 − σa meet at 0.5
    G = graph(("a", "rebuts", "b"), ("b", "rebuts", "a"))
    result = df_quad(G, {"a": 1.0, "b": 1.0}, max_iter=200)
    assert result.converged and result.strengths == pytest.approx({"a": 0.5, "b": 0.5}, abs=1e-8)


def test_non_convergence_is_reported_not_hung() -> None:
    G = graph(("a", "rebuts", "b"), ("b", "rebuts", "c"), ("c", "rebuts", "a"))
    result = df_quad(G, {"a": 0.9, "b": 0.7, "c": 0.8}, max_iter=2)
    assert not result.converged and result.iterations == 2


def test_grounded_labels_on_the_classic_examples() -> None:
    assert grounded_labels(graph(("a", "rebuts", "b"), ("b", "rebuts", "c"))) == {"a": "in", "b": "out", "c": "in"}
    odd = graph(("a", "rebuts", "b"), ("b", "rebuts", "c"), ("c", "rebuts", "a"))
    assert set(grounded_labels(odd).values()) == {"undecided"}
    even = graph(("a", "rebuts", "b"), ("b", "rebuts", "a"), ("b", "rebuts", "c"))
    assert grounded_labels(even) == {"a": "undecided", "b": "undecided", "c": "undecided"}
    defended = graph(("a", "rebuts", "b"), ("b", "rebuts", "c"), ("d", "rebuts", "a"), ("a", "supports", "c"))
    assert grounded_labels(defended) == {"d": "in", "a": "out", "b": "in", "c": "out"}


def test_scoring_maps_verdicts_and_priors() -> None:
    scoring = Scoring(supported=0.9, contradicted=0.1)
    assert scoring.base_score("supported")[0] == 0.9
    assert scoring.base_score("contradicted", (0.7, "ignored")) == (0.1, "its check contradicts it")
    assert scoring.base_score("inconclusive", (0.7, "well argued")) == (0.7, "editor's prior: well argued")
    assert scoring.base_score("unchecked")[0] == 0.5


def test_explanation_lists_contributions_and_its_flips_really_flip() -> None:
    G = graph(("s", "supports", "a"), ("r", "rebuts", "a"), ("q", "rebuts", "r"))
    base = {"a": 0.5, "s": 0.8, "r": 0.6, "q": 0.5}
    assessment = Assessment(G, base, semantics_used=DF_QUAD)
    e = assessment.explain("a")
    assert [(c.claim_id, round(c.effect, 2)) for c in e.contributions] == [("s", 0.4), ("r", -0.15)]
    _assert_flips(G, base, assessment, "a")


def _assert_flips(G, base, assessment, node) -> None:
    e = assessment.explain(node)
    if e.strength_flip and e.strength_flip.kind == "base-score":
        changed = dict(base, **{e.strength_flip.claim_id: e.strength_flip.value})
        assert (strengths(G, changed, assessment.semantics_used).strengths[node] > 0.5) != (e.strength > 0.5)
    if e.label_flip:
        H = G.copy()
        H.remove_edges_from(
            [
                (e.label_flip.claim_id, e.label_flip.target, k)
                for k, d in G[e.label_flip.claim_id][e.label_flip.target].items()
                if d["relation"] == "rebuts"
            ]
        )
        assert grounded_labels(H)[node] != e.label


def test_cruxes_rank_cross_source_rebuttals_by_their_effect_on_theses() -> None:
    G = graph(
        ("x1", "rebuts", "y1"),
        ("x2", "rebuts", "y1"),
        ("y1", "supports", "ty"),
        ("x1", "supports", "tx"),
        ("x3", "rebuts", "y2"),
        ("y2", "supports", "ty"),
    )
    for n, s in {"x1": "x", "x2": "x", "x3": "x", "tx": "x", "y1": "y", "y2": "y", "ty": "y"}.items():
        G.nodes[n]["source"] = s
    base = dict.fromkeys(G, 0.5)
    cruxes = Assessment(G, base, theses=["tx", "ty"], checkable={"x3"}).cruxes()
    assert (cruxes[0].rebutter, cruxes[0].target) == ("x1", "y1")  # moves both theses
    assert {c.rebutter: c.checkable for c in cruxes} == {"x1": False, "x2": False, "x3": True}


@st.composite
def argument_graphs(draw):
    n = draw(st.integers(2, 7))
    nodes = [f"n{i}" for i in range(n)]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(nodes), st.sampled_from(nodes), st.sampled_from(["supports", "rebuts"])),
            max_size=12,
            unique_by=lambda t: t[:2],
        )
    )
    G = graph(*[(u, r, v) for u, v, r in pairs if u != v], nodes=nodes)
    base = {v: draw(st.floats(0, 1)) for v in nodes}
    return G, base


@settings(max_examples=150, deadline=None)
@given(argument_graphs())
def test_strengths_stay_in_the_unit_interval(case) -> None:
    G, base = case
    result = df_quad(G, base, max_iter=200)
    assert all(-1e-12 <= s <= 1 + 1e-12 for s in result.strengths.values())


@settings(max_examples=150, deadline=None)
@given(argument_graphs(), st.floats(0, 1), st.sampled_from(["supports", "rebuts"]))
def test_adding_a_supporter_never_lowers_and_an_attacker_never_raises(case, strength, relation) -> None:
    G, base = case
    if not nx.is_directed_acyclic_graph(G):
        return  # monotonicity is a property of the fixpoint on acyclic graphs
    before = df_quad(G, base).strengths
    H = G.copy()
    H.add_edge("new", "n0", relation=relation)
    after = df_quad(H, dict(base, new=strength)).strengths
    if relation == "supports":
        assert after["n0"] >= before["n0"] - 1e-12
    else:
        assert after["n0"] <= before["n0"] + 1e-12


@settings(max_examples=100, deadline=None)
@given(argument_graphs(), st.randoms())
def test_results_do_not_depend_on_insertion_order(case, rnd: random.Random) -> None:
    G, base = case
    edges = list(G.edges(data="relation"))
    nodes = list(G)
    rnd.shuffle(edges)
    rnd.shuffle(nodes)
    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from((u, v, {"relation": r}) for u, v, r in edges)
    assert df_quad(H, base).strengths == pytest.approx(df_quad(G, base).strengths)
    assert grounded_labels(H) == grounded_labels(G)


@settings(max_examples=100, deadline=None)
@given(argument_graphs(), st.sampled_from([DF_QUAD, QUADRATIC_ENERGY]))
def test_suggested_changes_really_flip(case, semantics) -> None:
    G, base = case
    if not nx.is_directed_acyclic_graph(G):
        return
    assessment = Assessment(G, base, semantics_used=semantics)
    for node in G:
        _assert_flips(G, base, assessment, node)
