"""Why each claim stands where it does, what would change it, and where the sources collide.

Built on `kb.semantics`: explanations list the supporters, arguments and attackers that
moved a claim's strength (each edge's direct effect: the claim's strength with and
without that one edge, holding its neighbours' strengths fixed) and the smallest single
change that would move its strength across 0.5 or flip its grounded label. A question's
**hinge** is how far the theses move when it is resolved each way (its answers' claims
accepted or rejected); cruxes are the written rebuttals between claims of different
sources, ranked by how much the theses' strengths depend on them.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from types import MappingProxyType
from typing import TypedDict

import networkx as nx

from kb.cache import digest
from kb.explanation import THRESHOLD, Change, Contribution, Explanation
from kb.labels import attack_graph, grounded_labels, label_attacks
from kb.models import Question
from kb.propagation import Propagation
from kb.semantics import QUADRATIC_ENERGY, Muted, Semantics, Strengths

MEASURED_QUESTIONS = 30  # at most this many questions get their hinge measured (see `Assessment._hinges`)
HINGE_TOL = 1e-5  # how far a claim may still move when a resolution is taken as settled


@dataclass(frozen=True)
class Crux:
    """A rebuttal between claims of different sources, and how much the theses depend on it."""

    rebutter: str
    target: str
    weight: float
    shifts: dict[str, float]
    checkable: bool
    reach: int = 0
    intensity: float = 0.0
    measured: bool = True  # False: it belongs to no question, so it is ranked by collision × reach only


@dataclass(frozen=True)
class Hinge:
    """What hinges on one question: each thesis's strength when each answer is taken.

    ``resolved[i][t]`` is thesis ``t``'s strength when answer ``i``'s claims are accepted
    (strength 1) and every other answer's claims rejected (strength 0); ``weight`` sums, over
    the theses, how far apart the answers put each one (0 when no path leads to a thesis).
    """

    question: str
    resolved: list[dict[str, float]]
    weight: float
    measured: bool = True  # False: ranked by how much of the argument lies downstream only

    def swing(self, thesis: str) -> float:
        """How far ``thesis`` moves between the answers that put it lowest and highest.

        >>> import kb
        >>> hinge = kb.load("claims").assessment.hinges()[0]
        >>> hinge.question, round(hinge.swing("dettmers/thesis"), 2)
        ('hardware-used-near-its-limit', 0.28)
        """
        values = [r[thesis] for r in self.resolved if thesis in r]
        return max(values) - min(values) if values else 0.0


class Memory(TypedDict):
    """What `Assessment.memory` keeps for a later assessment (see `Assessment.recall`)."""

    whole: str
    signatures: dict[str, str]
    strengths: dict[str, float]
    semantics: Strengths
    labels: dict[str, str]
    cruxes: list[Crux]
    hinges: list[Hinge]
    explained: dict[str, Explanation]


@dataclass
class Assessment:
    """Strengths, labels, explanations, hinges and cruxes of one argument graph.

    ``ceilings`` cap the strength of claims their recomputation bounds, ``evidence`` gives
    their verdicts to the grounded labelling (`kb.labels.grounded_labels`).
    """

    G: nx.MultiDiGraph
    base_scores: Mapping[str, float]
    base_reasons: Mapping[str, str] = field(default_factory=dict)
    theses: list[str] = field(default_factory=list)
    checkable: set[str] = field(default_factory=set)
    semantics_used: Semantics = QUADRATIC_ENERGY
    ceilings: Mapping[str, float] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)

    _explained: dict[str, Explanation] = field(default_factory=dict, repr=False)

    @cached_property
    def propagation(self) -> Propagation:
        """The graph compiled for the strength computations (`kb.propagation.Propagation`).

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.propagation.attackers["alpha/answer"]
        [['beta/answer']]
        """
        return Propagation(self.G, self.semantics_used, self.ceilings)

    @cached_property
    def semantics(self) -> Strengths:
        """Every claim's strength under the semantics in use, with the sweeps it took.

        >>> import kb
        >>> result = kb.load("tests/data/valid").assessment.semantics
        >>> result.converged, round(result.strengths["beta/answer"], 3)
        (True, 0.398)
        """
        strengths: dict[str, float] = {}
        sweeps, converged = self.propagation.solve(self.base_scores, strengths, self.G)
        return Strengths({n: strengths[n] for n in self.G}, sweeps, converged)

    @cached_property
    def signatures(self) -> dict[str, str]:
        """What a claim's own strength reads: its base score, its source and the edges into it.

        A claim's strength, label and explanation depend only on the signatures of the
        claim itself and of the claims upstream of it.

        >>> import kb
        >>> a, b = kb.load("tests/data/valid").assessment, kb.load("tests/data/valid").assessment
        >>> a.signatures == b.signatures and len(a.signatures["alpha/answer"])
        32
        """
        return {
            n: digest(
                repr(self.base_scores.get(n)),
                str(self.G.nodes[n].get("source")),
                repr(sorted((u, str(k)) for u, _, k in self.G.in_edges(n, keys=True))),
                repr(self.ceilings.get(n)),
                str(self.evidence.get(n, "")),
            )
            for n in self.G
        }

    @cached_property
    def _whole(self) -> str:
        """A digest of everything the strengths, labels and cruxes of the whole graph depend on."""
        return digest(
            *(f"{n}:{s}" for n, s in sorted(self.signatures.items())),
            repr(self.theses),
            repr(sorted(self.checkable)),
            self.semantics_used.name,
            *(q.model_dump_json() for q in self.questions),
        )

    def memory(self) -> Memory:
        """What a later assessment of a changed graph can reuse (see `recall`).

        >>> import kb
        >>> sorted(kb.load("tests/data/valid").assessment.memory())
        ['cruxes', 'explained', 'hinges', 'labels', 'semantics', 'signatures', 'strengths', 'whole']
        """
        self.explain_all()
        return Memory(
            whole=self._whole,
            signatures=self.signatures,
            strengths=dict(self.strengths),
            semantics=self.semantics,
            labels=self.labels,
            cruxes=self._cruxes,
            hinges=self._hinges,
            explained=dict(self._explained),
        )

    def recall(self, memory: Memory | None) -> None:
        """Take over what `memory` (an earlier `memory()`) knows that is still true.

        Unchanged graph: everything. Otherwise explanations of the claims not downstream
        of a changed signature, and strengths recomputed only downstream of the changes.

        >>> import kb
        >>> earlier, later = kb.load("tests/data/valid").assessment, kb.load("tests/data/valid").assessment
        >>> later.recall(earlier.memory())
        >>> sorted(later.explained) == sorted(earlier.explained) and later.strengths == earlier.strengths
        True
        """
        if not memory:
            return
        if memory["whole"] == self._whole:
            self.__dict__.update(
                semantics=memory["semantics"],
                labels=memory["labels"],
                _cruxes=memory["cruxes"],
                _hinges=memory["hinges"],
            )
            self._explained.update(memory["explained"])
            return
        changed = {n for n, s in self.signatures.items() if memory["signatures"].get(n) != s}
        dirty = changed.union(*(nx.descendants(self.G, n) for n in changed))
        strengths = {n: s for n, s in memory["strengths"].items() if n in self.G and n not in dirty}
        sweeps, converged = self.propagation.solve(self.base_scores, strengths, dirty)
        self.__dict__["semantics"] = Strengths({n: strengths[n] for n in self.G}, sweeps, converged)
        self._explained.update({n: e for n, e in memory["explained"].items() if n in self.G and n not in dirty})

    @property
    def explained(self) -> Mapping[str, Explanation]:
        """The explanations computed so far (read-only).

        >>> import kb
        >>> A = kb.load("tests/data/valid", cache=False).assessment  # no explanation remembered from a run
        >>> _ = A.explain("beta/answer")
        >>> list(A.explained)
        ['beta/answer']
        """
        return MappingProxyType(self._explained)

    def adopt(self, explanations: Mapping[str, Explanation]) -> None:
        """Take over explanations of this same graph computed elsewhere (by a build's worker processes).

        >>> import kb
        >>> worker, main = (kb.load("tests/data/valid", cache=False).assessment for _ in range(2))
        >>> main.adopt({"alpha/answer": worker.explain("alpha/answer")})
        >>> list(main.explained)
        ['alpha/answer']
        """
        self._explained.update(explanations)

    def explain_all(self) -> dict[str, Explanation]:
        """`explain` for every claim.

        >>> import kb
        >>> {claim: e.label for claim, e in kb.load("tests/data/valid").assessment.explain_all().items()}
        {'alpha/answer': 'undecided', 'alpha/premise': 'in', 'beta/answer': 'undecided'}
        """
        return {n: self.explain(n) for n in self.G}

    def _recompute(
        self, scores: Mapping[str, float], *changed: str, targets: Iterable[str], muted: Muted = frozenset()
    ) -> Mapping[str, float]:
        """Strengths after a change at ``changed``, exact for ``targets``.

        Only the claims on some path from a changed claim to a target are computed:
        nothing else can move a target's strength. A cycle among them starts from the current
        strengths (the fixpoint is the same; a small change needs fewer sweeps).
        """
        on_path = self.propagation.between(changed, targets)
        strengths = ChainMap({}, self.strengths)
        self.propagation.solve(scores, strengths, on_path, muted, warm=True)
        return strengths

    @property
    def strengths(self) -> dict[str, float]:
        """Each claim's strength (of `semantics`).

        >>> import kb
        >>> round(kb.load("tests/data/valid").assessment.strengths["alpha/answer"], 3)
        0.505
        """
        return self.semantics.strengths

    @cached_property
    def labels(self) -> dict[str, str]:
        """Each claim's grounded label: ``in``, ``out`` or ``undecided`` (`kb.graph.grounded_labels`).

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.labels
        {'alpha/answer': 'undecided', 'alpha/premise': 'in', 'beta/answer': 'undecided'}
        """
        return grounded_labels(self.G, self.evidence)

    def explain(self, node: str) -> Explanation:
        """Contributions, and the smallest change that moves the strength across 0.5 or flips the label.

        >>> import kb
        >>> e = kb.load("tests/data/valid").assessment.explain("alpha/answer")
        >>> round(e.strength, 3), e.label, e.unopposed
        (0.505, 'undecided', False)
        """
        if node not in self._explained:
            self._explained[node] = self._explain(node)
        return self._explained[node]

    def _explain(self, node: str) -> Explanation:
        supports, attacks = self.propagation.sides(node, self.strengths)
        total = self.semantics_used.total
        return Explanation(
            node,
            self.base_scores[node],
            self.base_reasons.get(node, ""),
            self.strengths[node],
            self.labels[node],
            total(supports),
            total(attacks),
            self.contributions(node),
            self._strength_flip(node),
            self._label_flip(node),
            unopposed=node not in self.contested,
            ceiling=self.ceilings.get(node),
        )

    @cached_property
    def contested(self) -> set[str]:
        """The claims some rebuttal reaches: attacked themselves, or downstream of an attacked claim.

        >>> import kb
        >>> sorted(kb.load("tests/data/valid").assessment.contested)
        ['alpha/answer', 'beta/answer']
        """
        P = self.propagation
        bits = 0
        for n in self.G:
            if P.attackers[n]:
                bits |= P.bit[n] | P.below[n]
        return P.claims(bits)

    def contributions(self, node: str) -> list[Contribution]:
        """Each incoming edge's direct effect on ``node``'s strength (with minus without it; a premise's
        effect is its whole argument's).

        >>> import kb
        >>> [(c.claim_id, round(c.effect, 3)) for c in kb.load("tests/data/valid").assessment.contributions("alpha/answer")]
        [('beta/answer', -0.095), ('alpha/premise', 0.074)]
        """
        base, P = self.base_scores[node], self.propagation
        now = P.local(node, base, self.strengths)
        found = [
            Contribution(u, r, self.strengths[u], now - P.local(node, base, self.strengths, frozenset({(u, node)})))
            for u, _, r in sorted(self.G.in_edges(node, data="relation"))
        ]
        return sorted(found, key=lambda c: (-abs(c.effect), c.claim_id))

    def _strength_flip(self, node: str) -> Change | None:
        above = self.strengths[node] > THRESHOLD
        candidates = sorted(self._base_score_changes(node), key=lambda c: abs(c[1] - self.base_scores[c[0]]))
        for claim, value in candidates:  # smallest first; the first that a recomputation confirms wins
            confirmed = self._confirm(node, claim, value, above)
            if confirmed is not None:
                return confirmed
        P = self.propagation
        for u, _, relation in sorted(self.G.in_edges(node, data="relation")):
            if relation == "premise":
                continue  # removing a premise's edge removes its argument, not one claim's say
            muted = frozenset({(u, node)})
            if (P.local(node, self.base_scores[node], self.strengths, muted) > THRESHOLD) == above:
                continue  # not even the edge's direct effect crosses 0.5 (exact outside a cycle)
            strength = self._recompute(self.base_scores, node, targets=[node], muted=muted)[node]
            if (strength > THRESHOLD) != above:
                return Change("remove-edge", u, target=node, relation=relation, strength=strength)
        return None

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
        return P.local(node, self.base_scores[node], ChainMap(moved, self.strengths))

    def _confirm(self, node: str, claim: str, value: float, above: bool) -> Change | None:
        """The change of ``claim``'s base score to ``value``, with its outcome, if a full recomputation
        confirms that it flips ``node``."""
        scores = ChainMap({claim: value}, self.base_scores)  # type: ignore[arg-type]  # ChainMap writes only to its first map: a read-only Mapping behind it is safe
        strength = self._recompute(scores, claim, targets=[node])[node]
        if (strength > THRESHOLD) == above:
            return None
        return Change("base-score", claim, value=value, strength=strength)

    @cached_property
    def _attacks(self) -> nx.DiGraph:
        """The attack graph (rebuttals only)."""
        return attack_graph(self.G)

    def _label_flip(self, node: str) -> Change | None:
        """One rebut edge, into ``node`` or into one of its attackers, whose removal changes its label."""
        A = self._attacks
        attackers = sorted(A.predecessors(node))
        near = [(u, node) for u in attackers] + sorted((w, a) for a in attackers for w in A.predecessors(a))
        upstream = nx.ancestors(A, node) | {node} if near else set()  # a label depends on its attackers only
        for u, v in near:
            H = nx.DiGraph(A.subgraph(upstream))
            H.remove_edge(u, v)
            label = label_attacks(H, evidence=self.evidence)[node]
            if label != self.labels[node]:
                return Change("remove-edge", u, target=v, relation="rebuts", label=label)
        return None

    @cached_property
    def _cruxes(self) -> list[Crux]:
        """Written rebuttals between claims of different sources, ranked by the hinge of the question
        they belong to (the question whose answers the two claims take; the largest if several).

        A rebuttal that belongs to no question has weight 0 and ``measured`` False. Ties are broken
        by how hard the pair collides (the rebutter's strength × the target's base score) times how
        many claims lie downstream of the pair.
        """
        hinges = {h.question: h for h in self._hinges}
        apart: dict[tuple[str, str], Hinge] = {}
        for question in self.questions:
            question_hinge = hinges[question.id]
            for pair in question.apart():
                if pair not in apart or question_hinge.weight > apart[pair].weight:
                    apart[pair] = question_hinge
        below = self.propagation.below
        found = []
        for u, v, data in self.G.edges(data=True):
            if (
                data.get("relation") != "rebuts"
                or data.get("implied")
                or self.G.nodes[u].get("source") == self.G.nodes[v].get("source")
            ):
                continue
            hinge = apart.get((u, v))
            shifts = {t: hinge.swing(t) for t in self.theses} if hinge else {}
            found.append(
                Crux(
                    u,
                    v,
                    hinge.weight if hinge else 0.0,
                    shifts,
                    u in self.checkable or v in self.checkable,
                    (below[u] | below[v]).bit_count(),
                    self.strengths[u] * self.base_scores[v],
                    measured=hinge is not None,
                )
            )
        return sorted(
            found,
            key=lambda c: (not c.measured, -round(c.weight, 6), -round(c.intensity * c.reach, 9), c.rebutter, c.target),
        )

    def cruxes(self) -> list[Crux]:
        """The ranked cruxes (computed once; see `_cruxes`).

        >>> import kb
        >>> [(c.rebutter, c.target) for c in kb.load("tests/data/valid").assessment.cruxes()]
        [('beta/answer', 'alpha/answer')]
        """
        return list(self._cruxes)

    def hinge(self, question: Question) -> Hinge:
        """What hinges on ``question``: resolve it each way and see where the theses land (each
        resolution moves the current strengths, between the question and the theses, only where the
        change reaches: `kb.propagation.Propagation.perturb`).

        >>> import kb
        >>> base = kb.load("claims")
        >>> round(base.assessment.hinge(base.questions["hardware-used-near-its-limit"]).weight, 2)
        0.41
        """
        taking = [[c for c in answer.claims if c in self.G] for answer in question.answers]
        everyone = [c for claims in taking for c in claims]
        on_path = self.propagation.between(everyone, self.theses) if everyone and self.theses else set()
        resolved = []
        for chosen in taking:
            fixed = {c: (1.0 if c in chosen else 0.0) for c in everyone}
            strengths = ChainMap({}, self.strengths)
            if not self.propagation.perturb(self.base_scores, strengths, fixed, on_path, tol=HINGE_TOL):
                strengths = ChainMap({}, self.strengths)  # a cycle that will not settle locally: solve it whole
                self.propagation.solve(self.base_scores, strengths, on_path - fixed.keys(), fixed=fixed, warm=True)
            resolved.append({t: strengths[t] for t in self.theses})
        weight = 0.0
        for t in self.theses:
            values = [r[t] for r in resolved]
            weight += max(values) - min(values) if t in on_path - set(everyone) else 0.0
        return Hinge(question.id, resolved, weight)

    @cached_property
    def _hinges(self) -> list[Hinge]:
        """Every question's hinge, largest first. Measuring one means recomputing what lies between
        the question and the theses for each answer, so a base with more than `MEASURED_QUESTIONS`
        questions has that many measured, those with the most claims between them and the theses,
        and lists the others after them (``measured=False``, weight 0) in that order."""
        P = self.propagation
        reach = {
            q.id: len(P.between([c for c in q.claims() if c in self.G], self.theses)) if self.theses else 0
            for q in self.questions
        }
        ranked = sorted(self.questions, key=lambda q: (-reach[q.id], q.id))
        found = [self.hinge(q) for q in ranked[:MEASURED_QUESTIONS]]
        found += [Hinge(q.id, [{} for _ in q.answers], 0.0, measured=False) for q in ranked[MEASURED_QUESTIONS:]]
        return sorted(found, key=lambda h: (not h.measured, -round(h.weight, 9), -reach[h.question], h.question))

    def hinges(self) -> list[Hinge]:
        """`hinge` of each of the assessment's questions, largest weight first (ties by id).

        >>> import kb
        >>> kb.load("claims").assessment.hinges()[0].question
        'hardware-used-near-its-limit'
        """
        return list(self._hinges)


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
