"""What the site's pages show: home, claim pages, languages, JSON-LD, CSP, data, predictions, GraphML."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

import kb
from kb.base import KnowledgeBase
from kb.checkspec import CheckSpec, Expectation, Measurement
from kb.errors import BuildError
from kb.models import Claim, Quote, Source
from render import build as build_module
from render.build import build_site
from render.search import cjk_term
from render.settings import Settings
from tests.conftest import DATA, tree_bytes

HOSTILE = "Scripts </script><script>alert(1)</script> & <b>tags</b> stay text."


def hostile_base(root: Path) -> KnowledgeBase:
    """Two essays that collide, a checked claim with hostile text, and two predictions."""
    essay = lambda i, day: Source(
        id=f"essay-{i}",
        title=f"Essay {i}",
        author=f"Author {i}",
        language="en",
        kind="essay",
        url=f"https://example.org/{i}",
        published=dt.date(2025, 12, day),
    )
    check = CheckSpec(  # inline measurements: a check that needs no dataset
        kind="ridge-point",
        inputs={
            "peak": Measurement(value=2000, unit="TFLOP/s", source="essay-1", at="table 1"),
            "bandwidth": Measurement(value=1, unit="TB/s", source="essay-1", at="table 1"),
        },
        expect=Expectation(comparator="at_least", value=1, unit="FLOP/B"),
    )
    mk = lambda i, src, **kw: Claim(
        id=i,
        source=src,
        statement_zh=f"{i} 的中文表述",
        kind=kw.pop("kind", "qualitative"),
        quotes=[Quote(source=src, text="words")],
        **kw,
    )
    claims = [
        mk("a/thesis", "essay-1", statement="A's thesis.", tags=["thesis"]),
        mk(
            "a/number",
            "essay-1",
            statement=HOSTILE,
            tags=["numbers", "training"],
            supports=["a/thesis"],
            kind="quantitative",
            check=check,
        ),
        mk("b/thesis", "essay-2", statement="B's thesis.", tags=["thesis"], rebuts=["a/thesis"]),
        mk("b/reply", "essay-2", statement="B's reply to the number.", rebuts=["a/number"], supports=["b/thesis"]),
        mk(
            "b/soon",
            "essay-2",
            statement="It will happen by mid-2026.",
            kind="prediction",
            supports=["b/thesis"],
            resolves_by=dt.date(2026, 6, 1),
            resolution="Someone can check.",
            status="open",
        ),
        mk(
            "b/past",
            "essay-2",
            statement="It happened in 2025.",
            kind="prediction",
            resolves_by=dt.date(2025, 6, 1),
            resolution="Someone checked.",
            status="resolved-true",
            evidence="It did.",
        ),
    ]
    sources = {s.id: s for s in (essay(1, 10), essay(2, 17))}
    return KnowledgeBase(root, sources, {c.id: c for c in claims})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    settings = Settings(edit_url_base="https://example.org/edit/claims/")
    build_site(hostile_base(root / "claims"), root / "site", settings)
    return root / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag) -> None:
        self._in_script = False


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_home_puts_the_essays_side_by_side_with_theses_and_due_predictions(site: Path) -> None:
    html = read(site, "index.html")
    essays = html.split('class="essay card"')[1:]
    assert len(essays) == 2 and "Essay 1" in essays[0] and "Essay 2" in essays[1]
    assert "claims/a/thesis/index.html" in essays[0] and "claims/b/thesis/index.html" in essays[1]
    assert "verdicts/supported/index.html" in essays[0]
    assert 'id="questions-heading"' not in html and 'href="questions/index.html"' not in html, (
        "a base without questions"
    )
    due = html.split('id="due-heading"')[1].split("</ul>")[0]
    assert "claims/b/soon/index.html" in due and '<time datetime="2026-06-01"' in due and "b/past" not in due
    for way in (
        "sources/index.html",
        "tags/thesis/index.html",
        "verdicts/supported/index.html",
        "map/index.html",
        "data/index.html",
        "kb.graphml",
    ):
        assert f'href="{way}"' in html, way


def test_claim_page_in_both_languages(site: Path) -> None:
    en, zh = read(site, "claims/b/soon/index.html"), read(site, "zh/claims/b/soon/index.html")
    assert '<html lang="en">' in en and '<html lang="zh-Hant">' in zh
    assert en.index("It will happen by mid-2026.") < en.index("b/soon 的中文表述")
    assert zh.index("b/soon 的中文表述") < zh.index("It will happen by mid-2026.")
    assert 'href="../../../zh/claims/b/soon/index.html"' in en, "the switch keeps the claim"
    assert 'href="../../../../claims/b/soon/index.html"' in zh
    due = '<time datetime="2026-06-01" data-relative>2026-06-01</time>'  # dates.js words it in the reader's language
    assert due in en and 'data-future="in {n} {unit}"' in en and due in zh and 'data-future="{n} {unit}後"' in zh
    assert 'href="https://example.org/edit/claims/b/soon.yaml"' in en
    assert 'href="../../../tags/thesis/index.html"' not in en
    assert '<a href="index.html"><code>claims/b/soon/</code></a>' in en, "permalink"
    number = read(site, "claims/a/number/index.html")
    assert 'href="../../../tags/numbers/index.html"' in number
    assert '<svg class="argmap" id="local"' in number and 'data-id="b/reply"' in number
    backlinks = number.split('id="backlinks-heading"')[1].split("</section>")[0]
    assert "rebuts" in backlinks and 'href="../../b/reply/index.html"' in backlinks and "Author 2" in backlinks


def test_claim_text_is_escaped_everywhere(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<b>tags</b>" not in html, page


def test_json_ld_claim_review_is_embedded_safely(site: Path) -> None:
    scripts = parse(read(site, "claims/a/number/index.html")).scripts
    assert len(scripts) == 1, "the </script> in the statement must not end the JSON-LD block"
    review = json.loads(scripts[0])
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == HOSTILE
    assert review["reviewRating"]["alternateName"] == "supported" and review["reviewRating"]["ratingValue"] == 5
    work = {
        "@type": "CreativeWork",
        "name": "Essay 1",
        "url": "https://example.org/1",
        "datePublished": "2025-12-10",
        "author": {"@type": "Person", "name": "Author 1"},
    }
    assert review["itemReviewed"]["appearance"] == [work] and review["itemReviewed"]["firstAppearance"] == work
    assert "url" not in review, "no public address set: no URL of the review"
    assert "datePublished" not in review, "no build date"
    unchecked = parse(read(site, "claims/a/thesis/index.html")).scripts
    assert len(unchecked) == 1 and json.loads(unchecked[0])["@type"] == "Claim", "a claim without a check: a Claim"


def test_every_page_has_a_csp_and_no_inline_script_or_style(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        tags = parse(page.read_text(encoding="utf-8")).tags
        csp = [a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "script-src 'self'" in csp[0] and "unsafe-inline" not in csp[0], page
        assert "default-src 'self'" in csp[0] and "style-src 'self'" in csp[0]
        for tag, attrs in tags:
            assert "style" not in attrs and not any(name.startswith("on") for name in attrs), (page, tag)
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/ld+json", page


def test_pages_link_to_the_other_language_and_say_their_language(site: Path) -> None:
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        chinese = path.startswith("zh/")
        assert (f'<html lang="{"zh-Hant" if chinese else "en"}">') in html
        other = path.removeprefix("zh/") if chinese else f"zh/{path}"
        switch = re.search(r'<nav class="lang-switch".*?href="([^"]+)"', html, re.S)
        assert switch and (page.parent / switch.group(1)).resolve() == (site / other).resolve(), path


def test_graphml_reads_back(site: Path) -> None:
    G = nx.read_graphml(site / "kb.graphml", force_multigraph=True)
    assert G.nodes["a/number"]["statement"] == HOSTILE and G.nodes["a/number"]["verdict"] == "supported"
    assert G.nodes["a/number"]["tags"] == "numbers training"
    assert G.edges["b/reply", "a/number", "rebuts"]["relation"] == "rebuts"


def test_predictions_carry_absolute_dates_for_the_readers_browser_to_word(site: Path) -> None:
    """The timeline is in date order; how far off each date is, what is overdue and where "today"
    falls are left to static/dates.js, so the page says none of it itself."""
    html = read(site, "predictions/index.html")
    assert html.index("b/past") < html.index("b/soon") < html.index("data-today-marker")
    assert '<li class="due status-open" data-due="2026-06-01" data-open>' in html
    assert '<li class="due status-resolved-true" data-due="2025-06-01">' in html, (
        "only an open prediction can be overdue"
    )
    assert '<time datetime="2026-06-01" data-relative>2026-06-01</time>' in html
    assert '<li class="today" data-today-marker hidden>Today</li>' in html
    assert 'src="../static/dates.js" defer data-today="today" data-future="in {n} {unit}"' in html
    assert 'data-future="{n} {unit}後"' in read(site, "zh/predictions/index.html")
    claim = read(site, "claims/b/soon/index.html")
    assert 'data-due="2026-06-01" data-open>' in claim and "data-relative>2026-06-01</time>" in claim
    assert "dates.js" in claim and "dates.js" not in read(site, "claims/a/thesis/index.html"), "only pages with dates"


WORDED = re.compile(
    r"Build date|生成日期|\b(in \d+ (days?|months?|years?)|\d+ (days?|months?|years?) ago|overdue)\b|\d+ (天|個月|年)[前後]|逾期"
)


def test_pages_are_the_same_whatever_the_day_of_the_build(tmp_path: Path, monkeypatch) -> None:
    """No page depends on the clock or on a build date: two builds on different days (and with
    different $SOURCE_DATE_EPOCH, which once set the build date) write the same bytes, and no page
    words a date relative to its build."""
    import time

    sites = []
    for name, epoch in (("jan-2026", 1768435200), ("jun-2031", 1938556800)):
        monkeypatch.setattr(time, "time", lambda epoch=epoch: float(epoch))  # date.today() asks time.time()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        assert dt.date.today() == dt.datetime.fromtimestamp(epoch).date()
        build_site(hostile_base(tmp_path / "claims"), tmp_path / name, Settings.from_env(search=False, jobs=1))
        sites.append(
            {
                p.relative_to(tmp_path / name): p.read_bytes()
                for p in sorted((tmp_path / name).rglob("*"))
                if p.is_file()
            }
        )
    assert sites[0] == sites[1]
    texts = {
        path: re.sub(r"<[^>]*>", " ", data.decode("utf-8")) for path, data in sites[0].items() if path.suffix == ".html"
    }
    assert texts and not {str(path): m.group(0) for path, text in texts.items() if (m := WORDED.search(text))}


def test_settings_come_from_the_environment() -> None:
    assert Settings.from_env({"KB_EDIT_URL_BASE": "https://x.test/e/"}).edit_url_base == "https://x.test/e/"
    assert Settings.from_env({"SOURCE_DATE_EPOCH": "1767225600"}) == Settings(), "the build date is no setting"


def test_edit_url_base_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KB_EDIT_URL_BASE", "https://git.example/crux/-/edit/main/claims")
    build_site(kb.load(DATA / "valid"), tmp_path / "site", Settings.from_env(search=False))
    assert 'href="https://git.example/crux/-/edit/main/claims/alpha/answer.yaml"' in read(
        tmp_path / "site", "claims/alpha/answer/index.html"
    )


def test_sources_list_claims_in_the_order_of_their_quotes(tmp_path: Path) -> None:
    build_site(kb.load(DATA / "valid"), tmp_path / "site", Settings(search=False))
    html = read(tmp_path / "site", "sources/alpha/index.html")
    assert html.index("claims/alpha/answer/") < html.index("claims/alpha/premise/")


def test_failed_search_index_leaves_the_previous_site(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "site"
    build_site(kb.load(DATA / "valid"), out)
    before = tree_bytes(out)
    assert (out / "pagefind/pagefind.js").is_file()

    def broken(site: Path, bundles: list, jobs: int) -> None:
        raise BuildError("pagefind failed: boom")

    monkeypatch.setattr(build_module, "index_bundles", broken)
    with pytest.raises(BuildError):  # a new edit URL changes pages, so the index must be rebuilt
        build_site(kb.load(DATA / "valid"), out, Settings(edit_url_base="https://example.org/later/"))
    assert tree_bytes(out) == before


def test_search_indexes_chinese_pages_with_both_statements(site: Path) -> None:
    zh = read(site, "zh/claims/a/thesis/index.html")
    assert "data-pagefind-body" in zh and 'data-pagefind-meta="en_title"' in zh
    terms = zh.split('data-terms="')[1].split('"')[0].split()
    assert cjk_term("中文") in terms and cjk_term("文表") in terms and all(t.startswith("zzh") for t in terms)
    assert any((site / "pagefind").glob("pagefind.zh*.pf_meta"))


def test_data_page_links_every_value_and_point_to_its_source(tmp_path: Path, shipped) -> None:
    build_site(shipped, tmp_path / "site", Settings(search=False))
    html = read(tmp_path / "site", "data/index.html")
    table = html.split('id="table-gpus"')[1].split("</table>")[0]
    assert "NVIDIA H100 SXM5" in table and 'href="../sources/glennklockwood-h100/index.html"' in table
    priceperf = html.split('id="chart-priceperf"')[1].split("</svg>")[0]
    assert priceperf.count('class="mark series-') >= 10 and 'href="../sources/' in priceperf
    utilisation = html.split('id="chart-utilisation"')[1].split("</svg>")[0]
    for claim_id in ("fu/deepseek-v3-mfu-20pct", "fu/llama4-mfu-20pct", "fu/bloom-mfu-50pct"):
        assert utilisation.count(f'href="../claims/{claim_id}/index.html"') == 2, "the check and its reading"
    assert "FP8 peak" in html and "BF16 peak" in html and "HFU" in html


def test_map_labels_are_measured_per_character_at_each_font_size() -> None:
    from render.argmap import text_width, wrap

    assert text_width("Ab 網") == 12.0 * 0.56 + 12.0 * 0.56 + 12.0 * 0.56 + 12.0
    assert text_width("Ab 網", 10.0) == 10.0 * 0.56 * 3 + 10.0
    assert wrap("算力的增長會在二〇三〇年前後放緩", 60.0) == ("算力的增長", "會在二〇三", "〇年前後…")


def test_a_base_larger_than_the_map_limit_gets_a_map_per_source(tmp_path: Path) -> None:
    """Above `Settings.map_limit` claims the map page lists one map per source; each source's map
    draws its own claims and lists its collisions with the other sources' claims."""
    base = kb.load(DATA / "valid")
    build_site(base, tmp_path / "small", Settings(search=False))
    assert not (tmp_path / "small/map/sources").exists()
    assert 'id="map"' in (tmp_path / "small/map/all/index.html").read_text(encoding="utf-8")

    out = tmp_path / "split"
    build_site(base, out, Settings(search=False, map_limit=2))
    index = (out / "map/all/index.html").read_text(encoding="utf-8")
    assert (
        'id="map"' not in index
        and 'href="../sources/alpha/index.html"' in index
        and 'href="../sources/beta/index.html"' in index
    )
    assert 'class="as-list"' not in index and "map.js" not in index, "no map, so no map as a list and no map script"
    alpha = (out / "map/sources/alpha/index.html").read_text(encoding="utf-8")
    assert (
        '<svg class="argmap" id="map"' in alpha
        and 'data-id="alpha/answer"' in alpha
        and 'data-id="alpha/premise"' in alpha
    )
    assert 'data-id="beta/answer"' not in alpha, "another source's claim is not drawn"
    assert 'href="../../../claims/beta/answer/index.html"' in alpha.split('id="cruxes"')[1], (
        "but its collision is listed"
    )
    assert "論證圖" in (out / "zh/map/sources/beta/index.html").read_text(encoding="utf-8")
    assert 'href="../../map/sources/alpha/index.html"' in (out / "sources/alpha/index.html").read_text(encoding="utf-8")
    assert "map/alpha" not in (tmp_path / "small/sources/alpha/index.html").read_text(encoding="utf-8")


def test_questions_too_many_for_one_map_are_listed_without_one(tmp_path: Path) -> None:
    """Above `Settings.map_limit` nodes the questions map page lists the questions and their answers'
    claims, and draws nothing (a map that size is unreadable, and its layout is the slowest step)."""
    base = kb.load(DATA / "valid")
    build_site(base, tmp_path / "drawn", Settings(search=False))
    assert '<svg class="argmap" id="map"' in (tmp_path / "drawn/map/index.html").read_text(encoding="utf-8")
    build_site(base, tmp_path / "listed", Settings(search=False, map_limit=2))
    for page, words in (("map/index.html", "more than one map can show"), ("zh/map/index.html", "一張圖無法清楚呈現")):
        html = (tmp_path / "listed" / page).read_text(encoding="utf-8")
        assert 'id="map"' not in html and "map.js" not in html and words in html
        assert 'id="map-list"' in html and "the-answer" in html, "the questions are listed, linked to their pages"
