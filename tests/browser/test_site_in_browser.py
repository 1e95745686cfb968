"""The built site in a real browser: navigation, search, languages, the map, file://."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from render.build import build_site
from render.settings import Settings
from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser  # Chromium through Playwright


def wait_for_search(page) -> str:
    page.wait_for_function(
        "() => { const t = document.getElementById('search-status').textContent;"
        " return t.length > 0 && t.indexOf('…') < 0; }"
    )
    return page.text_content("#search-status")


def test_home_to_claim_to_rebuttal_to_source(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "index.html")
    assert page.title() == "Home · Can AI compute keep growing?"  # the page, then the base's title (crux.yaml)
    watched.screenshot("home")
    page.click(".essay .thesis a")
    watched.wait_for_url(r"/crux/claims/dettmers/thesis/index\.html$")
    rebuttal = page.locator("#backlinks-heading ~ ul.backlinks .relation.rebuts + a").first
    target = rebuttal.get_attribute("href")
    rebuttal.click()
    claim_id = re.search(r"claims/(.+)/index\.html$", page.url).group(1)
    assert page.url.endswith(target.lstrip("./"))
    assert "dettmers/thesis" in page.inner_html(".claim-page"), "it links back to the claim it rebuts"
    page.click(".meta a")
    assert re.search(r"/crux/sources/[^/]+/index\.html$", page.url)
    assert claim_id in page.text_content("main")


def test_claim_page_screenshot_and_keyboard(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "claims/fu/fp4-9x-flops/index.html")
    assert page.locator("svg#local .node.current").count() == 1
    watched.screenshot("claim")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    watched.wait_for_url(r"#main$")


@pytest.mark.parametrize("width", [1200, 390])
def test_a_maps_first_view_shows_its_claim_or_a_question(browser, base_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 500)
    page = context.new_page()
    page.goto(base_url + "claims/fu/fp4-9x-flops/index.html")
    assert visible_in_viewport(page, "svg#local .node.current") == 1
    page.goto(base_url + "map/index.html")
    assert visible_in_viewport(page, "svg#map .node-question") >= 1
    context.close()


def test_search_finds_claims_by_english_and_chinese_words(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "search/index.html")
    page.fill("#search-input", "FP4")
    page.press("#search-input", "Enter")
    assert re.match(r"\d+ results", wait_for_search(page))
    assert page.locator('#search-results a[href$="/crux/claims/fu/fp4-9x-flops/index.html"]').count() == 1
    page.fill("#search-input", "訓練")
    page.press("#search-input", "Enter")
    wait_for_search(page)
    assert page.locator('#search-results a[href$="/crux/claims/fu/deepseek-v3-mfu-20pct/index.html"]').count() == 1
    page.fill("#search-input", "Dettmers")  # a hit in each bundle: source pages, and both essays' claims folders
    page.press("#search-input", "Enter")
    wait_for_search(page)
    for bundle in ("sources", "claims/dettmers", "claims/fu"):
        assert page.locator(f'#search-results a[href*="/crux/{bundle}/"]').count() >= 1, bundle
    page.goto(base_url + "zh/search/index.html?q=" + "訓練")
    assert "個結果" in wait_for_search(page)
    assert page.locator('#search-results a[href$="/crux/zh/claims/fu/deepseek-v3-mfu-20pct/index.html"]').count() == 1


def test_language_switch_keeps_the_claim(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "claims/fu/fp4-9x-flops/index.html")
    page.click(".lang-switch a")
    watched.wait_for_url(r"/crux/zh/claims/fu/fp4-9x-flops/index\.html$")
    assert page.get_attribute("html", "lang") == "zh-Hant"
    assert "倍" in page.text_content("h1")
    page.click(".lang-switch a")
    watched.wait_for_url(r"/crux/claims/fu/fp4-9x-flops/index\.html$")
    page.goto(base_url + "zh/index.html")
    watched.screenshot("zh")


def visible_in_viewport(page, selector: str) -> int:
    """How many of ``selector``'s elements are shown and lie at least partly inside their map's viewport."""
    map_scale(page)
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).filter((n) => {
        if (n.classList.contains("hidden")) return false;
        const v = n.closest(".map-viewport").getBoundingClientRect(), r = n.getBoundingClientRect();
        return r.width > 0 && r.right > v.left && r.left < v.right && r.bottom > v.top && r.top < v.bottom;
    }).length""",
        selector,
    )


def map_scale(page) -> float:
    """The map's zoom, once map.js has set its first view and Panzoom has drawn it (in animation frames)."""
    page.wait_for_selector(".map-frame[data-ready]", state="attached")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.evaluate(
        "() => new DOMMatrix(getComputedStyle(document.querySelector('.map-viewport svg')).transform).a"
    )


def test_map_filter_hides_and_shows_nodes(watched: Watched, base_url: str, shipped) -> None:
    page = watched.page
    page.goto(base_url + "map/index.html")
    nodes = page.locator("svg#map .node-claim")
    total = nodes.count()
    visible = lambda: sum(nodes.nth(i).is_visible() for i in range(total))
    assert total > 10 and visible() == total
    assert page.locator("svg#map .node-question").count() == len(shipped.questions)
    watched.screenshot("map")
    page.select_option("select[name=verdict]", "contradicted")
    contradicted = page.locator('svg#map .node-claim[data-verdict="contradicted"]').count()
    assert 0 < contradicted < total and visible() == contradicted
    assert visible_in_viewport(page, 'svg#map .node-claim[data-verdict="contradicted"]') == contradicted, (
        "zoomed to what it keeps"
    )
    assert "of" in page.text_content("#map-filter output")
    page.select_option("select[name=verdict]", "")
    page.select_option("select[name=tag]", "mfu")
    assert 0 < visible() < total
    assert visible_in_viewport(page, "svg#map .node-claim:not(.hidden)") > 0, "a filter never leaves an empty view"
    page.select_option("select[name=tag]", "")
    assert visible() == total
    nodes.first.hover()
    assert "focusing" in page.get_attribute("svg#map", "class")


def test_map_zooms_fits_and_reaches_every_node_by_keyboard(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "map/index.html")
    start = map_scale(page)
    page.click(".map-tools button[data-zoom=in]")
    assert map_scale(page) > start
    page.focus(".map-viewport")
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert map_scale(page) < start
    page.click(".map-tools button[data-zoom=fit]")
    assert abs(map_scale(page) - start) < 1e-6
    last = page.locator("svg#map .node").last
    last.focus()
    assert visible_in_viewport(page, f'svg#map .node[data-id="{last.get_attribute("data-id")}"]') == 1, (
        "focus brings it into view"
    )
    assert page.locator("svg#map .node[tabindex='-1']").count() == 0


def test_the_site_navigates_from_file_urls(watched: Watched, site: Path) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    page.click(".site-nav a[href$='map/index.html']")
    watched.wait_for_url(r"/map/index\.html$")
    assert page.locator("#map-filter").is_visible()
    page.click("svg#map .node-claim >> nth=0")
    watched.wait_for_url(r"/claims/.+/index\.html$")
    page.goto((site / "search/index.html").as_uri() + "?q=MFU")
    assert "file://" in page.text_content("#search-status") and page.locator("#search-input").is_disabled()


def test_a_large_base_opens_one_map_per_source(watched: Watched, tmp_path_factory, shipped) -> None:
    """Above `Settings.map_limit` claims, the map page leads to the sources' own maps, whose
    filters and highlighting work as on the whole map."""
    site = tmp_path_factory.mktemp("split") / "site"
    build_site(shipped, site, Settings(search=False, map_limit=50))
    page = watched.page
    page.goto((site / "map/all/index.html").as_uri())
    assert page.locator("svg#map").count() == 0 and page.locator(".source-maps a").count() == 3
    page.click(".source-maps a[href*='fu-2025']")
    watched.wait_for_url(r"/map/sources/fu-2025-yes-agi-can-happen/index\.html$")
    nodes = page.locator("svg#map .node")
    total = nodes.count()
    assert total > 10 and page.locator('svg#map .node[data-source="fu-2025-yes-agi-can-happen"]').count() == total
    page.select_option("select[name=verdict]", "supported")
    assert 0 < sum(nodes.nth(i).is_visible() for i in range(total)) < total
    assert page.locator("#cruxes li").count() > 0
    watched.screenshot("source-map")
