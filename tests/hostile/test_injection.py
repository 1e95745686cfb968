"""Injection: a base full of payloads renders as text. Nothing from a claim file runs, in HTML or in Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kb
from tests.conftest import DATA

PAYLOADS = DATA / "payloads"


class Scan(HTMLParser):
    """Collects anything executable: script tags, event-handler attributes, javascript:/data: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "script":
            kind = attributes.get("type", "")
            if kind == "application/ld+json":
                self.in_script = "json"
            elif not attributes.get("src") or "://" in attributes["src"]:
                self.problems.append(f"inline or foreign script {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.strip().lower().startswith(("javascript:", "data:text"))
            ):
                self.problems.append(f"{name}={value!r}")
        if tag in ("iframe", "object", "embed", "base", "svg") and tag != "svg":
            self.problems.append(f"<{tag}> from content")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problems.append("meta refresh")

    def handle_data(self, data) -> None:
        if self.in_script == "json" and "</script" in data.lower():
            self.problems.append("JSON-LD breaks out of its script")

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self.in_script = None


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    from render.build import build_site

    out = tmp_path_factory.mktemp("payloads") / "site"
    build_site(kb.load(PAYLOADS), out)
    return out


def test_no_page_contains_anything_executable_from_claims(payload_site: Path) -> None:
    pages = sorted(payload_site.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        assert not scan.problems, (page, scan.problems)
    claim = (payload_site / "claims/x/script-statement/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = &#39;statement&#39;; alert(1)&lt;/script&gt;" in claim
    template = (payload_site / "claims/x/template-statement/index.html").read_text(encoding="utf-8")
    assert "{{ cycler.__init__.__globals__.os.popen(&#39;touch /tmp/crux-pwned&#39;).read() }}" in template
    assert not Path("/tmp/crux-pwned").exists()


def test_every_page_has_a_content_security_policy(payload_site: Path) -> None:
    for page in payload_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, page
        policy = html.split('http-equiv="Content-Security-Policy"', 1)[1].split(">", 1)[0]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]


def _chromium():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        if os.environ.get("CRUX_REQUIRE_BROWSER"):
            pytest.fail("CRUX_REQUIRE_BROWSER is set but Chromium is missing")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return playwright


@pytest.mark.browser
@pytest.mark.slow
def test_chromium_fires_no_dialog_and_runs_no_payload(payload_site: Path) -> None:
    sync_api = _chromium()
    fired: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
        visited = 0
        for html in sorted(payload_site.rglob("*.html")):
            page.goto(html.as_uri())
            page.wait_for_timeout(50)
            for element in page.query_selector_all("a, blockquote, h1, td")[:40]:
                with contextlib.suppress(sync_api.Error):  # mouse-over payloads would fire here
                    element.hover(timeout=200, force=True)
            assert page.evaluate("() => window.__pwned === undefined"), (html, page.evaluate("() => window.__pwned"))
            visited += 1
        browser.close()
    assert visited >= 5 and fired == []
