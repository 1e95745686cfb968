"""Shapes at the edge (issue 19, class 4): long support chains, wide fan-ins and many small cycles
build, and nothing depends on Python's recursion limit: each base is loaded and built with the
limit set below the depth of its graph."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import kb
from render.build import build_site
from render.settings import Settings
from tests.conftest import ERRORS

CLAIM = """statement: Claim {i} of the {shape} holds.
statement_zh: {shape_zh}的第 {i} 個論點成立。
source: s
kind: qualitative
quotes:
  - source: s
    text: The sky is blue on clear days.
"""


def _base(tmp_path: Path, shape: str, links: dict[int, str], n: int) -> Path:
    root = shutil.copytree(ERRORS / "_base", tmp_path / "claims")
    (root / "a/ok.yaml").unlink()
    words = {"chain": "鏈", "fan-in": "扇入", "cycles": "循環"}
    for i in range(n):
        text = CLAIM.format(i=i, shape=shape, shape_zh=words[shape]) + links.get(i, "")
        (root / f"a/c{i}.yaml").write_text(text, encoding="utf-8")
    return root


SHAPES = {
    "chain": (400, lambda n: {i: f"supports: [a/c{i - 1}]\n" for i in range(1, n)}),
    "fan-in": (300, lambda n: dict.fromkeys(range(1, n), "supports: [a/c0]\n")),
    "cycles": (200, lambda n: {i: f"supports: [a/c{i + 1 if i % 2 == 0 else i - 1}]\n" for i in range(n)}),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_deep_or_wide_graph_builds_below_the_recursion_limit(tmp_path: Path, shape: str) -> None:
    n, links = SHAPES[shape]
    root = _base(tmp_path, shape, links(n), n)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)  # below the chain's 400 links: no step may recurse along the graph
    try:
        base = kb.load(root, cache=False)
        out = tmp_path / "site"
        build_site(base, out, Settings(search=False, jobs=1))
    finally:
        sys.setrecursionlimit(limit)
    assert len(base) == n
    assert (out / "map/index.html").is_file() and (out / f"claims/a/c{n - 1}/index.html").is_file()
    assert "<svg" in (out / "map/index.html").read_text(encoding="utf-8")
    if shape == "chain":
        assert base.strength("a/c0") > base.strength(f"a/c{n - 1}") - 1e-9  # the end of the chain gathers support
