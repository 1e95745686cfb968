"""What each page shows: one small typed context per page kind, built from a base."""

from __future__ import annotations

from dataclasses import dataclass

from kb import graph as g
from kb.base import KnowledgeBase
from kb.models import Claim, Source
from render import urls


@dataclass(frozen=True)
class Page:
    """A page to render: its site path, its template and its context object."""

    path: str
    template: str
    view: object
    title: str


@dataclass(frozen=True)
class QuoteView:
    text: str
    source: Source
    verified: bool


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    source: Source
    quotes: list[QuoteView]
    supports: list[Claim]
    rebuts: list[Claim]
    supported_by: list[Claim]
    rebutted_by: list[Claim]


@dataclass(frozen=True)
class SourceView:
    source: Source
    claims: list[Claim]
    has_archive: bool


@dataclass(frozen=True)
class HomeView:
    sources: list[SourceView]
    disagreements: list[tuple[Claim, Claim]]
    claim_count: int


def claim_view(base: KnowledgeBase, claim: Claim) -> ClaimView:
    G, pick = base.graph, lambda ids: [base.claims[i] for i in ids]
    quotes = [QuoteView(q.text, base.sources[q.source], base.quote_verified(q)) for q in claim.quotes]
    return ClaimView(
        claim, base.sources[claim.source], quotes,
        supports=pick(g.supported(G, claim.id)), rebuts=pick(g.rebutted(G, claim.id)),
        supported_by=pick(g.supporters(G, claim.id)), rebutted_by=pick(g.rebutters(G, claim.id)),
    )


def source_views(base: KnowledgeBase) -> list[SourceView]:
    by_source: dict[str, list[Claim]] = {s: [] for s in base.sources}
    for claim in base:
        by_source[claim.source].append(claim)
    return [SourceView(s, by_source[s.id], s.id in base.archives) for s in base.sources.values()]


def plan_pages(base: KnowledgeBase) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    sources = source_views(base)
    disagreements = [(base.claims[u], base.claims[v]) for u, v in g.disagreements(base.graph)]
    pages = [Page(urls.HOME, "index.html", HomeView(sources, disagreements, len(base)), "Crux")]
    pages += [Page(urls.source_page(v.source.id), "source.html", v, v.source.title) for v in sources]
    pages += [Page(urls.claim_page(c.id), "claim.html", claim_view(base, c), c.statement) for c in base]
    return pages
