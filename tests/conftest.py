"""Shared fixtures and helpers: paths to fixture trees, the shipped base (loaded once), a CLI runner,
`tree_bytes` for comparing built folders, and `git` and `commit` for scripted repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
ERRORS = DATA / "errors"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory) -> None:
    """Caches of this test run go to a temporary folder, not the user's ~/.cache
    (subprocesses inherit it through the environment)."""
    import os

    os.environ["KB_CACHE_DIR"] = str(tmp_path_factory.mktemp("kb-cache"))


@pytest.fixture
def valid_tree(tmp_path: Path) -> Path:
    """A writable copy of tests/data/valid."""
    return Path(shutil.copytree(DATA / "valid", tmp_path / "claims"))


@pytest.fixture
def live(valid_tree: Path, tmp_path: Path):
    """``kb serve``'s site over a build of ``valid_tree`` on a free localhost port: (the
    `render.serve.LiveSite`, its base URL)."""
    import threading

    import kb
    from render.build import build_site
    from render.serve import LiveSite, make_server
    from render.settings import Settings

    out, settings = tmp_path / "site", Settings(search=False)
    build_site(kb.load(valid_tree), out, settings)
    site = LiveSite(out, valid_tree, settings)
    server = make_server(out, 0, "127.0.0.1", site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


GIT = shutil.which("git")


def git(repo: Path, *arguments: str) -> str:
    """What ``git arguments`` prints in ``repo``, run as the editor "Editor One"."""
    command = [str(GIT), "-C", str(repo), "-c", "user.name=Editor One", "-c", "user.email=one@example.org", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def commit(repo: Path, message: str) -> str:
    """Commit everything in ``repo`` with ``message``; returns the commit's id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its POSIX path relative to ``root``, with its bytes: two builds
    are the same when their ``tree_bytes`` are equal."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def error_case(name: str, into: Path) -> Path:
    """The base tree of tests/data/errors with case ``name`` laid over it, copied under ``into``."""
    root = into / name
    shutil.copytree(ERRORS / "_base", root)
    shutil.copytree(ERRORS / name, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def shipped():
    """The shipped claims folder, loaded once (do not mutate)."""
    import kb

    return kb.load(REPO / "claims")
