"""The warnings that need the checks run or today's date, so they are never cached with the tree:
a check that ends in ``error``, a verdict other than the claim's ``expected_verdict``, and an
``open`` prediction whose date has passed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kb.checks import Result
from kb.checks.words import break_even_sentence
from kb.errors import Issue
from kb.tree import Tree

if TYPE_CHECKING:
    from kb.base import KnowledgeBase


def run_warnings(tree: Tree, base: KnowledgeBase, today: dt.date) -> list[Issue]:
    """The warnings that need the checks run or today's date (so they are never cached with the tree):
    a check that ends in ``error``, a verdict other than the claim's ``expected_verdict`` (a code or
    data change flipped it), and an ``open`` prediction whose date has passed."""
    found, unexpected = [], unexpected_verdicts(base)
    for claim in tree.claims.values():
        result = base.results[claim.id]
        if result.verdict == "error":
            found.append(
                tree.located(
                    claim.id,
                    ("check",),
                    f"check failed: {result.message}",
                    "fix its inputs, or the check kind",
                    "warning",
                )
            )
        elif claim.id in unexpected:
            nearest = result.matters_most
            why = f" (nearest its flip: {break_even_sentence(result, nearest).rstrip('.')})" if nearest else ""
            message = f"its check now says {result.verdict}, the file expects {claim.expected_verdict}{why}"
            hint = (
                "if an input or the check changed on purpose, set expected_verdict to the new verdict; "
                f"otherwise undo the change that flipped it (kb show {claim.id} gives the inputs)"
            )
            found.append(
                tree.located(claim.id, ("expected_verdict",), f"{message} [expected-verdict]", hint, "warning")
            )
        if claim.status == "open" and claim.resolves_by is not None and claim.resolves_by < today:
            message = f"prediction came due on {claim.resolves_by.isoformat()} and is still open [prediction-due]"
            hint = "set status to resolved-true, resolved-false or ambiguous, with its evidence"
            found.append(tree.located(claim.id, ("status",), message, hint, "warning"))
    return found


def unexpected_verdicts(base: KnowledgeBase) -> dict[str, Result]:
    """The checked claims whose verdict is not the ``expected_verdict`` their file gives (a code
    or data change flipped it), with their results.

    >>> unexpected_verdicts(load("claims"))
    {}
    """
    return {
        c.id: base.results[c.id]
        for c in base
        if c.expected_verdict is not None and c.expected_verdict != base.results[c.id].verdict
    }
