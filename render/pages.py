"""Every page of the site, in both languages: its path, template and typed context."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from kb.analysis import Hinge
from kb.base import KnowledgeBase
from kb.cache import code_version, digest
from kb.models import Claim, ClaimKind, Source, SourceKind, Verdict
from kb.questions import argument_lines
from render import i18n, urls
from render.argmap import MapView, Neighbours, base_layout, map_view, questions_layout
from render.datapage import data_view
from render.debate import Essay, QuestionView, essays, question_view, question_views, source_rank
from render.layout import Layout, crop
from render.settings import Settings
from render.views import (
    ClaimView,
    PredictionView,
    SourceView,
    check_view,
    claim_view,
    prediction_view,
    source_views,
)

HOME_QUESTIONS = 8
HOME_PREDICTIONS = 5
HOME_TAGS = 24


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, template, title, language, and two functions:
    ``key()`` digests everything the page shows, ``view()`` builds its context.

    A build renders a page only when its key differs from the last build's, so the
    view (local maps, check derivations, explanations) is built only then.
    """

    path: str
    template: str
    view: Callable[[], object]
    title: str
    lang: str
    key: Callable[[], str]


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
class MapPageView:
    """The map page, or one source's map. ``map`` is None when the base has more claims than
    one map shows (`Settings.map_limit`); ``maps`` then lists the sources' own maps."""

    map: MapView | None
    sources: list[Source]
    tags: list[str]
    verdicts: list[str]
    cruxes: list[Crux]
    groups: list[tuple[Source, list[Claim]]]
    maps: list[tuple[Source, int]]
    one_source: bool = False  # the map of one source's claims
    questions: list[QuestionView] | None = None  # the questions map: what it draws, as a list


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


Sources = Callable[[], list[SourceView]]  # `source_views` of the base, memoised
LocalLayout = tuple[Layout | None, int, int]  # a claim's local map (None: alone), the claims it shows, of how many
Collisions = Callable[[], dict[str, list[Crux]]]  # `_collisions` of the base, memoised


def plan_pages(base: KnowledgeBase, settings: Settings | None = None, keys: Keys | None = None) -> list[Page]:
    """Every HTML page of the site in a stable order: English then Chinese, then each claim's two pages."""
    settings = settings or Settings()
    keys = keys or Keys(base, settings)
    sources = functools.cache(lambda: source_views(base))
    layout_key = functools.cache(lambda: _layout_key(base))
    whole = functools.cache(lambda: _whole_layout(base, layout_key()))
    split = len(base) > settings.map_limit
    collisions = functools.cache(lambda: _collisions(base))
    local = functools.cache(lambda claim_id: _local_layout(base, claim_id, keys.near))
    tags = tag_counts(base)
    verdicts = by_verdict(base)
    made_by: dict[str, list[str]] = {s: [] for s in base.sources}
    tagged: dict[str, list[Claim]] = {tag: [] for tag in tags}
    for c in base:
        made_by[c.source].append(c.id)
        for tag in dict.fromkeys(c.tags):
            tagged[tag].append(c)
    pages = []
    for lang in urls.LANGS:
        t = functools.partial(i18n.text, lang)
        everything = functools.partial(keys.everything, lang)
        pages += [
            Page(
                urls.home(lang),
                "index.html",
                functools.partial(_home_page_view, base, sources, lang),
                t("home.title"),
                lang,
                functools.partial(everything, "home"),
            ),
            Page(
                urls.whole_map(lang) if base.questions else urls.map_page(lang),
                "map.html",
                functools.partial(_whole_map_view, base, None if split else whole, sources, lang),
                t("map.whole_title"),
                lang,
                functools.partial(everything, "map:all"),
            ),
            Page(
                urls.data_page(lang),
                "data.html",
                functools.partial(data_view, base, lang),
                t("data.title"),
                lang,
                functools.partial(everything, "data"),
            ),
            Page(
                urls.predictions_page(lang),
                "predictions.html",
                functools.partial(predictions_view, base),
                t("pred.title"),
                lang,
                functools.partial(
                    keys.claims, lang, "predictions", [c.id for c in base if c.kind == ClaimKind.prediction]
                ),
            ),
            Page(
                urls.search_page(lang),
                "search.html",
                lambda: None,
                t("search.title"),
                lang,
                functools.partial(keys.claims, lang, "search", []),
            ),
            Page(
                urls.sources_index(lang),
                "sources.html",
                sources,
                t("sources.title"),
                lang,
                functools.partial(everything, "sources"),
            ),
        ]
        if base.questions:
            pages.append(
                Page(
                    urls.map_page(lang),
                    "map.html",
                    functools.partial(questions_map_view, base, sources, lang),
                    t("map.title"),
                    lang,
                    functools.partial(everything, "map"),
                )
            )
            pages.append(
                Page(
                    urls.questions_index(lang),
                    "questions.html",
                    functools.partial(questions_view, base, lang),
                    t("questions.index_title"),
                    lang,
                    functools.partial(everything, "questions"),
                )
            )
            for rank, hinge in enumerate(base.hinges()):
                question = base.questions[hinge.question]
                pages.append(
                    Page(
                        urls.question_page(question.id, lang),
                        "question.html",
                        functools.partial(question_page_view, base, hinge, rank, lang),
                        question.question_zh if lang == "zh" else question.question,
                        lang,
                        functools.partial(keys.question, lang, hinge, rank),
                    )
                )
        for source in base.sources.values():
            own_map = split and bool(made_by[source.id])
            pages.append(
                Page(
                    urls.source_page(source.id, lang),
                    "source.html",
                    functools.partial(_source_page_view, sources, source.id, own_map),
                    source.title,
                    lang,
                    functools.partial(keys.claims, lang, f"source:{source.id}:{own_map}", made_by[source.id]),
                )
            )
            if own_map:
                pages.append(
                    Page(
                        urls.source_map(source.id, lang),
                        "map.html",
                        functools.partial(source_map_view, base, whole, sources, collisions, source.id, lang),
                        t("map.source_title", title=source.title),
                        lang,
                        functools.partial(
                            _source_map_key, keys, layout_key, collisions, lang, source.id, made_by[source.id]
                        ),
                    )
                )
        pages.append(
            Page(
                urls.tags_index(lang),
                "tags.html",
                lambda: sorted(tags.items()),
                t("tags.title"),
                lang,
                functools.partial(keys.claims, lang, f"tags:{sorted(tags.items())}", []),
            )
        )
        for tag in sorted(tags):
            members = tagged[tag]
            pages.append(
                Page(
                    urls.tag_page(tag, lang),
                    "list.html",
                    functools.partial(ListView, tag, members),
                    t("tag.title", tag=tag),
                    lang,
                    functools.partial(keys.claims, lang, f"tag:{tag}", [c.id for c in members]),
                )
            )
        for verdict, members in verdicts.items():
            pages.append(
                Page(
                    urls.verdict_page(verdict, lang),
                    "list.html",
                    functools.partial(ListView, verdict, members),
                    t("verdict.title", verdict=i18n.verdict(lang, verdict)),
                    lang,
                    functools.partial(keys.claims, lang, f"verdict:{verdict}", [c.id for c in members]),
                )
            )
    for c in base:  # a claim's pages in both languages side by side: a worker lays out its local map once
        pages += [
            Page(
                urls.claim_page(c.id, lang),
                "claim.html",
                functools.partial(_claim_view, base, c, lang, local, settings),
                _say(c, lang),
                lang,
                functools.partial(keys.claim, lang, c.id),
            )
            for lang in urls.LANGS
        ]
    return pages


def _home_page_view(base: KnowledgeBase, sources: Sources, lang: str) -> HomeView:
    return home_view(base, sources(), lang)


def _whole_map_view(
    base: KnowledgeBase, whole: Callable[[], Layout] | None, sources: Sources, lang: str
) -> MapPageView:
    return map_page_view(base, whole() if whole is not None else None, sources(), lang)


def _claim_view(
    base: KnowledgeBase, c: Claim, lang: str, local: Callable[[str], LocalLayout], settings: Settings
) -> ClaimView:
    placed, shown, total = local(c.id)
    return claim_view(
        base,
        c,
        lang,
        check_view(base, c, base.results[c.id], lang),
        (map_view(base, placed, lang, c.id) if placed else None, shown, total),
        urls.edit_url(settings.edit_url_base, c.id),
    )


def _source_view(sources: Sources, source_id: str) -> SourceView:
    return next(v for v in sources() if v.source.id == source_id)


def _source_page_view(sources: Sources, source_id: str, own_map: bool) -> SourceView:
    return dataclasses.replace(_source_view(sources, source_id), own_map=own_map)


def _say(claim: Claim, lang: str) -> str:
    return claim.statement_zh if lang == "zh" else claim.statement


def _layout_key(base: KnowledgeBase) -> str:
    """What the whole map's layout depends on: where each claim belongs, the edges, the order of sources."""
    return digest(
        *(f"{c.id}:{c.source}" for c in base),
        repr(sorted(base.graph.edges(data="relation"))),
        repr(sorted(source_rank(base).items())),
    )


def _whole_layout(base: KnowledgeBase, key: str) -> Layout:
    """The layout of the whole map, reused from `kb.cache` while no claim, edge or source changed place."""
    placed: Layout | None = base.cache.load("map-layout", key)
    if placed is None:
        placed = base_layout(base)
        base.cache.save("map-layout", key, placed)
    return placed


def _local_layout(base: KnowledgeBase, claim_id: str, near: Neighbours) -> LocalLayout:
    ids, total = near.around(claim_id)
    return (base_layout(base, ids) if len(ids) > 1 else None), len(ids), total


class Keys:
    """Digests of what pages show: the build's settings and code, and each claim's fingerprint.

    A claim's fingerprint covers its record, its check result, strength and label;
    a page's key covers the fingerprints of every claim it shows.
    """

    def __init__(self, base: KnowledgeBase, settings: Settings):
        self.base = base
        self.common = digest(
            code_version(),
            repr(settings),
            *(s.model_dump_json() for s in base.sources.values()),
            *(q.model_dump_json() for q in base.questions.values()),
            *(
                f"{name}:{e.model_dump_json()}"
                for name, entries in sorted(base.data.entries.items())
                for e in entries.values()
            ),
            *(f"{s}:{digest(text)}" for s, text in sorted(base.archives.items())),
        )
        strengths, labels = base.assessment.strengths, base.assessment.labels
        self.records = {c.id: base.digests.get(c.id) or c.model_dump_json() for c in base}  # each claim's file
        self.fingerprints = {  # "id:digest", ready to join into page keys
            c.id: f"{c.id}:{digest(self.records[c.id], repr(base.results[c.id]), repr(strengths[c.id]), labels[c.id])}"
            for c in base
        }
        self.near = Neighbours(base.graph)
        self._claim_page = functools.cache(self._compute_claim_page)  # the pages in both languages ask
        # a claim's explanation as text for keys, memoised: its pages in both languages and its twin ask
        self.explained = functools.cache(lambda claim_id: repr(base.explain(claim_id)))
        cruxes = repr([(c.rebutter, c.target) for c in base.cruxes()])
        self.hinges = {h.question: repr(h) for h in base.hinges()}
        self.whole = digest(self.common, cruxes, *self.hinges.values(), *self.fingerprints.values())

    def everything(self, lang: str, page: str) -> str:
        """The key of a page that shows the whole base."""
        return digest(self.whole, lang, page)

    def claims(self, lang: str, page: str, ids: list[str]) -> str:
        """The key of a page that shows the claims ``ids``."""
        fingerprints = self.fingerprints
        return digest(self.common, lang, page, *[fingerprints[i] for i in ids])

    def question(self, lang: str, hinge: Hinge, rank: int) -> str:
        """The key of a question's page: its hinge and rank, and the claims it shows (its answers'
        claims, what settles it, the theses, and the arguments resting on it with their premises)."""
        question = self.base.questions[hinge.question]
        taken = set(question.claims())
        resting = [c.id for c in self.base for a in c.arguments if taken & set(a.premises)]
        shown = dict.fromkeys(
            [
                *question.claims(),
                *question.settled_by,
                *self.base.theses(),
                *resting,
                *(p for c in resting for a in self.base.claims[c].arguments for p in a.premises),
            ]
        )
        return self.claims(
            lang,
            f"question:{rank}:{len(self.hinges)}:{self.hinges[hinge.question]}",
            [c for c in shown if c in self.fingerprints],
        )

    def indexed(self, claim_id: str) -> str:
        """The key of what a claim's page gives the search index: the claim's own record and what
        every page shows (sources, data, settings, code). Its neighbours, check and strength sit in
        parts of the page that the index skips (``data-pagefind-ignore``)."""
        return digest(self.common, self.records[claim_id])

    def twin(self, claim_id: str) -> str:
        """The key of a claim's JSON twin: the claim, the edges that point at it, its explanation."""
        edges = sorted((u, v, str(k)) for u, v, k in self.base.graph.in_edges(claim_id, keys=True))
        return digest(self.claims("data", "twin", [claim_id]), repr(edges), self.explained(claim_id))

    def claim(self, lang: str, claim_id: str) -> str:
        """The key of a claim's page: the claim, its explanation, its neighbours and its local map."""
        return digest(lang, self._claim_page(claim_id))

    def _compute_claim_page(self, claim_id: str) -> str:
        """What a claim's page shows in any language (memoised per claim as ``_claim_page``): the
        claims it shows, its neighbourhood, its own edges and its explanation."""
        G = self.base.graph
        near = self.near.around(claim_id)
        flips = [c for change in self.base.explain(claim_id).changes() for c in (change.claim_id, change.target) if c]
        shown = sorted({*near[0], *self.near.links[claim_id], *flips})
        edges = sorted((u, v, str(k)) for u, v, k in G.in_edges(claim_id, keys=True))
        edges += sorted((u, v, str(k)) for u, v, k in G.out_edges(claim_id, keys=True))
        # the claims these lines name (by their statements) as their fingerprints
        rests_on = [argument_lines(self.base, claim_id, lang, self.fingerprints.__getitem__) for lang in ("en", "zh")]
        return digest(
            self.claims("", "claim", shown), repr(edges), repr(near), self.explained(claim_id), repr(rests_on)
        )


def tag_counts(base: KnowledgeBase) -> dict[str, int]:
    return dict(sorted(Counter(tag for c in base for tag in c.tags).items()))


def by_verdict(base: KnowledgeBase) -> dict[str, list[Claim]]:
    """Claims per verdict, for every verdict that some claim has, in the order of `Verdict`."""
    found: dict[str, list[Claim]] = {v.value: [] for v in Verdict}
    for c in base:
        found.get(base.results[c.id].verdict, []).append(c)
    return {v: claims for v, claims in found.items() if claims}


def cruxes(base: KnowledgeBase) -> list[Crux]:
    """Cross-source rebuttals in the order of `KnowledgeBase.cruxes` (how much the theses depend on them)."""
    return [Crux(base.claims[c.rebutter], base.claims[c.target], c.weight, c.checkable) for c in base.cruxes()]


def questions_map_view(base: KnowledgeBase, sources: Sources, lang: str) -> MapPageView:
    """The questions map: the theses, their arguments, and the claims on each question's answers."""
    found = question_views(base, lang)
    drawn = map_view(base, questions_layout(base, [q.question.id for q in found]), lang)
    shown = {n.id for n in drawn.nodes}
    claims = [base.claims[i] for i in shown if i in base.claims]
    rank = source_rank(base)
    kept = sorted({c.source for c in claims}, key=rank.__getitem__)
    verdicts = {base.results[c.id].verdict for c in claims}
    return MapPageView(
        drawn,
        [base.sources[s] for s in kept],
        sorted({t for c in claims for t in c.tags}),
        [v.value for v in Verdict if v.value in verdicts],
        [],
        [],
        [],
        questions=found,
    )


def questions_view(base: KnowledgeBase, lang: str) -> QuestionsView:
    return QuestionsView(question_views(base, lang), essays(base))


def question_page_view(base: KnowledgeBase, hinge: Hinge, rank: int, lang: str) -> QuestionPageView:
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


def map_page_view(base: KnowledgeBase, placed: Layout | None, sources: list[SourceView], lang: str) -> MapPageView:
    """The whole map (``placed``); without it, the list of the sources' own maps."""
    rank = source_rank(base)
    groups = [(v.source, v.claims) for v in sorted(sources, key=lambda v: rank[v.source.id]) if v.claims]
    drawn = map_view(base, placed, lang) if placed is not None else None
    maps = [] if placed is not None else [(source, len(claims)) for source, claims in groups]
    return MapPageView(
        drawn, [s for s, _ in groups], list(tag_counts(base)), list(by_verdict(base)), cruxes(base), groups, maps
    )


def source_map_view(
    base: KnowledgeBase,
    whole: Callable[[], Layout],
    sources: Sources,
    collisions: Collisions,
    source_id: str,
    lang: str,
) -> MapPageView:
    """One source's column of the whole map, with the cruxes its claims take part in."""
    view = _source_view(sources, source_id)
    placed = crop(whole(), source_id, [c.id for c in view.claims])
    verdicts = {base.results[c.id].verdict for c in view.claims}
    return MapPageView(
        map_view(base, placed, lang),
        [view.source],
        sorted({t for c in view.claims for t in c.tags}),
        [v.value for v in Verdict if v.value in verdicts],
        collisions()[source_id],
        [(view.source, view.claims)],
        [],
        one_source=True,
    )


def _collisions(base: KnowledgeBase) -> dict[str, list[Crux]]:
    """Source id → the cruxes its claims take part in, in the order of `cruxes`."""
    found: dict[str, list[Crux]] = {s: [] for s in base.sources}
    for crux in cruxes(base):
        found[crux.rebutter.source].append(crux)
        if crux.target.source != crux.rebutter.source:
            found[crux.target.source].append(crux)
    return found


def _source_map_key(
    keys: Keys, layout_key: Callable[[], str], collisions: Collisions, lang: str, source_id: str, members: list[str]
) -> str:
    """The key of a source's map: its claims, the claims they collide with, the whole map's layout."""
    pairs = [(c.rebutter.id, c.target.id, c.checkable) for c in collisions()[source_id]]
    partners = sorted({i for pair in pairs for i in pair[:2]} - set(members))
    return keys.claims(lang, f"map:{source_id}:{layout_key()}:{pairs}", members + partners)


def predictions_view(base: KnowledgeBase) -> PredictionsView:
    items = [Due(c, p) for c in base if (p := prediction_view(c)) is not None]  # None: not a prediction
    return PredictionsView(sorted(items, key=lambda d: (d.prediction.resolves_by, d.claim.id)))
