"""Every page of the site, in both languages: its path, template and typed context."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from kb.base import KnowledgeBase
from kb.models import Claim, ClaimKind, Source, SourceKind, Verdict
from render import i18n, urls
from render.argmap import MapView, base_layout, map_view, neighbourhood, source_rank
from render.datapage import data_view
from render.settings import Settings, build_date
from render.views import PredictionView, SourceView, check_view, claim_view, prediction_view, source_views

HOME_CRUXES = 8
HOME_PREDICTIONS = 5
HOME_TAGS = 24


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, template, context object, title and language."""

    path: str
    template: str
    view: object
    title: str
    lang: str = "en"


@dataclass(frozen=True)
class EssayView:
    source: Source
    theses: list[Claim]
    verdicts: list[tuple[str, int]]
    claims: int


@dataclass(frozen=True)
class Crux:
    rebutter: Claim
    target: Claim
    weight: float
    checkable: bool


@dataclass(frozen=True)
class Due:
    claim: Claim
    prediction: PredictionView


@dataclass(frozen=True)
class HomeView:
    essays: list[EssayView]
    cruxes: list[Crux]
    crux_count: int
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
class MapPageView:
    map: MapView
    sources: list[Source]
    tags: list[str]
    verdicts: list[str]
    cruxes: list[Crux]
    groups: list[tuple[Source, list[Claim]]]


@dataclass(frozen=True)
class PredictionsView:
    today: dt.date
    items: list[Due]


def plan_pages(base: KnowledgeBase, settings: Settings = Settings()) -> list[Page]:
    """Every HTML page of the site, English then Chinese, in a stable order."""
    today = build_date(base, settings)
    sources = source_views(base)
    local = {c.id: _local_layout(base, c.id) for c in base}
    whole = base_layout(base)
    pages = []
    for lang in urls.LANGS:
        t = lambda key, **kw: i18n.text(lang, key, **kw)  # noqa: E731
        pages.append(Page(urls.home(lang), "index.html", home_view(base, sources, today, lang), t("home.title"), lang))
        pages.append(Page(urls.map_page(lang), "map.html", map_page_view(base, whole, sources, lang), t("map.title"), lang))
        pages.append(Page(urls.data_page(lang), "data.html", data_view(base, lang), t("data.title"), lang))
        pages.append(Page(urls.predictions_page(lang), "predictions.html", predictions_view(base, today, lang),
                          t("pred.title"), lang))
        pages.append(Page(urls.search_page(lang), "search.html", None, t("search.title"), lang))
        pages.append(Page(urls.sources_index(lang), "sources.html", sources, t("sources.title"), lang))
        pages += [Page(urls.source_page(v.source.id, lang), "source.html", v, v.source.title, lang) for v in sources]
        tags = tag_counts(base)
        pages.append(Page(urls.tags_index(lang), "tags.html", sorted(tags.items()), t("tags.title"), lang))
        pages += [Page(urls.tag_page(tag, lang), "list.html", ListView(tag, [c for c in base if tag in c.tags]),
                       t("tag.title", tag=tag), lang) for tag in sorted(tags)]
        pages += [Page(urls.verdict_page(v, lang), "list.html", ListView(v, claims),
                       t("verdict.title", verdict=i18n.verdict(lang, v)), lang) for v, claims in by_verdict(base).items()]
        for c in base:
            placed, shown, total = local[c.id]
            view = claim_view(base, c, lang, today, check_view(base, c, base.results[c.id], lang),
                              (map_view(base, placed, lang, c.id) if placed else None, shown, total),
                              urls.edit_url(settings.edit_url_base, c.id))
            pages.append(Page(urls.claim_page(c.id, lang), "claim.html", view, _say(c, lang), lang))
    return pages


def _say(claim: Claim, lang: str) -> str:
    return claim.statement_zh if lang == "zh" else claim.statement


def _local_layout(base: KnowledgeBase, claim_id: str):
    ids, total = neighbourhood(base.graph, claim_id)
    return (base_layout(base, ids) if len(ids) > 1 else None), len(ids), total


def tag_counts(base: KnowledgeBase) -> dict[str, int]:
    return dict(sorted(Counter(tag for c in base for tag in c.tags).items()))


def by_verdict(base: KnowledgeBase) -> dict[str, list[Claim]]:
    """Claims per verdict, for every verdict that some claim has, in the order of `Verdict`."""
    found = {v.value: [c for c in base if base.results[c.id].verdict == v.value] for v in Verdict}
    return {v: claims for v, claims in found.items() if claims}


def cruxes(base: KnowledgeBase) -> list[Crux]:
    """Cross-source rebuttals in the order of `KnowledgeBase.cruxes` (how much the theses depend on them)."""
    return [Crux(base.claims[c.rebutter], base.claims[c.target], c.weight, c.checkable) for c in base.cruxes()]


def home_view(base: KnowledgeBase, sources: list[SourceView], today: dt.date, lang: str) -> HomeView:
    rank = source_rank(base)
    essays = []
    for sv in sorted(sources, key=lambda v: rank[v.source.id]):
        if sv.source.kind == SourceKind.essay and sv.claims:
            counts = Counter(base.results[c.id].verdict for c in sv.claims)
            essays.append(EssayView(sv.source, [c for c in sv.claims if "thesis" in c.tags],
                                    [(v.value, counts[v.value]) for v in Verdict if counts[v.value]], len(sv.claims)))
    found = cruxes(base)
    due = [d for d in predictions_view(base, today, lang).items if d.claim.status.value == "open"]
    tags = sorted(tag_counts(base).items(), key=lambda item: (-item[1], item[0]))[:HOME_TAGS]
    verdicts = [(v, len(claims)) for v, claims in by_verdict(base).items()]
    return HomeView(essays, found[:HOME_CRUXES], len(found), due[:HOME_PREDICTIONS], tags, verdicts,
                    [v for v in sources if v.claims], len(base))


def map_page_view(base: KnowledgeBase, placed, sources: list[SourceView], lang: str) -> MapPageView:
    rank = source_rank(base)
    groups = [(v.source, v.claims) for v in sorted(sources, key=lambda v: rank[v.source.id]) if v.claims]
    return MapPageView(map_view(base, placed, lang), [s for s, _ in groups], list(tag_counts(base)),
                       list(by_verdict(base)), cruxes(base), groups)


def predictions_view(base: KnowledgeBase, today: dt.date, lang: str) -> PredictionsView:
    items = [Due(c, prediction_view(c, lang, today)) for c in base if c.kind == ClaimKind.prediction]
    return PredictionsView(today, sorted(items, key=lambda d: (d.prediction.resolves_by, d.claim.id)))
