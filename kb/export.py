"""Plain-data views of the knowledge base, for JSON files and other tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb import graph as g
from kb.checks import Result
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
    data["result"] = result_to_dict(base.results[claim.id])
    return data


def result_to_dict(result: Result) -> dict[str, Any]:
    """A check result as plain data: verdict, value, interval, inputs, steps, break-evens, readings."""
    data: dict[str, Any] = {"verdict": result.verdict}
    if result.verdict == "unchecked":
        return data
    data |= {
        "kind": result.kind, "formula": result.formula, "value": result.value, "unit": result.unit,
        "interval": [result.low, result.high], "message": result.message,
        "expect": result.expect.model_dump(mode="json", exclude_none=True) if result.expect else None,
        "inputs": [{"name": r.name, "value": r.value, "unit": r.unit, "low": r.low, "high": r.high,
                    "source": r.source, "at": r.at, "ref": r.ref} for r in result.inputs],
        "steps": [{"label": s.label, "value": s.value, "unit": s.unit} for s in result.steps],
        "break_even": result.break_even, "matters_most": result.matters_most,
        "readings": [{"label": r.label, "value": r.value, "interval": [r.low, r.high], "verdict": r.verdict,
                      "changed": r.changed} for r in result.readings],
    }
    return data


def base_to_dict(base: KnowledgeBase) -> dict[str, Any]:
    """Every source, claim and edge of ``base``, in a stable order."""
    return {
        "sources": [s.model_dump(mode="json") for s in base.sources.values()],
        "claims": [claim_to_dict(base, c) for c in base],
        "edges": [{"from": u, "to": v, "relation": r} for u, v, r in sorted(base.graph.edges(data="relation"))],
    }
