"""Every page of the site, in both languages: its path, template and typed context."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from markupsafe import escape

from kb.base import KnowledgeBase
from kb.cache.reads import shared
from kb.models import Claim, Source, SourceKind, Verdict
from render import i18n, urls
from render.argmap import MapView, Neighbours, base_layout, map_view, questions_layout
from render.changes import changes_view
from render.datapage import data_view
from render.debate import Essay, QuestionView, essays, question_view, question_views, source_rank
from render.layout import Layout
from render.mappages import questions_map_view, source_map_view, whole_map_view
from render.search import query_table
from render.settings import Settings
from render.views import (
    ClaimView,
    PredictionView,
    SourceView,
    by_verdict,
    check_view,
    claim_view,
    prediction_view,
    source_view,
    sources_of,
    tag_counts,
)

HOME_QUESTIONS = 8
HOME_PREDICTIONS = 5
HOME_TAGS = 24

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, template, title, language, and ``view(base)``, which
    builds the template's context from the base.

    A build makes a page again only when something its view or template read changed
    (`kb.cache.Tracked`), so the view (local maps, check derivations) is built only then.
    """

    path: str
    template: str
    view: Callable[[KnowledgeBase], object]
    title: str
    lang: str


@dataclass(frozen=True)
class EssayView:
    source: Source
    theses: list[Claim]
    verdicts: list[tuple[str, int]]
    claims: int


@dataclass(frozen=True)
class Due:
    claim: Claim
    prediction: PredictionView


@dataclass(frozen=True)
class HomeView:
    essays: list[EssayView]
    sides: list[Essay]  # the essays with theses, as the columns of the questions table
    questions: list[QuestionView]
    strengths: dict[str, float]  # thesis id → strength
    coming_due: list[Due]
    tags: list[tuple[str, int]]
    verdicts: list[tuple[str, int]]
    sources: list[SourceView]
    claim_count: int


@dataclass(frozen=True)
class ListView:
    """A titled list of claims: a tag page or a verdict page."""

    key: str
    claims: list[Claim]


@dataclass(frozen=True)
class QuestionsView:
    questions: list[QuestionView]
    sides: list[Essay]


@dataclass(frozen=True)
class QuestionPageView:
    q: QuestionView
    sides: list[Essay]
    map: MapView | None
    rank: int
    of: int


@dataclass(frozen=True)
class PredictionsView:
    items: list[
        Due
    ]  # by due date; the page marks "today" and what is overdue in the reader's browser (static/dates.js)


View = Callable[[KnowledgeBase], object]  # a page's view, of the base as the page sees it (`kb.cache.Tracked`)
LocalLayout = tuple[Layout | None, int, int]  # a claim's local map (None: alone), the claims it shows, of how many


def plan_pages(base: KnowledgeBase, settings: Settings | None = None) -> list[Page]:
    """Every HTML page of the site in a stable order: English then Chinese, then each claim's two pages.

    Which pages there are, and their titles, come from ``base``; each page's ``view`` is a
    function of the base it is given, so that a build can record what it reads.
    """
    settings = settings or Settings()
    split = len(base) > settings.map_limit
    tags = tag_counts(base)
    made_by: dict[str, list[str]] = {s: [] for s in base.sources}
    for c in base:
        made_by[c.source].append(c.id)
    pages = []
    for lang in base.config.languages:
        t = functools.partial(i18n.text, lang)
        pages += [
            Page(urls.home(lang), "index.html", functools.partial(_home_page_view, lang=lang), t("nav.home"), lang),
            Page(
                urls.whole_map(lang) if base.questions else urls.map_page(lang),
                "map.html",
                functools.partial(whole_map_view, split=split, lang=lang),
                t("map.whole_title"),
                lang,
            ),
            Page(urls.data_page(lang), "data.html", functools.partial(data_view, lang=lang), t("data.title"), lang),
            Page(urls.predictions_page(lang), "predictions.html", predictions_view, t("pred.title"), lang),
            Page(urls.search_page(lang), "search.html", query_table, t("search.title"), lang),
            Page(urls.changes_page(lang), "changes.html", changes_view, t("changes.title"), lang),
            Page(urls.sources_index(lang), "sources.html", sources_of, t("sources.title"), lang),
        ]
        if base.questions:
            pages.append(
                Page(
                    urls.map_page(lang),
                    "map.html",
                    functools.partial(questions_map_view, lang=lang, limit=settings.map_limit),
                    t("map.title"),
                    lang,
                )
            )
            pages.append(
                Page(
                    urls.questions_index(lang),
                    "questions.html",
                    functools.partial(questions_view, lang=lang),
                    t("questions.index_title"),
                    lang,
                )
            )
            for question in base.questions.values():
                pages.append(
                    Page(
                        urls.question_page(question.id, lang),
                        "question.html",
                        functools.partial(question_page_view, question_id=question.id, lang=lang),
                        question.question_zh if lang == "zh" else question.question,
                        lang,
                    )
                )
        for source in base.sources.values():
            own_map = split and bool(made_by[source.id])
            pages.append(
                Page(
                    urls.source_page(source.id, lang),
                    "source.html",
                    functools.partial(_source_page_view, source_id=source.id, own_map=own_map),
                    source.title,
                    lang,
                )
            )
            if own_map:
                pages.append(
                    Page(
                        urls.source_map(source.id, lang),
                        "map.html",
                        functools.partial(source_map_view, source_id=source.id, lang=lang),
                        t("map.source_title", title=source.title),
                        lang,
                    )
                )
        pages.append(Page(urls.tags_index(lang), "tags.html", _tags, t("tags.title"), lang))
        for tag in sorted(tags):
            pages.append(
                Page(
                    urls.tag_page(tag, lang),
                    "list.html",
                    functools.partial(_tag_view, tag=tag),
                    t("tag.title", tag=base.config.tag_name(tag, lang)[0]),
                    lang,
                )
            )
        for verdict in by_verdict(base):
            pages.append(
                Page(
                    urls.verdict_page(verdict, lang),
                    "list.html",
                    functools.partial(_verdict_view, verdict=verdict),
                    t("verdict.title", verdict=i18n.verdict(lang, verdict)),
                    lang,
                )
            )
    for c in base:  # a claim's pages in both languages side by side: a worker lays out its local map once
        pages += [
            Page(
                urls.claim_page(c.id, lang),
                "claim.html",
                functools.partial(
                    _claim_view,
                    claim_id=c.id,
                    lang=lang,
                    edit_url_base=settings.edit_url_base,
                    site_url=settings.site_url,
                ),
                _say(c, lang),
                lang,
            )
            for lang in base.config.languages
        ]
    return pages


def _tags(base: KnowledgeBase) -> list[tuple[str, int]]:
    return sorted(tag_counts(base).items())


def _tag_view(base: KnowledgeBase, tag: str) -> ListView:
    return ListView(tag, base.where(tag=tag))


def _verdict_view(base: KnowledgeBase, verdict: str) -> ListView:
    return ListView(verdict, base.where(verdict=verdict))


def _home_page_view(base: KnowledgeBase, lang: str) -> HomeView:
    return home_view(base, sources_of(base), lang)


def _claim_view(
    base: KnowledgeBase, claim_id: str, lang: str, edit_url_base: str | None, site_url: str | None = None
) -> ClaimView:
    c = base.claims[claim_id]
    placed, shown, total = shared(base, ("local-map", claim_id), lambda: _local_layout(base, claim_id))
    return claim_view(
        base,
        c,
        lang,
        check_view(base, c, base.results[c.id], lang),
        (map_view(base, placed, lang, c.id) if placed else None, shown, total),
        urls.edit_url(edit_url_base or base.config.edit_url, c.id),
        site_url or base.config.url,
    )


def _source_page_view(base: KnowledgeBase, source_id: str, own_map: bool) -> SourceView:
    return dataclasses.replace(source_view(base, source_id), own_map=own_map)


def _say(claim: Claim, lang: str) -> str:
    return claim.statement_zh if lang == "zh" else claim.statement


def _local_layout(base: KnowledgeBase, claim_id: str) -> LocalLayout:
    ids, total = Neighbours(base.graph).around(claim_id)
    return (base_layout(base, ids) if len(ids) > 1 else None), len(ids), total


def questions_view(base: KnowledgeBase, lang: str) -> QuestionsView:
    return QuestionsView(question_views(base, lang), essays(base))


def question_page_view(base: KnowledgeBase, question_id: str, lang: str) -> QuestionPageView:
    rank, hinge = next((i, h) for i, h in enumerate(base.hinges()) if h.question == question_id)
    sides = essays(base)
    view = question_view(base, base.questions[hinge.question], hinge, sides, lang)
    drawn = map_view(base, questions_layout(base, [hinge.question]), lang)
    return QuestionPageView(view, sides, drawn, rank + 1, len(base.questions))


def home_view(base: KnowledgeBase, sources: list[SourceView], lang: str) -> HomeView:
    rank = source_rank(base)
    found = []
    for sv in sorted(sources, key=lambda v: rank[v.source.id]):
        if sv.source.kind == SourceKind.essay and sv.claims:
            counts = Counter(base.results[c.id].verdict for c in sv.claims)
            found.append(
                EssayView(
                    sv.source,
                    [c for c in sv.claims if "thesis" in c.tags],
                    [(v.value, counts[v.value]) for v in Verdict if counts[v.value]],
                    len(sv.claims),
                )
            )
    due = [d for d in predictions_view(base).items if d.prediction.status == "open"]
    tags = sorted(tag_counts(base).items(), key=lambda item: (-item[1], item[0]))[:HOME_TAGS]
    verdicts = [(v, len(claims)) for v, claims in by_verdict(base).items()]
    sides = essays(base)
    strengths = {t.id: base.assessment.strengths[t.id] for side in sides for t in side.theses}
    return HomeView(
        found,
        sides,
        question_views(base, lang)[:HOME_QUESTIONS],
        strengths,
        due[:HOME_PREDICTIONS],
        tags,
        verdicts,
        [v for v in sources if v.claims],
        len(base),
    )


def predictions_view(base: KnowledgeBase) -> PredictionsView:
    items = [Due(c, p) for c in base if (p := prediction_view(c)) is not None]  # None: not a prediction
    return PredictionsView(sorted(items, key=lambda d: (d.prediction.resolves_by, d.claim.id)))


def root_page(base: KnowledgeBase) -> bytes:
    """The site root of a base not written in English (its pages live under their language's
    folder): a page that sends the browser to the primary language's home page, as Hugo does
    for a site whose default language lives in a folder."""
    lang = base.config.primary
    home, title = urls.home(lang), base.config.say("title", lang)[0]
    return (
        f'<!doctype html>\n<html lang="{i18n.HTML_LANG[lang]}">\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={home}">\n<link rel="canonical" href="{home}">\n'
        f"<title>{escape(title)}</title>\n"
        f'<p><a href="{home}">{escape(title)}</a></p>\n</html>\n'
    ).encode()


def sitemap_bytes(site_url: str, paths: list[str]) -> bytes:
    """The sitemap (sitemaps.org's protocol) of the pages at ``paths`` on the site published at
    ``site_url``: one ``<loc>`` each, with no dates (the pages depend on no build date).

    >>> print(sitemap_bytes("https://crux.example/", ["index.html"]).decode().splitlines()[2])
      <url><loc>https://crux.example/index.html</loc></url>
    """
    entries = "".join(f"  <url><loc>{escape(urls.absolute(site_url, path))}</loc></url>\n" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
    ).encode()
