import pytest

from kb import graph as g
from kb.models import Claim


def claim(cid: str, source: str = "s", supports=(), rebuts=()) -> Claim:
    return Claim(
        id=cid,
        statement="S.",
        statement_zh="S。",
        source=source,
        kind="qualitative",
        supports=list(supports),
        rebuts=list(rebuts),
    )


def test_edges_run_from_arguing_claim_to_target() -> None:
    G = g.build_graph([claim("a"), claim("b", supports=["a"]), claim("c", "t", rebuts=["a"])])
    assert sorted(G.edges(data="relation")) == [("b", "a", "supports"), ("c", "a", "rebuts")]
    assert G.nodes["a"]["record"].id == "a"
    assert g.supporters(G, "a") == ["b"]
    assert g.rebutters(G, "a") == ["c"]
    assert g.supported(G, "b") == ["a"] and g.rebutted(G, "c") == ["a"]
    assert g.supporters(G, "b") == []


def test_cycles_per_relation_and_overall() -> None:
    G = g.build_graph(
        [claim("a", supports=["b"]), claim("b", rebuts=["a"]), claim("c", supports=["d"]), claim("d", supports=["c"])]
    )
    assert list(g.cycles(G, "supports")) == [["c", "d"]]
    assert list(g.cycles(G)) == [["a", "b"], ["c", "d"]]


def test_disagreements_only_across_sources() -> None:
    G = g.build_graph(
        [claim("a", "x"), claim("b", "x", rebuts=["a"]), claim("c", "y", rebuts=["a"]), claim("d", "y", supports=["a"])]
    )
    assert list(g.disagreements(G)) == [("c", "a")]


def test_same_pair_with_both_relations_keeps_both_edges() -> None:
    G = g.build_graph([claim("a"), claim("b", supports=["a"], rebuts=["a"])])
    assert G.number_of_edges("b", "a") == 2


def test_graphml_replaces_control_characters_that_xml_cannot_hold(tmp_path) -> None:
    import shutil

    import kb
    from kb.errors import InvalidBase
    from kb.formats import NOT_XML

    root = shutil.copytree("tests/data/valid", tmp_path / "claims")
    answer = root / "alpha/answer.yaml"
    answer.write_text(answer.read_text().replace("statement: The answer is 42.", 'statement: "The answer\\e is 42."'))
    with pytest.raises(InvalidBase, match="1 error"):  # records refuse it now (kb.text) ...
        kb.load(root)
    assert NOT_XML.sub("\ufffd", "The answer\x1b is 42.\t") == "The answer\ufffd is 42.\t"  # ... GraphML would too
