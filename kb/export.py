"""Plain-data views of the knowledge base, for JSON files and other tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb import graph as g
from kb.checks import Result
from kb.checks.glossary import verdict_word
from kb.errors import KBError
from kb.models import Claim, Source
from kb.twins import datasets_to_dict

if TYPE_CHECKING:
    from kb.base import KnowledgeBase


def claim_to_dict(base: KnowledgeBase, claim: Claim) -> dict[str, Any]:
    """The claim as written, plus its verified quotes and its incoming edges."""
    data = claim.model_dump(mode="json")
    for quote, record in zip(claim.quotes, data["quotes"], strict=True):
        record["verified"] = base.quote_verified(quote)
    data["supported_by"] = g.supporters(base.graph, claim.id)
    data["rebutted_by"] = g.rebutters(base.graph, claim.id)
    data["result"] = result_to_dict(base.results[claim.id])
    data["strength"] = strength_to_dict(base, claim.id)
    for strength, record in zip(base.argument_strengths(claim.id), data["arguments"], strict=True):
        record["strength"] = strength
    data["questions"] = [{"question": q.id, "answer": index} for q, index in base.questions_of(claim.id)]
    return data


def strength_to_dict(base: KnowledgeBase, claim_id: str) -> dict[str, Any]:
    """The claim's argument strength, grounded label and explanation as plain data."""
    e = base.explain(claim_id)
    flips = {
        "strength": e.strength_flip.describe(of=claim_id) if e.strength_flip else None,
        "label": e.label_flip.describe(of=claim_id) if e.label_flip else None,
    }
    return {
        "value": e.strength,
        "label": e.label,
        "level": e.level,
        "base": e.base,
        "base_reason": e.base_reason,
        "support": e.support,
        "attack": e.attack,
        "explanation": e.sentence(),
        "would_flip": flips,
        "contributions": [
            {"claim": c.claim_id, "relation": c.relation, "strength": c.strength, "effect": c.effect}
            for c in e.contributions
        ],
    }


def result_to_dict(result: Result) -> dict[str, Any]:
    """A check result as plain data: verdict, value, interval, inputs, steps, break-evens, readings."""
    data: dict[str, Any] = {"verdict": result.verdict}
    if result.verdict == "unchecked":
        return data
    data |= {
        "kind": result.kind,
        "formula": result.formula,
        "sentence": dict(result.sentence),  # what the check computes, in the editor's words per language
        "value": result.value,
        "unit": result.unit,
        "interval": [result.low, result.high],
        "message": result.message,
        "weak": result.weak,
        "expect": result.expect.model_dump(mode="json", exclude_none=True) if result.expect else None,
        "inputs": [
            {
                "name": r.name,
                "value": r.value,
                "unit": r.unit,
                "low": r.low,
                "high": r.high,
                "source": r.source,
                "at": r.at,
                "ref": r.ref,
            }
            for r in result.inputs
        ],
        "steps": [{"label": s.label, "value": s.value, "unit": s.unit} for s in result.steps],
        "break_even": result.break_even,
        "matters_most": result.matters_most,
        "readings": [
            {
                "label": r.label,
                "value": r.value,
                "interval": [r.low, r.high],
                "verdict": r.verdict,
                "changed": r.changed,
            }
            for r in result.readings
        ],
    }
    return data


def base_to_dict(base: KnowledgeBase) -> dict[str, Any]:
    """Every source, claim, edge, question, dataset value and crux of ``base``, in a stable order."""
    return {
        "sources": [s.model_dump(mode="json") for s in base.sources.values()],
        "claims": [claim_to_dict(base, c) for c in base],
        "edges": [edge_to_dict(u, v, d) for u, v, d in sorted(base.graph.edges(data=True), key=_edge_order)],
        "questions": questions_to_list(base),
        "datasets": datasets_to_dict(base.data),
        "cruxes": [
            {
                "rebutter": c.rebutter,
                "target": c.target,
                "weight": c.weight,
                "checkable": c.checkable,
                "thesis_shifts": c.shifts,
            }
            for c in base.cruxes()
        ],
    }


def edge_to_dict(u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    """One edge of the graph: a premise names its argument, a question's rebuttal its question."""
    edge = {"from": u, "to": v, "relation": data["relation"]}
    edge |= {name: data[name] for name in ("argument", "question", "answer", "implied") if name in data}
    return edge


def _edge_order(edge: tuple[str, str, dict[str, Any]]) -> tuple[str, str, str, str, str]:
    u, v, data = edge
    return u, v, data["relation"], str(data.get("argument", "")), data.get("question", "")


def questions_to_list(base: KnowledgeBase) -> list[dict[str, Any]]:
    """The questions as written, ranked by their hinge, with where each answer puts the theses."""
    found = []
    for rank, hinge in enumerate(base.hinges(), start=1):
        question = base.questions[hinge.question]
        found.append(
            question.model_dump(mode="json")
            | {
                "rank": rank,
                "hinge": hinge.weight,
                "measured": hinge.measured,
                "checkable": base.checkable(question.id),
                "resolved": hinge.resolved,
            }
        )
    return found


RATINGS = {"contradicted": 1, "inconclusive": 3, "supported": 5}
"""schema.org ratings of check verdicts, from 1 (worst) to 5 (best)."""


def claim_markup(
    base: KnowledgeBase, claim: Claim, lang: str = "en", page_url: str | None = None, site_url: str | None = None
) -> dict[str, Any]:
    """The schema.org markup of a claim's page: a ``ClaimReview`` when its check has a verdict to
    rate (`claim_review`), else the ``Claim`` itself (`claim_item`), in the page's language.

    >>> import kb
    >>> base = kb.load("claims")
    >>> claim_markup(base, base.claim("fu/thesis"))["@type"], claim_markup(base, base.claim("fu/bloom-mfu-50pct"))["@type"]
    ('Claim', 'ClaimReview')
    """
    review = claim_review(base, claim, lang, page_url, site_url)
    if review is not None:
        return review
    data = {"@context": "https://schema.org"} | claim_item(base, claim, lang)
    return data | ({"url": page_url} if page_url else {})


def claim_review(
    base: KnowledgeBase, claim: Claim, lang: str = "en", page_url: str | None = None, site_url: str | None = None
) -> dict[str, Any] | None:
    """A schema.org ``ClaimReview`` of the claim's check; None when it has no verdict to rate.

    It holds what Google documents as required (``claimReviewed``, ``reviewRating`` with its
    ``alternateName``, and ``url``: the review's page, ``page_url``, given when the site's public
    address is known) and recommended (``author``: the site, by its title; ``itemReviewed``: the
    `claim_item`; the rating's scale). Its ``datePublished`` and ``dateModified`` are the dates of
    the claim's first and latest revisions in the base's git history (`KnowledgeBase.history_of`),
    never the build's date; outside git it has neither.

    >>> import kb
    >>> base = kb.load("claims")
    >>> review = claim_review(base, base.claim("fu/bloom-mfu-50pct"), page_url="https://crux.example/claims/fu/bloom-mfu-50pct/index.html")
    >>> review["reviewRating"]["alternateName"], review["itemReviewed"]["appearance"][0]["author"]["name"]
    ('contradicted', 'Dan Fu')
    >>> review["url"], claim_review(base, base.claim("fu/bloom-mfu-50pct"), "zh")["reviewRating"]["alternateName"]
    ('https://crux.example/claims/fu/bloom-mfu-50pct/index.html', '核算不符')
    """
    verdict = base.results[claim.id].verdict
    if verdict not in RATINGS:
        return None
    name = base.config.say("title", lang)[0]  # the author of every review: the site, an organisation
    site = {"@type": "Organization", "name": name} | ({"url": site_url} if site_url else {})
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.statement_zh if lang == "zh" else claim.statement,
        "inLanguage": "zh-Hant" if lang == "zh" else "en",
        "itemReviewed": claim_item(base, claim, lang),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[verdict],
            "bestRating": max(RATINGS.values()),
            "worstRating": min(RATINGS.values()),
            "alternateName": verdict_word(verdict, lang),
        },
        "author": site,
    }
    revisions, _ = base.history_of(claim.id)
    if revisions:
        review |= {"datePublished": revisions[-1].date[:10], "dateModified": revisions[0].date[:10]}
    return review | ({"url": page_url} if page_url else {})


def claim_item(base: KnowledgeBase, claim: Claim, lang: str = "en") -> dict[str, Any]:
    """The claim as a schema.org ``Claim``: its text, its author (the source's), the works it
    appears in (its source first, then the other sources its quotes are taken from), its first
    appearance (its source) and that source's date.

    >>> import kb
    >>> base = kb.load("claims")
    >>> item = claim_item(base, base.claim("fu/thesis"))
    >>> [work["name"][:12] for work in item["appearance"]], item["firstAppearance"]["url"], item["datePublished"]
    (['Yes, AGI Can', '遙遙無期的AGI是畫大餅'], 'https://danfu.org/notes/agi/', '2025-12-17')
    """
    source = base.sources[claim.source]
    first = _work(source)
    quoted = [base.sources[s] for s in dict.fromkeys(q.source for q in claim.quotes) if s != claim.source]
    item: dict[str, Any] = {
        "@type": "Claim",
        "text": claim.statement_zh if lang == "zh" else claim.statement,
        "author": _author(source),
        "appearance": [first, *(_work(s) for s in quoted)],
        "firstAppearance": first,
    }
    return item | ({"datePublished": source.published.isoformat()} if source.published else {})


def _author(source: Source) -> dict[str, str]:
    return {"@type": "Person" if source.kind.value in ("essay", "blog") else "Organization", "name": source.author}


def _work(source: Source) -> dict[str, Any]:
    """A source as a schema.org ``CreativeWork``: its title, author, address and date when known."""
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title, "author": _author(source)}
    if source.url:
        work["url"] = source.url
    if source.published:
        work["datePublished"] = source.published.isoformat()
    return work


def claims_frame(base: KnowledgeBase) -> Any:  # a pandas.DataFrame (pandas is untyped)
    """A pandas DataFrame with a row per claim (`KnowledgeBase.to_dataframe`)."""
    try:
        import pandas  # type: ignore[import-untyped]  # an optional dependency without types (no pandas-stubs)
    except ImportError:
        raise KBError("to_dataframe needs pandas: pip install 'crux-kb[pandas]'") from None
    rows = [
        {
            "id": c.id,
            "source": c.source,
            "kind": c.kind.value,
            "statement": c.statement,
            "statement_zh": c.statement_zh,
            "tags": list(c.tags),
            "verdict": base.results[c.id].verdict,
            "value": base.results[c.id].value,
            "unit": base.results[c.id].unit,
            "strength": base.strength(c.id),
            "label": base.label(c.id),
            "supports": list(c.supports),
            "rebuts": list(c.rebuts),
        }
        for c in base
    ]
    return pandas.DataFrame(rows)
