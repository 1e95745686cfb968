"""axe-core over the main pages in both languages: no violation of any impact.

axe-core comes from npm (``.ci/run`` installs it into ``.npm/``; ``$CRUX_AXE`` names its
``axe.min.js``). Without it the test skips, or fails under ``CRUX_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_script

pytestmark = pytest.mark.browser  # Chromium through Playwright

PAGES = [
    "index.html",
    "questions/index.html",
    "sources/index.html",
    "claims/fu/fp4-9x-flops/index.html",
    "questions/hardware-used-near-its-limit/index.html",
    "map/index.html",
    "map/all/index.html",
    "data/index.html",
    "predictions/index.html",
    "search/index.html",
]


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_no_violation(browser, base_url: str, lang: str) -> None:
    script = axe_script()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(base_url + lang + path)
        page.add_script_tag(path=str(script))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]
        if bad:
            found[lang + path] = bad
    context.close()
    assert found == {}, found
