"""Linked arguments, questions, the quadratic-energy semantics, evidence as a ceiling, and hinges."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kb
from kb.analysis import Assessment
from kb.labels import grounded_labels
from kb.models import Question
from kb.propagation import Propagation, strengths
from kb.semantics import DF_QUAD, QUADRATIC_ENERGY
from render.cli import main
from tests.conftest import DATA


def graph(*edges: tuple, nodes: str = "") -> nx.MultiDiGraph:
    """Edges as (u, relation, v) or (u, "premise", v, argument)."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    for u, relation, v, *argument in edges:
        if relation == "premise":
            G.add_edge(u, v, key=f"premise:{argument[0]}", relation="premise", argument=argument[0])
        else:
            G.add_edge(u, v, key=relation, relation=relation)
    return G


def question(qid: str, *answers: list[str]) -> Question:
    return Question(
        id=qid,
        question="?",
        question_zh="?",
        answers=[{"label": f"a{i}", "label_zh": f"答{i}", "claims": c} for i, c in enumerate(answers)],
    )


# --- linked arguments and the semantics, by hand -------------------------------------------------


def test_a_linked_argument_is_the_product_of_its_premises() -> None:
    # premises 0.8 and 0.5 give an argument of 0.4; E = 0.4, h = 0.16/1.16; σ = 0.5 + 0.5·h = 0.5690
    G = graph(("p", "premise", "c", 0), ("q", "premise", "c", 0))
    result = strengths(G, {"p": 0.8, "q": 0.5, "c": 0.5})
    assert result.strengths["c"] == pytest.approx(0.5 + 0.5 * 0.16 / 1.16)


def test_knocking_out_one_premise_drops_the_argument() -> None:
    # q attacked down to 0 (base 0, so any attack keeps it there): the argument is worth 0, c stays at its base
    G = graph(("p", "premise", "c", 0), ("q", "premise", "c", 0), ("p", "supports", "d"))
    assert strengths(G, {"p": 0.8, "q": 0.0, "c": 0.5, "d": 0.5}).strengths["c"] == pytest.approx(0.5)
    # the same premises as separate supporters: q at 0 adds nothing, p alone still lifts c
    H = graph(("p", "supports", "c"), ("q", "supports", "c"))
    assert strengths(H, {"p": 0.8, "q": 0.0, "c": 0.5}).strengths["c"] == pytest.approx(0.5 + 0.5 * 0.64 / 1.64)


def test_two_arguments_each_count_once() -> None:
    # argument 0: p·q = 0.25; argument 1: r·s = 0.25; E = 0.5, h = 0.25/1.25 = 0.2; σ = 0.5 + 0.5·0.2 = 0.6
    G = graph(("p", "premise", "c", 0), ("q", "premise", "c", 0), ("r", "premise", "c", 1), ("s", "premise", "c", 1))
    base = {"p": 0.5, "q": 0.5, "r": 0.5, "s": 0.5, "c": 0.5}
    assert strengths(G, base).strengths["c"] == pytest.approx(0.6)


def test_quadratic_energy_by_hand_on_a_chain_and_a_cycle() -> None:
    # c supports b (E = 0.6: h = 0.36/1.36), b rebuts a (E = −σb)
    G = graph(("c", "supports", "b"), ("b", "rebuts", "a"))
    found = strengths(G, {"a": 0.5, "b": 0.5, "c": 0.6}).strengths
    b = 0.5 + 0.5 * 0.36 / 1.36
    assert found["b"] == pytest.approx(b) and found["a"] == pytest.approx(0.5 - 0.5 * b * b / (1 + b * b))
    # a and b rebut each other from 0.5: σ = 0.5 − 0.5·σ²/(1 + σ²), whose root is 0.42385…
    cycle = strengths(graph(("a", "rebuts", "b"), ("b", "rebuts", "a")), {"a": 0.5, "b": 0.5})
    root = cycle.strengths["a"]
    assert cycle.converged and root == pytest.approx(0.5 - 0.5 * root**2 / (1 + root**2), abs=1e-9)
    assert root == pytest.approx(0.42385, abs=1e-5)


def test_many_supporters_no_longer_saturate() -> None:
    """Fourteen convergent supporters at 0.8: DF-QuAD reaches 1.0; quadratic energy stays below it,
    and a single attacker still moves the claim."""
    supporters = [(f"s{i}", "supports", "t") for i in range(14)]
    base = {f"s{i}": 0.8 for i in range(14)} | {"t": 0.5, "r": 0.8}
    G, H = graph(*supporters), graph(*supporters, ("r", "rebuts", "t"))
    assert strengths(G, base, DF_QUAD).strengths["t"] > 0.999999
    assert strengths(G, base).strengths["t"] < 0.9961
    assert strengths(G, base).strengths["t"] - strengths(H, base).strengths["t"] > 1e-4


def test_an_answer_attacks_once_as_strongly_as_its_strongest_claim() -> None:
    G = nx.MultiDiGraph()
    G.add_nodes_from(["x", "y1", "y2"])
    for y in ("y1", "y2"):
        G.add_edge(y, "x", key="question:q", relation="rebuts", question="q", answer=1, implied=True)
    found = strengths(G, {"x": 0.5, "y1": 0.3, "y2": 0.6}).strengths
    assert found["x"] == pytest.approx(0.5 - 0.5 * 0.36 / 1.36)  # E = −max(0.3, 0.6)


# --- evidence --------------------------------------------------------------------------------------


@st.composite
def cyclic_graphs(draw):
    n = draw(st.integers(2, 7))
    nodes = [f"n{i}" for i in range(n)]
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(nodes), st.sampled_from(nodes), st.sampled_from(["supports", "rebuts", "premise"])
            ),
            max_size=14,
            unique_by=lambda t: t[:2],
        )
    )
    G = graph(*[(u, r, v, 0) if r == "premise" else (u, r, v) for u, v, r in pairs if u != v], nodes=nodes)
    base = {v: draw(st.floats(0, 1)) for v in nodes}
    return G, base


@settings(max_examples=150, deadline=None)
@given(cyclic_graphs(), st.sampled_from(["contradicted", "inconclusive"]), st.sampled_from([QUADRATIC_ENERGY, DF_QUAD]))
def test_a_recomputation_caps_what_arguments_can_do(case, verdict, semantics) -> None:
    G, base = case
    scoring = kb.semantics.Scoring()
    ceiling = scoring.ceiling(verdict)
    assessment = Assessment(G, base, semantics_used=semantics, ceilings={"n0": ceiling}, evidence={"n0": verdict})
    explanation = assessment.explain("n0")
    assert explanation.strength <= ceiling + 1e-12
    assert explanation.level != "strong"
    assert explanation.label == ("out" if verdict == "contradicted" else "undecided") or (
        verdict == "inconclusive" and explanation.label == "out"
    )
    if verdict == "contradicted":
        assert explanation.strength <= 0.5 and explanation.label == "out"


def test_a_contradicted_claim_of_the_shipped_base_never_reads_as_standing(shipped) -> None:
    for claim in shipped:
        verdict = shipped.results[claim.id].verdict
        explanation = shipped.explain(claim.id)
        if verdict == "contradicted":
            assert explanation.label == "out" and explanation.strength <= 0.5, claim.id
        if verdict == "inconclusive":
            assert explanation.label != "in" and explanation.level != "strong", claim.id


def test_unopposed_is_said_where_nothing_reaches_a_claim() -> None:
    G = graph(("s", "supports", "a"), ("r", "rebuts", "b"), ("b", "supports", "c"))
    assessment = Assessment(G, dict.fromkeys(G, 0.8))
    assert assessment.explain("a").level == "unopposed"  # nothing rebuts it or what it rests on
    assert assessment.explain("c").level != "unopposed"  # b, which it rests on, is rebutted
    assert "unopposed" in assessment.explain("a").sentence()


# --- the properties, on cyclic graphs too ---------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(cyclic_graphs(), st.sampled_from([QUADRATIC_ENERGY, DF_QUAD]))
def test_strengths_stay_in_the_unit_interval(case, semantics) -> None:
    G, base = case
    result = strengths(G, base, semantics, max_iter=300)
    assert result.converged or result.iterations == 300  # settles, or says it did not
    assert all(-1e-12 <= s <= 1 + 1e-12 for s in result.strengths.values())


@settings(max_examples=150, deadline=None)
@given(
    cyclic_graphs(),
    st.floats(0, 1),
    st.sampled_from(["supports", "rebuts"]),
    st.sampled_from([QUADRATIC_ENERGY, DF_QUAD]),
)
def test_a_supporter_never_lowers_and_an_attacker_never_raises(case, strength, relation, semantics) -> None:
    """A new claim that nothing points back at, supporting or rebutting n0: on acyclic and cyclic
    graphs alike (the cycles converge to the fixpoint nearest the base scores)."""
    G, base = case
    before = strengths(G, base, semantics).strengths
    H = G.copy()
    H.add_edge("new", "n0", key=relation, relation=relation)
    after = strengths(H, dict(base, new=strength), semantics).strengths
    if relation == "supports":
        assert after["n0"] >= before["n0"] - 1e-6
    else:
        assert after["n0"] <= before["n0"] + 1e-6


@settings(max_examples=100, deadline=None)
@given(cyclic_graphs(), st.randoms(), st.sampled_from([QUADRATIC_ENERGY, DF_QUAD]))
def test_results_do_not_depend_on_insertion_order(case, rnd: random.Random, semantics) -> None:
    G, base = case
    edges = list(G.edges(keys=True, data=True))
    nodes = list(G)
    rnd.shuffle(edges)
    rnd.shuffle(nodes)
    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    assert strengths(H, base, semantics).strengths == pytest.approx(strengths(G, base, semantics).strengths, abs=1e-7)
    assert grounded_labels(H) == grounded_labels(G)


@settings(max_examples=100, deadline=None)
@given(cyclic_graphs(), st.sampled_from(["n0", "n1"]), st.floats(0, 1))
def test_perturb_reaches_the_fixpoint_a_full_solve_finds(case, node, value) -> None:
    G, base = case
    P = Propagation(G)
    now = strengths(G, base).strengths
    moved = dict(now)
    settled = P.perturb(base, moved, {node: value}, set(G), tol=1e-12, max_updates=10_000)
    whole: dict[str, float] = {}
    P.solve(base, whole, G.nodes, fixed={node: value})
    if nx.is_directed_acyclic_graph(G):
        assert settled and moved == pytest.approx(whole, abs=1e-9)
    elif settled:  # a fixpoint (a cycle may have more than one; `hinge` solves it whole when this says False)
        assert all(abs(moved[n] - P.local(n, base[n], moved)) <= 1e-8 for n in G if n != node)


# --- hinges -----------------------------------------------------------------------------------------


def test_hinge_is_zero_without_a_path_to_a_thesis_and_large_on_a_thesis_argument() -> None:
    on_argument, elsewhere = question("on", ["p"], ["x"]), question("off", ["z"], ["y"])
    G = graph(
        ("p", "premise", "t", 0),
        ("q", "premise", "t", 0),
        ("x", "rebuts", "p"),
        ("y", "rebuts", "z"),
        ("p", "rebuts", "x"),
        ("z", "rebuts", "y"),
    )  # each question's answers rebut each other
    assessment = Assessment(G, dict.fromkeys(G, 0.5), theses=["t"], questions=[on_argument, elsewhere])
    hinges = {h.question: h for h in assessment.hinges()}
    assert hinges["off"].weight == 0
    # answered "p": argument p·q = 0.5, t = 0.5 + 0.5·0.25/1.25 = 0.6; answered "x": argument 0, t = 0.5
    assert hinges["on"].resolved == [{"t": pytest.approx(0.6)}, {"t": pytest.approx(0.5)}]
    assert hinges["on"].weight == pytest.approx(0.1)
    assert [h.question for h in assessment.hinges()] == ["on", "off"]


@pytest.mark.slow
def test_the_shipped_hinges_vary_and_their_top_is_stable_under_small_base_changes(shipped) -> None:
    hinges = shipped.hinges()
    weights = [h.weight for h in hinges]
    assert len(hinges) >= 6 and len({round(w, 3) for w in weights}) == len(weights) and weights[0] > 0.1
    top = [h.question for h in hinges[:2]]
    rng = random.Random(15)
    base = shipped.assessment.base_scores
    for _ in range(20):
        nudged = {n: min(1.0, max(0.0, s + rng.uniform(-0.05, 0.05))) for n, s in base.items()}
        again = Assessment(
            shipped.graph,
            nudged,
            theses=shipped.theses(),
            semantics_used=shipped.assessment.semantics_used,
            ceilings=shipped.assessment.ceilings,
            evidence=shipped.assessment.evidence,
            questions=list(shipped.questions.values()),
        )
        assert [h.question for h in again.hinges()[:2]] == top


def test_neither_thesis_sits_at_one_or_at_its_base_score(shipped) -> None:
    for thesis in shipped.theses():
        assert 0.55 < shipped.strength(thesis) < 0.99, thesis
        assert shipped.arguments(thesis), thesis


def test_every_cross_essay_rebuttal_belongs_to_a_question(shipped) -> None:
    from kb.questions import suggest

    assert suggest(shipped) == []
    waived = [c.id for c in shipped if "unquestioned-rebuttal" in c.waive]
    assert waived == ["editor/dettmers-view-extreme-and-pessimistic"]


def test_explanations_speak_of_arguments_and_questions(shipped) -> None:
    from kb.questions import argument_lines

    lines = argument_lines(shipped, "dettmers/thesis")
    assert any(
        "“the physical limits of computation”" in line
        and "“Is today's hardware already used close to its limit?”" in line
        and "recomputation of fu/" in line
        and "supports that answer" in line
        for line in lines
    )
    assert all("的論證" in line for line in argument_lines(shipped, "dettmers/thesis", "zh"))
    named = argument_lines(shipped, "dettmers/thesis", name=lambda claim_id: shipped.claims[claim_id].statement[:20])
    assert named and not any("dettmers/" in line or "fu/" in line for line in named)


def test_explanations_name_claims_and_escape_what_they_are_given() -> None:
    """``name`` says the claims; with ``template=Markup`` the names stay HTML and the rest is escaped."""
    from markupsafe import Markup

    G = graph(("s", "supports", "a"), ("r", "rebuts", "a"))
    e = Assessment(G, {"s": 0.8, "r": 0.2, "a": 0.5}, {"a": "editor's prior: <b>said so</b>"}).explain("a")
    html = e.sentence(name=lambda claim_id: Markup(f"<a>{claim_id.upper()}</a>"), template=Markup)  # noqa: S704 - the test is that Markup templates escape
    assert "<a>S</a>" in html and "<a>R</a>" in html and "&lt;b&gt;said so&lt;/b&gt;" in html
    assert "the editor's estimate" in e.sentence() and "base score" not in e.sentence()


# --- everywhere: the command, the index, the exports ---------------------------------------------


def test_kb_questions_lists_them_ranked_and_suggests_the_missing_ones(runner, tmp_path) -> None:
    result = runner.invoke(main, ["questions", "--claims", str(DATA / "valid")])
    assert result.exit_code == 0 and result.output.startswith("1. the-answer  hinge ")
    assert "if 'Yes: it is 42'" in result.output
    root = Path(shutil.copytree(DATA / "valid", tmp_path / "claims"))
    (root / "questions" / "the-answer.yaml").unlink()
    suggested = runner.invoke(main, ["questions", "--claims", str(root), "--suggest"])
    assert suggested.output.strip() == "cluster 1: beta/answer rebuts alpha/answer"


def test_the_index_and_the_exports_hold_arguments_and_questions(shipped) -> None:
    from kb.export import base_to_dict
    from kb.formats import to_argdown
    from kb.store import read_only_query

    _, rows = read_only_query(shipped.engine, "SELECT claim_id, label FROM arguments ORDER BY claim_id, position")
    assert ("dettmers/thesis", "the physical limits of computation") in rows
    _, rows = read_only_query(shipped.engine, "SELECT id, rank FROM questions ORDER BY rank")
    assert rows[0] == (shipped.hinges()[0].question, 1) and len(rows) == len(shipped.questions)
    _, rows = read_only_query(shipped.engine, "SELECT count(*) FROM answer_theses")
    assert rows[0][0] == sum(len(q.answers) for q in shipped.questions.values()) * len(shipped.theses())
    data = base_to_dict(shipped)
    assert [q["id"] for q in data["questions"]] == [h.question for h in shipped.hinges()]
    assert any(e["relation"] == "premise" for e in data["edges"]) and any(e.get("implied") for e in data["edges"])
    assert "<dettmers/thesis#1>: the physical limits of computation" in to_argdown(shipped)
