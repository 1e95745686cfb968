"""The argument-map pages: the whole base's map (or the list of the sources' maps above
`Settings.map_limit`), one source's map, and the questions map, with the cruxes each shows."""

from __future__ import annotations

from dataclasses import dataclass

from kb.base import KnowledgeBase
from kb.cache.reads import shared
from kb.models import Claim, Source, Verdict
from render.argmap import MapView, base_layout, map_view, questions_graph, questions_layout
from render.debate import QuestionView, question_views, source_rank
from render.layout import Layout, crop
from render.views import SourceView, by_verdict, source_view, sources_of, tag_counts


@dataclass(frozen=True)
class Crux:
    rebutter: Claim
    target: Claim
    weight: float
    checkable: bool


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


def whole_map_view(base: KnowledgeBase, split: bool, lang: str) -> MapPageView:
    return map_page_view(base, None if split else _whole_layout(base), sources_of(base), lang)


def _whole_layout(base: KnowledgeBase) -> Layout:
    """The layout of the whole map, made once per build."""
    return shared(base, "whole-map", lambda: base_layout(base))


def cruxes(base: KnowledgeBase) -> list[Crux]:
    """Cross-source rebuttals in the order of `KnowledgeBase.cruxes` (how much the theses depend on them)."""
    return [Crux(base.claims[c.rebutter], base.claims[c.target], c.weight, c.checkable) for c in base.cruxes()]


def questions_map_view(base: KnowledgeBase, lang: str, limit: int) -> MapPageView:
    """The questions map: the theses, their arguments, and the claims on each question's answers;
    only listed when it would draw more than ``limit`` nodes (`Settings.map_limit`)."""
    found = question_views(base, lang)
    ids = [q.question.id for q in found]
    nodes, _ = questions_graph(base, ids)
    drawn = map_view(base, questions_layout(base, ids), lang) if len(nodes) <= limit else None
    shown = {n.id for n in drawn.nodes} if drawn else set(nodes)
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


def map_page_view(base: KnowledgeBase, placed: Layout | None, sources: list[SourceView], lang: str) -> MapPageView:
    """The whole map (``placed``); without it, the list of the sources' own maps."""
    rank = source_rank(base)
    groups = [(v.source, v.claims) for v in sorted(sources, key=lambda v: rank[v.source.id]) if v.claims]
    drawn = map_view(base, placed, lang) if placed is not None else None
    maps = [] if placed is not None else [(source, len(claims)) for source, claims in groups]
    return MapPageView(
        drawn, [s for s, _ in groups], list(tag_counts(base)), list(by_verdict(base)), cruxes(base), groups, maps
    )


def source_map_view(base: KnowledgeBase, source_id: str, lang: str) -> MapPageView:
    """One source's column of the whole map, with the cruxes its claims take part in."""
    view = source_view(base, source_id)
    placed = crop(_whole_layout(base), source_id, [c.id for c in view.claims])
    verdicts = {base.results[c.id].verdict for c in view.claims}
    return MapPageView(
        map_view(base, placed, lang),
        [view.source],
        sorted({t for c in view.claims for t in c.tags}),
        [v.value for v in Verdict if v.value in verdicts],
        shared(base, "collisions", lambda: _collisions(base))[source_id],
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
