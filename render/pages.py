"""What each page shows: one small typed context per page kind, built from a base."""

from __future__ import annotations

from dataclasses import dataclass

from kb import graph as g
from kb.base import KnowledgeBase
from kb.checks import Result
from kb.checks.words import break_even_sentence, expectation_text, show_input, show_value
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
class InputView:
    name: str
    value: str
    bounds: str
    source: Source
    at: str
    ref: str | None
    label: str


@dataclass(frozen=True)
class ReadingView:
    label: str
    note: str
    value: str
    verdict: str
    changed: dict[str, str]


@dataclass(frozen=True)
class CheckView:
    """A claim's check, formatted for reading."""

    verdict: str
    kind: str
    formula: str
    value: str
    interval: str
    expectation: str
    note: str
    inputs: list[InputView]
    steps: list[tuple[str, str]]
    break_evens: list[str]
    matters_most: str
    readings: list[ReadingView]
    message: str


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    source: Source
    quotes: list[QuoteView]
    supports: list[Claim]
    rebuts: list[Claim]
    supported_by: list[Claim]
    rebutted_by: list[Claim]
    check: CheckView | None


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
        check=check_view(base, claim, base.results[claim.id]),
    )


def check_view(base: KnowledgeBase, claim: Claim, result: Result) -> CheckView | None:
    if claim.check is None:
        return None
    interval = ""
    if result.low is not None and result.high is not None and result.low != result.high:
        interval = f"{show_value(result.low, result.unit)} to {show_value(result.high, result.unit)}"
    inputs = [
        InputView(r.name, show_input(r), _bounds(r), base.sources[r.source], r.at, r.ref, r.label)
        for r in result.inputs
    ]
    readings = [
        ReadingView(r.label, r.note, show_value(r.value, result.unit), r.verdict, r.changed) for r in result.readings
    ]
    most = result.input(result.matters_most).help if result.matters_most else ""
    return CheckView(
        result.verdict, result.kind, result.formula, show_value(result.value, result.unit), interval,
        expectation_text(result) or claim.check.expect.comparator, claim.check.note, inputs,
        [(s.label, show_value(s.value, s.unit)) for s in result.steps],
        [break_even_sentence(result, name) for name in result.break_even], most, readings, result.message,
    )


def _bounds(row) -> str:
    if row.low is None and row.high is None:
        return ""
    low = show_input(row, row.low) if row.low is not None else "…"
    high = show_input(row, row.high) if row.high is not None else "…"
    return f"{low} to {high}"


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
