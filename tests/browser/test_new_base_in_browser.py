"""A base made by ``kb init``, in English only, in Chromium: its pages carry its own title, no
language switch, and its search (over the English pages, as it has no Chinese) finds its claims."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

import kb
from kb.starter import new_base
from render.build import build_site
from render.settings import Settings
from tests.browser.conftest import Quiet, Watched
from tests.browser.test_scripts_in_browser import hits

pytestmark = pytest.mark.browser  # Chromium through Playwright


@pytest.fixture(scope="module")
def new_site_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new-base")
    root = new_base(folder / "solar", title="Solar prices", languages=["en"])
    build_site(kb.load(root), folder / "site", Settings())
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_new_english_base_reads_as_its_own_site(watched: Watched, new_site_url: str) -> None:
    watched.page.goto(new_site_url)
    assert watched.page.title() == "Home · Solar prices"
    assert watched.page.inner_text("h1") == "Solar prices"
    assert watched.page.locator(".lang-switch").count() == 0
    assert watched.page.get_attribute("#site-search", "placeholder") == "e.g. solar, module prices"


def test_its_search_finds_its_claims_in_english(watched: Watched, new_site_url: str) -> None:
    watched.page.goto(new_site_url + "search/index.html")
    status, links = hits(watched, "module prices")
    assert "module prices" in status
    assert any(link.endswith("claims/example/module-prices-fell-nine-tenths/index.html") for link in links), links
    assert not any("/zh/" in link for link in links)
    watched.screenshot("new-base-search")


def test_its_pages_fit_a_phone(browser, new_site_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(new_site_url + "claims/example/module-prices-fell-nine-tenths/index.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    context.close()
