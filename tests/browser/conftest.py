"""Browser fixtures: Debian's Chromium driven by Playwright, over the built site on localhost.

The tests skip with a message when Playwright or Chromium is missing, and fail
instead when ``CRUX_REQUIRE_BROWSER=1`` (as in CI).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from render.build import build_site
from render.settings import Settings
from tests.conftest import REPO

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"


def chromium_path() -> str | None:
    return os.environ.get("CRUX_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    if os.environ.get("CRUX_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (CRUX_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def axe_script() -> Path:
    """axe-core's axe.min.js: ``$CRUX_AXE``, or where .ci/run installs it (``.npm/``)."""
    path = Path(os.environ.get("CRUX_AXE") or REPO / ".npm/node_modules/axe-core/axe.min.js")
    if not path.is_file():
        unavailable(f"axe-core was not found at {path} (npm install --prefix .npm axe-core, or set CRUX_AXE)")
    return path


@pytest.fixture(scope="module")  # closed after each module: two sync Playwrights cannot run at once
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium was not found (apt-get install chromium, or set CRUX_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, shipped) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(shipped, out, Settings())
    return out


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the http.server API
        pass


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The site served under a sub-path (``/crux/``), as on a project page."""
    root = site.parent / "root"
    root.mkdir(exist_ok=True)
    (root / "crux").symlink_to(site, target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/crux/"
    server.shutdown()
    server.server_close()


class Watched:
    """A page with every console error and every requested host recorded."""

    def __init__(self, page) -> None:
        self.page, self.errors, self.hosts = page, [], set()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.hosts.add(urlparse(r.url).hostname or urlparse(r.url).scheme))

    def wait_for_url(self, pattern: str) -> None:
        """Wait until the page's URL matches `pattern` (a regular expression searched in it).

        A click waits for the navigation it starts, but a key press does not: a same-page jump
        changes the URL after the key event has returned."""
        from playwright.sync_api import expect  # imported here: the module loads without Playwright

        expect(self.page).to_have_url(re.compile(pattern))

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = Watched(context.new_page())
    yield page
    context.close()
    assert page.errors == [], f"console errors: {page.errors}"
    assert page.hosts <= {"127.0.0.1", "file"}, f"requests left localhost: {page.hosts}"
