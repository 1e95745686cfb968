"""``kb serve``: pages get a reload hook that the static build does not contain; changes trigger rebuilds."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest

import kb
from render.build import build_site
from render.cli import run
from render.serve import RELOAD_PATH, Rebuilder, Watcher, make_server, snapshot
from render.settings import Settings
from tests.conftest import DATA


@pytest.fixture
def served(tmp_path: Path):
    build_site(kb.load(DATA / "valid"), tmp_path / "site", Settings(search=False))
    version = {"n": "3"}
    server = make_server(tmp_path / "site", 0, "127.0.0.1", lambda: version["n"])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "site"
    server.shutdown()
    server.server_close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost only
        return response.read().decode("utf-8")


def test_served_pages_carry_the_reload_hook_and_the_build_does_not(served) -> None:
    url, site = served
    assert RELOAD_PATH in get(f"{url}/claims/alpha/answer/index.html")
    assert RELOAD_PATH in get(f"{url}/")
    assert get(f"{url}/__crux/version") == "3"
    assert "location.reload" in get(f"{url}{RELOAD_PATH}")
    assert "__crux" not in get(f"{url}/static/style.css")
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".js", ".css"):
            assert b"__crux" not in page.read_bytes(), page


def test_without_a_version_nothing_is_injected(tmp_path: Path) -> None:
    build_site(kb.load(DATA / "valid"), tmp_path / "site", Settings(search=False))
    server = make_server(tmp_path / "site", 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        html = get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert RELOAD_PATH not in html
    finally:
        server.shutdown()
        server.server_close()


def test_watcher_notices_a_changed_claim(valid_tree: Path) -> None:
    changes = threading.Event()
    watcher = Watcher([valid_tree], changes.set, interval=0.05)
    watcher.start()
    try:
        time.sleep(0.2)
        claim = valid_tree / "alpha/answer.yaml"
        claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert changes.wait(5), "the change was not noticed"
    finally:
        watcher.stop()


def test_snapshot_sees_added_and_removed_files_but_not_bytecode(valid_tree: Path) -> None:
    before = snapshot([valid_tree, valid_tree / "missing"])
    assert str(valid_tree / "alpha/answer.yaml") in before
    (valid_tree / "__pycache__").mkdir()
    (valid_tree / "__pycache__/x.pyc").write_bytes(b"")
    assert snapshot([valid_tree]) == before
    (valid_tree / "alpha/new.yaml").write_text("id: new\n", encoding="utf-8")
    (valid_tree / "alpha/answer.yaml").unlink()
    after = snapshot([valid_tree])
    assert set(after) ^ set(before) == {str(valid_tree / "alpha/new.yaml"), str(valid_tree / "alpha/answer.yaml")}


@pytest.mark.slow
@pytest.mark.parametrize("code_changed", [False, True], ids=["in a fork", "in a new interpreter"])
def test_rebuilder_builds_the_site_and_bumps_the_version(valid_tree: Path, tmp_path: Path, code_changed: bool) -> None:
    rebuild = Rebuilder(valid_tree, tmp_path / "site", run)
    if code_changed:
        rebuild.code = "the code the server started with"
    assert rebuild.in_fork() is not code_changed
    assert rebuild.version() == "0"
    rebuild()
    assert rebuild.version() == "1" and (tmp_path / "site/claims/alpha/answer/index.html").is_file()
    (valid_tree / "alpha/answer.yaml").write_text("statement: [broken\n", encoding="utf-8")
    rebuild()
    assert rebuild.version() == "1", "a failed build keeps the old site and version"
    assert (tmp_path / "site/claims/alpha/answer/index.html").is_file()


def test_a_build_that_breaks_in_the_fork_leaves_the_server_running(
    valid_tree: Path, tmp_path: Path, monkeypatch, capfd
) -> None:
    """A bug raised inside the forked build is printed by the child, which exits; the server's
    process goes on and keeps the old version."""
    import render.build

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the build")

    monkeypatch.setattr(render.build, "build_site", broken)
    rebuild = Rebuilder(valid_tree, tmp_path / "site", run)
    assert rebuild.in_fork()
    rebuild()
    assert rebuild.version() == "0" and "RuntimeError: a bug in the build" in capfd.readouterr().err
