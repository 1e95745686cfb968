"""``kb serve`` in Chromium (issue 19, class 8): after an invalid save, every open page shows the
problems over it, as text, until the file is fixed, when the page reloads without them."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

import kb
from render.build import build_site
from render.serve import LiveSite, make_server
from render.settings import Settings
from tests.browser.conftest import Watched
from tests.conftest import DATA

pytestmark = pytest.mark.browser  # Chromium through Playwright


@pytest.fixture
def served(tmp_path: Path):
    claims = shutil.copytree(DATA / "valid", tmp_path / "claims")
    out = tmp_path / "site"
    build_site(kb.load(claims), out, Settings(search=False))
    site = LiveSite(out, claims, Settings(search=False))
    server = make_server(out, 0, "127.0.0.1", site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_an_invalid_save_is_shown_over_the_page_until_it_is_fixed(
    served, watched: Watched
) -> None:  # served first: it stops last
    from playwright.sync_api import expect

    site, url = served
    page = watched.page
    page.goto(url + "claims/alpha/answer/index.html")
    expect(page.locator("h1")).to_contain_text("The answer is 42.")
    answer = site.claims / "alpha/answer.yaml"
    good = answer.read_text(encoding="utf-8")
    answer.write_text("statement: [<b>broken</b>\n", encoding="utf-8")
    assert not site.load()
    box = page.locator("#crux-problems")
    expect(box).to_be_visible()
    expect(box).to_contain_text("alpha/answer.yaml:2: YAML syntax error")
    assert page.locator("#crux-problems b").count() == 0, "the problems are shown as text, never as markup"
    expect(page.locator("h1")).to_contain_text("The answer is 42.")  # the old page stays under it
    watched.screenshot("serve-problems")
    answer.write_text(good.replace("The answer is 42.", "The answer is 43."), encoding="utf-8")
    assert site.load()
    expect(page.locator("h1")).to_contain_text("The answer is 43.")
    expect(page.locator("#crux-problems")).to_have_count(0)


def test_a_page_opened_while_a_save_is_invalid_shows_the_problems(served, watched: Watched) -> None:
    from playwright.sync_api import expect

    site, url = served
    (site.claims / "alpha/answer.yaml").write_text("statement: [broken\n", encoding="utf-8")
    assert not site.load()
    watched.page.goto(url + "index.html")
    expect(watched.page.locator("#crux-problems")).to_contain_text("YAML syntax error")
