"""Nothing lost: processes killed with SIGKILL at many moments leave no partial file and no broken site."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kb
from tests.conftest import DATA, REPO, tree_bytes

pytestmark = pytest.mark.slow  # kills real processes at many moments

NEW = """
from kb.editing import new_claim
new_claim({root!r}, source="alpha", statement="Everyone computes the same answer {n}.",
          statement_zh="大家算出同樣的答案。", quote="as anyone can compute", supports=["alpha/answer"])
"""


def run_and_kill(args: list[str], delay: float | None, cwd: Path) -> int | None:
    """Run ``args`` and kill it with SIGKILL after ``delay`` seconds (None: let it finish)."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if delay is not None:
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    return process.wait()


@pytest.mark.parametrize("delay", [0.25, 0.4, 0.55, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.2])
def test_killed_kb_new_leaves_no_partial_file(delay: float, tmp_path: Path) -> None:
    root = Path(shutil.copytree(DATA / "valid", tmp_path / "claims"))
    run_and_kill([sys.executable, "-c", NEW.format(root=str(root), n=delay)], delay, REPO)
    tree = kb.read_tree(root)
    assert not tree.errors, [str(i) for i in tree.errors]
    assert len(tree.claims) in (3, 4)
    for path in root.rglob("*.yaml"):
        assert path.read_text(encoding="utf-8").endswith("\n"), path


def test_killed_builds_leave_the_previous_site_complete(tmp_path: Path) -> None:
    from render.build import build_site

    out = tmp_path / "site"
    build_site(kb.load(DATA / "valid"), out)
    old = tree_bytes(out)
    new_root = Path(shutil.copytree(DATA / "valid", tmp_path / "claims"))
    (new_root / "alpha" / "answer.yaml").write_text(
        (new_root / "alpha" / "answer.yaml")
        .read_text(encoding="utf-8")
        .replace("The answer is 42.", "The answer is 43."),
        encoding="utf-8",
    )
    reference = tmp_path / "reference"
    build_site(kb.load(new_root), reference)
    new = tree_bytes(reference)
    command = [sys.executable, "-m", "render.cli", "build", "--claims", str(new_root), "--out", str(out)]
    outcomes = set()
    for delay in [0.3, 0.6, 0.9, 1.1, 1.3, 1.5, 1.8, 2.5, None]:  # the last build runs to the end
        shutil.rmtree(out)
        build_site(kb.load(DATA / "valid"), out)
        run_and_kill(command, delay, REPO)
        now = tree_bytes(out)
        assert now in (old, new), f"site broken after a kill at {delay}s"
        outcomes.add("old" if now == old else "new")
    assert outcomes == {"old", "new"}, "the first kill lands before the swap, the unkilled build after it"
    build_site(kb.load(new_root), out)  # the next build cleans up what killed builds left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".reference.crux",
        ".site.crux",
        "claims",
        "reference",
        "site",
    ]
    assert tree_bytes(tmp_path / ".site.crux" / "spare") == tree_bytes(out), "the spare copy agrees with the site again"
