"""The static site: every page exists, links resolve, text is escaped, builds are atomic and reproducible."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kb
from kb.errors import BuildError
from render import build as build_module
from render import templating
from render.build import build_site
from render.settings import Settings
from tests.conftest import DATA, tree_bytes


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.links += [v for k, v in attrs if k in ("href", "src") and v]


@pytest.fixture
def base():
    return kb.load(DATA / "valid")


def test_every_page_exists(base, tmp_path: Path) -> None:
    build_site(base, tmp_path / "site")
    files = tree_bytes(tmp_path / "site")
    for claim_id in base.claims:
        assert f"claims/{claim_id}/index.html" in files
        assert f"claims/{claim_id}.json" in files
    for source_id in base.sources:
        assert f"sources/{source_id}/index.html" in files
    for name in (
        "index.html",
        "kb.json",
        "kb.sqlite",
        "kb.graphml",
        "static/style.css",
        "static/map.js",
        "static/search.js",
        "sources/alpha/archive.txt",
        "pagefind/pagefind.js",
        "map/index.html",
        "data/index.html",
        "predictions/index.html",
        "search/index.html",
        "tags/answers/index.html",
        "verdicts/unchecked/index.html",
        "sources/index.html",
        "tags/index.html",
    ):
        assert name in files, name
    english = [p for p in files if p.endswith(".html") and not p.startswith("zh/")]
    assert {f"zh/{p}" for p in english} == {p for p in files if p.startswith("zh/")}, "every page in both languages"


def test_every_internal_link_resolves_and_nothing_loads_from_elsewhere(base, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(base, out)
    checked = 0
    for page in out.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link == "data:," or link.startswith("#"):  # the empty favicon; links within the page
                continue
            if link.startswith(("http://", "https://")):
                allowed = {s.url for s in base.sources.values()}
                assert link in allowed or link.startswith(str(base.config.edit_url)), f"{page}: external {link}"
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page}: broken link {link}"
            checked += 1
    assert checked > 200


def test_claim_text_is_escaped(base, tmp_path: Path) -> None:
    build_site(base, tmp_path / "site")
    html = (tmp_path / "site/claims/alpha/premise/index.html").read_text(encoding="utf-8")
    assert "<b>by hand</b>" not in html
    assert "&lt;b&gt;by hand&lt;/b&gt;" in html


@pytest.mark.slow  # two builds
def test_two_builds_are_byte_identical(base, tmp_path: Path) -> None:
    build_site(base, tmp_path / "one")
    build_site(kb.load(DATA / "valid"), tmp_path / "two")
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


@pytest.mark.slow
def test_failed_build_leaves_previous_site_intact(base, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    build_site(base, out)
    before = tree_bytes(out)
    calls = {"n": 0}
    real = templating.render_page

    def failing(env, page, base, site_url=None):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("template exploded")
        return real(env, page, base, site_url)

    monkeypatch.setattr(templating, "render_page", failing)
    later = Settings(edit_url_base="https://example.org/later/")  # a change, so that pages must be rendered again
    with pytest.raises(RuntimeError):
        build_site(base, out, later)
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.crux", "site"], "only the spare beside the site"
    monkeypatch.setattr(templating, "render_page", real)
    build_site(base, out, later)  # the next build recovers from the half-made spare
    build_site(base, tmp_path / "clean", later)
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")


def test_failure_while_writing_data_leaves_previous_site(base, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    build_site(base, out)
    before = tree_bytes(out)
    monkeypatch.setattr(build_module, "write_sqlite", lambda base, path: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(BuildError, match="cannot write the site: disk full"):
        build_site(base, out, Settings(edit_url_base="https://example.org/later/"))
    assert tree_bytes(out) == before


def test_json_twin_and_kb_json(base, tmp_path: Path) -> None:
    import json

    build_site(base, tmp_path / "site")
    twin = json.loads((tmp_path / "site/claims/alpha/answer.json").read_text(encoding="utf-8"))
    assert twin["id"] == "alpha/answer"
    assert twin["rebutted_by"] == ["beta/answer"] and twin["supported_by"] == ["alpha/premise"]
    assert twin["quotes"][0]["verified"] is True
    everything = json.loads((tmp_path / "site/kb.json").read_text(encoding="utf-8"))
    assert {
        "from": "beta/answer",
        "to": "alpha/answer",
        "relation": "rebuts",
        "question": "the-answer",
        "answer": 1,
    } in everything["edges"]  # a written rebuttal that belongs to a question, and the one the question adds back:
    assert {
        "from": "alpha/answer",
        "to": "beta/answer",
        "relation": "rebuts",
        "question": "the-answer",
        "answer": 0,
        "implied": True,
    } in everything["edges"]
    assert [q["id"] for q in everything["questions"]] == ["the-answer"]
    assert len(everything["claims"]) == 3


@pytest.mark.parametrize("bad_out", ["claims", ".", "nonempty"])
def test_dangerous_output_folders_are_refused(valid_tree: Path, bad_out: str, monkeypatch) -> None:
    base = kb.load(valid_tree)
    monkeypatch.chdir(valid_tree.parent)
    (valid_tree.parent / "nonempty").mkdir()
    (valid_tree.parent / "nonempty" / "thesis.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(BuildError):
        build_site(base, Path(bad_out))
    assert (valid_tree.parent / "nonempty" / "thesis.txt").read_text(encoding="utf-8") == "precious"


def test_links_are_relative_to_each_page() -> None:
    from render.urls import relative

    assert relative("index.html", "claims/a/b/index.html") == posixpath.join("..", "..", "..", "index.html")


@pytest.mark.slow
def test_claim_page_and_twin_show_the_check(tmp_path: Path, shipped) -> None:
    import json

    base = shipped
    build_site(base, tmp_path / "site")
    page = (tmp_path / "site/claims/fu/fp4-9x-flops/index.html").read_text(encoding="utf-8")
    for text in (
        "usable-flops-multiple",
        "training-runs.llama3-405b.mfu_bf16",
        "39.58%",
        "inconclusive",
        "../../../sources/meta-2024-llama-3-herd/index.html",
    ):
        assert text in page, text
    twin = json.loads((tmp_path / "site/claims/fu/fp4-9x-flops.json").read_text(encoding="utf-8"))
    assert twin["result"]["verdict"] == "inconclusive"
    assert round(twin["result"]["break_even"]["target_mfu"], 3) == 0.396
    assert [s["label"] for s in twin["result"]["steps"]] == ["peak ratio", "MFU ratio", "usable FLOPs multiple"]


def test_staging_folders_of_killed_builds_are_removed(base, tmp_path: Path) -> None:
    leftover = tmp_path / ".site.new-killed"
    (leftover / "claims").mkdir(parents=True)
    (leftover / "claims" / "half.html").write_text("<p>half", encoding="utf-8")
    (tmp_path / "unrelated.new-x").mkdir()
    build_site(base, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.crux", "site", "unrelated.new-x"]
