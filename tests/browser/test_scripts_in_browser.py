"""Search in both Chinese scripts, in Chromium: a query in Simplified characters finds what the same
words in Traditional find, on both sides of the site, and the page asks no other host."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched
from tests.browser.test_site_in_browser import wait_for_search

pytestmark = pytest.mark.browser  # Chromium through Playwright


def hits(watched: Watched, query: str) -> tuple[str, list[str]]:
    """The status line and the result links for ``query``, typed into the search box."""
    page = watched.page
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    status = wait_for_search(page)
    return status, page.eval_on_selector_all("#search-results a", "links => links.map(a => a.href)")


@pytest.mark.parametrize(
    ("simplified", "traditional", "expected"),
    [
        ("训练", "訓練", "claims/fu/deepseek-v3-mfu-20pct/index.html"),
        ("带宽", "帶寬", "claims/fu/inference-optimised-for-mbu/index.html"),
        ("后训练", "後訓練", "claims/fu/new-post-training-formulas/index.html"),
    ],
)
@pytest.mark.parametrize("side", ["", "zh/"])
def test_simplified_and_traditional_queries_find_the_same_claims(
    watched: Watched, base_url: str, side: str, simplified: str, traditional: str, expected: str
) -> None:
    watched.page.goto(base_url + side + "search/index.html")
    _, from_simplified = hits(watched, simplified)
    status, from_traditional = hits(watched, traditional)
    assert traditional in status
    assert from_simplified == from_traditional
    assert any(link.endswith("/crux/" + side + expected) for link in from_traditional), from_traditional
    _, mixed = hits(watched, simplified[0] + traditional[1:])  # one word in both scripts at once
    assert mixed == from_traditional
