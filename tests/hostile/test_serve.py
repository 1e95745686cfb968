"""Errors where editors look (issue 19, class 8): after an invalid save, ``kb serve`` keeps serving
the old pages and serves the problems (``/__crux/problems``), which every open page shows over
itself until the file is fixed (in Chromium: tests/browser/test_serve_in_browser.py)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import kb
from render.build import build_site
from render.serve import PROBLEMS_PATH, LiveSite, make_server
from render.settings import Settings
from tests.test_site_serve import get

SETTINGS = Settings(search=False)


@pytest.fixture
def live(valid_tree: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(kb.load(valid_tree), out, SETTINGS)
    site = LiveSite(out, valid_tree, SETTINGS)
    server = make_server(out, 0, "127.0.0.1", site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_problems_of_a_broken_save_are_served_until_it_is_fixed(live) -> None:
    site, url = live
    answer = site.claims / "alpha/answer.yaml"
    good = answer.read_text(encoding="utf-8")
    assert json.loads(get(url + PROBLEMS_PATH)) == []
    answer.write_text("statement: [broken\n", encoding="utf-8")
    assert not site.load()
    problems = json.loads(get(url + PROBLEMS_PATH))
    assert len(problems) == 1 and problems[0].startswith(f"error: {answer}:2: YAML syntax error"), problems
    assert "The answer is 42." in get(url + "/claims/alpha/answer/index.html"), "the old page is still served"
    answer.write_text(good, encoding="utf-8")
    assert site.load()
    assert json.loads(get(url + PROBLEMS_PATH)) == [] and site.version == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("statement: [broken\n", "YAML syntax error"),
        ("statement: '<script>x</script>'\n", "kind: required field is missing"),
    ],
)
def test_each_kind_of_invalid_save_is_served_as_text(live, text: str, expected: str) -> None:
    site, url = live
    (site.claims / "alpha/answer.yaml").write_text(text, encoding="utf-8")
    assert not site.load()
    problems = json.loads(get(url + PROBLEMS_PATH))
    assert problems and any(expected in line for line in problems), problems
    assert all(line.startswith("error: ") for line in problems)
