"""The machine-readable twins of the shipped site: schema.org markup on every claim page, the JSON
twins of source, tag and question pages, and every dataset value in kb.json and kb.sqlite."""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kb
from kb.checks.glossary import verdict_word
from kb.errors import KBError
from render import urls
from render.build import build_site
from render.settings import Settings

SITE_URL = "https://crux.example/debate/"

# What schema.org markup must hold. Google's "Fact check (ClaimReview) structured data"
# (https://developers.google.com/search/docs/appearance/structured-data/factcheck, "Structured
# data type definitions") requires claimReviewed, reviewRating and url on ClaimReview and
# alternateName on its Rating, and recommends author, datePublished and itemReviewed on the
# ClaimReview; bestRating, ratingValue and worstRating on the Rating; and appearance, author,
# datePublished and firstAppearance on the Claim reviewed. We hold ourselves to all of them but
# the review's datePublished outside git (it is the date of the claim's first revision, see
# tests/test_timeline.py; pages depend on no build date) and the Claim's
# datePublished when its source carries no date. schema.org itself (https://schema.org/Claim,
# https://schema.org/ClaimReview) makes no property required; a Claim standing alone (a claim
# page without a rated check) carries the same recommended properties plus its ``text``.
CLAIM_REVIEW = ("@context", "@type", "claimReviewed", "reviewRating", "url", "author", "itemReviewed")
RATING = ("@type", "alternateName", "ratingValue", "bestRating", "worstRating")
CLAIM = ("@type", "author", "appearance", "firstAppearance")
STANDALONE_CLAIM = ("@context", *CLAIM, "text", "url")
CREATIVE_WORK = ("@type", "name", "author")
RATED = ("supported", "contradicted", "inconclusive")


class Page(HTMLParser):
    """A page's JSON-LD blocks, its JSON alternates, the links it makes and the ``<code>`` it shows."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.json_ld: list[str] = []
        self.alternates: list[str] = []
        self.links: list[str] = []
        self.code: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._in = tag if (tag == "script" and a.get("type") == "application/ld+json") or tag == "code" else None
        if tag == "script" and self._in:
            self.json_ld.append("")
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/json":
            self.alternates.append(str(a["href"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.json_ld[-1] += data
        elif self._in == "code":
            self.code.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


@pytest.fixture(scope="module")
def site(tmp_path_factory, shipped) -> Path:
    out = tmp_path_factory.mktemp("twins") / "site"
    build_site(shipped, out, Settings(search=False, site_url=SITE_URL))
    return out


def page(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def claims_linked(site: Path, path: str, links: list[str]) -> set[str]:
    """The claim ids that ``links`` (on the page at ``path``) point at."""
    found = set()
    for link in links:
        target = (site / path).parent.joinpath(link).resolve()
        parts = target.relative_to(site.resolve()).as_posix().removeprefix("zh/")
        if parts.startswith("claims/") and parts.endswith("/index.html"):
            found.add(parts.removeprefix("claims/").removesuffix("/index.html"))
    return found


def twin_of(site: Path, path: str) -> dict:
    """The JSON twin that the page at ``path`` names in its head, parsed; it also links to it."""
    shown = page(site, path)
    assert len(shown.alternates) == 1, path
    assert shown.alternates[0] in shown.links, f"{path}: no visible link to its twin"
    twin = (site / path).parent / shown.alternates[0]
    assert twin.resolve() == (site / urls.twin(path)).resolve(), path
    return json.loads(twin.read_text(encoding="utf-8"))


def require(data: dict, fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in fields if f not in data or data[f] in (None, "", [], {})]
    assert not missing, f"{where}: missing {missing}"


def check_work(work: dict, source, where: str) -> None:
    require(work, CREATIVE_WORK, where)
    assert work["@type"] == "CreativeWork" and work["name"] == source.title, where
    assert work["author"]["name"] == source.author, where
    assert work.get("url") == source.url, where
    assert work.get("datePublished") == (source.published.isoformat() if source.published else None), where


def check_claim(item: dict, claim, base, where: str) -> None:
    require(item, CLAIM, where)
    source = base.sources[claim.source]
    assert item["@type"] == "Claim" and item["author"]["name"] == source.author, where
    check_work(item["firstAppearance"], source, where)
    appearances = {w["name"]: w for w in item["appearance"]}
    quoted = {claim.source, *(q.source for q in claim.quotes)}
    assert set(appearances) == {base.sources[s].title for s in quoted}, where
    for s in quoted:
        check_work(appearances[base.sources[s].title], base.sources[s], where)
    if source.published:
        assert item["datePublished"] == source.published.isoformat(), where


@pytest.mark.slow  # the whole shipped site
def test_every_claim_page_carries_complete_schema_org_markup(site: Path, shipped) -> None:
    seen = {"ClaimReview": 0, "Claim": 0}
    for claim in shipped:
        verdict = shipped.results[claim.id].verdict
        for lang in ("en", "zh"):
            path = urls.claim_page(claim.id, lang)
            blocks = page(site, path).json_ld
            assert len(blocks) == 1, f"{path}: one JSON-LD block"
            assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0], f"{path}: escaped"
            data = json.loads(blocks[0])
            statement = claim.statement_zh if lang == "zh" else claim.statement
            assert data["@context"] == "https://schema.org", path
            assert data["url"] == SITE_URL + path, path
            seen[data["@type"]] += 1
            if claim.check is not None and verdict in RATED:
                require(data, CLAIM_REVIEW, path)
                assert data["@type"] == "ClaimReview" and data["claimReviewed"] == statement, path
                rating = data["reviewRating"]
                require(rating, RATING, f"{path} reviewRating")
                assert rating["alternateName"] == verdict_word(verdict, lang), path
                assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"], path
                publisher = {"@type": "Organization", "name": shipped.config.say("title", lang)[0], "url": SITE_URL}
                assert data["author"] == publisher, path
                check_claim(data["itemReviewed"], claim, shipped, f"{path} itemReviewed")
            else:
                require(data, STANDALONE_CLAIM, path)
                assert data["text"] == statement, path
                check_claim(data, claim, shipped, path)
    checked = sum(c.check is not None and shipped.results[c.id].verdict in RATED for c in shipped)
    assert seen == {"ClaimReview": 2 * checked, "Claim": 2 * (len(shipped) - checked)}
    assert seen["ClaimReview"] and seen["Claim"], "the shipped base has claims of both kinds"


@pytest.mark.slow  # the whole shipped site
def test_source_pages_have_twins_holding_what_they_show(site: Path, shipped) -> None:
    for source in shipped.sources.values():
        for lang in ("en", "zh"):
            path = urls.source_page(source.id, lang)
            twin, shown = twin_of(site, path), page(site, path)
            assert (twin["id"], twin["title"], twin["author"], twin["url"]) == (
                source.id,
                source.title,
                source.author,
                source.url,
            )
            assert {c["id"] for c in twin["claims"]} == claims_linked(site, path, shown.links), path
            refs = {r["ref"] for r in twin["cited_values"]}
            assert refs == {c for c in shown.code if shipped.data.has(c)}, path
            for row in twin["cited_values"]:
                m, _ = shipped.data.lookup(row["ref"])
                assert (row["value"], row["unit"], row["source"]) == (m.value, m.unit, source.id), row["ref"]
    assert any(page(site, urls.source_page(s)).code for s in shipped.sources), "some source is cited by values"


@pytest.mark.slow  # the whole shipped site
def test_tag_pages_have_twins_and_verdict_pages_none(site: Path, shipped) -> None:
    tags = sorted({t for c in shipped for t in c.tags})
    assert tags
    for tag in tags:
        for lang in ("en", "zh"):
            path = urls.tag_page(tag, lang)
            twin = twin_of(site, path)
            assert twin["tag"] == tag
            ids = [c["id"] for c in twin["claims"]]
            assert ids == [c.id for c in shipped.where(tag=tag)], path
            assert set(ids) == claims_linked(site, path, page(site, path).links), path
            for summary in twin["claims"]:
                assert summary["verdict"] == shipped.results[summary["id"]].verdict
                assert summary["strength"] == shipped.strength(summary["id"])
    assert not page(site, urls.verdict_page("supported")).alternates


@pytest.mark.slow  # the whole shipped site
def test_question_pages_have_twins_holding_what_they_show(site: Path, shipped) -> None:
    assert shipped.questions
    hinges = shipped.hinges()
    for rank, hinge in enumerate(hinges, start=1):
        question = shipped.questions[hinge.question]
        for lang in ("en", "zh"):
            path = urls.question_page(question.id, lang)
            twin = twin_of(site, path)
            assert (twin["id"], twin["question"], twin["rank"], twin["of"]) == (
                question.id,
                question.question,
                rank,
                len(hinges),
            )
            assert twin["hinge"] == hinge.weight and twin["resolved"] == json.loads(json.dumps(hinge.resolved))
            answered = [[c["id"] for c in a["claims"]] for a in twin["answers"]]
            assert answered == [a.claims for a in question.answers], path
            held = {c for ids in answered for c in ids} | set(twin["theses_now"])
            held |= {c["id"] for c in twin["settled_by_claims"]}
            for argument in twin["arguments"]:
                held |= {argument["claim"]["id"], *(p["claim"]["id"] for p in argument["premises"])}
            shown = claims_linked(site, path, page(site, path).links)
            assert shown <= held, f"{path}: shows {sorted(shown - held)} that its twin lacks"
            assert {c for ids in answered for c in ids} <= shown, f"{path}: every answer's claims are shown"


@pytest.mark.slow  # the whole shipped site
def test_kb_json_and_kb_sqlite_hold_every_dataset_value(site: Path, shipped) -> None:
    values = shipped.data.measurements()
    assert len(values) == len(shipped.data.refs()) > 100
    datasets = json.loads((site / urls.KB_JSON).read_text(encoding="utf-8"))["datasets"]
    assert sum(len(e["values"]) for entries in datasets.values() for e in entries.values()) == len(values)
    with sqlite3.connect(site / urls.KB_SQLITE) as db:
        query = "SELECT ref, value, unit, low, high, source_id, at, precision, sparsity, note FROM dataset_values"
        rows = {r[0]: r[1:] for r in db.execute(query)}
    assert len(rows) == len(values)
    for dataset, entry, name, m in values:
        entry_id = next(i for i, e in shipped.data.entries[dataset].items() if e is entry)
        ref = f"{dataset}.{entry_id}.{name}"
        assert datasets[dataset][entry_id]["values"][name] == m.model_dump(mode="json"), ref
        assert datasets[dataset][entry_id]["label"] == entry.label, ref
        precision = m.precision.value if m.precision else None
        sparsity = m.sparsity.value if m.sparsity else None
        assert rows[ref] == (m.value, m.unit, m.low, m.high, m.source, m.at, precision, sparsity, m.note), ref
    assert any(m.low is not None or m.high is not None for *_, m in values), "bounds are exported"


@pytest.mark.parametrize("address", ["crux.example", "ftp://crux.example/", "https://", "https://x.test/a b"])
def test_site_url_must_be_a_web_address(address: str) -> None:
    with pytest.raises(KBError, match="KB_SITE_URL"):
        Settings.from_env({"KB_SITE_URL": address})


def test_the_review_url_is_absolute_under_the_site_address(valid_tree: Path, tmp_path: Path) -> None:
    """Under KB_SITE_URL, else under ``url`` in crux.yaml; with neither, there is no url."""
    assert Settings.from_env({}).site_url is None
    assert Settings.from_env({"KB_SITE_URL": "https://x.test/crux"}).site_url == "https://x.test/crux/"
    page_path = "zh/claims/beta/answer/index.html"
    plain = kb.load(valid_tree)
    (valid_tree / "crux.yaml").write_text("url: https://own.test/site\n", encoding="utf-8")
    own = kb.load(valid_tree)
    cases = [
        (plain, None, None),
        (plain, "https://x.test/crux/", "https://x.test/crux/"),
        (own, None, "https://own.test/site/"),
        (own, "https://x.test/crux/", "https://x.test/crux/"),
    ]
    for number, (base, setting, under) in enumerate(cases):
        out = tmp_path / f"site-{number}"
        build_site(base, out, Settings(search=False, site_url=setting))
        data = json.loads(page(out, page_path).json_ld[0])
        assert data.get("url") == (under + page_path if under else None), (setting, under)
        assert data["text"] == base.claims["beta/answer"].statement_zh
