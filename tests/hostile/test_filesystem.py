"""File system: the build writes only its output folder, and refuses folders it must not replace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kb
from kb.errors import BuildError
from render.build import build_site
from tests.conftest import DATA, tree_bytes


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    claims = Path(shutil.copytree(DATA / "valid", tmp_path / "repo" / "claims"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "repo" / "README.md").write_text("readme", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path / "repo")
    return claims


@pytest.mark.parametrize("out", ["claims", ".", "..", "~", "/", "claims/sub", "README.md"])
def test_dangerous_output_folders_are_refused_and_nothing_changes(workspace: Path, out: str) -> None:
    before = tree_bytes(workspace.parent.parent)
    with pytest.raises(BuildError):
        build_site(kb.load(workspace), Path(out).expanduser())
    assert tree_bytes(workspace.parent.parent) == before


def test_the_build_writes_nothing_outside_its_output_folder(workspace: Path) -> None:
    root = workspace.parent.parent
    before = tree_bytes(root)
    build_site(kb.load(workspace), Path("site"))
    build_site(kb.load(workspace), Path("site"))  # and a rebuild over its own earlier output
    after = tree_bytes(root)
    outside = {k: v for k, v in after.items() if not k.startswith(("repo/site/", "repo/.site.crux/"))}
    assert outside == before
    assert sorted(p.name for p in (root / "repo").iterdir()) == [".site.crux", "README.md", "claims", "site"]
