"""Take the README's screenshots: ``python -m tests.browser.screenshots`` (or ``make screenshots``).

Builds the site from ``claims/`` and saves the top of the home page, a question page and a
claim page, 1366 × 900, into ``docs/screenshots/``.
"""

from __future__ import annotations

import functools
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import kb
from render.build import build_site
from tests.browser.conftest import CHROMIUM_ARGS, Quiet, chromium_path
from tests.conftest import REPO

SHOTS = {
    "home.png": "index.html",
    "question.png": "questions/hardware-used-near-its-limit/index.html",
    "claim.png": "claims/fu/fp4-9x-flops/index.html",
}


def main(out: Path = REPO / "docs/screenshots") -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_site(kb.load(REPO / "claims"), site)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                for name, path in SHOTS.items():
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                    page.screenshot(path=str(out / name))
                    print(f"saved {out / name}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
