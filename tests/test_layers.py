"""Layers one way: render imports kb, never the reverse, no module imports its way back to itself,
and no module grows past `MAX_LINES` lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from tests.conftest import REPO

PACKAGES = ("kb", "render")
MAX_LINES = 400  # the longest a module may be: each owns one noun


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, top_level_only: bool) -> Iterator[str]:
    """The modules of kb and render that ``path`` imports (at the top of the module, or anywhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((REPO / package).rglob("*.py"))}


def test_no_kb_module_imports_render() -> None:
    found = {
        name: sorted({m for m in imports(path, top_level_only=False) if m.split(".")[0] == "render"})
        for name, path in modules().items()
        if name.split(".")[0] == "kb"
    }
    assert {name: used for name, used in found.items() if used} == {}


def test_module_imports_have_no_cycle() -> None:
    known = modules()
    G = nx.DiGraph()
    for name, path in known.items():
        G.add_node(name)
        G.add_edges_from((name, m) for m in imports(path, top_level_only=True) if m in known and m != name)
    cycles = list(nx.simple_cycles(G))
    assert cycles == [], cycles


def test_no_module_is_longer_than_the_limit() -> None:
    lengths = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules().values()}
    too_long = {path: n for path, n in lengths.items() if n > MAX_LINES}
    assert too_long == {}, f"modules over {MAX_LINES} lines (path: lines): {too_long}"


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from render.build import build_site\n", encoding="utf-8")
    assert "render.build" in set(imports(module, top_level_only=False))
    assert "render.build" not in set(imports(module, top_level_only=True))
