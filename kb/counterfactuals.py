"""What would change a claim: each edge's direct effect, and the smallest single change that moves its
strength across 0.5 or flips its grounded label (the counterfactual parts of `kb.explanation.Explanation`).

The cost of one claim's counterfactuals depends on how far a change reaches, not on the size of the
strongly connected part of the graph it sits in:

* a base-score change or a removed edge is recomputed by a work list seeded at the changed claim
  (`kb.worklist.spread`), over the claims between the change and the claim explained, recomputing
  only those whose inputs moved by more than `FLIP_TOL`. Outside cycles this is exact. In a cycle
  it is a fixpoint to within that tolerance instead of the full re-solve (`Counterfactuals.recompute`),
  whose own stopping rule is also a tolerance: the two agree to about ten times `FLIP_TOL`, far
  below the printed digits. A result within `FLIP_MARGIN` of 0.5, where the tolerance could put it
  on the wrong side, is solved again in full when at most `EXACT_LIMIT` claims lie between (so
  small bases, such as the shipped one, decide exactly as before); beyond that the work list's side
  is taken, and a reported flip is then real to within `FLIP_MARGIN`;
* a removed rebuttal is relabelled only where the grounded labelling can change: not at all when
  the rebutter is ``out`` or the target keeps its label for another reason (`Counterfactuals.holds`),
  otherwise only between the edge's target and the claim explained (grounded labels depend only on
  what lies upstream).

>>> import kb
>>> C = kb.load("tests/data/valid").assessment.counterfactuals
>>> C.strength_flip("alpha/answer").kind, C.label_flip("alpha/answer").describe(of="alpha/answer")
('base-score', 'If beta/answer no longer rebutted it, no objection to it would stand')
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property, partial

import networkx as nx

from kb.explanation import THRESHOLD, Change, Contribution
from kb.labels import EVIDENCE_LABELS
from kb.propagation import Propagation
from kb.reach import Reach
from kb.semantics import Muted
from kb.worklist import spread

FLIP_TOL = 1e-5  # how far a claim in a cycle may still move when a recomputed change is taken as settled
FLIP_MARGIN = 1e-4  # a recomputed strength this close to 0.5 is solved again in full (when that is cheap)
EXACT_LIMIT = 400  # the most claims between a change and the claim explained that are solved again in full


class Counterfactuals:
    """Contributions and flips of the claims of one graph, from its strengths and grounded labels.

    >>> import kb
    >>> A = kb.load("tests/data/valid").assessment
    >>> C = Counterfactuals(A.G, A.propagation, A.base_scores, A.strengths, A.labels, A.evidence)
    >>> round(C.strength_flip("alpha/answer").value, 4)
    0.4948
    """

    def __init__(
        self,
        G: nx.MultiDiGraph,
        propagation: Propagation,
        base_scores: Mapping[str, float],
        strengths: Mapping[str, float],
        labels: Mapping[str, str],
        evidence: Mapping[str, str],
    ):
        self.G, self.propagation, self.base_scores = G, propagation, base_scores
        self.strengths, self.labels, self.evidence = strengths, labels, evidence

    def contributions(self, node: str) -> list[Contribution]:
        """Each incoming edge's direct effect on ``node``'s strength (with minus without it; a premise's
        effect is its whole argument's), largest first.

        >>> import kb
        >>> C = kb.load("tests/data/valid").assessment.counterfactuals
        >>> [(c.claim_id, round(c.effect, 3)) for c in C.contributions("alpha/answer")]
        [('beta/answer', -0.095), ('alpha/premise', 0.074)]
        """
        base, P, strengths = self.base_scores[node], self.propagation, self.strengths
        now = P.local(node, base, strengths)
        found = [
            Contribution(u, r, strengths[u], now - P.local(node, base, strengths, frozenset({(u, node)})))
            for u, _, r in sorted(self.G.in_edges(node, data="relation"))
        ]
        return sorted(found, key=lambda c: (-abs(c.effect), c.claim_id))

    def strength_flip(self, node: str) -> Change | None:
        """The smallest base-score change (of ``node`` or a direct neighbour), else one edge into it
        removed, that a recomputation confirms moves ``node``'s strength across 0.5.

        >>> import kb
        >>> C = kb.load("tests/data/valid").assessment.counterfactuals
        >>> flip = C.strength_flip("beta/answer")
        >>> flip.kind, flip.claim_id, round(flip.value, 4), flip.strength > 0.5
        ('base-score', 'beta/answer', 0.6276, True)
        """
        above = self.strengths[node] > THRESHOLD
        candidates = sorted(self._base_score_changes(node), key=lambda c: abs(c[1] - self.base_scores[c[0]]))
        for claim, value in candidates:  # smallest first; the first that a recomputation confirms wins
            scores = {**self.base_scores, claim: value}
            strength = self.settle(scores, claim, node)
            if (strength > THRESHOLD) != above:
                return Change("base-score", claim, value=value, strength=strength)
        P = self.propagation
        for u, _, relation in sorted(self.G.in_edges(node, data="relation")):
            if relation == "premise":
                continue  # removing a premise's edge removes its argument, not one claim's say
            muted = frozenset({(u, node)})
            if (P.local(node, self.base_scores[node], self.strengths, muted) > THRESHOLD) == above:
                continue  # not even the edge's direct effect crosses 0.5 (exact outside a cycle)
            strength = self.settle(self.base_scores, node, node, muted)
            if (strength > THRESHOLD) != above:
                return Change("remove-edge", u, target=node, relation=relation, strength=strength)
        return None

    def settle(self, scores: Mapping[str, float], changed: str, target: str, muted: Muted = frozenset()) -> float:
        """``target``'s strength after a change at ``changed`` (its base score in ``scores``, or the
        edges into it in ``muted``), by a work list seeded there (see the module docstring).

        >>> import kb
        >>> C = kb.load("tests/data/valid").assessment.counterfactuals
        >>> scores = dict(C.base_scores, **{"beta/answer": 0.9})
        >>> abs(C.settle(scores, "beta/answer", "alpha/answer")
        ...     - C.recompute(scores, "beta/answer", targets=["alpha/answer"])["alpha/answer"]) < 1e-4
        True
        """
        P = self.propagation
        strengths = dict(self.strengths)
        region = P.between_bits([changed], [target])
        settled = spread(P, scores, strengths, [changed], region, muted, tol=FLIP_TOL)
        if settled and (abs(strengths[target] - THRESHOLD) > FLIP_MARGIN or region.bit_count() > EXACT_LIMIT):
            return strengths[target]
        return self.recompute(scores, changed, targets=[target], muted=muted)[target]

    def recompute(
        self, scores: Mapping[str, float], *changed: str, targets: Iterable[str], muted: Muted = frozenset()
    ) -> Mapping[str, float]:
        """Strengths after a change at ``changed``, the full re-solve of every claim on some path from a
        changed claim to a target (nothing else can move a target). A cycle among them starts from the
        current strengths (the fixpoint is the same; a small change needs fewer sweeps).

        >>> import kb
        >>> C = kb.load("tests/data/valid").assessment.counterfactuals
        >>> round(C.recompute(C.base_scores, "alpha/answer", targets=["alpha/answer"])["alpha/answer"], 3)
        0.505
        """
        P = self.propagation
        strengths = dict(self.strengths)
        P.solve(scores, strengths, P.between(changed, targets), muted, warm=True)
        return strengths

    def _base_score_changes(self, node: str) -> list[tuple[str, float]]:
        """Candidate base-score changes ``(claim, new base score)`` for ``node`` and its direct neighbours
        (local estimate)."""
        changes = []
        for claim in [node, *sorted({u for u, _ in self.G.in_edges(node)})]:
            value = _solve(partial(self._local, node, claim), self.strengths[node] > THRESHOLD)
            if value is not None:
                changes.append((claim, value))
        return changes

    def _local(self, node: str, claim: str, base: float) -> float:
        """``node``'s strength if ``claim`` had base score ``base``, its other neighbours held fixed."""
        P = self.propagation
        if claim == node:
            return P.local(node, base, self.strengths)
        moved = {claim: P.local(claim, base, self.strengths)}
        return P.local(node, self.base_scores[node], ChainMap(moved, self.strengths))  # type: ignore[arg-type]

    @cached_property
    def attacks(self) -> Reach:
        """The attack graph (rebuttals only) and what reaches what in it.

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.counterfactuals.attacks.preds["alpha/answer"]
        ['beta/answer']
        """
        A = nx.DiGraph()
        A.add_nodes_from(self.G)
        A.add_edges_from((u, v) for u, v, r in self.G.edges(data="relation") if r == "rebuts")
        return Reach(A)

    def label_flip(self, node: str) -> Change | None:
        """One rebut edge, into ``node`` or into one of its attackers, whose removal changes its label.

        >>> import kb
        >>> C = kb.load("claims").assessment.counterfactuals
        >>> flip = C.label_flip("dettmers/thesis")
        >>> flip.claim_id, flip.target, flip.label
        ('editor/dettmers-view-extreme-and-pessimistic', 'dettmers/thesis', 'in')
        """
        preds = self.attacks.preds
        attackers = sorted(preds[node])
        near = [(u, node) for u in attackers] + sorted((w, a) for a in attackers for w in preds[a])
        for u, v in near:
            if self.holds(u, v):
                continue
            label = self.relabel(u, v, node)
            if label != self.labels[node]:
                return Change("remove-edge", u, target=v, relation="rebuts", label=label)
        return None

    def holds(self, u: str, v: str) -> bool:
        """Whether removing the rebuttal ``u → v`` provably leaves every grounded label as it is.

        True when ``u`` is ``out``; when ``u`` is ``undecided`` and ``v`` keeps its label through its
        other attackers (``out`` through one ``in``, ``undecided`` through one not ``out``); when ``u``
        is ``in`` and another attacker of ``v`` outside ``v``'s cycle (whose label the removal cannot
        touch), or its recomputation, is ``in``. The old labelling is then still complete without the
        edge, and no smaller one is.

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.counterfactuals.holds("beta/answer", "alpha/answer")
        False
        """
        L, R = self.labels, self.attacks
        if L[u] == "out":
            return True
        own = EVIDENCE_LABELS.get(self.evidence.get(v, ""), "out")
        others = [L[w] for w in R.preds[v] if w != u]
        if L[u] == "undecided":
            return L[v] == "out" or own != "out" or any(label != "out" for label in others)
        return own == "in" or any(L[w] == "in" and R.rank[w] != R.rank[v] for w in R.preds[v] if w != u)

    def relabel(self, u: str, v: str, node: str) -> str:
        """``node``'s grounded label once the rebuttal ``u → v`` is removed. Only the claims between ``v``
        and ``node`` can change; they are labelled by the linear-time grounded algorithm, every
        other claim keeping its label.

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.counterfactuals.relabel("beta/answer", "alpha/answer", "alpha/answer")
        'in'
        """
        R, L = self.attacks, self.labels
        region = R.claims(R.between_bits([v], [node]))
        label = dict.fromkeys(region, "undecided")
        pending: dict[str, int] = {}
        decided: list[str] = []
        for n in region:
            own = EVIDENCE_LABELS.get(self.evidence.get(n, ""), "out")
            count, beaten = int(own != "out"), own == "in"
            for a in R.preds[n]:
                if (a, n) == (u, v):
                    continue
                if a in label or L[a] == "undecided":
                    count += 1
                elif L[a] == "in":
                    beaten = True
            pending[n] = count
            if beaten or not count:
                label[n] = "out" if beaten else "in"
                decided.append(n)
        while decided:
            n = decided.pop()
            for s in R.succs[n]:
                if s not in label or label[s] != "undecided" or (n, s) == (u, v):
                    continue
                if label[n] == "in":
                    label[s] = "out"
                    decided.append(s)
                else:
                    pending[s] -= 1
                    if not pending[s]:
                        label[s] = "in"
                        decided.append(s)
        return label[node]


def _solve(strength_at: Callable[[float], float], above: bool, steps: int = 50) -> float | None:
    """Base score in [0, 1] nearest the current one where strength crosses 0.5 (bisection)."""
    low, high = 0.0, 1.0
    at_low, at_high = strength_at(low) > THRESHOLD, strength_at(high) > THRESHOLD
    if at_low == at_high:
        return None
    for _ in range(steps):
        middle = (low + high) / 2
        if (strength_at(middle) > THRESHOLD) == at_low:
            low = middle
        else:
            high = middle
    return high if at_low == above else low
