"""The shipped claims folder: valid in strict mode, with the design's headline claims."""

import kb
from kb import graph as g
from tests.conftest import REPO

HEADLINE = [
    "dettmers/gpu-perf-per-cost-peaked-2018",
    "fu/deepseek-v3-mfu-20pct",
    "fu/llama4-mfu-20pct",
    "fu/fp4-9x-flops",
    "fu/cluster-growth-50x",
]


def test_shipped_claims_pass_strict_validation() -> None:
    base = kb.load(REPO / "claims", strict=True)
    assert set(HEADLINE) <= set(base.claims)


def test_every_shipped_quote_is_verified_against_the_seed_archive() -> None:
    base = kb.load(REPO / "claims")
    for claim in base:
        assert claim.quotes, claim.id
        assert all(base.quote_verified(q) for q in claim.quotes), claim.id


def test_fu_answers_dettmers() -> None:
    base = kb.load(REPO / "claims")
    pairs = list(g.disagreements(base.graph))
    assert ("fu/thesis", "dettmers/thesis") in pairs
    assert all(u.startswith("fu/") and v.startswith("dettmers/") for u, v in pairs)
