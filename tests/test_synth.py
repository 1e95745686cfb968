"""The synthetic benchmark base (benchmarks/synth.py) and the benchmark runner (benchmarks/run.py).

The base must be one that Crux accepts without errors or warnings, cover every check kind, and be
reproducible; the runner must run end to end. No timing is asserted here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synth import RECIPES, generate
from kb.base import KnowledgeBase
from kb.checks.registry import REGISTRY
from kb.records import read_tree
from tests.conftest import tree_bytes

ROOT = Path(__file__).resolve().parent.parent
N = 90  # enough claims for a check of every registered kind


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("synth")
    summary = generate(N, folder / "claims", folder / "hugo", seed=0)
    return folder, summary, read_tree(folder / "claims")


def test_the_base_validates_without_errors_or_warnings(base) -> None:
    _, summary, tree = base
    counts = Counter(issue.severity for issue in tree.issues)
    assert counts["error"] == 0 and counts["warning"] == 0, [str(i) for i in tree.issues if i.severity != "info"]
    assert len(tree.claims) == summary.claims == N


def test_every_registered_check_kind_appears(base) -> None:
    _, summary, tree = base
    used = {claim.check.kind for claim in tree.claims.values() if claim.check is not None}
    assert set(RECIPES) == set(REGISTRY), "benchmarks/synth.py needs a recipe for each check kind"
    assert used == set(REGISTRY) == set(summary.checks)


def test_checks_come_out_as_the_claims_expect(base) -> None:
    _, _, tree = base
    results = KnowledgeBase.from_tree(tree).results
    verdicts = {cid: results[cid].verdict for cid, c in tree.claims.items() if c.check is not None}
    assert verdicts == {cid: c.expected_verdict for cid, c in tree.claims.items() if c.check is not None}
    assert {"supported", "contradicted"} <= set(verdicts.values())


def test_edges_are_local_and_about_three_per_claim(base) -> None:
    _, summary, tree = base
    edges = [(c.id, target, relation) for c in tree.claims.values() for relation, _, target in c.relations()]
    assert 2 <= len(edges) / len(tree.claims) <= 4
    assert summary.edges == len(edges)
    supports = [(a, b) for a, b, relation in edges if relation == "supports"]
    assert all(a.split("/")[0] == b.split("/")[0] for a, b in supports), "supports stay inside an essay"
    assert any(a.split("/")[0] != b.split("/")[0] for a, b, relation in edges if relation == "rebuts")


def test_a_support_cycle_exists(base) -> None:
    _, summary, tree = base
    notes = [i for i in tree.issues if i.severity == "info" and "support cycle" in i.message]
    assert summary.cycles >= 1 and len(notes) == summary.cycles


def test_every_quote_comes_from_an_archive(base) -> None:
    _, _, tree = base
    quoted = {q.source for c in tree.claims.values() for q in c.quotes}
    assert quoted <= set(tree.archives)
    assert any(c.kind.value == "prediction" for c in tree.claims.values())


@pytest.mark.slow
def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    first, again, other = (tmp_path / name for name in ("first", "again", "other"))
    generate(N, first / "claims", first / "hugo", seed=3)
    generate(N, again / "claims", again / "hugo", seed=3)
    generate(N, other / "claims", other / "hugo", seed=4)
    assert tree_bytes(first) == tree_bytes(again)
    assert tree_bytes(first / "claims") != tree_bytes(other / "claims")


def test_the_hugo_twin_has_a_page_per_claim_and_language(base) -> None:
    folder, _, tree = base
    hugo = folder / "hugo"
    pages = sorted(p.relative_to(hugo / "content/claims").as_posix() for p in (hugo / "content/claims").glob("*/*.md"))
    ids = sorted(tree.claims)
    assert [p for p in pages if p.endswith(".zh.md")] == [f"{i}.zh.md" for i in ids]
    assert [p for p in pages if not p.endswith(".zh.md")] == [f"{i}.md" for i in ids]
    for layout in ("baseof.html", "single.html", "list.html", "taxonomy.html", "term.html"):
        assert (hugo / "layouts/_default" / layout).is_file()
    assert "[languages.zh]" in (hugo / "hugo.toml").read_text(encoding="utf-8")


def test_a_folder_not_written_by_the_generator_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit):
        generate(5, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_the_runner_prints_its_table(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "benchmarks/run.py",
        "--sizes",
        "40",
        "--repeat",
        "1",
        "--no-hugo",
        "--work",
        str(tmp_path),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("40 ")]
    labels = [
        "clean build (s)",
        "no-op rebuild (s)",
        "edit one claim (s)",
        "kb.load, warm (s)",
        "peak memory (MiB)",
        "html pages",
        "clean build per page (ms)",
    ]
    assert [label for label in labels if not any(label in row for row in rows)] == []
    assert done.stdout.startswith("command: ") and "machine: " in done.stdout


def test_essays_answer_only_earlier_essays(base) -> None:
    """Written rebuttals point back in time, so the only cycles are the few small support cycles (the
    questions then make each answer stand against the other both ways)."""
    import networkx as nx

    _, _, tree = base
    base_ = KnowledgeBase.from_tree(tree)
    published = {s.id: (s.published, s.id) for s in tree.sources.values()}
    written = nx.MultiDiGraph([(u, v, d) for u, v, d in base_.graph.edges(data=True) if not d.get("implied")])
    for u, v, relation in written.edges(data="relation"):
        if relation == "rebuts" and tree.claims[u].source != tree.claims[v].source:
            assert published[tree.claims[v].source] < published[tree.claims[u].source], (u, v)
    assert max(len(part) for part in nx.strongly_connected_components(written)) <= 5
    assert tree.questions and all(len(q.answers) == 2 for q in tree.questions.values())


def test_the_floor_needs_a_built_base(tmp_path: Path) -> None:
    command = [sys.executable, "benchmarks/floor.py", "--size", "40", "--work", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "benchmarks/run.py --sizes 40" in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("hugo") is None, reason="the floor is measured against Hugo")
def test_the_floor_writes_crux_files_against_hugo(tmp_path: Path) -> None:
    run = [sys.executable, "benchmarks/run.py", "--sizes", "40", "--repeat", "1", "--work", str(tmp_path)]
    subprocess.run(run, cwd=ROOT, capture_output=True, timeout=300, check=True)
    floor = [sys.executable, "benchmarks/floor.py", "--size", "40", "--repeat", "1", "--work", str(tmp_path)]
    done = subprocess.run(floor, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    files = sum(1 for p in (tmp_path / "n40" / "site").rglob("*") if p.is_file())
    assert f"for {files:,} files" in done.stdout and "floor / Hugo per page: " in done.stdout
    assert not (tmp_path / "n40" / "floor-copy").exists()
