"""Dark mode and print: the glance pages stay readable in the reader's dark theme and on paper."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched, axe_script

pytestmark = pytest.mark.browser  # Chromium through Playwright

QUESTION = "questions/hardware-used-near-its-limit/index.html"
PAGES = ["index.html", QUESTION, "claims/fu/fp4-9x-flops/index.html", "map/index.html"]


def luminance(css_colour: str) -> float:
    """The relative luminance (WCAG) of an ``rgb(r, g, b)`` colour."""
    channels = [int(part) / 255 for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_dark_mode_is_dark_and_keeps_its_contrast(browser, base_url: str, lang: str) -> None:
    script = axe_script()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in PAGES:
        page.goto(base_url + lang + path)
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert luminance(background) < 0.05, f"{path}: background {background} in dark mode"
        page.add_script_tag(path=str(script))
        result = page.evaluate("() => axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']})")
        if result["violations"]:
            failures[path] = [node["target"] for v in result["violations"] for node in v["nodes"]][:5]
        if path == "index.html":
            Watched(page).screenshot(f"{lang.strip('/') or 'en'}-home-dark")
    context.close()
    assert failures == {}, failures


def test_print_drops_the_controls_and_shows_the_whole_map(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base_url + "map/index.html")
    page.click(".map-tools button[data-zoom=in]")  # a zoomed map still prints whole
    page.emulate_media(media="print")
    for selector in ["header.site nav", ".search-form", ".map-tools", ".map-filter"]:
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.evaluate("getComputedStyle(document.querySelector('.map-viewport svg')).transform") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.map-viewport')).overflow") == "visible"
    page.goto(base_url + QUESTION)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.locator("table.questions-table, table.hinge-table").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    context.close()
