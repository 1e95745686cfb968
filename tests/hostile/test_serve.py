"""Errors where editors look (issue 19, class 8): after an invalid save, ``kb serve`` keeps serving
the old pages and serves the problems (``/__crux/problems``), which every open page shows over
itself until the file is fixed (in Chromium: tests/browser/test_serve_in_browser.py)."""

from __future__ import annotations

import json

import pytest

from render.serve import PROBLEMS_PATH
from render.settings import Settings
from tests.test_site_serve import get

SETTINGS = Settings(search=False)


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
