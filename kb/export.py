"""Plain-data views of the knowledge base, for JSON files and other tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb import graph as g
from kb.models import Claim

if TYPE_CHECKING:
    from kb.base import KnowledgeBase


def claim_to_dict(base: KnowledgeBase, claim: Claim) -> dict[str, Any]:
    """The claim as written, plus its verified quotes and its incoming edges."""
    data = claim.model_dump(mode="json")
    for quote, record in zip(claim.quotes, data["quotes"]):
        record["verified"] = base.quote_verified(quote)
    data["supported_by"] = g.supporters(base.graph, claim.id)
    data["rebutted_by"] = g.rebutters(base.graph, claim.id)
    return data


def base_to_dict(base: KnowledgeBase) -> dict[str, Any]:
    """Every source, claim and edge of ``base``, in a stable order."""
    return {
        "sources": [s.model_dump(mode="json") for s in base.sources.values()],
        "claims": [claim_to_dict(base, c) for c in base],
        "edges": [{"from": u, "to": v, "relation": r} for u, v, r in sorted(base.graph.edges(data="relation"))],
    }
