"""``kb serve``: pages get a reload hook that the static build does not contain; after an edit every page
is made from the base in memory on demand, then the build is written; a broken save keeps the old site;
a change of code builds anew."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

import kb
from render.build import build_site
from render.serve import RELOAD_PATH, LiveSite, make_server, watch
from render.settings import Settings
from tests.conftest import DATA, REPO, tree_bytes

SETTINGS = Settings(search=False)


def get(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - localhost only
        return response.read().decode("utf-8")


def reword(claims: Path, new: str) -> None:
    path = claims / "alpha/answer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("The answer is 42.", new), encoding="utf-8")


def test_served_pages_carry_the_reload_hook_and_the_build_does_not(live) -> None:
    site, url = live
    assert RELOAD_PATH in get(f"{url}/claims/alpha/answer/index.html")
    assert RELOAD_PATH in get(f"{url}/")
    assert get(f"{url}/__crux/version") == "0"
    assert "location.reload" in get(f"{url}{RELOAD_PATH}")
    assert "__crux" not in get(f"{url}/static/style.css")
    for page in site.out.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".js", ".css"):
            assert b"__crux" not in page.read_bytes(), page


def test_without_a_site_nothing_is_injected(tmp_path: Path) -> None:
    build_site(kb.load(DATA / "valid"), tmp_path / "site", SETTINGS)
    server = make_server(tmp_path / "site", 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert RELOAD_PATH not in get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_waiting_for_the_version_hears_of_a_change_at_once(live) -> None:
    site, url = live
    threading.Timer(0.2, site.load).start()
    started = time.monotonic()
    assert get(f"{url}/__crux/version?since=0") == "1"
    assert 0.1 < time.monotonic() - started < 5


def test_after_a_change_pages_are_made_from_the_base_in_memory_before_the_disk_has_them(live) -> None:
    site, url = live
    assert site.page("claims/alpha/answer/index.html") is None, "nothing loaded yet: the disk's pages"
    reword(site.claims, "The answer is 43.")
    assert site.load() and site.version == 1
    assert "The answer is 43." in get(f"{url}/claims/alpha/answer/")
    assert "The answer is 43." in get(f"{url}/claims/beta/answer/"), "its rebuttal names it"
    assert "The answer is 43." in get(f"{url}/zh/claims/alpha/answer/")
    assert b"The answer is 43." not in (site.out / "claims/alpha/answer/index.html").read_bytes()
    assert site.page("no/such/page/index.html") is None


@pytest.mark.slow
def test_an_update_then_writes_the_same_site_as_a_build(live, tmp_path: Path) -> None:
    site, url = live
    reword(site.claims, "The answer is 43.")
    assert site.update() and site.version == 1
    assert b"The answer is 43." in (site.out / "claims/alpha/answer/index.html").read_bytes()
    assert get(f"{url}/claims/alpha/answer/") == (site.out / "claims/alpha/answer/index.html").read_text(
        encoding="utf-8"
    ).replace("</body>", f'<script src="{RELOAD_PATH}"></script>\n</body>', 1), "memory and disk agree"
    clean = tmp_path / "clean"
    build_site(kb.load(site.claims, cache=False), clean)
    assert tree_bytes(site.out) == tree_bytes(clean)


def test_a_broken_save_keeps_the_old_site_and_says_why(live, capsys) -> None:
    site, _ = live
    before = tree_bytes(site.out)
    (site.claims / "alpha/answer.yaml").write_text("statement: [broken\n", encoding="utf-8")
    assert not site.update()
    assert site.version == 1 and tree_bytes(site.out) == before  # the pages hear of it, the site stays
    err = capsys.readouterr().err
    assert "alpha/answer.yaml:" in err and "the site stays as it was" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_change_of_code_is_built_by_a_new_interpreter(live) -> None:
    site, url = live
    reword(site.claims, "The answer is 44.")
    assert site.rebuild_with_new_code() and site.version == 1
    assert "The answer is 44." in get(f"{url}/claims/alpha/answer/")


@pytest.mark.slow
def test_watching_the_claims_folder_updates_the_site_on_a_save(live) -> None:
    site, url = live
    stop, updated = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(site, stop, updated.set), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # the watch has started
        reword(site.claims, "The answer is 45.")
        assert updated.wait(30), "no update after a save"
        assert "The answer is 45." in get(f"{url}/claims/alpha/answer/")
    finally:
        stop.set()
        thread.join(5)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["statement", "new edge", "dataset value", "question reworded", "claim removed"])
def test_pages_made_in_memory_after_an_edit_equal_a_clean_build(tmp_path: Path, name: str) -> None:
    """The serve path: after each kind of edit, every page the server makes from the base in memory
    is the page a clean build (cache off) writes, and a page the edit removed is not served."""
    from tests.test_incremental import EDITS

    claims = Path(shutil.copytree(REPO / "claims", tmp_path / "claims"))
    out = tmp_path / "site"
    build_site(kb.load(claims), out, SETTINGS)
    site = LiveSite(out, claims, SETTINGS)
    EDITS[name](claims)
    assert site.load()
    clean = tmp_path / "clean"
    build_site(kb.load(claims, cache=False), clean, SETTINGS)
    pages = {p.relative_to(clean).as_posix(): p.read_bytes() for p in clean.rglob("*.html")}
    assert {path: site.page(path) for path in pages} == pages
    gone = {p.relative_to(out).as_posix() for p in out.rglob("*.html")} - pages.keys()
    assert all(site.page(path) is None for path in gone)
