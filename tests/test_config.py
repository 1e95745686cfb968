"""A base's own settings (crux.yaml, `kb.config`): validated like a record, and everything the site
says of itself comes from them, so that a base on another topic carries nothing of the shipped debate."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import kb
from kb.errors import InvalidBase, KBError
from render.build import build_site
from render.settings import Settings
from tests.conftest import DATA, REPO

ENGLISH = DATA / "english"
SHIPPED_WORDS = ("MFU", "FP4", "FP8", "GPU", "FLOP", "訓練", "Dettmers", "AGI", "essay", "兩篇")


def _base_with(tmp_path: Path, settings: str, source: Path = DATA / "valid") -> Path:
    root = shutil.copytree(source, tmp_path / "claims")
    (root / "crux.yaml").write_text(settings, encoding="utf-8")
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(InvalidBase) as caught:
        kb.load(root)
    return [str(i) for i in caught.value.issues if i.severity == "error"]


def test_every_mistake_in_the_settings_is_reported_with_its_line(tmp_path: Path) -> None:
    root = _base_with(tmp_path, "title: Answers\nlanguage: [en]\nurl: javascript:alert(1)\nlanguages: [en, en]\n")
    problems = _problems(root)
    path = root / "crux.yaml"
    assert problems == [
        f"{path}:2: language: unknown field (hint: did you mean `languages`?)",
        f"{path}:3: url: not a web address (hint: write a full address starting with https:// or http://)",
        f"{path}:4: languages: each language may be listed once",
    ]


def test_a_text_in_a_language_the_base_is_not_written_in_is_refused(tmp_path: Path) -> None:
    root = _base_with(tmp_path, "languages: [en]\ntitle: {en: Answers, zh: 答案}\n")
    (problem,) = [p for p in _problems(root) if "crux.yaml" in p]
    assert "title is given in zh, which is not among the languages (en)" in problem


def test_a_base_without_settings_has_plain_defaults(tmp_path: Path) -> None:
    base = kb.load(DATA / "valid")
    assert (base.config.title, base.config.languages, base.config.edit_url) == ("Crux", ["en", "zh"], None)
    out = tmp_path / "site"
    build_site(base, out, Settings(search=False))
    page = (out / "claims/alpha/answer/index.html").read_text(encoding="utf-8")
    assert "<title>" in page and "· Crux</title>" in page
    assert "claim.edit" not in page and "/edit/" not in page, "no edit link without an edit address"


def test_chinese_is_required_exactly_when_the_base_is_written_in_it(tmp_path: Path) -> None:
    root = _base_with(tmp_path, "languages: [en]\n")
    problems = _problems(root)
    assert problems, "the valid base carries Chinese statements, which an English-only base refuses"
    assert all("the base is not written in Chinese (its languages: en)" in p for p in problems)
    assert any(p.startswith(f"{root / 'alpha/answer.yaml'}:2: statement_zh:") for p in problems)
    english = shutil.copytree(ENGLISH, tmp_path / "english")
    (english / "crux.yaml").write_text("languages: [en, zh]\n", encoding="utf-8")
    missing = _problems(english)
    assert missing and all("statement_zh: required field is missing" in p for p in missing)
    assert len(missing) == len(list((english / "survey").glob("*.yaml")))


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("english")
    claims = shutil.copytree(ENGLISH, folder / "claims")  # outside git: its history is Crux's own commits here
    build_site(kb.load(claims), folder / "site", Settings(search=False))
    return folder / "site"


def test_an_english_only_base_builds_pages_in_english_alone(english_site: Path) -> None:
    assert not (english_site / "zh").exists()
    home = (english_site / "index.html").read_text(encoding="utf-8")
    assert 'class="lang-switch"' not in home and 'hreflang="zh-Hant"' not in home
    assert '<a class="brand" href="index.html">Battery prices</a>' in home
    assert "<h1>Battery prices</h1>" in home
    assert "What a battery price survey says about pack prices" in home
    assert 'placeholder="e.g. pack prices, kWh"' in home
    data = (english_site / "data/index.html").read_text(encoding="utf-8")
    assert "The survey&#39;s pack prices, each with its unit" in data


def test_no_page_of_another_base_says_a_word_of_the_shipped_debate(english_site: Path) -> None:
    pages = sorted(english_site.rglob("*.html"))
    assert len(pages) > 10
    found = {
        page.relative_to(english_site).as_posix(): sorted(w for w in SHIPPED_WORDS if re.search(re.escape(w), text))
        for page in pages
        if (text := page.read_text(encoding="utf-8"))
    }
    assert {page: words for page, words in found.items() if words} == {}


def test_a_text_given_only_in_the_primary_language_is_marked_with_it(tmp_path: Path) -> None:
    root = _base_with(tmp_path, "title: {en: Answers}\ndescription: {en: 'One question, answered twice.'}\n")
    out = tmp_path / "site"
    build_site(kb.load(root), out, Settings(search=False))
    zh = (out / "zh/index.html").read_text(encoding="utf-8")
    assert '<h1><span lang="en">Answers</span></h1>' in zh
    assert '<span lang="en">One question, answered twice.</span>' in zh
    en = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Answers</h1>" in en


def test_settings_texts_are_escaped(tmp_path: Path) -> None:
    root = _base_with(tmp_path, "title: '<script>alert(1)</script>'\n")
    out = tmp_path / "site"
    build_site(kb.load(root), out, Settings(search=False))
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in home and "&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_the_edit_address_comes_from_the_settings_and_the_environment_overrides_it(tmp_path: Path) -> None:
    root = _base_with(tmp_path, "edit_url: https://example.org/edit/main/claims\n")
    base = kb.load(root)
    assert base.config.edit_url == "https://example.org/edit/main/claims/"
    out = tmp_path / "site"
    build_site(base, out, Settings(search=False))
    page = (out / "claims/alpha/answer/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/edit/main/claims/alpha/answer.yaml"' in page
    later = Settings.from_env({"KB_EDIT_URL_BASE": "https://example.com/e/"}, search=False)
    build_site(base, out, later)
    page = (out / "claims/alpha/answer/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.com/e/alpha/answer.yaml"' in page


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://example.org/", "https://exa mple.org/"])
def test_an_edit_address_from_the_environment_must_be_a_web_address(address: str) -> None:
    with pytest.raises(KBError, match=r"KB_EDIT_URL_BASE=.* is not a web address"):
        Settings.from_env({"KB_EDIT_URL_BASE": address})


def test_the_shipped_base_names_its_own_repository_for_edits() -> None:
    config = kb.load(REPO / "claims").config
    assert config.languages == ["en", "zh"] and config.edit_url is not None
    assert config.say("title", "zh")[1] == "zh"


def test_the_public_address_gives_canonical_links_and_a_sitemap(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    root = _base_with(tmp_path, "url: https://answers.example/site/\n")
    out = tmp_path / "site"
    build_site(kb.load(root), out, Settings(search=False))
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    for page in pages:
        wanted = f'<link rel="canonical" href="https://answers.example/site/{page}">'
        assert wanted in (out / page).read_text(encoding="utf-8"), page
    tree = ET.parse(out / "sitemap.xml")  # noqa: S314 - the file this build wrote
    listed = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sorted(listed) == [f"https://answers.example/site/{page}" for page in pages]
    bare = tmp_path / "bare"
    build_site(kb.load(_base_with(tmp_path / "b", "title: Answers\n")), bare, Settings(search=False))
    assert not (bare / "sitemap.xml").exists() and 'rel="canonical"' not in (bare / "index.html").read_text(
        encoding="utf-8"
    )
