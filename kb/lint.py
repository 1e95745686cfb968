"""Claim lint: warnings about claims that are hard to check or hard to place.

Each rule yields ``(claim id, key path, message, hint)``. A claim may waive a
rule with a reason, shown to readers::

    waive:
      quantitative-without-check: the number is a rhetorical scale, not a measurement
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping

from kb.models import Claim, ClaimKind

RULES = ("quantitative-without-check", "vague-quantifier", "no-quote", "compound", "orphan", "near-duplicate")
VAGUE = re.compile(r"\b(about|around|roughly|approximately|nearly|almost|up to|most|many|several)\b|大約|約|最多|幾乎|大多數", re.I)
NUMBER = re.compile(r"(?<![A-Za-z\d.,-])\d+(?:[.,]\d+)*(?![A-Za-z\d])")
WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
STOP = frozenset("a an and are as at be by for from in is it its of on or than that the their this to with".split())
DUPLICATE_JACCARD = 0.8

Warning = tuple[str, tuple, str, str]


def lint(claims: Mapping[str, Claim]) -> Iterator[Warning]:
    """Every lint warning for ``claims`` that the claim itself does not waive."""
    linked = {i for c in claims.values() for _, _, i in c.relations()} | {
        c.id for c in claims.values() if c.supports or c.rebuts
    }
    found = [*_per_claim(claims.values(), linked), *_near_duplicates(claims)]
    for claim_id, at, rule, message, hint in sorted(found):
        if rule not in claims[claim_id].waive:
            yield claim_id, at, f"{message} [{rule}]", hint


def _per_claim(claims, linked: set[str]) -> Iterator[tuple]:
    for c in claims:
        numbers = set(NUMBER.findall(c.statement))
        if c.kind == ClaimKind.quantitative and c.check is None:
            yield c.id, ("kind",), "quantitative-without-check", "quantitative claim without a check", \
                "add a `check:` that recomputes its number, or waive the rule with a reason"
        if numbers and VAGUE.search(c.statement) and c.check is None:
            word = VAGUE.search(c.statement).group(0)
            yield c.id, ("statement",), "vague-quantifier", f"vague quantifier {word!r} without a tolerance", \
                "add a check whose `expect` gives a tolerance or a range"
        if not c.quotes:
            yield c.id, ("quotes",), "no-quote", "claim has no quote", "add `quotes:` with the source's own words"
        if len(numbers) > 2 or ";" in c.statement or re.search(r"[.!?] [A-Z]", c.statement):
            yield c.id, ("statement",), "compound", "statement looks compound (several numbers or sentences)", \
                "split it into claims that can each be checked"
        if c.id not in linked:
            yield c.id, (), "orphan", "claim has no supports or rebuts edges", "link it to the claims it bears on"


def _near_duplicates(claims: Mapping[str, Claim]) -> Iterator[tuple]:
    words = {i: frozenset(WORD.findall(c.statement.lower())) - STOP for i, c in claims.items()}
    frequency = Counter(w for ws in words.values() for w in ws)
    index: dict[str, list[str]] = defaultdict(list)
    for claim_id, ws in sorted(words.items()):
        for w in ws:
            if frequency[w] <= 50:
                index[w].append(claim_id)
    for claim_id, ws in sorted(words.items()):
        candidates = {other for w in ws for other in index.get(w, ()) if other < claim_id}
        for other in sorted(candidates):
            union = ws | words[other]
            if union and len(ws & words[other]) / len(union) >= DUPLICATE_JACCARD:
                yield claim_id, ("statement",), "near-duplicate", f"statement nearly repeats {other!r}", \
                    "merge the two claims or say how they differ"
