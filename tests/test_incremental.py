"""Incremental builds: after any edit, the site equals a clean build, and unchanged files are not touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

import kb
from render.build import build_site
from render.settings import Settings
from tests.conftest import REPO, tree_bytes

pytestmark = pytest.mark.slow  # each case builds the shipped site twice

SETTINGS = Settings(search=False)


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def _unquestion(root: Path, claim_id: str) -> None:
    """Take a removed claim off the answers of the questions that list it, as its editor would."""
    for path in (root / "questions").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f", {claim_id}]", "]").replace(f"{claim_id}, ", ""), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "statement": lambda root: edit(
        root / "fu/accelerated-waiting.yaml", "Accelerated waiting", "Accelerated <waiting>"
    ),
    "new edge": lambda root: edit(
        root / "fu/accelerated-waiting.yaml",
        "supports: [fu/paths-to-10x-compute]",
        "supports: [fu/paths-to-10x-compute, fu/thesis]",
    ),
    "dataset value": lambda root: edit(root / "data/training-runs.yaml", "value: 2.664e6", "value: 2.7e6"),
    "source title": lambda root: edit(
        root / "sources/aiwiki-nvidia-gb300-nvl72.yaml", "title: NVIDIA GB300", "title: GB300"
    ),
    "question answer moved": lambda root: edit(
        root / "questions/scaling-runs-out-soon.yaml", "fu/early-in-blackwell-cycle, ", ""
    ),
    "question reworded": lambda root: edit(
        root / "questions/per-chip-progress.yaml", "still improving meaningfully?", "still <improving> meaningfully?"
    ),
    "premise removed": lambda root: edit(root / "dettmers/thesis.yaml", "dettmers/scaling-costs-now-exponential, ", ""),
    "claim removed": lambda root: (
        (root / "editor/agi-may-not-need-exponential-compute.yaml").unlink()
        or _unquestion(root, "editor/agi-may-not-need-exponential-compute")
    ),
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("incremental")
    shutil.copytree(REPO / "claims", folder / "claims")
    build_site(kb.load(folder / "claims"), folder / "site", SETTINGS)
    return folder


@pytest.mark.parametrize("name", list(EDITS))
def test_after_an_edit_the_site_equals_a_clean_build(workspace: Path, name: str, tmp_path: Path) -> None:
    claims, out = workspace / "claims", workspace / "site"
    EDITS[name](claims)
    before = inodes(out)
    build_site(kb.load(claims), out, SETTINGS)
    clean = tmp_path / "clean"
    build_site(kb.load(claims, cache=False), clean, SETTINGS)
    assert tree_bytes(out) == tree_bytes(clean)
    assert tree_bytes(workspace / ".site.crux" / "spare") == tree_bytes(out), "the spare agrees with the site"
    after = inodes(out)
    untouched = [p for p in after if before.get(p) == after[p]]
    assert len(untouched) > len(after) // 2, f"{name}: only {len(untouched)} of {len(after)} files kept"


def test_an_unchanged_base_is_not_rebuilt(workspace: Path) -> None:
    out = workspace / "site"
    build_site(kb.load(workspace / "claims"), out, SETTINGS)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    build_site(kb.load(workspace / "claims"), out, SETTINGS)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before


def test_a_statement_edit_rewrites_only_the_pages_that_show_it(workspace: Path) -> None:
    claims, out = workspace / "claims", workspace / "site"
    build_site(kb.load(claims), out, SETTINGS)
    before = inodes(out)
    edit(claims / "dettmers/gpus-no-longer-improve.yaml", "statement: ", "statement: Indeed, ")
    build_site(kb.load(claims), out, SETTINGS)
    after = inodes(out)
    rewritten = sorted(p for p in after if before.get(p) != after[p])
    assert "claims/dettmers/gpus-no-longer-improve/index.html" in rewritten
    assert "zh/claims/dettmers/gpus-no-longer-improve/index.html" in rewritten
    assert "claims/dettmers/gpus-no-longer-improve.json" in rewritten
    near = nx.single_source_shortest_path_length(
        kb.load(claims).graph.to_undirected(), "dettmers/gpus-no-longer-improve", 2
    )
    pages = [
        p.removeprefix("zh/").removeprefix("claims/").removesuffix("/index.html")
        for p in rewritten
        if p.removeprefix("zh/").startswith("claims/") and p.endswith("/index.html")
    ]
    assert pages and all(page in near for page in pages), "only pages within two links of the claim"
    assert len(rewritten) < len(after) // 4, len(rewritten)


def test_serial_and_parallel_builds_are_identical(tmp_path: Path) -> None:
    base = kb.load(REPO / "claims")
    build_site(base, tmp_path / "one", Settings(search=False, jobs=1))
    build_site(kb.load(REPO / "claims"), tmp_path / "two", Settings(search=False, jobs=2))
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_a_spare_removed_by_hand_is_rebuilt(workspace: Path, tmp_path: Path) -> None:
    claims, out = workspace / "claims", workspace / "site"
    shutil.rmtree(workspace / ".site.crux" / "spare")
    edit(claims / "dettmers/gpus-no-longer-improve.yaml", "statement: ", "statement: Again, ")
    build_site(kb.load(claims), out, SETTINGS)
    build_site(kb.load(claims, cache=False), tmp_path / "clean", SETTINGS)
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")
    assert os.path.isdir(workspace / ".site.crux" / "spare")


def test_kb_build_stops_early_when_no_input_changed(tmp_path: Path, runner) -> None:
    from render.cli import main  # the kb program: the library's commands and build

    claims = Path(shutil.copytree(REPO / "tests" / "data" / "valid", tmp_path / "claims"))
    out = str(tmp_path / "site")
    first = runner.invoke(main, ["build", "--claims", str(claims), "--out", out])
    assert first.exit_code == 0 and "built" in first.output
    again = runner.invoke(main, ["build", "--claims", str(claims), "--out", out])
    assert again.exit_code == 0 and "up to date" in again.output
    edit(claims / "alpha" / "answer.yaml", "The answer is 42.", "The answer is 41.")
    changed = runner.invoke(main, ["build", "--claims", str(claims), "--out", out])
    assert changed.exit_code == 0 and "built" in changed.output
    assert "41" in (tmp_path / "site/claims/alpha/answer/index.html").read_text(encoding="utf-8")


SEARCHED = Settings(search=True)


def test_search_bundles_after_edits_equal_a_clean_build(tmp_path: Path) -> None:
    """The search index too: after edits, every bundle equals a clean build's (pagefind writes
    the same bytes for the same pages), whether its folder was re-indexed or kept."""
    claims = Path(shutil.copytree(REPO / "claims", tmp_path / "claims"))
    out = tmp_path / "site"
    build_site(kb.load(claims), out, SEARCHED)
    for name in ("statement", "new edge", "source title"):
        EDITS[name](claims)
        build_site(kb.load(claims), out, SEARCHED)
    clean = tmp_path / "clean"
    build_site(kb.load(claims, cache=False), clean, SEARCHED)
    searched = lambda root: {p: b for p, b in tree_bytes(root).items() if p.startswith("pagefind/")}
    assert searched(out) == searched(clean)
    assert (
        out / "pagefind/shards.json"
    ).read_text() == '[\n  "claims/dettmers/",\n  "claims/editor/",\n  "claims/fu/"\n]\n'


def test_an_edit_reindexes_only_the_bundles_whose_text_changed(tmp_path: Path) -> None:
    """A statement shows in its neighbours' pages and its source's page, but only in parts the
    index skips: their bundles are kept, and only the claim's own folder is re-indexed."""
    claims = Path(shutil.copytree(REPO / "claims", tmp_path / "claims"))
    out = tmp_path / "site"
    build_site(kb.load(claims), out, SEARCHED)
    before = inodes(out)
    edit(claims / "dettmers/gpus-no-longer-improve.yaml", "statement: ", "statement: Indeed, ")
    build_site(kb.load(claims), out, SEARCHED)
    after = inodes(out)
    changed = {p for p in after if before.get(p) != after[p]}
    pages = {p.split("/")[1] for p in changed if p.startswith("claims/") and p.endswith(".html")}
    assert {"dettmers", "fu"} <= pages, "the claim's neighbours in the other essay were re-rendered"
    bundles = {"/".join(p.split("/")[:3]) for p in changed if p.startswith("pagefind/claims/")}
    assert bundles == {"pagefind/claims/dettmers"}
    assert "sources/dettmers-2025-why-agi-will-not-happen/index.html" in changed, "the source page lists the claim"
    assert not [p for p in changed if p.startswith("pagefind/") and not p.startswith("pagefind/claims/")], (
        "but the source pages' bundle is kept"
    )


def test_a_removed_claims_folder_takes_its_search_bundle_with_it(tmp_path: Path) -> None:
    claims = Path(shutil.copytree(REPO / "claims", tmp_path / "claims"))
    out = tmp_path / "site"
    build_site(kb.load(claims), out, SEARCHED)
    assert any((out / "pagefind/claims/editor").rglob("*.pf_meta"))
    shutil.rmtree(claims / "editor")
    _unquestion(claims, "editor/agi-may-not-need-exponential-compute")
    build_site(kb.load(claims), out, SEARCHED)
    assert not any(p.is_file() for p in (out / "pagefind/claims").rglob("*") if "editor" in p.parts)
    assert "editor" not in (out / "pagefind/shards.json").read_text()
    build_site(kb.load(claims, cache=False), tmp_path / "clean", SEARCHED)
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")


def test_kb_build_timings_name_every_stage(tmp_path: Path, runner) -> None:
    from render.cli import main  # the kb program: the library's commands and build

    claims = Path(shutil.copytree(REPO / "tests" / "data" / "valid", tmp_path / "claims"))
    result = runner.invoke(main, ["build", "--claims", str(claims), "--out", str(tmp_path / "site"), "--timings"])
    assert result.exit_code == 0, result.output
    stages = [line.split()[0] for line in result.stderr.splitlines()]
    assert stages == ["check", "import", "load", "plan", "make", "search", "publish", "total"]
    assert "files written" in result.stderr and "built" in result.stdout


def test_a_statement_edit_redraws_only_its_own_source_map(tmp_path: Path) -> None:
    """With a map per source (a base above `Settings.map_limit`), editing a claim that collides
    with no other source redraws its source's map only, and the site still equals a clean build."""
    split = Settings(search=False, map_limit=50)
    claims, out = Path(shutil.copytree(REPO / "claims", tmp_path / "claims")), tmp_path / "site"
    build_site(kb.load(claims), out, split)
    before = inodes(out)
    edit(claims / "fu/coding-fell-first.yaml", '"Coding was', '"Indeed, coding was')  # in no crux
    build_site(kb.load(claims), out, split)
    after = inodes(out)
    rewritten = {p for p in after if before.get(p) != after[p]}
    assert "map/sources/fu-2025-yes-agi-can-happen/index.html" in rewritten
    assert "map/sources/dettmers-2025-why-agi-will-not-happen/index.html" not in rewritten
    build_site(kb.load(claims, cache=False), tmp_path / "clean", split)
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")
